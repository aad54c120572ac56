"""The gallery station with fakes: the loop's state sequence, consent and privacy, health,
resilience and the configuration — every decision, no devices, a manual clock.

The station is the real one (``voicepiece.gallery.station``) with a scripted trigger
source, ``ScriptedEar``s, a ``KeptVoice`` and a ``ManualClock``: a day of opening hours or a
back-off ladder runs in milliseconds. The live path is in ``test_gallery_live.py``.
"""

from __future__ import annotations

import json
import os
import socket
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from transitions import MachineError

from voicepiece.archive.mixdown import PART
from voicepiece.errors import DeviceError, VoicepieceError
from voicepiece.gallery import machine as M
from voicepiece.gallery.config import ConfigError, parse_config
from voicepiece.gallery.configdocs import example_toml, options_markdown
from voicepiece.gallery.consent import OPT_OUT, OptedOut, TooLong, VisitorEar, WalkedAway
from voicepiece.gallery.health import (
    configure_logging,
    read_heartbeat,
    read_journal,
    station_status,
    write_heartbeat,
)
from voicepiece.gallery.machine import GalleryLoop, HoursError, OpeningHours, parse_day
from voicepiece.gallery.options import GalleryConfig
from voicepiece.gallery.seams import KEY, VOICE, ManualClock, Seams, Trigger
from voicepiece.gallery.selftest import SelfTestResult, level_rise
from voicepiece.gallery.station import Station
from voicepiece.session.events import Heard, ListeningStarted, Question, SessionEnded
from voicepiece.story.loader import load_piece
from voicepiece.story.model import Answer, ListenSettings
from voicepiece.testing import EventLog, KeptVoice, ScriptedEar

ROOT = Path(__file__).resolve().parent.parent
TEA = ROOT / "tests/pieces/tea/piece.yaml"
MONDAY_NOON = datetime(2024, 5, 6, 12, 0).astimezone()

TWO_QUESTIONS = """\
piece: two
title: Two questions
start: first
nodes:
  first:
    say: Are you warm?
    listen:
      next: second
      answers: [{label: yes}, {label: no}]
      silence: {reprompts: ["Are you warm?"]}
  second:
    say: Are you tired?
    listen:
      next: end
      answers: [{label: yes}, {label: no}]
      silence: {reprompts: ["Are you tired?"]}
  end:
    say: Goodbye.
    end: true
"""


# ── the rig ───────────────────────────────────────────────────────────────────────────


def toml(sections: dict[str, Any]) -> str:
    out = []
    for key, value in sections.items():
        if not isinstance(value, dict):
            out.append(f"{key} = {json.dumps(value)}")
    for key, value in sections.items():
        if isinstance(value, dict):
            out.append(f"[{key}]")
            out += [f"{k} = {json.dumps(v)}" for k, v in value.items()]
    return "\n".join(out) + "\n"


def config_for(base: Path, **overrides: dict[str, Any]) -> GalleryConfig:
    sections: dict[str, Any] = {
        "sessions_dir": str(base / "sessions"),
        "recording": {"master": False},
        "self_test": {"enabled": False},
        "health": {"heartbeat": str(base / "state/heartbeat.json"),
                   "journal": str(base / "state/journal.jsonl"),
                   "log": str(base / "state/gallery.log")},
    }
    for name, values in overrides.items():
        sections.setdefault(name, {}).update(values)
    return parse_config(toml(sections), str(base / "gallery.toml"))


class Script:
    """The trigger source: each ``wait`` takes the next item — a Trigger (a visitor), None
    (nobody came: the clock moves on by the timeout) or an exception (raised). When the
    script runs out the station is stopped."""

    def __init__(self, clock: ManualClock, items: Iterable[Any]) -> None:
        self.clock = clock
        self.items = list(items)
        self.station: Station | None = None
        self.waits: list[float] = []
        self.closed = False

    def wait(self, timeout: float) -> Trigger | None:
        self.waits.append(timeout)
        if not self.items:
            assert self.station is not None
            self.station.stop()
            return None
        item = self.items.pop(0)
        if isinstance(item, BaseException):
            raise item
        if item is None:
            self.clock.advance(timeout)
        return item

    def close(self) -> None:
        self.closed = True


def visitor(*replies: str | None, kind: str = VOICE) -> Trigger:
    return Trigger(kind, list(replies))


@dataclass
class Rig:
    station: Station
    clock: ManualClock
    voice: KeptVoice
    script: Script
    config: GalleryConfig
    base: Path
    records: list[dict[str, Any]] = field(default_factory=list)
    ears: list[Any] = field(default_factory=list)

    def run(self) -> Rig:
        self.station.run()
        return self

    @property
    def history(self) -> list[str]:
        return self.station.loop.history

    def journal(self, kind: str) -> list[dict[str, Any]]:
        return read_journal(self.config.state_path("journal"), (kind,))

    def folders(self) -> list[Path]:
        root = self.config.sessions_path
        return sorted(p for p in root.iterdir()) if root.is_dir() else []


def rig(base: Path, script: Iterable[Any], piece: str | Path = TEA, start: datetime = MONDAY_NOON,
        seams: dict[str, Any] | None = None, **sections: dict[str, Any]) -> Rig:
    """A station on ``piece`` with ``sections`` of configuration over the test defaults and
    ``seams`` over the fakes."""
    config = config_for(base, **sections)
    clock = ManualClock(start)
    voice = KeptVoice()
    source = Script(clock, script)
    made: list[Any] = []

    def ear(trigger: Trigger) -> Any:
        made.append(trigger.visitor if not isinstance(trigger.visitor, list)
                    else ScriptedEar(trigger.visitor))
        return made[-1]

    records: list[dict[str, Any]] = []
    fakes = Seams(voice=lambda: voice, ear=ear, triggers=source, clock=clock,
                  exit=lambda code: pytest.fail(f"the watchdog fired ({code})"),
                  on_session=records.append)
    for name, value in (seams or {}).items():
        setattr(fakes, name, value)
    station = Station(config, load_piece(str(piece)), fakes)
    source.station = station
    return Rig(station, clock, voice, source, config, base, records, made)


@pytest.fixture
def two(tmp_path: Path) -> Path:
    path = tmp_path / "two" / "piece.yaml"
    path.parent.mkdir()
    path.write_text(TWO_QUESTIONS)
    return path


VISIT = [M.CONSENT, M.SESSION, M.CLOSING, M.COOL_DOWN, M.ATTRACT]


# ── the loop ──────────────────────────────────────────────────────────────────────────


def test_a_visitor_who_speaks_is_taken_through_the_whole_loop(tmp_path: Path) -> None:
    r = rig(tmp_path, [visitor("yes")]).run()
    assert r.history == [M.CLOSED, M.ATTRACT, *VISIT, M.STOPPED]
    [record] = r.records
    assert record["outcome"] == "completed" and record["trigger"] == VOICE
    assert record["path"] == ["ask", "close", "warm"] and record["ending"] == "warm"
    assert record["recording"] == "kept" and record["turns"] == 1
    said = r.voice.said
    assert said[0].startswith("Before we begin") and said[-1] == "Thank you for listening."
    assert "Would you like a cup of tea?" in said
    assert 10.0 in r.clock.sleeps  # the cool-down
    [folder] = r.folders()
    assert json.loads((folder / "session.json").read_text())["completed"] is True


def test_a_key_press_starts_a_session_too(tmp_path: Path) -> None:
    r = rig(tmp_path, [visitor("no", kind=KEY)]).run()
    assert r.history == [M.CLOSED, M.ATTRACT, *VISIT, M.STOPPED]
    assert r.records[0]["trigger"] == KEY and r.records[0]["ending"] == "cool"


def test_the_next_visitor_always_starts_fresh(tmp_path: Path) -> None:
    r = rig(tmp_path, [visitor("coffee"), None, visitor("no")]).run()
    assert [x["path"] for x in r.records] == [["ask", "coffee", "close", "warm"],
                                              ["ask", "close", "cool"]]
    assert len(r.folders()) == 2
    assert r.ears[0] is not r.ears[1]


def test_a_visitor_who_walks_away_ends_the_session_gracefully(tmp_path: Path,
                                                              two: Path) -> None:
    log = EventLog()
    r = rig(tmp_path, [visitor("yes", None, None)], piece=two,
            session={"walk_away_after": 2}, seams={"observers": lambda _t: [log]}).run()
    assert r.history == [M.CLOSED, M.ATTRACT, M.CONSENT, M.SESSION, M.COOL_DOWN, M.ATTRACT,
                         M.STOPPED]
    [end] = log.of(SessionEnded)  # observers see the session end, not completed
    assert end.completed is False and end.ending is None and len(end.turns) == 2
    [record] = r.records
    assert record["outcome"] == "walked_away" and record["recording"] == "kept"
    assert "Thank you for listening." not in r.voice.said  # nobody left to thank
    [folder] = r.folders()
    saved = json.loads((folder / "session.json").read_text())
    assert saved["completed"] is False and saved["ended"] is not None
    assert [t["answer"] for t in saved["turns"]] == ["yes", "silence"]
    assert (folder / "transcript.txt").is_file() and not (folder / PART).exists()


def test_a_session_nobody_spoke_in_is_not_kept_unless_asked(tmp_path: Path) -> None:
    r = rig(tmp_path / "a", [visitor(None, None)]).run()
    assert r.records[0]["recording"] == "discarded" and r.folders() == []
    r = rig(tmp_path / "b", [visitor(None, None)], recording={"keep_silent": True}).run()
    assert r.records[0]["recording"] == "kept" and len(r.folders()) == 1


def test_a_session_that_runs_too_long_ends(tmp_path: Path, two: Path) -> None:
    class SlowEar(ScriptedEar):
        def listen(self, question: Question) -> Heard:
            clock.advance(120)
            return super().listen(question)

    r = rig(tmp_path, [], piece=two, session={"max_minutes": 1})
    clock = r.clock
    r.script.items = [Trigger(VOICE, SlowEar(["yes", "no"]))]
    r.run()
    assert r.records[0]["outcome"] == "too_long" and r.records[0]["turns"] == 1


# ── consent and privacy ───────────────────────────────────────────────────────────────


def test_opting_out_deletes_the_recording_at_once(tmp_path: Path, two: Path) -> None:
    log = EventLog()
    r = rig(tmp_path, [visitor("yes", "please stop recording")], piece=two,
            seams={"observers": lambda _t: [log]}).run()
    assert r.history == [M.CLOSED, M.ATTRACT, *VISIT, M.STOPPED]
    [record] = r.records
    assert record["outcome"] == "opted_out" and record["recording"] == "deleted"
    assert record["path"] is None  # their way through the piece says what they answered
    assert list(r.config.sessions_path.iterdir()) == []  # nothing, not even a hidden folder
    assert r.voice.said[-1].startswith("Of course. I have stopped")
    # the ear was offered the opt-out phrases; the session never saw them
    asked = r.ears[0].questions[0]
    assert asked.choices[-1].label == OPT_OUT and "stop recording" in asked.choices[-1].phrases
    assert all(OPT_OUT not in e.offered for e in log.of(ListeningStarted))
    [end] = log.of(SessionEnded)  # observers still see the session end
    assert end.completed is False and end.ending is None


def test_the_notice_is_said_only_when_recording(tmp_path: Path) -> None:
    r = rig(tmp_path, [visitor("stop recording")], recording={"record": False}).run()
    assert not any(s.startswith("Before we begin") for s in r.voice.said)
    # nothing to delete: the phrase is just an unclear answer, the piece goes on
    assert r.records[0]["outcome"] == "completed" and r.records[0]["recording"] == "off"
    assert OPT_OUT not in [c.label for c in r.ears[0].questions[0].choices]


def test_recordings_logs_and_journal_are_private(tmp_path: Path) -> None:
    r = rig(tmp_path, [visitor("yes"), None, visitor("coffee")])
    undo = configure_logging(r.config.state_path("log"))
    try:
        r.run()
    finally:
        undo()
    sessions = r.config.sessions_path
    for path in [sessions, *sessions.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path
    for name in ("journal", "log"):
        assert stat.S_IMODE(r.config.state_path(name).stat().st_mode) == 0o600


def test_retention_keeps_at_most_the_newest_sessions(tmp_path: Path) -> None:
    visits = [visitor("yes"), None, visitor("no"), None, visitor("coffee"), None,
              visitor("yes")]
    r = rig(tmp_path, visits, retention={"max_sessions": 2}).run()
    folders = r.folders()
    assert len(folders) == 2
    kept = {x["folder"] for x in r.records[-2:]}
    assert {f.name for f in folders} == kept


def test_retention_by_age_deletes_old_sessions(tmp_path: Path) -> None:
    old = tmp_path / "sessions" / "old"
    old.mkdir(parents=True)
    started = (datetime.now().astimezone() - timedelta(days=40)).isoformat()
    (old / "session.json").write_text(json.dumps({"piece": "tea", "started": started,
                                                  "completed": True, "turns": []}))
    r = rig(tmp_path, [visitor("yes")], retention={"max_age_days": 30}).run()
    assert [f.name for f in r.folders()] == [r.records[0]["folder"]]


def test_a_nearly_full_disk_stops_recording_not_the_station(tmp_path: Path) -> None:
    r = rig(tmp_path, [visitor("yes")], seams={"free_mb": lambda _p: 12.0}).run()
    assert r.records[0]["outcome"] == "completed" and r.records[0]["recording"] == "no_space"
    assert r.folders() == []
    assert not any(s.startswith("Before we begin") for s in r.voice.said)
    status = station_status(r.config.state_path("heartbeat"))
    assert any("not recording: only 12.0 MB free" in p for p in status.problems)


def test_a_recording_failure_never_ends_the_visit(tmp_path: Path) -> None:
    # mastering a session with no sound fails: the visit goes on, what was written is kept
    r = rig(tmp_path, [visitor("yes")], recording={"master": True}).run()
    assert r.history == [M.CLOSED, M.ATTRACT, *VISIT, M.STOPPED]
    assert r.records[0]["outcome"] == "completed" and r.records[0]["recording"] == "partial"
    [folder] = r.folders()
    assert json.loads((folder / "session.json").read_text())["turns"]


def test_no_network_is_touched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: socket.socket, *args: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise AssertionError(f"network connection attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "sendto", refuse)
    r = rig(tmp_path, [visitor("yes"), None, visitor("stop recording")]).run()
    assert [x["outcome"] for x in r.records] == ["completed", "opted_out"]


# ── resilience ────────────────────────────────────────────────────────────────────────


class BrokenEar:
    """Hears the given replies, then fails with ``error``."""

    def __init__(self, replies: list[str | None], error: BaseException) -> None:
        self.ear = ScriptedEar(replies)
        self.error = error

    def listen(self, question: Question) -> Heard:
        if not self.ear.replies:
            raise self.error
        return self.ear.listen(question)


def test_an_exception_in_a_session_is_logged_not_shown(
        tmp_path: Path, two: Path, capfd: pytest.CaptureFixture[str]) -> None:
    broken = Trigger(VOICE, BrokenEar(["yes"], RuntimeError("the ear broke")))
    r = rig(tmp_path, [broken, None, visitor("no", "no")], piece=two)
    undo = configure_logging(r.config.state_path("log"))
    try:
        r.run()
    finally:
        undo()
    assert r.history == [M.CLOSED, M.ATTRACT, M.CONSENT, M.SESSION, M.COOL_DOWN, M.ATTRACT,
                         *VISIT, M.STOPPED]
    assert [x["outcome"] for x in r.records] == ["error", "completed"]
    assert r.records[0]["error"] == "RuntimeError: the ear broke"
    text = r.config.state_path("log").read_text()
    assert "Traceback (most recent call last)" in text and "RuntimeError: the ear broke" in text
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "the ear broke" in err
    # the visitor's finished turn is kept, finished as an interrupted session
    folder = r.config.sessions_path / r.records[0]["folder"]
    saved = json.loads((folder / "session.json").read_text())
    assert saved["completed"] is False and [t["answer"] for t in saved["turns"]] == ["yes"]
    assert saved["stopped"] == "error: RuntimeError: the ear broke"  # and why
    status = station_status(r.config.state_path("heartbeat"))
    assert any("the ear broke" in p for p in status.problems)


def test_stopping_during_a_session_keeps_its_recording(tmp_path: Path, two: Path) -> None:
    stopped = Trigger(VOICE, BrokenEar(["yes"], KeyboardInterrupt()))  # SIGTERM's way in
    r = rig(tmp_path, [stopped, visitor("no", "no")], piece=two).run()
    assert r.history[-3:] == [M.SESSION, M.CLOSING, M.STOPPED]
    assert [x["outcome"] for x in r.records] == ["interrupted"]
    folder = r.config.sessions_path / r.records[0]["folder"]
    assert json.loads((folder / "session.json").read_text())["turns"][0]["answer"] == "yes"
    assert read_heartbeat(r.config.state_path("heartbeat"))["state"] == M.STOPPED


def test_failures_in_a_row_back_off_instead_of_spinning(tmp_path: Path) -> None:
    boom = [RuntimeError(f"trigger {i}") for i in range(5)]
    r = rig(tmp_path, boom, session={"cool_down": 0}).run()
    assert [s for s in r.clock.sleeps if s] == [1.0, 2.0, 4.0, 8.0, 16.0]


def test_a_lost_microphone_is_waited_for_with_capped_back_off(tmp_path: Path,
                                                             two: Path) -> None:
    probes: list[float] = []

    def probe() -> None:
        probes.append(r.clock.monotonic())
        if len(probes) <= 8:  # the first: is it really the device? then 7 failed waits
            raise DeviceError("no microphone found: unplugged")

    lost = Trigger(VOICE, BrokenEar(["yes"], DeviceError("the microphone stopped")))
    r = rig(tmp_path, [lost, visitor("no", "no")], piece=two, seams={"probe": probe})
    r.run()
    assert r.history == [M.CLOSED, M.ATTRACT, M.CONSENT, M.SESSION, M.DEVICE_LOST, M.ATTRACT,
                         *VISIT, M.STOPPED]
    waits = [s for s in r.clock.sleeps if s != 10.0]
    assert waits == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]  # grows, capped: no busy loop
    assert r.records[0]["outcome"] == "device_lost" and r.records[0]["recording"] == "kept"
    assert [x["kind"] for x in read_journal(r.config.state_path("journal"))
            if x["kind"].startswith("device")] == ["device_lost", "device_back"]


def test_a_device_error_the_probe_does_not_confirm_is_an_error(tmp_path: Path,
                                                              two: Path) -> None:
    glitch = Trigger(VOICE, BrokenEar(["yes"], VoicepieceError("a synthesizer hiccup")))
    r = rig(tmp_path, [glitch], piece=two).run()
    assert M.DEVICE_LOST not in r.history and r.records[0]["outcome"] == "error"


def test_a_microphone_lost_while_waiting_for_visitors(tmp_path: Path) -> None:
    gone = [False]

    def probe() -> None:
        if not gone[0]:
            gone[0] = True
            raise DeviceError("no such device")

    r = rig(tmp_path, [DeviceError("the microphone stopped"), visitor("yes")],
            seams={"probe": probe}).run()
    assert r.history[:5] == [M.CLOSED, M.ATTRACT, M.DEVICE_LOST, M.ATTRACT, M.CONSENT]


def test_only_a_device_error_is_a_lost_device(tmp_path: Path, two: Path) -> None:
    """Any other error — an ``OSError`` from a file, say — ends its visit as an error, even
    while a device is missing: only :class:`DeviceError` is waited for."""

    def probe() -> None:
        raise DeviceError("no microphone found: unplugged")

    broken = Trigger(VOICE, BrokenEar(["yes"], OSError(19, "No such device")))
    r = rig(tmp_path, [broken], piece=two, seams={"probe": probe}).run()
    assert M.DEVICE_LOST not in r.history and r.records[0]["outcome"] == "error"


def test_a_crash_is_noticed_and_its_leftovers_finished_at_the_next_start(
        tmp_path: Path) -> None:
    config = config_for(tmp_path)
    write_heartbeat(config.state_path("heartbeat"),
                    {"pid": 999999, "state": "session", "unix": 1.0, "time": "then"})
    sessions = config.sessions_path
    (sessions / ".2024-05-01_100000.deleting").mkdir(parents=True)  # an opt-out, cut short
    cut = sessions / "2024-05-01_110000"
    cut.mkdir()
    (cut / "session.json").write_text(json.dumps({
        "piece": "tea", "started": "2024-05-01T11:00:00+00:00", "completed": False,
        "ended": None, "path": ["ask"], "turns": [], "lines": []}))
    (cut / PART).write_bytes(_wav_header() + bytes(2000))
    mastering = sessions / "2024-05-01_120000"  # killed while mastering: the mix was done
    mastering.mkdir()
    (mastering / "session.json").write_text(json.dumps({
        "piece": "tea", "started": "2024-05-01T12:00:00+00:00", "completed": False,
        "ended": None, "path": ["ask"], "turns": [], "lines": []}))
    (mastering / "session.wav").write_bytes(_wav_header() + bytes(2000))
    r = rig(tmp_path, [])
    r.run()
    assert not (sessions / ".2024-05-01_100000.deleting").exists()
    assert (cut / "session.wav").is_file() and not (cut / PART).exists()
    assert json.loads((mastering / "session.json").read_text())["finalised"]
    assert (mastering / "transcript.txt").is_file()
    assert len(r.journal("recovered")) == 3
    [restart] = r.journal("restart")
    assert restart["unclean"] is True and restart["previous_state"] == "session"
    status = station_status(config.state_path("heartbeat"))
    assert any("restarted after a crash" in line for line in status.details + status.problems)


def _wav_header() -> bytes:
    import io
    import wave

    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(22050)
        out.writeframes(b"")
    return buf.getvalue()


def test_the_watchdog_exits_a_station_that_makes_no_progress(tmp_path: Path) -> None:
    exits: list[int] = []
    r = rig(tmp_path, [], seams={"exit": exits.append}, health={"watchdog_seconds": 5.0})
    r.station._progress_at -= 4
    r.station._watch()
    assert exits == []
    r.station._progress_at -= 2
    r.station._watch()
    assert exits == [3]
    assert r.journal("watchdog")[0]["state"] == M.CLOSED
    assert r.journal("watchdog")[0]["folder"] is None  # no session was being recorded
    [stop] = r.journal("stop")  # os._exit runs no `finally`: the watchdog says it first
    assert stop["reason"].startswith("watchdog: no progress for 6 s in closed")


# ── opening hours and attract ─────────────────────────────────────────────────────────


def test_outside_opening_hours_the_station_is_closed_and_checks_again(tmp_path: Path) -> None:
    r = rig(tmp_path, [visitor("yes")], hours={"mon": "13:00-18:00"}).run()
    closed_sleeps = list(r.clock.sleeps)[:next(i for i, s in enumerate(r.clock.sleeps)
                                              if s == 10.0)]
    assert all(1.0 <= s <= 60.0 for s in closed_sleeps)
    assert sum(closed_sleeps) == pytest.approx(3600)
    assert r.history[:3] == [M.CLOSED, M.ATTRACT, M.CONSENT]
    assert r.records[0]["started"].startswith("2024-05-06T13:00")


def test_the_station_closes_at_closing_time(tmp_path: Path) -> None:
    start = MONDAY_NOON.replace(hour=17, minute=59, second=30)
    r = rig(tmp_path, [None, None, None, None], start=start, hours={"mon": "10:00-18:00"})
    r.run()
    assert r.history[:3] == [M.CLOSED, M.ATTRACT, M.CLOSED]


def test_opening_hours() -> None:
    hours = OpeningHours(tuple(parse_day(d) for d in
                               ["10:00-13:00, 14:00-18:00", "always", "closed", "closed",
                                "closed", "closed", "00:00-24:00"]))
    monday = MONDAY_NOON.replace(hour=9)
    assert not hours.is_open(monday)
    assert hours.is_open(monday.replace(hour=10))
    assert not hours.is_open(monday.replace(hour=13, minute=30))
    assert hours.next_change(monday) == monday.replace(hour=10)
    assert hours.next_change(monday.replace(hour=15)) == monday.replace(hour=18)
    assert hours.next_change(monday.replace(hour=19)) == monday.replace(hour=0) + timedelta(
        days=1)  # Tuesday is open all day
    assert hours.next_change(monday + timedelta(days=1)) == monday.replace(hour=0) + timedelta(
        days=2)
    with pytest.raises(HoursError, match="cannot cross midnight"):
        parse_day("22:00-02:00")


def test_invitations_are_spoken_every_few_minutes(tmp_path: Path) -> None:
    r = rig(tmp_path, [None] * 12, attract={"mode": "invitation", "invitation_minutes": 1.0,
                                            "invitation": "Come closer."})
    r.run()
    assert r.voice.said == ["Come closer."] * 2  # after 60 s and 120 s of 120 s waited
    assert max(r.script.waits) <= 10.0


def test_the_bed_plays_only_while_waiting(tmp_path: Path) -> None:
    calls: list[str] = []

    class Bed:
        def start(self) -> None:
            calls.append("start")

        def stop(self) -> None:
            calls.append("stop")

    r = rig(tmp_path, [None, visitor("yes")], attract={"mode": "bed"}, seams={"bed": Bed()}).run()
    first_stop = calls.index("stop")
    assert calls[:first_stop] == ["start", "start"] and r.records


# ── the self-test ─────────────────────────────────────────────────────────────────────


def test_a_failed_self_test_is_logged_and_shown_and_the_station_runs_on(tmp_path: Path) -> None:
    tests: list[Any] = []

    def self_test(voice: Any) -> SelfTestResult:
        tests.append(voice)
        return SelfTestResult(False, 2.0, None, ("the test tone came in only +2 dB",))

    r = rig(tmp_path, [visitor("yes")], seams={"self_test": self_test},
            self_test={"enabled": True}).run()
    assert r.history[:4] == [M.CLOSED, M.SELF_TEST, M.ATTRACT, M.CONSENT]
    assert len(tests) == 1 and r.records[0]["outcome"] == "completed"
    [entry] = r.journal("self_test")
    assert entry["result"]["ok"] is False
    status = station_status(r.config.state_path("heartbeat"))
    assert any("self-test FAILED" in p and "+2 dB" in p for p in status.problems)
    # once a day: a restart the same day does not run it again
    again = rig(tmp_path, [], seams={"self_test": self_test},
                self_test={"enabled": True}).run()
    assert M.SELF_TEST not in again.history and len(tests) == 1


def test_a_self_test_at_a_set_time_runs_before_opening(tmp_path: Path) -> None:
    r = rig(tmp_path, [visitor("yes")], start=MONDAY_NOON.replace(hour=9),
            seams={"self_test": lambda _v: SelfTestResult(True, 30.0, "the gallery is open")},
            hours={"mon": "10:00-18:00"}, self_test={"enabled": True, "at": "09:30"})
    r.run()
    assert r.history[:5] == [M.CLOSED, M.SELF_TEST, M.CLOSED, M.ATTRACT, M.CONSENT]
    assert r.journal("self_test")[0]["result"]["at"].startswith("2024-05-06T09:30")


def test_the_level_check_measures_the_rise_over_the_room() -> None:
    from array import array

    quiet = array("h", [10, -10] * 8000).tobytes()  # 1 s at ~ -70 dBFS
    loud = array("h", [1000, -1000] * 8000).tobytes()
    assert level_rise(quiet + loud, before=0.6) == pytest.approx(40, abs=1)
    assert level_rise(quiet + quiet, before=0.6) == pytest.approx(0, abs=1)


# ── health ────────────────────────────────────────────────────────────────────────────


def test_the_heartbeat_is_fresh_while_running_and_status_says_so(tmp_path: Path) -> None:
    r = rig(tmp_path, [])
    r.station.start()
    try:
        path = r.config.state_path("heartbeat")
        beat = read_heartbeat(path)
        assert beat is not None and beat["pid"] == os.getpid()
        assert stat.S_IMODE(path.stat().st_mode) == 0o644  # readable by a technician
        r.station.step()  # closed -> attract, written at once
        assert read_heartbeat(path)["state"] == M.ATTRACT
        assert station_status(path).well
        stale = station_status(path, now=beat["unix"] + 60)
        assert not stale.well and "the last heartbeat is 60 s old" in stale.problems[0]
    finally:
        r.station.finish()
    stopped = station_status(r.config.state_path("heartbeat"))
    assert not stopped.well and stopped.problems[0].startswith("stopped")


def test_status_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from voicepiece.cli import main

    r = rig(tmp_path, [])
    config_file = tmp_path / "gallery.toml"
    config_file.write_text(toml({"health": {
        "heartbeat": str(r.config.state_path("heartbeat"))}}))
    assert main(["gallery", "status", "--config", str(config_file)]) == 1
    assert "no heartbeat" in capsys.readouterr().out
    r.station.start()
    try:
        assert main(["gallery", "status", "--config", str(config_file)]) == 0
        assert capsys.readouterr().out.startswith("well")
        assert main(["gallery", "status", "--json", "--config", str(config_file)]) == 0
        assert json.loads(capsys.readouterr().out)["well"] is True
    finally:
        r.station.finish()


def test_one_journal_line_per_session(tmp_path: Path) -> None:
    r = rig(tmp_path, [visitor("yes"), None, visitor("stop recording"), None,
                       visitor(None, None)]).run()
    sessions = r.journal("session")
    assert [s["outcome"] for s in sessions] == ["completed", "opted_out", "completed"]
    assert [s["recording"] for s in sessions] == ["kept", "deleted", "discarded"]
    for s in sessions:
        assert {"started", "ended", "seconds", "path", "turns", "trigger"} <= set(s)
    assert [x["kind"] for x in read_journal(r.config.state_path("journal"))
            if x["kind"] in ("start", "stop")] == ["start", "stop"]
    beat = read_heartbeat(r.config.state_path("heartbeat"))
    assert beat["today"] == {"date": "2024-05-06", "completed": 2, "opted_out": 1}


# ── the configuration ─────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("text", "message"), [
    ("[attract]\nmoode = 'bed'\n", ":2: unknown option [attract] moode (did you mean 'mode'?)"),
    ("piec = 'her'\n", ":1: unknown option 'piec' (did you mean 'piece'?)"),
    ("[sesion]\n", ":1: unknown option 'sesion' (did you mean 'session'?)"),
    ("[session]\ncool_down = 'ten'\n", ":2: [session] cool_down must be a number, not \"ten\""),
    ("[hours]\nmon = '10-18'\n", ":2: [hours] mon: '10-18' is not a time range like 10:00-18:00"),
    ("[start]\non = 'key'\n", ":2: [start] on = 'key' needs [start] key_device"),
    ("[audio]\nvolume = 400\n", ":2: [audio] volume must be between 0 and 150, not 400"),
    ("[attract]\nmode = 'loud'\n", ": [attract] mode: 'loud' is not one of quiet, bed, invitation"),
    ("x = [\n", ": not valid TOML"),
])
def test_config_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    text: str, message: str) -> None:
    from voicepiece.cli import main

    path = tmp_path / "gallery.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        parse_config(text, str(path))
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert main(["gallery", "--config", str(path), "--check"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_an_empty_configuration_is_every_default() -> None:
    assert parse_config("") == GalleryConfig()
    assert parse_config(example_toml()) == GalleryConfig()


def test_the_docs_show_every_option_as_the_code_defines_it() -> None:
    doc = (ROOT / "docs/gallery.md").read_text()
    assert options_markdown() in doc, "docs/gallery.md: replace the generated tables with " \
        "voicepiece.gallery.configdocs.options_markdown()"
    example = (ROOT / "docs/gallery.example.toml").read_text()
    assert example == example_toml(), "regenerate: voicepiece gallery config > " \
        "docs/gallery.example.toml"


def test_check_reports_the_configuration(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from voicepiece.cli import main

    path = tmp_path / "gallery.toml"
    path.write_text("[consent]\nopt_out_phrases = ['stop recording', 'yes']\n")
    # "yes" would delete the recording of every visitor who answers yes: refused
    assert main(["gallery", str(TEA), "--config", str(path), "--check"]) == 1
    out = capsys.readouterr().out
    assert f"{path}: ok" in out and "piece: tea" in out
    assert out.splitlines()[-1] == "problem: opt-out phrase 'yes' is also the answer 'yes' at ask"
    path.write_text("")
    assert main(["gallery", str(TEA), "--config", str(path), "--check"]) == 0


def test_the_default_opt_out_phrases_are_heard_as_opt_outs_throughout_her() -> None:
    from voicepiece.gallery.consent import opt_out_conflicts

    assert opt_out_conflicts(load_piece("her"), GalleryConfig().consent.opt_out_phrases) == []


# ── the parts ─────────────────────────────────────────────────────────────────────────


def test_the_machine_refuses_a_trigger_its_state_does_not_take() -> None:
    loop = GalleryLoop()
    with pytest.raises(MachineError):
        loop.visitor_detected()
    loop.opened()
    loop.run_self_test()
    loop.self_test_done(open=False)
    assert loop.history == [M.CLOSED, M.ATTRACT, M.SELF_TEST, M.CLOSED]
    assert loop.can("opened") and not loop.can("session_ended")


QUESTION = Question("q", (Answer(label="yes", meaning="yes", phrases=(), say=(), next=None),),
                    ListenSettings())


def test_the_visitor_ear_opts_out_on_the_recognizer_label_but_not_a_rejection() -> None:
    ear = VisitorEar(ScriptedEar([Heard("stop recording", label=OPT_OUT, confirm=True)]),
                     ["stop recording"])
    with pytest.raises(OptedOut):
        ear.listen(QUESTION)
    rejected = Heard("stop recording", label="unclear")
    assert VisitorEar(ScriptedEar([rejected]), ["stop recording"]).listen(QUESTION) == rejected


def test_the_visitor_ear_counts_silences_in_a_row() -> None:
    ear = VisitorEar(ScriptedEar([None, "yes", None, None]), walk_away_after=2)
    assert ear.listen(QUESTION).text is None
    assert ear.listen(QUESTION).text == "yes"
    assert ear.listen(QUESTION).text is None
    with pytest.raises(WalkedAway):
        ear.listen(QUESTION)
    assert ear.spoke and ear.turns == 4


def test_the_visitor_ear_ends_a_visit_past_its_deadline() -> None:
    now = [0.0]
    ear = VisitorEar(ScriptedEar(["yes"]), deadline=10.0, clock=lambda: now[0])
    ear.listen(QUESTION)
    now[0] = 10.0
    with pytest.raises(TooLong):
        ear.listen(QUESTION)


def test_a_key_device_press_is_read_from_input_events(tmp_path: Path) -> None:
    import struct

    from voicepiece.gallery.triggers import KeySource

    fifo = tmp_path / "event0"
    os.mkfifo(fifo)
    keys = KeySource(str(fifo), (57,))
    keys.check()
    writer = os.open(fifo, os.O_WRONLY)
    try:
        assert keys.poll(0.01) is False
        event = struct.Struct("llHHi")
        os.write(writer, event.pack(0, 0, 1, 28, 1))  # Enter: not one of the keys
        assert keys.poll(0.05) is False
        os.write(writer, event.pack(0, 0, 1, 57, 0) + event.pack(0, 0, 1, 57, 1))
        assert keys.poll(0.05) is True
        os.write(writer, event.pack(0, 0, 1, 57, 1))  # pressed during the session
        keys.flush()
        assert keys.poll(0.05) is False
    finally:
        os.close(writer)
    with pytest.raises(DeviceError):  # the device went away
        keys.poll(0.05)
    keys.close()


def test_the_voice_trigger_starts_on_speech_not_on_a_click() -> None:
    from voicepiece.gallery.triggers import VoiceTrigger
    from voicepiece.listening.listener_voices import add_noise, noise, pad, speak
    from voicepiece.listening.sources import PcmSource, StreamSource

    speech = add_noise(pad(speak("hello, is anyone there?"), 0.5, 0.5), 30, 3)
    trigger = VoiceTrigger(lambda: PcmSource(speech), 0.5)
    assert trigger.wait(5.0) == Trigger(VOICE)
    quiet = VoiceTrigger(lambda: PcmSource(noise(3.0, seed=1)), 0.5)
    assert quiet.wait(2.0) is None
    click = noise(1.0, seed=2) + add_noise(speak("hm")[:3200], 30, 1) + noise(1.0, seed=3)
    assert VoiceTrigger(lambda: PcmSource(click), 0.5).wait(2.5) is None
    key = Trigger(KEY)
    assert VoiceTrigger(lambda: PcmSource(noise(2.0)), 0.5).wait(2.0, lambda: key) is key

    def ended() -> StreamSource:
        stream = StreamSource()
        stream.end()
        return stream

    with pytest.raises(VoicepieceError, match="stopped sending sound"):
        VoiceTrigger(ended, 0.5).wait(2.0)


@pytest.mark.parametrize("said", ["stop recording", "delete my recording"])
def test_a_spoken_opt_out_is_heard_by_the_real_recognizer(said: str) -> None:
    """The opt-out phrases are in every question's grammar: spoken, they end the visit;
    the question's own answers are still heard as before."""
    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.listener_voices import live_turn
    from voicepiece.listening.recognizer import SphinxRecognizer
    from voicepiece.listening.sources import PcmSource

    recognizer = SphinxRecognizer()
    ask = load_piece(str(TEA)).nodes["ask"].listen
    assert ask is not None
    question = Question("ask", ask.answers, ask.settings)
    phrases = GalleryConfig().consent.opt_out_phrases

    def ear_hearing(text: str) -> VisitorEar:
        pcm = live_turn(text, seed=5)
        return VisitorEar(ListeningEar(lambda: PcmSource(pcm), recognizer), phrases)

    with pytest.raises(OptedOut):
        ear_hearing(said).listen(question)
    assert ear_hearing("coffee").listen(question).label == "coffee"


def test_only_one_station_runs_per_configuration(tmp_path: Path) -> None:
    from voicepiece.gallery.process import lock_station

    heartbeat = tmp_path / "state" / "heartbeat.json"
    write_heartbeat(heartbeat, {"pid": 4242})
    first = lock_station(heartbeat)
    try:
        with pytest.raises(VoicepieceError, match=r"already running .*\(pid 4242\)"):
            lock_station(heartbeat)
    finally:
        os.close(first)
    os.close(lock_station(heartbeat))  # released: the next start takes it


def test_a_thread_that_dies_is_logged_not_shown(tmp_path: Path,
                                                capfd: pytest.CaptureFixture[str]) -> None:
    import threading

    def fail() -> None:
        raise ValueError("the bed broke")

    log_file = tmp_path / "gallery.log"
    undo = configure_logging(log_file)
    try:
        thread = threading.Thread(target=fail, name="gallery-bed")
        thread.start()
        thread.join()
    finally:
        undo()
    assert "Traceback" in log_file.read_text()
    err = capfd.readouterr().err
    assert "gallery-bed stopped: the bed broke" in err and "Traceback" not in err

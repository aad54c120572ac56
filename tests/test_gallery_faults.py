"""Fault tests of the gallery station: the faults a station meets in weeks unattended, each
with nothing lost that was finished.

- **the microphone disappears mid-session and returns**: the real ear and recognizer hear
  a visitor's spoken answers from a microphone that fails in the middle of an answer and
  cannot be opened until it is plugged back in. The finished turn is kept, the station
  waits with a growing back-off, and the next visitor's session is heard and kept whole;
- **the disk fills**: a ``voicepiece gallery`` process whose files may not grow past a
  limit (``RLIMIT_FSIZE``, as ``tests/test_crash_safety.py`` does) — the session that
  hits it keeps what was written, repaired and marked incomplete, and the station goes
  on recording the next visitor; nothing half-written looks complete;
- **SIGKILL, then restart**: a ``voicepiece gallery`` process killed in the middle of a
  session; its finished session is untouched, the interrupted one is on disk marked
  incomplete, and the real ``voicepiece gallery`` started again (on a private PulseAudio
  daemon) repairs it, says it restarted after a crash, and runs.

The processes run the real command (``voicepiece.cli.main(["gallery", …])``: the lock,
logging, SIGTERM handling and the station) with the live edges swapped for a rendered
voice and scripted replies (``DRIVER`` below), so every visit is deterministic.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from typing import Any

import pytest

from tests.pulse import PulseServer
from voicepiece.archive.folders import COMPLETED, DAMAGED, read_session
from voicepiece.archive.mixdown import PART, SESSION_WAV
from voicepiece.errors import DeviceError
from voicepiece.gallery import machine as M
from voicepiece.gallery.config import parse_config
from voicepiece.gallery.health import read_heartbeat, read_journal, station_status
from voicepiece.gallery.options import GalleryConfig
from voicepiece.gallery.seams import VOICE, ManualClock, Seams, Trigger
from voicepiece.gallery.station import Station
from voicepiece.session.events import Heard, Question
from voicepiece.story.loader import load_piece

ROOT = Path(__file__).resolve().parent.parent

PIECE = """\
piece: faults
title: Three questions
start: first
listening: {timeout: 4}
nodes:
  first:
    say: Are you warm enough in here?
    listen:
      next: second
      answers: [{label: yes}, {label: no}]
      silence: {reprompts: ["Take your time. Are you warm enough?"]}
  second:
    say: Did you come here on foot?
    listen:
      next: third
      answers: [{label: yes}, {label: no}]
      silence: {reprompts: ["Take your time. Did you walk here?"]}
  third:
    say: Will you come back another day?
    listen:
      next: end
      answers: [{label: yes}, {label: no}]
      silence: {reprompts: ["Take your time. Will you come back?"]}
  end:
    say: Thank you. Goodbye.
    end: true
"""


@pytest.fixture
def piece_file(tmp_path: Path) -> Path:
    path = tmp_path / "faults" / "piece.yaml"
    path.parent.mkdir()
    path.write_text(PIECE)
    return path


def config_text(base: Path, piece: Path, **sections: dict[str, Any]) -> str:
    """A station's configuration: everything under ``base``, no self-test, no pause
    between visitors; ``sections`` override."""
    tables: dict[str, dict[str, Any]] = {
        "recording": {"master": False},
        "session": {"cool_down": 0.0},
        "self_test": {"enabled": False},
        "health": {"heartbeat": str(base / "state/heartbeat.json"),
                   "journal": str(base / "state/journal.jsonl"),
                   "log": str(base / "state/gallery.log")},
    }
    for name, values in sections.items():
        tables.setdefault(name, {}).update(values)
    out = [f"piece = {json.dumps(str(piece))}",
           f"sessions_dir = {json.dumps(str(base / 'sessions'))}"]
    for name, values in tables.items():
        out.append(f"[{name}]")
        out += [f"{key} = {json.dumps(value)}" for key, value in values.items()]
    return "\n".join(out) + "\n"


def write_config(base: Path, piece: Path, **sections: dict[str, Any]) -> tuple[Path,
                                                                                GalleryConfig]:
    path = base / "gallery.toml"
    text = config_text(base, piece, **sections)
    path.write_text(text)
    return path, parse_config(text, str(path))


def sessions(config: GalleryConfig) -> list[dict[str, Any]]:
    return read_journal(config.state_path("journal"), ("session",))


def assert_truthful(folder: Path) -> dict[str, Any]:
    """The folder reads as a whole record; complete only if everything is there; no part
    file left. Returns the record."""
    info = read_session(folder)
    assert info.status != DAMAGED, f"{folder.name}: {info.problem}"
    assert info.record is not None
    assert not (folder / PART).exists(), f"{folder.name}: {PART} left behind"
    with wave.open(str(folder / SESSION_WAV)) as wav:
        assert wav.getnframes() > 0
    if info.status == COMPLETED:
        for name in ("captions.vtt", "transcript.txt"):
            assert (folder / name).is_file(), f"{folder.name} is complete but has no {name}"
    return info.record


def answers(record: dict[str, Any]) -> list[str]:
    return [t["answer"] for t in record["turns"]]


# ── (a) the microphone disappears mid-session and returns ─────────────────────────────


@pytest.fixture(scope="module")
def hearing() -> tuple[Any, Any]:
    from voicepiece.listening.recognizer import SphinxRecognizer
    from voicepiece.listening.vad import VoiceActivity

    recognizer = SphinxRecognizer()
    recognizer.warm_up()
    return recognizer, VoiceActivity()


def spoken(text: str | None, seed: int) -> bytes:
    """A turn as a microphone would hear it: room noise, the words (a listener voice, not
    the narrator's), room noise; None: only room noise, longer than the timeout."""
    from voicepiece.listening.listener_voices import add_noise, noise, pad, speak

    if text is None:
        return noise(5.0, seed=seed)
    return add_noise(pad(speak(text), 0.4, 2.0, seed=seed), 25.0, seed=seed + 1)


@dataclass(frozen=True)
class Unplugged:
    """In a turn's script: ``text`` is being said when, ``after`` that share of the turn's
    audio, the microphone fails with ``error``."""

    text: str
    after: float
    error: BaseException


class FlakyMic:
    """A real-time microphone that can be unplugged: each turn plays the next item of the
    visitor's script; an :class:`Unplugged` item fails part-way through, as PyAudio's read
    does when a USB microphone is pulled, and the microphone cannot be opened (nor does the
    probe find it) until ``probes_to_return`` probes have failed."""

    def __init__(self, probes_to_return: int, on_probe: Callable[[int], None]) -> None:
        self.plugged = True
        self.script: list[Any] = []
        self.probes = 0
        self.probes_to_return = probes_to_return
        self.on_probe = on_probe
        self.opened = 0

    def probe(self) -> None:
        if not self.plugged:
            self.probes += 1
            self.on_probe(self.probes)
            if self.probes > self.probes_to_return:
                self.plugged = True  # plugged back in
            else:
                raise DeviceError("no microphone found: the default input device "
                                      "could not be opened at 16 kHz")

    def source(self) -> Any:
        if not self.plugged:
            raise DeviceError("no microphone found: there is no default input device")
        self.opened += 1
        return _Turn(self, self.script.pop(0))


class _Turn:
    realtime = True

    def __init__(self, mic: FlakyMic, item: Any) -> None:
        self.mic = mic
        self.item = item

    def frames(self) -> Iterator[bytes]:
        from voicepiece.listening.base import FRAME_BYTES

        item = self.item
        pcm = spoken(item.text, 7) if isinstance(item, Unplugged) else spoken(item, 3)
        cut = round(len(pcm) * item.after) // FRAME_BYTES * FRAME_BYTES \
            if isinstance(item, Unplugged) else len(pcm)
        for start in range(0, cut, FRAME_BYTES):
            yield pcm[start:start + FRAME_BYTES].ljust(FRAME_BYTES, b"\0")
        if isinstance(item, Unplugged):
            self.mic.plugged = False
            raise item.error

    def close(self) -> None:
        pass


class Visitors:
    """The trigger source: the given visitors, one per wait, then the station stops."""

    def __init__(self, visitors: list[Any]) -> None:
        self.visitors = list(visitors)
        self.station: Station | None = None

    def wait(self, timeout: float) -> Trigger | None:
        if not self.visitors:
            assert self.station is not None
            self.station.stop()
            return None
        return Trigger(VOICE, self.visitors.pop(0))

    def close(self) -> None:
        pass


class MicEar:
    """The real ear on the flaky microphone; each visitor brings their script."""

    def __init__(self, mic: FlakyMic, script: list[Any], hearing: tuple[Any, Any]) -> None:
        from voicepiece.listening.ear import ListeningEar

        mic.script = list(script)
        self.mic = mic
        self.ear = ListeningEar(mic.source, *hearing)

    def listen(self, question: Question) -> Heard:
        if question.kind == "confirm":  # "yes… is that what you said?": yes, it is
            self.mic.script.insert(0, "yes")
        return self.ear.listen(question)


@pytest.mark.parametrize("error", [
    DeviceError("the microphone stopped: [Errno -9999] Unanticipated host error"),
    DeviceError("the microphone stopped: [Errno 19] No such device"),
], ids=["host-error", "no-such-device"])
def test_the_microphone_disappears_mid_session_and_returns(
        tmp_path: Path, piece_file: Path, hearing: tuple[Any, Any],
        error: BaseException) -> None:
    from voicepiece.voices import narrator_for
    from voicepiece.voices.outputs import RenderedVoice

    _, config = write_config(tmp_path, piece_file)
    meanwhile: list[list[str]] = []  # what `status` said while the microphone was away
    mic = FlakyMic(6, lambda n: n == 3 and meanwhile.append(
        station_status(config.state_path("heartbeat")).problems))
    first = ["yes", Unplugged("no I did not", 0.5, error)]  # unplugged while answering
    second = ["no", "yes", "yes"]
    visitors = Visitors([first, second])
    clock = ManualClock()
    records: list[dict[str, Any]] = []
    piece = load_piece(str(piece_file))
    narrator = narrator_for(piece)
    station = Station(config, piece, Seams(
        voice=lambda: RenderedVoice(narrator),
        ear=lambda trigger: MicEar(mic, trigger.visitor, hearing),
        triggers=visitors, probe=mic.probe, clock=clock, on_session=records.append,
        exit=lambda code: pytest.fail(f"the watchdog fired ({code})")))
    visitors.station = station
    station.run()

    assert station.loop.history == [
        M.CLOSED, M.ATTRACT, M.CONSENT, M.SESSION, M.DEVICE_LOST,  # unplugged mid-answer
        M.ATTRACT, M.CONSENT, M.SESSION, M.CLOSING, M.COOL_DOWN, M.ATTRACT, M.STOPPED]
    # waited for with a growing back-off, never a busy loop
    assert [s for s in clock.sleeps if s] == [1.0, 2.0, 4.0, 8.0, 16.0]
    assert mic.plugged and mic.opened >= 2 + 3
    [problems] = meanwhile
    assert any(p.startswith("waiting for a device since") for p in problems), problems
    lost, back = records
    assert lost["outcome"] == "device_lost" and lost["recording"] == "kept"
    assert back["outcome"] == "completed" and back["recording"] == "kept"
    # the finished turn of the interrupted visit is kept, and marked incomplete
    kept = assert_truthful(config.sessions_path / lost["folder"])
    assert kept["completed"] is False and answers(kept) == ["yes"]
    assert kept["turns"][0]["heard"] == "yes"
    assert list((config.sessions_path / lost["folder"] / "replies").iterdir())
    # the next visitor is heard through the microphone that came back, and kept whole
    whole = assert_truthful(config.sessions_path / back["folder"])
    assert whole["completed"] is True and answers(whole) == ["no", "yes", "yes"]
    journal = [r["kind"] for r in read_journal(config.state_path("journal"))]
    assert journal.count("device_lost") == journal.count("device_back") == 1
    assert sorted(p.name for p in config.sessions_path.iterdir()) == sorted(
        [lost["folder"], back["folder"]])


# ── the process-level faults: a driver running the real `voicepiece gallery` ──────────

DRIVER = '''\
"""`voicepiece gallery --config CONFIG` with the live edges swapped for a rendered voice
and the scripted visitors in SCRIPT (JSON: one list of replies per visitor; "silence" is
no answer; "HANG" writes MARKER and blocks, mid-session, until the process is killed).
When the visitors are gone the process sends itself SIGTERM, as systemd stops it."""
import json, os, signal, sys, time
from pathlib import Path

config, script, marker = sys.argv[1:4]

import voicepiece.commands.gallery as command
from voicepiece.cli import main
from voicepiece.gallery.seams import Seams, Trigger
from voicepiece.session.textmode import GivenReplies
from voicepiece.voices import narrator_for
from voicepiece.voices.outputs import RenderedVoice


class Replies(GivenReplies):
    def __init__(self, replies):
        self.hang_at = replies.index("HANG") if "HANG" in replies else None
        super().__init__([r for r in replies if r != "HANG"], reply_seconds=1.5)
        self.turns = 0

    def listen(self, question):
        if self.turns == self.hang_at:
            Path(marker).write_text(question.node)
            while True:
                time.sleep(1)
        self.turns += 1
        return super().listen(question)


class Arrivals:
    def __init__(self):
        self.visitors = json.loads(Path(script).read_text())

    def wait(self, timeout):
        if not self.visitors:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.1)
            return None
        return Trigger("voice", self.visitors.pop(0))

    def close(self):
        pass


def seams(config, piece):
    narrator = narrator_for(piece)
    return Seams(voice=lambda: RenderedVoice(narrator),
                 ear=lambda trigger: Replies(trigger.visitor), triggers=Arrivals())


command.live_seams = seams
sys.exit(main(["gallery", "--config", config]))
'''


def drive(base: Path, config: Path, visitors: list[list[str]], limit: int | None = None,
          wait: bool = True) -> subprocess.Popen[str]:
    driver = base / "driver.py"
    driver.write_text(DRIVER)
    script = base / "visitors.json"
    script.write_text(json.dumps(visitors))

    def small_disk() -> None:  # in the child: files may not grow past `limit` bytes
        if limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, str(driver), str(config), str(script),
                             str(base / "hanging")], cwd=base, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=small_disk)
    if wait:
        proc.wait(60)
    return proc


# ── (b) the disk fills ────────────────────────────────────────────────────────────────


def test_a_disk_that_fills_mid_session_stops_its_recording_not_the_station(
        tmp_path: Path, piece_file: Path) -> None:
    config_path, config = write_config(tmp_path, piece_file, recording={"master": True},
                                       session={"walk_away_after": 0})
    short = ["yes", "no", "yes"]
    long = ["yes", "silence", "silence", "silence", "silence", "silence"]
    # a session's audio grows 44 kB a second: the short visits (0.6 MB) stay under the
    # limit, the long one (four silences and two reprompts more: 1.5 MB) runs into it
    proc = drive(tmp_path, config_path, [short, long, short], limit=1_000_000)
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    records = sessions(config)
    assert [r["outcome"] for r in records] == ["completed", "completed", "completed"]
    assert [r["recording"] for r in records] == ["kept", "partial", "kept"]
    full, cut, after = (config.sessions_path / r["folder"] for r in records)
    for folder in (full, after):
        record = assert_truthful(folder)
        assert record["completed"] is True and answers(record) == ["yes", "no", "yes"]
    record = assert_truthful(cut)  # what was written is kept, repaired, and incomplete
    assert record["completed"] is False and record.get("finalised")
    assert 1 <= len(record["turns"]) < 5 and answers(record)[0] == "yes"
    log = config.state_path("log").read_text()
    assert log.count("recording stopped") == 1, log
    assert "File too large" in log
    beat = read_heartbeat(config.state_path("heartbeat"))
    assert beat is not None and beat["state"] == M.STOPPED


# ── (c) SIGKILL, then restart ─────────────────────────────────────────────────────────


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_sigkill_mid_session_then_restart_keeps_what_was_finished(
        tmp_path: Path, piece_file: Path, pulse_server: PulseServer) -> None:
    config_path, config = write_config(tmp_path, piece_file)
    proc = drive(tmp_path, config_path, [["yes", "no", "yes"], ["no", "yes", "HANG"]],
                 wait=False)
    marker = tmp_path / "hanging"
    deadline = time.monotonic() + 45
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), proc.communicate(timeout=10)[1]
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)

    # what the kill left: the finished session whole, the running one marked incomplete
    [finished] = sessions(config)
    done = config.sessions_path / finished["folder"]
    assert assert_truthful(done)["completed"] is True
    before = digest(done)
    [cut] = [p for p in config.sessions_path.iterdir() if p != done]
    info = read_session(cut)
    assert info.record is not None and info.record["completed"] is False
    assert answers(info.record) == ["no", "yes"] and (cut / PART).exists()
    beat = read_heartbeat(config.state_path("heartbeat"))
    assert beat is not None and beat["state"] == M.SESSION

    # the real station, started again as systemd would: it takes the lock the killed
    # process held, repairs the interrupted session, notes the crash and runs on
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    again = subprocess.Popen([sys.executable, "-m", "voicepiece", "gallery", "--config",
                              str(config_path)], env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and again.poll() is None:
            beat = read_heartbeat(config.state_path("heartbeat")) or {}
            if beat.get("pid") == again.pid and beat.get("state") in (M.ATTRACT,
                                                                       M.DEVICE_LOST):
                break
            time.sleep(0.1)
        assert again.poll() is None, again.communicate()[1]
        assert beat.get("state") == M.ATTRACT, beat
        status = subprocess.run([sys.executable, "-m", "voicepiece", "gallery", "status",
                                 "--config", str(config_path)], env=env, text=True,
                                capture_output=True, timeout=30)
        assert status.returncode == 1 and "restarted after a crash" in status.stdout
    finally:
        again.send_signal(signal.SIGTERM)
        _, err = again.communicate(timeout=30)
    assert again.returncode == 0, err
    assert "Traceback" not in err

    repaired = assert_truthful(cut)
    assert repaired["completed"] is False and repaired.get("finalised")
    assert answers(repaired) == ["no", "yes"]
    assert digest(done) == before, "the finished session changed"
    kinds = [(r["kind"], r.get("action"), r.get("unclean"))
             for r in read_journal(config.state_path("journal"))]
    assert ("restart", None, True) in kinds and ("recovered", "repaired", None) in kinds
    assert read_heartbeat(config.state_path("heartbeat"))["state"] == M.STOPPED
    assert station_status(config.state_path("heartbeat")).well is False  # it says: stopped

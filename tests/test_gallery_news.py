"""What the station tells its technician and spends its time on (issue 16, item 10): a
line at start and at stop, a later self-test that clears a failed one, devices that
`--check` refuses, real devices listed, no mastering for a recording about to go.

Built on the fakes of ``test_gallery.py`` (a manual clock, scripted visitors); the live
CLI run on virtual devices is in ``test_gallery_live.py``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.test_gallery import rig, visitor
from voicepiece.archive import finishing


@pytest.fixture
def mastered(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The mixes mastering was asked to finish (the fakes' voice is silent: nothing to
    master for real)."""
    calls: list[Path] = []

    def master(raw: Path, *_args: Any, **_kwargs: Any) -> Any:
        calls.append(raw)
        return SimpleNamespace(warnings=())

    monkeypatch.setattr(finishing, "master", master)
    return calls


@pytest.mark.parametrize("replies", [(None, None, None), (None,)],
                         ids=["walked-away", "silent-to-the-end"])
def test_a_recording_that_will_be_discarded_is_not_mastered(
        tmp_path: Path, mastered: list[Path], replies: tuple[None, ...]) -> None:
    r = rig(tmp_path, [visitor(*replies)], recording={"master": True},
            session={"walk_away_after": 2}).run()
    assert r.records[0]["recording"] == "discarded" and r.folders() == []
    assert mastered == []


def test_a_kept_recording_is_still_mastered(tmp_path: Path, mastered: list[Path]) -> None:
    r = rig(tmp_path / "spoke", [visitor("yes", None, None)], recording={"master": True},
            session={"walk_away_after": 2}).run()
    [record] = r.records
    assert record["recording"] == "kept" and len(mastered) == 1
    silent = rig(tmp_path / "silent", [visitor(None, None, None)],
                 recording={"master": True, "keep_silent": True},
                 session={"walk_away_after": 2}).run()
    assert silent.records[0]["recording"] == "kept" and len(mastered) == 2


# ── start and stop ────────────────────────────────────────────────────────────────────


def test_start_and_stop_are_said_on_screen_in_the_log_and_in_the_journal(
        tmp_path: Path) -> None:
    """The station started on SIGTERM's way out, as systemd stops it: a start line with
    the piece, devices, hours and the self-test, a stop line saying why."""
    import io
    import os
    import signal

    from voicepiece.gallery.health import configure_logging, read_journal
    from voicepiece.gallery.process import run_until_terminated

    class Terminated:
        """Nobody comes; the service manager stops the station meanwhile."""

        def wait(self, _timeout: float) -> None:
            os.kill(os.getpid(), signal.SIGTERM)

        def close(self) -> None:
            pass

    r = rig(tmp_path, [], audio={"microphone": "usb", "speaker": "hdmi"},
            hours={"mon": "10:00-18:00", "tue": "10:00-18:00", "sat": "closed"},
            seams={"triggers": Terminated()})
    screen = io.StringIO()
    log_file = r.config.state_path("log")
    undo = configure_logging(log_file, screen=screen)
    try:
        run_until_terminated(r.station)
    finally:
        undo()
    shown = screen.getvalue().splitlines()
    assert len(shown) == 2, shown
    start, stop = shown
    for words in ("started", "piece tea (", "microphone 'usb'", "speaker 'hdmi'",
                  "hours mon-tue 10:00-18:00, wed-fri always, sat closed, sun always",
                  "self-test off"):
        assert words in start
    assert "stopped (SIGTERM) after 0 sessions" in stop
    logged = log_file.read_text()
    assert start.split(" ", 1)[1] in logged and stop.split(" ", 1)[1] in logged
    started, stopped = [x for x in read_journal(r.config.state_path("journal"))
                        if x["kind"] in ("start", "stop")]
    assert started["piece"] == "tea" and started["microphone"] == "usb"
    assert started["hours"].startswith("mon-tue 10:00-18:00")
    assert started["self_test"] == "off"
    assert stopped["reason"] == "SIGTERM" and stopped["sessions"] == 0


def test_the_start_line_says_how_the_last_self_test_went(tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture
                                                          ) -> None:
    from voicepiece.gallery.selftest import SelfTestResult

    def failing(_voice: Any) -> SelfTestResult:
        return SelfTestResult(False, 2.0, None, ("the test tone came in only +2 dB",))

    rig(tmp_path, [], seams={"self_test": failing}, self_test={"enabled": True}).run()
    caplog.set_level(logging.INFO, "voicepiece.gallery")
    rig(tmp_path, [], seams={"self_test": failing},
        self_test={"enabled": True, "retry_minutes": 0}).run()
    [start] = [r.getMessage() for r in caplog.records
                if r.getMessage().startswith("started")]
    assert "self-test FAILED at 2024-05-06T12:00" in start and "+2 dB" in start


# ── the self-test ─────────────────────────────────────────────────────────────────────


class Flaky:
    """A self-test that fails until the technician fixes the cable."""

    def __init__(self) -> None:
        self.fixed = False
        self.runs = 0

    def __call__(self, _voice: Any) -> Any:
        from voicepiece.gallery.selftest import SelfTestResult

        self.runs += 1
        if self.fixed:
            return SelfTestResult(True, 30.0, "the gallery is open")
        return SelfTestResult(False, 1.0, None, ("the test tone came in only +1 dB",))


def test_a_later_passing_self_test_clears_a_failed_one_without_a_restart(
        tmp_path: Path) -> None:
    from voicepiece.gallery import machine as M
    from voicepiece.gallery.health import station_status

    test = Flaky()
    r = rig(tmp_path, [], seams={"self_test": test},
            self_test={"enabled": True, "retry_minutes": 30})
    heartbeat = r.config.state_path("heartbeat")
    r.station.start()
    try:
        r.station.step()  # closed -> self-test, which fails
        r.station.step()
        assert test.runs == 1 and r.station.state == M.ATTRACT
        r.station.heartbeat.beat()
        assert not station_status(heartbeat).well
        r.clock.advance(10 * 60)
        r.station.step()  # too soon to test again: attract waits for visitors
        assert test.runs == 1
        test.fixed = True
        r.clock.advance(25 * 60)
        r.station.step()  # 35 min after the failure: tested again
        assert r.station.state == M.SELF_TEST
        r.station.step()
        assert test.runs == 2 and r.station.state == M.ATTRACT
        r.station.heartbeat.beat()
        status = station_status(heartbeat)
        assert status.well, status.problems
        assert any("self-test passed" in line for line in status.details)
        r.clock.advance(3 * 3600)
        r.station.step()
        assert test.runs == 2  # passed: once a day again
    finally:
        r.station.finish()
    again = rig(tmp_path, [], seams={"self_test": test}, self_test={"enabled": True})
    again.run()
    assert test.runs == 2  # a restart the same day does not test a passed station again


def test_a_restart_does_not_replay_a_failed_test_before_its_retry_is_due(
        tmp_path: Path) -> None:
    from datetime import timedelta

    from tests.test_gallery import MONDAY_NOON

    test = Flaky()
    rig(tmp_path, [], seams={"self_test": test}, self_test={"enabled": True}).run()
    rig(tmp_path, [], seams={"self_test": test}, self_test={"enabled": True}).run()
    assert test.runs == 1  # a crash loop must not play the test at every start
    rig(tmp_path, [], start=MONDAY_NOON + timedelta(minutes=31), seams={"self_test": test},
        self_test={"enabled": True}).run()
    assert test.runs == 2
    never = Flaky()
    r = rig(tmp_path / "never", [None] * 400, seams={"self_test": never},
            self_test={"enabled": True, "retry_minutes": 0})
    r.run()
    assert never.runs == 1 and r.clock.elapsed > 3600



def test_a_self_test_run_by_hand_while_stopped_counts_at_the_next_start(
        tmp_path: Path) -> None:
    from datetime import timedelta

    from tests.test_gallery import MONDAY_NOON
    from voicepiece.gallery.health import Journal, local_iso, station_status

    test = Flaky()
    r = rig(tmp_path, [], seams={"self_test": test}, self_test={"enabled": True})
    r.run()
    later = local_iso(MONDAY_NOON + timedelta(minutes=5))  # `gallery self-test`, fixed
    Journal(r.config.state_path("journal")).write("self_test", result={
        "at": later, "ok": True, "summary": "speaker to microphone +30 dB"})
    again = rig(tmp_path, [], start=MONDAY_NOON + timedelta(minutes=10),
                seams={"self_test": test}, self_test={"enabled": True})
    again.station.start()
    try:
        status = station_status(again.config.state_path("heartbeat"))
        assert status.well, status.problems
        assert f"self-test passed at {later}" in " ".join(status.details)
    finally:
        again.station.finish()
    assert test.runs == 1


# ── devices ───────────────────────────────────────────────────────────────────────────

APLAY_L = """\
**** List of PLAYBACK Hardware Devices ****
card 0: PCH [HDA Intel PCH], device 0: ALC3232 Analog [ALC3232 Analog]
  Subdevices: 1/1
  Subdevice #0: subdevice #0
card 0: PCH [HDA Intel PCH], device 3: HDMI 0 [HDMI 0]
  Subdevices: 1/1
card 1: Device [USB Audio Device], device 0: USB Audio [USB Audio]
  Subdevices: 1/1
"""
PLUGINS = ("null", "lavrate", "samplerate", "speexrate", "jack", "oss", "pulse", "speex",
           "upmix", "vdownmix", "default", "dmix", "sysdefault", "front")


class Machine:
    """What this machine's audio tools answer, as a test sets it: a sound server's sinks
    and sources (None: no server), ``aplay -l``'s cards, PortAudio's inputs."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, sinks: list[str] | None = None,
                 sources: list[str] | None = None, cards: str = "",
                 portaudio: tuple[str, ...] = ()) -> None:
        import shutil
        import subprocess

        from voicepiece.audio import devices
        from voicepiece.listening import sources as listening

        def run(*cmd: str) -> subprocess.CompletedProcess[str]:
            args = cmd[1:]
            if args == ("info",):
                if sinks is None:
                    return subprocess.CompletedProcess(cmd, 1, "", "Connection refused")
                info = f"Default Sink: {sinks[0]}\nDefault Source: {(sources or ['-'])[0]}\n"
                return subprocess.CompletedProcess(cmd, 0, info, "")
            if args[:2] == ("list", "short"):
                names = sinks if args[2] == "sinks" else sources
                rows = "".join(f"{i}\t{n}\tmodule-alsa-card.c\ts16le 2ch 48000Hz\tIDLE\n"
                               for i, n in enumerate(names or []))
                return subprocess.CompletedProcess(cmd, 0, rows, "")
            if args == ("-l",):
                return subprocess.CompletedProcess(cmd, 0 if cards else 1, cards,
                                                   "" if cards else "no soundcards found")
            raise AssertionError(f"unexpected command {cmd}")

        monkeypatch.setattr(devices, "_run", run)
        monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
        monkeypatch.setattr(listening, "_pyaudio", lambda: None)
        monkeypatch.setattr(listening, "_portaudio_inputs", lambda: [
            listening.Device(i, name, name == "default") for i, name in enumerate(portaudio)])


def devices_listed(capsys: pytest.CaptureFixture[str]) -> list[str]:
    from voicepiece.cli import main

    capsys.readouterr()
    assert main(["devices"]) == 0
    return capsys.readouterr().out.splitlines()


def test_without_a_sound_server_devices_lists_sound_cards_not_alsa_plugins(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    Machine(monkeypatch, cards=APLAY_L,
            portaudio=(*PLUGINS, "HDA Intel PCH: ALC3232 Analog (hw:0,0)",
                       "USB Audio Device: USB Audio (hw:1,0)"))
    out = devices_listed(capsys)
    assert out == [
        "from the sound cards (no sound server answers); ALSA's plugins are not devices",
        "input devices (choose by index or part of the name):",
        "   14  HDA Intel PCH: ALC3232 Analog (hw:0,0)",
        "   15  USB Audio Device: USB Audio (hw:1,0)",
        "output devices (choose by name):",
        "  plughw:CARD=PCH,DEV=0  HDA Intel PCH: ALC3232 Analog",
        "  plughw:CARD=PCH,DEV=3  HDA Intel PCH: HDMI 0",
        "  plughw:CARD=Device,DEV=0  USB Audio Device: USB Audio"]


def test_a_machine_without_a_sound_card_lists_no_speaker(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The measured case: no sound server, no card, ten ALSA plugins."""
    Machine(monkeypatch, portaudio=PLUGINS)
    out = devices_listed(capsys)
    assert out[1].startswith("input devices: none") and out[2].startswith("output devices: none")
    assert len(out) == 3


def test_with_a_sound_server_devices_lists_its_sinks_and_sources(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    Machine(monkeypatch, sinks=["alsa_output.usb", "alsa_output.hdmi"],
            sources=["alsa_input.usb", "alsa_output.usb.monitor"], cards=APLAY_L,
            portaudio=("pulse", "default"))
    out = devices_listed(capsys)
    assert out[0] == "from the sound server"
    assert "    0  alsa_input.usb  (default)" in out and "    1  alsa_output.usb.monitor" in out
    assert "  alsa_output.usb  (default)" in out and "  alsa_output.hdmi" in out
    assert len(out) == 7  # no plugin (pulse, default), no card behind the server


def check(tmp_path: Path, capsys: pytest.CaptureFixture[str], **audio: str) -> tuple[int,
                                                                                      list[str]]:
    from tests.test_gallery import TEA, toml
    from voicepiece.cli import main

    path = tmp_path / "gallery.toml"
    path.write_text(toml({"audio": audio}))
    capsys.readouterr()
    code = main(["gallery", str(TEA), "--config", str(path), "--check"])
    return code, capsys.readouterr().out.splitlines()


def test_check_refuses_devices_that_do_not_exist_naming_those_that_do(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    Machine(monkeypatch, sinks=["vsink", "vmic"], sources=["vsink.monitor", "vmic.monitor"])
    code, out = check(tmp_path, capsys, microphone="usb", speaker="hdmi")
    assert code == 1
    assert [line for line in out if line.startswith("problem:")] == [
        "problem: [audio] microphone = 'usb': no input device is named like 'usb' "
        "(there are: 0: vsink.monitor, 1: vmic.monitor)",
        "problem: [audio] speaker = 'hdmi': no output device is named so "
        "(there are: vsink, vmic)"]
    assert check(tmp_path, capsys, microphone="vmic", speaker="vsink")[0] == 0
    assert check(tmp_path, capsys, microphone="1")[0] == 0
    code, out = check(tmp_path, capsys, microphone="monitor")
    assert code == 1 and "matches several devices" in out[-1]


def test_check_without_a_sound_server_takes_a_card_by_any_of_its_names(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    Machine(monkeypatch, cards=APLAY_L, portaudio=(*PLUGINS, "USB Audio Device: Mic (hw:1,0)"))
    for speaker in ("plughw:CARD=Device,DEV=0", "sysdefault:CARD=PCH", "hw:1,0"):
        assert check(tmp_path, capsys, microphone="USB", speaker=speaker)[0] == 0, speaker
    for speaker in ("null", "upmix", "pulse", "sysdefault:CARD=Webcam", "hw:4,0"):
        code, out = check(tmp_path, capsys, speaker=speaker)
        assert code == 1 and "there are: plughw:CARD=PCH,DEV=0, " in out[-1], speaker
    code, out = check(tmp_path, capsys, microphone="jack")
    assert code == 1 and out[-1] == ("problem: [audio] microphone = 'jack': no input device "
                                     "is named like 'jack' (there are: 14: USB Audio Device: "
                                     "Mic (hw:1,0)); no sound server answers here")

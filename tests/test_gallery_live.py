"""The gallery station on real devices: a private PulseAudio daemon (tests/pulse.py), the
real microphone path, voice detector, recognizer, narrator, speaker and recorder.

A visitor's voice played into the virtual microphone starts a session; the narrator's
question goes out to the virtual speaker; the visitor's answer, played into the
microphone, is heard and steers the piece; the recording lands in the sessions folder;
the station goes back to attract. And the self-test, with the speaker's monitor as the
microphone, hears the station's own test tone and phrase.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from tests.pulse import PulseServer, VirtualMic
from tests.test_gallery import TEA, config_for
from tests.test_live_ear import Listener, reply, wait_until_flowing
from voicepiece.gallery import machine as M
from voicepiece.gallery.health import read_journal
from voicepiece.listening.sources import MicrophoneSource
from voicepiece.story.loader import load_piece

HANG_GUARD = 180.0


def test_a_visitor_speaks_is_heard_recorded_and_the_station_resets(
        tmp_path: Path, virtual_mic: VirtualMic) -> None:
    from voicepiece.assembly.gallery import live_seams
    from voicepiece.gallery.station import Station

    wait_until_flowing()
    config = config_for(tmp_path, recording={"master": True},
                        consent={"notice": "This visit may be recorded."},
                        session={"closing": "Goodbye.", "cool_down": 0.0},
                        start={"voice_seconds": 0.3})
    piece = load_piece(str(TEA))
    seams = live_seams(config, piece)
    listener = Listener(virtual_mic, ["coffee"])
    seams.observers = lambda _trigger: [listener]
    station = Station(config, piece, seams)
    hello = virtual_mic.say_after(3.5, reply("hello there", voice=1))  # after the room is heard
    # a hang guard, not a timing: the visit takes ~35 s on an idle machine, over 55 s with
    # both cores busy
    guard = threading.Timer(HANG_GUARD, station.stop)
    guard.start()
    began = time.monotonic()
    try:
        station.run(max_sessions=1)
    finally:
        guard.cancel()
        hello.join(10)
        for thread in listener.threads:
            thread.join(10)
    assert time.monotonic() - began < HANG_GUARD, "the station did not finish its visit"
    assert station.loop.history == [M.CLOSED, M.ATTRACT, M.CONSENT, M.SESSION, M.CLOSING,
                                    M.COOL_DOWN, M.ATTRACT, M.STOPPED]
    [record] = read_journal(config.state_path("journal"), ("session",))
    assert record["outcome"] == "completed" and record["trigger"] == "voice"
    assert record["path"] == ["ask", "coffee", "close", "warm"]
    assert record["recording"] == "kept"
    folder = config.sessions_path / record["folder"]
    saved = json.loads((folder / "session.json").read_text())
    assert saved["completed"] is True and saved["turns"][0]["answer"] == "coffee"
    assert (folder / "session.wav").stat().st_size > 44 * 1000
    assert (folder / "captions.vtt").is_file()
    # the room, heard through the microphone at opening and in the cool-down: quiet here
    heard = read_journal(config.state_path("journal"), ("calibration",))
    assert [line["when"] for line in heard] == ["opening", "cool_down"]
    assert all(line["taken"] and line["gate_dbfs"] is None and line["level_dbfs"] < -50
               for line in heard)


def test_the_self_test_hears_the_speaker_through_the_microphone(
        pulse_server: PulseServer) -> None:
    """With the speaker's monitor as the microphone (the default source here), the tone
    and the phrase come back as they would through the air of a quiet room."""
    from voicepiece.audio.playback import Player
    from voicepiece.gallery.seams import StationVoice
    from voicepiece.gallery.selftest import self_test
    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.recognizer import SphinxRecognizer
    from voicepiece.listening.sources import PcmSource
    from voicepiece.voices import narrator_for
    from voicepiece.voices.outputs import SpeakerVoice

    wait_until_flowing()
    recognizer = SphinxRecognizer()
    voice = StationVoice(SpeakerVoice(narrator_for(load_piece(str(TEA))), Player()))
    result = self_test(voice, MicrophoneSource,
                       lambda pcm: ListeningEar(lambda: PcmSource(pcm), recognizer),
                       "the gallery is open", 10.0)
    assert result.ok, result.summary
    assert result.level_db is not None and result.level_db > 20
    assert result.heard == "the gallery is open"
    silent = StationVoice(SpeakerVoice(narrator_for(load_piece(str(TEA))), Player()), volume=0)
    muted = self_test(silent, MicrophoneSource,
                      lambda pcm: ListeningEar(lambda: PcmSource(pcm), recognizer),
                      "the gallery is open", 10.0)
    assert not muted.ok and "test tone" in muted.summary


def test_a_microphone_is_chosen_among_the_sound_servers_sources(
        pulse_server: PulseServer) -> None:
    """``[audio] microphone = "vmic"`` records from that source, not the default one."""
    from voicepiece.audio.levels import pcm_dbfs

    wait_until_flowing()
    assert pulse_server.pactl("get-default-source").strip() == pulse_server.monitor
    source = MicrophoneSource("vmic")
    try:
        speaking = threading.Thread(target=pulse_server.play_into,
                                    args=(pulse_server.mic, reply("coffee please")))
        frames = source.frames()
        next(frames)
        speaking.start()
        heard = b"".join(next(frames) for _ in range(60))  # ~2 s
    finally:
        source.close()
        speaking.join(10)
    assert pcm_dbfs(heard) > -40, "nothing came from the chosen source"


def test_check_names_the_devices_there_are(tmp_path: Path, pulse_server: PulseServer,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from tests.test_gallery import toml
    from voicepiece.cli import main

    path = tmp_path / "gallery.toml"
    path.write_text(toml({"audio": {"microphone": "usb", "speaker": "hdmi"}}))
    assert main(["gallery", str(TEA), "--config", str(path), "--check"]) == 1
    problems = [line for line in capsys.readouterr().out.splitlines()
                if line.startswith("problem:")]
    assert len(problems) == 2
    assert "'usb'" in problems[0] and pulse_server.mic_source in problems[0]
    assert "'hdmi'" in problems[1] and "vsink, vmic" in problems[1]
    path.write_text(toml({"audio": {"microphone": "vmic", "speaker": "vsink"}}))
    assert main(["gallery", str(TEA), "--config", str(path), "--check"]) == 0


def test_the_station_says_when_it_starts_and_why_it_stops(tmp_path: Path,
                                                          pulse_server: PulseServer) -> None:
    """As an installer runs it: in the foreground, stopped as systemd stops it."""
    import os
    import signal
    import subprocess
    import sys

    from tests.test_gallery import toml

    config = tmp_path / "gallery.toml"
    config.write_text(toml({"piece": str(TEA), "sessions_dir": str(tmp_path / "sessions"),
                            "self_test": {"enabled": False},
                            "audio": {"microphone": "vmic", "speaker": "vsink"},
                            "health": {"heartbeat": str(tmp_path / "heartbeat.json"),
                                       "journal": str(tmp_path / "journal.jsonl"),
                                       "log": str(tmp_path / "gallery.log")}}))
    station = subprocess.Popen([sys.executable, "-m", "voicepiece", "gallery", "--config",
                                str(config)], stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(Path.cwd())})
    try:
        assert station.stderr is not None
        first = station.stderr.readline()
        assert "started: piece tea (A cup of tea); microphone 'vmic', speaker 'vsink'" \
            in first, first
        assert "hours always; self-test off; recording to" in first
        station.send_signal(signal.SIGTERM)
        rest = station.communicate(timeout=60)[1]
    finally:
        if station.poll() is None:
            station.kill()
            station.wait()
    assert station.returncode == 0
    assert "stopped (SIGTERM) after 0 sessions" in rest, rest
    logged = (tmp_path / "gallery.log").read_text()
    assert "started: piece tea" in logged and "stopped (SIGTERM)" in logged


@pytest.fixture(autouse=True)
def _no_pulse_leak(pulse_server: PulseServer) -> None:
    """Every test here runs against the private daemon, never a real speaker."""

"""What `render` and `run` are given: replies checked before anything starts, no sound
server touched by a command that uses no device, and private folders whatever the umask."""

from __future__ import annotations

import json
import os
import socket
import stat
import struct
import subprocess
import sys
import threading
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from voicepiece.cli import main
from voicepiece.listening.listener_voices import speak

ROOT = Path(__file__).parent.parent
TEA = ROOT / "tests" / "pieces" / "tea"


def wav_header(channels: int, rate: int, bits: int, data: bytes = bytes(100)) -> bytes:
    """A WAV file whose format chunk says what it is told, however absurd."""
    fmt = struct.pack("<HHIIHH", 1, channels, rate, rate * channels * bits // 8,
                      channels * bits // 8, bits)
    body = (b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
            + b"data" + struct.pack("<I", len(data)) + data)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def write_wav(path: Path, pcm: bytes, rate: int = 16000) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm)
    return path


def missing(tmp: Path) -> str:
    return str(tmp / "x.wav")


def folder_named_wav(tmp: Path) -> str:
    (tmp / "x.wav").mkdir()
    return str(tmp / "x.wav")


def no_channels_no_rate(tmp: Path) -> str:
    (tmp / "x.wav").write_bytes(wav_header(0, 0, 0))
    return str(tmp / "x.wav")


def fifo(tmp: Path) -> str:
    os.mkfifo(tmp / "x.wav")  # reading it would wait for a writer for ever
    return str(tmp / "x.wav")


def no_samples(tmp: Path) -> str:
    return str(write_wav(tmp / "x.wav", b""))


def six_minutes(tmp: Path) -> str:
    return str(write_wav(tmp / "x.wav", bytes(2 * 8000 * 360), rate=8000))


def not_audio(tmp: Path) -> str:
    (tmp / "x.wav").write_text("these are words, not sound\n")
    return str(tmp / "x.wav")


@pytest.mark.parametrize("bad", [missing, folder_named_wav, no_channels_no_rate, fifo,
                                 no_samples, six_minutes, not_audio])
def test_a_bad_reply_file_is_one_line_before_anything_starts(
        bad, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reply = bad(tmp_path)
    out = tmp_path / "a" / "session"
    assert main(["render", str(TEA), "--reply", reply, "--out", str(out), "--no-master"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"voicepiece: --reply {reply}: ") and err.count("\n") == 1, err
    assert not (tmp_path / "a").exists(), "a refused render leaves no folder"
    # the same --out is free for the retry
    assert main(["render", str(TEA), "--reply", "yes", "--out", str(out), "--no-master"]) == 0
    assert json.loads((out / "session.json").read_text())["completed"] is True


def test_a_reply_file_is_heard_and_a_path_without_a_suffix_is_a_file(tmp_path: Path) -> None:
    clips = tmp_path / "clips"
    clips.mkdir()
    write_wav(clips / "yes.wav", speak("yes"))
    write_wav(clips / "coffee-take-2", speak("coffee"))  # no suffix: its path names it
    out = tmp_path / "s"
    assert main(["render", str(TEA), "--reply", str(clips / "coffee-take-2"), "--out", str(out),
                 "--no-master"]) == 0
    record = json.loads((out / "session.json").read_text())
    assert record["turns"][0]["answer"] == "coffee"
    assert main(["render", str(TEA), "--reply", str(clips / "yes.wav"), "--out",
                 str(tmp_path / "t"), "--no-master"]) == 0
    assert json.loads((tmp_path / "t" / "session.json").read_text())["ending"] == "warm"


@pytest.mark.parametrize("command", [["run", str(TEA), "--text"],
                                     ["render", str(TEA), "--typed", "--out", "never"]])
def test_a_reply_naming_audio_is_never_taken_for_words(
        command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no yes.wav here
    assert main([*command, "--reply", "yes.wav"]) == 2
    assert "--reply yes.wav: " in capsys.readouterr().err
    assert not (tmp_path / "never").exists()


@pytest.fixture
def listening_socket(tmp_path: Path) -> Iterator[tuple[str, list[bytes]]]:
    """A unix socket where a sound server would be, counting who connects to it."""
    path = tmp_path / "pulse-native"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(8)
    server.settimeout(0.2)
    callers: list[bytes] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            callers.append(b"caller")
            conn.close()  # a server that answers nothing: the client gives up at once

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"unix:{path}", callers
    done.set()
    thread.join()
    server.close()


@pytest.mark.parametrize("command", [
    ["render", str(TEA), "--reply", "yes", "--no-master", "--out"],
    ["prepare", str(TEA)],
])
def test_commands_that_use_no_device_never_reach_for_a_sound_server(
        command: list[str], tmp_path: Path, listening_socket: tuple[str, list[bytes]]) -> None:
    server, callers = listening_socket
    args = [*command, str(tmp_path / "s")] if command[-1] == "--out" else command
    env = dict(os.environ, PULSE_SERVER=server, PYTHONPATH=str(ROOT),
               VOICEPIECE_CACHE=str(tmp_path / "cache"))  # a cold cache: espeak starts
    done = subprocess.run([sys.executable, "-m", "voicepiece", *args], env=env,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert any((tmp_path / "cache").rglob("*.wav")), "the narrator's voice was not started"
    assert callers == [], "a command with no device connected to the sound server"


def test_every_folder_made_for_a_session_is_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        assert main(["run", str(TEA), "--text", "--reply", "yes",
                     "--record", str(tmp_path / "a" / "b" / "c")]) == 0
        assert main(["render", str(TEA), "--typed", "--reply", "yes", "--no-master",
                     "--out", str(tmp_path / "x" / "y")]) == 0
    finally:
        os.umask(old)
    made = [tmp_path / "a", tmp_path / "x", *(tmp_path / "a").rglob("*"),
            *(tmp_path / "x").rglob("*")]
    assert tmp_path / "a" / "b" / "c" / "session.json" in made
    for path in made:
        want = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == want, path

"""Sessions killed at random moments, or starved of disk, never claim to be complete, and
`sessions repair` recovers every finished turn."""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest

from voicepiece.cli import main

REPLIES = ["slowing down", "yes", "not really", "I don't know", "from within", "silence",
           "of course not", "absolutely", "banana", "maybe", "between two people"]


def render_command(out: Path) -> list[str]:
    args = [sys.executable, "-m", "voicepiece", "render", "her", "--out", str(out)]
    for reply in REPLIES:
        args += ["--reply", reply]
    return args


def assert_truthful(folder: Path) -> None:
    """Whatever is there is readable, and complete only if everything is."""
    record_file = folder / "session.json"
    if not record_file.exists():
        return
    record = json.loads(record_file.read_text())  # never half-written
    if record["completed"]:
        for name in ("session.wav", "captions.vtt", "transcript.txt"):
            assert (folder / name).exists(), f"complete but {name} is missing"
        with wave.open(str(folder / "session.wav")) as wav:
            assert wav.getnframes() > 0


def test_killed_renders_never_look_complete_and_repair_keeps_every_turn(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prepare", "her"]) == 0  # a warm cache: renders take about a second
    capsys.readouterr()
    began = time.monotonic()
    probe = subprocess.run(render_command(tmp_path / "probe"), capture_output=True, check=True)
    full = time.monotonic() - began
    assert probe.returncode == 0
    rng = random.Random(20261125)
    repaired = 0
    for i in range(20):
        folder = tmp_path / f"killed-{i}"
        proc = subprocess.Popen(render_command(folder), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, full * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert_truthful(folder)
        record_file = folder / "session.json"
        if not record_file.exists() or json.loads(record_file.read_text())["completed"]:
            continue
        turns = json.loads(record_file.read_text())["turns"]
        assert main(["sessions", "repair", str(folder)]) == 0
        after = json.loads(record_file.read_text())
        assert after["completed"] is False and after["finalised"]
        assert after["turns"] == turns, "repair must keep every finished turn"
        assert (folder / "transcript.txt").exists()
        if (folder / "session.wav").exists():
            with wave.open(str(folder / "session.wav")) as wav:
                seconds = wav.getnframes() / wav.getframerate()
            if turns and turns[-1]["response_start"] is not None:
                assert seconds >= turns[-1]["response_start"] - 0.05
        repaired += 1
    assert repaired >= 5, "too few kills landed mid-session to test repair"


def test_a_full_disk_stops_recording_not_the_session(tmp_path: Path) -> None:
    folder = tmp_path / "s"

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (3_000_000, 3_000_000))

    done = subprocess.run(render_command(folder), capture_output=True, text=True,
                          preexec_fn=small_disk, env=dict(os.environ), timeout=120)
    assert done.returncode == 1, done.stderr
    assert "incomplete: recording stopped" in done.stdout
    warnings = [line for line in done.stderr.splitlines() if "recording stopped" in line]
    assert len(warnings) == 1, done.stderr
    assert "Traceback" not in done.stderr
    record = json.loads((folder / "session.json").read_text())
    assert record["completed"] is False
    assert main(["sessions", "repair", str(folder)]) == 0
    assert json.loads((folder / "session.json").read_text())["turns"] == record["turns"]

"""A run killed before its clean-up (a benchmark stopped with SIGKILL, a crashed test
session) leaves its private PulseAudio folder in the temporary folder; the next
``virtual_audio()`` removes such folders — only those whose owner is gone, never one a
run still going (another worktree's benchmark, a test session beside it) is using."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from voicepiece.audio.virtual_daemon import FOLDER_PREFIX, UNOWNED_GRACE, sweep_stale

HOLDER = """
import sys, time
from voicepiece.audio.virtual import virtual_audio
with virtual_audio():
    print("ready", flush=True)
    time.sleep(120)
"""


@pytest.fixture
def temp() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="vps", dir="/tmp"))  # short: socket paths
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_killed_runs_folder_is_swept_and_a_live_ones_is_not(temp: Path) -> None:
    env = dict(os.environ, TMPDIR=str(temp),
               PYTHONPATH=os.pathsep.join([str(Path(__file__).parents[1]), *sys.path]))
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        made = list(temp.glob(FOLDER_PREFIX + "*"))
        assert len(made) == 1
        assert sweep_stale(temp) == [] and made[0].is_dir()  # its owner is running
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert made[0].is_dir()  # killed: no clean-up ran
    assert sweep_stale(temp) == made and not made[0].exists()


def test_a_folder_of_a_process_gone_or_of_another_by_the_same_pid_is_swept(
        temp: Path) -> None:
    gone = subprocess.Popen(["true"])
    gone.wait()
    dead = temp / f"{FOLDER_PREFIX}dead"
    dead.mkdir()
    (dead / "owner").write_text(f"{gone.pid} 1\n")
    reused = temp / f"{FOLDER_PREFIX}reused"  # our pid, but not our start: a pid reused
    reused.mkdir()
    (reused / "owner").write_text(f"{os.getpid()} 1\n")
    other = temp / "vp-other-dead"
    other.mkdir()
    (other / "owner").write_text(f"{gone.pid} 1\n")
    assert sorted(sweep_stale(temp)) == [dead, reused]
    assert other.is_dir()


def test_an_older_versions_folder_is_judged_by_its_daemons_socket(temp: Path) -> None:
    def folder(name: str) -> Path:
        path = temp / f"{FOLDER_PREFIX}{name}"
        (path / "run" / "pulse").mkdir(parents=True)
        return path

    listening = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    live = folder("live")
    listening.bind(str(live / "run" / "pulse" / "native"))
    listening.listen(1)
    dead = folder("dead")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as closed:
        closed.bind(str(dead / "run" / "pulse" / "native"))  # the file stays, no one listens
    fresh = folder("fresh")  # being made: no socket yet
    old = folder("old")
    back = time.time() - UNOWNED_GRACE - 60
    os.utime(old, (back, back))
    try:
        assert sorted(sweep_stale(temp)) == [dead, old]
        assert live.is_dir() and fresh.is_dir()
    finally:
        listening.close()

"""A full disk in run, render and repair: one line, a non-zero exit, and nothing that says
"recorded" when it was not.

Two kinds of full disk, both real: a small tmpfs filled to the last block (ENOSPC; needs
`mount`, so it is skipped, saying why, where mounting is refused), and a file size limit
(RLIMIT_FSIZE: EFBIG on the same write calls), which works for any user anywhere.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
TEA = ROOT / "tests" / "pieces" / "tea"


def voicepiece(*args: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it; with ``limit``, no file may grow past that many
    bytes (the write fails with EFBIG instead of the process being killed)."""

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "voicepiece", *args], env=env,
                          capture_output=True, text=True, timeout=180,
                          preexec_fn=small_files if limit is not None else None)


def one_line_failure(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode != 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert "recorded to" not in done.stderr + done.stdout


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[], None]]:
    """A 256 kB tmpfs at ``tmp_path / "disk"``; calling the fixture fills what is left."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")

    def fill() -> None:
        fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            while os.write(fd, bytes(4096)):
                pass
        except OSError:
            pass  # full
        finally:
            os.close(fd)

    try:
        yield fill
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_run_on_a_full_disk_never_says_recorded(tmp_path: Path,
                                                small_disk: Callable[[], None]) -> None:
    small_disk()
    folder = tmp_path / "disk" / "s"
    done = voicepiece("run", str(TEA), "--text", "--reply", "yes", "--record", str(folder))
    one_line_failure(done)
    assert f"{folder}: incomplete: recording stopped (No space left on device" in done.stderr
    assert "nothing of it is kept" in done.stderr  # no repair to suggest: nothing was written
    assert not (folder / "session.json").exists()


def test_render_and_repair_on_a_full_disk_say_one_line(tmp_path: Path,
                                                       small_disk: Callable[[], None]) -> None:
    folder = tmp_path / "disk" / "s"
    done = voicepiece("render", str(TEA), "--typed", "--reply", "yes", "--no-master",
                      "--out", str(folder))
    one_line_failure(done)
    assert "incomplete: recording stopped (No space left on device" in done.stdout
    assert json.loads((folder / "session.json").read_text())["completed"] is False
    small_disk()  # the render's audio filled most of it
    repair = voicepiece("sessions", "repair", str(folder))
    one_line_failure(repair)
    assert repair.stderr == (f"voicepiece: {folder}: cannot finish the repair (it can be run "
                             "again): No space left on device; free some space and try again\n")
    subprocess.run(["mount", "-o", "remount,size=8m", str(tmp_path / "disk")], check=True)
    again = voicepiece("sessions", "repair", str(folder))
    assert again.returncode == 0, again.stderr
    assert "finalised" in again.stdout and (folder / "transcript.txt").exists()


def test_run_with_no_room_for_its_record_fails_anywhere(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    done = voicepiece("run", str(TEA), "--text", "--reply", "yes", "--record", str(folder),
                      limit=100)  # the first session.json is larger
    one_line_failure(done)
    assert f"{folder}: incomplete: recording stopped (File too large" in done.stderr
    assert not (folder / "session.json").exists()


def test_repair_with_no_room_fails_in_one_line_anywhere(tmp_path: Path) -> None:
    # the narration in the cache, and a reply whose answer has no live line: espeak writes
    # no file of its own under the limit
    assert voicepiece("prepare", str(TEA)).returncode == 0
    folder = tmp_path / "s"
    stopped = voicepiece("render", str(TEA), "--typed", "--reply", "no", "--no-master",
                         "--out", str(folder), limit=100_000)
    one_line_failure(stopped)
    done = voicepiece("sessions", "repair", str(folder), limit=0)
    one_line_failure(done)
    assert done.stderr.startswith(f"voicepiece: {folder}: cannot finish the repair")
    assert done.stderr.count("\n") == 1


def test_render_with_its_temporary_files_on_the_full_disk(tmp_path: Path,
                                                          small_disk: Callable[[], None]
                                                          ) -> None:
    disk = tmp_path / "disk"
    # "yes" brings a line with the listener's word in it, synthesized after the session's
    # audio has filled the disk that TMPDIR is on too
    env = dict(os.environ, PYTHONPATH=str(ROOT), TMPDIR=str(disk))
    done = subprocess.run([sys.executable, "-m", "voicepiece", "render", str(TEA), "--typed",
                           "--reply", "yes", "--no-master", "--out", str(disk / "s")],
                          env=env, capture_output=True, text=True, timeout=180)
    one_line_failure(done)
    assert "incomplete: recording stopped (No space left on device" in done.stdout
    record = json.loads((disk / "s" / "session.json").read_text())
    assert record["completed"] is False and record["turns"][0]["answer"] == "yes"

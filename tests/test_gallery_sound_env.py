"""The station's check where its sound server is out of reach: a check run by hand (sudo,
runuser, another user's ssh login) without the service's ``XDG_RUNTIME_DIR``, or with
someone else's, must say so in one line — what is wrong and what to do — and fail, rather
than report every device missing or pass; ``scripts/install-gallery --check`` runs the
check as the service runs it.

The sound server is real: the suite's private PulseAudio daemon (``tests/pulse.py``),
whose runtime folder stands in for ``/run/user/UID``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pulse import PulseServer
from tests.test_gallery import TEA, toml
from voicepiece.audio import devices

ROOT = Path(__file__).resolve().parent.parent


def check(tmp_path: Path, capsys: pytest.CaptureFixture[str], **audio: str
          ) -> tuple[int, list[str]]:
    from voicepiece.cli import main

    path = tmp_path / "gallery.toml"
    path.write_text(toml({"audio": audio}))
    capsys.readouterr()
    code = main(["gallery", str(TEA), "--config", str(path), "--check"])
    return code, [line for line in capsys.readouterr().out.splitlines()
                  if line.startswith("problem:")]


@pytest.fixture
def run_user(tmp_path: Path, pulse_server: PulseServer, monkeypatch: pytest.MonkeyPatch
             ) -> Path:
    """``/run/user`` as the station's machine has it: this user's runtime folder, with its
    sound server's socket in it."""
    folder = tmp_path / "run-user"
    folder.mkdir()
    (folder / str(os.getuid())).symlink_to(pulse_server.runtime_dir)
    monkeypatch.setattr(devices, "RUN_USER", folder)
    return folder


def test_a_check_without_xdg_runtime_dir_names_it_not_every_device(
        tmp_path: Path, run_user: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.delenv("PULSE_SERVER")
    code, problems = check(tmp_path, capsys, microphone="vmic", speaker="vsink")
    own = run_user / str(os.getuid())
    assert code == 1
    assert problems == [f"problem: XDG_RUNTIME_DIR is not set, so the sound server running "
                        f"for this user ({own}/pulse/native) is not found: run it as the "
                        f"station runs, with XDG_RUNTIME_DIR={own}"]
    code, problems = check(tmp_path, capsys)  # the default devices: as unreachable
    assert code == 1 and len(problems) == 1
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(own))
    assert check(tmp_path, capsys, microphone="vmic", speaker="vsink") == (0, [])


def test_a_runtime_folder_that_is_missing_or_not_ours_is_one_line_saying_what_to_do(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))  # nor the private server's cookie and link
    gone = tmp_path / "run/4242"
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(gone))
    code, problems = check(tmp_path, capsys)
    assert code == 1 and len(problems) == 1
    assert problems[0].startswith(f"problem: XDG_RUNTIME_DIR={gone} does not exist")
    assert "loginctl enable-linger" in problems[0]
    if os.getuid() == 0:  # root's, inherited by the service user, as runuser passes it on
        other = tmp_path / "other"
        other.mkdir(mode=0o700)
        os.chown(other, 65534, 65534)
    else:
        other = Path("/")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(other))
    code, problems = check(tmp_path, capsys, microphone="usb")
    assert code == 1 and len(problems) == 1
    assert f"XDG_RUNTIME_DIR={other} is not this user's" in problems[0]
    assert f"with XDG_RUNTIME_DIR=/run/user/{os.getuid()}" in problems[0]


def install_check(tmp_path: Path, run_user: Path, microphone: str
                  ) -> subprocess.CompletedProcess[str]:
    """``scripts/install-gallery --check`` for a station installed in a private prefix,
    its service user being whoever runs the test."""
    bin_dir = tmp_path / "prefix/.venv/bin"
    bin_dir.mkdir(parents=True)
    program = bin_dir / "voicepiece"
    program.write_text(f"#!/bin/sh\nexec {sys.executable} -m voicepiece \"$@\"\n")
    program.chmod(0o755)
    config = tmp_path / "gallery.toml"
    config.write_text(toml({"piece": str(TEA), "audio": {"microphone": microphone}}))
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_RUNTIME_DIR", "PULSE_SERVER")}
    env.update(INSTALL_GALLERY_RUN_USER=str(run_user), PYTHONPATH=str(ROOT))
    import pwd

    user = pwd.getpwuid(os.getuid()).pw_name
    return subprocess.run([str(ROOT / "scripts/install-gallery"), "--check", "--user", user,
                           "--prefix", str(tmp_path / "prefix"), "--config", str(config)],
                          env=env, capture_output=True, text=True, timeout=120)


def test_install_gallery_check_runs_the_check_in_the_services_sound_environment(
        tmp_path: Path, run_user: Path) -> None:
    done = install_check(tmp_path, run_user, "vmic")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "install-gallery: the station's check passes" in done.stdout
    assert "Traceback" not in done.stderr


def test_install_gallery_check_without_the_users_sound_session_says_what_to_do(
        tmp_path: Path, pulse_server: PulseServer) -> None:
    empty = tmp_path / "run-user"
    empty.mkdir()
    done = install_check(tmp_path, empty, "vmic")
    assert done.returncode == 1
    problems = [line for line in done.stdout.splitlines() if line.startswith("problem:")]
    assert problems == [f"problem: XDG_RUNTIME_DIR={empty}/{os.getuid()} does not exist, so "
                        f"no sound server can be reached: this user's systemd instance is "
                        f"not running (`sudo loginctl enable-linger "
                        f"{__import__('pwd').getpwuid(os.getuid()).pw_name}` starts it, now "
                        f"and at every boot)"]
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith(
        "install-gallery: the station's check fails")


def test_a_station_started_out_of_its_sound_servers_reach_logs_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The station itself (the real command, its edges swapped as in
    tests/test_gallery_faults.py) would wait for its devices forever: its log says why."""
    from tests.test_gallery_faults import PIECE, drive, write_config

    piece = tmp_path / "faults" / "piece.yaml"
    piece.parent.mkdir()
    piece.write_text(PIECE)
    config_path, config = write_config(tmp_path, piece)
    gone = tmp_path / "run/4242"
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(gone))
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))  # nor the private server's cookie and link
    proc = drive(tmp_path, config_path, [])  # no visitor: it starts, then SIGTERM
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    log = config.state_path("log").read_text()
    assert f"sound: XDG_RUNTIME_DIR={gone} does not exist" in log

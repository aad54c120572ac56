"""The private PulseAudio daemon's process and folder, for :mod:`voicepiece.audio.virtual`.

Each daemon lives in a folder of its own (``$TMPDIR/vp-pulse-*``: its ``HOME``, its runtime
folder with the socket, its log) that names its owner, the process that made it (pid and
start time). A run killed before its clean-up leaves the folder behind; the next start
removes those whose owner is gone (:func:`sweep_stale`), never one a run still going uses.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from voicepiece.errors import EngineMissing, VoicepieceError

RATE = 16000
"""The null sinks' rate: what recognizers want, and what recordings come back at."""

DAEMON_MODULES = [
    "module-native-protocol-unix auth-anonymous=1",
    f"module-null-sink sink_name=vsink rate={RATE} channels=1",
    f"module-null-sink sink_name=vmic rate={RATE} channels=1",
    "module-always-sink",
]
KEPT_MONITORS = ["vsink.monitor", "vmic.monitor"]
DAEMON_CONF = "rlimit-rttime = 5000000\nenable-shm = no\n"
"""As root the daemon's sink threads run SCHED_RR, which keeps the devices' clocks steady
while the suite loads both cores, under PulseAudio's own RLIMIT_RTTIME: 200 ms of CPU
without blocking, past which the kernel kills the daemon with SIGKILL — a known failure on
loaded machines (a null sink's render takes well under a millisecond). 5 s leaves that
protection for a thread that really spins.

No shared memory: audio goes over the socket. With it, the daemon (PulseAudio 16.1) aborted
in a fresh clone's run on a client's shared block ("memblock.c: Assertion
'pa_atomic_load(&b->pool->stat.n_imported) > 0' failed ... memblock_replace_import()",
signal 6), after test_echo_cancel, which is where the fourteenth pass's CI run lost it too.
Copies over the socket cost nothing measurable for these few 16 kHz mono streams."""
_INSTALL_HINT = ("run the suite with scripts/test (it installs what is missing), "
                 "or: apt-get install pulseaudio pulseaudio-utils")

FOLDER_PREFIX = "vp-pulse-"
OWNER_FILE = "owner"
"""In each daemon's folder: the pid and start time of the process that made it."""
UNOWNED_GRACE = 600.0
"""Seconds a folder with no owner and no daemon's socket (made by a version that wrote no
owner, or just made) is left alone: a daemon starts within 15 s."""


def _die_with_parent() -> None:
    """In the daemon's child process: get SIGTERM if pytest dies, so no daemon lingers."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def sound_card_priority() -> None:
    """In a process that stands in for hardware (a recording's ``parec``, the virtual
    microphone's ``pacat``, the echo room): run ahead of the process under test, as a
    sound card's interrupt would. On a loaded machine a starved client drops audio — a 0.3 s
    tone said into the microphone came out as two bursts at load 8 — which no microphone
    does. Not permitted without privilege: then it runs as it is."""
    with contextlib.suppress(OSError):
        os.nice(-5)


def require_programs() -> None:
    missing = [p for p in ("pulseaudio", "pactl", "pacat", "parec") if not shutil.which(p)]
    if missing:
        raise EngineMissing(f"virtual audio devices need {', '.join(missing)}: {_INSTALL_HINT}")


def make_folder() -> Path:
    """A new daemon's folder, its owner this process; short, as socket paths are (≤ ~107
    characters)."""
    base = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
    (base / OWNER_FILE).write_text(_owner(os.getpid()))
    return base


def start_daemon(base: Path) -> tuple[subprocess.Popen[bytes], dict[str, str], Path]:
    """Start a daemon in ``base`` (again, after one there ended: the folder is remade where
    it was removed, a stale socket is the daemon's to replace) and wait until it answers.
    Returns the process, the environment its clients need, and its log."""
    home, runtime = base / "home", base / "run"
    if not base.is_dir():
        base.mkdir(mode=0o700)
        (base / OWNER_FILE).write_text(_owner(os.getpid()))
    home.mkdir(exist_ok=True)
    runtime.mkdir(mode=0o700, exist_ok=True)
    config = home / ".config" / "pulse"
    config.mkdir(parents=True, exist_ok=True)
    (config / "daemon.conf").write_text(DAEMON_CONF)
    env = dict(os.environ, HOME=str(home), XDG_RUNTIME_DIR=str(runtime),
               XDG_CONFIG_HOME=str(home / ".config"))
    for name in ("PULSE_SERVER", "PULSE_RUNTIME_PATH", "PULSE_STATE_PATH", "PULSE_CONFIG_PATH",
                 "PULSE_SINK", "PULSE_SOURCE"):
        env.pop(name, None)
    log = base / "pulseaudio.log"
    cmd = ["pulseaudio", "--daemonize=no", "-n", "--exit-idle-time=-1", "--use-pid-file=yes",
           "--log-target=stderr",
           *(f"--load={module}" for module in DAEMON_MODULES)]
    with log.open("ab") as log_file:
        daemon = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=log_file,
                                  stderr=log_file, preexec_fn=_die_with_parent)
    socket = runtime / "pulse" / "native"
    client_env = dict(env, PULSE_SERVER=f"unix:{socket}")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if daemon.poll() is not None:
            break
        ready = subprocess.run(["pactl", "info"], env=client_env, capture_output=True,
                               check=False)
        if ready.returncode == 0:
            return daemon, client_env, log
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        daemon.kill()
    daemon.wait()
    raise VoicepieceError(f"the private PulseAudio daemon did not start:\n{' '.join(cmd)}\n"
                          f"{log_tail(log)}")


def stop_daemon(daemon: subprocess.Popen[bytes], client_env: dict[str, str]) -> None:
    """Ask the daemon to quit, then make it."""
    if daemon.poll() is None:
        subprocess.run(["pulseaudio", "-k"], env=client_env, capture_output=True, check=False)
    try:
        daemon.wait(5)
    except subprocess.TimeoutExpired:
        daemon.terminate()
        try:
            daemon.wait(5)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()


def log_tail(log: Path | None, lines: int = 15) -> str:
    """The last lines the daemon logged (where it says why it stopped or refused)."""
    if log is None:
        return ""
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no log at {log})"


def _started(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, /proc's ``starttime``), None
    when there is no such process: a pid alone may since be another process's."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[-1].split()  # after "pid (name)": field 3 on
    return fields[19] if len(fields) > 19 else None


def _owner(pid: int) -> str:
    return f"{pid} {_started(pid)}\n"


def _owner_alive(folder: Path, now: float) -> bool:
    """Whether the process that made the daemon's ``folder`` may still be using it."""
    try:
        pid, started = (folder / OWNER_FILE).read_text().split()
        return _started(int(pid)) == started
    except (OSError, ValueError):
        pass  # no owner written: an older version's folder, or one being made
    socket_path = folder / "run" / "pulse" / "native"
    if socket_path.exists():
        import socket

        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(1.0)
            try:
                probe.connect(str(socket_path))
            except OSError:
                return False  # nothing listens: the daemon died with its run
            return True
    try:
        return now - folder.stat().st_mtime < UNOWNED_GRACE
    except OSError:
        return True


def sweep_stale(folder: Path | None = None) -> list[Path]:
    """Remove the daemons' folders (in ``folder``, default the temporary folder) that runs
    killed before their clean-up left behind — only where the process that made one is
    gone. Returns what was removed."""
    now = time.time()
    removed = []
    for path in sorted(Path(folder or tempfile.gettempdir()).glob(FOLDER_PREFIX + "*")):
        try:
            mine = path.is_dir() and not path.is_symlink() and path.stat().st_uid == os.getuid()
        except OSError:
            continue
        if mine and not _owner_alive(path, now):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


"""Virtual audio devices for tests and benchmarks: a private PulseAudio daemon with null sinks.

Used by the test fixtures in ``tests/pulse.py`` and by ``scripts/bench``.

Why a real sound server rather than mocks: the live path's bugs live in the devices — a
player that returns before the sound is out, a stop that leaves half a second playing, a
microphone that opens the wrong source. A null sink is a clocked device with no
hardware: whatever is played into it comes out, in real time, on its ``.monitor`` source,
where a test records it and compares.

What the daemon has (fixture ``pulse_server``, session scope, :class:`PulseServer`):

- ``vsink`` — the default sink, 16 kHz mono: the "speaker". ``vsink.monitor`` (the
  default source) is what came out of it; ``pulse_server.record()`` records it.
- ``vmic`` — a second null sink used as a virtual microphone: a test plays the listener's
  voice *into* ``vmic`` and the app records *from* ``vmic.monitor``. Fixture
  ``virtual_mic`` makes ``vmic.monitor`` the default source for one test (restoring
  ``vsink.monitor`` after) and yields a :class:`VirtualMic` whose ``say(segment)`` speaks
  into it. ``sr.Microphone()``/PyAudio reach it through ALSA's ``default`` device, which
  Debian's ``99-pulse.conf`` routes to PulseAudio whenever a server is running.

How it is started (works as root here, with no sound card; flags verified on Debian 12,
PulseAudio 16.1)::

    HOME=$tmp/home XDG_RUNTIME_DIR=$tmp/run XDG_CONFIG_HOME=$tmp/home/.config \\
    pulseaudio --daemonize=no -n --exit-idle-time=-1 --use-pid-file=yes \\
      --log-target=stderr \\
      --load="module-native-protocol-unix auth-anonymous=1" \\
      --load="module-null-sink sink_name=vsink rate=16000 channels=1" \\
      --load="module-null-sink sink_name=vmic rate=16000 channels=1" \\
      --load=module-always-sink

with ``rlimit-rttime = 5000000`` and ``enable-shm = no`` in its ``daemon.conf``
(``virtual_daemon.DAEMON_CONF``).

As root PulseAudio only warns ("not intended to be run as root") and runs in user mode: no
``--system`` and no extra flag needed. It runs in the foreground as a child of pytest
(instead of ``-D``) so start-up failures are seen and logged, and it is told to die with
pytest (PR_SET_PDEATHSIG). ``auth-anonymous=1`` is safe (the socket sits in a private 0700
folder) and makes clients independent of cookies, because the suite's ``conftest`` gives
each test its own ``XDG_CONFIG_HOME``. At the end: ``pulseaudio -k``, then SIGTERM, and
the folder (``$TMPDIR/vp-pulse-*``) is removed. A run killed before that leaves it behind:
each folder names its owner (pid and start time), and the next start removes those whose
owner is gone (:func:`sweep_stale`), never one a run still going uses.

For the whole session (restored after) the environment points clients at it:
``PULSE_SERVER=unix:$tmp/run/pulse/native``, ``HOME`` and ``XDG_RUNTIME_DIR`` private,
``PULSE_SINK``/``PULSE_SOURCE`` removed — so no test can reach a developer's real speakers.

A trap this module works around: an idle null sink renders in 2-second blocks, and a new
stream can wait that long for its first sample. Real sound cards do not behave like that.
So each monitor is kept read by a low-latency ``parec`` to ``/dev/null`` (a "keeper"), which
holds the sinks at ~20 ms blocks, as a hardware device would run; and
:meth:`PulseServer.record` returns only once audio is flowing.

To add a device for a future test, add a ``--load=...`` line to
``virtual_daemon.DAEMON_MODULES`` (e.g. ``module-pipe-source`` for a FIFO microphone) and, if
it is a sink, its monitor to ``virtual_daemon.KEPT_MONITORS``.

The daemon is one for a whole test session, so its end would fail every later test for one
reason, each with a message about its own device. :meth:`PulseServer.trouble` says why it
cannot be reached (ended, and how; its socket gone; the environment changed; not
answering) and :meth:`PulseServer.revive` starts it again in its folder: ``tests/pulse.py``
does both before each test that uses it, and says so in a warning with the daemon's log.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydub import AudioSegment

from voicepiece.audio.virtual_daemon import (
    KEPT_MONITORS,
    RATE,
    log_tail,
    make_folder,
    require_programs,
    sound_card_priority,
    start_daemon,
    stop_daemon,
    sweep_stale,
)

__all__ = ["RATE", "PulseServer", "Recording", "VirtualMic", "virtual_audio"]


class Recording:
    """``parec`` capturing a source in the background, started before anything plays.

    The recording is a continuous timeline: sample ``i`` was rendered at
    ``started_at + i / rate`` in ``time.perf_counter()`` time, which lets a test compare
    "when did sound appear / stop" with when the code under test acted.
    """

    def __init__(self, source: str, seconds: float | None, rate: int = RATE) -> None:
        self.source = source
        self.rate = rate
        self._limit = None if seconds is None else round(seconds * rate) * 2
        self._data = bytearray()
        self._origin = float("inf")  # min over reads of (read time - audio time so far)
        self._done = threading.Event()
        self._flowing = threading.Event()
        self._proc = subprocess.Popen(
            ["parec", "--raw", "--format=s16le", f"--rate={rate}", "--channels=1",
             f"--device={source}", "--latency-msec=10"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=sound_card_priority)
        self._reader = threading.Thread(target=self._read, name=f"record {source}",
                                         daemon=True)
        self._reader.start()
        if not self._flowing.wait(5.0):
            self.stop()
            err = self._proc.stderr.read().decode(errors="replace") if self._proc.stderr else ""
            raise RuntimeError(f"recording from {source} did not start: {err.strip()}")

    def _read(self) -> None:
        assert self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        try:
            while True:
                block = os.read(fd, 65536)
                now = time.perf_counter()
                if not block:
                    break
                self._data += block
                self._origin = min(self._origin, now - len(self._data) / 2 / self.rate)
                self._flowing.set()
                if self._limit is not None and len(self._data) >= self._limit:
                    break
        finally:
            self._done.set()
            self._flowing.set()
            with contextlib.suppress(ProcessLookupError):
                self._proc.kill()
            self._proc.wait()

    @property
    def started_at(self) -> float:
        """``perf_counter()`` time of sample 0 (estimated from the earliest arrival)."""
        return self._origin

    def time_of(self, sample: int) -> float:
        return self._origin + sample / self.rate

    def sample_at(self, moment: float) -> int:
        return round((moment - self._origin) * self.rate)

    def wait(self, timeout: float | None = None) -> AudioSegment:
        """Block until the requested seconds are recorded; the audio."""
        if not self._done.wait(timeout):
            raise TimeoutError(f"recording from {self.source} did not finish in {timeout} s")
        return self.audio

    def stop(self) -> AudioSegment:
        """End the recording now; the audio so far."""
        with contextlib.suppress(ProcessLookupError):
            self._proc.kill()
        self._reader.join(5.0)
        return self.audio

    @property
    def audio(self) -> AudioSegment:
        data = bytes(self._data if self._limit is None else self._data[: self._limit])
        return AudioSegment(data=data, sample_width=2, frame_rate=self.rate, channels=1)

    def __enter__(self) -> Recording:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass
class PulseServer:
    """The running private daemon and what tests do with it."""

    runtime_dir: Path
    server: str
    sink: str = "vsink"
    monitor: str = "vsink.monitor"
    mic: str = "vmic"
    mic_source: str = "vmic.monitor"
    rate: int = RATE
    log: Path | None = None
    _keepers: list[subprocess.Popen[bytes]] = field(default_factory=list, repr=False)
    _daemon: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _client_env: dict[str, str] = field(default_factory=dict, repr=False)

    def pactl(self, *args: str) -> str:
        done = subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=10,
                              check=False)
        if done.returncode != 0:
            raise subprocess.CalledProcessError(
                done.returncode, ["pactl", *args], done.stdout,
                f"{done.stderr.strip()} ({self.trouble() or 'the daemon answers'})")
        return done.stdout

    def trouble(self) -> str | None:
        """Why this process's clients cannot reach the daemon now, or None when they can.
        Every test's sound depends on the one daemon of the session: when it has ended, or
        the environment that points clients at it has changed, each later test fails for
        that one reason, so it is looked for before each test (``tests/pulse.py``)."""
        if self._daemon is not None and self._daemon.poll() is not None:
            code = self._daemon.returncode
            how = f"was killed by signal {-code}" if code < 0 else f"exited with status {code}"
            return f"the private PulseAudio daemon {how}"
        for name in ("HOME", "XDG_RUNTIME_DIR", "PULSE_SERVER"):
            if name in self._client_env and os.environ.get(name) != self._client_env[name]:
                return f"${name} is {os.environ.get(name)!r}, not the private daemon's"
        socket = self.runtime_dir / "pulse" / "native"
        if not socket.exists():
            return f"the private PulseAudio daemon's socket {socket} is gone"
        answer = subprocess.run(["pactl", "info"], capture_output=True, text=True, timeout=10,
                                check=False)
        if answer.returncode != 0:
            return f"the private PulseAudio daemon does not answer: {answer.stderr.strip()}"
        return None

    def log_tail(self) -> str:
        return log_tail(self.log)

    def revive(self) -> None:
        """Start the daemon again in its folder (same socket, same devices, the clients'
        environment set again), after :meth:`trouble` found it unreachable."""
        self._stop_keepers()
        if self._daemon is not None:
            stop_daemon(self._daemon, self._client_env)
        self._daemon, self._client_env, self.log = start_daemon(self.runtime_dir.parent)
        self._serve()

    def _serve(self) -> None:
        """Point this process's clients at the daemon, with ``vsink`` and its monitor as
        the defaults, and keep the monitors read."""
        for name in ("HOME", "XDG_RUNTIME_DIR", "PULSE_SERVER"):
            os.environ[name] = self._client_env[name]
        for name in ("PULSE_SINK", "PULSE_SOURCE", "PULSE_RUNTIME_PATH"):
            os.environ.pop(name, None)
        self.pactl("set-default-sink", self.sink)
        self.pactl("set-default-source", self.monitor)
        for monitor in KEPT_MONITORS:
            self._keepers.append(subprocess.Popen(
                ["parec", "--raw", f"--device={monitor}", "--latency-msec=20"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))

    def _stop_keepers(self) -> None:
        for keeper in self._keepers:
            keeper.kill()
            keeper.wait()
        self._keepers.clear()

    def record(self, seconds: float | None = None, source: str | None = None) -> Recording:
        """Start recording ``source`` (default: what the speaker plays) and return once
        audio is flowing; call ``.wait()`` for the audio, or ``.stop()`` to end early."""
        return Recording(source or self.monitor, seconds, self.rate)

    def play_into(self, sink: str, segment: AudioSegment) -> None:
        """Play ``segment`` into ``sink`` and return when it has been played."""
        segment = segment.set_sample_width(2)
        subprocess.run(
            ["pacat", "--playback", "--raw", "--format=s16le", f"--rate={segment.frame_rate}",
             f"--channels={segment.channels}", f"--device={sink}", "--latency-msec=50"],
            input=segment.raw_data, check=True, timeout=60 + len(segment) / 1000,
            preexec_fn=sound_card_priority)


@dataclass
class VirtualMic:
    """A microphone a test can speak into; the app hears it from its default source."""

    server: PulseServer
    sink: str = "vmic"
    source: str = "vmic.monitor"

    def say(self, segment: AudioSegment) -> None:
        """Speak ``segment`` into the microphone; returns when it has been "said"."""
        self.server.play_into(self.sink, segment)

    def say_after(self, delay: float, segment: AudioSegment) -> threading.Thread:
        """Speak ``segment`` after ``delay`` seconds, in the background (join the thread)."""
        def run() -> None:
            time.sleep(delay)
            self.say(segment)

        thread = threading.Thread(target=run, name="virtual mic", daemon=True)
        thread.start()
        return thread


@contextlib.contextmanager
def virtual_audio() -> Iterator[PulseServer]:
    """A private PulseAudio daemon with ``vsink`` as the speaker and ``vmic`` as a
    microphone; while it runs, this process's audio clients (and their children) reach it
    and nothing else, so no test or benchmark can sound on a real speaker."""
    require_programs()
    sweep_stale()
    base = make_folder()
    daemon, client_env, log = start_daemon(base)
    saved = {name: os.environ.get(name) for name in _CLIENT_ENV}
    server = PulseServer(runtime_dir=base / "run", server=client_env["PULSE_SERVER"], log=log,
                         _daemon=daemon, _client_env=client_env)
    try:
        server._serve()
        yield server
    finally:
        server._stop_keepers()
        if server._daemon is not None:
            stop_daemon(server._daemon, server._client_env)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(base, ignore_errors=True)


_CLIENT_ENV = ("HOME", "XDG_RUNTIME_DIR", "PULSE_SERVER", "PULSE_SINK", "PULSE_SOURCE",
               "PULSE_RUNTIME_PATH")

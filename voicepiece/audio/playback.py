"""Sound out of the speaker, through whatever audio server this machine runs.

Playback goes through a command-line player fed raw PCM on its stdin rather than a Python
audio binding: ``pacat`` when a PulseAudio or PipeWire server answers (``pactl info``), else
``aplay`` straight to ALSA. Both ship with every desktop Linux (``pulseaudio-utils``,
``alsa-utils``), need no compiler, and a child process can be killed at any moment — which
is what makes :meth:`Player.stop` (barge-in, the end of a gallery visit) and Ctrl-C cut
the sound at once: closing a stream, even a killed one, makes the server drop what it has
buffered.

The PCM is written in ~50 ms chunks, faster than real time: the player starts on the first
ones while the rest follows, and a stop is noticed between chunks. :meth:`Player.play`
only returns once the player has drained its stream — the session's timeline (when the
piece starts listening) depends on the sound being over, not merely handed over.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Literal

from voicepiece.audio.devices import Device, alsa_outputs, server_devices, server_info
from voicepiece.errors import DeviceError, EngineMissing

if TYPE_CHECKING:
    from pydub import AudioSegment

Backend = Literal["auto", "pulse", "alsa"]

CHUNK_SECONDS = 0.05
"""How much PCM one write carries: small enough for prompt first sound and stop()."""

PULSE_LATENCY_MS: int | None = None
"""A buffer size for pacat to ask the server for; None keeps the server's default (~2 s).

Measured on the test sink: asking for 100 ms (or even 400 ms) puts the stream in
"adjust latency" mode, where pacat must refill every few tens of milliseconds, and with
both cores busy ~1 play in 15 had an audible dropout. With the default buffer the whole
sound is handed over at once. First sound is no later (the PCM is written faster than
real time) and stop() is no slower: a killed stream is dropped and the server rewinds."""

_PROBE_TIMEOUT = 5.0
_ALTERNATIVES = "use --text, or `voicepiece render` to write audio files"


def _no_output(reason: str) -> DeviceError:
    return DeviceError(f"no audio output: {reason}; {_ALTERNATIVES}")


@dataclass(frozen=True)
class Output:
    """A chosen way out: which server kind and the program that plays raw PCM into it."""

    kind: Literal["pulse", "alsa"]
    program: str

    def command(self, rate: int, channels: int, device: str | None) -> list[str]:
        if self.kind == "pulse":
            cmd = [self.program, "--playback", "--raw", "--format=s16le", f"--rate={rate}",
                   f"--channels={channels}", "--client-name=voicepiece",
                   "--stream-name=voicepiece"]
            if PULSE_LATENCY_MS:
                cmd.append(f"--latency-msec={PULSE_LATENCY_MS}")
            if device:
                cmd.append(f"--device={device}")
            return cmd
        cmd = [self.program, "-q", "-t", "raw", "-f", "S16_LE", "-r", str(rate),
               "-c", str(channels)]
        if device:
            cmd += ["-D", device]
        return cmd


def _pulse_reachable() -> bool:
    """Whether a PulseAudio-compatible server (PulseAudio, pipewire-pulse) answers."""
    return server_info() is not None


def _alsa_open_error(aplay: str, device: str | None) -> str | None:
    """Open the ALSA device and play nothing; None if that worked, else aplay's complaint.

    Probing up front turns "no sound card" into an error before the session starts
    rather than a failure halfway through its first line.
    """
    cmd = [aplay, "-q", "-t", "raw", "-f", "S16_LE", "-r", "16000", "-c", "1"]
    if device:
        cmd += ["-D", device]
    try:
        done = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=_PROBE_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return "aplay did not answer"
    except OSError as exc:
        return str(exc)
    if done.returncode == 0:
        return None
    return _last_line(done.stderr.decode(errors="replace")) or f"aplay exited {done.returncode}"


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def find_output(backend: Backend = "auto", device: str | None = None) -> Output:
    """Choose how sound leaves this machine, or raise a one-line error saying why it cannot."""
    pacat = shutil.which("pacat")
    aplay = shutil.which("aplay")
    if backend in ("auto", "pulse") and pacat and _pulse_reachable():
        return Output("pulse", pacat)
    if backend == "pulse":
        if not pacat:
            raise EngineMissing("no audio output: pacat is not installed "
                                f"(apt-get install pulseaudio-utils); {_ALTERNATIVES}")
        raise _no_output("no PulseAudio/PipeWire sound server answers (`pactl info` fails)")
    if aplay is None:
        if backend == "auto" and pacat is None:
            raise EngineMissing("no audio output: neither pacat nor aplay is installed "
                                f"(apt-get install pulseaudio-utils alsa-utils); {_ALTERNATIVES}")
        server = "" if backend == "alsa" else "no sound server answers and "
        raise EngineMissing(f"no audio output: {server}aplay is not installed "
                            f"(apt-get install alsa-utils); {_ALTERNATIVES}")
    problem = _alsa_open_error(aplay, device)
    if problem is not None and device:
        raise DeviceError(f"no such audio device {device!r} ({problem}); "
                              "`voicepiece devices` lists them")
    if problem is not None:
        raise _no_output(f"no sound server or ALSA device found ({problem})")
    return Output("alsa", aplay)


def output_devices(backend: Backend = "auto") -> list[Device]:
    """The speakers :class:`Player` accepts as ``device``: the sound server's sinks, or
    without one the sound cards' devices — never ALSA's plugins
    (:mod:`voicepiece.audio.devices` says how they are told apart).

    Unlike playing, listing does not require the default device to open: the list is
    what a user looks at when the default is the wrong one.
    """
    if backend != "alsa":
        sinks = server_devices("sink")
        if sinks is not None:
            return sinks
    aplay = shutil.which("aplay")
    if backend == "pulse" or aplay is None:
        find_output(backend)  # raises the one-line error that says what is missing
        return []  # pragma: no cover - find_output found a way out after all
    return alsa_outputs(aplay)


class Player:
    """Plays :class:`pydub.AudioSegment` sounds, one at a time, and can be cut short.

    The output is chosen on first use, not at construction, so building a Player (e.g.
    for ``--text`` sessions that may never play anything) costs nothing and never fails.
    """

    def __init__(self, device: str | None = None, backend: Backend = "auto") -> None:
        self.device = device
        self.backend: Backend = backend
        self.last_started_at: float | None = None
        """``time.perf_counter()`` when the last play() wrote its first chunk: the moment
        sound was handed to the audio server, for first-sample latency measurements."""
        self._output: Output | None = None
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._playing = False
        self._stop_requested = False

    @property
    def output(self) -> Output:
        """The way out, chosen once (lazily); raises the one-line error if there is none."""
        if self._output is None:
            self._output = find_output(self.backend, self.device)
        return self._output

    def play(self, segment: AudioSegment) -> None:
        """Play ``segment`` and return when it has been heard, or when stop() cuts it.

        Ctrl-C (KeyboardInterrupt) silences the sound before it propagates.
        """
        output = self.output
        if segment.sample_width != 2:
            segment = segment.set_sample_width(2)
        pcm = memoryview(segment.raw_data)
        if not pcm:
            return
        chunk = max(segment.frame_width, int(segment.frame_rate * CHUNK_SECONDS)
                    * segment.frame_width)
        cmd = output.command(segment.frame_rate, segment.channels, self.device)
        with self._lock:
            if self._playing:
                raise RuntimeError("Player.play() is already running in another thread")
            self._playing = True
            self._stop_requested = False
        self.last_started_at = None
        try:
            # stderr to a file, not a pipe: a chatty player can never block on it.
            with tempfile.TemporaryFile() as errors:
                returncode = self._feed(cmd, pcm, chunk, errors)
                if returncode != 0 and not self._stop_requested:
                    errors.seek(0)
                    raise self._failure(returncode, errors.read().decode(errors="replace"))
        finally:
            with self._lock:
                self._proc = None
                self._playing = False

    def _feed(self, cmd: list[str], pcm: memoryview, chunk: int, errors: IO[bytes]) -> int:
        """Run the player on ``pcm``; its exit status (negative if stop() killed it)."""
        proc: subprocess.Popen[bytes] | None = None
        try:
            with self._lock:
                if self._stop_requested:
                    return 0
                # Its own session: a terminal's Ctrl-C reaches only us, so we decide how
                # the sound ends (and never mistake the player's death for a failure).
                proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                        stderr=errors, bufsize=0, start_new_session=True)
                self._proc = proc
            assert proc.stdin is not None
            for start in range(0, len(pcm), chunk):
                if not _write_all(proc.stdin, pcm[start:start + chunk]):
                    break  # the player went away: stopped, or failed (judged by the caller)
                if self.last_started_at is None:
                    self.last_started_at = time.perf_counter()
                if self._stop_requested:
                    break
            with contextlib.suppress(BrokenPipeError):
                proc.stdin.close()
            return _wait(proc)
        except BaseException:  # Ctrl-C above all: silence first, then let it propagate
            if proc is not None:
                _kill(proc)
                with contextlib.suppress(OSError, ValueError):
                    proc.stdin.close()  # type: ignore[union-attr]
            raise

    def stop(self) -> None:
        """Silence the current play() at once and make it return; a no-op when idle.

        Safe to call from any thread (a barge-in detector, a gallery watchdog).
        """
        with self._lock:
            if not self._playing:
                return
            self._stop_requested = True
            proc = self._proc
        if proc is not None:
            _kill(proc)

    def _failure(self, returncode: int, stderr: str) -> DeviceError:
        detail = _last_line(stderr) or f"exited with status {returncode}"
        program = os.path.basename(self.output.program)
        if self.device and ("No such entity" in detail or "No such file" in detail):
            return DeviceError(f"no such audio device {self.device!r} ({program}: "
                                   f"{detail}); `voicepiece devices` lists them")
        return DeviceError(f"audio output failed ({program}: {detail})")


def _write_all(pipe: IO[bytes], data: memoryview) -> bool:
    """Write all of ``data``; False if the reader has gone (killed or crashed)."""
    try:
        while data:
            written = pipe.write(data)
            if written is None:  # pragma: no cover - only for non-blocking pipes
                continue
            data = data[written:]
    except (BrokenPipeError, ValueError):
        return False
    return True


def _wait(proc: subprocess.Popen[bytes]) -> int:
    """Wait for the player to finish, interruptible by Ctrl-C at once.

    ``Popen.wait()`` alone would, on KeyboardInterrupt, keep waiting 0.25 s for the child
    (CPython's bpo-25942 grace period) — audible, since the sound plays on meanwhile.
    ``waitid(WNOWAIT)`` waits without reaping, so the reap that follows cannot block.
    """
    with contextlib.suppress(ChildProcessError):  # already reaped by stop()'s thread
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
    return proc.wait()


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """End a player at once: SIGKILL, because a player asked to quit politely may drain."""
    with contextlib.suppress(ProcessLookupError):
        proc.kill()  # SIGKILL; a no-op once the player has been reaped
    proc.wait()

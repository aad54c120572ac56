"""A loudspeaker heard by the microphone, on the virtual devices: the echo path that
echo cancellation is measured and tested against (``voicepiece.audio.virtual``).

What comes out of the speaker sink (its monitor, as it is rendered) is delayed, passed
through a short room impulse response (a direct path and a decaying tail of reflections),
attenuated, and played into the virtual microphone's sink, where it mixes with whatever a
test says into the microphone. It runs in real time through the sound server (``parec``
from the monitor, ``pacat`` into the microphone), so the delay is the sum of a chosen
delay and the two streams' buffers, and it moves a little on a loaded machine — as the path
from a player through a sound card, the air and a microphone does. :attr:`EchoRoom.delay`
is the part chosen here; the benchmark measures the whole by correlation.

Start it after choosing the default source: PulseAudio 16 moves a stream that was made on
the default source when the default changes, so a room listening to ``vsink.monitor``
while that was the default would follow ``set-default-source vmic.monitor`` and feed the
microphone back into itself.

Why not ``module-loopback``: it has no room (no reflections to cancel), and it
resamples to hold its latency, which a canceller's filter would have to chase.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys

import numpy as np

from voicepiece.audio.virtual import RATE, PulseServer
from voicepiece.audio.virtual_daemon import sound_card_priority

BLOCK = 256
"""Samples read and written at a time (16 ms)."""


def room_response(seconds: float = 0.2, rt60: float = 0.3, drr_db: float = 0.0,
                  seed: int = 0, rate: int = RATE) -> np.ndarray:
    """A small room's impulse response, unit energy: the direct sound, then reflections
    decaying by 60 dB in ``rt60`` seconds, cut at ``seconds``, their energy ``drr_db``
    under the direct sound's (a microphone 1-2 m from a loudspeaker in a living room:
    RT60 0.3-0.5 s, direct-to-reverberant ratio around 0 dB; what a canceller must model
    is the first ~0.2 s, the rest is under the noise)."""
    rng = np.random.default_rng(seed)
    t = np.arange(round(seconds * rate)) / rate
    tail = rng.standard_normal(len(t)) * np.exp(-t * 6.9 / rt60)
    tail[: round(0.003 * rate)] = 0.0  # the first reflection arrives a few ms after the direct
    tail *= np.sqrt(10 ** (-drr_db / 10) / np.sum(tail**2))
    tail[0] = 1.0
    return tail / np.sqrt(np.sum(tail**2))


class EchoRoom:
    """The speaker's sound fed back into the microphone while it runs (a context manager).

    The room runs in a child process of its own (``python -m voicepiece.audio.room_echo``):
    in the process under test it would share the interpreter's lock with the voice
    detector and the recognizer, fall behind under load, and let its stream run dry —
    each time, the echo's delay would jump by the gap, which no loudspeaker in a room does.
    """

    def __init__(self, server: PulseServer, delay: float = 0.06, gain_db: float = -6.0,
                 rt60: float = 0.3, drr_db: float = 0.0) -> None:
        self.server = server
        self.delay, self.gain_db, self.rt60, self.drr_db = delay, gain_db, rt60, drr_db
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> EchoRoom:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "voicepiece.audio.room_echo", self.server.monitor,
             self.server.mic, str(self.delay), str(self.gain_db), str(self.rt60),
             str(self.drr_db)], stdin=subprocess.DEVNULL)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()


def _room(monitor: str, mic: str, delay: float, gain_db: float, rt60: float,
          drr_db: float) -> None:
    """The child process: ``monitor`` through the room into the sink ``mic``, until killed."""
    sound_card_priority()
    listen = subprocess.Popen(
        ["parec", "--raw", "--format=s16le", f"--rate={RATE}", "--channels=1",
         f"--device={monitor}", "--latency-msec=10", "--stream-name=room microphone"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    speak = subprocess.Popen(
        ["pacat", "--playback", "--raw", "--format=s16le", f"--rate={RATE}",
         "--channels=1", f"--device={mic}", f"--latency-msec={round(1000 * delay) + 40}",
         "--stream-name=room echo"],
        stdin=subprocess.PIPE, stderr=subprocess.DEVNULL)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    assert listen.stdout is not None and speak.stdin is not None
    taps = room_response(rt60=rt60, drr_db=drr_db) * 10 ** (gain_db / 20)
    tail = np.zeros(len(taps) - 1)
    fd = listen.stdout.fileno()
    try:
        speak.stdin.write(bytes(2 * round(delay * RATE)))
        pending = b""
        while True:
            block = os.read(fd, BLOCK * 2 - len(pending))
            if not block:
                break
            pending += block
            if len(pending) < BLOCK * 2:
                continue
            x = np.frombuffer(pending, dtype="<i2").astype(np.float64)
            pending = b""
            y = np.convolve(x, taps)
            y[: len(tail)] += tail
            tail = y[BLOCK:].copy()
            speak.stdin.write(np.clip(np.round(y[:BLOCK]), -32768, 32767).astype("<i2")
                              .tobytes())
            speak.stdin.flush()
    except (BrokenPipeError, OSError):
        pass
    finally:
        for proc in (listen, speak):
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            proc.wait()


if __name__ == "__main__":
    _room(sys.argv[1], sys.argv[2], *(float(a) for a in sys.argv[3:7]))

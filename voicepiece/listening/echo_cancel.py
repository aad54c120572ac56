"""The microphone with the loudspeaker taken out of it: barge-in and resumable turns on
loudspeakers (``voicepiece run --barge-in --echo-cancel``).

The reference is what the speaker sink renders, read from its monitor (``parec``): the
narration as the sound server mixed it, the cue, anything else playing — sample for sample
what went out, on the sink's own clock, and cut exactly where a barge-in killed the player.
(Feeding the canceller the PCM the player hands over would need the player's latency,
which with the server's default 2 s buffer is not known until it plays.) Each stream's
sample 0 is placed in ``time.perf_counter()`` time by its earliest arrival (as
``audio.virtual.Recording`` does), so the reference heard at the moment a microphone
sample was captured is known up to a constant: the echo delay (the speaker's and the
microphone's buffers, the air), typically 30-200 ms and 150-250 ms more over Bluetooth.
:class:`Delay` finds it by cross-correlating the two (GCC-PHAT over 3 s, whenever the
narrator has been speaking) and the canceller's reference is shifted by it, less a few
milliseconds' margin, so its filter has to model only the room (``audio.speex``).

Everything downstream — the barge-in detector, the ear, the recording of the listener —
reads the cancelled frames: the listener's voice with the narrator's echo suppressed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator

import numpy as np

from voicepiece.audio.speex import SpeexEcho
from voicepiece.errors import DeviceError, EngineMissing
from voicepiece.listening.base import FRAME_SAMPLES, SAMPLE_RATE, Source

log = logging.getLogger(__name__)

MAX_DELAY = 0.6
"""Longest echo delay looked for (s): a sound card's buffers and a room are ~30-200 ms, a
Bluetooth speaker adds up to ~250 ms."""
WINDOW = 3.0
"""Seconds of microphone correlated with the reference to find the delay."""
EVERY = 2.0
"""Seconds between two looks for the delay (each costs a few ms), while the narrator speaks."""
MARGIN = 0.008
"""The reference is made to lead its echo by this much, so the echo's onset is never
earlier than the filter's first tap when the delay wobbles by a block."""
CONFIDENT = 6.0
"""A correlation peak this many times the spread of the rest is a delay, not a guess."""
TRUSTED_DB = 15.0
"""Echo return loss enhancement (the median over a frame's loss while the narrator sounds)
below which the canceller is not trusted: at 15 dB the narrator's echo, 6-10 dB under
a listener's voice at the microphone, is ~20 dB under it — below what the voice
detector takes for speech. Chosen on the bench's room (scripts/bench_echo.py)."""
NEAR_DB = 6.0
"""How much louder than the narrator's echo alone the microphone must be for a frame the
canceller took little out of to be a listener speaking over it (a double-talk test in
the manner of Geigel's, on levels learned in the room rather than a fixed 6 dB loss)."""
ERLE_SECONDS = 4.0
"""Seconds of narration over which that median is taken: long enough that a listener
speaking over a second or two of it (which lowers those frames' loss) does not move it."""
ECHO_TAIL = 0.4
"""Seconds after the reference was last loud that its echo may still be arriving: the
delay and the room's reverberation."""
SETTLE = 3.0
"""Seconds over which each stream's start is placed in time (by its earliest arrival);
then the placing is fixed and the streams are paired sample for sample, so a frame that
happens to arrive early cannot shift the pairing (it would look like a change of delay)."""
LOUD = 300.0
"""RMS (of 32768) of the reference in a window worth correlating: the narrator speaking."""


class SpeakerMonitor:
    """What the speaker sink plays, captured from its monitor in the background; samples
    are fetched by the time they were rendered (:meth:`at`)."""

    def __init__(self, sink: str | None = None, keep: float = 2.0,
                 rate: int = SAMPLE_RATE) -> None:
        self.rate = rate
        self.source = f"{sink}.monitor" if sink else "@DEFAULT_MONITOR@"
        self._buffer: deque[np.ndarray] = deque()
        self._first = 0  # sample index of the buffer's first sample
        self._count = 0  # samples received
        self._keep = round(keep * rate)
        self._origin = float("inf")
        self._settle = round(SETTLE * rate)
        self._lock = threading.Lock()
        self._flowing = threading.Event()
        try:
            self._proc = subprocess.Popen(
                ["parec", "--raw", "--format=s16le", f"--rate={rate}", "--channels=1",
                 f"--device={self.source}", "--latency-msec=10",
                 "--stream-name=echo reference"],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as exc:
            raise EngineMissing("echo cancellation reads the speaker through the sound "
                                "server: apt-get install pulseaudio-utils") from exc
        self._thread = threading.Thread(target=self._read, name="echo reference", daemon=True)
        self._thread.start()
        if not self._flowing.wait(5.0) or self._proc.poll() is not None:
            self.close()
            raise DeviceError(f"echo cancellation cannot hear the speaker ({self.source}): "
                              "it needs a PulseAudio or PipeWire sound server")

    def _read(self) -> None:
        assert self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        odd = b""
        while True:
            block = os.read(fd, 8192)
            now = time.perf_counter()
            if not block:
                break
            block = odd + block
            odd = block[len(block) // 2 * 2:]
            samples = np.frombuffer(block[: len(block) // 2 * 2], dtype="<i2")
            with self._lock:
                self._buffer.append(samples)
                self._count += len(samples)
                if self._count <= self._settle:
                    self._origin = min(self._origin, now - self._count / self.rate)
                while self._buffer and self._count - self._first - len(self._buffer[0]) \
                        >= self._keep:
                    self._first += len(self._buffer.popleft())
            self._flowing.set()
        self._flowing.set()

    def at(self, moment: float, samples: int) -> np.ndarray:
        """``samples`` of what was rendered from ``moment`` on (perf_counter time); zeros
        where nothing was (yet, or any longer) captured."""
        out = np.zeros(samples, dtype=np.int16)
        with self._lock:
            if not self._buffer:
                return out
            start = round((moment - self._origin) * self.rate)
            data = np.concatenate(self._buffer) if len(self._buffer) > 1 else self._buffer[0]
            if len(data) > self._keep:  # what is older than ``keep`` is never asked for
                self._first += len(data) - self._keep
                data = data[-self._keep:]
            self._buffer.clear()
            self._buffer.append(data)
            lo, hi = max(start, self._first), min(start + samples, self._count)
            if hi > lo:
                out[lo - start:hi - start] = data[lo - self._first:hi - self._first]
        return out

    def ahead_of(self, moment: float) -> bool:
        """Whether the capture has reached ``moment`` (its samples are in)."""
        with self._lock:
            return self._origin + self._count / self.rate >= moment

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self._proc.kill()
        self._proc.wait()
        self._thread.join(2)


class Delay:
    """The echo delay in samples, found by correlating the microphone with the reference
    (GCC-PHAT: whitened, so the narrator's voice's own periodicity does not blur the peak)."""

    def __init__(self, rate: int = SAMPLE_RATE, initial: float = 0.0) -> None:
        self.rate = rate
        self.samples = round(initial * rate)
        self.found = False
        self._longest = round(MAX_DELAY * rate)
        self._window = round(WINDOW * rate)
        self._mic: deque[np.ndarray] = deque()
        self._ref: deque[np.ndarray] = deque()
        self._held = 0
        self._since = 0
        self._every = round(EVERY * rate)
        self._candidate: int | None = None
        self._total = 0
        self.changes: list[tuple[float, float]] = []
        """(seconds of microphone so far, delay in ms) at each change, for benchmarks."""

    def add(self, mic: np.ndarray, reference: np.ndarray) -> bool:
        """Another block of both, the reference as rendered when the microphone sample was
        captured; whether the delay changed."""
        self._mic.append(mic)
        self._ref.append(reference)
        self._held += len(mic)
        while self._held - len(self._mic[0]) >= self._window + self._longest:
            self._held -= len(self._mic.popleft())
            self._ref.popleft()
        self._since += len(mic)
        self._total += len(mic)
        if self._since < self._every or self._held < self._window + self._longest:
            return False
        self._since = 0
        mic_all = np.concatenate(self._mic).astype(np.float64)[-self._window:]
        ref_all = np.concatenate(self._ref).astype(np.float64)[-(self._window + self._longest):]
        if np.sqrt(np.mean(ref_all[-self._window:] ** 2)) < LOUD:
            return False
        lag = _gcc_phat(mic_all, ref_all, self._longest)
        if lag is None:
            self._candidate = None
            return False
        wanted = max(0, lag - round(MARGIN * self.rate))
        candidate, self._candidate = self._candidate, wanted
        if candidate is None or abs(candidate - wanted) > round(0.001 * self.rate):
            return False  # a delay is believed when two looks, 2 s apart, agree
        if self.found and abs(wanted - self.samples) <= round(0.002 * self.rate):
            return False
        log.info("echo delay %.0f ms", 1000 * lag / self.rate)
        self.samples, self.found = wanted, True
        self.changes.append((self._total / self.rate, 1000 * lag / self.rate))
        return True


def _gcc_phat(mic: np.ndarray, ref: np.ndarray, longest: int) -> int | None:
    """The lag (samples, 0..longest) by which ``mic``'s end echoes ``ref``'s end, or None
    when no peak stands out. ``ref`` is ``longest`` samples longer, reaching further back."""
    n = 1 << int(np.ceil(np.log2(len(ref) + len(mic))))
    spectrum = np.fft.rfft(mic, n) * np.conj(np.fft.rfft(ref, n))
    spectrum /= np.abs(spectrum) + 1e-9
    corr = np.fft.irfft(spectrum, n)
    # mic[i] ~ ref[i + longest - lag]: correlation index (i - j) mod n = lag - longest
    lags = np.arange(longest + 1)
    values = corr[(lags - longest) % n]
    best = int(np.argmax(values))
    spread = np.std(values) + 1e-12
    if (values[best] - np.median(values)) / spread < CONFIDENT:
        return None
    return best


def cancelled(open_mic: Callable[[], Source], sink: str | None = None
              ) -> Callable[[], Source]:
    """What opens the microphone ``open_mic`` opens with the echo of the speaker ``sink``
    (None: the default) taken out. The canceller's library is loaded now, so a missing
    ``libspeexdsp`` is one line before the session starts, not at its first line."""
    SpeexEcho().close()

    def opened() -> Source:
        mic = open_mic()
        try:
            return EchoCancelledSource(mic, SpeakerMonitor(sink))
        except BaseException:
            mic.close()
            raise

    return opened


class EchoCancelledSource:
    """A live microphone source with the speaker's echo cancelled; closing it closes the
    microphone and the reference."""

    realtime = True

    def __init__(self, mic: Source, monitor: SpeakerMonitor, canceller: SpeexEcho | None = None,
                 delay: Delay | None = None) -> None:
        self.mic = mic
        self.monitor = monitor
        self.canceller = canceller if canceller is not None else SpeexEcho()
        self.delay = delay if delay is not None else Delay()
        self._history = np.zeros(0, dtype=np.int16)  # reference at the mic's times, recent
        self.processed = 0.0  # seconds of audio the canceller has taken
        self.unsure = False
        """Whether the last frame may still hold echo the canceller has not learned to
        take out: the narrator sounded within the last ``ECHO_TAIL`` seconds and, over the
        last ``ERLE_SECONDS`` of narration, the median frame lost less than
        ``TRUSTED_DB``. The barge-in detector takes no such frame for speech."""
        self._erle: deque[float] = deque(maxlen=round(ERLE_SECONDS * SAMPLE_RATE
                                                      / FRAME_SAMPLES))
        self._echo_frames = round(ECHO_TAIL * SAMPLE_RATE / FRAME_SAMPLES)
        self._unknown_frames = round((ECHO_TAIL + MAX_DELAY) * SAMPLE_RATE / FRAME_SAMPLES)
        self._echo_left = 0
        self._levels: deque[tuple[float, float]] = deque(maxlen=6)  # ~0.2 s, the room's spread
        self._return: deque[float] = deque(maxlen=self._erle.maxlen)

    def frames(self) -> Iterator[bytes]:
        origin = float("inf")
        n = 0
        keep = round(MAX_DELAY * SAMPLE_RATE) + FRAME_SAMPLES
        settle = round(SETTLE * SAMPLE_RATE)
        for frame in self.mic.frames():
            now = time.perf_counter()
            samples = len(frame) // 2
            if n < settle:
                origin = min(origin, now - (n + samples) / SAMPLE_RATE)
            moment = origin + n / SAMPLE_RATE
            n += samples
            deadline = now + 0.05
            while not (heard := self.monitor.ahead_of(moment + samples / SAMPLE_RATE)) \
                    and time.perf_counter() < deadline:
                time.sleep(0.005)
            here = self.monitor.at(moment, samples)
            self._history = np.concatenate([self._history, here])[-keep:]
            mic = np.frombuffer(frame, dtype="<i2")
            if self.delay.add(mic, here):
                self._erle.clear()  # the filter learned another delay: trust it again later
            d = self.delay.samples
            end = len(self._history) - d
            reference = self._history[max(0, end - samples):max(0, end)]
            if len(reference) < samples:
                reference = np.concatenate(
                    [np.zeros(samples - len(reference), dtype=np.int16), reference])
            out = self.canceller.process(frame, reference.astype("<i2").tobytes())
            self._judge(mic, reference, out, heard)
            yield out
            self.processed += samples / SAMPLE_RATE

    def _judge(self, mic: np.ndarray, reference: np.ndarray, out: bytes, heard: bool) -> None:
        """Whether the frame just yielded can be trusted to hold no echo (:attr:`unsure`).

        Not while the speaker's sound for it has not come (nothing to vouch with), nor
        while the canceller has not yet learned the room (the median loss over the last
        seconds of narration is under :data:`TRUSTED_DB`). And not a frame that lost
        little of the microphone's energy though the microphone holds no more than the
        narrator's echo would (its level over the reference's, as learned on frames
        the canceller took out well, plus :data:`NEAR_DB`): the filter has just lost
        the room (the delay jumped: a buffer ran dry). A frame that lost little because
        a listener is speaking over the echo is louder than that, and stays trusted."""
        def energy(x: np.ndarray) -> float:
            return float(np.mean(x.astype(np.float64) ** 2)) + 1.0

        ref_e, mic_e = energy(reference), energy(mic)
        out_e = energy(np.frombuffer(out, dtype="<i2"))
        self._levels.append((ref_e, mic_e))
        loud = ref_e >= LOUD**2
        tail = self._echo_frames if self.delay.found else self._unknown_frames
        self._echo_left = tail if loud or not heard else max(0, self._echo_left - 1)
        if self._echo_left == 0:
            self.unsure = False
            return
        loss = 10 * np.log10(mic_e / out_e)
        refs, mics = (sum(level) for level in zip(*self._levels, strict=True))
        over = 10 * np.log10(mics / refs)  # the microphone over the narration, smoothed
        if loud:
            self._erle.append(loss)
            if loss >= TRUSTED_DB:
                self._return.append(over)
        learned = len(self._erle) >= self._erle.maxlen // 4 and \
            float(np.median(self._erle)) >= TRUSTED_DB and len(self._return) >= 8
        near = learned and over > float(np.median(self._return)) + NEAR_DB
        self.unsure = not learned or (loss < TRUSTED_DB - 5 and not near)

    def close(self) -> None:
        try:
            self.mic.close()
        finally:
            self.monitor.close()

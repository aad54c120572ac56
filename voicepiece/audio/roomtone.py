"""Room tone: a continuous, quiet noise shaped like the room a listener's replies were
recorded in, to lay under a whole session so that its pauses sound like that room rather
than switching to digital silence between the replies.

The tone is learnt from the quiet parts of a reply (its power spectrum and level: the
room's hum and hiss, never its words — a spectrum holds no speech) and made afresh as
random-phase noise with that spectrum, by overlap-adding windowed frames: it never
repeats, and it is the same every time for the same seed. A new room glides in over about
a second, so a change of level between replies is not a step.
"""

from __future__ import annotations

import math

import numpy as np

FRAME = 1024
"""Samples per synthesis frame (46 ms at 22050 Hz): fine enough for hum, short enough
to follow a change."""
_HOP = FRAME // 2
GLIDE = 1.0
"""Seconds over which the tone moves to a newly heard room."""
_BATCH = 256  # frames made at once (6 s at 22050 Hz): a long pause costs no more memory
_WINDOW = np.sqrt(0.5 - 0.5 * np.cos(2 * np.pi * np.arange(FRAME) / FRAME))  # sqrt-Hann


def pink_shape() -> np.ndarray:
    """A magnitude shape for pink-ish noise (1/f power above 50 Hz), at no set level."""
    bins = np.arange(FRAME // 2 + 1, dtype=np.float64)
    return 1 / np.sqrt(np.maximum(bins, 2.0))


def room_shape(samples: np.ndarray) -> np.ndarray | None:
    """The magnitude spectrum of ``samples`` (the quiet of a room: no speech), averaged
    over Hann-windowed frames; None when there is less than a frame."""
    count = len(samples) // _HOP - 1
    if count < 1:
        return None
    hann = _WINDOW ** 2
    frames = np.stack([samples[i * _HOP:i * _HOP + FRAME] for i in range(count)])
    power = np.mean(np.abs(np.fft.rfft(frames * hann, axis=1)) ** 2, axis=0)
    return np.sqrt(power)


class RoomTone:
    """An endless room tone, taken in consecutive pieces with :meth:`take`."""

    def __init__(self, rate: int, seed: int = 0) -> None:
        self.rate = rate
        self._rng = np.random.default_rng(seed)
        self._shape = np.zeros(FRAME // 2 + 1)  # the magnitudes being made now
        self._target = self._shape
        self._glide_frames = max(1, round(GLIDE * rate / _HOP))
        self._step = 0  # frames into the current glide
        self._start = self._shape
        self._tail = np.zeros(_HOP)  # the second half of the last frame, still to be added
        self._ready = np.zeros(0)  # samples made but not yet taken
        self.level_dbfs: float | None = None

    @property
    def silent(self) -> bool:
        return not self._target.any() and not self._shape.any()

    def set_room(self, shape: np.ndarray, level_dbfs: float, glide: bool = True) -> None:
        """Glide (or, without ``glide``, go at once) to noise of spectrum ``shape`` at
        ``level_dbfs`` RMS (16-bit full scale)."""
        self._target = self._scaled(shape, level_dbfs)
        self._start = self._shape if glide else self._target
        self._step = 0 if glide else self._glide_frames
        self.level_dbfs = level_dbfs

    def take(self, count: int) -> np.ndarray:
        """The next ``count`` samples of the tone (16-bit scale, float)."""
        while len(self._ready) < count:
            needed = math.ceil((count - len(self._ready)) / _HOP)
            self._ready = np.concatenate((self._ready, self._frames(min(needed, _BATCH))))
        out, self._ready = self._ready[:count], self._ready[count:]
        return out

    def _frames(self, count: int) -> np.ndarray:
        if self._step >= self._glide_frames:  # settled: one shape for every frame
            shapes = np.broadcast_to(self._target, (count, len(self._target)))
        else:
            steps = np.minimum(self._step + np.arange(1, count + 1), self._glide_frames)
            self._step = int(steps[-1])
            mix = (steps / self._glide_frames)[:, None]
            shapes = (1 - mix) * self._start + mix * self._target
        self._shape = shapes[-1]
        draws = self._rng.standard_normal((count, 2, shapes.shape[1]))  # frame by frame
        spectrum = (draws[:, 0] + 1j * draws[:, 1]) * shapes
        frames = np.fft.irfft(spectrum, FRAME, axis=1) * _WINDOW
        out = frames[:, :_HOP].copy()
        out[0] += self._tail
        out[1:] += frames[:-1, _HOP:]
        self._tail = frames[-1, _HOP:].copy()
        return out.reshape(-1)

    def _scaled(self, shape: np.ndarray, level_dbfs: float) -> np.ndarray:
        """``shape`` scaled so that the noise made from it has RMS ``level_dbfs``: each
        frame's expected power follows from Parseval's theorem, and the sqrt-Hann windows
        overlapped by half sum to one."""
        weights = np.full(len(shape), 4.0)  # a bin and its mirror, real and imaginary parts
        weights[0] = weights[-1] = 1.0  # only the real part of DC and Nyquist counts
        power = float(np.sum(weights * shape ** 2)) / FRAME ** 2
        if power <= 0:
            return np.zeros_like(shape)
        target = (32768 * 10 ** (level_dbfs / 20)) ** 2
        return shape * math.sqrt(target / power)

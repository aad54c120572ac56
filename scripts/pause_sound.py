"""The sound at a pause: what the last voiced stretch before it sounds like, whatever the
words (issue 13, item 6, fourteenth pass). A measurement for
scripts/bench_turns_prosody.py, not a rule of the ear: on the turn sets' synthetic clips
it told fragments from finished answers no better than chance (AUC 0.43–0.54 on v9's fit
half; docs/listening-measurements.md, "The sound at the pause").

A speaker who stops to think often holds the last sound — "uh…", "um…", "and…" — on a
level pitch, where a finished sentence falls and fades. These measures read the audio of
the turn so far (16 kHz, 16-bit mono) only: no transcript, no model. Cheap: one FFT per
20 ms frame of the last 1.2 s (~2.5 ms of CPU a pause).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["PauseSound", "pause_sound"]

RATE = 16000
STEP = 320
"""20 ms frames."""
WINDOW = 640
"""40 ms analysis windows (two frames): two periods of a 70 Hz voice."""
LOOK_BACK = 1.2
"""Seconds of the turn's end looked at."""
LOW_HZ, HIGH_HZ = 70.0, 400.0
VOICED = 0.5
"""Normalised autocorrelation at the pitch's lag from which a frame is voiced."""
ABOVE_FLOOR_DB = 8.0
"""A frame is speech when this far above the quietest fifth of the look-back."""


@dataclass(frozen=True)
class PauseSound:
    """The last voiced stretch before the pause: ``voiced`` seconds long, its pitch's
    ``slope`` over its last part (semitones a second; negative falls) and the pitch at its
    end against its median (``fall``, semitones; negative: ends lower), ``steady`` (how
    little its spectrum changes frame to frame, 0–1: a held vowel or hum is near 1) and
    ``fade`` (dB from its loudest frame to its last). ``found`` False: no voiced stretch."""

    found: bool
    voiced: float = 0.0
    slope: float = 0.0
    fall: float = 0.0
    steady: float = 0.0
    fade: float = 0.0


def _frames(audio: bytes) -> Any:
    import numpy as np

    x = np.frombuffer(audio[: len(audio) // 2 * 2], dtype="<i2").astype(np.float64) / 32768
    x = x[-int(LOOK_BACK * RATE) - WINDOW:]
    n = (len(x) - WINDOW) // STEP + 1
    if n < 5:
        return None
    idx = np.arange(WINDOW)[None, :] + STEP * np.arange(n)[:, None]
    return x[idx]


def pause_sound(audio: bytes) -> PauseSound:
    """The :class:`PauseSound` of the turn so far (``audio`` ends in the pause)."""
    import numpy as np

    frames = _frames(audio)
    if frames is None:
        return PauseSound(False)
    w = frames - frames.mean(axis=1, keepdims=True)
    w = w * np.hanning(WINDOW)[None, :]
    level = 10 * np.log10(np.mean(w ** 2, axis=1) + 1e-10)
    floor = np.sort(level)[len(level) // 5]
    spec = np.fft.rfft(w, n=2 * WINDOW, axis=1)
    power = np.abs(spec) ** 2
    ac = np.fft.irfft(power, axis=1)[:, :WINDOW]
    lo, hi = int(RATE / HIGH_HZ), int(RATE / LOW_HZ)
    lag = lo + np.argmax(ac[:, lo:hi], axis=1)
    strength = ac[np.arange(len(ac)), lag] / (ac[:, 0] + 1e-12)
    voiced = (strength >= VOICED) & (level >= floor + ABOVE_FLOOR_DB)
    ends = np.nonzero(voiced)[0]
    if not len(ends):
        return PauseSound(False)
    end = int(ends[-1])
    start = end
    while start > 0 and (voiced[start - 1] or (start > 1 and voiced[start - 2])):
        start -= 1
    run = np.arange(start, end + 1)
    run = run[voiced[run]]
    if len(run) < 3:
        return PauseSound(True, voiced=len(run) * STEP / RATE)
    semis = 12 * np.log2(RATE / lag[run] / 100.0)
    semis = np.array([np.median(semis[max(0, i - 1): i + 2]) for i in range(len(semis))])
    tail = run[-min(len(run), 12):]
    t = (tail - tail[0]) * STEP / RATE
    s = semis[-len(tail):]
    slope = float(np.polyfit(t, s, 1)[0]) if len(tail) >= 3 else 0.0
    fall = float(np.mean(semis[-3:]) - np.median(semis))
    logp = np.log(power[run][:, 4:160] + 1e-10)
    logp = logp - logp.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(logp, axis=1) + 1e-9
    cos = np.sum(logp[1:] * logp[:-1], axis=1) / (norms[1:] * norms[:-1])
    steady = float(np.mean(cos)) if len(cos) else 0.0
    fade = float(level[run].max() - level[end])
    return PauseSound(True, voiced=(end - start + 1) * STEP / RATE, slope=round(slope, 2),
                      fall=round(fall, 2), steady=round(steady, 3), fade=round(fade, 1))

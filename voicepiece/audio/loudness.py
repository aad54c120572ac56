"""Loudness as ITU-R BS.1770 measures it (K-weighting, 400 ms blocks, gating), in numpy,
for sounds too short or too many to send through ffmpeg one by one: the mix levels each
listener's reply against the narrator's lines as they arrive.

The K-weighting filter is applied in the frequency domain: its two biquads (a high shelf
near 1.7 kHz, a high pass near 38 Hz) are designed for the sound's own rate from the
standard's analogue parameters, as pyloudnorm does, and their response multiplies the
spectrum of the zero-padded sound — the same result as running the filters, without
scipy. Figures agree with ffmpeg's ``ebur128`` within ~0.1 LU on speech.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

SILENT_LUFS = -70.0
"""BS.1770's absolute gate: blocks under it are not sound, and a sound with none above it
measures this."""
RELATIVE_GATE = 10.0
"""LU under the ungated loudness below which a block is left out (pauses, room tone)."""
BLOCK = 0.4
HOP = 0.1

_SHELF = (3.99984385397, 0.7071752369554193, 1681.9744509555319)  # gain dB, Q, Hz
_HIGH_PASS = (0.5003270373253953, 38.13547087613982)  # Q, Hz
_TAIL = 0.5  # seconds of zeros after a sound, so the filter's ring does not wrap around


def _biquads(rate: int) -> list[tuple[tuple[float, float, float], tuple[float, float, float]]]:
    gain, q, fc = _SHELF
    a = 10 ** (gain / 40)
    w0 = 2 * math.pi * fc / rate
    alpha = math.sin(w0) / (2 * q)
    cos, root = math.cos(w0), 2 * math.sqrt(a) * alpha
    shelf = ((a * ((a + 1) + (a - 1) * cos + root), -2 * a * ((a - 1) + (a + 1) * cos),
              a * ((a + 1) + (a - 1) * cos - root)),
             ((a + 1) - (a - 1) * cos + root, 2 * ((a - 1) - (a + 1) * cos),
              (a + 1) - (a - 1) * cos - root))
    q, fc = _HIGH_PASS
    w0 = 2 * math.pi * fc / rate
    alpha, cos = math.sin(w0) / (2 * q), math.cos(w0)
    high_pass = (((1 + cos) / 2, -(1 + cos), (1 + cos) / 2), (1 + alpha, -2 * cos, 1 - alpha))
    return [shelf, high_pass]


@lru_cache(maxsize=16)
def _response(size: int, rate: int) -> np.ndarray:
    """The filter's frequency response at the bins of a ``size``-point FFT."""
    z = np.exp(-2j * np.pi * np.fft.rfftfreq(size))  # z^-1 on the unit circle
    response = np.ones_like(z)
    for b, a in _biquads(rate):
        response *= (b[0] + b[1] * z + b[2] * z * z) / (a[0] + a[1] * z + a[2] * z * z)
    response.flags.writeable = False
    return response


def k_weighted(samples: np.ndarray, rate: int) -> np.ndarray:
    """``samples`` (any scale) through BS.1770's K-weighting filter."""
    n = len(samples) + round(_TAIL * rate)
    size = 1 << max(1, (n - 1).bit_length())  # powers of two: few sizes, each cached
    return np.fft.irfft(np.fft.rfft(samples, size) * _response(size, rate),
                        size)[:len(samples)]


def block_powers(samples: np.ndarray, rate: int) -> np.ndarray:
    """Mean square of the K-weighted sound (full scale = 1) in 400 ms blocks every 100 ms;
    a sound shorter than a block is one block of its own length."""
    if not len(samples):
        return np.zeros(0)
    weighted = k_weighted(np.asarray(samples, dtype=np.float64) / 32768.0, rate)
    block, hop = round(BLOCK * rate), round(HOP * rate)
    if len(weighted) <= block:
        return np.array([float(np.mean(weighted ** 2))])
    cumulative = np.concatenate(([0.0], np.cumsum(weighted ** 2)))
    starts = np.arange(0, len(weighted) - block + 1, hop)
    return (cumulative[starts + block] - cumulative[starts]) / block


def lufs(power: float) -> float:
    return -0.691 + 10 * math.log10(power) if power > 0 else -math.inf


def gated_loudness(powers: np.ndarray) -> float:
    """The loudness of blocks per BS.1770's two gates (LUFS), ``SILENT_LUFS`` if none
    passes the absolute gate."""
    threshold = 10 ** ((SILENT_LUFS + 0.691) / 10)
    loud = powers[powers > threshold]
    if not loud.size:
        return SILENT_LUFS
    relative = 10 ** ((lufs(float(np.mean(loud))) - RELATIVE_GATE + 0.691) / 10)
    kept = loud[loud > relative]
    return lufs(float(np.mean(kept)))


def loudness(samples: np.ndarray, rate: int) -> float:
    """The gated loudness of 16-bit-scale ``samples`` in LUFS: of a stretch of speech, the
    speech itself, its pauses left out by the gates."""
    return gated_loudness(block_powers(samples, rate))

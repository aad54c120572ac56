"""Noise reduction for a noisy answer before it is decoded: the acoustic model mistakes
what noise leaves behind for phones, and a filter that leaves little of it behind measured
as the difference between 69% and 86% of answers right at 10 dB SNR
(docs/listening-measurements.md)."""

from __future__ import annotations

__all__ = ["enhance"]


def enhance(audio: bytes, over: float = 2.0, floor: float = 0.2, quantile: float = 20.0,
            smoothing: float = 0.98, size: int = 512, hop: int = 128) -> bytes:
    """Noise reduction: a Wiener filter with decision-directed SNR estimates (Ephraim and
    Malah), which leaves much less "musical" noise for the acoustic model to mistake for
    phones than plain spectral subtraction (measured: grammar accuracy at 10 dB SNR 69% raw,
    76% with spectral subtraction, 86% with this).

    Each frequency's noise power is a low percentile (``quantile``) of its power over the
    turn, which is mostly noise around and between words, counted ``over`` times; the gain
    never falls below ``floor``."""
    import numpy as np

    x = np.frombuffer(audio[: len(audio) // 2 * 2], dtype="<i2").astype(np.float64)
    if len(x) < size:
        return audio
    window = np.hanning(size)
    padded = np.concatenate([np.zeros(size), x, np.zeros(size)])
    frames = np.lib.stride_tricks.sliding_window_view(padded, size)[::hop] * window
    spectrum = np.fft.rfft(frames, axis=1)
    power = np.abs(spectrum) ** 2
    noise = over * np.percentile(power, quantile, axis=0) + 1e-9
    posterior = power / noise
    gains = np.empty_like(power)
    gain = np.zeros(power.shape[1])
    last = np.ones(power.shape[1])
    for i, snr in enumerate(posterior):
        prior = smoothing * gain**2 * last + (1 - smoothing) * np.maximum(snr - 1.0, 0.0)
        gain = np.maximum(prior / (1.0 + prior), floor)
        gains[i] = gain
        last = snr
    pieces = np.fft.irfft(spectrum * gains, size, axis=1) * window
    out = np.zeros(len(padded))
    norm = np.zeros(len(padded))
    index = (np.arange(len(pieces)) * hop)[:, None] + np.arange(size)[None, :]
    np.add.at(out, index, pieces)
    np.add.at(norm, index, np.broadcast_to(window**2, pieces.shape))
    cleaned = (out / np.maximum(norm, 1e-9))[size:size + len(x)]
    return np.clip(np.rint(cleaned), -32768, 32767).astype("<i2").tobytes()

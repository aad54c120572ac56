"""Seeded room noise: the quiet floor a real microphone always hears, made on demand.

The ear follows a reply that is not real time with this floor (a reply file ends, then the
listener is quiet in a room, not in digital silence), and the synthetic listeners pad and
cover their speech with it. Everything is deterministic: same seed, same bytes.
"""

from __future__ import annotations

import numpy as np

from voicepiece.audio.levels import LISTENING_RATE

__all__ = ["FLOOR_DBFS", "add_noise", "noise", "pad", "speech_rms"]

FLOOR_DBFS = -62.0
"""RMS of the noise floor left in silences, in dB below full scale: a quiet room through a
cheap microphone. Low enough to be inaudible under speech, high enough that nothing is
digitally silent."""


def _samples(pcm: bytes) -> np.ndarray:
    return np.frombuffer(pcm, dtype="<i2").astype(np.float64)


def _pcm(samples: np.ndarray) -> bytes:
    return np.clip(np.rint(samples), -32768, 32767).astype("<i2").tobytes()


def _noise(n: int, rng: np.random.Generator, color: str) -> np.ndarray:
    """Unit-RMS noise: white, pink-ish (1/f power above 50 Hz, shaped in the spectrum) or
    brown-ish (1/f², a low rumble: traffic, a ventilation duct)."""
    if n == 0:
        return np.zeros(0)
    white = rng.standard_normal(n)
    if color in ("pink", "brown"):
        spectrum = np.fft.rfft(white)
        freqs = np.maximum(np.fft.rfftfreq(n, 1 / LISTENING_RATE), 50.0)
        spectrum /= np.sqrt(freqs) if color == "pink" else freqs
        white = np.fft.irfft(spectrum, n)
    elif color != "white":
        raise ValueError(f"noise color must be 'white', 'pink' or 'brown', not {color!r}")
    rms = float(np.sqrt(np.mean(white**2)))
    return white / rms if rms > 0 else white


def _floor_rms() -> float:
    return 32768 * 10 ** (FLOOR_DBFS / 20)


def speech_rms(pcm: bytes) -> float:
    """RMS of the speech in ``pcm``: over its 20 ms frames within 30 dB of the loudest, so
    padding and pauses do not lower it."""
    x = _samples(pcm)
    frame = LISTENING_RATE // 50
    usable = len(x) // frame * frame
    if usable == 0:
        return float(np.sqrt(np.mean(x**2))) if len(x) else 0.0
    energy = np.mean(x[:usable].reshape(-1, frame) ** 2, axis=1)
    loud = energy[energy >= energy.max() / 1000]
    return float(np.sqrt(np.mean(loud))) if loud.size else 0.0


def add_noise(pcm: bytes, snr_db: float | None, seed: int, color: str = "pink") -> bytes:
    """``pcm`` with noise ``snr_db`` below its speech RMS (white, pink or brown), never quieter
    than the room floor; ``snr_db=None`` adds only the floor. Same seed, same bytes."""
    x = _samples(pcm)
    level = _floor_rms()
    if snr_db is not None:
        level = max(level, speech_rms(pcm) / 10 ** (snr_db / 20))
    rng = np.random.default_rng(seed)
    return _pcm(x + level * _noise(len(x), rng, color))


def noise(seconds: float, seed: int = 0, dbfs: float | None = None,
          color: str = "pink") -> bytes:
    """``seconds`` of noise alone at ``dbfs`` RMS (None: the room floor)."""
    rng = np.random.default_rng(seed)
    level = _floor_rms() if dbfs is None else 32768 * 10 ** (dbfs / 20)
    return _pcm(level * _noise(round(seconds * LISTENING_RATE), rng, color))


def pad(pcm: bytes, before: float, after: float, seed: int = 0) -> bytes:
    """``pcm`` with ``before`` and ``after`` seconds of floor noise around it."""
    rng = np.random.default_rng(seed)
    n_before = round(before * LISTENING_RATE)
    n_after = round(after * LISTENING_RATE)
    noise = _floor_rms() * _noise(n_before + n_after, rng, "pink")
    return _pcm(noise[:n_before]) + pcm + _pcm(noise[n_before:])

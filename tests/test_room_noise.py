"""Seeded room noise: the colors the benches cover answers with, deterministic and at the
level asked for."""

from __future__ import annotations

import numpy as np
import pytest

from voicepiece.listening.room_noise import add_noise, noise, speech_rms


def low_share(pcm: bytes) -> float:
    """The share of the noise's power below 300 Hz."""
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    power = np.abs(np.fft.rfft(x)) ** 2
    freqs = np.fft.rfftfreq(len(x), 1 / 16000)
    return float(power[freqs < 300].sum() / power.sum())


def test_brown_noise_rumbles_lower_than_pink_and_pink_than_white() -> None:
    shares = [low_share(noise(2.0, seed=3, dbfs=-30, color=c))
              for c in ("white", "pink", "brown")]
    assert shares[0] < shares[1] < shares[2]
    assert shares[2] > 0.5


def test_the_same_seed_gives_the_same_noise() -> None:
    assert noise(0.5, seed=9, color="brown") == noise(0.5, seed=9, color="brown")
    assert noise(0.5, seed=9, color="brown") != noise(0.5, seed=10, color="brown")


@pytest.mark.parametrize("color", ["white", "pink", "brown"])
def test_noise_is_added_at_the_snr_asked_for(color: str) -> None:
    tone = (8000 * np.sin(np.arange(16000) * 2 * np.pi * 440 / 16000)).astype("<i2")
    noisy = add_noise(tone.tobytes(), 10.0, seed=1, color=color)
    added = np.frombuffer(noisy, dtype="<i2").astype(np.float64) - tone
    snr = 20 * np.log10(speech_rms(tone.tobytes()) / np.sqrt(np.mean(added ** 2)))
    assert snr == pytest.approx(10.0, abs=0.2)


def test_an_unknown_color_is_refused() -> None:
    with pytest.raises(ValueError, match="brown"):
        noise(0.1, color="purple")

"""The sound at a pause (scripts/pause_sound.py): the measures scripts/bench_turns_prosody.py
reads, on voices made of harmonics whose pitch and loudness are known."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from pause_sound import RATE, pause_sound


def _voice(pitch_from: float, pitch_to: float, seconds: float = 0.6,
           fade_to: float = 1.0, pause: float = 0.15) -> bytes:
    """A buzz of harmonics gliding from one pitch to another, then quiet."""
    n = round(seconds * RATE)
    f0 = np.geomspace(pitch_from, pitch_to, n)
    phase = 2 * np.pi * np.cumsum(f0) / RATE
    x = sum(np.sin(k * phase) / k for k in range(1, 8)) * np.linspace(1.0, fade_to, n)
    rng = np.random.default_rng(1)
    pcm = np.concatenate([rng.normal(0, 0.001, RATE // 4), 0.3 * x,
                          rng.normal(0, 0.001, round(pause * RATE))])
    return (pcm * 32767).astype("<i2").tobytes()


def test_a_falling_voice_falls_and_a_level_one_does_not() -> None:
    falling, level = pause_sound(_voice(180, 110)), pause_sound(_voice(150, 150))
    assert falling.found and level.found
    assert falling.slope < -5 and falling.fall < -1
    assert abs(level.slope) < 2 and abs(level.fall) < 0.5


def test_a_rising_voice_rises() -> None:
    rising = pause_sound(_voice(120, 190))
    assert rising.slope > 5 and rising.fall > 1


def test_a_held_sound_is_steady_and_its_length_is_measured() -> None:
    held, short = pause_sound(_voice(140, 140, seconds=0.8)), pause_sound(_voice(140, 140, 0.3))
    assert held.steady > 0.9
    assert 0.7 <= held.voiced <= 0.9 and 0.2 <= short.voiced <= 0.4


def test_a_fading_voice_fades() -> None:
    assert pause_sound(_voice(150, 150, fade_to=0.1)).fade > pause_sound(_voice(150, 150)).fade + 10


def test_no_voice_is_found_in_noise_or_too_little_audio() -> None:
    noise = (np.random.default_rng(2).normal(0, 0.05, RATE) * 32767).astype("<i2").tobytes()
    assert not pause_sound(noise).found
    assert not pause_sound(b"\0\0" * 400).found

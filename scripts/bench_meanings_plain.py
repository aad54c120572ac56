#!/usr/bin/env python3
"""A piece's own meanings in plain words, example words allowed, said by blends of two
development voices in a workshop, heard once and decided again offline (issue 13,
twentieth pass: on blind v8 own meanings were mostly wrong by being *taken outright* as
the wrong answer, which the blended development set, written clear of every example's
words, hardly shows: 2 of 120 on its fit half).

    PYTHONPATH=.:scripts python scripts/bench_meanings_plain.py collect [--half fit|held]
    PYTHONPATH=.:scripts python scripts/bench_meanings_plain.py replay [--half fit|held]
        [--misses] [--untrue]

The items are :mod:`bench_meanings_plain_phrases`' (development data, written and split
in two by item before any was heard). The FIT half is said by :data:`FIT_VOICES`, the
HELD half by :data:`HELD_VOICES`: blends of development voices in pairs no other set
speaks (the blind sets speak no development voice). The noise is :func:`workshop`, which
no other set hears; clean, 20 and 10 dB. Everything else — the default ear, the record,
the replay's counts — is ``scripts/bench_meanings_accented.py``'s, with its own cache
(``meanings-plain.jsonl``) and speech folder.
"""

from __future__ import annotations

import sys
from typing import Any

import bench_meanings_accented as accented
from bench_meanings_blends import MIX, blend_speak

CACHE = "meanings-plain.jsonl"
FIT_VOICES = (f"{MIX}em_santa*0.5+if_sara*0.5", f"{MIX}am_santa*0.6+hm_omega*0.4")
"""Blends of the accented development sets' fit voices, in pairs no set speaks: tuning."""
HELD_VOICES = (f"{MIX}pm_santa*0.5+zf_xiaoni*0.5", f"{MIX}hf_beta*0.6+zm_yunjian*0.4")
"""Blends of their held voices, in pairs no set speaks: this check's held-out half."""
NOISE_SEED = {"fit": 311, "held": 353}


def workshop(seed: int, seconds: float = 20.0) -> Any:
    """A joiner's workshop heard from its doorway, unit RMS: a dust extractor's drone (a
    motor's 100 Hz hum and harmonics over low rumble), a hammer's taps in runs (a sharp
    click ringing at ~1.4 kHz), and a sander in bursts of 1.5-4 s (band-limited hiss
    swelling with the stroke), through a 0.35 s room."""
    import numpy as np
    from bench_listening_clips import SAMPLE_RATE
    from bench_listening_heldout3 import impulse_response

    n = round(seconds * SAMPLE_RATE)
    t = np.arange(n) / SAMPLE_RATE
    rng = np.random.default_rng(seed)
    rumble = np.fft.irfft(np.fft.rfft(rng.standard_normal(n))
                          / np.maximum(np.fft.rfftfreq(n, 1 / SAMPLE_RATE), 60.0), n)
    drone = rumble / np.std(rumble) + sum(
        0.6 / k * np.sin(2 * np.pi * 100 * k * t + rng.uniform(0, 6.3)) for k in (1, 2, 3))
    tap_n = round(0.06 * SAMPLE_RATE)
    tap = np.exp(-np.arange(tap_n) / (0.008 * SAMPLE_RATE)) * (
        np.sin(2 * np.pi * 1400 * np.arange(tap_n) / SAMPLE_RATE)
        + 0.5 * rng.standard_normal(tap_n))
    taps = np.zeros(n)
    at = round(rng.uniform(0.2, 1.0) * SAMPLE_RATE)
    while at < n - tap_n:
        for _ in range(rng.integers(2, 7)):  # a run of blows
            if at >= n - tap_n:
                break
            taps[at:at + tap_n] += rng.uniform(3.0, 6.0) * tap
            at += round(rng.uniform(0.35, 0.55) * SAMPLE_RATE)
        at += round(rng.uniform(1.5, 4.0) * SAMPLE_RATE)
    hiss = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / SAMPLE_RATE)
    hiss[(freqs < 800) | (freqs > 5000)] *= 0.1
    hiss = np.fft.irfft(hiss, n)
    hiss /= np.std(hiss)
    sander = np.zeros(n)
    at = round(rng.uniform(0.5, 3.0) * SAMPLE_RATE)
    while at < n:
        length = min(round(rng.uniform(1.5, 4.0) * SAMPLE_RATE), n - at)
        stroke = 0.6 + 0.4 * np.sin(2 * np.pi * 2.5 * np.arange(length) / SAMPLE_RATE)
        sander[at:at + length] = 1.2 * stroke * np.hanning(length) ** 0.3
        at += length + round(rng.uniform(2.0, 5.0) * SAMPLE_RATE)
    dry = 0.7 * drone + taps + sander * hiss
    wet = np.convolve(dry, impulse_response(seed, rt60=0.35), mode="full")[:n]
    return wet / np.sqrt(np.mean(wet ** 2))


def clips(half: str) -> list[Any]:
    """The half's items, each at clean, 20 and 10 dB of workshop noise, a different blend
    at each level (as the accented check's)."""
    from bench_meanings_plain_phrases import items

    return accented.spoken_clips(half, items(), FIT_VOICES if half == "fit" else HELD_VOICES,
                                 NOISE_SEED[half], "meanings-plain-speech", 570000,
                                 speak=blend_speak, noise_of=workshop)


def main() -> int:
    return accented.spoken_set_main(__doc__, CACHE, clips, accented.replay, untrue=True)


if __name__ == "__main__":
    sys.exit(main())

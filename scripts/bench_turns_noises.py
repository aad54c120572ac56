"""The turn sets' noises, by the name a set gives its noise (``Split.color``): each unseen
set brings a room no other set has (scripts/bench_turns_v4.py … v10.py synthesize them);
the plain colours (white, pink, brown) are :func:`listener_voices.add_noise`'s."""

from __future__ import annotations

from collections.abc import Callable

import bench_turns_v9 as v9
import bench_turns_v10 as v10
from bench_turns_v4 import add_hum_noise
from bench_turns_v5 import add_room_noise
from bench_turns_v6 import V6_NOISE, add_traffic_noise
from bench_turns_v7 import V7_NOISE, add_kitchen_noise
from bench_turns_v8 import V8_NOISE, add_rain_noise

from voicepiece.listening import listener_voices as lv

NOISES: dict[str, Callable[[bytes, float, int, int], bytes]] = {
    "pink+hum": add_hum_noise, "room+fan": add_room_noise, V6_NOISE: add_traffic_noise,
    V7_NOISE: add_kitchen_noise, V8_NOISE: add_rain_noise, v9.V9_NOISE: v9.add_office_noise,
    v10.V10_NOISE: v10.add_train_noise}
"""A set's noise → the function adding it to speech at an SNR (pcm, snr, seed, rate)."""


def add_set_noise(pcm: bytes, color: str, snr: float, seed: int, rate: int) -> bytes:
    """``pcm`` with the noise named ``color`` ``snr`` dB below its speech."""
    if color in NOISES:
        return NOISES[color](pcm, snr, seed, rate)
    return lv.add_noise(pcm, snr, seed, color)

#!/usr/bin/env python3
"""A piece's own meanings in other words said by blends of two accented development
voices in a gallery, heard once and decided again offline (issue 13, seventeenth pass: on
the blind v8 set — blends of two accented voices — own meanings were taken wrongly in
18% of answers, while the accented development set's fit half, whose phrasings the her
piece's examples have since taken in, showed 1%).

    PYTHONPATH=.:scripts python scripts/bench_meanings_blends.py collect [--half fit|held]
    PYTHONPATH=.:scripts python scripts/bench_meanings_blends.py replay [--half fit|held]
        [--misses] [--untrue]

The items are :mod:`bench_meanings_blends_phrases`' (development data, written and split
in two before any was heard). The FIT half is said by :data:`FIT_VOICES` (blends of the
accented development sets' fit voices), the HELD half by :data:`HELD_VOICES` (blends of
their held voices): reported apart, never tuned on, never printed item by item unless
asked after the work. Everything else — the gallery noise at clean, 20 and 10 dB, the
default ear, the record, the replay's counts — is ``scripts/bench_meanings_accented.py``'s,
with its own cache (``meanings-blends.jsonl``) and speech folder.
"""

from __future__ import annotations

import sys
from typing import Any

import bench_meanings_accented as accented

CACHE = "meanings-blends.jsonl"
MIX = "kokoro-mix:"
FIT_VOICES = (f"{MIX}if_sara*0.5+jm_kumo*0.5", f"{MIX}hm_omega*0.6+pf_dora*0.4",
              f"{MIX}em_alex*0.6+jm_kumo*0.4")
"""Blends of the accented development sets' fit voices (meanings-accented, v5): tuning."""
HELD_VOICES = (f"{MIX}zf_xiaoni*0.5+hf_beta*0.5", f"{MIX}zm_yunjian*0.6+pm_santa*0.4")
"""Blends of their held voices: this check's held-out half."""
NOISE_SEED = {"fit": 171, "held": 213}


def blend_speak(text: str, voice: str) -> bytes:
    """``text`` said by a blend (``kokoro-mix:a*0.6+b*0.4``: the voices' style vectors
    weighted and summed) as 16 kHz mono s16."""
    from bench_listening_clips import SAMPLE_RATE

    from voicepiece.voices import kokoro

    name = voice.split(":", 1)[1]
    if name not in kokoro._STYLES:  # kokoro.style takes the lock itself
        parts = [part.split("*") for part in name.split("+")]
        kokoro._STYLES[name] = sum(float(w) * kokoro.style(v) for v, w in parts)
    segment = kokoro.to_segment(kokoro.pcm(text, name))
    return segment.set_frame_rate(SAMPLE_RATE).raw_data


def clips(half: str) -> list[Any]:
    """The half's items, each at clean, 20 and 10 dB of gallery noise, a different blend
    at each level (as the accented check's)."""
    from bench_meanings_blends_phrases import items

    return accented.spoken_clips(half, items(), FIT_VOICES if half == "fit" else HELD_VOICES,
                                 NOISE_SEED[half], "meanings-blends-speech", 470000,
                                 speak=blend_speak)


def main() -> int:
    return accented.spoken_set_main(__doc__, CACHE, clips, accented.replay, untrue=True)


if __name__ == "__main__":
    sys.exit(main())

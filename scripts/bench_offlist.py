#!/usr/bin/env python3
"""Questions back and off-list speech said by accented voices in a home kitchen and a tiled,
reverberant room, heard once and decided again offline (issue 13: on the blind v6 set
off-list speech was taken 11% of the time, 20% at clean, and questions back were right
only 40% of the time, 20% wrong).

    PYTHONPATH=.:scripts python scripts/bench_offlist.py collect [--half fit|held]
    PYTHONPATH=.:scripts python scripts/bench_offlist.py replay [--half fit|held] [--misses]
    ... --set addressed: bench_addressed_phrases' talk addressed elsewhere and open answers

The items are :mod:`bench_offlist_phrases`' (development data, split in two before any was
heard), or with ``--set addressed`` :mod:`bench_addressed_phrases`' (talk addressed to
someone else against sincere open answers; cache ``offlist-addressed.jsonl``).
The FIT half is said by :data:`FIT_VOICES` (seen accented voices and a British
espeak-ng variant), the HELD half by :data:`HELD_VOICES`: reported apart, never tuned on.
Each item is said at clean, 20 and 10 dB, a different voice at each level, in one of two
rooms by turns: a kitchen (the turn-taking v7 set's tap and dishes) or a tiled room (v3's
impulse response with a longer tail, and a fan; the reverberation stays at clean). Heard by
the default ear as ``scripts/mirror_trust.py collect`` hears (same record) into the user
cache (``offlist-accented.jsonl``; synthetic speech only).

``replay`` decides every kept turn again with the code as it is: per half, class and level,
off-list speech taken (accepted or sent to confirmation, by which way: the grammar's
phrase, Whisper's words read by meaning, an open answer), questions back right and wrong
(wrong: accepted as something else) and open answers received (right: taken or sent to
confirmation as open or as one of the point's own answers; missed: left unclear).
``--misses`` prints each miss with its evidence.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

CACHE = "offlist-accented.jsonl"
SETS = {"offlist": ("offlist-accented.jsonl", "bench_offlist_phrases", 0),
        "addressed": ("offlist-addressed.jsonl", "bench_addressed_phrases", 7),
        "human": ("offlist-human.jsonl", None, 0), "devquick": ("offlist-devquick.jsonl", None, 0)}
# the item sets: cache, phrase module (None: replayed only; mirror_trust collects the human
# recordings and the ear development set's quick third), and a shift of the noise seeds
FIT_VOICES = ("kokoro:jm_kumo", "kokoro:if_sara", "kokoro:hm_omega", "kokoro:em_alex",
              "kokoro:am_santa", "espeak-ng:en-gb+m3")
"""Seen accented voices and a British espeak-ng voice: tuning."""
HELD_VOICES = ("kokoro:zf_xiaoni", "kokoro:zm_yunjian", "espeak-ng:en-gb-scotland+m4")
"""Development voices kept for this check's held-out half."""
NOISE_SEED = {"fit": 29, "held": 131}
TILED_RT60 = 0.9
"""The tiled room's reverberation time (s): longer than v3's room."""


def _cache() -> Path:
    from voicepiece.files import cache_home, private_dir

    return private_dir(cache_home()) / CACHE


def _reverberant(speech: bytes, seed: int) -> bytes:
    import numpy as np
    from bench_listening_heldout3 import impulse_response
    from scipy.signal import fftconvolve

    x = np.frombuffer(speech, dtype="<i2").astype(np.float64)
    wet = fftconvolve(x, impulse_response(seed, TILED_RT60))[: len(x)]
    return np.clip(np.rint(wet), -32768, 32767).astype("<i2").tobytes()


def clips(half: str, phrases: str = "bench_offlist_phrases", shift: int = 0) -> list[Any]:
    from importlib import import_module

    from bench_listening_clips import NOISE_LEVELS, SAMPLE_RATE, TRAILING, Clip, Item
    from bench_listening_dev_set import fan
    from bench_listening_heldout2 import kokoro_speak_kept, with_noise
    from bench_turns_clips import speak
    from bench_turns_v7 import kitchen

    from voicepiece.listening import listener_voices as lv
    from voicepiece.listening.base import FRAME_SAMPLES

    voices = FIT_VOICES if half == "fit" else HELD_VOICES
    seed0 = NOISE_SEED[half] + shift
    rooms = (kitchen(round(20 * SAMPLE_RATE), SAMPLE_RATE, seed0), fan(seed0))
    kept = [Item(point, text, truth)
            for point, text, truth, h in import_module(phrases).items() if h == half]
    out = []
    for k, snr in enumerate(NOISE_LEVELS):
        for i, item in enumerate(kept):
            voice = voices[(i + k) % len(voices)]
            speech = kokoro_speak_kept(item.text, voice, "offlist-speech", speak)
            seed = 470000 + 1000 * k + 10 * i + (0 if half == "fit" else 500) + shift
            tiled = i % 2 == 1
            if tiled:
                speech = _reverberant(speech, seed0 + i)
            samples = len(speech) // 2
            lead = round(0.5 * SAMPLE_RATE)
            lead += -(lead + samples) % FRAME_SAMPLES
            padded = lv.pad(speech, lead / SAMPLE_RATE, TRAILING, seed)
            noise = rooms[tiled]
            pcm = with_noise(speech, padded, snr, noise, (seed * 7919) % len(noise))
            out.append(Clip(item, voice, snr, pcm, lead + samples, samples / SAMPLE_RATE))
    return out


def collect(args: argparse.Namespace) -> int:
    import mirror_trust

    halves = [args.half] if args.half else ["fit", "held"]
    cache, phrases, shift = SETS[args.set]
    if phrases is None:
        raise SystemExit(f"bench_offlist: {args.set} is replayed only")
    mirror_trust.CACHE = cache

    def sets(_: argparse.Namespace, __: Any) -> Any:
        for half in halves:
            yield half, [], [clips(half, phrases, shift)]

    mirror_trust._sets = sets
    return mirror_trust.collect(argparse.Namespace(noise=args.noise))


CLASSES = {"explain": "questions back", None: "off-list", "open": "open answers"}


def way(r: dict[str, Any], label: str, found: Any) -> str:
    """By which way a turn was taken: an open answer, the grammar's own phrase, or Whisper's
    words (read by the rules or by meaning)."""
    from voicepiece.story.model import EXPLAIN, OPEN

    if label in (OPEN, EXPLAIN):
        return label
    how = found.how if found is not None else r.get("how") or "-"
    return f"{label} by {how}"


def replay(args: argparse.Namespace) -> int:
    from bench_common import print_turn
    from mirror_trust import replayed

    from voicepiece.story.model import EXPLAIN, UNCLEAR

    cache = _cache().with_name(SETS[args.set][0])
    tally: Counter[tuple[str, ...]] = Counter()
    ways: Counter[tuple[str, str, str]] = Counter()
    for turn in replayed(cache, args.half):
        r, label, zone, found, said_back, true = (turn.r, turn.label, turn.zone, turn.found,
                                                  turn.said_back, turn.true)
        cls = CLASSES.get(r["truth"], "answers")
        taken = zone in ("accept", "confirm")
        right = {"questions back": label == EXPLAIN and zone == "accept",
                 "off-list": not taken,
                 "open answers": taken and label not in (EXPLAIN, UNCLEAR),
                 "answers": taken and label == r["truth"]}[cls]
        wrong = zone == "accept" and label != r["truth"] and (
            cls != "open answers" or label == EXPLAIN)  # an own answer is no wrong one
        level = "clean" if r["snr"] is None else f"{r['snr']:.0f}"
        for group in (cls, "all"):
            for snr in (level, "all"):
                key = (r["set"], group, snr)
                tally[(*key, "turns")] += 1
                tally[(*key, "right")] += right
                tally[(*key, "wrong")] += wrong
                tally[(*key, "taken")] += taken
                tally[(*key, "said back")] += said_back
                tally[(*key, "true")] += true
        if cls == "off-list" and taken:
            ways[(r["set"], zone, way(r, label, found))] += 1
        if args.misses and not right:
            print_turn("WRONG" if wrong else "miss ", turn, level)
    keys = sorted({k[:3] for k in tally}, key=lambda k: (k[0], k[1] == "all", k[1],
                                                          k[2] == "all", k[2]))
    for key in keys:
        n = tally[(*key, "turns")]
        right, wrong, taken = (tally[(*key, x)] for x in ("right", "wrong", "taken"))
        said = tally[(*key, "said back")]
        print(f"  {key[0]:<5} {key[1]:<15} {key[2]:<5} {n:>4} turns: right {right:>3} "
              f"({100 * right / n:3.0f}%), wrong {wrong:>3} ({100 * wrong / n:3.0f}%), "
              f"taken {taken:>3} ({100 * taken / n:3.0f}%); said back {said}, true "
              f"{tally[(*key, 'true')]}")
    for (half, zone, how), n in sorted(ways.items()):
        print(f"  off-list taken, {half}: {n:>3} {zone:<8} {how}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("collect", "replay"))
    parser.add_argument("--half", choices=("fit", "held"))
    parser.add_argument("--noise", choices=("clean", "20", "10"))
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--set", choices=tuple(SETS), default="offlist")
    args = parser.parse_args()
    return collect(args) if args.what == "collect" else replay(args)


if __name__ == "__main__":
    sys.exit(main())

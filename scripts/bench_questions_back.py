#!/usr/bin/env python3
"""Questions back said by blends of two accented development voices in a gallery, heard
once by the real ear and decided again offline at the points they belong to (issue 13,
eighteenth pass: on the blind v8 set questions back were taken as an answer 20% of the
time and asked again 40% on the first asking, while the spoken development fit half had
none taken wrongly).

    PYTHONPATH=.:scripts python scripts/bench_questions_back.py collect [--half fit|held]
    PYTHONPATH=.:scripts python scripts/bench_questions_back.py replay [--half fit|held]
        [--misses]

The items are :mod:`bench_questions_back_phrases`' (development data, written and split in
two before any was heard). The FIT half is said by :data:`FIT_VOICES`, the HELD half by
:data:`HELD_VOICES`: blends of development voices no blind set speaks, none of them a
blend another set speaks. Each item is said at 20 and 10 dB of ``swap_check``'s gallery
noise (another seed for the held half), a different blend at each level, and heard by the
default ear as ``scripts/bench_meanings_accented.py`` hears (same record, its own cache
``questions-back.jsonl`` and speech folder). ``replay`` decides every kept turn again with
the code as it is (``deciding.decide_turn``, through the learned reader): for questions
back, explained (right), taken as an answer or an open answer (wrong), checked ("…is that
what you said?" for an answer: asked again once refused), or asked again as unclear; for
the answers said as questions, right, wrong, explained. ``--misses`` lists each question
back not explained, with its cause (:func:`cause`): the rules (its words, typed, are not
read as a question back), Whisper's words (typed they are, heard they are not), or the
decision (Whisper's words are a question back, yet the turn is not ``explain``).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any

import bench_meanings_accented as accented
from bench_meanings_blends import MIX, blend_speak

CACHE = "questions-back.jsonl"
FIT_VOICES = (f"{MIX}jm_kumo*0.5+ef_dora*0.5", f"{MIX}jf_tebukuro*0.6+em_santa*0.4",
              f"{MIX}zm_yunxia*0.5+pf_dora*0.5")
"""Blends of fit-side development voices (the accented meanings set's, v5's and v9's fit
halves): tuning."""
HELD_VOICES = (f"{MIX}zf_xiaoyi*0.6+pm_santa*0.4", f"{MIX}zm_yunyang*0.5+hf_beta*0.5")
"""Blends of their held-side voices (v5's and v9's held halves): this check's held half."""
NOISE_SEED = {"fit": 181, "held": 223}
LEVELS = (20.0, 10.0)


def clips(half: str) -> list[Any]:
    """The half's items, each at 20 and 10 dB of gallery noise, a different blend at each
    level."""
    from bench_questions_back_phrases import items

    return accented.spoken_clips(half, items(), FIT_VOICES if half == "fit" else HELD_VOICES,
                                 NOISE_SEED[half], "questions-back-speech", 570000,
                                 speak=blend_speak, levels=LEVELS)


def outcome(label: str, zone: str, truth: str | None, refused: str | None = None) -> str:
    """What the listener meets: ``explain``; ``right`` (the answer they gave, taken or
    checked); ``wrong`` (a wrong branch: another answer or an open answer taken, or another
    answer checked, refused and its words then received as an open answer — ``refused``,
    the check's ``Decision.refused``, as the session ends it); ``checked`` (another answer
    checked, refused and asked again); ``again`` (unclear: asked again) or ``silence``."""
    from bench_listening_results import ending, taken

    from voicepiece.story.model import EXPLAIN

    if label == EXPLAIN:
        return "explain"
    if zone == "silence":
        return "silence"
    end = ending(truth, label, zone, refused)
    if end == truth:
        return "right"
    if taken(end):
        return "wrong"
    return "checked" if zone == "confirm" else "again"


def cause(r: dict[str, Any], asked: str | None) -> str:
    """Why a question back was not explained: ``rules`` when its own words, typed, are no
    question back to story/offscript.py (``asked``: the words that asked the point's
    question); ``whisper`` when they are but Whisper's are not (or Whisper heard nothing);
    ``decision`` when Whisper's words are one, yet the turn was decided otherwise (the ear
    kept other words, the reader, the order in decide)."""
    from voicepiece.story.offscript import asks_about_the_question, asks_back

    def asks(text: str | None) -> bool:
        return asks_back(text) or asks_about_the_question(text, asked)

    if not asks(r["text"]):
        return "rules"
    words = (r["words"] or {}).get("text")
    return "decision" if words and asks(words) else "whisper"


def replay(args: argparse.Namespace) -> int:
    from bench_common import print_turn
    from mirror_trust import replayed

    from voicepiece.session.deciding import asked_words
    from voicepiece.story.loader import load_piece
    from voicepiece.story.model import EXPLAIN

    asked = {n.name: asked_words(n) for n in load_piece("her").listening_points()}
    tally: Counter[tuple[str, str, str, str]] = Counter()
    causes: Counter[tuple[str, str]] = Counter()
    for turn in replayed(accented._cache(CACHE), args.half):
        r = turn.r
        kind = "questions back" if r["truth"] == EXPLAIN else "look like questions"
        seen = outcome(turn.label, turn.zone, r["truth"], turn.refused)
        for snr in (str(r["snr"]), "all"):
            tally[(r["set"], kind, snr, seen)] += 1
            tally[(r["set"], kind, snr, "turns")] += 1
        why = cause(r, asked[r["point"]]) if kind == "questions back" and seen != "explain" else ""
        if why:
            causes[(r["set"], why)] += 1
        if args.misses and seen not in ("explain", "right"):
            print_turn(f"{seen:<7} {why:<8}", turn, str(r["snr"]))
    for key in sorted({k[:3] for k in tally}, key=lambda k: (k[0], k[1], k[2] == "all", k[2])):
        n = tally[(*key, "turns")]
        shown = ("explain", "wrong", "checked", "again", "right", "silence")
        print(f"  {key[0]:<5} {key[1]:<20} {key[2]:<5} {n:>4} turns: " + ", ".join(
            f"{s} {tally[(*key, s)]} ({100 * tally[(*key, s)] / n:.0f}%)" for s in shown
            if tally[(*key, s)] or s in ("explain", "wrong")))
    for (half, why), n in sorted(causes.items()):
        print(f"  {half:<5} questions back not explained, cause {why}: {n}")
    return 0


def main() -> int:
    return accented.spoken_set_main(__doc__, CACHE, clips, replay)


if __name__ == "__main__":
    sys.exit(main())

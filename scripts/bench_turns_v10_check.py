"""A dry check of the turns bench's blind set v10 (scripts/bench_turns_v10.py): its clips are
built and measured, never heard by the ear — no endpointing, no judgement, no cut-off.
Counts and spreads only: no item of the set is printed.

    PYTHONPATH=.:scripts python scripts/bench_turns_v10_check.py [--intelligibility]

- the default: every clip synthesized as the bench makes it (its speech kept in the user
  cache, ``bench-turns-v10``), measured as v8's check measures v8's
  (:func:`bench_turns_v8_check.check`: the answers by kind, the clips by voice and level,
  their lengths, the pause as put and as the voice detector sees it, the SNR heard), and
  the answers counted by listening point and by voice (each answer is said by two of the
  five voices: ``Split.spread``). Exit status 1 when a check fails (a pause outside
  0.6–1.2 s or lost, an SNR heard more than 6 dB off, a hesitant answer without a kind);
- ``--intelligibility``: the share of five neutral sentences' words (in no set) Whisper
  tiny.en writes back for each voice (≥ 80% kept).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

from bench_turns_clips import SETS, clips, speak
from bench_turns_v8_check import check

NAME = "unseen_v10"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--intelligibility", action="store_true")
    args = parser.parse_args()
    split = SETS[NAME]
    if args.intelligibility:
        from bench_listening_blind import intelligibility, print_intelligibility
        from bench_listening_clips import trim
        from bench_turns_v10 import NEUTRAL

        print_intelligibility(intelligibility(split.voices, NEUTRAL,
                                              lambda text, voice: trim(speak(text, voice))))
        return 0
    counts, ok = check(clips(split, True), NAME)
    hesitant = len(split.hesitant)
    counts["answers_by_point"] = {
        point: {"hesitant": split.points[:hesitant].count(point),
                "complete": split.points[hesitant:hesitant + len(split.complete)].count(point),
                "open": split.points[hesitant + len(split.complete):].count(point)}
        for point in sorted(set(split.points))}
    voices = split.voices
    answers = len(split.hesitant) + len(split.complete) + len(split.open)
    counts["answers_by_voice"] = {
        voice: sum(split.says(v, i, len(voices)) for i in range(answers))
        for v, voice in enumerate(voices)}
    by_point_and_kind = Counter(zip(split.points[:hesitant], split.kinds, strict=True))
    counts["hesitant_by_point_and_kind"] = {
        f"{point} / {kind}": n for (point, kind), n in sorted(by_point_and_kind.items())}
    print(json.dumps(counts, indent=1))
    print("checks passed" if ok else "a check FAILED (counts above)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

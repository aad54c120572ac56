"""The turn's reading of every seen turn set's phrasings, typed as Whisper would write them
(issue 13, item 6): each hesitant answer's first part ("…", the words before its pause)
and each complete answer and open sentence, with a full stop, read at its point. Counts
only: how many first parts trail off (they should) and how many complete answers and
open sentences do (they should not: they would wait 1.5 s). No audio, no model.

    PYTHONPATH=.:scripts python scripts/bench_turns_typed.py [--show]

Blind sets (``Split.blind``) are left out; ``--show`` prints the complete answers and open
sentences that trail off and the first parts that do not (never a blind set's).
"""

from __future__ import annotations

import argparse

from bench_turns import question_at
from bench_turns_clips import SETS

from voicepiece.listening.turn_reading import TRAILS_OFF, reading


def _typed(text: str) -> str:
    said = text.strip().rstrip(".…").strip()
    return said[:1].upper() + said[1:] + "."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    firsts = [0, 0]
    wholes = [0, 0]
    for name, split in SETS.items():
        if split.blind:
            continue
        points = split.points or ("",) * (len(split.hesitant) + len(split.complete)
                                          + len(split.open))
        for i, (first, _) in enumerate(split.hesitant):
            trails = reading(_typed(first), question_at(points[i], 0.7).choices) == TRAILS_OFF
            firsts[0] += trails
            firsts[1] += 1
            if args.show and not trails:
                print(f"{name:24s} first part read finished: {_typed(first)}")
        for j, text in enumerate(split.complete + split.open):
            at = question_at(points[len(split.hesitant) + j], 0.7).choices
            trails = reading(_typed(text), at) == TRAILS_OFF
            wholes[0] += trails
            wholes[1] += 1
            if args.show and trails:
                print(f"{name:24s} complete answer trails off: {_typed(text)}")
    print(f"first parts trailing off {firsts[0]} of {firsts[1]}; complete answers and open "
          f"sentences trailing off {wholes[0]} of {wholes[1]}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The natural-answers tuning set, typed, through the session's own decision of a turn.

    PYTHONPATH=. python scripts/bench_meanings_natural.py [--quiet] [--file TSV]

Reads tests/data/meanings-tuning-natural.tsv (every listening point of the her piece:
agreement and denial without "yes"/"no", hedges, in-between, couldn't-say, questions back,
the piece's own meanings in other words, open answers, off-list talk) as typed replies,
decided as ``scripts/bench_listening_dev.py --typed`` decides them (``decide_turn`` with the
sentence model and the question). Prints each miss — a wrong label taken (``WRONG``; a
confirmed one ``confirm-wrong``), an answer left unclear, open or asked back (``missed``),
off-list talk taken (``OFF-LIST``) — then the counts. Tuning data: its misses are there to be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its bench_*.py modules

from bench_listening_clips import Item

TUNING = Path(__file__).resolve().parent.parent / "tests" / "data" / \
    "meanings-tuning-natural.tsv"
OFF_LIST = "unclear"


def items(path: Path = TUNING) -> list[Item]:
    """The set's (point, words, label) items; off-list talk has no label."""
    out = []
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            point, label, text = line.split("\t")
            out.append(Item(point, text, None if label == OFF_LIST else label))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quiet", action="store_true", help="the counts only")
    parser.add_argument("--file", type=Path, default=TUNING, help="another tuning file")
    args = parser.parse_args()
    from bench_listening_dev import decided

    from voicepiece.assembly.ears import meaning_model
    from voicepiece.session.events import Heard
    from voicepiece.story.loader import load_piece
    from voicepiece.story.model import EXPLAIN, OPEN, UNCLEAR

    SOFT = (UNCLEAR, OPEN, EXPLAIN)  # no answer taken: a miss, not a wrong label

    piece = load_piece("her")
    meanings = meaning_model(piece, eager=True)
    answers = [i for i in items(args.file) if i.on_list]
    right = wrong = taken = 0
    for item in items(args.file):
        label, zone, _, _ = decided(Heard(item.text, own_words=True), piece, item.point,
                                    meanings)
        truth = item.truth or UNCLEAR
        if label == truth:
            right += 1
            continue
        kind = ("OFF-LIST" if item.truth is None else "missed" if label in SOFT
                else "WRONG" if zone == "accept" else "confirm-wrong")
        wrong += kind in ("WRONG", "confirm-wrong")
        taken += kind == "OFF-LIST"
        if not args.quiet:
            print(f"  {kind:<14} @{item.point:<12} {item.text!r} -> {label} (want {truth})")
    total = len(answers) + sum(not i.on_list for i in items(args.file))
    print(f"{args.file.name}, typed: {right}/{total} right; wrong label {wrong}/"
          f"{len(answers)}; off-list taken {taken}/{total - len(answers)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

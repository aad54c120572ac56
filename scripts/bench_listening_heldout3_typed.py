#!/usr/bin/env python3
"""The v3 set's items read as typed replies: counted, and with ``--items`` every miss
printed with the path through the decision (v3 is spent as a held-out set; it is a
development set now, so its items may be looked at).

    PYTHONPATH=.:scripts python scripts/bench_listening_heldout3_typed.py [--items]

Each item is decided as ``scripts/bench_listening_dev.py --typed`` decides it (the
session's ``decide_turn``, a confirmation counted as taken); printed: right (no fault of
any kind), a wrong label taken (and how many of those were an answer received as open or
asked back: soft misses, not a wrong meaning), yes and no swapped, off-list taken.
``--items`` adds, per miss, the rules' reading alone (``rules``), the rules with the
sentence model (``model``, with the nearest similarity and lead) and whether the reply
counts as asking back or as an open answer.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its bench_*.py modules


def path_of(text: str, point: str, piece: object, meanings: object) -> str:
    """How the decision went for ``text`` at ``point``: rules, model, question back, open."""
    from voicepiece.session.deciding import asked_words
    from voicepiece.story.matching import match_answer
    from voicepiece.story.offscript import asks_back, is_open_answer

    node = next(n for n in piece.listening_points() if n.name == point)  # type: ignore[attr-defined]
    choices = node.listen.answers
    rules = match_answer(text, choices)
    model = match_answer(text, choices, meanings, asked_words(node))
    near = "" if model.nearest is None else f" near {model.nearest:.2f}"
    lead = "" if model.lead is None else f" lead {model.lead:.2f}"
    return (f"rules {rules.label}({rules.confidence:.2f}) model {model.label}"
            f"({model.confidence:.2f}{near}{lead}; {model.phrase!r})"
            f"{' ASKS' if asks_back(text) else ''}"
            f"{' open?' if is_open_answer(text, True) else ''}")


def main() -> int:
    from bench_listening_dev import decided, verdict
    from bench_listening_heldout3 import v3_items

    from voicepiece.assembly.ears import meaning_model
    from voicepiece.listening.base import ACCEPT, CONFIRM
    from voicepiece.session.events import Heard
    from voicepiece.story.loader import load_piece
    from voicepiece.story.model import EXPLAIN, OPEN

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", action="store_true", help="print every miss, with its path")
    args = parser.parse_args()
    piece = load_piece("her")
    meanings = meaning_model(piece, eager=True)
    with contextlib.redirect_stdout(io.StringIO()):
        items = v3_items(piece)
    faults = []
    for item in items:
        label, zone, mirrored, own = decided(Heard(item.text, own_words=True), piece,
                                             item.point, meanings)
        kinds = verdict(item, label, ACCEPT if zone == CONFIRM else zone, mirrored, own)
        faults.append((kinds, label in (OPEN, EXPLAIN)))
        if kinds and args.items:
            print(f"  {'/'.join(kinds):<10} @{item.point:<12} {item.text!r} "
                  f"[{item.truth}] -> {label}  {path_of(item.text, item.point, piece, meanings)}")
    off = sum(not i.on_list for i in items)
    wrong = [soft for f, soft in faults if "WRONG" in f]
    print(f"v3 typed: {sum(not f for f, _ in faults)}/{len(items)} right; wrong label taken "
          f"{len(wrong)}/{len(items) - off} (of which open or asked back instead of an "
          f"answer: {sum(wrong)}); yes/no swapped {sum('SWAP' in f for f, _ in faults)}; "
          f"off-list taken {sum('OFF-LIST' in f for f, _ in faults)}/{off}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

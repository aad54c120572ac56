#!/usr/bin/env python3
"""The v3 held-out set's items read as typed replies, counted only: nothing of an item is
ever printed, so running it leaks no phrasing (the set stays held out).

    PYTHONPATH=.:scripts python scripts/bench_listening_heldout3_typed.py

Each item is decided as ``scripts/bench_listening_dev.py --typed`` decides it (the
session's ``decide_turn``, a confirmation counted as taken); printed: right (no fault of
any kind), a wrong label taken (and how many of those were an answer received as open or
asked back: soft misses, not a wrong meaning), yes and no swapped, off-list taken. Run it
once per design.
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its bench_*.py modules


def main() -> int:
    from bench_listening_dev import decided, verdict
    from bench_listening_heldout3 import v3_items

    from voicepiece.assembly.ears import meaning_model
    from voicepiece.listening.base import ACCEPT, CONFIRM
    from voicepiece.session.events import Heard
    from voicepiece.story.loader import load_piece
    from voicepiece.story.model import EXPLAIN, OPEN

    piece = load_piece("her")
    meanings = meaning_model(piece, eager=True)
    with contextlib.redirect_stdout(io.StringIO()):  # nothing an item says reaches output
        items = v3_items(piece)
        faults = []
        for item in items:
            label, zone, mirrored, own = decided(Heard(item.text, own_words=True), piece,
                                                 item.point, meanings)
            kinds = verdict(item, label, ACCEPT if zone == CONFIRM else zone, mirrored, own)
            faults.append((kinds, label in (OPEN, EXPLAIN)))
    off = sum(not i.on_list for i in items)
    wrong = [soft for f, soft in faults if "WRONG" in f]
    print(f"v3 typed: {sum(not f for f, _ in faults)}/{len(items)} right; wrong label taken "
          f"{len(wrong)}/{len(items) - off} (of which open or asked back instead of an "
          f"answer: {sum(wrong)}); yes/no swapped {sum('SWAP' in f for f, _ in faults)}; "
          f"off-list taken {sum('OFF-LIST' in f for f, _ in faults)}/{off}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

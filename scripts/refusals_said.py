#!/usr/bin/env python3
"""The development sets' written items (the accented and blended meaning sets, the
off-list and addressed-talk sets) read as the words were said — as if
Whisper had heard every word right, clear spoken words the grammar found no answer in —
and each turn ended as the session ends it for a listener who answers a check truthfully
(bench_listening_results.ending): right, wrong, asked again, by half and kind (off-list
talk: taken, accepted or checked), and how many were offered back as another of the
point's answers (the loose reading's check) and what the listener's "no" then left.

    PYTHONPATH=.:scripts python scripts/refusals_said.py [--show fit]

No audio and no recognizer: it separates what the reading does with good words from what
the ear hears, in seconds. Development sets only (bench_meanings_accented_phrases,
bench_meanings_blends_phrases, bench_offlist_phrases, bench_addressed_phrases: each split
by item into fit and held before any was heard); ``--show fit`` lists the fit half's
checks refused, the held half is never listed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from bench_listening_results import ending, taken

from voicepiece.listening.base import ACCEPT, CONFIRM


def main() -> int:
    import bench_addressed_phrases as addressed
    import bench_meanings_accented_phrases as accented
    import bench_meanings_blends_phrases as blends
    import bench_offlist_phrases as offlist
    from bench_listening_dev import decided
    from bench_listening_honest import answer_class
    from bench_listening_turns import check_of

    from voicepiece.assembly.ears import meaning_model
    from voicepiece.session.events import Heard, Question
    from voicepiece.story.loader import load_piece

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", choices=("fit",))
    args = parser.parse_args()
    piece = load_piece("her")
    meanings = meaning_model(piece, eager=True)
    nodes = {n.name: n for n in piece.listening_points()}
    tally: Counter[tuple[str, str, str]] = Counter()
    sets = (("accented", accented), ("blends", blends), ("offlist", offlist),
            ("addressed", addressed))
    for name, module in sets:
        for point, text, truth, half in module.items():
            node = nodes[point]
            heard = Heard(text, label="unclear", own_words=True, sure_words=True)
            label, zone, _, _ = decided(heard, piece, point, meanings)
            refused, rival = (check_of(heard, Question(node.name, node.listen.answers,
                                                       node.listen.settings), node, meanings)
                              if zone == CONFIRM else (None, None))
            end = ending(truth, label, zone, refused, rival)
            result = ("taken" if truth is None and zone in (ACCEPT, CONFIRM) else "right"
                      if end == truth else "wrong" if taken(end) else "again")
            key = (half, answer_class(truth))
            tally[(*key, result)] += 1
            tally[(*key, "two-way")] += rival is not None
            if truth is not None and zone == CONFIRM and label != truth and rival != truth:
                tally[(*key, f"refused -> {refused}")] += 1
                if args.show == half:
                    print(f"  {name:<9} @{point:<11} {text!r} ({truth}) -> {label}?"
                          f" no -> {refused}")
    for half in ("fit", "held"):
        n = sum(v for (h, what, r), v in tally.items() if h == half and what == "off-list"
                and r != "two-way")
        print(f"{half:<5} off-list talk {n:>4}: taken {tally[(half, 'off-list', 'taken')]}"
              f"; two-way checks {tally[(half, 'off-list', 'two-way')]}")
        for what in ("own meanings", "open answers", "questions back"):
            n = sum(tally[(half, what, r)] for r in ("right", "wrong", "again"))
            print(f"{half:<5} {what:<13} {n:>4}: right {tally[(half, what, 'right')]:>3}, "
                  f"wrong {tally[(half, what, 'wrong')]:>3}, asked again "
                  f"{tally[(half, what, 'again')]:>3}; offered back as another answer: "
                  f"refused -> open {tally[(half, what, 'refused -> open')]}, "
                  f"-> asked again {tally[(half, what, 'refused -> unclear')]}; "
                  f"two-way checks {tally[(half, what, 'two-way')]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Where a piece's own meanings go wrong or are asked again, on development caches only:
every own-meaning turn of a replayable cache decided again (``mirror_trust.replayed``),
and each one not right on the first asking put down to the stage that lost it.

    PYTHONPATH=.:scripts python scripts/meanings_why.py [--set v5|accented|dev] [--half fit]
        [--show]

A turn is *right* (taken or confirmed with its label), *wrong* (another label taken) or
*asked again* (rejected, unclear, received as open, or a confirmation of another label,
which the listener refuses). Each turn not right is put down to the first stage that
fails when the same decision is made from better words:

- ``reading``: the words as said, read as a spoken transcript the ear trusts, are not
  read right (a perfect transcript would not help); its sub-kinds say why (negated, open,
  unclear, another label);
- ``transcript``: the words as said are read right, Whisper's words are not (Whisper
  misheard, or heard nothing);
- ``combination``: Whisper's words, trusted, would be read right, but the turn was not
  (the grammar's label taken, or Whisper's words not trusted enough to be read).

The caches are the development ones (``v5-dev.jsonl``: fit voices only, the held half is
counted, never shown; ``meanings-accented.jsonl``'s fit half; ``mirror-trust.jsonl``'s
fit voices by ``mirror_halves``). No blind set's cache is ever read here.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

SETS = {"v5": "v5-dev.jsonl", "accented": "meanings-accented.jsonl",
        "dev": "mirror-trust.jsonl"}


def _half(name: str, r: dict[str, Any]) -> str | None:
    if name == "v5":
        from v5_dev import half

        return half(r["voice"])
    if name == "accented":
        return str(r["set"])
    from mirror_halves import half_of

    return half_of(r)


def outcome(label: str, zone: str, truth: str) -> str:
    """right, wrong or again, as the bench counts a first asking."""
    if label == truth and zone in ("accept", "confirm"):
        return "right"
    return "wrong" if zone == "accept" else "again"


def read_as_spoken(text: str, r: dict[str, Any], piece: Any, meanings: Any) -> tuple[str, str]:
    """(label, zone) of ``text`` as a trusted spoken transcript the grammar found no
    answer in: the reading alone."""
    from bench_listening_dev import decided

    from voicepiece.session.events import Heard

    heard = Heard(text, label="unclear", own_words=True, sure_words=True)
    label, zone, _, _ = decided(heard, piece, r["point"], meanings)
    return label, zone


def why(x: Any, piece: Any, meanings: Any) -> str:
    """The stage that lost one turn (see the module's doc)."""
    r = x.r
    truth = r["truth"]
    label, zone = read_as_spoken(r["text"], r, piece, meanings)
    if outcome(label, zone, truth) != "right":
        from voicepiece.story.meaning import negated

        sub = ("negated" if negated(r["text"]) else label if label in ("open", "unclear")
               else "another label")
        return f"reading/{sub}"
    words = (r["words"] or {}).get("text")
    if not words:
        return "transcript/none"
    label, zone = read_as_spoken(words, r, piece, meanings)
    if outcome(label, zone, truth) != "right":
        return "transcript/misheard"
    found = x.found.recognition if x.found is not None else None
    if found is not None and found.label not in (None, truth):
        return "combination/another label kept"
    if found is not None and not (found.own_words or found.sure_words):
        return f"combination/words not read ({x.found.how})"
    return "combination/other"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=tuple(SETS), action="append")
    parser.add_argument("--half", default="fit", choices=("fit", "held"))
    parser.add_argument("--show", action="store_true", help="each turn lost (fit half only)")
    args = parser.parse_args()
    from bench_listening_honest import answer_class
    from mirror_trust import Replayer, replayed

    from voicepiece.files import cache_home

    show = args.show and args.half == "fit"
    play = Replayer()
    for name in args.set or list(SETS):
        tally: Counter[str] = Counter()
        path = Path(cache_home()) / SETS[name]
        for x in replayed(path):
            r = x.r
            if answer_class(r["truth"]) != "own meanings" or _half(name, r) != args.half:
                continue
            got = outcome(x.label, x.zone, r["truth"])
            tally[got] += 1
            tally["turns"] += 1
            if got == "right":
                continue
            stage = why(x, play.piece, play.meanings)
            tally[f"{got}: {stage}"] += 1
            if show:
                w = (r["words"] or {}).get("text")
                g = r["grammar"] or {}
                print(f"{got:<5} {stage:<28} {r['snr']!s:<5} @{r['point']} {r['text']!r}"
                      f" ({r['truth']}) -> {x.label} {x.zone}\n      whisper {w!r}; grammar "
                      f"{g.get('text')!r} {g.get('label')} {g.get('zone')}")
        n = tally.pop("turns", 0)
        print(f"{name} {args.half}: {n} own-meaning turns, right {tally.pop('right', 0)}, "
              f"wrong {tally.pop('wrong', 0)}, asked again {tally.pop('again', 0)}")
        for key, count in sorted(tally.items(), key=lambda kv: -kv[1]):
            print(f"    {count:>3}  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

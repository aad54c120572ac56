#!/usr/bin/env python3
"""Where a piece's own meanings go wrong or are asked again, on development caches only:
every own-meaning turn of a replayable cache decided again (``mirror_trust.replayed``),
and each one not right on the first asking put down to the stage that lost it.

    PYTHONPATH=.:scripts python scripts/meanings_why.py [--set v5|accented|dev|blends|plain]
        [--half fit] [--show] [--sources]

A turn is *right* (taken or confirmed with its label), *wrong* (another label taken, an
open answer included, or the words received as an open answer once the listener refused
a check of another label) or *asked again* (rejected, unclear, or a check of another label
refused where the point then asks again): bench_listening_results.ending. Each turn not
right is put down to the first stage that fails when the same decision is made from better
words:

- ``reading``: the words as said, read as a spoken transcript the ear trusts, are not
  read right (a perfect transcript would not help); its sub-kinds say why (negated, open,
  unclear, another label);
- ``transcript``: the words as said are read right, Whisper's words are not (Whisper
  misheard, or heard nothing);
- ``combination``: Whisper's words, trusted, would be read right, but the turn was not
  (the grammar's label taken, or Whisper's words not trusted enough to be read).

``--sources`` puts each wrong label instead (taken, or sent to confirmation) down to where
it came from (:func:`source`): Whisper's words (misheard), the grammar, the rules or the
sentence model reading good words, an open or question reading.

The caches are the development ones (``v5-dev.jsonl``: fit voices only, the held half is
counted, never shown; ``meanings-accented.jsonl``'s fit half; ``mirror-trust.jsonl``'s
fit voices by ``mirror_halves``; ``meanings-blends.jsonl``'s fit half). No blind set's
cache is ever read here.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

SETS = {"v5": "v5-dev.jsonl", "accented": "meanings-accented.jsonl",
        "dev": "mirror-trust.jsonl", "blends": "meanings-blends.jsonl",
        "plain": "meanings-plain.jsonl"}


def _half(name: str, r: dict[str, Any]) -> str | None:
    if name == "v5":
        from v5_dev import half

        return half(r["voice"])
    if name in ("accented", "blends", "plain"):
        return str(r["set"])
    from mirror_halves import half_of

    return half_of(r)


def outcome(label: str, zone: str, truth: str, refused: str | None = None,
            rival: str | None = None) -> str:
    """right, wrong or again, as the bench counts a first asking
    (bench_listening_results.ending: a checked label refused and then received as an open
    answer, ``refused``, is a wrong branch)."""
    from bench_listening_results import ending, taken

    end = ending(truth, label, zone, refused, rival)
    return "right" if end == truth else "wrong" if taken(end) else "again"


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


SOURCES = ("misheard", "grammar", "sentence model", "rules", "open/question reading",
           "other")


def source(x: Any, play: Any) -> tuple[str, str]:
    """Where a wrong label for an own meaning came from (taken, or sent to confirmation),
    and a note: ``open/question reading`` (received as an open answer or a question back);
    ``grammar`` (the grammar's label kept, Whisper's words not read as it); else the label
    was read from Whisper's words, by the rules (``rules``) or by the sentence model
    (``sentence model``, noted with its score and lead) — ``misheard`` when the words as
    said are read right and Whisper's are not (the right meaning was not in its words)."""
    from voicepiece.listening.whisper_model import WhisperWords
    from voicepiece.listening.words_read import read_words
    from voicepiece.session.deciding import asked_words
    from voicepiece.story.matching import match_answer
    from voicepiece.story.meaning import nearest_answer
    from voicepiece.story.model import EXPLAIN, OPEN, UNCLEAR

    r, label = x.r, x.label
    if label in (OPEN, EXPLAIN):
        return "open/question reading", label
    node = play.nodes[r["point"]]
    choices = node.listen.answers
    heard = play.heard
    w = r["words"]
    read = None
    if w is not None and w.get("text"):
        w = dict(w)
        w["pieces"] = tuple(tuple(p) for p in w.get("pieces", ()))
        read = read_words(WhisperWords(**w), choices).heard.label
    if heard is None:
        return "other", "no turn"
    if heard.label not in (UNCLEAR, None) and read != label:
        g = r["grammar"] or {}
        return "grammar", f"{x.found and x.found.how}; grammar {g.get('text')!r}"
    said_right = outcome(*read_as_spoken(r["text"], r, play.piece, play.meanings),
                         r["truth"]) == "right"
    ruled = match_answer(heard.text, choices, play.meanings, asked_words(node), slips=False)
    by_meaning = heard.label == UNCLEAR and not (ruled.label == label and ruled.lead is None)
    note = ""
    if by_meaning:
        near = nearest_answer(heard.text, choices, play.meanings,
                              question=asked_words(node))
        note = f"score {near.similarity:.2f} lead {near.margin:.2f}" if near else ""
    if said_right:
        return "misheard", note
    return ("sentence model" if by_meaning else "rules"), note


def sources(args: argparse.Namespace) -> int:
    """The table of :func:`source` by set: wrong labels taken (wrong) and sent to
    confirmation (of those, ``named``: a two-way check offered the right answer too, and
    the truthful listener names it; the others are refused — ``silent``: silence to the
    check is consent, and ``open``: the refusal receives the words as an open answer, a
    wrong branch; the rest are asked again)."""
    from bench_listening_honest import answer_class
    from mirror_trust import Replayer, replayed

    from voicepiece.files import cache_home

    play = Replayer()
    show = args.show and args.half == "fit"
    for name in args.set or list(SETS):
        tally: Counter[tuple[str, str]] = Counter()
        turns = 0
        path = Path(cache_home()) / SETS[name]
        if not path.is_file():
            continue
        for x in replayed(path, play=play):
            r = x.r
            if answer_class(r["truth"]) != "own meanings" or _half(name, r) != args.half:
                continue
            turns += 1
            if x.label == r["truth"] or x.zone not in ("accept", "confirm"):
                continue
            where, note = source(x, play)
            kind = "taken" if x.zone == "accept" else "confirmed"
            tally[(where, kind)] += 1
            tally[(where, "silent")] += kind == "confirmed" and bool(play.heard.nearly_sure)
            named = kind == "confirmed" and x.rival == r["truth"]
            tally[(where, "named")] += named
            tally[(where, "open")] += kind == "confirmed" and not named and x.refused == "open"
            if show:
                w = (r["words"] or {}).get("text")
                print(f"{kind:<9} {where:<15} {r['snr']!s:<5} @{r['point']} {r['text']!r} "
                      f"({r['truth']}) -> {x.label}\n      whisper {w!r}; {note}")
        print(f"{name} {args.half}: {turns} own-meaning turns; wrong labels taken / sent "
              f"to confirmation (of which the right one offered too; silence consents; "
              f"refused, received as open)")
        for where in SOURCES:
            if tally[(where, "taken")] or tally[(where, "confirmed")]:
                print(f"    {where:<22} {tally[(where, 'taken')]:>3} taken, "
                      f"{tally[(where, 'confirmed')]:>3} confirmed "
                      f"({tally[(where, 'named')]}; {tally[(where, 'silent')]}; "
                      f"{tally[(where, 'open')]})")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=tuple(SETS), action="append")
    parser.add_argument("--half", default="fit", choices=("fit", "held"))
    parser.add_argument("--show", action="store_true", help="each turn lost (fit half only)")
    parser.add_argument("--sources", action="store_true",
                        help="where wrong labels came from (source())")
    args = parser.parse_args()
    if args.sources:
        return sources(args)
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
            got = outcome(x.label, x.zone, r["truth"], x.refused, x.rival)
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

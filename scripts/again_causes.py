#!/usr/bin/env python3
"""Why answers are asked again: the development caches replayed, each answer that takes no
branch on the first asking counted by kind and by the gate that sent it back.

    PYTHONPATH=.:scripts python scripts/again_causes.py [--half fit|held] [--show]

"Right branch after confirmation" leaves out every answer that takes no branch (rejected
as unclear, not heard, or a confirmation refused): issue 13's fifteenth pass found 40–56%
of the blind sets' answers so asked again. This replays the development caches (heard once
by ``mirror_trust.py collect`` and its kin; decided again from the grammar's result and
Whisper's words with today's rules, :func:`mirror_trust.replayed`) and names, for each
answer asked again, what sent it back (:func:`cause`):

- ``nothing heard``: no speech found, or Whisper heard no words and the grammar none sure;
- ``whisper gate``: Whisper heard no words (its no-speech / probability floors) and the
  grammar's find, lowered a zone, was rejected;
- ``off-list test``: Whisper's words answer none of the answers, sure or clear enough to
  reject the grammar's find (combined.py "off-list words", "clear off-list words", "a
  number heard");
- ``grammar verification``: the grammar's own find rejected, Whisper's words unsure or
  faint (combined.py "unsure off-list words", "faint words differ", …);
- ``reader``: the learned reader doubted the words;
- ``decision``: the ear passed words on, the session's reading found no answer and no
  open answer in them (deciding.decide: too far from the question, a small word, …);
- ``confirm refused``: a wrong label sent to confirmation, which a truthful listener
  refuses, and the point asks again. A refusal an open point receives as an open answer
  is no asking again: right where the listener meant an open answer, a wrong branch where
  they meant one of the answers (bench_listening_results.ending, as the session ends a
  check); the last lines count both.

Development material only (the caches of the ear development set, v3, the accented and
talker turns, v5's halves, the yes/no, swap and meanings checks): split by voice into fit
and held halves (mirror_halves.py, v5_dev.py) before anything was read. ``--show`` lists
the fit half's asked-again answers with their evidence; the held half is never listed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mirror_trust
from bench_listening_honest import answer_class
from bench_listening_results import ending, taken
from mirror_halves import half_of

from voicepiece.listening.base import ACCEPT, CONFIRM

CACHES = ("mirror-trust.jsonl", "v5-dev.jsonl", "swap-check.jsonl", "yesno-check.jsonl",
          "meanings-accented.jsonl", "offlist-devquick.jsonl", "offlist-accented.jsonl")
KINDS = ("yes/no/unsure", "own meanings", "open answers", "questions back")
CAUSES = ("nothing heard", "whisper gate", "off-list test", "grammar verification",
          "reader", "decision", "confirm refused")


def _half(r: dict[str, Any], cache: str) -> str | None:
    if cache.startswith("v5-dev"):
        from v5_dev import half

        return half(r["voice"])
    if r.get("set") in ("fit", "held"):  # the checks' own split, written with them
        return str(r["set"])
    return half_of(r)


def replayed_caches(half: str | None = None
                    ) -> Iterator[tuple[str, mirror_trust.Replayed, mirror_trust.Replayer]]:
    """Every cached turn (of ``half``) replayed, with the cache it came from and the
    replayer, whose state (``heard``, ``doubted``) is that turn's until the next is asked."""
    from voicepiece.files import cache_home

    play = mirror_trust.Replayer()
    for name in CACHES:
        path = Path(cache_home()) / name
        if not path.is_file():
            continue
        for x in mirror_trust.replayed(path, play=play):
            if half is None or _half(x.r, name) == half:
                yield name, x, play


def rows(half: str | None = None
         ) -> Iterator[tuple[str, mirror_trust.Replayed, str | None, bool]]:
    """Every cached turn (of ``half``) replayed, with the cache it came from and what a
    refusal of its confirmation would leave (``Decision.refused``; None unconfirmed) and
    whether the learned reader's doubt changed the ear's decision."""
    for name, x, play in replayed_caches(half):
        yield name, x, x.refused, play.doubted


def outcome(x: mirror_trust.Replayed, refused: str | None = None) -> str:
    """``right``, ``wrong`` (a wrong branch taken: accepted, or an open answer received
    after a refused check) or ``again`` on the first asking, for a listener who confirms
    truthfully (bench_listening_results.ending, the session's own end of a check); ``off``
    for off-list speech."""
    truth = x.r["truth"]
    if truth is None:
        return "off"
    end = ending(truth, x.label, x.zone, refused, x.rival)
    return "right" if end == truth else "wrong" if taken(end) else "again"


def cause(x: mirror_trust.Replayed, doubted: bool = False) -> str:
    """What sent an answer asked again back (the module's note); ``doubted``: the learned
    reader changed the ear's decision."""
    if x.zone == CONFIRM:
        return "confirm refused"
    found = x.found
    if found is None:
        return "nothing heard"
    how = found.how
    if doubted:
        return "reader"
    if found.recognition.zone != "reject":
        return "decision"  # the ear found an answer; the session did not take it
    if how == "no words heard":
        return "whisper gate" if found.grammar.label else "nothing heard"
    if how in ("off-list words", "clear off-list words", "a number heard"):
        return "decision" if found.recognition.sure_words else "off-list test"
    if how == "a question back":
        return "decision"
    return "grammar verification"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=("fit", "held"))
    parser.add_argument("--show", action="store_true", help="list the fit half's")
    args = parser.parse_args()
    if args.show and args.half != "fit":
        parser.error("--show lists the fit half only (--half fit)")
    table: Counter[tuple[str, str]] = Counter()
    kinds: Counter[tuple[str, str]] = Counter()
    checks: Counter[tuple[str, str | None]] = Counter()
    off_taken = offs = 0
    for cache, x, refused, doubted in rows(args.half):
        kind = answer_class(x.r["truth"])
        result = outcome(x, refused)
        if result == "off":
            offs += 1
            off_taken += x.zone in (ACCEPT, CONFIRM)
            continue
        kinds[(kind, result)] += 1
        if x.zone == CONFIRM and x.label != x.r["truth"]:  # a check the listener refuses
            checks[(kind, refused)] += 1
            if args.show and result == "wrong":
                print(f"{'refused -> ' + str(refused):<20} {kind:<14} {cache.split('.')[0]:<16}"
                      f" @{x.r['point']} {x.r['text']!r} ({x.r['truth']}) -> {x.label} "
                      f"checked; heard {x.found and x.found.words and x.found.words.text!r}")
        if result == "again":
            why = cause(x, doubted)
            table[(kind, why)] += 1
            if args.show:
                w, g = x.r["words"] or {}, x.r["grammar"] or {}
                print(f"{why:<20} {kind:<14} {cache.split('.')[0]:<16} {x.r['snr']!s:<5} "
                      f"@{x.r['point']} {x.r['text']!r} ({x.r['truth']}) -> {x.label} "
                      f"{x.zone}\n    whisper {w.get('text')!r} conf "
                      f"{w.get('confidence', 0):.2f} least {w.get('least', 0):.2f}; grammar "
                      f"{g.get('label')} {g.get('zone')}; {x.found and x.found.how}")
    print(f"half: {args.half or 'both'}")
    print(f"  {'kind':<15}{'answers':>8}{'right':>7}{'wrong':>7}{'again':>7}  "
          + "  ".join(f"{c}" for c in CAUSES))
    for kind in KINDS:
        n = sum(kinds[(kind, r)] for r in ("right", "wrong", "again"))
        if n:
            print(f"  {kind:<15}{n:>8}{kinds[(kind, 'right')]:>7}{kinds[(kind, 'wrong')]:>7}"
                  f"{kinds[(kind, 'again')]:>7}  "
                  + "  ".join(f"{table[(kind, c)]:>{len(c)}}" for c in CAUSES))
    n = sum(kinds.values())
    print(f"  all answers {n}: right {sum(v for (_, r), v in kinds.items() if r == 'right')}, "
          f"wrong {sum(v for (_, r), v in kinds.items() if r == 'wrong')}, asked again "
          f"{sum(table.values())}; off-list taken {off_taken}/{offs}")
    for kind in ("own meanings", "open answers"):
        refusals = {k[1]: v for k, v in checks.items() if k[0] == kind}
        print(f"  {kind}: offered back as another answer and refused {sum(refusals.values())}"
              f" (then received as open {refusals.get('open', 0)}, asked again "
              f"{refusals.get('unclear', 0)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

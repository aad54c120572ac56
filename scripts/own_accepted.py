#!/usr/bin/env python3
"""Own meanings accepted without a check, on development caches only: which path of the
ear accepted each one (combined.combine's rule: the grammar and Whisper agreeing, Whisper's
words vouching for a grammar that doubted, Whisper's words alone read by the rules...),
right or wrong, and how far the sentence model puts the accepted answer ahead of the
piece's next own answer in Whisper's words (issue 13, twentieth pass: on blind v8, 12% of
own-meaning turns were accepted outright as the wrong answer, which no check reaches).

    PYTHONPATH=.:scripts python scripts/own_accepted.py [--half fit|held] [--show]
        [--late]

Every turn of the replayable development caches (the blended-accent meaning set, v5's
development copy, the dev mirror cache, the open-answer and questions-back sets) is
decided again (``mirror_trust.replayed``); for each own-meaning turn accepted outright
its path, right/wrong, the accepted label's score by meaning and its lead over the next
own answer (negative: another own answer scores higher). Other kinds of turn accepted as
one of the piece's own answers are counted too (an open answer, a question back or
off-list talk taken for one). ``--late`` adds what the grammar alone would have done had
Whisper come too late (a loaded machine: combined._late), which a replay never shows.
``--show`` lists the fit half's accepted turns (never the held half's).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Any

SETS = {"blends": "meanings-blends.jsonl", "v5": "v5-dev.jsonl", "dev": "mirror-trust.jsonl",
        "open": "open-answers.jsonl", "questions": "questions-back.jsonl",
        "accented": "meanings-accented.jsonl", "plain": "meanings-plain.jsonl"}
BINS = (-1.0, 0.0, 0.02, 0.05, 0.1, 0.2, 2.0)


def half(name: str, r: dict[str, Any]) -> str | None:
    """The half a cached turn belongs to, as its set's own bench splits it."""
    if name == "v5":
        from v5_dev import half as v5_half

        return v5_half(r["voice"])
    if name == "dev":
        from mirror_halves import half_of

        return half_of(r)
    return str(r["set"])


def own_lead(text: str, label: str, choices: Any, meanings: Any) -> tuple[float, float] | None:
    """``label``'s score by meaning in ``text`` and its lead over the next own answer (as
    meaning.rival_answer scores them); None where it is no own answer or not read."""
    from voicepiece.story.meaning import own_scores

    best = own_scores(text, choices, meanings)
    if best is None or label not in best:
        return None
    return best[label], best[label] - max(s for o, s in best.items() if o != label)


def written(half_wanted: str) -> list[tuple[str, dict[str, Any]]]:
    """The development sets' written items of ``half_wanted`` as cached turns Whisper heard
    word for word and surely, the grammar finding nothing (its "words alone" path): what
    the rules accept outright from good words, for many more phrasings than were spoken."""
    import bench_addressed_phrases as addressed
    import bench_meanings_accented_phrases as accented
    import bench_meanings_blends_phrases as blends
    import bench_offlist_phrases as offlist
    import bench_open_answers_phrases as opens
    import bench_questions_back_phrases as questions

    out = []
    for name, module in (("accented", accented), ("blends", blends), ("offlist", offlist),
                         ("addressed", addressed), ("open", opens), ("questions", questions)):
        for point, text, truth, half_of_item in module.items():
            if half_of_item != half_wanted:
                continue
            pieces = [[f" {w}", 0.9] for w in text.split()]
            out.append((f"w-{name}", {
                "set": half_of_item, "voice": "written", "snr": None, "point": point,
                "text": text, "truth": truth,
                "grammar": {"text": "", "label": None, "score": 0.0, "zone": "reject"},
                "words": {"text": text, "confidence": 0.9, "no_speech": 0.01,
                          "seconds": 0.2, "least": 0.9, "pieces": pieces},
                "label": "unclear", "zone": "reject", "mirrored": None, "own": False}))
    return out


def bin_of(lead: float) -> str:
    """The bin of :data:`BINS` ``lead`` falls in."""
    for lo, hi in pairwise(BINS):
        if lo <= lead < hi:
            return f"[{lo:+.2f},{hi:+.2f})"
    return "?"


def _turns(args: argparse.Namespace, play: Any) -> Any:
    """(set name, replayed turn) of the half: the caches', or the written items'."""
    import json
    import tempfile

    from mirror_trust import replayed

    from voicepiece.files import cache_home

    if args.written:
        rows = written(args.half)
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
            f.write("".join(json.dumps(r) + "\n" for _, r in rows))
        for (name, _), x in zip(rows, replayed(Path(f.name), play=play), strict=True):
            yield name, x
        Path(f.name).unlink()
        return
    for name, file in SETS.items():
        path = Path(cache_home()) / file
        if not path.is_file():
            print(f"{name}: no cache")
            continue
        for x in replayed(path, play=play):
            if half(name, x.r) == args.half:
                yield name, x


def main() -> int:
    from bench_listening_honest import answer_class
    from bench_listening_results import ending, taken
    from mirror_trust import Replayer

    from voicepiece.listening.base import ACCEPT, CONFIRM, Recognition
    from voicepiece.listening.combined import _late, combine

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", default="fit", choices=("fit", "held"))
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--late", action="store_true")
    parser.add_argument("--written", action="store_true",
                        help="the written sets' items as sure words alone instead")
    args = parser.parse_args()
    play = Replayer()
    paths: Counter[tuple[str, str]] = Counter()
    leads: Counter[tuple[str, str]] = Counter()
    others: Counter[str] = Counter()
    late: Counter[tuple[str, str]] = Counter()
    ends: Counter[tuple[str, str, str]] = Counter()
    turns = 0
    for name, x in _turns(args, play):
        r = x.r
        node = play.nodes[r["point"]]
        choices = node.listen.answers
        own = {c.label for c in choices if c.phrases}
        kind = answer_class(r["truth"])
        if kind == "own meanings":
            turns += 1
        if args.late and kind == "own meanings" and r["grammar"] is not None:
            g = combine(Recognition(**r["grammar"]), None, choices)
            alone = _late(g, choices).recognition
            if alone.zone == ACCEPT:
                late[(name, "right" if alone.label == r["truth"] else "wrong")] += 1
        end = ending(r["truth"], x.label, x.zone, x.refused, x.rival)
        got = ("taken" if r["truth"] is None and x.zone in (ACCEPT, CONFIRM) else
               "right" if end == r["truth"] else "off-list" if r["truth"] is None else
               ("wrong accepted" if x.zone == ACCEPT else "wrong after a check")
               if taken(end) else "asked again")
        for group in (name, "all"):
            ends[(group, kind, got)] += 1
            ends[(group, kind, "checked")] += x.zone == CONFIRM
            ends[(group, kind, "two-way")] += x.rival is not None
        if x.zone != ACCEPT:
            continue
        if kind != "own meanings":
            if x.label in own:
                words = (r["words"] or {}).get("text") or ""
                scored = own_lead(words, x.label, choices, play.meanings) if words else None
                others[f"{kind} taken as an own answer, lead "
                       f"{bin_of(scored[1]) if scored else 'not read'}"] += 1
                if args.show and args.half == "fit":
                    print(f"{kind:<9} {name:<9} {r['snr']!s:<5} @{r['point']:<11} "
                          f"{r['text']!r} -> {x.label} [{x.found and x.found.how}]; "
                          f"whisper {words!r}; lead {scored and scored[1]}")
            continue
        how = x.found.how if x.found is not None else "no turn"
        how += "; doubted" if play.doubted and "doubted" not in how else ""
        verdict = "right" if x.label == r["truth"] else "wrong"
        paths[(how, verdict)] += 1
        words = (r["words"] or {}).get("text") or ""
        scored = own_lead(words, x.label, choices, play.meanings) if words else None
        note = "no words" if scored is None else f"score {scored[0]:.2f} lead {scored[1]:+.3f}"
        leads[(bin_of(scored[1]) if scored else "not read", verdict)] += 1
        if args.show and args.half == "fit":
            g = r["grammar"] or {}
            print(f"{verdict:<5} {name:<9} {r['snr']!s:<5} @{r['point']:<11} "
                  f"{r['text']!r} ({r['truth']}) -> {x.label} [{how}]\n"
                  f"      whisper {words!r}; grammar {g.get('text')!r} "
                  f"{g.get('zone')}; {note}")
    print(f"{args.half}: {turns} own-meaning turns")
    results = ("right", "wrong accepted", "wrong after a check", "asked again", "taken",
               "checked", "two-way")
    for group, kind in sorted({k[:2] for k in ends}):
        print(f"  {group:<10} {kind:<15} " + ", ".join(
            f"{what} {ends[(group, kind, what)]}" for what in results
            if ends[(group, kind, what)] or what in ("right", "checked")))
    print("accepted outright, by path (right / wrong):")
    for how in sorted({h for h, _ in paths}):
        print(f"    {how:<40} {paths[(how, 'right')]:>4} / {paths[(how, 'wrong')]:>3}")
    print("accepted outright, by lead over the next own answer in Whisper's words:")
    for b in sorted({b for b, _ in leads}):
        print(f"    {b:<18} {leads[(b, 'right')]:>4} / {leads[(b, 'wrong')]:>3}")
    for what, n in sorted(others.items()):
        print(f"    {what}: {n}")
    if args.late:
        for name in SETS:
            if late[(name, "right")] or late[(name, "wrong")]:
                print(f"grammar alone (Whisper late) would accept, {name}: right "
                      f"{late[(name, 'right')]}, wrong {late[(name, 'wrong')]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""How well each relevance a point's own lines allow tells open answers from off-list
talk: the area under the curve (AUC: the chance an open answer scores above an off-list
one) of several scores by the sentence model, on development material only.

    PYTHONPATH=.:scripts python scripts/open_relevance.py [--half fit|held] [--show]

The items: every distinct transcript at the her piece's points that take open answers
(friendship, source, entangled), whose truth is an open answer or off-list talk, that the
session trusts as the listener's own words and that the rules would not turn away anyway
(a question mark, talk addressed elsewhere) — from the development caches
:mod:`again_causes` replays, split by voice as it splits them; and the typed tuning
answers (tests/data/meanings-tuning*.tsv, open and ``none`` rows at those points). The
scores, each the nearest (or the centroid's) cosine similarity of the words to:

- ``today``: the question's line and the answers' phrases (deciding's relevance, with
  ``OPEN_RELEVANCE_FLOOR``);
- ``passage``: every line the point says before it listens;
- ``explain``: its ``explain`` lines; ``open``: its ``open`` lines;
- ``phrases centroid``: the mean of the answers' phrases;
- ``context centroid``: the mean of the passage, ``explain`` and question lines;
- ``examples``: the point's example open answers (``open: examples:``, seventeenth pass);
  ``today+examples``: those and today's lines (what ``open_reading.nearness`` reads).

``--show`` lists the fit half's items with their scores; the held half is never listed.
Issue 13's sixteenth pass: docs/listening-measurements.md, "Open answers on the first
asking".
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
from bench_turns_prosody import auc

OPEN_POINTS = ("friendship", "source", "entangled")
TYPED = ("meanings-tuning.tsv", "meanings-tuning-natural.tsv", "meanings-tuning-fresh.tsv")


def spoken_items(half: str | None) -> Iterator[tuple[bool, str, str]]:
    """(is an open answer, point, transcript) for each trusted transcript of ``half``."""
    from again_causes import replayed_caches

    from voicepiece.story.model import OPEN

    for _, x, play in replayed_caches(half):
        r, heard = x.r, play.heard
        if (r["point"] in OPEN_POINTS and r["truth"] in (None, OPEN)
                and heard is not None and heard.own_words and heard.text):
            yield r["truth"] == OPEN, r["point"], heard.text


def typed_items() -> Iterator[tuple[bool, str, str]]:
    folder = Path(__file__).resolve().parent.parent / "tests" / "data"
    for name in TYPED:
        for line in (folder / name).read_text().splitlines():
            if line.startswith("#") or not line.strip():
                continue
            point, label, text = line.split("\t")[:3]
            point = point.removeprefix("her:")
            if point in OPEN_POINTS and label in ("open", "none"):
                yield label == "open", point, text


def scorers() -> dict[str, Callable[[str, str], float]]:
    """Each score's function of (point, words)."""
    from voicepiece.listening.embedder import shared_embedder
    from voicepiece.session.deciding import asked_words
    from voicepiece.story.loader import load_piece
    from voicepiece.story.model import every_line
    from voicepiece.story.wording import normalize

    model = shared_embedder()
    if model is None:
        raise SystemExit("the sentence model is missing: scripts/setup")
    nodes = {n.name: n for n in load_piece("her").listening_points()}
    lines: dict[str, dict[str, list[str]]] = {}
    for name in OPEN_POINTS:
        node = nodes[name]
        listen = node.listen
        lines[name] = {
            "question": [asked_words(node) or ""],
            "passage": [line.text for line in every_line(node.say)],
            "explain": [line.text for line in every_line(listen.explain.say)]
            if listen.explain else [],
            "open": [line.text for line in every_line(listen.open.say)] if listen.open else [],
            "phrases": [p for a in listen.answers for p in a.phrases],
            "examples": list(listen.open.phrases) if listen.open else [],
        }

    def nearest(kinds: tuple[str, ...]) -> Callable[[str, str], float]:
        def score(point: str, text: str) -> float:
            examples = [normalize(e) for k in kinds for e in lines[point][k] if e]
            return max(model.similarities(normalize(text), examples))
        return score

    def centroid(kinds: tuple[str, ...]) -> Callable[[str, str], float]:
        def score(point: str, text: str) -> float:
            vectors = model.examples([normalize(e) for k in kinds for e in lines[point][k]])
            mean = vectors.mean(axis=0)
            return float(model.vector(normalize(text)) @ (mean / np.linalg.norm(mean)))
        return score

    return {"today": nearest(("question", "phrases")), "passage": nearest(("passage",)),
            "explain": nearest(("explain",)), "open": nearest(("open",)),
            "phrases centroid": centroid(("phrases",)),
            "context centroid": centroid(("passage", "explain", "question")),
            "examples": nearest(("examples",)),
            "today+examples": nearest(("question", "phrases", "examples"))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=("fit", "held"), default="fit")
    parser.add_argument("--show", action="store_true", help="list the fit half's items")
    args = parser.parse_args()
    if args.show and args.half != "fit":
        parser.error("--show lists the fit half only")
    from voicepiece.story.elsewhere import addressed_elsewhere
    from voicepiece.story.wording import normalize

    score = scorers()
    for title, items in ((f"spoken, {args.half} half", spoken_items(args.half)),
                         ("typed tuning answers", typed_items())):
        seen: dict[tuple[str, str], bool] = {}
        for is_open, point, text in items:
            if not text.rstrip().endswith("?") and not addressed_elsewhere(text):
                seen.setdefault((point, normalize(text)), is_open)
        print(f"{title}: {sum(seen.values())} open answers, "
              f"{len(seen) - sum(seen.values())} off-list (distinct words)")
        for name, fn in score.items():
            scored = [(o, fn(p, t)) for (p, t), o in seen.items()]
            opens = [s for o, s in scored if o]
            offs = [s for o, s in scored if not o]
            print(f"  {name:<18} AUC {auc(opens, offs):.3f}   open "
                  f"{min(opens):.2f}-{max(opens):.2f}   off-list {min(offs):.2f}-{max(offs):.2f}")
        if args.show and title.startswith("spoken"):
            for (p, t), o in sorted(seen.items()):
                print(f"    {'open' if o else 'off '} {p:<10} "
                      + " ".join(f"{fn(p, t):5.2f}" for fn in score.values()) + f"  {t}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

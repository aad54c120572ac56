"""Choose meaning.GIST_MARGIN: where a point takes open answers, how far a loose reading
by meaning must lead on its gist to be taken for one of the piece's own answers rather
than received as an open answer (``scripts/fit-meanings --open``).

Tuning only: the typed tuning files (meanings-tuning-natural, -fresh, -classes, and the
her piece's points of meanings-tuning.tsv) and the spoken development sets as the ear
heard them (listening v3 and the ear development set, kept by
scripts/bench_meanings_spoken.py hear), every answer decided by the session's own
decision (``session.deciding.decide``) at every point that takes open answers. A margin
is judged by the answers it gets right less twice the wrong meanings it takes (an open
answer, off-list talk or another answer taken for one of the piece's own answers: a
wrong meaning is worse than a soft miss, which is received warmly and kept); ties go to
the higher margin, the safer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TUNING_FILES = ("meanings-tuning-natural.tsv", "meanings-tuning-fresh.tsv",
                "meanings-tuning-classes.tsv", "meanings-tuning.tsv")
MARGINS = [m / 100 for m in range(0, 31)]
WRONG_WEIGHT = 2


def tuning_answers(points: set[str]) -> Iterator[tuple[str, str, str, Any]]:
    """(source, point, label, Heard) of every tuning answer at ``points``: typed lines and
    the kept spoken turns (off-list talk labelled ``unclear``)."""
    from bench_meanings_spoken import _kept

    from voicepiece.session.events import Heard

    for name in TUNING_FILES:
        for line in (ROOT / "tests" / "data" / name).read_text().splitlines():
            if line and not line.startswith("#"):
                point, label, text = line.split("\t")
                point = point.removeprefix("her:")
                if point in points:
                    yield "typed", point, "unclear" if label == "none" else label, \
                        Heard(text, own_words=True)
    for row in _kept():
        if row["point"] in points:
            yield row["set"], row["point"], row["truth"] or "unclear", Heard(**row["heard"])


def fit() -> None:
    from voicepiece.assembly.ears import meaning_model
    from voicepiece.session import deciding
    from voicepiece.session.events import Question
    from voicepiece.story import meaning
    from voicepiece.story.loader import load_piece

    piece = load_piece("her")
    nodes = {n.name: n for n in piece.listening_points() if n.listen and n.listen.open}
    meanings = meaning_model(piece, eager=True)
    cases = list(tuning_answers(set(nodes)))
    own = {name: {a.label for a in n.listen.answers if a.phrases} for name, n in nodes.items()
           if n.listen}
    rows = []
    for margin in MARGINS:
        deciding.GIST_MARGIN = margin
        right = wrong = 0
        by_source: dict[str, list[int]] = {}
        for source, point, truth, heard in cases:
            node = nodes[point]
            assert node.listen is not None
            question = Question(node.name, node.listen.answers, node.listen.settings)
            label, _ = deciding.decide(heard, question, node.listen, meanings,
                                       deciding.asked_words(node))
            ok = label == truth
            bad = label in own[point] and not ok
            right += ok
            wrong += bad
            tally = by_source.setdefault(source, [0, 0, 0])
            tally[0] += ok
            tally[1] += bad
            tally[2] += 1
        rows.append((right - WRONG_WEIGHT * wrong, margin, right, wrong, by_source))
    best = max(rows, key=lambda r: (r[0], r[1]))
    for _, margin, right, wrong, by_source in rows:
        mark = " <- chosen" if margin == best[1] else ""
        sources = ", ".join(f"{s} {r}/{n} (wrong {w})" for s, (r, w, n) in by_source.items())
        print(f"gist margin {margin:.2f}: {right}/{len(cases)} right, {wrong} wrong meanings "
              f"taken [{sources}]{mark}")
    print(f"chosen on tuning: gist margin {best[1]:.2f} (now in meaning.py: "
          f"{meaning.GIST_MARGIN:.2f})")

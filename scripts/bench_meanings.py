"""Benchmark section "meanings": answers read by rules and by a sentence model.

Figures on the held-out sets (never tuned on) and the tuning sets, with the thresholds in
voicepiece/story/meaning.py; baseline: the rules alone, on the same answers in the same
run. Then the her piece's rows of the same sets typed through the session's own decision
(``session.deciding.decide``: where a point takes open answers, a loose reading may be
received as open instead — what the matcher's figure does not see), counts only. Also
the cost of embedding one short sentence. scripts/fit-meanings chooses the
thresholds with the same functions, on the tuning sets only.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import meaning_sets as ms
from tests import test_typed_answers as typed
from voicepiece.listening.embedder import Embedder, load_embedder
from voicepiece.story import meaning
from voicepiece.story.matching import PHRASE, QUALIFIED, _by_rules, read_words

Row = tuple[str, str, tuple, str | None, str | None, meaning.Nearest]
RULES_ALONE = (9.0, 9.0)
"""A threshold and margin no score reaches: the rules alone."""


Case = tuple[str, str, tuple, str | None]


def cases(meanings_path: Path, typed_path: Path) -> list[Case]:
    """(expected, text, choices, question) at own-meaning points and at a yes/no/unsure
    point (whose typed answers were asked no question in particular)."""
    out: list[Case] = [(e, t, ms.points()[p], ms.questions()[p])
                       for p, e, t in ms.answers(meanings_path)]
    out += [(e, t, typed.YES_NO_UNSURE, None) for e, t in typed.answers(typed_path)]
    return out


def scored(embedder: Embedder, items: list[Case]) -> list[Row]:
    """Each case with the rules' label, what they found (matching.PHRASE, SLIP, None) and the
    model's nearest answer at no threshold: what every (threshold, margin) is judged on."""
    rows = []
    for expected, text, choices, question in items:
        match, found = _by_rules(read_words(text), choices)
        near = meaning.nearest_answer(text, choices, embedder, threshold=-2.0, margin=-2.0,
                                      question=question)
        rows.append((expected, text, choices, match.label, found, near))
    return rows


def outcome(row: Row, threshold: float, margin: float) -> str:
    _, _, choices, rules, found, near = row
    if found == PHRASE:
        return rules or "none"
    if near.label is None or near.similarity < threshold or near.margin < margin:
        return rules or "none"
    if found == QUALIFIED and near.label not in {c.label for c in choices if c.phrases}:
        return rules or "none"  # as match_answer: only an own answer outweighs "a bit"
    return near.label


def judge(rows: list[Row], threshold: float, margin: float) -> dict[str, Any]:
    own = [r for r in rows if r[2] is not typed.YES_NO_UNSURE and r[0] != "none"]
    builtin = [r for r in rows if r[2] is typed.YES_NO_UNSURE]
    off = [r for r in rows if r[0] == "none"]
    return {
        "own_meanings": sum(outcome(r, threshold, margin) == r[0] for r in own) / len(own),
        "off_topic_taken": sum(outcome(r, threshold, margin) != "none" for r in off),
        "off_topic": len(off),
        "typed": sum(outcome(r, threshold, margin) == r[0] for r in builtin) / len(builtin),
        "yes_no_swapped": sum({outcome(r, threshold, margin), r[0]} == {"yes", "no"}
                              for r in builtin),
    }


def median_call(embedder: Embedder) -> tuple[float, float]:
    """Wall and CPU milliseconds to embed one short sentence: on a busy machine the CPU
    time is what it costs, the wall time what a listener waits."""
    walls, cpus = [], []
    for text in ("it comes from deep down in all of us", "I had pasta for lunch today") * 10:
        began, began_cpu = time.perf_counter(), time.process_time()
        embedder.embed([text])
        walls.append((time.perf_counter() - began) * 1000)
        cpus.append((time.process_time() - began_cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def session_decision(embedder: Embedder, path: Path) -> dict[str, int]:
    """The her piece's rows of a meanings set typed through the session's decision:
    counts (right, received as open, a wrong meaning, off-topic taken), never the rows."""
    from voicepiece.session.deciding import asked_words, decide
    from voicepiece.session.events import Heard, Question
    from voicepiece.story.loader import load_piece
    from voicepiece.story.model import EXPLAIN, OPEN, UNCLEAR

    nodes = {n.name: n for n in load_piece("her").listening_points()}
    counts = dict.fromkeys(("answers", "right", "open", "wrong_meaning", "off_topic",
                            "off_topic_taken"), 0)
    for point, label, text in ms.answers(path):
        node = nodes.get(point.removeprefix("her:")) if point.startswith("her:") else None
        if node is None or node.listen is None:
            continue
        question = Question(node.name, node.listen.answers, node.listen.settings)
        got, _ = decide(Heard(text, own_words=True), question, node.listen, embedder,
                        asked_words(node))
        if label == ms.UNCLEAR:
            counts["off_topic"] += 1
            counts["off_topic_taken"] += got not in (UNCLEAR, OPEN)
            continue
        counts["answers"] += 1
        counts["right"] += got == label
        counts["open"] += got == OPEN
        counts["wrong_meaning"] += got not in (label, OPEN, UNCLEAR, EXPLAIN)
    return counts


def describe(name: str, rules: dict[str, Any], model: dict[str, Any]) -> str:
    return (f"{name}: own meanings {model['own_meanings']:.1%} (rules alone "
            f"{rules['own_meanings']:.1%}); off-topic taken {model['off_topic_taken']}/"
            f"{model['off_topic']}; typed yes/no/unsure {model['typed']:.1%} (rules alone "
            f"{rules['typed']:.1%}); yes/no swapped {model['yes_no_swapped']}")


def run(args: argparse.Namespace) -> dict[str, Any]:
    began = time.perf_counter()
    embedder = load_embedder()
    loaded = time.perf_counter() - began
    figures: dict[str, Any] = {"threshold": meaning.THRESHOLD, "margin": meaning.MARGIN,
                               "load_seconds": round(loaded, 2)}
    for name, paths in (("held_out", (ms.HELD_OUT, typed.HELD_OUT)),
                        ("tuning", (ms.TUNING, typed.TUNING))):
        rows = scored(embedder, cases(*paths))
        model = judge(rows, meaning.THRESHOLD, meaning.MARGIN)
        rules = judge(rows, *RULES_ALONE)
        print(describe(name, rules, model), flush=True)
        figures[name] = {"model": model, "rules_alone": rules}
    for name, path in (("held_out", ms.HELD_OUT), ("tuning", ms.TUNING)):
        counts = session_decision(embedder, path)
        print(f"{name}, her points, the session's decision: own answers right "
              f"{counts['right']}/{counts['answers']} (received as open {counts['open']}, "
              f"a wrong meaning {counts['wrong_meaning']}); off-topic taken "
              f"{counts['off_topic_taken']}/{counts['off_topic']}", flush=True)
        figures[name]["session"] = counts
    wall, cpu = median_call(embedder)
    print(f"one short sentence: median {wall:.1f} ms wall, {cpu:.1f} ms CPU")
    figures["sentence_ms"] = {"wall": round(wall, 1), "cpu": round(cpu, 1)}
    return figures

"""The meaning-matching sets: listening points with a piece's own meanings and answers to
them (tests/data/meaning-questions.yaml, meanings-heldout.tsv, meanings-tuning.tsv).

Shared by tests/test_meanings.py and scripts/fit_meanings.py, which chooses the
thresholds on the tuning file only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from voicepiece.story.loader import load_piece
from voicepiece.story.model import every_line
from voicepiece.story.wording import normalize

DATA = Path(__file__).parent / "data"
QUESTIONS = DATA / "meaning-questions.yaml"
HELD_OUT = DATA / "meanings-heldout.tsv"
TUNING = DATA / "meanings-tuning.tsv"
UNCLEAR = "none"


@dataclass(frozen=True)
class Choice:
    label: str
    meaning: str | None
    phrases: tuple[str, ...] = ()


@cache
def points() -> dict[str, tuple[Choice, ...]]:
    """Every listening point of the sets: ``her:NODE`` from the built-in piece, the
    made-up ones from meaning-questions.yaml."""
    found: dict[str, tuple[Choice, ...]] = {}
    her = load_piece("her")
    for node_id in ("friendship", "source", "entangled", "combustion"):
        answers = her.nodes[node_id].listen.answers
        found[f"her:{node_id}"] = tuple(Choice(a.label, a.meaning, a.phrases) for a in answers)
    made_up = yaml.safe_load(QUESTIONS.read_text("utf-8"))
    for name, point in made_up.items():
        found[name] = tuple(
            Choice(a["label"], a.get("meaning"), tuple(a.get("phrases", ())))
            for a in point["answers"]
        )
    return found


@cache
def questions() -> dict[str, str]:
    """The words that ask each point's question: a her node's question line (as the
    session passes it to the matcher), a made-up point's ``question``."""
    her = load_piece("her")
    found = {}
    for name in points():
        if name.startswith("her:"):
            asked = her.nodes[name.removeprefix("her:")].question
            assert asked is not None
            found[name] = " ".join(line.text for line in every_line([asked]))
    made_up = yaml.safe_load(QUESTIONS.read_text("utf-8"))
    found.update({name: point["question"] for name, point in made_up.items()})
    return found


def answers(path: Path) -> list[tuple[str, str, str]]:
    """(point, expected label, answer) triples; ``none`` means "must stay unclear"."""
    out = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            point, expected, text = line.split("\t")
            out.append((point, expected, text))
    return out


def example_phrases_in(point: str, text: str) -> list[str]:
    """The point's example phrases that ``text`` uses as whole words."""
    said = f" {normalize(text)} "
    return [
        phrase for choice in points()[point] for phrase in choice.phrases
        if re.search(rf"(?<!\S){re.escape(normalize(phrase))}(?!\S)", said)
    ]

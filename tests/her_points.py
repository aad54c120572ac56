"""The her piece's answers at one listening point, for the turn tests that judge words as
they would be judged there (a point's own phrasings are heard whole)."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from voicepiece.story.loader import load_piece
from voicepiece.story.wording import normalize

YES_NO_POINTS = frozenset({"isolated", "she_listens", "norms", "relationship", "is_he_alone",
                           "true_love", "constructs"})
"""The her piece's yes/no/unsure points, which every blind set answers."""
MEANINGS = ("listen", "slow_down", "open_up", "within", "another", "true", "acceptable",
            "neither", "between", "alone")
"""The her piece's own meanings, which every blind set answers in words of its own."""


@functools.cache
def choices(point: str) -> tuple:
    node = next(n for n in load_piece("her").listening_points() if n.name == point)
    assert node.listen is not None
    return tuple(node.listen.answers)


def example_phrases_held(answers: Iterable[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """The (answer, example phrase) pairs where a held-out set's answer to a point's own
    meaning holds one of that point's example phrases whole: such an answer could match by
    the listed words, not by understanding. A blind set's guard reports only how many."""
    return [(text, phrase) for point, text, _ in answers for answer in choices(point)
            for phrase in answer.phrases
            if f" {normalize(phrase)} " in f" {normalize(text)} "]

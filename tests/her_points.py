"""The her piece's answers at one listening point, for the turn tests that judge words as
they would be judged there (a point's own phrasings are heard whole)."""

from __future__ import annotations

import functools

from voicepiece.story.loader import load_piece


@functools.cache
def choices(point: str) -> tuple:
    node = next(n for n in load_piece("her").listening_points() if n.name == point)
    assert node.listen is not None
    return tuple(node.listen.answers)

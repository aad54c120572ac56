"""A clause left open is no answer at any point: at the her piece's points that take its own
meanings and open answers (where the matcher may find an answer in any fragment, and a
sentence that answers nothing is an open answer), words that stop where no answer does —
"I think that", "it came from", "the way she", "the thing about her" — keep the turn open,
and the point's complete answers still end it. Pure logic on text (the matcher's own
meanings use the sentence model)."""

from __future__ import annotations

import functools

import pytest

from voicepiece.listening.clause_shapes import clause_left_open
from voicepiece.listening.turn_reading import TRAILS_OFF, WHOLE, reading
from voicepiece.story.loader import load_piece
from voicepiece.story.wording import normalize


@functools.cache
def _answers(point: str) -> tuple:
    piece = load_piece("her")
    node = next(n for n in piece.listening_points() if n.name == point)
    assert node.listen is not None
    return tuple(node.listen.answers)


FRAGMENTS = ["I think that.", "I guess it came from.", "Honestly, the way she.",
             "The thing about her.", "The people who.", "It's about their.",
             "I feel like it is more than.", "Maybe she", "The reason."]


@pytest.mark.parametrize("text", FRAGMENTS)
def test_a_fragment_stops_where_no_answer_does(text: str) -> None:
    assert clause_left_open(normalize(text).split())


@pytest.mark.parametrize("text", [
    "I like that.", "I don't know who.", "Not sure which.", "From within.", "It came from within.",
    "Between us.", "I loved her.", "The way she listens.", "The thing is, she listens.",
    "Another person.", "It's his.", "Yes.", "I don't know where it came from.",
    "What she is looking at.", "That is that.", "The best.", "The truth is she does.",
])
def test_a_complete_answer_is_not_left_open(text: str) -> None:
    assert not clause_left_open(normalize(text).split())


@pytest.mark.parametrize("point", ["friendship", "source", "entangled", "combustion",
                                   "she_listens"])
@pytest.mark.parametrize("text", FRAGMENTS[:5])
def test_at_any_point_a_fragment_trails_off(point: str, text: str) -> None:
    assert reading(text, _answers(point)) == TRAILS_OFF


@pytest.mark.parametrize(("point", "text"), [
    ("friendship", "By really listening."), ("source", "From another person."),
    ("source", "From within."), ("entangled", "It has to be true."),
    ("combustion", "Between two people."), ("she_listens", "Yes, I think so."),
])
def test_the_point_s_answers_still_end_the_turn(point: str, text: str) -> None:
    assert reading(text, _answers(point)) == WHOLE

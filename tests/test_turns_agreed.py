"""Two witnesses of one complete answer end the turn (issue 13, the latency's tail): where
the grammar heard a whole answer and Whisper's words, read as finished, are that answer
misheard ("Not why." for "not quite", "Time to get me." for "time together"), Whisper's
doubt about its own misheard last word does not keep the listener waiting the hesitation
silence. Where the grammar heard no whole answer, or another one, the doubt still decides;
a word or two spelt like the grammar's phrase is that phrase misheard, not a hesitation.
The pure logic, with fakes; and the judge keeping the grammar's answer, on real audio."""

from __future__ import annotations

from tests.her_points import choices as _choices
from voicepiece.listening.base import ACCEPT, REJECT, Recognition
from voicepiece.listening.completeness import DOUBT
from voicepiece.listening.grammar import grammar_for
from voicepiece.listening.listener_voices import add_noise, pad, speak
from voicepiece.listening.recognizer import SphinxRecognizer
from voicepiece.listening.turns import TurnJudge, Verdict, agreed, read_with, read_words
from voicepiece.listening.whisper_model import WhisperWords


def _words(text: str, primed: str | None = None, doubt: float = 0.0) -> WhisperWords:
    return WhisperWords(text, 0.8, 0.01, 0.1, unfinished=primed, doubt=doubt)


def _heard(point: str, phrase: str, zone: str = ACCEPT) -> Recognition:
    """The grammar's recognition of ``phrase`` at ``point``."""
    return Recognition(phrase, grammar_for(_choices(point)).labels[phrase], 0.8, zone)


def test_an_answer_misheard_that_the_grammar_heard_whole_ends_the_turn() -> None:
    at = _choices("she_listens")
    doubted = _words("Not why.", "not why...", doubt=0.033)  # the bench's clean flite slt
    assert read_words(Verdict(True), doubted, at) == Verdict(False, True)  # doubt alone
    assert read_words(Verdict(True, answer=_heard("she_listens", "not quite")), doubted,
                      at) == Verdict(True, False)
    spelt_alike = _words("Time to get me.", "Time to get me.", doubt=0.044)
    quick = Verdict(True, answer=_heard("friendship", "time together"))
    assert read_words(quick, spelt_alike, _choices("friendship")) == Verdict(True, False)


def test_the_doubt_still_decides_where_the_grammar_heard_no_whole_answer_or_another() -> None:
    at = _choices("she_listens")
    doubted = _words("Not why.", "not why...", doubt=0.033)
    unsure = _heard("she_listens", "not quite", REJECT)
    assert read_words(Verdict(False, answer=unsure), doubted, at) == Verdict(False, True)
    assert read_words(Verdict(True, answer=_heard("she_listens", "yes")), doubted,
                      at) == Verdict(False, True)
    fragment = _words("You have to be willing too.", doubt=DOUBT)
    quick = Verdict(True, answer=_heard("friendship", "time together"))
    assert not agreed(quick, fragment.text, _choices("friendship"))
    assert read_words(quick, fragment, _choices("friendship")) == Verdict(False, True)


def test_words_that_trail_off_by_themselves_are_not_overruled() -> None:
    quick = Verdict(True, answer=_heard("she_listens", "not quite"))
    assert read_words(quick, _words("Not quite..."), _choices("she_listens")).hesitating


def test_a_word_or_two_spelt_like_the_grammar_s_phrase_is_that_phrase_misheard() -> None:
    """"In the way." (a frame alone) for the point's "in a way": the grammar's phrase
    decides, whole or not as it judged; with no phrase like it, it waits like a
    hesitation."""
    at = _choices("she_listens")
    assert read_with(Verdict(False), "In the way.", at) == Verdict(False, True)
    rejected = _heard("she_listens", "in a way", REJECT)
    assert read_with(Verdict(False, answer=rejected), "In the way.", at) == Verdict(False, False)
    whole = _heard("she_listens", "in a way")
    assert read_with(Verdict(True, answer=whole), "In the way.", at) == Verdict(True, False)
    other = _heard("she_listens", "yes")
    assert read_with(Verdict(True, answer=other), "In the way.", at) == Verdict(False, True)


def test_the_judge_keeps_the_grammar_s_answer_where_it_asked_the_grammar() -> None:
    at = _choices("she_listens")
    audio = add_noise(pad(speak("not quite", "flite:slt"), 0.3, 0.1, 1), 20.0, 2)
    judge = TurnJudge(transcripts=False)
    verdict = judge.verdict(SphinxRecognizer(), audio, at)
    assert verdict.answer is not None and verdict.answer.text == "not quite", verdict
    assert verdict.whole == (verdict.answer.zone != REJECT)


def test_a_thought_alone_the_grammar_heard_still_waits() -> None:
    """"I suppose… she does", heard "It's a pose." in its pause: the grammar's "I suppose"
    is unsure's phrasing, but alone it is a listener still thinking (the light parse's
    choice), so Whisper's words spelt like it do not end the turn."""
    at = _choices("she_listens")
    quick = Verdict(True, answer=_heard("she_listens", "i suppose"))
    assert not agreed(quick, "It's a pose.", at)
    assert not read_words(quick, _words("It's a pose."), at).whole

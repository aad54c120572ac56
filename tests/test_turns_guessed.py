"""Words Whisper guessed do not end a turn (issue 13, item 6, fourteenth pass): where the
grammar did not hear a whole answer and Whisper's two decodings of the same audio — plain
and primed — are different words, the words are a guess at the sound ("but rules detour
dry luck with Khan." / "but we'll still keep all dry up with can." for "the rules people
grow up with can…"), and the turn waits the hesitation silence. Two decodings that agree,
a whole answer the grammar heard, and an answer in the point's own words are judged as
before. Fakes of Whisper's words: the rule reads only the two decodings."""

from __future__ import annotations

from tests.her_points import choices as _choices
from voicepiece.listening.completeness import primed_unlike
from voicepiece.listening.primed import Primed
from voicepiece.listening.turns import Verdict, read_words
from voicepiece.listening.whisper_model import WhisperWords

GUESSED = ("but rules detour dry luck with Khan.", "but we'll still keep all dry up with can.")


def _words(text: str, primed: str | Primed | None) -> WhisperWords:
    return WhisperWords(text, 0.6, 0.05, 0.0, 0.3, unfinished=primed)


def test_two_decodings_of_different_words_wait() -> None:
    words = _words(*GUESSED)
    assert primed_unlike(words, _choices("constructs"))
    assert read_words(Verdict(False), words, _choices("constructs")) == Verdict(False, True)


def test_two_decodings_that_agree_are_judged_as_before() -> None:
    text = GUESSED[0]
    same = read_words(Verdict(False), _words(text, text.rstrip(".")), _choices("constructs"))
    assert same == Verdict(False, False)  # a sentence that answers nothing: the middle wait
    complete = "No, he's infatuated. That's all."
    words = _words(complete, "No, he's in fact traded. That's all.")  # misheard alike
    assert not primed_unlike(words, _choices("true_love"))
    assert read_words(Verdict(False), words, _choices("true_love")).whole


def test_a_whole_answer_the_grammar_heard_is_not_doubted_by_the_second_decoding() -> None:
    assert not read_words(Verdict(True), _words(*GUESSED), _choices("constructs")).hesitating


def test_an_answer_in_the_points_own_words_asks_no_second_decoding() -> None:
    def decode() -> str:
        raise AssertionError("the second pass was asked for a listed answer")

    words = _words("Yes.", Primed(decode))
    assert not primed_unlike(words, _choices("constructs"))
    assert read_words(Verdict(False), words, _choices("constructs")).whole

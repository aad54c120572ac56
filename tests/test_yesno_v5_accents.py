"""Yes, no and unsure as Spanish, Portuguese and Hindi speakers of English say them (issue
13, the accented blind set v5's accents; found on scripts/yesno_accents.py's fit
phrasings): a question tag asking to be agreed with ("it is true, no?") leaves the answer
it hangs on, the progressive "I am not knowing" is "I don't know", and "it can be" is a
possibility. Pure logic: the matcher, and a transcript's reading (Whisper writes the tag's
"?", which normalizing drops)."""

from __future__ import annotations

import pytest

from tests import yesno_reading
from voicepiece.story.tags import without_question_tag

_typed = yesno_reading.typed
_heard = yesno_reading.heard


@pytest.mark.parametrize(("text", "meaning"), [
    ("it is true, no?", "yes"), ("She does, no?", "yes"), ("I think so, right?", "yes"),
    ("it is, isn't it?", "yes"), ("She doesn't, right?", "no"), ("It isn't true, na?", "no"),
    ("I'm not sure, no?", "unsure")])
def test_a_question_tag_leaves_the_answer_it_hangs_on(yes_no, text: str, meaning: str) -> None:
    assert _typed(text, yes_no) == meaning
    assert _heard(text, yes_no) == meaning  # as Whisper writes it, its "?" kept to read


@pytest.mark.parametrize("text", ["I don't, no", "I don't, no.", "No, no?", "yes, no?",
                                  "it is true, no"])
def test_a_no_that_is_no_tag_still_counts(yes_no, text: str) -> None:
    # without the question mark, or with nothing for a tag to hang on, the "no" is an
    # answer: "I don't, no" is a no said twice; "it is true, no" is in two minds
    assert without_question_tag(text) == text
    assert _typed(text, yes_no) != "yes"


@pytest.mark.parametrize("text", ["I'm not knowing", "I am not knowing",
                                  "I'm not knowing, sorry"])
def test_not_knowing_is_not_knowing(yes_no, text: str) -> None:
    assert _typed(text, yes_no) == "unsure"
    assert _heard(text, yes_no) == "unsure"


def test_a_plain_denial_after_am_stays_a_no(yes_no) -> None:
    for text in ("I'm not", "no, I am not", "it is not"):
        assert _typed(text, yes_no) == "no", text


@pytest.mark.parametrize(("text", "meaning"), [("it can be", "unsure"), ("can be", "unsure"),
                                               ("it can be true", "yes")])
def test_it_can_be_is_a_possibility(yes_no, text: str, meaning: str) -> None:
    assert _typed(text, yes_no) == meaning


@pytest.mark.parametrize("text", [
    "absolutely no", "of course that no", "sure not", "for sure not", "clearly not",
    "definitely no", "it is definitely not true", "I think that not", "I believe that not"])
def test_an_emphatic_no_is_a_no(yes_no, text: str) -> None:
    # the emphasis is a yes word: read with it, the answer was in two minds, or nothing
    assert _typed(text, yes_no) == "no"
    assert _heard(text, yes_no) == "no"


@pytest.mark.parametrize(("text", "meaning"), [
    ("not sure", "unsure"), ("not totally", "unsure"), ("of course", "yes"),
    ("sure", "yes"), ("absolutely, no doubt", "yes"), ("sure, no problem", "yes")])
def test_emphasis_kept_where_it_says_something(yes_no, text: str, meaning: str) -> None:
    # a "not" before the word hedges it; the word alone, or before a denied no, agrees
    assert _typed(text, yes_no) == meaning
    assert _heard(text, yes_no) == meaning


@pytest.mark.parametrize("text", ["no doubts", "I have no doubts", "I am not denying",
                                  "I don't think it's false", "I don't think she's wrong"])
def test_a_no_word_denied_is_a_yes(yes_no, text: str) -> None:
    assert _typed(text, yes_no) == "yes"
    assert _heard(text, yes_no) == "yes"


def test_a_denied_opinion_of_a_yes_stays_a_no(yes_no) -> None:
    for text in ("I don't think it's true", "I don't think she does", "I don't think so, no"):
        assert _typed(text, yes_no) == "no", text


def test_a_tagged_answer_from_whisper_is_taken_not_asked(yes_no) -> None:
    # the tag's "no" is no second answer: nothing for the ear to ask about
    from voicepiece.listening.base import ACCEPT, REJECT, Recognition
    from voicepiece.listening.combined import combine
    from voicepiece.listening.whisper_model import WhisperWords

    words = WhisperWords(text="It is true, no?", confidence=0.8, no_speech=0.05, seconds=0.2,
                         least=0.8, pieces=((" It", 0.9), (" is", 0.9), (" true", 0.9),
                                            (",", 0.9), (" no", 0.8), ("?", 0.8)))
    for grammar in (Recognition(None, None, 0.0, REJECT),
                    Recognition("that is true", "yes", 0.9, ACCEPT)):
        found = combine(grammar, words, yes_no).recognition
        meaning = next(c.meaning for c in yes_no if c.label == found.label)
        assert (meaning, found.zone) == ("yes", ACCEPT), grammar


@pytest.mark.parametrize("text", ["I totally disagree", "I completely disagree",
                                  "I strongly disagree", "I disagree completely"])
def test_a_disagreement_stressed_is_a_no(yes_no, text: str) -> None:
    # "totally" alone agrees: beside "disagree" it only says how much (a swap before)
    assert _typed(text, yes_no) == "no"
    assert _heard(text, yes_no) == "no"
    assert _typed("I totally agree", yes_no) == "yes"

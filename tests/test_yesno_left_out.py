"""Yes and no as Spanish and Portuguese speakers carry them into English, thirteenth pass
(issue 13; found on the twelfth pass's typed held batch, fit material now, and on listening
v5's fit half): a clause whose subject is left out ("is not like that": "no es así"), and
both yes and no denied ("not yes, not no": "ni sí ni no"). Pure logic: the matcher and a
transcript's reading."""

from __future__ import annotations

import pytest

from tests import yesno_reading
from voicepiece.story.calques import neither_yes_nor_no, subject_supplied

_typed = yesno_reading.typed
_heard = yesno_reading.heard


@pytest.mark.parametrize("text", ["of course is not", "of course that is not",
                                  "is not like that", "no, is not", "Of course is not."])
def test_a_denial_without_its_subject_is_no(yes_no, text: str) -> None:
    # "of course is not" was the yes of "of course" (a swap); "of course that is not" two
    # minds; "is not like that" nothing
    assert _typed(text, yes_no) == "no"
    assert _heard(text, yes_no) == "no"


@pytest.mark.parametrize(("text", "meaning"), [
    ("of course is", "yes"), ("of course it is", "yes"), ("of course she does", "yes"),
    ("is not it", None)])
def test_the_subject_is_put_back_only_before_a_denial(yes_no, text: str,
                                                      meaning: str | None) -> None:
    assert _typed(text, yes_no) == meaning


def test_subject_supplied_leaves_questions_and_whole_clauses() -> None:
    assert subject_supplied(("is", "not", "like", "that")) == ("it", "is", "not", "like", "that")
    assert subject_supplied(("is", "not", "it")) == ("is", "not", "it")
    assert subject_supplied(("she", "is", "not")) == ("she", "is", "not")


@pytest.mark.parametrize("text", ["not yes, not no", "nor yes nor no", "neither yes nor no",
                                  "not no, not yes"])
def test_yes_and_no_both_denied_is_unsure(yes_no, text: str) -> None:
    # read word by word it was the no of "not yes"
    assert _typed(text, yes_no) == "unsure"
    assert _heard(text, yes_no) == "unsure"


def test_one_denied_answer_is_not_two() -> None:
    assert not neither_yes_nor_no((("not", "yes"),))
    assert not neither_yes_nor_no((("yes",), ("not", "no")))
    assert neither_yes_nor_no((("not", "yes"), ("not", "no")))


@pytest.mark.parametrize("text", ["is not clear", "it is not clear", "it's not clear to me"])
def test_not_clear_is_a_hedge_with_or_without_its_subject(yes_no, text: str) -> None:
    # "it is not" is a no; what is not clear is not known: unsure (put back, "is not clear"
    # was read as a no)
    assert _typed(text, yes_no) == "unsure"
    assert _heard(text, yes_no) == "unsure"

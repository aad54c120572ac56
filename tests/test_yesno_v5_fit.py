"""What listening v5's fit half (ef_dora, em_santa, pf_dora; issue 13, thirteenth pass)
showed the matcher reading wrong: "no one" (a pronoun) taken for the answer no, "can't make
up my mind" for a no, and "a quiet sort of way" for a hedge. Pure logic: the matcher and a
transcript's reading, at her "is he alone?" and "she listens" points."""

from __future__ import annotations

import pytest

from tests import yesno_reading
from voicepiece.story.loader import load_piece

_typed = yesno_reading.typed
_heard = yesno_reading.heard


@pytest.fixture(scope="module")
def alone() -> tuple:
    node = next(n for n in load_piece("her").listening_points() if n.name == "is_he_alone")
    assert node.listen is not None
    return tuple(node.listen.answers)


@pytest.mark.parametrize("text", ["he is, there's no one actually sitting next to him",
                                  "He is, there's no one actually sitting next",
                                  "he is alone, no one is with him"])
def test_no_one_is_nobody_not_a_no(alone, text: str) -> None:
    # at "is he alone?" these say yes; "no one" was read as the answer no
    assert _typed(text, alone) != "no"
    assert _heard(text, alone) != "no"


def test_no_one_knows_and_a_plain_no_still_read(alone) -> None:
    assert _typed("no one knows", alone) == "unsure"
    assert _typed("no", alone) == _heard("No.", alone) == "no"


@pytest.mark.parametrize("text", ["I can't quite make up my mind about that one",
                                  "I can't make up my mind", "I haven't made up my mind"])
def test_not_making_up_ones_mind_is_unsure(yes_no, text: str) -> None:
    assert _typed(text, yes_no) == "unsure"
    assert _heard(text, yes_no) == "unsure"


def test_making_up_something_else_stays_a_denial(yes_no) -> None:
    assert _typed("I don't make up stories", yes_no) == "no"


@pytest.mark.parametrize(("text", "meaning"), [
    ("I suppose so, in a quiet sort of way", "yes"), ("sort of", "unsure"),
    ("I kind of think so", "unsure"), ("it is a sort of yes", "unsure"),
    ("yes, in a way, kind of", "unsure")])
def test_a_sort_of_thing_is_no_hedge(yes_no, text: str, meaning: str) -> None:
    # after a determiner and before what it names, "sort of" names a kind
    assert _typed(text, yes_no) == meaning
    assert _heard(text, yes_no) == meaning


@pytest.mark.parametrize(("text", "meaning"), [
    ("part of me says it is and part of me says it isn't", "unsure"),
    ("it is and it isn't", "unsure"), ("she is and always will be", "yes"),
    ("I don't think she is and I don't care", "no")])
def test_an_echo_before_and_or_but_still_answers(yes_no, text: str, meaning: str) -> None:
    # "it is" before "and" ends its part of the sentence: with the "it isn't" after, two
    # minds (it was the no of "it isn't" alone, accepted, once Whisper wrote the words whole)
    assert _typed(text, yes_no) == meaning
    assert _heard(text, yes_no) == meaning

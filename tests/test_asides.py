"""A built-in answer with an aside that vouches for it ("no idea, honestly") is that
answer, not an open answer in part: where a point takes open answers, a built-in meaning
read from part of the words only is received as open ("from the stars, maybe"), and
"honestly" counted as words the answer left unexplained — "No idea honestly. I hadn't
thought of it quite like that. I'll keep it with me.", said to a listener who did not
know (issue 13, twentieth pass)."""

from __future__ import annotations

import pytest

from tests.rule_sets import hear, read
from tests.test_typed_answers import YES_NO_UNSURE as choices
from voicepiece.story.offscript import WHOLLY_A_MEANING, wholly_a_meaning


@pytest.mark.parametrize("said", [
    "no idea honestly", "no idea, honestly", "honestly, no idea",
    "I'm not sure, to be honest", "to tell the truth I don't know",
])
def test_a_built_in_answer_with_an_aside_is_that_answer(said: str) -> None:
    assert read("source", said) == "unsure"


@pytest.mark.parametrize(("point", "said", "meant"), [
    ("source", "honestly, I think it's hormones.", "none"),  # an open answer, as before
    ("source", "from the stars, maybe", "none"),
    ("source", "from within, honestly", "within"),
])
def test_words_that_say_more_stay_what_they_were(point: str, said: str, meant: str) -> None:
    assert read(point, said) == meant


def test_an_aside_only_at_either_end() -> None:
    """ "how honestly you love" says something with its "honestly"."""
    assert wholly_a_meaning("no idea, honestly", choices).confidence >= WHOLLY_A_MEANING
    assert wholly_a_meaning("it's about how honestly you love", choices).label is None


@pytest.mark.parametrize(("said", "voice"), [("No idea, honestly.", 1),
                                             ("I'm not sure, to be honest.", 3)])
def test_the_real_ear_hears_no_idea_honestly_as_not_knowing(ear_recognizer, said: str,
                                                            voice: int) -> None:
    """Said by a listener voice in 20 dB of noise where the her piece asks where love comes
    from: before, received as an open answer."""
    assert hear("source", said, voice, ear_recognizer).label == "unsure"

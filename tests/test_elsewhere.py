"""Talk addressed to someone other than the piece (story/elsewhere.py): never received as
an open answer, while answers said as advice in the second person still are."""

from __future__ import annotations

import pytest

from voicepiece.listening.transcripts import Transcript, decide
from voicepiece.story.elsewhere import addressed_elsewhere
from voicepiece.story.model import Answer
from voicepiece.story.offscript import is_open_answer


@pytest.mark.parametrize(("text", "kind"), [
    ("tell her I said hi.", "relay"),
    ("Tell him we're nearly done.", "relay"),
    ("look at this one, Maria.", "companion"),  # by its "look at this"
    ("mum, can we go now?", "companion"),
    ("don't touch that, sweetie.", "companion"),
    ("wait for me by the door.", "companion"),
    ("Yeah, hang on a sec.", "companion"),
    ("hang on, I'm coming.", "companion"),
    ("I'll call you back in five minutes.", "phone"),
    ("hello? hello, can you hear me?", "phone"),
    ("where's the toilet?", "surroundings"),
    ("hi, yeah, I'm still at the gallery.", "surroundings"),
    ("this thing is talking to us.", "installation"),
    ("I think it heard you.", "installation"),
    ("it keeps asking questions.", "installation"),
])
def test_talk_addressed_elsewhere_is_known_by_its_kind(text: str, kind: str) -> None:
    assert addressed_elsewhere(text) == kind


@pytest.mark.parametrize("text", [
    "tell them how much they mean to you.",  # advice: nothing relayed
    "call your friends more often.",
    "you have to forgive people.",
    "look, you just have to be loyal.",
    "hold on to the old friends.",
    "hang on, I think it comes from faith.",  # a pause to think, then an answer
    "it comes from the need to survive.",
    "by making room for people.",
    "Trust, mostly.",
    "from God.",
])
def test_answers_in_the_second_person_or_as_advice_are_not(text: str) -> None:
    assert addressed_elsewhere(text) is None


def test_talk_addressed_elsewhere_is_no_open_answer() -> None:
    assert not is_open_answer("tell her I said hi.", True, relevance=0.4)
    assert is_open_answer("tell them how much they mean to you.", True, relevance=0.4)


def test_a_yes_inside_talk_addressed_elsewhere_is_no_yes() -> None:
    """Whisper's "Hello? Yeah, I'm at the museum" at a yes/no point: a phone call."""
    yes_no = (Answer("yes", "yes", (), (), None), Answer("no", "no", (), (), None))
    assert decide(Transcript("Hello? Yeah, I'm at the museum", 0.7), yes_no).label is None
    assert decide(Transcript("Yeah, I think so", 0.7), yes_no).label == "yes"


@pytest.mark.parametrize("text", [
    "this speaks to me", "the film, it talks about loneliness", "I fell for the voice",
    "it is me who has to change", "it asks a lot of us", "the voice was enough for him"])
def test_answers_about_a_voice_and_what_it_says_are_addressed_to_the_piece(text: str) -> None:
    # the her piece asks about a love for a voice: its answers speak of one
    assert addressed_elsewhere(text) is None

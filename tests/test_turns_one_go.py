"""A hesitation said in one go rises, and Whisper writes the rise as a word asked back
(issue 13, item 6, fifteenth pass): "well…" comes back "What?". Where the hesitation
grammar heard the turn begin with a sound of thinking or an opener, a lone word asked back
waits the hesitation silence; a question back of more words, or one the grammar did not
hear as thinking, still ends the turn. Typed transcripts, read as the ear reads Whisper's
words at a pause."""

from __future__ import annotations

import pytest

from tests.her_points import choices as _choices
from voicepiece.listening.turns import Verdict, read_with, thinking_asked_back


@pytest.mark.parametrize(("text", "heard", "hesitating"), [
    ("What?", "well", True), ("What?", "i did", False), ("What?", "well hmm", True),
    ("Huh?", "um", True), ("Sorry?", "so", False)])
def test_a_word_asked_back_where_the_grammar_heard_thinking_waits(
        text: str, heard: str, hesitating: bool) -> None:
    found = read_with(Verdict(False, hesitating, None, heard), text, _choices("relationship"))
    assert found.hesitating and not found.whole


@pytest.mark.parametrize(("text", "heard"), [
    ("What?", None), ("What?", "yes"), ("What do you mean?", "well"),
    ("Can you say that again?", "i"), ("Pardon?", "")])
def test_a_question_back_otherwise_still_ends_the_turn(text: str, heard: str | None) -> None:
    """Not heard as thinking (or not heard at all: no evidence), or more than one word."""
    found = read_with(Verdict(False, False, None, heard), text, _choices("relationship"))
    assert found.whole and not found.hesitating


@pytest.mark.parametrize(("text", "heard"), [("Yes.", "well"), ("No.", "i"), ("Maybe.", "um")])
def test_an_answer_after_a_thought_still_ends_the_turn(text: str, heard: str) -> None:
    """Only a word asked back: "well… yes" heard whole is an answer."""
    assert not thinking_asked_back(text, heard)
    assert read_with(Verdict(False, False, None, heard), text, _choices("relationship")).whole

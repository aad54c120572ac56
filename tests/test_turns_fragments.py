"""Fragments the thirteenth pass reads as open (issue 13, item 6): a clause left waiting
on its shape, whatever the words — a gerund of a verb that takes an object after a
preposition, "when" after a clause, "then" after an "if" clause, a bare modal after a long
subject, a clause opened by a question word and its subject written as a question — and a
sound of thinking the primed decode heard last; complete answers of the same shapes
still end. Typed transcripts, read as the ear reads Whisper's words at a pause."""

from __future__ import annotations

import pytest

from tests.her_points import choices as _choices
from voicepiece.listening.clause_parse import relative_alone, wants_more
from voicepiece.listening.completeness import primed_thinking, unfinished_by_whisper
from voicepiece.listening.turn_reading import SENTENCE, TRAILS_OFF, WHOLE, reading
from voicepiece.listening.turns import Verdict, read_words
from voicepiece.listening.whisper_model import WhisperWords

WAITING = [
    # a gerund of a verb that takes an object, after a preposition; "put" alone
    "You show it by giving.", "Mostly without making.", "I think about taking.",
    "You just put.",
    # "when" after a clause
    "They fight especially when.", "It gets easier when.", "She calls him mostly when.",
    # "then" after an "if" or "when" clause
    "If she leaves him, then.", "When you think about it, then.", "If so then.",
    # an opening clause, then only a clause opened by a question word and its subject
    "If it lasts, then how they treat each other.", "When you are young, what they teach you.",
    # a bare modal after a long subject
    "The friends you make at school can.", "Every person I grew up around would.",
    # a bare modal right after a relative clause's preposition, the determiner left out
    "Rules people grow up with can.", "Things we care about would.",
]
ENDING = [
    "By sharing.", "By listening.", "He put it away.", "I don't know when.", "Say when.",
    "It depends when.", "Since then.", "And then.", "Back then.", "Most people would.",
    "The rules can.", "Yes, I think they could.", "The thing is they can.",
    "Yes, he is happier than he has ever been.", "It's as good as it ever was.",
    "If you ask me, what matters is trust.", "If so, why not.",
    "I help as much as I can.", "It's what I came for, so I can.",
]


@pytest.mark.parametrize("text", WAITING)
def test_a_clause_waiting_on_its_shape_wants_more(text: str) -> None:
    assert wants_more(text)


@pytest.mark.parametrize("text", ENDING)
def test_complete_answers_of_the_same_shapes_do_not_wait(text: str) -> None:
    assert not wants_more(text)


@pytest.mark.parametrize("point", ["friendship", "true_love", "combustion"])
@pytest.mark.parametrize("text", WAITING[::3])
def test_the_turn_waits_on_them_at_any_point(point: str, text: str) -> None:
    assert reading(text, _choices(point)) == TRAILS_OFF


@pytest.mark.parametrize("text", ["Yes, he is happier than he has ever been.",
                                  "No, it is as lonely as it ever was."])
def test_a_copula_after_ever_ends_the_answer(text: str) -> None:
    assert reading(text, _choices("is_he_alone")) in (WHOLE, SENTENCE)


@pytest.mark.parametrize("text", ["What she wants from him?", "Then how they treat each other?",
                                  "If it lasts, then where they go next?", "How I see her?",
                                  "What Samantha gives him?"])
def test_a_question_word_and_its_subject_written_as_a_question_wait(text: str) -> None:
    """Whisper writes a voice's rise at a pause mid-sentence as a question's "?"; a clause
    opened by a question word and its subject is no question (a question puts its verb
    first) but half a sentence."""
    assert relative_alone(text)
    assert reading(text, _choices("true_love")) == TRAILS_OFF


@pytest.mark.parametrize("text", ["What do you mean?", "What about him?", "Who is she?",
                                  "Why would he?", "What happens then?", "What you mean?",
                                  "What is real love?"])
def test_questions_back_are_still_questions(text: str) -> None:
    assert not relative_alone(text)
    assert reading(text, _choices("true_love")) == WHOLE


def test_a_sound_of_thinking_the_primed_decode_heard_last_keeps_the_turn_open() -> None:
    """"I, um" written "I am" (an answer's own phrasing at ``entangled``), primed "I... um...":
    the primed decode heard the thought; an own phrasing primed with no sound of
    thinking last, or one the plain words hold too, stays whole."""
    at = _choices("entangled")
    heard = WhisperWords("I am", 0.8, 0.01, 0.1, unfinished="I... um...", doubt=0.3)
    assert unfinished_by_whisper(heard, at)
    assert read_words(Verdict(True), heard, at).hesitating
    assert not unfinished_by_whisper(
        WhisperWords("I am", 0.8, 0.01, 0.1, unfinished="I am...", doubt=0.3), at)
    assert primed_thinking("I am", "I... um...")
    assert not primed_thinking("Um, I think so.", "Um, I think so...")
    assert not primed_thinking("I think so.", "Um... I think so.")


@pytest.mark.parametrize("text", ["Yes, she's happier than she's ever been.",
                                  "No, he'd been lonely for years and I'd say he still is."])
def test_been_after_a_contracted_has_or_had_ends_the_clause(text: str) -> None:
    """"'s" and "'d" before "been" are "has" and "had" ("is been" is no English), though
    spelt out as "is" and "would"."""
    assert reading(text, _choices("is_he_alone")) in (WHOLE, SENTENCE)


@pytest.mark.parametrize(("text", "point"), [
    ("By calling people when times get tough.", "friendship"),
    ("Yes, because couples need each other.", "combustion"),
])
def test_a_clause_with_a_noun_subject_after_its_conjunction_is_begun(text: str,
                                                                     point: str) -> None:
    assert reading(text, _choices(point)) in (WHOLE, SENTENCE)


@pytest.mark.parametrize("text", ["No, because honestly.", "Yes, although maybe sometimes.",
                                  "No, because of course."])
def test_a_conjunction_followed_by_hedges_alone_still_waits(text: str) -> None:
    assert reading(text, _choices("true_love")) == TRAILS_OFF


@pytest.mark.parametrize(("text", "heard"), [("Yeah", "um"), ("Huh?", "er hmm"), ("I'm.", "uh")])
def test_one_word_where_the_grammar_heard_only_thinking_waits(text: str, heard: str) -> None:
    """The hesitation grammar (answers and sounds of thinking competing) heard a thought's
    sound where Whisper wrote one word: the sound made a word ("Yeah" for "er…")."""
    from voicepiece.listening.turns import read_with

    found = read_with(Verdict(False, True, None, heard), text, _choices("isolated"))
    assert found.hesitating and not found.whole


@pytest.mark.parametrize(("text", "heard"), [("Yeah", "uh huh"), ("Yes, it does.", "um"),
                                             ("Yeah", None), ("Yes.", "well")])
def test_an_answer_the_grammar_heard_too_or_more_words_still_end_the_turn(
        text: str, heard: str | None) -> None:
    """More words than one are more than a sound; "uh huh" is a yes; "well" may begin an
    answer; no hearing at all is no evidence."""
    from voicepiece.listening.turns import read_with

    assert read_with(Verdict(False, True, None, heard), text, _choices("isolated")).whole

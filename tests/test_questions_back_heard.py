"""Questions back as a visitor says them, and off-list talk near a station (issue 13,
eleventh pass; scripts/bench_offlist.py): the short forms are heard as questions even when
Whisper is unsure of them and the grammar forced them onto an answer, and a visitor's
question about the piece itself is no question back."""

from __future__ import annotations

import pytest

from voicepiece.listening.base import ACCEPT, CONFIRM, REJECT, Recognition
from voicepiece.listening.combined import combine
from voicepiece.listening.whisper_model import WhisperWords
from voicepiece.story.model import Answer
from voicepiece.story.offscript import asks_back


@pytest.mark.parametrize("text", [
    "come again?", "er, come again?", "Earth come again.", "Ugh, come again!",
    "oh, sorry, ask again?", "I'm sorry, what?", "I'm sorry?",
    "I beg your pardon?", "in what sense?", "can you speak up?", "louder, please",
    "sorry, I don't understand", "I don't get it", "I'm lost", "um, explain?", "say what?",
    "sorry, I didn't quite catch it", "once more?",
])
def test_short_questions_back_with_their_hesitations_ask(text: str) -> None:
    assert asks_back(text)


@pytest.mark.parametrize("text", [
    "how long is this?", "who made this?", "what is this?", "I'm sorry for him",
    "I'm sorry, I think it's within", "I won't come again", "without her I'm lost",
    "I don't understand why he loves her", "explain it to yourself first",
])
def test_a_question_about_the_piece_or_an_apology_that_answers_does_not_ask(text: str) -> None:
    assert not asks_back(text)


def _grammar(label: str | None, zone: str) -> Recognition:
    return Recognition(label, label, 0.9 if zone == ACCEPT else 0.5, zone)


@pytest.mark.parametrize("zone", [ACCEPT, CONFIRM, REJECT])
def test_unsure_words_asking_back_are_kept_over_the_grammars_find(yes_no, zone: str) -> None:
    # "pardon?" heard by the grammar as "partly"; Whisper wrote "Pardon." at 0.68, too
    # unsure to say back, sure enough to be a question
    found = combine(_grammar("unsure", zone), WhisperWords("Pardon.", 0.68, 0.1, 0.1, 0.79),
                    yes_no)
    assert (found.recognition.label, found.recognition.zone, found.recognition.text) == (
        None, REJECT, "Pardon.")
    assert not found.recognition.own_words


def test_faint_words_asking_back_leave_the_grammar_as_it_was(yes_no) -> None:
    found = combine(_grammar("yes", ACCEPT), WhisperWords("Sorry?", 0.2, 0.1, 0.1, 0.1),
                    yes_no).recognition
    assert found.label == "yes"


def test_words_that_are_an_answers_own_phrase_are_that_answer() -> None:
    again = (Answer(label="again", meaning=None, phrases=("again",), say=(), next=None),
             Answer(label="stop", meaning=None, phrases=("stop",), say=(), next=None))
    found = combine(_grammar("again", ACCEPT), WhisperWords("Again.", 0.6, 0.1, 0.1, 0.5),
                    again).recognition
    assert found.label == "again"


def test_an_answer_offered_as_a_question_stays_the_grammars_answer() -> None:
    from voicepiece.story.loader import load_piece

    node = next(n for n in load_piece("her").listening_points() if n.name == "entangled")
    assert node.listen is not None
    grammar = Recognition("what society accepts", "acceptable", 0.9, ACCEPT)
    words = WhisperWords("What society approves of?", 0.91, 0.1, 0.1, 0.74)
    assert combine(grammar, words, node.listen.answers).how != "a question back"


def test_clear_enough_words_answering_nothing_reject_the_grammars_find(yes_no) -> None:
    # "ha, that's funny" forced by the grammar onto "oh yes"; Whisper, at 0.60, too unsure
    # to say the words back, is sure enough that they answer nothing; at a yes/no point
    # they are not read either (the built-in meanings find a neighbour for any words)
    found = combine(_grammar("yes", ACCEPT),
                    WhisperWords("Huh, that's funny.", 0.60, 0.1, 0.1, 0.40), yes_no)
    assert (found.recognition.label, found.recognition.zone) == (None, REJECT)
    assert not found.recognition.own_words and not found.recognition.sure_words


def test_words_sharing_the_grammars_phrase_or_faint_still_leave_it_a_zone_lower(
        yes_no) -> None:
    faint = combine(_grammar("yes", ACCEPT), WhisperWords("Huh, that's funny.", 0.45, 0.1,
                                                          0.1, 0.40), yes_no).recognition
    assert (faint.label, faint.zone) == ("yes", CONFIRM)
    fruit = (Answer(label="red", meaning=None, phrases=("red apples",), say=(), next=None),
             Answer(label="pears", meaning=None, phrases=("ripe pears",), say=(), next=None))
    grammar = Recognition("red apples", "red", 0.9, ACCEPT)
    shared = combine(grammar, WhisperWords("Those apples fell down.", 0.6, 0.1, 0.1, 0.3),
                     fruit).recognition
    assert (shared.label, shared.zone) == ("red", CONFIRM)


# Issue 13, eighteenth pass (scripts/bench_questions_back.py's fit half): questions back in
# the forms the rules did not know.

@pytest.mark.parametrize("text", [
    "she's what?", "love comes from who?", "true to whom?", "sorry, it's a what?",
])
def test_an_echo_question_ending_on_its_question_word_asks(text: str) -> None:
    assert asks_back(text)


@pytest.mark.parametrize("text", [
    "who knows?", "who can tell?", "I don't know who", "what?! no",
])
def test_a_meaning_given_by_its_question_word_or_no_echo_does_not_ask(text: str) -> None:
    assert not asks_back(text)


@pytest.mark.parametrize("text", [
    "what are constructs exactly?", "what's a phenomenon exactly?",
])
def test_a_hedge_inside_a_short_question_leaves_it_a_question(text: str) -> None:
    assert asks_back(text)


@pytest.mark.parametrize("text", [
    "I really don't understand this one", "sorry, I didn't totally follow that",
    "I don't understand this part", "I didn't quite follow this bit",
])
def test_not_having_followed_with_a_strengthening_word_or_a_small_object_asks(
        text: str) -> None:
    assert asks_back(text)


@pytest.mark.parametrize("text", [
    "I don't understand love", "I really didn't follow my heart", "the first one",
    "the second one, I think", "you're talking with them, not at them",
    "you asked if it's real: yes",
])
def test_not_having_followed_something_or_naming_an_answer_does_not_ask(text: str) -> None:
    assert not asks_back(text)


@pytest.mark.parametrize("text", [
    "what was the first one again?", "I didn't catch the last one",
    "sorry, which was the other one?", "could you list them again?",
    "can you remind me of the question?",
])
def test_asking_for_one_of_the_answers_or_to_list_them_asks(text: str) -> None:
    assert asks_back(text)


@pytest.mark.parametrize("text", [
    "so it's about friends, is that the question?",
    "what's the difference between real and true?",
    "I'm not sure I follow, a relationship with a voice?",
])
def test_asking_what_the_question_is_about_asks(text: str) -> None:
    assert asks_back(text)

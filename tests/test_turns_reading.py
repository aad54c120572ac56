"""Reading a transcript for the end of a turn: a clause English wants finished keeps the
turn open, whatever the words and even where the matcher finds an answer in them; a
finished sentence does not. Pure logic: the texts are transcripts Whisper wrote (tuning
voices) or sentences of the same shapes."""

from __future__ import annotations

import pytest

from voicepiece.listening.turn_reading import FEW_WORDS, leaves_open, reading, reads_whole
from voicepiece.story.model import Answer

YES_NO_UNSURE = tuple(Answer(label=m, meaning=m, phrases=(), say=(), next=None)
                      for m in ("yes", "no", "unsure"))


@pytest.mark.parametrize("text", [
    "The first thing that comes to mind is.",   # a copula after a noun: the "what" to come
    "What I would want to say is",
    "My answer was",
    "The one thing I can promise you is",     # "you is" does not agree: "you" is no subject
    "Yes, although",                            # a subordinator last
    "No, unless",
    "If I think about it.",                     # a subordinate clause and nothing after it
    "When you put it like that",
    "Even if it was",
    "to be perfectly honest with you.",         # an infinitive opening the sentence
    "The more I think about it.",               # the first half of a comparison
    "The longer we talked",
])
def test_a_clause_left_open_keeps_the_turn_open(text: str) -> None:
    assert leaves_open(text)
    assert reads_whole(text, YES_NO_UNSURE) == (False, True)


@pytest.mark.parametrize("text", [
    "Yes, it is.", "That's how it is.", "Of course there is", "I think it was.",
    "Yes, it sort of is.", "They really were", "I am.", "Could be.", "It has always been",
    "If I think about it, no.",        # the main clause came after the comma
    "When I was young, we watched it", "To me, yes.", "To some extent.", "to the sea",
    "Because I loved her.",            # a reason is a whole answer
    "I need to buy milk.", "The film was too long.", "I loved her.", "The better one.",
    "I have never been to Los Angeles.", "It's raining, isn't it?", "", None,
])
def test_a_finished_sentence_leaves_nothing_open(text: str | None) -> None:
    assert not leaves_open(text)


def test_a_sentence_that_answers_nothing_still_waits_only_the_incomplete_silence() -> None:
    for text in ("I need to buy milk.", "The cat is asleep on the sofa.", "I loved her."):
        assert reads_whole(text, YES_NO_UNSURE) == (False, False)


def test_a_one_word_question_is_whole_only_when_it_asks_back() -> None:
    assert reads_whole("Sorry?", YES_NO_UNSURE) == (True, False)
    assert reads_whole("Pardon?", YES_NO_UNSURE) == (True, False)
    assert reads_whole("Seriously?", YES_NO_UNSURE) == (False, True)  # a word: wait
    assert reads_whole("Is that a trick question?", YES_NO_UNSURE) == (True, False)


def test_words_are_counted_as_written_a_contraction_is_one() -> None:
    """"I'm me." was a bare "I'm…" misheard: two words said, so it waits like a
    hesitation; "I loved her." is three, a sentence, and waits the incomplete silence."""
    assert reads_whole("I'm me.", YES_NO_UNSURE) == (False, True)
    assert reads_whole("It's me.", YES_NO_UNSURE) == (False, True)
    assert reads_whole("I loved her.", YES_NO_UNSURE) == (False, False)


def test_a_one_word_answer_and_a_stray_word_waits_like_a_word_or_two() -> None:
    """"Yes, bud." was "yes, but…" misheard: an answer going on. A phrase the matcher
    explains whole ("No, not really.") is whole."""
    from voicepiece.listening.turn_reading import FEW_WORDS, WHOLE, reading

    assert reading("Yes, bud.", YES_NO_UNSURE) == FEW_WORDS
    assert reading("Maybe end.", YES_NO_UNSURE) == FEW_WORDS
    assert reading("No, not really.", YES_NO_UNSURE) == WHOLE
    assert reading("Yes.", YES_NO_UNSURE) == WHOLE


@pytest.mark.parametrize("text", [
    "The honest answer would be",          # "be" after a modal with a noun for subject
    "My answer would have been",
    "As far as I can tell.",               # a subordinator of three words
    "I think so, as long as",              # ... last, after an answer
])
def test_more_clauses_left_open(text: str) -> None:
    assert leaves_open(text)
    assert reads_whole(text, YES_NO_UNSURE) == (False, True)


@pytest.mark.parametrize("text", ["It would be.", "Could be.", "It would have been.",
                                  "Yes, could be.", "As far as I know, yes."])
def test_be_after_a_modal_with_its_subject_is_whole(text: str) -> None:
    assert not leaves_open(text)


def test_an_answer_going_on_with_a_reason_not_yet_begun_waits() -> None:
    assert reads_whole("No, because honestly.", YES_NO_UNSURE) == (False, True)
    assert reads_whole("No, because it wasn't real.", YES_NO_UNSURE) == (True, False)
    assert reads_whole("Yes, but not always.", YES_NO_UNSURE) == (True, False)


def test_a_frame_alone_waits_at_a_yes_no_point_only() -> None:
    """"Speaking for myself." waits where only yes, no and unsure are offered; at a point
    with a piece's own meanings an "-ing" phrase may be the answer, and is not read so."""
    own = (Answer(label="talk", meaning=None, phrases=("talking to someone",), say=(),
                  next=None),)
    assert reads_whole("Speaking for myself.", YES_NO_UNSURE) == (False, True)
    assert reads_whole("Looking back on it now.", YES_NO_UNSURE) == (False, True)
    assert reads_whole("Looking back on it now.", own) == (False, False)
    assert reads_whole("Nothing at all.", YES_NO_UNSURE)[1] is False


@pytest.mark.parametrize("text", ["Part of me wants to say.", "I'd have to admit",
                                  "Something tells me.", "I can tell you."])
def test_a_verb_of_saying_without_what_is_said_leaves_the_clause_open(text: str) -> None:
    assert leaves_open(text)


def test_a_phrase_opening_with_a_preposition_frames_an_answer_at_a_yes_no_point() -> None:
    assert reads_whole("From where I'm sitting.", YES_NO_UNSURE) == (False, True)
    assert reads_whole("In a way.", YES_NO_UNSURE) == (True, False)  # a phrase of unsure
    assert reads_whole("Of course.", YES_NO_UNSURE) == (True, False)
    # a longer sentence opening with a preposition has its main clause in it
    assert reads_whole("In the morning I usually drink tea and read the paper.",
                       YES_NO_UNSURE) == (False, False)


@pytest.mark.parametrize("text", ["I suspect so.", "I would hope so.", "Sadly not.",
                                  "I hope not.", "I'm afraid not."])
def test_a_reply_that_says_which_without_yes_or_no_ends_the_turn_soon(text: str) -> None:
    """Transcripts of v6's complete answers: whole whether or not the matcher knows the
    words, so the turn ends after the short silence, not the long one."""
    assert reads_whole(text, YES_NO_UNSURE) == (True, False)


@pytest.mark.parametrize("text", ["I'm just not.", "Okay, so.", "Um, so.", "Yes, so."])
def test_so_or_not_after_a_verb_group_or_a_beginning_is_no_reply(text: str) -> None:
    assert reads_whole(text, YES_NO_UNSURE)[0] is False


@pytest.mark.parametrize("text", ["What strikes me most is?",   # Whisper's "?" on a beginning
                                  "No or at least.", "Yes, but then.", "Maybe, or rather",
                                  "The way I see it.", "As I see it."])
def test_a_beginning_however_punctuated_or_an_answer_going_on_waits(text: str) -> None:
    assert reads_whole(text, YES_NO_UNSURE) == (False, True)


@pytest.mark.parametrize("text", ["What is it?", "When did you leave?", "Yes and no.",
                                  "The way I see it, yes."])
def test_a_question_or_an_answer_with_its_parts_is_whole(text: str) -> None:
    assert reads_whole(text, YES_NO_UNSURE) == (True, False)


@pytest.mark.parametrize("text", ["Personally.", "Truthfully", "Frankly."])
def test_an_adverb_alone_that_answers_nothing_frames_an_answer_to_come(text: str) -> None:
    assert reads_whole(text, YES_NO_UNSURE) == (False, True)


@pytest.mark.parametrize("text", ["Romainly", "Romantly."])
def test_a_made_up_word_in_ly_is_an_answer_misheard_not_a_frame(text: str) -> None:
    """Whisper's garble of a robotic "probably" (the `unseen` turn set): a word or two that
    the grammar's hearing decides, not a frame that waits the hesitation silence."""
    assert reading(text, YES_NO_UNSURE) == FEW_WORDS


def test_an_adverb_alone_that_answers_is_whole() -> None:
    assert reads_whole("Absolutely.", YES_NO_UNSURE) == (True, False)


@pytest.mark.parametrize("text", ["8mm, hard to say.", "Too early to tell.",
                                  "Well, difficult to say."])
def test_hard_to_say_is_an_answer_not_a_verb_of_saying_waiting_for_its_words(
        text: str) -> None:
    assert not leaves_open(text)
    assert reads_whole(text, YES_NO_UNSURE)[1] is False


def test_wanting_to_say_still_waits_for_what_is_said() -> None:
    assert leaves_open("Part of me wants to say.") and leaves_open("It's safe to say")

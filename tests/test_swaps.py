"""Yes and no never swapped (issue 13): a no that is denied is a yes, and a yes or no read
from words whose clauses disagree, or that may have lost the word deciding it ("I don't
know" for "I don't, no"; a last "not" dropped), is asked about, never acted on. Pure logic: the
matcher's rules, and the combination of the grammar's find with Whisper's words given as
values (the real recognizers are tested in tests/test_open_transcript.py)."""

from __future__ import annotations

import pytest

from voicepiece.listening.base import ACCEPT, CONFIRM, REJECT, Recognition
from voicepiece.listening.combined import combine
from voicepiece.listening.polarity import can_or_cant, know_or_no, mixed, split
from voicepiece.listening.whisper_model import WhisperWords
from voicepiece.story.hedges import litotes
from voicepiece.story.matching import match_answer
from voicepiece.story.wording import clauses


def _meaning(label: str | None, choices) -> str | None:
    return next((c.meaning for c in choices if c.label == label), None)


@pytest.mark.parametrize("text", [
    "I wouldn't say no", "I'm not saying no", "I'd never say no", "I don't doubt it",
    "I never doubted it", "there's no denying it", "how could I say no",
    "who would say no to that", "I can't disagree", "it's not untrue", "you're not wrong",
    "no arguing with that", "no problem", "that's not false", "I'd hardly say no"])
def test_a_denied_no_is_a_yes(yes_no, text: str) -> None:
    for slips in (True, False):  # typed, and a recognizer's words
        assert _meaning(match_answer(text, yes_no, slips=slips).label, yes_no) == "yes"


@pytest.mark.parametrize("text", [
    "never, no", "not really, no", "I don't, no", "it is not, no", "of course not, no",
    "no, not at all", "I would say no", "I doubt it", "I guess not", "I suppose not",
    "I don't think so, no"])
def test_a_no_said_twice_or_guessed_stays_a_no(yes_no, text: str) -> None:
    # a transcript is read without its commas: "never, no" must not become "not no"
    for slips in (True, False):
        assert _meaning(match_answer(text, yes_no, slips=slips).label, yes_no) == "no"


def test_neither_answer_denied_is_no_yes(yes_no) -> None:
    for text in ("I wouldn't say no or yes", "I can't say yes or no"):
        assert _meaning(match_answer(text, yes_no).label, yes_no) != "yes", text


def test_the_denial_and_what_it_denies_become_one_yes() -> None:
    assert [litotes(c) for c in clauses("I wouldn't say no, honestly")] == [
        ("i", "would", "yes"), ("honestly",)]
    assert litotes(("not", "really", "but", "no", "doubt")) == (
        "not", "really", "but", "no", "doubt")  # "but" ends the denial's reach


def _grammar(label: str | None, zone: str) -> Recognition:
    return Recognition(label, label, 0.9 if zone == ACCEPT else 0.5, zone)


def _words(text: str) -> WhisperWords:
    return WhisperWords(text, 0.9, 0.05, 0.2, 0.8, tuple((f" {w}", 0.8) for w in text.split()))


def test_clauses_that_disagree_are_asked_about_even_when_the_grammar_agrees(yes_no) -> None:
    # "no, I think so": an opening "no" is a pause for many speakers; the grammar may have
    # heard only it
    words = _words("No, I think so.")
    assert split("no", words.text, yes_no) or split("yes", words.text, yes_no)
    for grammar in (_grammar("no", ACCEPT), _grammar("no", CONFIRM), _grammar(None, REJECT)):
        found = combine(grammar, words, yes_no).recognition
        assert found.zone != ACCEPT or _meaning(found.label, yes_no) not in ("yes", "no")


def test_a_denied_no_read_from_words_alone_is_asked_about(yes_no) -> None:
    found = combine(_grammar(None, REJECT), _words("I wouldn't say no."), yes_no).recognition
    assert (_meaning(found.label, yes_no), found.zone) == ("yes", CONFIRM)
    assert mixed(found.label, "I wouldn't say no.", yes_no)


def test_plain_answers_are_still_taken_at_once(yes_no) -> None:
    for text, meaning in (("No, not at all.", "no"), ("Yes, I think so.", "yes"),
                          ("No, I don't think so.", "no"), ("Of course it is.", "yes")):
        found = combine(_grammar(meaning, ACCEPT), _words(text), yes_no).recognition
        assert (_meaning(found.label, yes_no), found.zone) == (meaning, ACCEPT), text
        assert not split(found.label, text, yes_no)


def test_two_guesses_make_no_sure_answer(yes_no) -> None:
    # the grammar's doubted "why not" and Whisper's words with a guessed piece, both yes,
    # for "of course it isn't, no" at 10 dB: checked, not taken
    text = "Of course it is a non-emotional"
    words = WhisperWords(text, 0.38, 0.1, 0.2, 0.06,
                         tuple((f" {w}", 0.06 if w == "non-emotional" else 0.8)
                               for w in text.split()))
    found = combine(_grammar("yes", REJECT), words, yes_no)
    assert (found.recognition.label, found.recognition.zone) == ("yes", CONFIRM)
    sure = combine(_grammar("yes", REJECT), _words("Of course it is."), yes_no).recognition
    assert sure.zone == ACCEPT


def test_an_unsure_the_grammar_alone_accepted_while_whisper_was_late_is_checked(
        yes_no) -> None:
    from voicepiece.listening.combined import _late

    unsure = next(c.label for c in yes_no if c.meaning == "unsure")
    alone = combine(_grammar(unsure, ACCEPT), None, yes_no)
    checked = _late(alone, yes_no).recognition
    assert (checked.label, checked.zone, checked.nearly_sure) == (unsure, CONFIRM, False)


@pytest.mark.parametrize("text", [
    "I never said it wasn't", "I'm not saying she doesn't", "I didn't say it wasn't true",
    "There's no deny it.", "No argue with that."])
def test_a_no_said_to_be_unsaid_is_a_yes(yes_no, text: str) -> None:
    # an accent's bare "deny" and "argue" after "no", as Whisper writes them, too
    for slips in (True, False):
        assert _meaning(match_answer(text, yes_no, slips=slips).label, yes_no) == "yes"


@pytest.mark.parametrize("text", ["I can't say it isn't", "I never said it was",
                                  "I never said that, no"])
def test_a_saying_denied_without_a_no_under_it_is_no_yes(yes_no, text: str) -> None:
    assert _meaning(match_answer(text, yes_no, slips=False).label, yes_no) != "yes"


def _unsure(choices) -> str:
    return next(c.label for c in choices if c.meaning == "unsure")


@pytest.mark.parametrize("grammar_zone", [ACCEPT, CONFIRM, REJECT])
@pytest.mark.parametrize("text", ["I don't know.", "I really don't know.", "I wouldn't know."])
def test_i_dont_know_that_may_be_i_dont_no_is_checked(yes_no, text: str,
                                                      grammar_zone: str) -> None:
    # "I don't, no" is written "I don't know": the same sounds; a no taken for an unsure
    # is a wrong branch, so the unsure is asked about, whatever the grammar thought
    unsure = _unsure(yes_no)
    found = combine(_grammar(unsure, grammar_zone), _words(text), yes_no).recognition
    assert (found.label, found.zone) == (unsure, CONFIRM)
    assert know_or_no(found.label, text, yes_no)


@pytest.mark.parametrize("text", ["Maybe I don't know.", "I don't know, maybe.",
                                  "I'm not sure.", "I have no idea."])
def test_an_unsure_that_is_one_either_way_is_taken(yes_no, text: str) -> None:
    unsure = _unsure(yes_no)
    found = combine(_grammar(unsure, ACCEPT), _words(text), yes_no).recognition
    assert (found.label, found.zone) == (unsure, ACCEPT), text


def test_a_yes_that_may_have_lost_its_last_not_is_checked(yes_no) -> None:
    # Whisper drops an answer's last word ("No, I'm fairly sure it's" for "…it's not"):
    # where the grammar, however unsure, heard a no phrase, the yes is asked about
    heard_not = Recognition("it is not", "no", 0.3, REJECT)
    found = combine(heard_not, _words("I'm fairly sure it is."), yes_no).recognition
    assert (_meaning(found.label, yes_no), found.zone) == ("yes", CONFIRM)
    # the grammar forcing noise onto a phrase with a "not" in it is no such evidence
    for grammar in (Recognition("why not", "yes", 0.0, REJECT), _grammar(None, REJECT)):
        taken = combine(grammar, _words("Of course it is."), yes_no).recognition
        assert (_meaning(taken.label, yes_no), taken.zone) == ("yes", ACCEPT)


def test_a_yes_or_no_that_turns_round_on_can_or_cant_is_checked(yes_no) -> None:
    # "I can't say no to that" written "I can say no to that": a swap if taken
    text = "I can say no to that."
    found = combine(Recognition("i disagree", "no", 0.07, REJECT), _words(text),
                    yes_no).recognition
    assert (_meaning(found.label, yes_no), found.zone) == ("no", CONFIRM)
    assert can_or_cant(found.label, text, yes_no)
    for plain in ("Yes, I can.", "No, I can't.", "Yes, she can."):  # nothing turns
        taken = combine(_grammar(None, REJECT), _words(plain), yes_no).recognition
        assert taken.zone == ACCEPT and not can_or_cant(taken.label, plain, yes_no), plain
    # "of course she can't" is a no (emphasis before a denied clause only stresses it), so
    # "Of course she can." may be it with the "n't" lost: asked, not taken
    assert can_or_cant(next(c.label for c in yes_no if c.meaning == "yes"), "Of course she can.",
                       yes_no)


def test_silence_to_the_check_of_a_clear_i_dont_know_is_still_consent(yes_no) -> None:
    # between unsure and no a silent listener loses little; between yes and no, much
    unsure = _unsure(yes_no)
    found = combine(_grammar(unsure, ACCEPT), _words("I don't know."), yes_no).recognition
    assert (found.zone, found.nearly_sure) == (CONFIRM, True)
    turned = combine(_grammar("no", ACCEPT), _words("I can say no to that."),
                     yes_no).recognition
    assert (turned.zone, turned.nearly_sure) == (CONFIRM, False)

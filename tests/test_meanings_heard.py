"""A piece's own answer said in other words, heard right the first time: read by meaning
when Whisper heard the words clearly, though not surely enough to say them back
(combined.CLEAR_OFF_LIST: before, such words were thrown away and the question asked
again), and from the her piece's richer examples (scripts/meanings_why.py)."""

from __future__ import annotations

from tests import test_deciding
from voicepiece.listening.base import ACCEPT, CONFIRM, REJECT, Recognition
from voicepiece.listening.combined import CLEAR_OFF_LIST, combine
from voicepiece.listening.ear import _heard_of
from voicepiece.listening.transcripts import OWN_WORDS_FLOOR
from voicepiece.listening.whisper_model import WhisperWords
from voicepiece.session.deciding import decide_turn
from voicepiece.session.events import Heard
from voicepiece.story.model import OPEN, UNCLEAR

model = test_deciding.model  # the same fixtures (the sentence model, her) and asker
her = test_deciding.her
ask = test_deciding.ask

AROUND_US = "It comes from the people around us."


def _clear(text: str, confidence: float = 0.79, least: float = 0.31) -> WhisperWords:
    """Whisper's words, clear on the whole, one piece a guess: too unsure to say back."""
    return WhisperWords(text, confidence, 0.1, 0.1, least=least)


def _grammar(text: str | None, label: str | None, zone: str) -> Recognition:
    return Recognition(text, label, 0.9 if zone == ACCEPT else 0.3, zone)


def test_clear_words_that_answer_nothing_are_kept_to_be_read(her) -> None:
    question, _, _ = ask(her, "source")
    found = combine(_grammar(None, None, REJECT), _clear(AROUND_US), question.choices)
    assert found.recognition.zone == REJECT and found.recognition.label is None
    assert found.recognition.sure_words and not found.recognition.own_words
    assert found.recognition.text is not None and "people around us" in found.recognition.text


def test_faint_words_are_not_read(her) -> None:
    question, _, _ = ask(her, "source")
    faint = _clear(AROUND_US, confidence=CLEAR_OFF_LIST - 0.1)
    assert not combine(_grammar(None, None, REJECT), faint, question.choices
                       ).recognition.sure_words


def test_clear_words_sharing_a_word_with_a_rejected_find_replace_it(her) -> None:
    """The grammar doubted "resting more" (a zone lower: rejected); Whisper's clear words
    share "resting" with it but are the listener's own phrasing: they are kept to be read,
    not the rejected phrase."""
    question, _, _ = ask(her, "friendship")
    words = _clear("Resting instead of always working.", 0.84, 0.36)
    found = combine(_grammar("resting more", "slow_down", CONFIRM), words,
                    question.choices).recognition
    assert found.sure_words and found.zone == REJECT
    assert found.text is not None and "instead of always working" in found.text
    # where the grammar was sure of it, the half agreement is still its answer, checked
    sure = combine(_grammar("resting more", "slow_down", ACCEPT), words, question.choices)
    assert (sure.recognition.label, sure.recognition.zone) == ("slow_down", CONFIRM)


def test_an_own_answer_in_clear_words_is_read_by_meaning_and_checked(her, model) -> None:
    question, listen, asked = ask(her, "source")
    found = combine(_grammar(None, None, REJECT), _clear(AROUND_US), question.choices)
    heard = _heard_of(found.recognition)
    assert heard.label == UNCLEAR and heard.sure_words and not heard.own_words
    decision = decide_turn(heard, question, listen, model, asked)
    assert decision.label == "another" and decision.confirm and not decision.nearly_sure
    # refused, the clear words are received as an open answer (the point takes them),
    # though never said back: not sure enough to quote
    assert decision.refused == OPEN


def test_clear_off_topic_words_stay_unclear(her, model) -> None:
    question, listen, asked = ask(her, "friendship")
    found = combine(_grammar(None, None, REJECT), _clear("I had pasta for lunch today."),
                    question.choices)
    decision = decide_turn(_heard_of(found.recognition), question, listen, model, asked)
    assert decision.label == UNCLEAR


def test_sure_words_are_unchanged(her) -> None:
    question, _, _ = ask(her, "source")
    sure = combine(_grammar(None, None, REJECT), _clear(AROUND_US, OWN_WORDS_FLOOR, 0.9),
                   question.choices).recognition
    assert sure.own_words and sure.sure_words


def test_at_a_yes_no_point_clear_words_that_answer_nothing_are_not_read(yes_no) -> None:
    """Where every answer is a built-in meaning, the rules read yes and no; read by meaning,
    off-list words find some loose neighbour among the built-in meanings' phrasings."""
    found = combine(_grammar(None, None, REJECT), _clear("Who can say they?"), yes_no)
    assert not found.recognition.sure_words and found.recognition.zone == REJECT


def test_her_own_meanings_in_other_words_of_v5s_fit_half(her, model) -> None:
    """Said in words none of the examples holds (v5's fit half, development data since the
    thirteenth pass): read by meaning from the her piece's richer examples, and, spoken,
    checked with the listener. Before, each was unclear or received as an open answer."""
    for point, text, label in (
            ("combustion", "a private thing each of us carries", "alone"),
            ("combustion", "in the meeting of two hearts", "between"),
            ("entangled", "it only counts if it's sincere", "true"),
            ("friendship", "telling a friend what actually scares me", "open_up"),
            ("source", "it starts deep in a person's own chest", "within")):
        question, listen, asked = ask(her, point)
        spoken = decide_turn(Heard(text=text, label=UNCLEAR, own_words=True), question,
                             listen, model, asked)
        assert (spoken.label, spoken.confirm) == (label, True), text


def test_a_denial_said_another_way_is_read_by_its_negated_example(her, model) -> None:
    """"Whatever doesn't offend anybody" denies, and is nearest a denial among the examples
    ("whatever would not upset anyone"): read as that answer, never as what it denies."""
    question, listen, asked = ask(her, "entangled")
    heard = Heard(text="whatever doesn't offend anybody", label=UNCLEAR, own_words=True)
    assert decide_turn(heard, question, listen, model, asked).label == "acceptable"

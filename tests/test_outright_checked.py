"""An answer of the piece's own the ear would take outright — the rules found one of its
phrases in Whisper's words — is checked two ways where by meaning the words come as near,
or nearly, another own answer (deciding.CHECK_NEAR_ALIKE): the rules find a phrase in a
sentence that says something else, and taken outright that is a wrong branch nobody
checked (issue 13, twentieth pass; scripts/own_accepted.py). The words are heard through
the real ear's combination and read by the real sentence model."""

from __future__ import annotations

from tests import test_deciding
from voicepiece.listening.base import ACCEPT, REJECT, Recognition
from voicepiece.listening.combined import combine
from voicepiece.listening.ear import _heard_of
from voicepiece.listening.whisper_model import WhisperWords
from voicepiece.session.deciding import after_check, decide_turn
from voicepiece.session.events import Heard
from voicepiece.story.model import OPEN

model = test_deciding.model  # the same fixtures (the sentence model, her) and asker
her = test_deciding.her
ask = test_deciding.ask


def _heard(text: str, choices, grammar: Recognition | None = None) -> Heard:
    """``text`` as the real ear gives it when Whisper heard every word surely and the
    grammar found nothing (or ``grammar``'s find)."""
    words = WhisperWords(text, 0.9, 0.01, 0.2, least=0.9,
                         pieces=tuple((f" {w}", 0.9) for w in text.split()))
    found = combine(grammar or Recognition(None, None, 0.0, REJECT), words, choices)
    return _heard_of(found.recognition)


def test_a_phrase_found_in_words_that_mean_another_answer_is_checked_with_both(her, model
                                                                                ) -> None:
    """"whatever the family agrees to" (the blended set's fit half, meaning *acceptable*):
    the ear's rules take *true* outright; by meaning it is *acceptable* by 0.27. Taken,
    that was a wrong branch; now the check offers both and the listener names theirs."""
    question, listen, asked = ask(her, "entangled")
    heard = _heard("Whatever the family agrees to.", question.choices)
    assert heard.label == "true" and not heard.confirm  # the ear takes it outright
    decision = decide_turn(heard, question, listen, model, asked)
    assert decision.confirm and decision.label == "true" and decision.rival == "acceptable"
    assert after_check(decision, "acceptable") == "acceptable"


def test_an_open_answer_the_rules_read_as_an_answer_is_checked_and_received_on_a_no(
        her, model) -> None:
    """"I think it's a matter of courage" (the open-answer set's fit half): *true* by a
    phrase of its, 0.04 ahead of *acceptable* by meaning; checked, a "no" receives it as
    the open answer it is, where taken outright it was the wrong branch."""
    question, listen, asked = ask(her, "entangled")
    heard = _heard("I think it's a matter of courage.", question.choices)
    assert heard.label == "true" and not heard.confirm
    decision = decide_turn(heard, question, listen, model, asked)
    assert decision.confirm and decision.rival is not None
    assert after_check(decision, False) == OPEN


def test_an_answer_that_says_one_meaning_clearly_is_still_taken(her, model) -> None:
    """"by hearing what they really have to say" leads *listen*'s next rival by 0.25:
    taken outright as before, with the grammar agreeing or not."""
    question, listen, asked = ask(her, "friendship")
    for grammar in (None, Recognition("by listening", "listen", 0.9, ACCEPT)):
        heard = _heard("By hearing what they really have to say.", question.choices, grammar)
        assert heard.label == "listen" and not heard.confirm
        decision = decide_turn(heard, question, listen, model, asked)
        assert decision.label == "listen" and not decision.confirm


def test_typed_words_are_never_checked(her, model) -> None:
    question, listen, asked = ask(her, "entangled")
    decision = decide_turn(Heard("whatever the family agrees to", own_words=True), question,
                           listen, model, asked)
    assert not decision.confirm

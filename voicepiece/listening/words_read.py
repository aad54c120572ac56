"""Whisper's words as the combined ear reads them before weighing the grammar against them
(:func:`read_words`), and the one decision they make whatever the grammar heard
(:func:`off_list_alone`).

A turn ended by the incomplete silence is decided on audio no pause's check decoded (the
check saw it 0.6 s shorter), so its decision decoded the whole window with the grammar and
the phone loop on the critical path — on a starved machine 0.8–1.0 s wall, three of the ten
slowest replies of a same-run pair (docs/listening-measurements.md, "The grammar's work
at a pause, fifteenth pass"). Most such turns are off-list sentences, which
Whisper, done by then, rejects as what they are; where the grammar's hearing cannot change
that decision, it is not decoded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from voicepiece.listening.asking_back import asked_back, shares_word
from voicepiece.listening.base import ACCEPT, REJECT, Recognition, Thresholds
from voicepiece.listening.transcripts import (
    TRANSCRIPT_THRESHOLDS,
    Transcript,
    decide,
    sure_to_quote,
    vouched,
    vouched_words,
)
from voicepiece.story.hedges import heard_as_no
from voicepiece.story.mirror import answer_span, without_interjection
from voicepiece.story.phrases import Choice
from voicepiece.story.wording import clauses

if TYPE_CHECKING:
    from voicepiece.listening.whisper_model import WhisperWords

__all__ = ["NOT_DECODED", "OFF_LIST_LEAST", "Read", "misheard", "off_list_alone", "read_words"]

OFF_LIST_LEAST = 0.4
"""The least sure word piece at which Whisper's confident words that answer nothing
overrule the grammar (rejected as off-list speech): the floor as it was fitted for the
words said back (scripts/fit_combined.py) before these needed more
(:data:`~voicepiece.listening.transcripts.LEAST_FLOOR`). Knowing that words answer nothing
asks less than vouching for each of them."""

NOT_DECODED = Recognition(None, None, 0.0, REJECT)
"""No grammar find: what a decision made on the words alone records as the grammar's."""


@dataclass(frozen=True)
class Read:
    """Whisper's words read at a point: ``sure`` enough to overrule the grammar as off-list
    speech, ``own`` (the listener's words, which may be said back), and ``heard``, the
    matcher's decision on them with the words as they would be said back."""

    sure: bool
    own: bool
    heard: Recognition


def misheard(text: str) -> bool:
    """Whether the matcher reads ``text`` as a recognizer's mishearing ("certainly not
    know" for "certainly not, no"): then its words, as written, are not the listener's."""
    return any(heard_as_no(c) != list(c) for c in clauses(text))


def read_words(words: WhisperWords, choices: Sequence[Choice],
               thresholds: Thresholds = TRANSCRIPT_THRESHOLDS) -> Read:
    """Whisper's ``words`` (with text) read by the matcher alone (its confidence in the
    phrasing), not scaled by Whisper's token probabilities: those are low for any one-word
    answer ("Yes" at 0.36), so they only decide whether words that answer nothing are sure
    enough to reject the grammar's find, and whether they may be said back
    (transcripts.vouched_words; as Whisper spells them)."""
    assert words.text is not None
    sure = vouched(words.confidence, words.least, least_floor=OFF_LIST_LEAST)
    own = sure and vouched_words(words) and not misheard(words.text)
    heard = decide(Transcript(words.text), choices, thresholds, slips=False)
    said = without_interjection(words.text.strip(), heard.label, choices) if own else heard.text
    quotable = not own or sure_to_quote(words.pieces, answer_span(said, heard.label, choices))
    heard = replace(heard, text=said, own_words=own, sure_words=sure and bool(heard.text),
                    quotable=quotable)
    return Read(sure, own, heard)


def off_list_alone(words: WhisperWords, choices: Sequence[Choice],
                   thresholds: Thresholds = TRANSCRIPT_THRESHOLDS) -> Recognition | None:
    """The combined ear's decision on ``words`` where no phrase the grammar could have
    heard changes it, else None: words sure enough to overrule the grammar that answer
    nothing, ask nothing back, and share no word of substance with any phrasing of the
    piece's own answers are off-list speech, rejected with their words kept — whatever
    the grammar found (``combined._combine``'s "off-list words"). The grammar enters that
    decision only through its phrase, which is one of its grammar's phrasings: asked back
    needs words sharing none with it (none shared with any, none with it), and "words share
    the answer's" one of an own answer's phrasings."""
    from voicepiece.listening.grammar import grammar_for

    if words.text is None or asked_back(NOT_DECODED, words, choices):
        return None  # no words: the grammar's find, lowered; a question back: its phrase
    found = read_words(words, choices, thresholds)
    if not found.sure or found.heard.label is not None or found.heard.zone == ACCEPT:
        return None
    own = {c.label for c in choices if c.phrases}
    if any(label in own and shares_word(Recognition(phrase, label, 0.0, REJECT), words.text)
           for phrase, label in grammar_for(choices).labels.items()):
        return None
    return found.heard

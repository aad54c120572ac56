"""Resumable turns: an answer said in two parts is one turn.

A listener often says a whole first clause, pauses, and goes on: "not really. … not since
the winter". No judgement of the first clause's words can know the rest is coming — it is a
whole answer — so the narrator begins its reply. People in conversation repair this: the one
who started yields, hears the rest, and answers the whole. With barge-in (one microphone open
all session) the session does the same: for a while after the end of an answer's speech
(``listening.bargein.RESUME_SECONDS``) a voice that begins stops the reply, the ear hears the
rest, and the turn is decided again on the whole — the same decision (session/deciding.py)
on the whole answer's words — and the reply is the one for that answer. Half-duplex cannot
hear the listener over the narrator, so there a turn is never resumed; on loudspeakers it
takes ``--barge-in --echo-cancel`` (listening/echo_cancel.py, docs/listening-measurements.md).

Pure: the session hands in what it heard; the ear, when it can (``rehear``), transcribes the
parts' speech joined into one clip, else the parts' own words are joined here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from voicepiece.session.deciding import Decision, decide_turn
from voicepiece.session.events import Heard, Question, Turn
from voicepiece.story.matching import Similarity
from voicepiece.story.model import EXPLAIN, OPEN, SILENCE, UNCLEAR, Listen, ListenSettings

__all__ = [
    "FirstPart",
    "close_window",
    "joined_words",
    "open_window",
    "redecided",
    "rest_of_turn",
    "rest_settings",
    "resumable",
    "resumed_turn",
    "whole_answer",
]

AUDIO, WORDS, WORDS_FIRST = "audio", "words", "words first"
JOIN = WORDS_FIRST
"""How the whole answer is read: the ear transcribes the parts' speech joined into one clip
(``AUDIO``: one decode more, and with the grammar's fast path set aside it waits for
Whisper, seconds on a loaded machine); the parts' words are joined (``WORDS``, also the
fallback for an ear that cannot hear again: nothing to wait for, but a part heard only by
the grammar is a phrase it forced the speech onto: "and tea, please" heard as "tea please");
or the parts' words when the rest's are the listener's own and the first part's are too or
an answer the ear took — a short whole answer, which its phrase stands for — else the
joined clip (``WORDS_FIRST``). Chosen by ``scripts/bench bargein``'s resume measurement
(docs/listening-measurements.md "Resumable turns")."""

REST_TIMEOUT = 1.5
"""Seconds the ear waits for the rest of a resumed turn to begin. It has begun already —
that is what stopped the reply, and the ear's audio starts 0.38 s before it — so only a
false start (a cough in the window) waits this long, not the point's whole timeout,
before the reply is said again."""

UNHEARD = "…"
"""The text an ear gives speech it could not make out (listening.ear.UNCLEAR_TEXT): no words
to join."""


@dataclass(frozen=True)
class FirstPart:
    """What the first part of a turn was taken for, before the listener went on."""

    heard: Heard
    decision: Decision
    turn: Turn


def resumable(heard: Heard, decision: Decision) -> bool:
    """Whether a turn may still go on once its reply begins: an answer heard in words — to
    be taken, or first checked ("is that what you said?": a listener still going on did not
    hear it out). Not silence, nothing unclear and no question back: their reprompts listen
    again anyway."""
    return (bool(heard.text and heard.text.strip())
            and decision.label not in (SILENCE, UNCLEAR, EXPLAIN))


def rest_settings(settings: ListenSettings) -> ListenSettings:
    """How the ear listens for the rest of a resumed turn: as for the answer, but waiting
    at most :data:`REST_TIMEOUT` for it to begin."""
    return replace(settings, timeout=min(settings.timeout, REST_TIMEOUT))


def whole_answer(ear: object, parts: list[Heard], question: Question,
                 join: str = JOIN) -> Heard | None:
    """The whole answer as heard, for :func:`redecided`: by ``join`` (:data:`JOIN`); an ear
    that can hear the parts again as one clip has ``rehear`` (``ListeningEar.rehear``)."""
    rehear = getattr(ear, "rehear", None)
    first, *rest = parts
    if join == WORDS_FIRST and all(part.own_words for part in rest) and (
            first.own_words or first.label not in (None, UNCLEAR)):
        join = WORDS
    if join != WORDS and rehear is not None:
        whole = rehear(parts, question)
        if whole is not None:
            return whole
    return joined_words(parts)


def joined_words(parts: list[Heard]) -> Heard | None:
    """The parts' words as one answer, read as the listener's words are (by the rules and
    by meaning); None when a part has no words to join. They are the listener's own only if
    every part's were."""
    texts = [(h.text or "").strip() for h in parts]
    if any(not text or text == UNHEARD for text in texts):
        return None
    return Heard(" ".join(texts), confidence=min(h.confidence for h in parts),
                 own_words=all(h.own_words for h in parts),
                 sure_words=all(h.own_words or h.sure_words for h in parts),
                 quotable=all(h.quotable for h in parts))


def redecided(first: FirstPart, whole: Heard | None, question: Question,
              listen: Listen | None, meanings: Similarity | None = None,
              asked: str | None = None) -> tuple[Heard | None, Decision]:
    """The turn decided again on the ``whole`` answer. Where the whole is unclear, or only
    an open answer though its first part named one of the point's answers, the first
    part's answer stands: the listener did say it, and the rest added to it ("no. … not
    the way he wants it"). Returns the words the decision rests on (None: the first part's)
    and the decision."""
    if whole is None:
        return None, first.decision
    decision = decide_turn(whole, question, listen, meanings, asked)
    named = first.decision.label not in (SILENCE, UNCLEAR, OPEN, EXPLAIN)
    if decision.label in (SILENCE, UNCLEAR) or (decision.label == OPEN and named):
        return None, first.decision
    return whole, decision


def resumed_turn(first: FirstPart, part: Turn, whole: Heard | None,
                 decision: Decision) -> Turn:
    """The record of a turn said in two parts: the continuation's times (its speech ends
    the turn, its reply is the one heard), the first part's start, the answer finally
    taken and the words it rests on, and both parts' words."""
    words = whole.text if whole is not None else _joined_text(first.turn.heard, part.heard)
    trusted = (whole.own_words if whole is not None
               else first.turn.trusted and part.trusted) and bool(words)
    return replace(part, heard=words, answer=decision.label, confidence=decision.confidence,
                   speech_start=first.turn.speech_start, listen_start=first.turn.listen_start,
                   barge_in=first.turn.barge_in, trusted=trusted, resumed=True,
                   parts=(first.turn.heard, part.heard), first_answer=first.turn.answer,
                   words_lead=None)


def _joined_text(*texts: str | None) -> str:
    return " ".join(t.strip() for t in texts if t and t.strip() and t.strip() != UNHEARD)


def open_window(barge_in: object, heard: Heard, decision: Decision) -> bool:
    """After an answer that may yet go on, open ``barge_in``'s resume window from the end of
    its speech (the ear listened ``waited - speech_end`` past it); whether it opened. Only
    a shared microphone can (``listening.bargein.BargeIn.open_window``)."""
    opening = getattr(barge_in, "open_window", None)
    if opening is None or not resumable(heard, decision) or heard.speech_end is None \
            or heard.waited is None:
        return False
    opening(heard.waited - heard.speech_end)
    return True


def close_window(barge_in: object) -> bool:
    """The reply is over: whether the listener went on within the window."""
    closing = getattr(barge_in, "close_window", None)
    return bool(closing()) if closing is not None else False


def rest_of_turn(first: FirstPart, part: Heard, turn: Turn, ear: object, question: Question,
                 listen: Listen | None, meanings: Similarity | None, asked: str | None
                 ) -> tuple[Heard, Decision, Turn]:
    """The turn ``first`` began, now its rest (``part``, recorded as ``turn``) is heard: the
    words the decision rests on (the first part's where it stands), the decision and the
    whole turn's record."""
    whole, decision = redecided(first, whole_answer(ear, [first.heard, part], question),
                                question, listen, meanings, asked)
    return whole or first.heard, decision, resumed_turn(first, turn, whole, decision)

"""The check of an answer the ear was unsure of: "by listening… is that what you said?",
or, where the words came nearly as near another of the point's own answers by meaning,
"by listening, or by opening up?" — the listener says which, or neither.

Moved out of session/loop.py (the loop calls :func:`confirm` for a ``Decision.confirm``);
the decision of what a reply leaves is ``deciding.after_check``'s, which the benches'
truthful listener calls too, so a bench counts the branch a listener gets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Protocol

from voicepiece.session.deciding import Decision, after_check
from voicepiece.session.events import CONFIRMATION_TURN, Heard, Question
from voicepiece.story.machine import Remembered, Story
from voicepiece.story.mirrors import either_words
from voicepiece.story.model import SILENCE, UNCLEAR, Answer, Line, Listen

__all__ = ["CONFIRM_CHOICES", "CONFIRM_MAX_ANSWER", "NO", "YES", "confirm", "either_choices"]

YES, NO = "yes", "no"
CONFIRM_CHOICES = (Answer(label=YES, meaning=YES, phrases=(), say=(), next=None),
                   Answer(label=NO, meaning=NO, phrases=(), say=(), next=None))
CONFIRM_MAX_ANSWER = 3.0
NAMED_BY_PLACE = (("the first", "the first one", "first one", "the former"),
                  ("the second", "the second one", "second one", "the latter", "the last one"))
"""How a listener names one of two answers offered without saying it again: by its place
in the line, which says the answer checked first."""
NEITHER = ("neither", "neither one", "neither of them", "none of them", "neither of those",
           "no neither", "it's neither")
"""The reply to "this, or that?" that is a no: heard as a no, not left unclear (in
meanings19's test of the real ear "neither" was heard as "why not": unclear, asked again)."""


class Checking(Protocol):
    """What a check needs of the session (session/loop.py's ``Session``, which calls
    :func:`confirm`): its story, its voice and its ear — named here so that the two modules
    do not import each other."""

    story: Story
    barge_in: object

    def _say(self, lines: Iterable[Line], heard: str | None = None,
             leads_to_listening: bool = False) -> None: ...

    def _turn(self, question: Question) -> tuple[Heard, Decision]: ...


def either_choices(listen: Listen, decision: Decision) -> tuple[Answer, ...]:
    """What a check of ``decision`` listens for: yes or no; or, where it offers two answers
    (``Decision.rival``), those two — heard by their own phrases, as at the question, or by
    their place ("the second one") — and no (a "no" or "neither"; anything else leaves the
    answer unclear)."""
    offered = [listen.answer(label) for label in (decision.label, decision.rival or "")]
    if decision.rival is None or None in offered:
        return CONFIRM_CHOICES
    named = tuple(replace(a, phrases=(*a.phrases, *place))
                  for a, place in zip(offered, NAMED_BY_PLACE, strict=True) if a is not None)
    return (*named, replace(CONFIRM_CHOICES[1], phrases=NEITHER))


def confirm(session: Checking, listen: Listen, reply: Remembered, decision: Decision,
            window: bool = False) -> Remembered | None:
    """Mirror an answer the ear was unsure of and listen briefly for a correction.
    Silence is consent only when the ear was ``nearly_sure`` (``Decision``) and the check
    is a yes/no one; otherwise the check is asked once more, and silence again leaves the
    answer unclear, so the point asks its question again. A two-way check takes the
    answer the listener names. A correction leaves ``decision.refused`` (unclear, or an
    open answer the point receives), and disowns the words: they are not said back as the
    listener's. None when, in the answer's resume ``window``, the listener went on over
    the check: it was not their turn."""
    label = reply.label
    both = either_words(listen, label, decision.rival) if decision.rival else None
    choices = either_choices(listen, decision) if both else CONFIRM_CHOICES
    two_way = choices is not CONFIRM_CHOICES  # else a yes/no check: two answers unnamed
    settings = replace(listen.settings, timeout=listen.settings.confirm_timeout,
                       max_answer=min(listen.settings.max_answer, CONFIRM_MAX_ANSWER))
    question = Question(session.story.state, choices, settings, kind=CONFIRMATION_TURN,
                        confirms=label)
    line: Line = listen.either if two_way else listen.confirmation(label)
    heard = both if two_way else session.story.mirror(reply)
    for asked in range(2):
        session._say([line], heard=heard, leads_to_listening=True)
        if window and not asked and getattr(session.barge_in, "resumed", False):
            return None
        verdict = session._turn(question)[1].label
        if two_way and verdict in (label, decision.rival):
            return Remembered(after_check(decision, verdict), reply.words, reply.trusted)
        if not two_way and (verdict == YES or (verdict == SILENCE and decision.nearly_sure)):
            return reply
        if verdict != SILENCE or asked:
            break
    if verdict == SILENCE:
        return Remembered(UNCLEAR, reply.words, reply.trusted)
    return Remembered(after_check(decision, False) if verdict == NO else UNCLEAR,
                      reply.words)

"""Text mode: the narration printed, the replies typed (or given), no audio at all."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from dataclasses import replace
from typing import TextIO

from voicepiece.session.events import (
    Event,
    Heard,
    LineSpoken,
    NodeEntered,
    Question,
    SessionEnded,
    TurnTaken,
)
from voicepiece.story.model import SILENCE

PROMPT = "> "


class TypedEar:
    """Reads one reply per listening turn from the terminal or a pipe; an empty line is
    silence, and so is every turn after the input ends. With ``timed``, the time spent
    typing is the turn's length on the session's timeline (the narration is audible)."""

    def __init__(self, prompt: str = PROMPT, timed: bool = False) -> None:
        self.prompt = prompt
        self.timed = timed
        self.closed = False

    def listen(self, question: Question) -> Heard:
        began = time.monotonic()
        text: str | None = None
        if not self.closed:
            try:
                text = input(self.prompt).strip() or None
            except EOFError:
                self.closed = True
                print()
        waited = time.monotonic() - began if self.timed else None
        return Heard(text=text, waited=waited, own_words=True)


class ReplyQueue:
    """Hears the given replies in order (None or "" is silence; a ``Heard`` is returned as
    it is, to reproduce what a recognizer concluded); once they run out, hears silence, as
    a listener who has walked away would give."""

    def __init__(self, replies: Iterable[str | Heard | None] = ()) -> None:
        self.replies = list(replies)
        self.questions: list[Question] = []

    def listen(self, question: Question) -> Heard:
        self.questions.append(question)
        reply = self.replies.pop(0) if self.replies else None
        return reply if isinstance(reply, Heard) else Heard(text=reply or None, own_words=True)

    @property
    def left_over(self) -> list[str | Heard | None]:
        return list(self.replies)


class GivenReplies(ReplyQueue):
    """``--reply`` values in order; the word ``silence`` is no answer.

    With ``reply_seconds`` the replies take time on the session's timeline, as in a render
    with typed replies: a reply that many seconds, silence the whole no-input timeout.
    """

    def __init__(self, replies: list[str], reply_seconds: float | None = None) -> None:
        super().__init__([None if r.strip().lower() in (SILENCE, "") else r for r in replies])
        self.reply_seconds = reply_seconds

    def listen(self, question: Question) -> Heard:
        heard = super().listen(question)
        if self.reply_seconds is None:
            return heard
        waited = self.reply_seconds if heard.text else question.settings.timeout
        return replace(heard, waited=waited)


class Printer:
    """Prints the session as a script: stages as headings, lines as they are said, and
    each reply with the answer it was taken for."""

    def __init__(self, out: TextIO | None = None, echo_replies: bool = True) -> None:
        self.out = out
        self.echo_replies = echo_replies

    def on_event(self, event: Event) -> None:
        if isinstance(event, NodeEntered) and event.stage:
            self._print(f"\n— {event.stage} —\n")
        elif isinstance(event, LineSpoken):
            self._print(event.text)
        elif isinstance(event, TurnTaken):
            turn = event.turn
            reply = turn.heard if turn.heard is not None else "(silence)"
            if self.echo_replies:
                self._print(f"{PROMPT}{reply}  [{turn.answer}]")
            elif turn.answer not in (SILENCE,):
                self._print(f"  [{turn.answer}]")
        elif isinstance(event, SessionEnded):
            how = f"the end: {event.ending}" if event.completed else "stopped before the end"
            self._print(f"\n({how})")

    def _print(self, text: str) -> None:
        print(text, file=self.out or sys.stdout, flush=True)

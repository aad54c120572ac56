"""What a live session does so that the listener does not wait for their own words.

Two things, used by the session loop and by ``scripts/bench listening`` alike (so the bench
measures the session's own behaviour, not a copy of it):

- :class:`Anticipation` — the listener's words, known from a transcript before the turn is
  decided (``Question.on_words``), filled into the lines that may respond as the mirror
  will say them (:func:`said_back`) and handed to the voice to start synthesizing
  (``voice.anticipate``). It is *closed* once the turn is
  decided: a transcript that comes later (the grammar decided without waiting for it)
  would only start a synthesis no line will use, competing for the CPU with the next
  turn's ear. It keeps when the words last reached the voice, so the session can record
  how far ahead of the decision they were known (``Turn.words_lead``).
- :func:`backchannel` — the piece's "Hmm." to say first when a line with the listener's
  words is asked for and is not ready (``voice.backchannel``); live voices only.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from voicepiece.session.events import Spoken
from voicepiece.story.matching import Similarity, match_answer
from voicepiece.story.mirror import mirror, without_interjection
from voicepiece.story.model import Line, Listen, every_line
from voicepiece.story.phrases import Choice
from voicepiece.story.wording import normalize


def said_back(words: str, answers: Sequence[Choice]) -> str | None:
    """What ``{heard}`` will say of ``words`` — a transcript the combined ear vouched for —
    once the turn is decided, so that the line made ready is the line said: read as the
    ear reads it (the answer its words give, no slips), without the interjection Whisper
    writes in its own form (``combined.combine``), and only the answer's sentences, turned
    round (the story's ``mirror``). The whole transcript said back differed from the line
    asked for whenever either shortened it ("Yeah, you'd go along with that." for "You'd
    go along with that."), and that line was then synthesized while the listener waited."""
    label = match_answer(normalize(words), answers, slips=False).label
    return mirror(without_interjection(words, label, answers), True, None, None, label,
                  answers)


def responding_lines(listen: Listen) -> list[Line]:
    """The lines with the listener's words that may follow a turn at ``listen``: the
    answers' lines and confirmations that say them, and the point's confirmation."""
    return [line for a in listen.answers
            for line in (*every_line(a.say), *([a.confirm] if a.confirm else ()))
            if line.is_template] + [listen.confirm]


class Anticipation:
    """Hands the listener's words to ``voice.anticipate`` while the turn is open (module
    note). ``render(line, words)`` fills a line as the session will say it (None: the line
    cannot hold them)."""

    def __init__(self, anticipate: Callable[[Iterable[tuple[Line, str]]], Any],
                 lines: list[Line], render: Callable[[Line, str], str | None],
                 answers: Sequence[Choice] = (), meanings: Similarity | None = None) -> None:
        self._anticipate = anticipate
        self._lines = lines
        self._answers = answers
        self._meanings = meanings
        self._render = render
        self._lock = threading.Lock()
        self._open = True
        self.told_at: float | None = None
        """``time.perf_counter()`` when words last reached the voice (None: never)."""
        self.late = 0
        """Transcripts that came after the decision, and so started nothing."""
        self.unanswering = 0
        """Transcripts that answered nothing, and so started nothing (:meth:`answers`)."""

    @classmethod
    def of(cls, voice: object, listen: Listen, render: Callable[[Line, str], str | None],
           meanings: Similarity | None = None) -> Anticipation | None:
        """The anticipation for a turn at ``listen``; None where ``voice`` cannot
        anticipate (text mode, a test's fake). ``meanings``: the session's sentence model."""
        ahead = getattr(voice, "anticipate", None)
        return (None if ahead is None
                else cls(ahead, responding_lines(listen), render, listen.answers, meanings))

    def answers(self, words: str) -> bool:
        """Whether ``words`` read as one of the answers — by the rules, or by meaning as the
        session reads words the ear rejected (session/deciding.py): only then can a line
        that may respond hold them. Words that answer nothing (off-list talk, "what time
        is it?") get a reprompt, which holds none; synthesizing them cost ~3 CPU-s a turn
        on a loaded machine, beside the ear deciding the turn (docs/listening-measurements.md,
        "The ear first, fourteenth pass"). Without a sentence model (a test's session)
        nothing is known of meanings: every transcript is anticipated, as before."""
        return self._meanings is None or match_answer(
            normalize(words), self._answers, self._meanings, slips=False).label is not None

    def __call__(self, words: str) -> None:
        if not self.answers(words):
            self.unanswering += 1
            return
        said = said_back(words, self._answers)
        if not said:
            return
        texts = [(line, text) for line in self._lines
                 if (text := self._render(line, said)) is not None]
        with self._lock:  # a transcript racing the decision: one or the other wins whole
            if not self._open:
                self.late += 1
                return
            self.told_at = time.perf_counter()
            self._anticipate(texts)

    def close(self) -> float | None:
        """The turn is decided: later words are ignored. Seconds the last words were known
        before now — the decision, which asks for the response's line at once — or None
        when none were told."""
        with self._lock:
            self._open = False
            return None if self.told_at is None else time.perf_counter() - self.told_at


def backchannel(voice: object, line: Line, text: str, heard: str | None) -> Spoken | None:
    """What to say before ``text`` (``line`` with the listener's words ``heard``) so the
    listener is not left in silence while it is synthesized: the voice's backchannel, for
    a line with the listener's words that is not ready; None otherwise, and from a voice
    that says none (renders, text mode)."""
    said = getattr(voice, "backchannel", None)
    if said is None or heard is None or not line.is_template:
        return None
    found: Spoken | None = said(line, text)
    return found

"""Consent: the notice, opting out, walking away.

The session loop (:class:`voicepiece.session.loop.Session`) knows nothing of galleries. The
station wraps the session's ear in a :class:`VisitorEar`, which

- offers the opt-out phrases at every question, as one extra answer. With the grammar
  recognizer this matters: it only hears what the grammar holds, so "stop recording" must
  be *in* the grammar of every question to be heard at all — otherwise it is forced onto
  the nearest answer or rejected as unclear. A visitor who says it ends the visit with
  :class:`OptedOut`, before the session sees the turn;
- counts unanswered turns in a row and ends the visit with :class:`WalkedAway` when the
  visitor has evidently left, instead of reading the rest of the piece to an empty room;
- ends a visit that has gone on too long with :class:`TooLong`.

These are exceptions because that is the only way out of ``Session.run`` between two
turns without changing it; the station catches them and ends the session for its
observers itself (:mod:`voicepiece.gallery.visit`), so the recording is finished — or, at
an opt-out, deleted (:mod:`voicepiece.gallery.recordings`). Only the opt-out answer's
label is reserved: the session never sees it.
"""


from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from voicepiece.memory import forget_held
from voicepiece.session.events import Ear, Heard, Question
from voicepiece.story.matching import match_answer
from voicepiece.story.model import UNCLEAR, Answer, Line, Piece
from voicepiece.story.phrases import phrases_for
from voicepiece.story.wording import normalize

OPT_OUT = "__opt_out__"
"""The extra answer's label: no piece's label, and never passed to the session."""

NOTICE_ID = "gallery.notice"
OPT_OUT_ID = "gallery.opt_out"
CLOSING_ID = "gallery.closing"
INVITATION_ID = "gallery.invitation"
"""Line IDs of what the station itself says: a recording in the piece's ``voiceover/``
folder under one of these IDs replaces the synthesized voice, as for the piece's lines."""


class VisitEnded(Exception):
    """The visitor ended the visit during a listening turn."""


class OptedOut(VisitEnded):
    """The visitor asked not to be recorded: stop, and delete the recording."""


class WalkedAway(VisitEnded):
    """Nobody has answered for several turns: the visitor has left."""


class TooLong(VisitEnded):
    """The visit outlasted the longest session the station allows."""


def opt_out_answer(phrases: Sequence[str]) -> Answer:
    return Answer(label=OPT_OUT, meaning=None, phrases=tuple(phrases), say=(), next=None)


def opt_out_conflicts(piece: Piece, phrases: Sequence[str]) -> list[str]:
    """Opt-out phrases that clash with a question of ``piece``: the phrase is a phrasing of
    one of its answers (a visitor answering would delete their recording), or it is not
    heard as an opt-out there. Checked by ``voicepiece gallery --check``."""
    from voicepiece.session.confirming import CONFIRM_CHOICES

    choice = opt_out_answer(phrases)
    points = [(n.name, n.listen.answers) for n in piece.listening_points() if n.listen]
    problems = []
    for phrase in phrases:
        for node, answers in [*points, ("confirmations", CONFIRM_CHOICES)]:
            said = normalize(phrase)
            taken = next((a.label for a in answers if said in phrases_for(a)), None)
            heard = match_answer(phrase, (*answers, choice)).label
            if taken is not None or heard != OPT_OUT:
                what = (f"is also the answer {taken!r}" if taken is not None else
                        f"reads as {heard or 'no answer'!r}")
                problems.append(f"opt-out phrase {phrase!r} {what} at {node}")
                break
    return problems


def station_line(line_id: str, text: str) -> Line:
    return Line(id=line_id, text=text)


RECORD_STEMS = ("record", "tape", "taping", "film")
"""What a visitor asks to stop: recording (recorded, records…), taping, filming."""
STOPPING = frozenset({"stop", "not", "no", "never", "delete", "erase", "remove", "cancel",
                      "wipe", "end", "without", "off", "quit", "dont"})
"""Words that, close before one of those, turn it into a request not to be recorded: "stop
recording", "do not record me", "delete my recording", "I would rather not be recorded"."""
REACH = 4
"""How many words before the recording word a stopping word may stand ("I do not want to
be recorded": "not" is four before)."""


def _near(word: str, stem: str) -> bool:
    """``word`` is ``stem`` or a form of it, allowing one slip of a transcriber
    ("recordin", "recod", "recording's")."""
    if word.startswith(stem):
        return True
    head = word[: len(stem)]
    if len(head) < len(stem) - 1:
        return False
    from difflib import SequenceMatcher

    return SequenceMatcher(None, head, stem).ratio() >= 0.8


def asks_not_to_be_recorded(text: str | None) -> bool:
    """Whether a transcript of what a visitor said asks for the recording to stop: a word
    of recording with a stopping word shortly before it (or "off" after it), or "opt out".

    The rule reads an open transcript (the visitor's own words, however phrased), where the
    grammar only knows the configured phrases word for word; it is robust to the near-misses
    of a transcriber and to other phrasings ("please don't record this", "no recording",
    "can you delete the recording") and does not fire on a mere mention ("is this being
    recorded?", "I have a record player")."""
    words = normalize(text or "").replace("-", " ").replace(",", " ").split()
    for i, word in enumerate(words):
        if word == "opt" and words[i + 1:i + 2] == ["out"]:
            return True
        if not any(_near(word, stem) for stem in RECORD_STEMS):
            continue
        if any(w in STOPPING for w in words[max(0, i - REACH):i]):
            return True
        if words[i + 1:i + 2] == ["off"]:
            return True
    return False


def is_opt_out(heard: Heard, choice: Answer) -> bool:
    """Whether ``heard`` is the visitor opting out.

    Words an open transcript vouches for (``own_words``), or is sure enough of to read
    (``sure_words``: another voice heard in them, say), are read by
    :func:`asks_not_to_be_recorded`, whatever label they were given. A recognizer that
    decides among the choices says so with the label — in its accept or its confirm zone:
    deleting a recording on an unsure hearing errs towards privacy, and the grammar only
    offers the phrase when it is the best whole match. An ear that only gives words
    (typed or scripted replies) is matched here, as the session would match them.
    A recognizer's rejection (``unclear``) is never read as an opt-out, even when
    the phrase it leaned towards was one.
    """
    if heard.label == OPT_OUT:
        return True
    if (heard.own_words or heard.sure_words) and asks_not_to_be_recorded(heard.text):
        # An open transcript is what the visitor said, whatever answer a recognizer made of
        # it: "don't record me" heard as the grammar's "completely" was a kept recording.
        return True
    if heard.label is not None or not heard.text:
        return False
    return match_answer(heard.text, (choice,)).label == OPT_OUT


class VisitorEar:
    """An :class:`~voicepiece.session.events.Ear` that lets a visitor end the visit.

    ``opt_out``: the phrases (none: opting out is off, e.g. when nothing is recorded).
    ``walk_away_after``: unanswered turns in a row that end the visit (0: never).
    ``deadline``: a ``clock()`` time after which the next turn ends the visit.
    ``on_turn``: called after every turn (the station's watchdog counts it as progress).
    """

    def __init__(self, ear: Ear, opt_out: Sequence[str] = (), walk_away_after: int = 0,
                 deadline: float | None = None, clock: Callable[[], float] = time.monotonic,
                 on_turn: Callable[[], None] | None = None) -> None:
        self.ear = ear
        self.choice = opt_out_answer(opt_out) if opt_out else None
        self.walk_away_after = walk_away_after
        self.deadline = deadline
        self.clock = clock
        self.on_turn = on_turn
        self.silent_in_a_row = 0
        self.turns = 0
        self.spoke = False
        """Whether the visitor said anything at all (an opt-out included)."""

    def listen(self, question: Question) -> Heard:
        if self.deadline is not None and self.clock() >= self.deadline:
            raise TooLong(f"the visit passed its time limit at {question.node}")
        asked = question
        if self.choice is not None:
            asked = replace(question, choices=(*question.choices, self.choice))
        heard = self.ear.listen(asked)
        self.turns += 1
        if self.on_turn is not None:
            self.on_turn()
        said = bool(heard.text and heard.text.strip())
        self.spoke = self.spoke or said
        if self.choice is not None and said and is_opt_out(heard, self.choice):
            raise OptedOut(f"opted out at {question.node}")
        if heard.label == OPT_OUT:  # cannot happen without a choice; never leak the label
            heard = replace(heard, label=UNCLEAR)
        self.silent_in_a_row = 0 if said else self.silent_in_a_row + 1
        if self.walk_away_after and self.silent_in_a_row >= self.walk_away_after:
            raise WalkedAway(f"{self.silent_in_a_row} unanswered turns, the last at "
                             f"{question.node}")
        return heard

    def forget(self, within: float | None = None) -> bool:
        """The visitor has gone: the wrapped ear drops what it holds of them, where it
        can (:meth:`~voicepiece.listening.ear.ListeningEar.forget`)."""
        return forget_held(self.ear, within)

    @property
    def left_over(self) -> list:
        """The wrapped ear's unused replies, for fakes that have them."""
        return list(getattr(self.ear, "left_over", []))

"""One visit's session: the piece played to a visitor, however that ends.

A visit can end in more ways than a session: the visitor opts out, walks away or stays
too long (:mod:`voicepiece.gallery.consent` ends those with an exception, the only way
out of ``Session.run`` between two turns), an engine fails, a device goes. Whatever
happened, :func:`hold_session` says how it ended, and every observer still sees the
session end — not completed, as Ctrl-C ends one — so a recording is finished and the
soak's visitors leave. Only at an opt-out does the recorder not see it: that recording is
deleted, not finished.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from voicepiece.gallery.consent import OptedOut, TooLong, VisitEnded, WalkedAway
from voicepiece.gallery.health import one_line
from voicepiece.gallery.recordings import (
    COMPLETED,
    DEVICE_LOST,
    ERROR,
    INTERRUPTED,
    OPTED_OUT,
    TOO_LONG,
    WALKED_AWAY,
)
from voicepiece.memory import give_back_memory
from voicepiece.session.events import Event, Observer, SessionEnded
from voicepiece.session.loop import Outcome, Session, now_iso
from voicepiece.story.wording import normalize

if TYPE_CHECKING:
    from voicepiece.archive.recorder import Recorder
    from voicepiece.gallery.consent import VisitorEar
    from voicepiece.gallery.seams import StationVoice, Trigger
    from voicepiece.session.events import Voice
    from voicepiece.story.meaning import Similarity
    from voicepiece.story.model import Piece

log = logging.getLogger("voicepiece.gallery.station")  # the station's lines, as before

ENDED_BY = {OptedOut: OPTED_OUT, WalkedAway: WALKED_AWAY, TooLong: TOO_LONG}
"""How a visit ended, by the exception that ended it early."""

AFTER_SESSION = {COMPLETED: "session_ended", INTERRUPTED: "session_ended",
                 OPTED_OUT: "opted_out", WALKED_AWAY: "walked_away", TOO_LONG: "walked_away",
                 DEVICE_LOST: "device_lost", ERROR: "error"}
"""The gallery loop's trigger after a session, by how it ended."""


@dataclass
class Visit:
    """One visitor, from the trigger to the cool-down."""

    trigger: Trigger
    started: datetime
    began: float  # clock.monotonic()
    record: bool = False
    result: str | None = None
    ear: VisitorEar | None = None
    """The visitor's ear, once the session has one: :func:`forget_visit` empties it."""


FORGET_WITHIN = 20.0
"""Longest the cool-down waits for work on a departed visitor's words — a synthesis of
them or a transcript under way, a second or two — before leaving it to finish alone."""


def forget_visit(visit: Visit | None, voice: StationVoice | None,
                 within: float = FORGET_WITHIN) -> bool:
    """The visitor has gone: nothing of theirs stays in memory — their last answer's audio
    and transcript in the ear, their words synthesized ahead in the narrator — and no work
    on them still runs (waited for up to ``within`` seconds each). Without this the next
    visitor's station held the last one's voice, and a synthesis of their words ran on
    into the next visit. Whether all was done in time."""
    done = True
    if visit is not None and visit.ear is not None:
        done = visit.ear.forget(within)
        visit.ear = None
    if voice is not None:
        done = voice.forget(within) and done
    normalize.cache_clear()  # it holds the visitor's transcripts among the piece's phrases
    return done


def let_go(visit: Visit | None, voice: StationVoice | None) -> None:
    """The cool-down's farewell to a visitor: :func:`forget_visit` (a warning line when work
    on their words is still running), then the memory they held goes back to the system:
    a session's story machine and recorder hold cycles, and the next visitor starts from
    the same."""
    if not forget_visit(visit, voice):
        log.warning("work on the last visitor's words is still running")
    gc.collect()
    give_back_memory()


@dataclass
class Held:
    """How a visit's session went: ``result`` is one of the outcomes of
    :mod:`voicepiece.gallery.recordings`; ``error`` what ended it, for ``error`` and
    ``device_lost``; ``fate`` what became of its recording (set once it is settled)."""

    result: str
    outcome: Outcome | None = None
    session: Session | None = None
    error: BaseException | None = None
    turns: int = 0
    spoke: bool = False
    fate: str = ""


class RecorderGuard:
    """The recorder as the session sees it: any exception from it (a mastering failure,
    not only the write errors the recorder stops on) is logged and stops the recording,
    never the visit.

    ``keeps(spoke)`` says whether the recording will be kept, by whether the visitor
    (``ear``, once there is one) spoke: when the session ends and it will not, the end is
    not passed on — finishing and mastering a recording about to be deleted would only
    cost a small machine its time."""

    def __init__(self, recorder: Recorder | None,
                 keeps: Callable[[bool], bool] = lambda _spoke: True) -> None:
        self.recorder = recorder
        self.keeps = keeps
        self.ear: VisitorEar | None = None
        self.error: BaseException | None = None

    def on_event(self, event: Event) -> None:
        if self.recorder is None or self.error is not None:
            return
        if isinstance(event, SessionEnded) and not self.keeps(bool(self.ear and
                                                                   self.ear.spoke)):
            self.detach()
            return
        try:
            self.recorder.on_event(event)
        except Exception as exc:
            self.error = exc
            log.error("recording into %s failed: %s", self.recorder.folder, one_line(exc),
                      exc_info=exc)

    def detach(self) -> None:
        """Pass nothing more to the recorder (its recording is about to be deleted)."""
        self.recorder = None


def hold_session(piece: Piece, voice: Voice, make_ear: Callable[[], VisitorEar],
                 guard: RecorderGuard, observers: Callable[[], Sequence[Observer]],
                 is_lost: Callable[[BaseException], bool],
                 meanings: Similarity | None = None) -> Held:
    """Play ``piece`` to the visitor through ``voice`` and the ear ``make_ear`` makes, to
    ``guard`` and the ``observers``; ``is_lost(exc)`` tells a lost device from an error;
    ``meanings`` reads the visitor's own words by meaning, as in ``run`` (None: the rules
    alone). Exceptions end the visit, not the station: the caller logs ``Held.error``."""
    ear: VisitorEar | None = None
    session: Session | None = None
    told: list[Observer] = [guard]
    held = Held(ERROR)
    try:
        ear = guard.ear = make_ear()
        told += observers()
        session = Session(piece, voice, ear, told, meanings=meanings)
        held.outcome = session.run()
        held.result = INTERRUPTED if held.outcome.interrupted else COMPLETED
    except VisitEnded as ended:
        held.result = ENDED_BY[type(ended)]
    except Exception as exc:
        held.result = DEVICE_LOST if is_lost(exc) else ERROR
        held.error = exc
    held.session = session
    if ear is not None:
        held.turns, held.spoke = ear.turns, ear.spoke
    if session is not None and held.outcome is None:
        if held.result == OPTED_OUT:
            guard.detach()
        end_early(session, told)
    return held


def end_early(session: Session, observers: Sequence[Observer]) -> None:
    """Tell ``observers`` that ``session`` ended before its piece did — as the session
    itself tells them after Ctrl-C. An observer that fails here is logged and passed."""
    event = SessionEnded(False, None, now_iso(), tuple(session.path), tuple(session.turns))
    for observer in observers:
        try:
            observer.on_event(event)
        except Exception:
            log.warning("an observer failed at the end of the session", exc_info=True)

"""Consent and privacy: the notice, opting out, walking away, and the session folders.

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
turns without changing it; the station catches them and finishes (or deletes) the
recording itself. Only the opt-out answer's label is reserved: the session never sees it.

:class:`Recordings` keeps the session folders' side of the promises: private, finished
whatever happened, deleted at an opt-out, repaired after a crash, purged by retention.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voicepiece.archive.folders import (
    INCOMPLETE,
    delete_session,
    find_sessions,
    is_session,
    read_session,
    to_purge,
)
from voicepiece.archive.mixdown import PART
from voicepiece.errors import VoicepieceError
from voicepiece.files import private_dir
from voicepiece.session.events import Ear, Heard, Question, SessionEnded
from voicepiece.session.loop import now_iso
from voicepiece.story.matching import match_answer
from voicepiece.story.model import UNCLEAR, Answer, Line, Piece
from voicepiece.story.phrases import phrases_for
from voicepiece.story.wording import normalize

if TYPE_CHECKING:
    from voicepiece.archive.recorder import Recorder
    from voicepiece.gallery.config import GalleryConfig
    from voicepiece.gallery.health import Journal
    from voicepiece.session.loop import Session

log = logging.getLogger(__name__)

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
    from voicepiece.session.loop import CONFIRM_CHOICES

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


def is_opt_out(heard: Heard, choice: Answer) -> bool:
    """Whether ``heard`` is the visitor opting out.

    A recognizer that decides among the choices says so with the label — in its accept or
    its confirm zone: deleting a recording on an unsure hearing errs towards privacy, and
    the grammar only offers the phrase when it is the best whole match. An ear that only
    gives words (typed or scripted replies) is matched here, as the session would match
    them. A recognizer's rejection (``unclear``) is never read as an opt-out, even when
    the phrase it leaned towards was one.
    """
    if heard.label == OPT_OUT:
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

    @property
    def left_over(self) -> list:
        """The wrapped ear's unused replies, for fakes that have them."""
        return list(getattr(self.ear, "left_over", []))


# ── the session folders: private, finished or deleted, never lost ─────────────────────

COMPLETED, INTERRUPTED, OPTED_OUT = "completed", "interrupted", "opted_out"
WALKED_AWAY, TOO_LONG, DEVICE_LOST, ERROR = "walked_away", "too_long", "device_lost", "error"
OUTCOMES = (COMPLETED, INTERRUPTED, OPTED_OUT, WALKED_AWAY, TOO_LONG, DEVICE_LOST, ERROR)
"""How a session ended, as the journal records it."""

KEPT, DELETED, DISCARDED, PARTIAL, DELETE_FAILED = (
    "kept", "deleted", "discarded", "partial", "delete_failed")
OFF, NO_SPACE, UNAVAILABLE = "off", "no_space", "unavailable"
"""What became of a session's recording: kept; deleted (the visitor opted out); discarded
(the visitor never spoke); partial (recording stopped, e.g. a full disk: what was
written is kept and repaired); delete_failed (see the log); or none was made: off, no
space, or the folder could not be created."""


@dataclass
class Recording:
    folder: Path
    recorder: Recorder


class Recordings:
    """The session folders of one station, in ``sessions_dir``: created private (0700 and
    0600), finished whatever happened to the session, deleted at an opt-out, repaired
    after a crash, and purged as the retention policy says.

    ``make_recorder(folder, piece)`` builds a folder's recorder (None: as configured);
    ``free_mb(folder)`` measures the free space.
    """

    def __init__(self, config: GalleryConfig, piece: Piece,
                 make_recorder: Callable[[Path, Piece], Recorder] | None,
                 free_mb: Callable[[Path], float | None], journal: Journal) -> None:
        self.config = config
        self.piece = piece
        self.make_recorder = make_recorder or self._recorder
        self.free_mb_of = free_mb
        self.journal = journal
        self.base = config.sessions_path
        self.free_mb: float | None = None
        self.paused = False
        self.reason = OFF if not config.recording.record else KEPT

    def _recorder(self, folder: Path, piece: Piece) -> Recorder:
        from voicepiece.archive.mastering import MasterSettings
        from voicepiece.archive.recorder import session_folder

        options = self.config.recording
        mastering = MasterSettings(bed=piece.ambient_path) if options.master else None
        return session_folder(folder, True, mastering, options.formats, piece.title)

    def health(self) -> dict[str, Any]:
        """For the heartbeat (its thread): the folder, its free space now, and whether
        recording is paused for want of it."""
        if self.config.recording.record and self.base.is_dir():
            self.free_mb = self.free_mb_of(self.base)
        return {"dir": str(self.base), "free_mb": self.free_mb, "paused": self.paused,
                "record": self.config.recording.record}

    def can_record(self) -> bool:
        """Whether the next session will be recorded: recording is on, the folder exists
        and the disk has room. Nothing recorded is deleted to make room."""
        if not self.config.recording.record:
            self.reason = OFF
            return False
        try:
            private_dir(self.base)
        except VoicepieceError as exc:
            log.warning("not recording: %s", exc)
            self.reason = UNAVAILABLE
            return False
        self.free_mb = self.free_mb_of(self.base)
        low = self.config.recording.min_free_mb
        if self.free_mb is not None and self.free_mb < low:
            if not self.paused:
                log.warning("not recording: only %.0f MB free in %s (needs %d)", self.free_mb,
                            self.base, low)
                self.journal.write("recording_paused", free_mb=self.free_mb)
            self.paused, self.reason = True, NO_SPACE
            return False
        if self.paused:
            log.warning("recording again: %.0f MB free", self.free_mb or 0)
            self.journal.write("recording_resumed", free_mb=self.free_mb)
        self.paused = False
        return True

    def open(self, when: datetime) -> Recording | None:
        """A new private session folder named after ``when``, and its recorder."""
        stem = when.strftime("%Y-%m-%d_%H%M%S")
        folder, n = self.base / stem, 2
        while folder.exists():
            folder, n = self.base / f"{stem}-{n}", n + 1
        try:
            recorder = self.make_recorder(folder, self.piece)
        except (OSError, VoicepieceError) as exc:
            log.warning("not recording: cannot start a session folder: %s", exc)
            self.reason = UNAVAILABLE
            self._remove(folder)
            return None
        recorder.on_failure = lambda message: log.warning("%s", message)
        return Recording(folder, recorder)

    def settle(self, recording: Recording | None, result: str, session: Session | None,
               ended: bool, spoke: bool, broken: bool = False) -> str:
        """Finish, keep or delete a session's folder; what became of it ("kept:NAME" and
        the like: the state, and the folder when one is kept). ``ended``: the session
        ended the recording itself; ``broken``: the recorder raised on the way."""
        if recording is None:
            return self.reason
        folder = recording.folder
        if result == OPTED_OUT:  # delete first: the rename is the promise kept
            gone = self._remove(folder)
            _release(recording.recorder)
            return DELETED if gone else f"{DELETE_FAILED}:{folder.name}"
        if not ended and session is not None:  # end it as Ctrl-C would: nothing is lost
            try:
                recording.recorder.on_event(SessionEnded(False, None, now_iso(),
                                                         tuple(session.path),
                                                         tuple(session.turns)))
            except Exception:
                log.warning("finishing the recording in %s failed", folder, exc_info=True)
        _release(recording.recorder)
        if not is_session(folder) or (not spoke and not self.config.recording.keep_silent):
            return DISCARDED if self._remove(folder) else f"{DELETE_FAILED}:{folder.name}"
        if broken or (folder / PART).exists():  # stopped by a write error, or its end failed
            self._repair(folder)
        failed = broken or recording.recorder.failed
        return f"{PARTIAL if failed else KEPT}:{folder.name}"

    def apply_retention(self) -> int:
        """Delete what the retention policy lets go; each limit deletes on its own."""
        policy = self.config.retention
        if not (policy.max_age_days or policy.max_sessions) or not self.base.is_dir():
            return 0
        try:
            found = find_sessions(self.base)
            going = {}
            if policy.max_age_days:
                going.update((s.folder, s) for s in to_purge(found,
                                                             older_than=policy.max_age_days))
            if policy.max_sessions:
                going.update((s.folder, s) for s in to_purge(found, keep=policy.max_sessions))
            for folder in going:
                delete_session(folder, self.base)
        except VoicepieceError as exc:
            log.warning("retention: %s", exc)
            return 0
        if going:
            log.info("retention: deleted %d old session(s)", len(going))
            self.journal.write("retention", deleted=len(going))
        return len(going)

    def recover(self) -> None:
        """At start: finish deletions and repair sessions that a crash (or a power cut)
        interrupted, so every finished turn is playable and nothing opted out survives."""
        if not self.base.is_dir():
            return
        try:
            children = sorted(self.base.iterdir())
        except OSError as exc:
            log.warning("cannot look into %s: %s", self.base, exc.strerror)
            return
        for child in children:
            if child.is_symlink() or not child.is_dir():
                continue
            if child.name.startswith(".") and child.name.endswith(".deleting"):
                shutil.rmtree(child, ignore_errors=True)
                log.warning("finished deleting %s", child.name)
                self.journal.write("recovered", folder=child.name, action="deleted")
            elif child.name.startswith("."):
                continue
            elif is_session(child) and _cut_short(child):
                self._repair(child)
                self.journal.write("recovered", folder=child.name, action="repaired")
            elif (child / PART).exists() and {p.name for p in child.iterdir()} <= {PART}:
                self._remove(child)  # a folder begun but never started: no one in it

    def _repair(self, folder: Path) -> None:
        from voicepiece.archive.repair import repair

        try:
            repair(folder)
            log.warning("repaired %s", folder.name)
        except Exception:
            log.warning("cannot repair %s", folder, exc_info=True)

    def _remove(self, folder: Path) -> bool:
        """Delete one of our session folders, first by renaming it out of sight."""
        try:
            if is_session(folder):
                delete_session(folder, self.base)
            elif folder.is_dir() and folder.resolve().parent == self.base.resolve():
                hidden = folder.with_name(f".{folder.name}.deleting")
                folder.rename(hidden)
                shutil.rmtree(hidden)
        except (OSError, VoicepieceError) as exc:
            log.error("cannot delete %s: %s", folder, exc)
            return False
        return True


def _cut_short(folder: Path) -> bool:
    """Whether a session folder was left by a crash: its mix never finished, or its record
    never ended and was never repaired."""
    if (folder / PART).exists():
        return True
    info = read_session(folder)
    return (info.status == INCOMPLETE and info.get("ended") is None
            and info.get("finalised") is None)


def _release(recorder: Recorder) -> None:
    """Close what a recorder that never saw its session end still holds open (the mix's
    file): a station that runs for weeks must not leak a descriptor per failed visit."""
    recorder.close()

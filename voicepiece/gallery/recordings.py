"""The session folders of a station: private, finished whatever happened to the visit,
deleted at an opt-out, repaired after a crash, purged by retention — never lost.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
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
from voicepiece.archive.mixdown import PART, RAW
from voicepiece.archive.stopped import note_stopped, stopped_by
from voicepiece.errors import VoicepieceError
from voicepiece.files import private_dir

if TYPE_CHECKING:
    from voicepiece.archive.recorder import Recorder
    from voicepiece.gallery.health import Journal
    from voicepiece.gallery.options import GalleryConfig
    from voicepiece.story.model import Piece

log = logging.getLogger(__name__)

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
class VisitRecording:
    """A visit's session folder, being recorded."""

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
        self.current: VisitRecording | None = None
        """The folder being recorded, from :meth:`open` until :meth:`settle`."""

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

    def open(self, when: datetime) -> VisitRecording | None:
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
        self.current = VisitRecording(folder, recorder)
        return self.current

    def keeps(self, spoke: bool) -> bool:
        """Whether a session's recording is kept, by whether the visitor spoke: one nobody
        spoke in goes, unless ``keep_silent``. Asked as the session ends too, before the
        recorder finishes it: a recording about to go is not worth mastering."""
        return spoke or self.config.recording.keep_silent

    def settle(self, recording: VisitRecording | None, result: str, spoke: bool,
               broken: bool = False, error: BaseException | None = None) -> str:
        """Keep or delete a session's folder once the session has ended — a visit ended
        early included (:mod:`voicepiece.gallery.visit`): the recorder has finished it.
        What became of it: "kept:NAME" and the like (the state, and the folder when one is
        kept). ``broken``: the recorder raised on the way; ``error``: what ended the
        session, which a kept record then says (``stopped``)."""
        self.current = None
        if recording is None:
            return self.reason
        folder = recording.folder
        if result == OPTED_OUT:  # delete first: the rename is the promise kept
            gone = self._remove(folder)
            _release(recording.recorder)
            return DELETED if gone else f"{DELETE_FAILED}:{folder.name}"
        _release(recording.recorder)
        if not is_session(folder) or not self.keeps(spoke):
            return DISCARDED if self._remove(folder) else f"{DELETE_FAILED}:{folder.name}"
        if error is not None:
            try:
                note_stopped(folder, stopped_by(error))
            except (OSError, VoicepieceError) as exc:
                log.warning("cannot say in %s why it stopped: %s", folder.name, exc)
        if broken or (folder / PART).exists():  # stopped by a write error, or its end failed
            self._repair(folder)
        failed = broken or recording.recorder.failed
        return f"{PARTIAL if failed else KEPT}:{folder.name}"

    def abandon_current(self, why: str, within: float) -> str | None:
        """For the watchdog, in its own thread, while the session hangs and before the
        process exits: the folder being recorded says ``why`` it stopped and is finished as
        far as it got (a repair: its audio playable, no part file), within ``within``
        seconds — a disk that hangs must not keep the station from exiting; the next
        start repairs what is left. A session whose story had ended is left to that repair
        as it is: it was not stopped, only its finishing. The folder's name, or None."""
        current = self.current
        if current is None or not is_session(current.folder):
            return None
        folder = current.folder

        def finish() -> None:
            from voicepiece.archive.repair import repair

            try:
                if read_session(folder).get("ended") is None:
                    note_stopped(folder, why)
                    repair(folder)
            except Exception:
                log.warning("cannot finish %s: the next start repairs it", folder.name,
                            exc_info=True)

        worker = threading.Thread(target=finish, name="watchdog-finish", daemon=True)
        worker.start()
        worker.join(within)
        if worker.is_alive():
            log.warning("finishing %s takes over %.0f s: the next start repairs it",
                        folder.name, within)
        return folder.name

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
    if (folder / PART).exists() or (folder / RAW).exists():  # cut short, or while mastering
        return True
    info = read_session(folder)
    return (info.status == INCOMPLETE and info.get("ended") is None
            and info.get("finalised") is None)


def _release(recorder: Recorder) -> None:
    """Close what a recorder that never saw its session end still holds open (the mix's
    file): a station that runs for weeks must not leak a descriptor per failed visit."""
    recorder.close()

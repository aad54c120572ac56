"""Session folders whose session something other than its listener stopped: an error in
the session, or the gallery's watchdog ending a station that hung in one.

Such a session never reaches its end, so nothing finishes its folder: the mix stays in
``.session.wav.part``, the record says ``ended: null`` and a write may be half done. Left
so, it blocks a retry into the same folder (``render --out``, ``run --record`` never
write over a session) and holds nothing anyone can play. What it becomes depends on what
it holds (docs/sessions.md, "A session that fails"):

- **a listener's turn**: it is a session, cut short; :func:`abandon` finishes it as
  ``sessions repair`` would — ``session.wav`` of what was recorded, captions, transcript,
  no temporary files — and its record says ``stopped``: why, and never ``completed``;
- **nothing a listener said** (it failed before its first turn): it is removed, file by
  file of the names a session writes, so a retry is not blocked and nothing else the
  folder held is touched;
- **a story that ended** (its finishing failed): left as it is, for ``sessions repair``.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from voicepiece.archive.captions import CAPTIONS_VTT, TRANSCRIPT_TXT
from voicepiece.archive.mastering import FORMATS
from voicepiece.archive.mixdown import PART, RAW, REPLIES, SESSION_WAV
from voicepiece.archive.repair import repair
from voicepiece.archive.transcript import SESSION_JSON, STOPPED, read_record
from voicepiece.errors import VoicepieceError
from voicepiece.files import atomic_write, is_temporary, remove_temporary

log = logging.getLogger(__name__)

def stopped_by(exc: BaseException) -> str:
    """The record's ``stopped`` for a session an exception ended: the user's one line for
    a problem they can fix, the exception's kind too for anything else (a bug)."""
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else ""
    if not isinstance(exc, VoicepieceError) or not text:
        text = f"{type(exc).__name__}: {text}".rstrip(": ")
    return f"error: {text}"


def note_stopped(folder: Path, why: str) -> None:
    """Say in the folder's record why its session stopped, changing nothing else: not
    ``ended`` (the story did not end), not ``completed``."""
    record = read_record(folder)
    record[STOPPED] = why
    atomic_write(folder / SESSION_JSON, (json.dumps(record, indent=2) + "\n").encode())


def holds_a_turn(folder: Path) -> bool:
    """Whether anything a listener said is in the folder: a turn in its record, or a reply
    clip (kept before its turn is recorded). An unreadable record counts as holding one:
    what cannot be read is not deleted."""
    if (folder / REPLIES).is_dir() and any(not is_temporary(clip.name)
                                           for clip in (folder / REPLIES).iterdir()):
        return True
    try:
        return bool(read_record(folder)["turns"])
    except VoicepieceError:
        return (folder / SESSION_JSON).exists()


def abandon(folder: Path, why: str) -> str:
    """Finish the folder of a session that ``why`` stopped (its recorder closed first):
    kept and repaired, or removed when it holds no turn. Returns what became of it, as a
    line for the user."""
    if not (folder / SESSION_JSON).exists() and not (folder / PART).exists():
        return f"{folder}: nothing was recorded"
    if _story_ended(folder):
        return (f"{folder}: the session ended, its finishing did not; "
                f"`voicepiece sessions repair {folder}` finishes it")
    if not holds_a_turn(folder):
        _remove_session_files(folder)
        return f"{folder}: the session stopped before its first turn; nothing of it is kept"
    note_stopped(folder, why)
    repaired = repair(folder)
    return (f"{folder}: incomplete, stopped after {repaired.turns} "
            f"turn{'' if repaired.turns == 1 else 's'}; what was recorded is kept")


def _story_ended(folder: Path) -> bool:
    """Whether the record says the story reached its end: then only the finishing (mix,
    master) failed, the record is true as it stands, and what is left (``.session.raw.wav``)
    is what ``sessions repair`` needs — so nothing is noted or repaired here."""
    try:
        return read_record(folder).get("ended") is not None
    except VoicepieceError:
        return False


def _remove_session_files(folder: Path) -> None:
    """The files a session writes, and the folder if that leaves it empty; nothing else."""
    remove_temporary(folder)
    names = {SESSION_JSON, PART, RAW, SESSION_WAV, CAPTIONS_VTT, TRANSCRIPT_TXT,
             *(f"session.{fmt}" for fmt in FORMATS)}
    for name in names:
        (folder / name).unlink(missing_ok=True)
    for empty in (folder / REPLIES, folder):
        try:
            empty.rmdir()
        except OSError:  # missing, or holding what is not ours
            log.debug("%s left in place", empty)

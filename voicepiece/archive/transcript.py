"""The ``session.json`` observer: the session's record, on disk after every turn.

It rewrites the whole file atomically at each line and turn with ``completed: false``
(durably at each turn; at each line only against a kill, not a power cut). When the
session ends it records the ending, the path and every line at once — before the audio is
mastered, which takes long enough to be killed in — and marks the record complete only
once everything is written (:meth:`SessionJson.complete`, run last), so a crash or Ctrl-C
leaves a truthful, readable record. ``audio`` says what state the audio is in
(:data:`AUDIO_STATES`), so the record never claims mastered audio that is not there.
Besides the contract's fields it keeps the stages (chapters) and every line said, each
with its place among the turns, so captions and a transcript can be rebuilt from it alone
(``voicepiece sessions repair``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from voicepiece import __version__
from voicepiece.errors import VoicepieceError
from voicepiece.files import atomic_write, private_dir
from voicepiece.session.events import (
    Event,
    LineSpoken,
    NarrationCut,
    NodeEntered,
    Observer,
    SessionEnded,
    SessionStarted,
    TurnTaken,
)

SESSION_JSON = "session.json"

STOPPED = "stopped"
"""The record's field saying why something other than the listener stopped the session:
``error: …`` or ``watchdog: …`` (:mod:`voicepiece.archive.stopped` writes it)."""

RECORDING, MASTERING, MIXED, MASTERED, PARTIAL = (
    "recording", "mastering", "mixed", "mastered", "partial")
AUDIO_STATES = (RECORDING, MASTERING, MIXED, MASTERED, PARTIAL)
"""``audio`` in the record (null: no audio, text mode): being recorded; the whole mix
waiting to be mastered (``.session.raw.wav``); ``session.wav`` the whole mix, not mastered;
``session.wav`` (and the other formats) mastered; ``session.wav`` what was recorded
before a crash, not mastered."""


def read_record(folder: Path, purpose: str = "") -> dict[str, Any]:
    """A session folder's record, or one clear line saying why it cannot be read."""
    path = folder / SESSION_JSON
    try:
        record = json.loads(path.read_text())
    except FileNotFoundError:
        raise VoicepieceError(f"{folder}: not a session folder (no {SESSION_JSON})") from None
    except (OSError, ValueError) as exc:
        raise VoicepieceError(f"{path}: unreadable ({exc}){purpose}") from None
    if not isinstance(record, dict) or not isinstance(record.get("turns"), list):
        raise VoicepieceError(f"{path}: not a session record{purpose}")
    return record


class SessionJson:
    """``audio``: whether the session has audio; ``mastering``: the settings it will be
    mastered with (:func:`~voicepiece.archive.finishing.settings_record`), or None."""

    def __init__(self, folder: Path, audio: bool = False,
                 mastering: dict[str, Any] | None = None) -> None:
        self.folder = private_dir(folder)
        self.path = folder / SESSION_JSON
        self.audio = audio
        self.mastering = mastering
        self.record: dict[str, Any] = {}

    def on_event(self, event: Event) -> None:
        if isinstance(event, SessionStarted):
            self.record = {"piece": event.piece, "title": event.title,
                           "voicepiece": __version__, "started": event.started,
                           "ended": None, "completed": False, "ending": None,
                           "path": [], "stages": [], "turns": [], "lines": [],
                           "audio": RECORDING if self.audio else None}
            if event.seed is not None:
                self.record["seed"] = event.seed
            if event.narrator is not None:
                self.record["narrator"] = event.narrator
            if self.audio and self.mastering is not None:
                self.record["mastering"] = self.mastering
            self._write()
        elif isinstance(event, NodeEntered):
            self.record["path"].append(event.node)
            if event.stage:
                self.record["stages"].append(
                    {"title": event.stage, "node": event.node, "start": _round(event.at),
                     "line": len(self.record["lines"])})
        elif isinstance(event, LineSpoken):
            self.record["lines"].append(
                {"id": event.line.id, "node": self.record["path"][-1], "text": event.text,
                 "at": _round(event.at), "duration": _round(event.duration),
                 "turn": len(self.record["turns"])})
            self._write(durable=False)  # a kill keeps every line said (repair: captions)
        elif isinstance(event, NarrationCut) and event.line and self.record["lines"]:
            line = self.record["lines"][-1]
            line["cut"] = True
            if line["at"] is not None and event.at is not None:
                line["duration"] = _round(max(0.0, event.at - line["at"]))
        elif isinstance(event, TurnTaken):
            if event.part is not None and self.record["turns"]:  # a turn resumed: whole now
                self.record["turns"].pop()
            self.record["turns"].append(event.turn.as_json())
            self._write()
        elif isinstance(event, SessionEnded):
            self._note_end(event)
            if self.audio:  # the whole mix is on disk now
                self.record["audio"] = MIXED if self.mastering is None else MASTERING
            self._write()

    def note_ending(self, event: SessionEnded) -> None:
        """How the session ended, written before anything else is finished (the audio
        still says ``recording``): a kill now cannot lose the ending."""
        self._note_end(event)
        self._write()

    def _note_end(self, event: SessionEnded) -> None:
        self.record.update(ended=event.ended, ending=event.ending, path=list(event.path),
                           turns=[t.as_json() for t in event.turns])

    def complete(self, event: SessionEnded) -> None:
        """Everything else is written: the audio is finished, and a session that reached
        its ending is complete."""
        if self.record.get("audio") == MASTERING:
            self.record["audio"] = MASTERED
        self.record["completed"] = event.completed
        self._write()

    def ending(self) -> Observer:
        """An observer that notes the ending (:meth:`note_ending`): the first a recorder
        runs."""
        return _AtEnd(self.note_ending)

    def completion(self) -> Observer:
        """An observer that completes the record (:meth:`complete`): the last a recorder
        runs."""
        return _AtEnd(self.complete)

    def _write(self, durable: bool = True) -> None:
        """Rewritten whole each time (atomically): readers never see a partial record."""
        atomic_write(self.path, (json.dumps(self.record, indent=2) + "\n").encode(), durable)


class _AtEnd:
    def __init__(self, action: Callable[[SessionEnded], None]) -> None:
        self.action = action

    def on_event(self, event: Event) -> None:
        if isinstance(event, SessionEnded):
            self.action(event)


def _round(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 3)

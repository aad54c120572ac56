"""The ``session.json`` observer: the session's record, on disk after every turn.

It rewrites the whole file atomically at each turn with ``completed: false`` and only
marks it complete at the end, so a crash or Ctrl-C leaves a truthful, readable record.
Besides the contract's fields it keeps the stages (chapters) and every line said, each
with its place among the turns, so captions and a transcript can be rebuilt from it alone
(``voicepiece sessions repair``).
"""

from __future__ import annotations

import json
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
    SessionEnded,
    SessionStarted,
    TurnTaken,
)

SESSION_JSON = "session.json"


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
    def __init__(self, folder: Path) -> None:
        self.folder = private_dir(folder)
        self.path = folder / SESSION_JSON
        self.record: dict[str, Any] = {}

    def on_event(self, event: Event) -> None:
        if isinstance(event, SessionStarted):
            self.record = {"piece": event.piece, "title": event.title,
                           "voicepiece": __version__, "started": event.started,
                           "ended": None, "completed": False, "ending": None,
                           "path": [], "stages": [], "turns": [], "lines": []}
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
        elif isinstance(event, NarrationCut) and event.line and self.record["lines"]:
            line = self.record["lines"][-1]
            line["cut"] = True
            if line["at"] is not None and event.at is not None:
                line["duration"] = _round(max(0.0, event.at - line["at"]))
        elif isinstance(event, TurnTaken):
            self.record["turns"].append(event.turn.as_json())
            self._write()
        elif isinstance(event, SessionEnded):
            self.record.update(ended=event.ended, ending=event.ending, path=list(event.path),
                               turns=[t.as_json() for t in event.turns])
            self._write()
            if event.completed:
                self.record["completed"] = True
                self._write()

    def _write(self) -> None:
        """Rewritten whole each time (atomically): readers never see a partial record."""
        atomic_write(self.path, (json.dumps(self.record, indent=2) + "\n").encode())


def _round(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 3)

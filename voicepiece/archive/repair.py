"""Finishing a session folder that a crash (or a full disk) left behind.

What was finished is on disk: ``session.json`` after every turn, the audio streamed into
``.session.wav.part``. Repair turns the part file into ``session.wav`` and rebuilds the
captions and transcript from the record, by replaying it as the events that first wrote
them. The session stays marked incomplete (it was): ``finalised`` records the repair.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from voicepiece.archive.captions import Captions, TranscriptText
from voicepiece.archive.mixdown import PART, SESSION_WAV, audio_seconds, finish_part
from voicepiece.archive.transcript import SESSION_JSON, read_record
from voicepiece.files import atomic_write
from voicepiece.session.events import (
    Event,
    LineSpoken,
    ListeningStarted,
    NarrationCut,
    NodeEntered,
    SessionEnded,
    SessionStarted,
    Turn,
    TurnTaken,
)
from voicepiece.session.loop import now_iso
from voicepiece.story.model import Line


@dataclass(frozen=True)
class Repaired:
    folder: Path
    turns: int
    seconds: float | None
    already_complete: bool = False


def repair(folder: Path) -> Repaired:
    record = read_record(folder, "; nothing to repair from")
    if record.get("completed"):
        seconds = audio_seconds(folder / SESSION_WAV) if (folder / SESSION_WAV).exists() else None
        return Repaired(folder, len(record["turns"]), seconds, already_complete=True)
    seconds = None
    if (folder / PART).exists():
        seconds = finish_part(folder / PART, folder / SESSION_WAV)
    elif (folder / SESSION_WAV).exists():
        seconds = audio_seconds(folder / SESSION_WAV)
    observers = [Captions(folder), TranscriptText(folder)]
    for event in replayed(record):
        for observer in observers:
            observer.on_event(event)
    record["finalised"] = now_iso()
    atomic_write(folder / SESSION_JSON, (json.dumps(record, indent=2) + "\n").encode())
    return Repaired(folder, len(record["turns"]), seconds)


def replayed(record: dict[str, Any]) -> Iterator[Event]:
    """The record as the events that wrote it, in their original order."""
    yield SessionStarted(record.get("piece", "?"), record.get("title", ""), record["started"])
    fields = set(Turn.__dataclass_fields__)
    turns = [Turn(**{k: v for k, v in t.items() if k in fields}) for t in record["turns"]]
    lines = record.get("lines", [])
    stages = {s["line"]: s for s in record.get("stages", [])}
    taken = 0
    for index, entry in enumerate([*lines, None]):
        upto = entry["turn"] if entry else len(turns)
        while taken < upto:
            turn = turns[taken]
            yield ListeningStarted(turn.node, turn.kind, turn.offered, turn.listen_start)
            yield TurnTaken(turn)
            taken += 1
        if index in stages:
            stage = stages[index]
            yield NodeEntered(stage["node"], stage["title"], stage["start"])
        if entry:
            line = Line(id=entry["id"], text=entry["text"])
            yield LineSpoken(line, entry["text"], entry["at"], entry["duration"])
            if entry.get("cut") and entry["at"] is not None and entry["duration"] is not None:
                yield NarrationCut(entry["at"] + entry["duration"], line)
    yield SessionEnded(False, None, record.get("ended") or now_iso(),
                       tuple(record.get("path", ())), tuple(turns))

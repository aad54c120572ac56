"""Finishing a session folder that a crash (or a full disk) left behind.

What was finished is on disk: ``session.json`` after every turn and, once the session
ended, with its ending, path and every line; the audio streamed into ``.session.wav.part``,
or the whole mix in ``.session.raw.wav`` when the kill came during mastering. Repair turns
the part file into ``session.wav``, or masters the whole mix with the settings the record
kept; rebuilds the captions and transcript from the record, by replaying it as the events
that first wrote them; and removes the writes in progress a kill left (partial masters,
mastering scratch, reply clips being written), which hold the visitor's voice.

A session cut short stays marked incomplete (it was). One that had reached its ending,
whose whole audio is now finished as it asked, is complete: everything its record says is
on disk. ``finalised`` records the repair either way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from voicepiece.archive.captions import Captions, TranscriptText
from voicepiece.archive.finishing import master_session, settings_from_record
from voicepiece.archive.mastering import Chapter
from voicepiece.archive.mixdown import PART, RAW, SESSION_WAV, audio_seconds, finish_part
from voicepiece.archive.transcript import (
    MASTERED,
    MASTERING,
    MIXED,
    PARTIAL,
    RECORDING,
    SESSION_JSON,
    read_record,
)
from voicepiece.errors import VoicepieceError
from voicepiece.files import atomic_write, remove_temporary
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
    completed: bool = False
    removed: int = 0
    """Writes in progress removed: partial masters, scratch folders, clips."""
    problem: str | None = None
    """Why the audio could not be mastered (it is kept unmastered), if it could not."""


def repair(folder: Path) -> Repaired:
    record = read_record(folder, "; nothing to repair from")
    removed = len(remove_temporary(folder))
    wav = folder / SESSION_WAV
    if record.get("completed") and not (folder / RAW).exists():
        seconds = audio_seconds(wav) if wav.exists() else None
        return Repaired(folder, len(record["turns"]), seconds, already_complete=True,
                        removed=removed)
    problem = None
    if (folder / PART).exists():
        finish_part(folder / PART, wav)
        record["audio"] = PARTIAL
    elif (folder / RAW).exists():
        problem = _master(folder, record)
    elif wav.exists() and record.get("audio") in (RECORDING, MASTERING):
        # the kill came after the mix (or its masters) were written, before the record
        record["audio"] = MIXED if record["audio"] == RECORDING else MASTERED
    seconds = audio_seconds(wav) if wav.exists() else None
    observers = [Captions(folder), TranscriptText(folder)]
    for event in replayed(_heard(record, seconds)):
        for observer in observers:
            observer.on_event(event)
    record["completed"] = _finished(record)
    record["finalised"] = now_iso()
    atomic_write(folder / SESSION_JSON, (json.dumps(record, indent=2) + "\n").encode())
    return Repaired(folder, len(record["turns"]), seconds, completed=record["completed"],
                    removed=removed, problem=problem)


def _master(folder: Path, record: dict[str, Any]) -> str | None:
    """Master the whole raw mix a kill left as the record asked; if that cannot be done
    (ffmpeg missing, the bed gone), keep it unmastered as ``session.wav`` and say why."""
    settings, formats = settings_from_record(record.get("mastering") or {})
    chapters = [Chapter(s["title"], s["start"]) for s in record.get("stages", [])
                if s.get("start") is not None]
    try:
        master_session(folder, settings, formats, chapters, record.get("title"))
    except VoicepieceError as exc:
        (folder / RAW).replace(folder / SESSION_WAV)
        record["audio"] = MIXED
        return str(exc)
    record["audio"] = MASTERED
    return None


def _finished(record: dict[str, Any]) -> bool:
    """Complete: the story reached its ending and its whole audio is finished as asked
    (mastered, or mixed when no mastering was asked for; text mode has none)."""
    if record.get("ending") is None or record.get("ended") is None:
        return False
    audio = record.get("audio", PARTIAL)
    return audio is None or audio == MASTERED or (audio == MIXED and not record.get("mastering"))


def _heard(record: dict[str, Any], seconds: float | None) -> dict[str, Any]:
    """The record with only the lines its audio holds: the latest line said is recorded
    before its sound reaches the disk (the mix holds it back for a listener who may speak
    over it), so after a kill the captions must stop where the audio does."""
    if seconds is None:
        return record
    lines = []
    for line in record.get("lines", []):
        at, duration = line.get("at"), line.get("duration")
        if at is not None and at >= seconds:
            continue
        if at is not None and duration is not None and at + duration > seconds:
            line = {**line, "duration": round(seconds - at, 3)}
        lines.append(line)
    return {**record, "lines": lines}


def replayed(record: dict[str, Any]) -> Iterator[Event]:
    """The record as the events that wrote it, in their original order."""
    yield SessionStarted(record.get("piece", "?"), record.get("title", ""), record["started"],
                         record.get("seed"))
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
    ending = record.get("ending") if record.get("ended") else None
    yield SessionEnded(ending is not None, ending, record.get("ended") or now_iso(),
                       tuple(record.get("path", ())), tuple(turns))

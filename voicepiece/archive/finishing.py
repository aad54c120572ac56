"""The observer that turns a session's raw mix into finished audio when the session ends:
loudness to target, fades, an ambient bed, chapters per stage, and the other formats
asked for.

It runs after the whole raw mix is on disk as ``.session.raw.wav`` and after
``session.json`` has recorded how the session ended, so a kill while mastering (the slow
part) loses nothing: the record is whole, the raw mix is whole, and ``voicepiece sessions
repair`` masters it with the settings the record keeps (:func:`settings_record`).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from voicepiece.archive.mastering import Chapter, Mastered, MasterSettings, master
from voicepiece.archive.mixdown import RAW, SESSION_WAV
from voicepiece.session.events import Event, NodeEntered, SessionEnded

log = logging.getLogger(__name__)


def settings_record(settings: MasterSettings, formats: Sequence[str]) -> dict[str, Any]:
    """The mastering a session asked for, as ``session.json`` keeps it for repair."""
    fields = dataclasses.asdict(settings)
    fields["bed"] = None if settings.bed is None else str(settings.bed)
    return {**fields, "formats": list(formats)}


def settings_from_record(kept: dict[str, Any]) -> tuple[MasterSettings, list[str]]:
    """The mastering settings and formats :func:`settings_record` kept (unknown keys, from
    another version, are ignored)."""
    names = {f.name for f in dataclasses.fields(MasterSettings)}
    fields = {k: v for k, v in kept.items() if k in names}
    if fields.get("bed") is not None:
        fields["bed"] = Path(fields["bed"])
    return MasterSettings(**fields), [str(f) for f in kept.get("formats", ["wav"])]


def master_session(folder: Path, settings: MasterSettings, formats: Sequence[str],
                   chapters: Sequence[Chapter], title: str | None) -> list[Mastered]:
    """Master ``.session.raw.wav`` into every format asked for: the others first, then
    ``session.wav``; the raw mix is removed only once all are written."""
    raw = folder / RAW
    results = []
    wanted = list(dict.fromkeys(["wav", *formats]))
    for fmt in [f for f in wanted if f != "wav"] + ["wav"]:
        out = folder / SESSION_WAV if fmt == "wav" else (folder / SESSION_WAV).with_suffix(
            f".{fmt}")
        done = master(raw, out, fmt, chapters, settings, title)
        for warning in done.warnings:
            log.info("mastering %s: %s", out.name, warning)
        results.append(done)
    raw.unlink()
    return results


class AudioFinisher:
    """Masters the raw mix into every format asked for when the session ends, with a
    chapter per stage."""

    def __init__(self, folder: Path, settings: MasterSettings, formats: Sequence[str] = ("wav",),
                 title: str | None = None) -> None:
        self.folder = folder
        self.settings = settings
        self.formats = list(dict.fromkeys(["wav", *formats]))
        self.title = title
        self.chapters: list[Chapter] = []
        self.results: list[Mastered] = []

    def on_event(self, event: Event) -> None:
        if isinstance(event, NodeEntered) and event.stage and event.at is not None:
            self.chapters.append(Chapter(event.stage, event.at))
        elif isinstance(event, SessionEnded) and (self.folder / RAW).exists():
            self.results = master_session(self.folder, self.settings, self.formats,
                                          self.chapters, self.title)

"""The observer that turns a session's raw mix into finished audio when the session ends:
loudness to target, fades, an ambient bed, chapters per stage, and the other formats
asked for. It runs after the mix is on disk and before session.json says complete."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from voicepiece.archive.mastering import Chapter, MasterSettings, master
from voicepiece.archive.mixdown import SESSION_WAV
from voicepiece.session.events import Event, NodeEntered, SessionEnded

log = logging.getLogger(__name__)


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
        self.results: list = []

    def on_event(self, event: Event) -> None:
        if isinstance(event, NodeEntered) and event.stage and event.at is not None:
            self.chapters.append(Chapter(event.stage, event.at))
        elif isinstance(event, SessionEnded):
            raw = self.folder / SESSION_WAV
            if not raw.exists():
                return
            # the other formats first, each from the raw mix, then the mix itself
            for fmt in [f for f in self.formats if f != "wav"] + ["wav"]:
                out = raw if fmt == "wav" else raw.with_suffix(f".{fmt}")
                done = master(raw, out, fmt, self.chapters, self.settings, self.title)
                for warning in done.warnings:
                    log.info("mastering %s: %s", out.name, warning)
                self.results.append(done)

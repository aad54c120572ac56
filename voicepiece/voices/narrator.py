"""Where each line's audio comes from: a human recording made for that line ID, else the
render cache, else the synthesizer on demand (lines with the listener's words)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from voicepiece.story.model import Line, Piece, VoiceSettings
from voicepiece.voices.cache import RenderCache, trim_lead

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from pydub import AudioSegment

    from voicepiece.voices.voiceover import VoiceOver


@dataclass(frozen=True)
class Prepared:
    lines: int
    rendered: int
    cached: int
    recorded: int
    templates: int
    seconds: float


class Narrator:
    def __init__(self, piece: Piece, cache: RenderCache, voiceover: VoiceOver | None = None,
                 settings: VoiceSettings | None = None) -> None:
        self.piece = piece
        self.cache = cache
        self.voiceover = voiceover
        self.settings = settings or piece.voice
        self._recorded: dict[str, AudioSegment | None] = {}

    def audio(self, line: Line, text: str) -> AudioSegment:
        if self.voiceover is not None and text == line.text:
            if line.id not in self._recorded:  # decoded (maybe by ffmpeg) once, not per play
                found = self.voiceover.audio(line)
                self._recorded[line.id] = None if found is None else trim_lead(found)
            recorded = self._recorded[line.id]
            if recorded is not None:
                return recorded
        return self.cache.render(text, self.settings, keep=not line.is_template)

    def prepare(self, progress: Callable[[int, int, Line], None] | None = None) -> Prepared:
        """Render every line that can be rendered ahead; lines with placeholders cannot."""
        lines = list({line.id: line for line in self.piece.lines()}.values())
        counts = {"rendered": 0, "cached": 0, "recorded": 0, "templates": 0}
        began = time.perf_counter()
        for i, line in enumerate(lines, 1):
            if progress:
                progress(i, len(lines), line)
            if line.is_template:
                counts["templates"] += 1
            elif self.voiceover is not None and self.voiceover.plays(line):
                counts["recorded"] += 1
            elif self.cache.cached(line.text, self.settings) is not None:
                counts["cached"] += 1
            else:
                self.cache.render(line.text, self.settings)
                counts["rendered"] += 1
        return Prepared(len(lines), seconds=time.perf_counter() - began, **counts)


def prefetch(narrator: Narrator) -> threading.Thread:
    """Render the piece's lines in the background while a session plays, so a live
    session never waits for a line that could have been prepared. A failure here is only
    logged: the session synthesizes that line itself and reports it there."""

    def work() -> None:
        try:
            narrator.prepare()
        except Exception as exc:  # the session's own render of the line reports it
            log.warning("preparing lines in the background stopped: %s", exc)

    thread = threading.Thread(target=work, name="voicepiece-prefetch", daemon=True)
    thread.start()
    return thread

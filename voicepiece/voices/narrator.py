"""Where each line's audio comes from: a human recording made for that line ID, else the
render cache, else the synthesizer on demand (lines with the listener's words). A
synthesized line is spoken sentence by sentence with the piece's pauses between
(:mod:`voicepiece.voices.sentences`), each sentence cached on its own."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from voicepiece.story.model import Line, Piece, VoiceSettings
from voicepiece.voices.cache import RenderCache, trim_lead
from voicepiece.voices.sentences import parts, spoken

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
        fixed = self._fixed_parts(line)
        return spoken(text, self.piece.pauses, lambda part: self.cache.render(
            part, self.settings, keep=part in fixed))

    def _fixed_parts(self, line: Line) -> set[str]:
        """The parts of ``line`` that are the same for every listener, which may be kept:
        all of a plain line, the parts of a template without a placeholder (those hold
        no listener's words)."""
        pieces = [part for part, _ in parts(line.text, self.piece.pauses)]
        if not line.is_template:
            return set(pieces)
        return {part for part in pieces if not Line(line.id, part).is_template}

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
                self._prepare_parts(line)  # the words around the listener's
            elif self.voiceover is not None and self.voiceover.plays(line):
                counts["recorded"] += 1
            elif self._prepare_parts(line):
                counts["rendered"] += 1
            else:
                counts["cached"] += 1
        return Prepared(len(lines), seconds=time.perf_counter() - began, **counts)

    def _prepare_parts(self, line: Line) -> bool:
        """Render the fixed parts of ``line`` not cached yet; whether there were any."""
        missing = [part for part in self._fixed_parts(line)
                   if self.cache.cached(part, self.settings) is None]
        for part in missing:
            self.cache.render(part, self.settings)
        return bool(missing)


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

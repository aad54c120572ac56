"""Where each line's audio comes from: a human recording made for that line ID, else the
render cache, else the synthesizer on demand (lines with the listener's words). A
synthesized line is spoken sentence by sentence with the piece's pauses between
(:mod:`voicepiece.voices.sentences`), each sentence cached on its own."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from voicepiece.story.mirrors import likely_fills
from voicepiece.story.model import Line, Piece, VoiceSettings
from voicepiece.story.wording import normalize
from voicepiece.voices.cache import RenderCache, trim_lead
from voicepiece.voices.sentences import parts, spoken

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from pydub import AudioSegment

    from voicepiece.voices.voiceover import VoiceOver


EMBEDDED_PER_LINE = 12
"""The most mirrors prepared for a line whose listener's words share a sentence with its
own ("{heard}, you say."), likeliest first: each is a render of its own, where words that
make a sentence alone ("{heard}. So do I.") are rendered once for every line."""


@dataclass(frozen=True)
class Prepared:
    lines: int
    rendered: int
    cached: int
    recorded: int
    templates: int
    mirrors: int
    """Likely mirrors of the template lines (their parts with the listener's words)."""
    new_mirrors: int
    """Of those, how many were rendered now."""
    seconds: float


class Narrator:
    def __init__(self, piece: Piece, cache: RenderCache, voiceover: VoiceOver | None = None,
                 settings: VoiceSettings | None = None) -> None:
        self.piece = piece
        self.cache = cache
        self.voiceover = voiceover
        self.settings = settings or piece.voice
        self._recorded: dict[str, AudioSegment | None] = {}
        self._likely: dict[str, str] | None = None
        self._lock = threading.Lock()

    def audio(self, line: Line, text: str) -> AudioSegment:
        if self.voiceover is not None and text == line.text:
            if line.id not in self._recorded:  # decoded (maybe by ffmpeg) once, not per play
                found = self.voiceover.audio(line)
                self._recorded[line.id] = None if found is None else trim_lead(found)
            recorded = self._recorded[line.id]
            if recorded is not None:
                return recorded
        fixed = self._fixed_parts(line)
        return spoken(text, self.piece.pauses, lambda part: self._part(part, part in fixed))

    def _part(self, part: str, fixed: bool) -> AudioSegment:
        """A fixed part from the cache (rendered and kept if missing); a part with the
        listener's words from the cache when they are a prepared mirror, else synthesized
        now and never kept: the cache holds no visitor's words."""
        if not fixed:
            prepared = self.mirrors().get(normalize(part))
            audio = self.cache.cached(prepared, self.settings) if prepared else None
            if audio is not None:
                return audio
        return self.cache.render(part, self.settings, keep=fixed)

    def is_prepared(self, line: Line, text: str) -> bool:
        """Whether ``text`` — ``line`` with the listener's words — is spoken from prepared
        parts only."""
        fixed = self._fixed_parts(line)
        return all(part in fixed or normalize(part) in self.mirrors()
                   for part, _ in parts(text, self.piece.pauses))

    def mirrors(self) -> dict[str, str]:
        """The parts of the piece's likely mirrors (:mod:`voicepiece.story.mirrors`) that
        hold the listener's words, by their words as compared (``normalize``), each as the
        text it is rendered from: "Yes, you do." finds the prepared "Yes you do."."""
        with self._lock:
            if self._likely is None:
                likely: dict[str, str] = {}
                embedded: Counter[str] = Counter()
                for f in likely_fills(self.piece):
                    fixed = self._fixed_parts(f.line)
                    alone = {normalize(w) for w in f.words}
                    for part, _ in parts(f.text, self.piece.pauses):
                        key = normalize(part)
                        if part in fixed or key in likely:
                            continue
                        if key not in alone:  # words inside a sentence of the line's own
                            embedded[f.line.id] += 1
                            if embedded[f.line.id] > EMBEDDED_PER_LINE:
                                continue
                        likely[key] = part
                self._likely = likely
            return self._likely

    def _fixed_parts(self, line: Line) -> set[str]:
        """The parts of ``line`` that are the same for every listener, which may be kept:
        all of a plain line, the parts of a template without a placeholder (those hold
        no listener's words)."""
        pieces = [part for part, _ in parts(line.text, self.piece.pauses)]
        if not line.is_template:
            return set(pieces)
        return {part for part in pieces if not Line(line.id, part).is_template}

    def prepare(self, progress: Callable[[int, int, Line], None] | None = None) -> Prepared:
        """Render every line that can be rendered ahead, then the likely mirrors of the
        lines with placeholders: every fixed line first, so that a session starting
        meanwhile finds its narration before it needs it."""
        lines = list({line.id: line for line in self.piece.lines()}.values())
        mirrors = [part for part in self.mirrors().values()
                   if self.cache.cached(part, self.settings) is None]
        total = len(lines) + len(mirrors)
        counts = {"rendered": 0, "cached": 0, "recorded": 0, "templates": 0}
        began = time.perf_counter()
        for i, line in enumerate(lines, 1):
            if progress:
                progress(i, total, line)
            if line.is_template:
                counts["templates"] += 1
                self._prepare_parts(line)  # the words around the listener's
            elif self.voiceover is not None and self.voiceover.plays(line):
                counts["recorded"] += 1
            elif self._prepare_parts(line):
                counts["rendered"] += 1
            else:
                counts["cached"] += 1
        for i, part in enumerate(mirrors, len(lines) + 1):
            if progress:
                progress(i, total, Line("mirror", part))
            self.cache.render(part, self.settings)
        return Prepared(len(lines), mirrors=len(self.mirrors()), new_mirrors=len(mirrors),
                        seconds=time.perf_counter() - began, **counts)

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

"""Where each line's audio comes from: a human recording made for that line ID, else the
render cache, else the synthesizer on demand (lines with the listener's words). A
synthesized line is spoken sentence by sentence with the piece's pauses between
(:mod:`voicepiece.voices.sentences`), each sentence cached on its own.

The listener's words that no prepared mirror holds can be *anticipated*: synthesized in
the background as soon as a transcript is known, before the turn is decided and the line
asked for (:meth:`Narrator.anticipate`), each part once the ear decodes nothing
(session/ear_first.py). Those renders stay in memory only — a visitor's words never reach
the disk — and are dropped when the next words arrive, or the listener has gone.
"""

from __future__ import annotations

import logging
import statistics
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import TYPE_CHECKING

from voicepiece.session.ear_first import EAR_FIRST
from voicepiece.story.mirrors import likely_fills
from voicepiece.story.model import Line, Piece, VoiceSettings
from voicepiece.story.wording import normalize
from voicepiece.voices.cache import RenderCache, trim_lead
from voicepiece.voices.sentences import parts, spoken, trim_tail

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from pydub import AudioSegment

    from voicepiece.voices.voiceover import VoiceOver


EMBEDDED_PER_LINE = 12
"""The most mirrors prepared for a line whose listener's words share a sentence with its
own ("{heard}, you say."), likeliest first: each is a render of its own, where words that
make a sentence alone ("{heard}. So do I.") are rendered once for every line."""
BACKCHANNEL_GRACE = 0.12
"""Seconds a line with the listener's words may still take before the backchannel is
said instead of silence, where the narrator cannot yet tell how long its words take: a
fast engine (espeak, Piper) is done by then and says none."""
BACKCHANNEL_WAIT = 0.3
"""The longest the listener is left in silence for their own words when the narrator
expects them ready by then (:meth:`Narrator.backchannel`): under the 350 ms issue 14 allows
before a reply's first sound, with room for the sound server. Later ones get it at once."""
TIMED = 8
"""How many recent syntheses of the listener's words the expected time of the next is
taken from (their median): short phrases cost Kokoro about the same, most of it the quiet
it generates around any line, and the median follows the machine's load."""
ANTICIPATED = 3
"""The most parts synthesized ahead for one set of words: the lines that may respond mostly
share the sentence that holds them ("{heard}. …"); more would compete with the ear."""


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
        self._ahead: dict[str, Future[AudioSegment]] = {}
        """Parts with the listener's words being synthesized ahead, by their exact text."""
        self._asked: dict[str, threading.Event] = {}  # set: the part waits for no ear
        self._worker: ThreadPoolExecutor | None = None
        self._took: deque[float] = deque(maxlen=TIMED)
        """Seconds the last syntheses of the listener's words took."""
        self._running: tuple[str, float] | None = None
        """The listener's words being synthesized now, and since when (perf_counter)."""

    def audio(self, line: Line, text: str) -> AudioSegment:
        if self.voiceover is not None and text == line.text:
            if line.id not in self._recorded:  # decoded (maybe by ffmpeg) once, not per play
                found = self.voiceover.audio(line)
                self._recorded[line.id] = None if found is None else trim_lead(found)
            recorded = self._recorded[line.id]
            if recorded is not None:
                return recorded
        fixed = self.fixed_parts(line)
        return spoken(text, self.piece.pauses, lambda part: self._part(part, part in fixed),
                      trailing_off=line.is_template)

    def parts_of(self, line: Line, text: str) -> list[tuple[str, float]]:
        """The parts ``text`` — ``line`` as said — is spoken in (sentences.parts): in a
        line with the listener's words, an ellipsis after them ends a part too."""
        return parts(text, self.piece.pauses, trailing_off=line.is_template)

    def _part(self, part: str, fixed: bool) -> AudioSegment:
        """A fixed part from the cache (rendered and kept if missing); a part with the
        listener's words from the cache when they are a prepared mirror, else synthesized
        now and never kept: the cache holds no visitor's words."""
        if not fixed:
            prepared = self.mirrors().get(normalize(part))
            audio = self.cache.cached(prepared, self.settings) if prepared else None
            if audio is not None:
                return audio
            with self._lock:
                ahead, asked = self._ahead.get(part), self._asked.get(part)
            if asked is not None:
                EAR_FIRST.ask(asked)  # the line is said now: the part waits no longer
            if ahead is not None and not ahead.cancelled():
                try:
                    return ahead.result()
                except Exception as exc:  # rendered again below, where it is reported
                    log.info("an anticipated part failed: %s", exc)
            return self._words(part)
        return self.cache.render(part, self.settings, keep=True)

    def _words_ahead(self, part: str, asked: threading.Event) -> AudioSegment:
        """A part synthesized ahead, once the ear decodes nothing; never if dropped first."""
        EAR_FIRST.wait(asked)
        with self._lock:
            if self._asked.get(part) is not asked:
                raise LookupError("dropped before it was begun")  # read by no line
        return self._words(part)

    def _words(self, part: str) -> AudioSegment:
        """Synthesize a part with the listener's words (never kept), timed."""
        began = time.perf_counter()
        with self._lock:
            self._running = (part, began)
        try:
            return self.cache.render(part, self.settings, keep=False)
        finally:
            with self._lock:
                self._took.append(time.perf_counter() - began)
                if self._running == (part, began):
                    self._running = None

    def expected(self, line: Line, text: str) -> float | None:
        """Seconds until ``text`` is likely ready, from how long the listener's words took
        of late and what is under way; None before any was timed."""
        with self._lock:
            if not self._took:
                return None
            typical = statistics.median(self._took)
            done = self._done_ahead()
            running = self._running
        now = time.perf_counter()
        left = 0.0 if running is None else max(0.0, typical - (now - running[1]))
        fixed = self.fixed_parts(line)
        for part, _ in self.parts_of(line, text):
            if (part in fixed or part in done or normalize(part) in self.mirrors()
                    or (running is not None and part == running[0])):
                continue
            left += typical
        return left

    def anticipate(self, texts: Iterable[tuple[Line, str]], now: bool = False) -> list[str]:
        """Start synthesizing, in the background, the parts of ``texts`` — lines as they
        would be said with the listener's words just transcribed — that are neither fixed
        nor a prepared mirror, so that the line, when asked for, finds them ready or under
        way. Kept in memory only, never in the cache; what was anticipated before is
        dropped (an empty ``texts`` just drops it). The parts started, in order. Each
        waits for the ear to decode nothing first (session/ear_first.py), unless ``now``."""
        wanted: list[str] = []
        for line, text in texts:
            fixed = self.fixed_parts(line)
            for part, _ in self.parts_of(line, text):
                if (part not in fixed and part not in wanted
                        and normalize(part) not in self.mirrors()):
                    wanted.append(part)
        wanted = wanted[:ANTICIPATED]
        with self._lock:
            kept = {p: f for p, f in self._ahead.items() if p in wanted}
            for part, future in self._ahead.items():
                if part not in kept:
                    future.cancel()  # not begun, or held: never runs; running: let finish
                    EAR_FIRST.ask(self._asked.pop(part))  # one held wakes, to end at once
            if wanted and self._worker is None:
                self._worker = ThreadPoolExecutor(1, thread_name_prefix="voicepiece-ahead")
            for part in wanted:
                if part not in kept:
                    assert self._worker is not None
                    self._asked[part] = threading.Event()
                    kept[part] = self._worker.submit(self._words_ahead, part, self._asked[part])
                if now:  # wanted now (the turn is decided): no waiting for the ear
                    EAR_FIRST.ask(self._asked[part])
            self._ahead = kept
        return wanted

    def settle(self, timeout: float | None = None) -> None:
        """Wait until no listener's words are being synthesized ahead (what was dropped
        but had begun is let finish): for a benchmark, so one turn's leftover work does
        not slow the next, and for :meth:`forget`."""
        with self._lock:
            worker = self._worker
        if worker is not None:
            worker.submit(lambda: None).result(timeout)

    def forget(self, within: float | None = None) -> bool:
        """The listener has gone: drop every anticipation of their words — those not begun
        never run — and wait up to ``within`` seconds (None: as long as it takes) for the
        one under way, so that nothing of theirs is synthesized or held once the visit is
        over. Whether none is still running."""
        self.anticipate(())
        try:
            self.settle(within)
        except FutureTimeout:
            return False
        return True

    def backchannel(self, line: Line, text: str) -> AudioSegment | None:
        """The piece's backchannel ("Hmm."), to say while ``text`` is synthesized, when
        the listener would otherwise wait for it: ``text`` is then started in the
        background. None when ``text`` is ready, or the piece has no backchannel ready.

        Words expected within :data:`BACKCHANNEL_WAIT` (:meth:`expected`) are waited for:
        "Hmm." would hold them back for its whole length. Words expected later get it at
        once; before anything was timed, after :data:`BACKCHANNEL_GRACE`."""
        said = self.piece.backchannel
        if said is None or self.is_ready(line, text) or not self.is_ready(said, said.text):
            return None
        started = self.anticipate([(line, text)], now=True)
        with self._lock:
            under_way = [self._ahead[part] for part in started if part in self._ahead]
        eta = self.expected(line, text)
        patience = (BACKCHANNEL_GRACE if eta is None else
                    min(BACKCHANNEL_WAIT, eta + BACKCHANNEL_GRACE) if eta <= BACKCHANNEL_WAIT
                    else 0.0)
        wait(under_way, timeout=patience)
        if self.is_ready(line, text):
            return None
        # The words follow as soon as they are ready: the quiet the engine leaves after
        # "Hmm." (~0.15-0.25 s with Kokoro) would only hold them back.
        return trim_tail(self.audio(said, said.text))

    def _done_ahead(self) -> set[str]:
        """The parts synthesized ahead and ready (the lock held)."""
        return {p for p, f in self._ahead.items() if f.done() and not f.cancelled()}

    def is_ready(self, line: Line, text: str) -> bool:
        """Whether ``text`` can be spoken without waiting for the synthesizer: recorded,
        prepared, or its listener's words already synthesized ahead."""
        if self.voiceover is not None and text == line.text and self.voiceover.plays(line):
            return True
        fixed = self.fixed_parts(line)
        with self._lock:
            done = self._done_ahead()
        for part, _ in self.parts_of(line, text):
            source = part if part in fixed else self.mirrors().get(normalize(part))
            if part not in done and (source is None or
                                     not self.cache.path(source, self.settings).is_file()):
                return False
        return True

    def is_prepared(self, line: Line, text: str) -> bool:
        """Whether ``text`` — ``line`` with the listener's words — is spoken from prepared
        parts only."""
        fixed = self.fixed_parts(line)
        return all(part in fixed or normalize(part) in self.mirrors()
                   for part, _ in self.parts_of(line, text))

    def mirrors(self) -> dict[str, str]:
        """The parts of the piece's likely mirrors (:mod:`voicepiece.story.mirrors`) that
        hold the listener's words, by their words as compared (``normalize``), each as the
        text it is rendered from: "Yes, you do." finds the prepared "Yes you do."."""
        with self._lock:
            if self._likely is None:
                likely: dict[str, str] = {}
                embedded: Counter[str] = Counter()
                for f in likely_fills(self.piece):
                    fixed = self.fixed_parts(f.line)
                    alone = {normalize(w) for w in f.words}
                    for part, _ in self.parts_of(f.line, f.text):
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

    def fixed_parts(self, line: Line) -> set[str]:
        """The parts of ``line`` that are the same for every listener, which may be kept:
        all of a plain line, the parts of a template without a placeholder (those hold
        no listener's words)."""
        pieces = [part for part, _ in self.parts_of(line, line.text)]
        if not line.is_template:
            return set(pieces)
        return {part for part in pieces if not Line(line.id, part).is_template}

    def prepare(self, progress: Callable[[int, int, Line], None] | None = None,
                stop: threading.Event | None = None) -> Prepared:
        """Render every line that can be rendered ahead, then the likely mirrors of the
        lines with placeholders: every fixed line first, so that a session starting
        meanwhile finds its narration before it needs it. ``stop`` set: end after the
        line in hand (what is rendered stays cached)."""
        said = [self.piece.backchannel] if self.piece.backchannel else []
        lines = list({line.id: line for line in [*said, *self.piece.lines()]}.values())
        mirrors = [part for part in self.mirrors().values()
                   if self.cache.cached(part, self.settings) is None]
        total = len(lines) + len(mirrors)
        counts = {"rendered": 0, "cached": 0, "recorded": 0, "templates": 0}
        began = time.perf_counter()
        for i, line in enumerate(lines, 1):
            if stop is not None and stop.is_set():
                break
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
            if stop is not None and stop.is_set():
                break
            if progress:
                progress(i, total, Line("mirror", part))
            self.cache.render(part, self.settings)
        return Prepared(len(lines), mirrors=len(self.mirrors()), new_mirrors=len(mirrors),
                        seconds=time.perf_counter() - began, **counts)

    def _prepare_parts(self, line: Line) -> bool:
        """Render the fixed parts of ``line`` not cached yet; whether there were any."""
        missing = [part for part in self.fixed_parts(line)
                   if self.cache.cached(part, self.settings) is None]
        for part in missing:
            self.cache.render(part, self.settings)
        return bool(missing)


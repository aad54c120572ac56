"""Where a slow reply's time went, turn by turn: the listening bench's work on a clock.

``Timeline.install(bench)`` wraps, on the bench's own objects (no product code changes),
the ear's pause checks, Whisper's decodes, the grammar's analysis during a wait, the
decision, and the narrator's syntheses of the listener's words (the anticipated ones from
the moment they were handed over, their hold for the ear included), writing each as a span
of wall time. ``line(speech_end)`` prints a turn's spans in ms from the end of its speech,
with the CPU seconds the process got meanwhile — on a shared machine a reply is slow
either because our own work queued behind itself or because the process was not given
the cores: the two read differently here.

Works on any tree since the thirteenth pass (a before-run takes this file beside its own
scripts): what a tree lacks (the hold of ``session/ear_first.py``) is simply not shown.
"""

from __future__ import annotations

import functools
import threading
import time
from typing import Any

KINDS = {"check": "check", "whisper": "whisper", "grammar": "grammar", "decide": "decide",
         "words": "synth", "ahead": "ahead"}
SLOW_REPLY = 1.5
"""A turn whose reply came later than this after its speech gets its timeline printed."""


class Timeline:
    """Spans of work (kind, start, end) in wall time, for the turn under way."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.spans: list[tuple[str, float, float]] = []
        self.cpu_at_start = time.process_time()
        self.began = time.perf_counter()

    def reset(self) -> None:
        with self._lock:
            self.spans = []
        self.cpu_at_start = time.process_time()
        self.began = time.perf_counter()

    def _wrap(self, owner: Any, name: str, kind: str) -> None:
        work = getattr(owner, name, None)
        if work is None:
            return

        @functools.wraps(work)
        def timed(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return work(*args, **kwargs)
            finally:
                with self._lock:
                    self.spans.append((kind, began, time.perf_counter()))

        setattr(owner, name, timed)

    def install(self, bench: Any) -> None:
        """Wrap the bench's ear, recognizer and narrator (instances only)."""
        from voicepiece.listening.turns import grammar_of

        self._wrap(bench.judge, "verdict", "check")
        self._wrap(bench.recognizer, "recognize", "decide")
        whisper = getattr(bench.recognizer, "whisper", None)
        if whisper is not None:
            self._wrap(whisper, "transcribe", "whisper")
        grammar = grammar_of(bench.recognizer)
        if grammar is not bench.recognizer:
            self._wrap(grammar, "is_complete", "grammar")  # in checks, and during a wait
        self._wrap(bench.narrator, "_words", "words")
        self._wrap(bench.narrator, "_words_ahead", "ahead")

    def line(self, speech_end: float) -> str:
        """This turn's spans, in ms from the end of speech, in order of their start, and
        the process's CPU seconds over the turn's wall seconds."""
        with self._lock:
            spans = sorted(self.spans, key=lambda s: s[1])
        wall = time.perf_counter() - self.began
        cpu = time.process_time() - self.cpu_at_start
        parts = [f"{KINDS[k]} {1000 * (a - speech_end):.0f}-{1000 * (b - speech_end):.0f}"
                 for k, a, b in spans]
        return f"cpu {cpu:.1f} s in {wall:.1f} s; " + ", ".join(parts)

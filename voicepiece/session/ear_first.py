"""The ear goes first: work that only saves time later waits while the ear decodes a turn.

On two cores the narrator's anticipated synthesis of the listener's words
(:meth:`~voicepiece.voices.narrator.Narrator.anticipate`: Kokoro, two onnxruntime threads)
began the moment Whisper's words of a pause were known, and then ran beside the decodes
that decide the turn — the grammar's decision at the turn's end, a later pause's check,
Whisper's next transcript. Under load those decodes took a second longer: the slowest
replies of ``scripts/bench listening`` ended their turn at 0.7-1.2 s and the ear returned at
1.7-2.3 s, and most of them were then a reprompt that did not use the anticipated words
(docs/listening-measurements.md, "The ear first, fourteenth pass").

So the ear marks its decodes (:meth:`EarFirst.decoding`), and an anticipated synthesis
waits to begin each part until none is under way (:meth:`EarFirst.wait`) — or until the
line that wants the part is asked for, or :data:`LONGEST_HOLD` has passed. A synthesis
already begun is not stopped (onnxruntime cannot pause a run); it is held between parts.
One gate per process: a session or a gallery station has one ear.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import time
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

LONGEST_HOLD = 3.0
"""Seconds an anticipated part waits at most for the ear: a bound, so a machine too busy
to ever be quiet still synthesizes ahead. An answer's check, Whisper's decode of it and the
decision take 0.1-1.5 s together under the load measured."""

P = ParamSpec("P")
R = TypeVar("R")


class EarFirst:
    """Counts the ear's decodes under way; lets deferrable work wait for none."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._decoding = 0
        self.held = 0.0
        """Seconds anticipated work has waited here in all (for benchmarks)."""

    def _mark(self, by: int) -> None:
        with self._changed:
            self._decoding += by
            self._changed.notify_all()

    @contextlib.contextmanager
    def decoding(self) -> Iterator[None]:
        """Mark a decode of the ear's (a check, Whisper, the decision) for its duration."""
        self._mark(1)
        try:
            yield
        finally:
            self._mark(-1)

    def behind(self) -> Behind:
        """A mark for an ear's loop that is behind its real-time audio (see :class:`Behind`)."""
        return Behind(self)

    def marked(self, work: Callable[P, R]) -> Callable[P, R]:
        """``work`` that counts as a decode of the ear's whenever it runs (Whisper's, in
        its own thread)."""
        @functools.wraps(work)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            with self.decoding():
                return work(*args, **kwargs)
        return run

    @property
    def busy(self) -> bool:
        """Whether a decode of the ear's is under way now."""
        with self._changed:
            return self._decoding > 0

    def wait(self, asked: threading.Event, longest: float | None = None) -> bool:
        """Wait until the ear decodes nothing, ``asked`` is set (:meth:`ask`: the work is
        wanted now) or ``longest`` seconds (default :data:`LONGEST_HOLD`) have passed.
        Whether the ear was quiet or the work asked for (False: the bound ended it)."""
        began = time.perf_counter()
        with self._changed:
            quiet = self._changed.wait_for(
                lambda: self._decoding == 0 or asked.is_set(),
                timeout=LONGEST_HOLD if longest is None else longest)
            self.held += time.perf_counter() - began
        return quiet

    def ask(self, asked: threading.Event) -> None:
        """The work ``asked`` stands for is wanted now: it waits for the ear no longer."""
        with self._changed:
            asked.set()
            self._changed.notify_all()


class Behind:
    """Marks the ear busy while its loop is behind its real-time audio: after a check that
    took long on a loaded machine, the frames that came meanwhile are read in a burst and
    the turn may end, and be decided, within it. Between the check and the decision the ear
    decoded nothing for a few ms — long enough for a held synthesis to begin and then run
    beside the decision (the bench's timelines, fourteenth pass)."""

    def __init__(self, gate: EarFirst) -> None:
        self._gate = gate
        self._marked = False

    def update(self, behind: bool) -> None:
        """Whether the ear is behind now; :meth:`update` (False) when its turn is over."""
        if behind != self._marked:
            self._gate._mark(1 if behind else -1)
            self._marked = behind


EAR_FIRST = EarFirst()
"""The process's gate: the ear marks its decodes on it; the narrator's anticipation waits."""

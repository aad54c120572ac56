"""A source whose reader a test can wait for, instead of sleeping and hoping.

A detector reading on its own thread (``BargeIn``) takes a frame, judges it, then asks
for the next: so once it asks for frame *n + 1*, it is done with frame *n*.
:class:`AwaitedSource` counts those, and :meth:`AwaitedSource.wait_taken` blocks until the
reader is done with a given number of frames — or, for a source that ends, with all of
them. It can also hold its first frame back until the test opens the gate, so a reader
started early (``with barge_in:``) misses nothing before the test is ready.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from voicepiece.listening.base import Source


class AwaitedSource:
    def __init__(self, inner: Source, gated: bool = False) -> None:
        self.inner = inner
        self.realtime = getattr(inner, "realtime", False)
        self._gate = threading.Event()
        if not gated:
            self._gate.set()
        self._taken = 0
        self._ended = False
        self._changed = threading.Condition()

    def open_gate(self) -> None:
        self._gate.set()

    def frames(self) -> Iterator[bytes]:
        self._gate.wait()
        try:
            for frame in self.inner.frames():
                yield frame
                self._count()  # the reader asks for the next one: done with this one
        finally:
            with self._changed:
                self._ended = True
                self._changed.notify_all()

    def _count(self) -> None:
        with self._changed:
            self._taken += 1
            self._changed.notify_all()

    def wait_taken(self, frames: int | None = None, timeout: float = 30.0) -> bool:
        """Until the reader is done with ``frames`` frames (None: with all, the source
        having ended); False if that did not happen within ``timeout`` seconds."""
        with self._changed:
            return self._changed.wait_for(
                lambda: self._ended if frames is None else self._taken >= frames, timeout)

    def close(self) -> None:
        self._gate.set()
        self.inner.close()

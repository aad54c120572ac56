"""The turn judgement's second pass of Whisper's decoder, decoded only when asked
(``WhisperWords.unfinished``; why it exists: completeness.py and ``TURN_PROMPT`` in
whisper_model.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

__all__ = ["Primed"]


class Primed:
    """A decode's primed words (``WhisperWords.unfinished``), decoded when first asked:
    the second pass costs a decoder run (~10–15 ms idle, more under load, in the model's
    lock), and only words that read as finished and are none of the point's phrasings
    need it (``completeness.unfinished_by_whisper``) — not a listed answer, not the decision's own
    decode. Copied or written out (``dataclasses.asdict``) as the words themselves."""

    def __init__(self, decode: Callable[[], str | None]) -> None:
        self._decode: Callable[[], str | None] | None = decode
        self._words: str | None = None
        self._lock = threading.Lock()

    @property
    def decoded(self) -> bool:
        """Whether the second pass has run (something asked for the words)."""
        return self._decode is None

    def words(self) -> str | None:
        with self._lock:
            if self._decode is not None:
                self._words, self._decode = self._decode(), None
        return self._words

    def __reduce__(self) -> tuple[Any, ...]:
        return _same, (self.words(),)


def _same(value: str | None) -> str | None:
    return value

"""How loud each word of a transcript was: the listener's own voice, near the microphone,
against another voice further off that Whisper writes in with it.

Whisper transcribes every voice it hears. With someone talking behind the listener it
writes their words after the answer ("for me, yes, I win the garden needs watering
tonight"), as sure of them as of the answer's. The words' probabilities do not tell them
apart; their loudness does: the listener's words peak within a few dB of each other, the
other voice's 9-16 dB lower (scripts/mirror_trust.py, the development set under one other
talker at 10 dB). CTranslate2's ``align`` places each token in time from the decoder's
cross-attention (as faster-whisper's word timestamps do; ~10 ms for tiny.en), and the
audio there gives its level.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

__all__ = ["ALIGN_STEP", "LAST_TOKEN_SECONDS", "KeptPlacements", "Placement", "piece_levels"]

ALIGN_STEP = 320
"""Samples per alignment step: Whisper's encoder frame, 20 ms at 16 kHz."""
LAST_TOKEN_SECONDS = 0.3
"""How long the last token is taken to last (no next token marks its end)."""


def piece_levels(starts: Sequence[int | None], pcm: np.ndarray) -> tuple[float, ...]:
    """Each token's level in dB below the loudest token's: the loudest 20 ms frame from
    where it starts (``starts``, in alignment steps; None: unplaced) to where the next
    begins. Unplaced tokens count as loud: no evidence against them."""
    levels: list[float | None] = []
    known = [s for s in starts if s is not None]
    for i, start in enumerate(starts):
        if start is None:
            levels.append(None)
            continue
        later = [s for s in starts[i + 1:] if s is not None and s > start]
        end = later[0] if later else start + round(LAST_TOKEN_SECONDS * 50)
        span = pcm[start * ALIGN_STEP: max(end, start + 1) * ALIGN_STEP]
        usable = len(span) // ALIGN_STEP * ALIGN_STEP
        if not usable:
            levels.append(None)
            continue
        rms = np.sqrt(np.mean(span[:usable].reshape(-1, ALIGN_STEP) ** 2, axis=1))
        levels.append(float(20 * np.log10(rms.max() + 1e-7)))
    if not known or all(v is None for v in levels):
        return tuple(0.0 for _ in starts)
    top = max(v for v in levels if v is not None)
    return tuple(0.0 if v is None else round(v - top, 1) for v in levels)


class Placement(Sequence[float]):
    """A decode's levels (``WhisperWords.levels``), placed when first read — len(),
    indexing or iteration — and then kept. Placing the words in time (``align``, ~10 ms
    idle, more under load, in the model's lock) is wanted only for words that may be said
    back (transcripts.vouched_words), not for the pause checks of the turn judgement
    (turns.py), which never say words back: so no decode pays for it before it is asked.
    ``place(encoded)`` works them out from the decode's encoder output, kept for it as
    long as the model keeps it (:class:`KeptPlacements`); once let go, ``place(None)``
    encodes the audio again — the same levels, later."""

    def __init__(self, encoded: Any,
                 place: Callable[[Any | None], tuple[float, ...]]) -> None:
        self._encoded: Any | None = encoded
        self._place: Callable[[Any | None], tuple[float, ...]] | None = place
        self._levels: tuple[float, ...] | None = None
        self._lock = threading.Lock()

    @property
    def placed(self) -> bool:
        """Whether the levels have been worked out (something read them)."""
        return self._levels is not None

    @property
    def holds_encoding(self) -> bool:
        """Whether the encoder output is still held (not placed, not let go)."""
        return self._encoded is not None

    def release(self) -> None:
        """Let go of the encoder output (no lock: a placing under way holds its own)."""
        self._encoded = None

    def encoding(self) -> Any | None:
        """The decode's encoder output while it is held (None once placed or let go): the
        turn judgement's primed pass reads the same encoding (completeness.Primed)."""
        return self._encoded

    def _values(self) -> tuple[float, ...]:
        if self._levels is None:
            with self._lock:
                if self._levels is None:
                    place, encoded = self._place, self._encoded
                    assert place is not None
                    self._levels = place(encoded)
                    self._place = self._encoded = None  # placed: the audio is let go
        return self._levels

    def __len__(self) -> int:
        return len(self._values())

    def __getitem__(self, index: Any) -> Any:
        return self._values()[index]

    def __iter__(self) -> Iterator[float]:
        return iter(self._values())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return self._values() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __reduce__(self) -> tuple[Any, ...]:
        """Copied, pickled or written out (``dataclasses.asdict``) as the levels themselves."""
        return tuple, (self._values(),)

    def __deepcopy__(self, memo: dict[int, Any]) -> tuple[float, ...]:
        return self._values()

    def __repr__(self) -> str:
        return f"Placement({self._levels!r})" if self.placed else "Placement(not placed yet)"


class KeptPlacements(deque[Placement]):
    """The placements whose encoder output a model keeps, at most ``maxlen``: the one
    pushed out lets go of its own."""

    def append(self, placement: Placement) -> None:
        if self.maxlen is not None and len(self) == self.maxlen:
            self[0].release()
        super().append(placement)

    def release(self) -> None:
        """Let go of every encoder output kept (a listener has gone)."""
        while self:
            self.popleft().release()

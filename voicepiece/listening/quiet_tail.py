"""Whether audio since a transcript was begun is only quiet, so the transcript stands for
the whole turn: the combined ear starts Whisper at a pause and takes that decode when the
listener said nothing more (:mod:`~voicepiece.listening.combined`)."""

from __future__ import annotations

import math

__all__ = ["QUIET_MARGIN_DB", "quiet_after"]

QUIET_MARGIN_DB = 6.0
"""Audio after a transcribed stretch counts as quiet (the transcript still stands) when no
32 ms frame of it is louder than this above the stretch's quiet frames."""


def _frame_levels(audio: bytes) -> list[float]:
    import numpy as np

    x = np.frombuffer(audio[: len(audio) // 1024 * 1024], dtype="<i2").astype(np.float64)
    if not len(x):
        return []
    rms = np.sqrt(np.mean(x.reshape(-1, 512) ** 2, axis=1)) + 1.0
    return [20 * math.log10(v) for v in rms]


def quiet_after(start: bytes, audio: bytes) -> bool:
    """Whether ``audio`` is ``start`` followed only by quiet (so ``start``'s words stand)."""
    if not audio.startswith(start):
        return False
    tail = _frame_levels(audio[len(start):])
    if not tail:
        return True
    levels = sorted(_frame_levels(start))
    if not levels:
        return False
    floor = levels[len(levels) // 5]
    return max(tail) <= floor + QUIET_MARGIN_DB

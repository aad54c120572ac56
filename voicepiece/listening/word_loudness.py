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

from collections.abc import Sequence

import numpy as np

__all__ = ["ALIGN_STEP", "LAST_TOKEN_SECONDS", "piece_levels"]

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

"""The project's one home for audio facts and level arithmetic: which file suffixes are
sound, the sample rates the parts agree on, and the conversions between linear levels,
volumes and decibels.

Kept free of heavy imports (numpy is imported only where PCM is measured), so that every
layer — voices, listening, the archive, the gallery — can share it without cost.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

AUDIO_SUFFIXES = (".wav", ".flac", ".aiff", ".aif", ".ogg", ".opus", ".m4a", ".mp3")
"""Suffixes read as sound files, in order of preference where several files could stand
for the same thing (lossless first): a voice-over recording, a reply clip."""

LISTENING_RATE = 16000
"""Samples per second of everything the ear hears (16-bit mono PCM)."""

SESSION_RATE = 22050
"""Samples per second of a session's mix and of the narrator's rendered lines."""

SILENT_DBFS = -100.0
"""The level given to digital silence, so that levels stay finite and comparable."""

MUTED_DB = -120.0
"""The gain that stands for "off" where a volume of zero must still be a number."""


def names_audio_file(text: str) -> bool:
    """Whether ``text`` (a ``--reply``, which may be words) names a sound file rather than
    words: it ends in a sound suffix (``x.wav``, existing or not), or it holds a path
    separator and something by that name exists (``clips/take-3``, a folder too). Such a
    reply is read as audio — and refused if it is not — never said as words, which would
    turn a typo in a file name into an answer."""
    text = text.strip()
    if Path(text).suffix.lower() in AUDIO_SUFFIXES:
        return True
    separators = {os.sep, os.altsep} - {None}
    return any(sep in text for sep in separators) and os.path.lexists(text)


def gain_db(linear: float) -> float:
    """A linear amplitude factor in dB (``MUTED_DB`` for zero or less)."""
    return 20 * math.log10(linear) if linear > 0 else MUTED_DB


def volume_db(percent: float) -> float:
    """A volume setting in percent (100 unchanged) as a gain in dB."""
    return gain_db(percent / 100)


def pcm_dbfs(pcm: bytes) -> float:
    """The RMS level of 16-bit little-endian PCM in dB below full scale
    (``SILENT_DBFS`` for silence or no samples)."""
    import numpy as np

    samples = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2").astype(np.float64)
    if not samples.size:
        return SILENT_DBFS
    rms = math.sqrt(float(np.dot(samples, samples)) / samples.size)
    return max(SILENT_DBFS, 20 * math.log10(rms / 32768)) if rms > 0 else SILENT_DBFS

"""The render cache: each line's audio kept under a hash of its text and voice settings,
so a running session never waits for a line that could have been prepared.

Lines that carry the listener's words are never stored: they hold what a visitor said.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from voicepiece.files import atomic_write, cache_home, private_dir
from voicepiece.story.model import VoiceSettings
from voicepiece.voices.base import Synthesizer

if TYPE_CHECKING:
    from pydub import AudioSegment

CACHE_FORMAT = 2
"""Bump when a change to rendering makes old files wrong; old keys then simply miss."""


def cache_dir() -> Path:
    """``$VOICEPIECE_CACHE``, else the XDG user cache folder."""
    if os.environ.get("VOICEPIECE_CACHE"):
        return Path(os.environ["VOICEPIECE_CACHE"])
    return cache_home() / "renders"


LEAD_IN = 0.01
"""Seconds of quiet kept before a line's first sound."""


def trim_lead(audio: AudioSegment, threshold_dbfs: float = -50.0) -> AudioSegment:
    """Engines start lines with different amounts of quiet (espeak pauses for an opening
    quote); cut it to a constant lead-in, so the piece's own pauses set the pacing and a
    caption's start is where the voice starts."""
    from pydub.silence import detect_leading_silence

    quiet = detect_leading_silence(audio, silence_threshold=threshold_dbfs, chunk_size=5)
    cut = max(0, quiet - int(LEAD_IN * 1000))
    return audio[cut:] if cut else audio


def render_key(text: str, settings: VoiceSettings) -> str:
    blob = json.dumps({"format": CACHE_FORMAT, "text": text, "voice": asdict(settings)},
                      sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


class RenderCache:
    def __init__(self, synthesizer_for: Callable[[VoiceSettings], Synthesizer],
                 folder: Path | None = None) -> None:
        self.synthesizer_for = synthesizer_for
        self.folder = folder or cache_dir()

    def path(self, text: str, settings: VoiceSettings) -> Path:
        key = render_key(text, settings)
        return self.folder / key[:2] / f"{key}.wav"

    def cached(self, text: str, settings: VoiceSettings) -> AudioSegment | None:
        from pydub import AudioSegment

        path = self.path(text, settings)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            return AudioSegment.from_wav(io.BytesIO(data))
        except Exception:  # a damaged entry is re-rendered, never played
            path.unlink(missing_ok=True)
            return None

    def render(self, text: str, settings: VoiceSettings, keep: bool = True) -> AudioSegment:
        """The line's audio from the cache, else synthesized (and stored when ``keep``)."""
        audio = self.cached(text, settings) if keep else None
        if audio is None:
            audio = trim_lead(self.synthesizer_for(settings).synthesize(text, settings))
            if keep:
                self.store(text, settings, audio)
        return audio

    def store(self, text: str, settings: VoiceSettings, audio: AudioSegment) -> None:
        path = self.path(text, settings)
        private_dir(path.parent)
        buf = io.BytesIO()
        audio.export(buf, format="wav")
        atomic_write(path, buf.getvalue())

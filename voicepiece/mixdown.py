"""The session's audio: every sound placed where the session's timeline says it began.

Narration, the listening cue and the listener's replies arrive as events carrying their
audio and start time; at the end they are laid into one mono track and written to
``session.wav`` atomically.
"""

from __future__ import annotations

import io
import wave
from pathlib import Path
from typing import TYPE_CHECKING

from voicepiece.events import (
    CuePlayed,
    Event,
    LineSpoken,
    ListeningStarted,
    SessionEnded,
    TurnTaken,
)
from voicepiece.files import atomic_write, private_dir

if TYPE_CHECKING:
    from pydub import AudioSegment

SESSION_WAV = "session.wav"
RATE = 22050


def audio_seconds(path: Path) -> float:
    """Length of a WAV file, read from its header."""
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def conform(audio: AudioSegment, rate: int = RATE) -> AudioSegment:
    """Mono, 16-bit, one rate: what a session track is made of."""
    if audio.channels != 1:
        audio = audio.set_channels(1)
    if audio.sample_width != 2:
        audio = audio.set_sample_width(2)
    if audio.frame_rate != rate:
        audio = audio.set_frame_rate(rate)
    return audio


class Mixdown:
    def __init__(self, folder: Path, rate: int = RATE) -> None:
        self.folder = private_dir(folder)
        self.path = folder / SESSION_WAV
        self.rate = rate
        self.placed: list[tuple[float, AudioSegment]] = []
        self._listening_at: float | None = None
        self.end = 0.0

    def on_event(self, event: Event) -> None:
        if isinstance(event, (LineSpoken, CuePlayed)) and event.audio is not None:
            self._place(event.at, event.audio)
        elif isinstance(event, ListeningStarted):
            self._listening_at = event.at
        elif isinstance(event, TurnTaken):
            if event.audio is not None:
                self._place(self._listening_at, event.audio)
            if event.turn.response_start is not None:
                self.end = max(self.end, event.turn.response_start)
        elif isinstance(event, SessionEnded):
            atomic_write(self.path, self.wav_bytes())

    def _place(self, at: float | None, audio: AudioSegment) -> None:
        if at is None:
            return
        audio = conform(audio, self.rate)
        self.placed.append((at, audio))
        self.end = max(self.end, at + len(audio.raw_data) / 2 / self.rate)

    def wav_bytes(self) -> bytes:
        track = bytearray(int(self.end * self.rate) * 2)
        for at, audio in self.placed:
            start = int(at * self.rate) * 2
            data = audio.raw_data[: len(track) - start]
            track[start:start + len(data)] = data
        buf = io.BytesIO()
        with wave.open(buf, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(self.rate)
            out.writeframes(bytes(track))
        return buf.getvalue()

"""The session's audio, written as it happens: every sound laid on the session's timeline.

Narration, the listening cue and the listener's replies arrive as events carrying their
audio and start time, in timeline order, so they are streamed into ``.session.wav.part``
(with silence for the gaps) instead of being held in memory: a gallery station runs for
weeks. Each reply is also kept as its own clip in ``replies/``. After every turn the part
file is flushed to disk, so a crash loses at most the turn in progress; at the end it is
closed and renamed to ``session.wav``. ``voicepiece sessions repair`` finishes a part file
a crash left behind.
"""

from __future__ import annotations

import contextlib
import io
import os
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
from voicepiece.files import PRIVATE_FILE, atomic_write, private_dir

if TYPE_CHECKING:
    from pydub import AudioSegment

SESSION_WAV = "session.wav"
PART = ".session.wav.part"
REPLIES = "replies"
RATE = 22050
_HEADER = 44


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


def wav_bytes(audio: AudioSegment) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(audio.channels)
        out.setsampwidth(audio.sample_width)
        out.setframerate(audio.frame_rate)
        out.writeframes(audio.raw_data)
    return buf.getvalue()


def finish_part(part: Path, final: Path) -> float:
    """Make a part file a valid WAV whatever state it was left in (its header's sizes are
    rewritten from the file's length), then rename it into place. Returns its seconds."""
    size = part.stat().st_size
    frames = max(0, size - _HEADER) // 2
    with part.open("r+b") as f:
        f.truncate(_HEADER + frames * 2)
        f.seek(4)
        f.write((36 + frames * 2).to_bytes(4, "little"))
        f.seek(40)
        f.write((frames * 2).to_bytes(4, "little"))
        f.flush()
        os.fsync(f.fileno())
    os.replace(part, final)
    return frames / RATE


class Mixdown:
    def __init__(self, folder: Path, rate: int = RATE) -> None:
        self.folder = private_dir(folder)
        self.path = folder / SESSION_WAV
        self.part = folder / PART
        self.rate = rate
        self.frames = 0
        self._listening_at: float | None = None
        self._turns = 0
        fd = os.open(self.part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        self._file = os.fdopen(fd, "wb")
        self._wav = wave.open(self._file, "wb")  # noqa: SIM115 - open for the whole session
        self._wav.setnchannels(1)
        self._wav.setsampwidth(2)
        self._wav.setframerate(rate)
        self._wav.writeframes(b"")  # the header, so a crash leaves a file repair can read

    @property
    def seconds(self) -> float:
        return self.frames / self.rate

    def on_event(self, event: Event) -> None:
        if isinstance(event, (LineSpoken, CuePlayed)) and event.audio is not None:
            self._place(event.at, event.audio)
        elif isinstance(event, ListeningStarted):
            self._listening_at = event.at
        elif isinstance(event, TurnTaken):
            self._turns += 1
            if event.audio is not None:
                self._place(self._listening_at, event.audio)
                self._keep_clip(event)
            if event.turn.response_start is not None:
                self._pad_to(event.turn.response_start)
            self._file.flush()
            os.fsync(self._file.fileno())
        elif isinstance(event, SessionEnded):
            self.close()
            finish_part(self.part, self.path)

    def close(self) -> None:
        """Release the part file (the WAV writer first: it flushes into the file). A session
        that never ends (an error) leaves the part for repair, and no open descriptor."""
        with contextlib.suppress(OSError, ValueError):
            self._wav.close()
        with contextlib.suppress(OSError):
            self._file.close()

    def _keep_clip(self, event: TurnTaken) -> None:
        clips = private_dir(self.folder / REPLIES)
        name = f"{self._turns:02d}-{event.turn.node}-{event.turn.kind}.wav"
        atomic_write(clips / name, wav_bytes(event.audio))

    def _pad_to(self, at: float) -> None:
        gap = int(at * self.rate) - self.frames
        if gap > 0:
            self._wav.writeframesraw(b"\0\0" * gap)
            self.frames += gap

    def _place(self, at: float | None, audio: AudioSegment) -> None:
        """Sounds arrive in timeline order; one that starts before the end of what is
        written (rounding) is trimmed rather than shifting everything after it."""
        if at is None:
            return
        data = conform(audio, self.rate).raw_data
        self._pad_to(at)
        skip = max(0, self.frames - int(at * self.rate)) * 2
        self._wav.writeframesraw(data[skip:])
        self.frames += (len(data) - skip) // 2

"""The session's audio, written as it happens: every sound laid on the session's timeline.

Narration, the listening cue and the listener's replies arrive as events carrying their
audio and start time, in timeline order, so they are streamed into ``.session.wav.part``
(with silence for the gaps) instead of being held in memory: a gallery station runs for
weeks. The latest sound is held back until the next one arrives, because with barge-in
they overlap — the listener began speaking over the narrator, whose line was then cut
(``NarrationCut``) — and are mixed. Each reply is also kept as its own clip in
``replies/``. After every turn the part file is flushed to disk, so a crash loses at most
the turn in progress; at the end it is closed and renamed to ``session.wav`` — or, when it
is to be mastered, to ``.session.raw.wav``, which mastering turns into ``session.wav``: so
``session.wav`` is only ever the finished audio, and a raw mix that a kill during mastering
leaves is whole and recognizable. ``voicepiece sessions repair`` finishes either.

The mix is leveled as it is written (:mod:`voicepiece.archive.leveling`): each reply at
the narrator's loudness, a continuous room tone under the whole session. The clips in
``replies/`` are kept exactly as they were heard.
"""

from __future__ import annotations

import contextlib
import io
import os
import wave
from pathlib import Path
from typing import TYPE_CHECKING

from voicepiece.archive.leveling import MixLevels
from voicepiece.audio.levels import SESSION_RATE
from voicepiece.files import PRIVATE_FILE, atomic_write, private_dir
from voicepiece.session.events import (
    CuePlayed,
    Event,
    LineSpoken,
    ListeningStarted,
    NarrationCut,
    SessionEnded,
    TurnTaken,
)

if TYPE_CHECKING:
    from pydub import AudioSegment

SESSION_WAV = "session.wav"
PART = ".session.wav.part"
RAW = ".session.raw.wav"
"""The whole mix of a session that ended, waiting for mastering."""
REPLIES = "replies"
_HEADER = 44


def audio_seconds(path: Path) -> float:
    """Length of a WAV file, read from its header."""
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def conform(audio: AudioSegment, rate: int = SESSION_RATE) -> AudioSegment:
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
    if part.stat().st_size < _HEADER:  # killed before its header reached the disk
        with wave.open(str(part), "wb") as empty:
            empty.setnchannels(1)
            empty.setsampwidth(2)
            empty.setframerate(SESSION_RATE)
            empty.writeframes(b"")
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
    return frames / SESSION_RATE


class Mixdown:
    def __init__(self, folder: Path, rate: int = SESSION_RATE, final: str = SESSION_WAV,
                 levels: MixLevels | None = None) -> None:
        self.folder = private_dir(folder)
        self.path = folder / final
        self.part = folder / PART
        self.rate = rate
        self.frames = 0
        self.levels = levels if levels is not None else MixLevels(rate)
        self._listening_at: float | None = None
        self._turns = 0
        self._held: tuple[int, bytes] | None = None  # the latest sound: first frame, PCM
        fd = os.open(self.part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        self._file = os.fdopen(fd, "wb")
        self._wav = wave.open(self._file, "wb")  # noqa: SIM115 - open for the whole session
        self._wav.setnchannels(1)
        self._wav.setsampwidth(2)
        self._wav.setframerate(rate)
        self._wav.writeframes(b"")  # the header, so a crash leaves a file repair can read
        self._file.flush()  # now, not when the first 8 KB of sound fill the buffer

    @property
    def seconds(self) -> float:
        return self.frames / self.rate

    def on_event(self, event: Event) -> None:
        if isinstance(event, (LineSpoken, CuePlayed)) and event.audio is not None:
            data = conform(event.audio, self.rate).raw_data
            if isinstance(event, LineSpoken):
                self.levels.narration(data)
            self._place(event.at, data)
        elif isinstance(event, NarrationCut) and event.at is not None:
            self._cut(event.at)
        elif isinstance(event, ListeningStarted):
            self._listening_at = event.at
        elif isinstance(event, TurnTaken):
            self._turns += 1
            if event.audio is not None:
                self._keep_clip(event)  # first: a kill from here on is the turn in progress
                self._place_reply(event)
            self._write_held()
            if event.turn.response_start is not None:
                self._pad_to(int(event.turn.response_start * self.rate))
            self._file.flush()
            os.fsync(self._file.fileno())
        elif isinstance(event, SessionEnded):
            self._write_held()
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

    def _pad_to(self, frame: int) -> None:
        gap = frame - self.frames
        if gap > 0:
            self._write(b"\0\0" * gap)

    def _write(self, data: bytes) -> None:
        """The next frames of the mix, with the room tone under them."""
        self._wav.writeframesraw(self.levels.under(self.frames, data))
        self.frames += len(data) // 2

    def _place_reply(self, event: TurnTaken) -> None:
        """The reply clip into the mix at the narrator's level (the clip kept is not)."""
        at = self._listening_at
        if at is None or event.audio is None:
            return
        turn = event.part or event.turn  # a resumed turn's clip is its rest only
        speech = None
        if turn.speech_start is not None and turn.speech_end is not None:
            speech = (turn.speech_start - at, turn.speech_end - at)
        data = conform(event.audio, self.rate).raw_data
        self._place(at, self.levels.reply(data, max(0, int(at * self.rate)), speech))

    def _place(self, at: float | None, data: bytes) -> None:
        """Sounds arrive in timeline order. One that starts before the held sound ends is
        mixed into it (the listener speaking over the narrator); one that starts before the
        end of what is written (rounding) is trimmed rather than shifting everything after."""
        if at is None:
            return
        start = max(0, int(at * self.rate))
        if self._held is not None:
            held_start, held = self._held
            if start < held_start + len(held) // 2:
                offset = max(0, start - held_start)
                self._held = (held_start, _mix(held, data, offset))
                return
            self._write_held()
        self._held = (start, data)

    def _cut(self, at: float) -> None:
        """The held line was heard only up to ``at``."""
        if self._held is not None:
            held_start, held = self._held
            self._held = (held_start, held[:max(0, int(at * self.rate) - held_start) * 2])

    def _write_held(self) -> None:
        if self._held is None:
            return
        start, data = self._held
        self._held = None
        self._pad_to(start)
        skip = max(0, self.frames - start) * 2
        self._write(data[skip:])


def _mix(under: bytes, over: bytes, offset: int) -> bytes:
    """``over`` added onto ``under`` from sample ``offset``, clipped to 16 bits."""
    import numpy as np

    a = np.frombuffer(under, dtype="<i2").astype(np.int32)
    b = np.frombuffer(over, dtype="<i2").astype(np.int32)
    out = np.zeros(max(len(a), offset + len(b)), dtype=np.int32)
    out[:len(a)] += a
    out[offset:offset + len(b)] += b
    return np.clip(out, -32768, 32767).astype("<i2").tobytes()

"""The shapes listening code passes around: 16 kHz mono 16-bit audio in fixed frames, and
what a recognizer concluded about one answer."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from voicepiece.story.matching import Choice

SAMPLE_RATE = 16000
FRAME_SAMPLES = 512
"""32 ms: Silero VAD's window at 16 kHz, and the unit every source yields."""
FRAME_BYTES = FRAME_SAMPLES * 2
FRAME_SECONDS = FRAME_SAMPLES / SAMPLE_RATE

ACCEPT, CONFIRM, REJECT = "accept", "confirm", "reject"
"""The three zones of a decision: take the answer, check it with the listener, or treat
the speech as unclear."""


@dataclass(frozen=True)
class Recognition:
    text: str | None  # the answer phrase the grammar found (normalized), None if nothing
    label: str | None  # the choice that phrase belongs to
    score: float  # the verifier's belief that ``label`` is what was said, 0..1
    zone: str  # ACCEPT, CONFIRM or REJECT


class Recognizer(Protocol):
    def recognize(self, audio: bytes, choices: Sequence[Choice]) -> Recognition:
        """Decide on one whole answer (16 kHz mono s16 bytes) among ``choices``."""
        ...

    def is_complete(self, audio: bytes, choices: Sequence[Choice]) -> bool:
        """Whether the speech so far already forms a whole answer: cheap enough to ask during
        the trailing silence, so a complete answer can end sooner (VoiceXML's
        completetimeout)."""
        ...


class Source(Protocol):
    """Where an ear's audio comes from: a microphone, a file, a stream fed by a test."""

    realtime: bool  # frames arrive at the pace of speech (a microphone, a live stream)

    def frames(self) -> Iterator[bytes]:
        """FRAME_BYTES at a time until the source ends or the caller stops iterating."""
        ...

    def close(self) -> None: ...

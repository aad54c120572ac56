"""The shapes listening code passes around: 16 kHz mono 16-bit audio in fixed frames, and
what a recognizer concluded about one answer, in which of three zones."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from voicepiece.audio.levels import LISTENING_RATE
from voicepiece.errors import VoicepieceError

if TYPE_CHECKING:
    from voicepiece.story.phrases import Choice

SAMPLE_RATE = LISTENING_RATE
""":data:`voicepiece.audio.levels.LISTENING_RATE`, under the name the listening package's
callers know it by."""
FRAME_SAMPLES = 512
"""32 ms: Silero VAD's window at 16 kHz, and the unit every source yields."""
FRAME_BYTES = FRAME_SAMPLES * 2
FRAME_SECONDS = FRAME_SAMPLES / LISTENING_RATE

ACCEPT, CONFIRM, REJECT = "accept", "confirm", "reject"
"""The three zones of a decision: take the answer, check it with the listener, or treat
the speech as unclear."""


class ListeningError(VoicepieceError):
    """A listening setting or device the user can fix: an unknown detector named, a
    microphone that gave no audio."""


@dataclass(frozen=True)
class Thresholds:
    """Accept at or above ``accept``; confirm at or above ``confirm``; reject below.

    ``consent``: in the confirm zone, the score at or above which the recognizer is nearly
    sure, so a listener's silence after the check counts as yes; None: never (silence
    after a check proves nothing, and the check is asked again).
    """

    accept: float
    confirm: float
    consent: float | None = None

    def __post_init__(self) -> None:
        if not 0.0 <= self.confirm <= self.accept <= 1.0:
            raise ValueError(f"thresholds must satisfy 0 <= confirm <= accept <= 1: {self}")
        if self.consent is not None and not self.confirm <= self.consent <= self.accept:
            raise ValueError(f"thresholds must satisfy confirm <= consent <= accept: {self}")

    def nearly_sure(self, score: float) -> bool:
        """Whether a confirmed answer of this ``score`` may take silence for consent."""
        return self.consent is not None and score >= self.consent

    def zone(self, score: float) -> str:
        if score >= self.accept:
            return ACCEPT
        if score >= self.confirm:
            return CONFIRM
        return REJECT


def audio_digest(audio: bytes) -> bytes:
    """A short fingerprint of ``audio``: the key a recognizer remembers its last decision of
    the same audio by (a completeness check, then the final decision of that very audio)."""
    return hashlib.blake2b(audio, digest_size=16).digest()


@dataclass(frozen=True)
class Recognition:
    text: str | None  # the answer phrase the grammar found (normalized), None if nothing
    label: str | None  # the choice that phrase belongs to
    score: float  # the verifier's belief that ``label`` is what was said, 0..1
    zone: str  # ACCEPT, CONFIRM or REJECT
    own_words: bool = False
    """``text`` is what the listener said, as an open transcript heard with confidence —
    not the grammar phrase nearest to it; only then may the narrator say it back."""
    nearly_sure: bool = False
    """In the confirm zone: sure enough that silence after the check is consent
    (:meth:`Thresholds.nearly_sure`)."""
    sure_words: bool = False
    """``text`` is an open transcript sure enough to be read (by meaning, then confirmed
    with the listener) though not to be said back: ``own_words`` asks more."""
    quotable: bool = True
    """With ``own_words``: the words are sure enough, all together, to be said back
    (transcripts.sure_to_quote); when not, they are still the listener's to read."""


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

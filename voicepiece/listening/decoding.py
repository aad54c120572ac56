"""What the pocketsphinx decoder found in one answer: the shared shape between the decoder
that produces it (:mod:`~voicepiece.listening.decoder`) and the verifier that weighs it
(:mod:`~voicepiece.listening.verifier`), kept apart so that neither imports the other."""

from __future__ import annotations

from dataclasses import dataclass

FILLERS = frozenset({"<s>", "</s>", "<sil>", "[NOISE]", "[SPEECH]", "(NULL)",
                     "SIL", "+NSN+", "+SPN+"})
"""Words and phones that are not speech: silence, noise, sentence marks, null arcs."""


@dataclass(frozen=True)
class Segment:
    """One word (grammar search) or phone (phone loop) of a decoding, frames at 100/s,
    ``end`` inclusive; ``ascore`` is the acoustic log score (pocketsphinx's integer units)."""

    word: str
    start: int
    end: int
    ascore: int
    lscore: int

    @property
    def frames(self) -> int:
        return self.end - self.start + 1

    @property
    def is_filler(self) -> bool:
        return self.word in FILLERS


@dataclass(frozen=True)
class Decoded:
    text: str | None
    score: int
    segments: tuple[Segment, ...]
    frames: int

    @property
    def words(self) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if not s.is_filler)

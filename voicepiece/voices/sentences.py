"""A synthesized line spoken sentence by sentence, with the piece's pauses between.

Engines leave their own short, fixed pause at a full stop (espeak-ng ~0.23 s, almost none
at a comma), which reads an essay as one breathless run. So a line is split at its
sentence ends (and, when the piece asks for a ``comma`` pause, at its commas, semicolons,
colons and dashes), each part is synthesized — and cached — on its own, and the parts are
joined with exactly the piece's pause: the quiet an engine leaves after a part is cut to
:data:`TAIL` first. The line stays one line: one ID, one caption, one voice-over file
(a recording is played as it was recorded, never split).

Splitting is conservative: a sentence ends at ``.``, ``!``, ``?`` or ``…`` followed by
space and a capital, a digit or an opening quote, never after a title such as "Mr." or an
initial.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from voicepiece.story.model import Pauses

if TYPE_CHECKING:
    from pydub import AudioSegment

TAIL = 0.03
"""Seconds of an engine's quiet kept after a part before the piece's pause."""

_SENTENCE = re.compile(r"""(?<=[.!?\u2026])["'\u201d\u2019)\]]*\s+"""
                       r"""(?=["'\u201c\u2018(\[]?[A-Z0-9])""")
_CLAUSE = re.compile(r"(?<=[,;:\u2014\u2013])\s+")
_NOT_AN_END = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Prof|Mt|vs|etc|No)|\b[A-Z])\.$")


def sentences(text: str) -> list[str]:
    """``text`` cut at its sentence ends (the punctuation kept with each sentence)."""
    parts: list[str] = []
    at = 0
    for m in _SENTENCE.finditer(text):
        if _NOT_AN_END.search(text[at:m.start()].rstrip("\"'\u201d\u2019)]")):
            continue
        parts.append(text[at:m.start()].strip() + text[m.start():m.end()].strip())
        at = m.end()
    parts.append(text[at:].strip())
    return [p for p in parts if p]


_TRAILING_OFF = re.compile(r"(?:(?<=\.\.\.)|(?<=\u2026))\s+(?=[a-z])")


def parts(text: str, pauses: Pauses, trailing_off: bool = False
          ) -> list[tuple[str, float]]:
    """The parts a line is spoken in, each with the quiet that follows it (0 after the
    last: the line's own pause follows the line).

    With ``trailing_off`` (a line with the listener's words) an ellipsis ends a part even
    before a lower-case word, as it does before a capital: "{heard}... is that what you
    said?" is spoken as the listener's words, the piece's sentence pause, and a fixed part
    that is prepared ahead — only the words are synthesized while the listener waits."""
    pieces: list[tuple[str, float]] = []
    cut_sentences = pauses.sentence > 0
    whole = sentences(text) if cut_sentences else [text]
    if cut_sentences and trailing_off:
        whole = [p for s in whole for p in _TRAILING_OFF.split(s) if p.strip()]
    for sentence in whole:
        clauses = [c for c in _CLAUSE.split(sentence) if c.strip()] if pauses.comma > 0 \
            else [sentence]
        pieces += [(clause.strip(), pauses.comma) for clause in clauses]
        pieces[-1] = (pieces[-1][0], pauses.sentence)
    pieces[-1] = (pieces[-1][0], 0.0)
    return pieces


def spoken(text: str, pauses: Pauses, synthesize: Callable[[str], AudioSegment],
           trailing_off: bool = False) -> AudioSegment:
    """``text`` spoken part by part with ``synthesize``, joined with the pauses."""
    from pydub import AudioSegment

    pieces = parts(text, pauses, trailing_off)
    if len(pieces) == 1:
        return synthesize(text)
    out: AudioSegment | None = None
    for i, (part, pause) in enumerate(pieces):
        audio = synthesize(part)
        if i < len(pieces) - 1:
            audio = trim_tail(audio)
            audio += AudioSegment.silent(round(pause * 1000), audio.frame_rate)
        out = audio if out is None else out + audio
    assert out is not None
    return out


def trim_tail(audio: AudioSegment) -> AudioSegment:
    """``audio`` with the quiet an engine leaves after it cut to :data:`TAIL`: what
    follows then decides the pause (the piece's, or the moment the next sound is ready)."""
    from pydub.silence import detect_leading_silence

    quiet = detect_leading_silence(audio.reverse(), silence_threshold=-50.0, chunk_size=5)
    return audio[:max(1, len(audio) - max(0, quiet - int(TAIL * 1000)))]

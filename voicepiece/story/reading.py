"""The learned reader's side of a decision: a second, independent witness beside the rules.

The rules (matching.py, hedges.py) read answers by the words they were written for, and
the meaning layer (meaning.py) by nearness to example phrases; both were fitted to
phrasings, and on words they have never met they accept a wrong label now and then. The
reader is different in kind: a small classifier (multinomial logistic regression) on the
sentence model's vector of the answer, trained on many hundreds of answers of every
manner (scripts/fit-reader), which says how likely the words mean each built-in meaning —
yes, no, unsure — or none of them (:data:`READER_LABELS`). The model sits at the edge
(:mod:`voicepiece.listening.reader`); this core only states what it needs of it
(:class:`Reader`) and how its reading weighs on a decision (:func:`doubts`).

It never decides alone what the rules found: it is a check. When the rules would accept a
built-in meaning and the reader is sure the words mean something else — another meaning,
or none — the answer is checked with the listener instead of acted on
(:data:`DOUBT`). Its thresholds were chosen on the tuning data only, on the reader's
out-of-fold readings (each answer read by a model fitted without it), so no figure comes
from answers the model was trained on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, runtime_checkable

from voicepiece.story.wording import normalize, without_hesitations

__all__ = ["DOUBT", "NONE", "READER_LABELS", "Reader", "doubts", "reader_text"]

NONE = "none"
"""The reader's label for words that are none of the built-in meanings: off-topic talk, a
question back, an open answer, a fragment."""
READER_LABELS: tuple[str, ...] = ("yes", "no", "unsure", NONE)

DOUBT = 0.91
"""How sure the reader must be of another reading to doubt the rules' built-in meaning
(its probability of the other label). Chosen by scripts/fit-reader on its out-of-fold
readings of the tuning answers, as the ear's rules would accept them: the value that
doubts the most of their wrong readings net of their right ones (8 of 23 wrong, 3 of
963 right; at 0.90, 8 and 4; at 0.85, 9 and 10; at 0.95, 2 and 1)."""


@runtime_checkable
class Reader(Protocol):
    """What a decision needs of the learned reader: the probability of each of
    :data:`READER_LABELS` for ``text`` — or None when the model is not there (the rules
    decide alone)."""

    def read(self, text: str) -> Mapping[str, float] | None: ...


def reader_text(text: str) -> str:
    """The words as the reader reads them, and as it was trained: normalized as the
    matcher reads them, without sounds of thinking ("um" says nothing)."""
    return " ".join(without_hesitations(tuple(normalize(text).split())))


def doubts(meaning: str, reading: Mapping[str, float] | None, doubt: float = DOUBT) -> bool:
    """Whether ``reading`` (the reader's probabilities) is sure enough that words the rules
    read as the built-in ``meaning`` mean something else: another meaning or none at
    all. No reading (no model), or a meaning the reader does not know: no doubt."""
    if reading is None or meaning not in reading:
        return False
    return any(p >= doubt for label, p in reading.items() if label != meaning)

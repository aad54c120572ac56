"""A question back read by a model, where the rules read nothing.

The rules (story/offscript.py) know a question back by its phrasings, and a listener's own
phrasing is often not among them: on a spoken development set they explained the held
half's questions back 48% of the time (issue 13, eighteenth pass). A second reading, a
small classifier on the sentence model's vector of the words (scripts/fit-reader; the
model at the edge, :mod:`voicepiece.listening.asking_model`), reads the manner of asking.
It only ever speaks where the words were read as nothing else — no answer of the point by
the rules or by meaning (session/deciding.py) — so it can turn an unclear turn, an open
answer or off-list talk into a question back, never an answer into one.
"""

from __future__ import annotations

import re
from typing import Protocol, runtime_checkable

__all__ = ["ADDRESSED", "ASKING", "AskingReader", "reads_as_asking"]

ASKING = 0.95
"""How sure the model must be that words ask the narrator something back. Chosen by
scripts/fit-reader on the model's out-of-fold readings of the tuning texts: the lowest in
steps of 0.05 that reads at most 0.5% of the answers and other words as questions back
(6 of 1,581; 127 of 195 questions back read)."""


ADDRESSED = re.compile(
    r"\?|\b(you|your|me|i|i'm|i've|i'd|my|what|which|who|whom|how|why|where|when|sorry|"
    r"pardon|again|huh|eh|mean|say|repeat|explain)\b", re.IGNORECASE)
"""What a question back has about it: it asks (a question mark, a question word), speaks
to the narrator or of the listener, or names what it wants (to hear it again, what it
means). Talk about someone else ("the guard told us to keep moving", which the model read
as asking at 0.98 in v5's development half) has none of these; of the model's tuning
questions back read at :data:`ASKING`, 123 of 127 have one, the rest phrases the rules of
story/offscript.py know ("speak up", "once more")."""


@runtime_checkable
class AskingReader(Protocol):
    """What a decision needs of the model: how likely ``text`` asks something back — or
    None when the model is not there (the rules decide alone)."""

    def asks(self, text: str) -> float | None: ...


def reads_as_asking(text: str, reader: object) -> bool:
    """Whether ``reader`` (a sentence model that may also read questions back) is sure
    ``text`` asks the narrator something back, and the words are the kind that do
    (:data:`ADDRESSED`)."""
    if not isinstance(reader, AskingReader) or not ADDRESSED.search(text):
        return False
    p = reader.asks(text)
    return p is not None and p >= ASKING

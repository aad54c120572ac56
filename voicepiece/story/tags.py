"""Question tags: "it is true, no?" is a yes said with a tag asking to be agreed with, the
"¿no?" of Spanish, the "não é?" of Portuguese, the "na?" of Hindi carried into English.
Read as a clause of its own, the tag's "no" turns the answer into a mixed one (unsure, or a
no — a swap); the answer is the clause the tag hangs on (issue 13, the accented blind set
v5's speakers; scripts/yesno_accents.py ``typed``).
"""

from __future__ import annotations

import re

from voicepiece.story.wording import clauses

__all__ = ["TAGS", "without_question_tag"]

TAGS = frozenset({
    ("no",), ("na",), ("no", "na"), ("right",), ("eh",), ("huh",), ("is", "not", "it"),
    ("is", "it", "not"), ("is", "not", "she"), ("does", "not", "she"), ("is", "not", "that"),
    ("do", "not", "you", "think"), ("do", "you", "not", "think"), ("is", "not", "that", "so"),
})
"""Tags that ask to be agreed with, as the matcher writes them ("isn't it" → is not it)."""
_LAST = re.compile(r"[,;]\s*([^,;.!?]+)\?+\s*$")


def without_question_tag(text: str) -> str:
    """``text`` without a last tag that asks a question ("she does, no?" → "she does"):
    only with its question mark (Whisper writes one for a rising tag; "I don't, no" is a
    no said twice) and after a clause of two words or more ("yes, no?" is itself in two
    minds)."""
    found = _LAST.search(text)
    if found is None or tuple(t for c in clauses(found.group(1)) for t in c) not in TAGS:
        return text
    head = text[:found.start()]
    return head if sum(len(c) for c in clauses(head)) >= 2 else text

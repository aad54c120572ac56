"""A listener taking an answer back for another: "no, I mean yes", "yes, wait, no".

Said aloud, a first answer is often corrected in the same breath. Read as a whole, such
an answer holds a yes and a no, which the rules take for a hedge ("yes and no" is unsure),
so the listener's considered answer — the one they corrected to — was lost. People mark
a correction with a few stock words ("I mean", "wait", "sorry", "actually", "or rather",
"scratch that", "on second thought"); where the words before such a marker give one
answer and the words after it give another, the words after it are the answer
(:func:`voicepiece.story.matching.match_answer` decides that, with its own rules on each
side). A marker that corrects nothing keeps the answer as it was: "no, I mean it" (only
stress), "yes, actually" (nothing after), "sorry, yes" (nothing before).

This module only finds where an utterance may be cut; it knows nothing of answers, so the
matcher stays the one place that reads them.
"""

from __future__ import annotations

import re

__all__ = ["MARKERS", "corrections"]

MARKERS = (
    "i mean", "i meant", "wait", "hang on", "hold on", "sorry", "actually", "or rather",
    "scratch that", "i take that back", "take that back", "on second thought",
    "on second thoughts", "correction", "let me rephrase",
)
"""Words that take back what was just said. Not "rather" alone ("I'd say yes rather than
no" corrects nothing; "yes, rather" is a yes) and not "well" (a thinking word, which
leads into an answer more often than it takes one back)."""

_MARKER = re.compile(r"\b(?:" + "|".join(sorted((re.escape(m).replace(r"\ ", r"\s+")
                                                 for m in MARKERS), key=len, reverse=True))
                     + r")\b", re.IGNORECASE)


def corrections(text: str) -> list[tuple[str, str]]:
    """Every way ``text`` may be cut at a correction marker, as (before, after) with the
    marker left out, the last marker first: "yes, wait, no, I mean no" is read from its
    last correction. Empty when no marker has words on both sides."""
    cuts = []
    for found in _MARKER.finditer(text):
        before, after = text[:found.start()], text[found.end():]
        if _has_words(before) and _has_words(after):
            cuts.append((before, after))
    return cuts[::-1]


def _has_words(text: str) -> bool:
    return re.search(r"[^\W_]", text) is not None

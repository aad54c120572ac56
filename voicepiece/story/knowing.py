"""Whether a denial denies knowing or deciding (a hedge: "I would not know", "I can't make up
my mind") rather than the answer ("it is not", a no). Pure, over the matcher's clauses;
moved out of :mod:`voicepiece.story.hedges` (issue 13, thirteenth pass) as it grew.
"""

from __future__ import annotations

__all__ = ["SOFTENERS", "denied_knowing"]

SOFTENERS = frozenset({"really", "quite", "truly", "honestly", "actually", "exactly",
                       "totally", "entirely", "fully", "even"})
"""Said between a negator and a verb of knowing or telling, they only soften the hedge:
"I can't really tell" is "I can't tell", not the no of "not really"."""
_KNOWN_AFTER_NOT = frozenset({"know", "knows", "knowing", "tell", "decide", "decided",
                              "judge", "answer", "sure", "certain", "clear"})
"""After a verb and its "not" ("I would not *know*", "I have not *decided*", "it is not
*clear*"): the denial is of knowing or deciding, a hedge, not the no of "it is not". Not
"say": "I wouldn't say that" is a no ("I can't say", a hedge, is a phrase of its own)."""


_NO_IDEA = frozenset({"idea", "clue"})
_BEFORE_IDEA = frozenset({"have", "any", "a", "idea", "clue"})
"""After a denial: "I don't have (any) idea", "I have not idea" are "I have no idea" (read
as the no of "I do not", "I have not": the twelfth pass's typed fit batch)."""


def _making_up(clause: tuple[str, ...], at: int) -> bool:  # "made up my mind"
    return clause[at] in ("made", "make", "making") and "mind" in clause[at + 1:at + 4]


def denied_knowing(clause: tuple[str, ...], at: int) -> bool:
    """Whether clause[at:], after a verb's "not", denies knowing or deciding rather than
    the verb's answer: "I would not know", "I have not made (can't make) up my mind" (a
    no in listening v5's fit half, before the thirteenth pass), "I could not
    honestly say" are unsure; "it is not", "she does not listen" stay a no."""
    while at < len(clause) - 1 and clause[at] in SOFTENERS:
        at += 1
    if at >= len(clause):
        return False
    return clause[at] in _KNOWN_AFTER_NOT or _making_up(clause, at) or (
        clause[at] in _BEFORE_IDEA and not _NO_IDEA.isdisjoint(clause[at:at + 4])) or (
        clause[at] == "be" and clause[at + 1:at + 2] in (("sure",), ("certain",)))

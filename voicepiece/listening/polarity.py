"""Whether words read as yes (or no) also say the opposite, or may have lost the word that
decided it: where a misreading would swap yes and no, the worst mistake an ear can make (or
take a no for an unsure), the answer is checked with the listener ("is that what you
said?") rather than acted on (:mod:`~voicepiece.listening.combined`).
"""

from __future__ import annotations

from collections.abc import Sequence

from voicepiece.story.matching import match_answer
from voicepiece.story.phrases import Choice
from voicepiece.story.tags import without_question_tag
from voicepiece.story.wording import clauses, normalize

__all__ = ["KNOW_OR_NO", "can_or_cant", "doubtful", "know_or_no", "mixed", "no_misheard",
           "opposite", "split"]

_SAYS_NO = frozenset({"no", "not", "never", "nor", "neither", "nobody", "nothing", "none",
                      "doubt", "doubts", "without", "hardly", "nope", "nah"})
_SAYS_YES = frozenset({"yes", "yeah", "yep", "sure", "course", "definitely", "certainly",
                       "absolutely", "totally", "indeed", "true", "right", "agree"})


def _meaning(label: str | None, choices: Sequence[Choice]) -> str | None:
    return next((c.meaning for c in choices if c.label == label), None)


def mixed(label: str | None, text: str, choices: Sequence[Choice]) -> bool:
    """Whether ``text``, read as yes, also has a word that says no, or read as no, one that
    says yes, or a clause that is the opposite answer (:func:`split`): its polarity rests
    on the matcher's reading of the two together."""
    meaning = _meaning(label, choices)
    if meaning not in ("yes", "no"):
        return False
    text = without_question_tag(text)  # "it is true, no?": the tag's no is no answer
    said = set(normalize(text).split())
    return bool(said & (_SAYS_NO if meaning == "yes" else _SAYS_YES)) or split(
        label, text, choices)


def split(label: str | None, text: str, choices: Sequence[Choice]) -> bool:
    """Whether ``text``, read as yes (or no) as a whole, has a clause that read alone is
    the opposite answer ("no, I think so": an opening "no" is a pause for many speakers
    of English; "yes, no problem"). Checked even where the grammar agrees: it may have
    heard only that clause."""
    meaning = _meaning(label, choices)
    parts = clauses(without_question_tag(text))
    if meaning not in ("yes", "no") or len(parts) < 2:
        return False
    other = "no" if meaning == "yes" else "yes"
    return any(_meaning(match_answer(" ".join(part), choices, slips=False).label, choices)
               == other for part in parts)


def opposite(one: str | None, other: str | None, choices: Sequence[Choice]) -> bool:
    """Whether labels ``one`` and ``other`` mean yes and no, in either order."""
    meanings = {c.label: c.meaning for c in choices}
    return {meanings.get(one or ""), meanings.get(other or "")} == {"yes", "no"}


def know_or_no(label: str | None, text: str, choices: Sequence[Choice]) -> bool:
    """Whether an unsure read from ``text`` hangs on a last "know" after a "not" that may be
    a "no": "I don't know" and "I don't, no" sound alike — the same phones, and synthetic
    accented speakers leave no pause at the comma — and Whisper writes "know" for both
    (9 of 19 wrong labels accepted on this pass's fit voices, scripts/yesno_check.py).
    Only where the words without that "know" are a no ("I (really) don't"); "maybe I
    don't know" is unsure either way."""
    words = normalize(text).split()
    if _meaning(label, choices) != "unsure" or words[-2:] != ["not", "know"]:
        return False
    rest = " ".join(words[:-1])
    return _meaning(match_answer(rest, choices, slips=False).label, choices) == "no"


KNOW_OR_NO = "know or no"
"""What :func:`doubtful` says of an unsure that may be a no (:func:`know_or_no`)."""
_CAN = frozenset({"can", "could"})


def can_or_cant(label: str | None, text: str, choices: Sequence[Choice]) -> bool:
    """Whether a yes or no read from ``text`` turns round if one of its "can"s was a
    "can't": the two differ by a vowel's length and a stop an accent may not release, and
    Whisper writes "can" for "can't" ("I can disagree", "I can say no to that" for "I
    can't …": 4 of 58 answers holding "can't" on the fit voices)."""
    meaning = _meaning(label, choices)
    words = normalize(text).split()
    if meaning not in ("yes", "no"):
        return False
    for at, word in enumerate(words):
        if word in _CAN and words[at + 1:at + 2] != ["not"]:
            turned = " ".join([*words[:at + 1], "not", *words[at + 1:]])
            other = _meaning(match_answer(turned, choices, slips=False).label, choices)
            if other in ("yes", "no") and other != meaning:
                return True
    return False


_NEAR_NO = frozenset({"note", "know", "now", "knot", "nor", "noh", "knew"})
"""Words Whisper writes for a "no" it half heard: "Of course that note." (a Spanish-accented
fit voice's "of course that no"), "It is true now." (a tag's "no?")."""
_BEFORE_NO = frozenset({"that", "but"})
"""Words after which a no ends an emphatic or a turned answer ("of course that no",
"claro que no"; "yes, but no")."""


def no_misheard(label: str | None, text: str, choices: Sequence[Choice]) -> bool:
    """Whether a yes read from Whisper's ``text`` ends on a near-word of "no" right after
    "that" or "but", and read with "no" there is a no: "Of course that note." was a
    Spanish-accented voice's "of course that no", taken as a yes from the words alone —
    the no lost to the mishearing, the emphasis left to say yes. The words are split, so
    the listener is asked rather than either reading acted on."""
    if _meaning(label, choices) != "yes":
        return False
    words = normalize(text).split()
    if len(words) < 3 or words[-1] not in _NEAR_NO or words[-2] not in _BEFORE_NO:
        return False
    turned = " ".join([*words[:-1], "no"])
    return _meaning(match_answer(turned, choices, slips=False).label, choices) == "no"


def doubtful(label: str | None, text: str | None, choices: Sequence[Choice]) -> str | None:
    """Why an answer read from Whisper's ``text`` is to be checked rather than taken ("know
    or no"), or None. A yes whose last "not" Whisper dropped ("No, I'm fairly sure it's")
    needs no rule of its own: where the grammar heard a no phrase, a yes from the words is
    confirmed already ("opposite lean", "disagree"), and a "not" in any other phrase of the
    grammar's is its noise ("why not", "yes and no"): checking a yes on that asked about 5
    right yeses on the fit voices and saved none (scripts/yesno_check.py)."""
    if not text:
        return None
    if know_or_no(label, text, choices):
        return KNOW_OR_NO
    if can_or_cant(label, text, choices):
        return "can or can't"
    if no_misheard(label, text, choices):
        return "a no misheard"
    return None

"""What the narrator says back as the listener's answer: their own words, or none.

A mirror must never put words in the listener's mouth. So ``{heard}`` (and a remembered
answer in an ending) speaks the listener's words only when they are *trusted* — typed, or
an open transcript the recognizer vouches for, and not disowned in a confirmation — and
then from the narrator's side ("I loved her" → "you loved her"). Otherwise it speaks the
answer's canonical form: the piece's own (``canonical:``) or its built-in meaning's
("yes", "not really", "not sure"); an answer with neither, or no answer at all (silence,
unclear), has no mirror, and the line falls back or is skipped.

Second person is not turned round: "you" may be the narrator ("do you love me") or anyone
("you never know"), and a wrong guess would be worse than no echo, so words that say
"you" are not mirrored — the canonical form is said instead.
"""

from __future__ import annotations

import re

__all__ = ["CANONICAL", "mirror", "spoken_back", "without_stray_punctuation"]

CANONICAL = {"yes": "yes", "no": "not really", "unsure": "not sure"}
"""What an untrusted answer of a built-in meaning is said back as; lower case, since
a filled line capitalizes a slot that begins it."""

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_APOSTROPHE = re.compile(r"['\u2019]")

_FIRST_TO_SECOND = {
    "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
    "i'm": "you're", "im": "you're", "i've": "you've", "ive": "you've", "i'd": "you'd",
    "i'll": "you'll",
}
_FIRST_PERSON_SUBJECT = frozenset({"i", "i'm", "im", "i've", "ive", "i'd", "i'll"})
"""Always written with a capital, so their capital says nothing about the sentence."""
_AFTER_I = {"am": "are", "was": "were", "wasn't": "weren't"}
"""Verbs that agree with "I" and must change with it ("I am" → "you are")."""
_BETWEEN_I_AND_VERB = frozenset({"really", "truly", "still", "just", "also", "always", "never",
                                 "certainly", "surely", "honestly", "actually"})
"""Words that may stand between "I" and its verb ("I really am" → "you really are")."""

_SECOND_PERSON = frozenset({
    "you", "your", "yours", "yourself", "yourselves", "you're", "youre", "you've", "you'd",
    "you'll", "ya", "thee", "thou",
})

_AM_I = re.compile(r"\b([Aa]m)(\s+I)\b")
"""A question's "am I", which turns into "are you"."""

_EDGES = " \t\n.,;:!?\u2026\"'\u201c\u201d\u2018\u2019()[]-\u2013\u2014"
_REPEATED = re.compile(r"([!?,;:])[!?.,;:]+|(?<![.])[.]{2}(?![.])")


def without_stray_punctuation(words: str) -> str:
    """``words`` as a slot can hold them: no punctuation at either end (the line supplies
    its own, so nothing doubles: "What do you mean??") and no repeated marks inside."""
    words = words.strip(_EDGES)
    return _REPEATED.sub(lambda m: m.group(1) or ".", words)


def spoken_back(words: str) -> str | None:
    """The listener's ``words`` as the narrator says them back, first person turned into
    second; None when they cannot be said back: nothing but punctuation ("…"), or they
    say "you" (see the module's note)."""
    words = without_stray_punctuation(words)
    tokens = [_APOSTROPHE.sub("'", w.lower()) for w in _WORD.findall(words)]
    if not tokens or _SECOND_PERSON & set(tokens):
        return None
    previous = ""

    def turn(m: re.Match[str]) -> str:
        nonlocal previous
        word = _APOSTROPHE.sub("'", m.group(0).lower())
        said = _FIRST_TO_SECOND.get(word)
        if said is None and previous == "i":
            said = _AFTER_I.get(word)
        if not (previous == "i" and word in _BETWEEN_I_AND_VERB):
            previous = word
        if said is None:
            return m.group(0)
        if m.group(0)[0].isupper() and word not in _FIRST_PERSON_SUBJECT:
            said = said[:1].upper() + said[1:]
        return said.replace("'", "\u2019") if "\u2019" in m.group(0) else said

    words = _AM_I.sub(lambda m: ("Are" if m.group(1)[0] == "A" else "are") + m.group(2), words)
    return _WORD.sub(turn, words)


def mirror(words: str | None, trusted: bool, meaning: str | None,
           canonical: str | None) -> str | None:
    """What ``{heard}`` says for one answer: the listener's ``words`` said back when they
    are ``trusted``, else the answer's ``canonical`` form, else its ``meaning``'s, else
    nothing."""
    if trusted and words:
        said = spoken_back(words)
        if said:
            return said
    if canonical:
        return canonical
    return CANONICAL.get(meaning) if meaning else None

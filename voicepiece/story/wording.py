"""Words as phrases are compared in: lower case, contractions expanded, grouped by clause.

Typed replies, recognizer output and a piece's phrase lists all pass through here, so a
negation looks the same however it was typed, spelt or recognized.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

FUNCTION_WORDS = frozenset({
    "i", "me", "you", "he", "she", "it", "we", "they", "this", "that", "there", "is", "am", "are",
    "was", "were", "be", "been", "do", "does", "did", "have", "has", "had", "will", "would", "can",
    "could", "shall", "should", "may", "might", "must", "so", "too",
})
"""Phrases made only of these ("it is", "I do") are answers only when they end a clause;
inside a sentence ("what do I do now") they are just grammar."""

EVERYDAY_WORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "as", "up", "out", "off", "over", "about", "into", "now", "then", "here", "where",
    "when", "what", "who", "why", "how", "which", "well", "oh", "ah", "um", "uh", "hmm", "no",
    "not", "know", "knew", "new", "nod", "non", "nor", "one", "two", "go", "got", "get", "so",
    "say", "said", "see", "saw", "sue", "sore", "sort", "some", "along", "away", "always", "all",
    "also", "only", "once", "other", "our", "your", "his", "her", "its", "their", "them", "just",
    "like", "really", "very", "much", "more", "most", "less", "little", "bit", "lot", "way", "day",
    "may", "night", "light", "might", "fight", "sight", "tight", "bright", "bite", "ever", "never",
    "even", "every", "each", "boot", "booth", "bath", "moth", "truth", "tree", "through",
    "thought", "though", "tough", "rough", "enough", "nice", "time", "today", "weather", "baby",
    "be", "being",
})
"""Real words that, with FUNCTION_WORDS and the negators, a one-letter slip would otherwise
turn into an answer ("now" → "no"): the matcher's fuzzy pass skips them."""

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\"\u201c\u201d\u2014\u2013\u2026]+|\s-+\s")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")

_WHOLE_WORDS = {
    "can't": "can not",
    "cannot": "can not",
    "won't": "will not",
    "shan't": "shall not",
    "ain't": "is not",
    "let's": "let us",
    "y'all": "you all",
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "werent": "were not",
    "cant": "can not",
    "wont": "will not",
    "couldnt": "could not",
    "wouldnt": "would not",
    "shouldnt": "should not",
    "havent": "have not",
    "hasnt": "has not",
    "hadnt": "had not",
    "aint": "is not",
    "im": "i am",
    "ive": "i have",
    "youre": "you are",
    "thats": "that is",
    "whats": "what is",
    "theres": "there is",
    "dunno": "do not know",
    "kinda": "kind of",
    "sorta": "sort of",
}
_SUFFIXES = {"m": "am", "re": "are", "ve": "have", "ll": "will", "d": "would"}
_S_MEANS_IS = frozenset({
    "it", "that", "what", "there", "here", "he", "she", "who", "where", "how", "when", "why",
    "this", "everything", "nothing", "something", "everyone", "someone", "one",
})


def _expand(word: str) -> str:
    if word in _WHOLE_WORDS:
        return _WHOLE_WORDS[word]
    if word.endswith("n't"):
        return word[:-3] + " not"
    if "'" not in word:
        return word
    base, _, suffix = word.partition("'")
    if suffix in _SUFFIXES:
        return f"{base} {_SUFFIXES[suffix]}"
    if suffix == "s" and base in _S_MEANS_IS:
        return f"{base} is"
    return base + suffix.replace("'", "")


def words(text: str) -> list[str]:
    """The words of ``text`` as written, lowered, apostrophes made one — contractions kept
    whole, so they line up with a recognizer's own words (:func:`normalize` expands them)."""
    return _WORD.findall(text.translate(_APOSTROPHES).lower())


def clauses(text: str) -> tuple[tuple[str, ...], ...]:
    """Tokens grouped by clause, because a negator's reach ends at a comma or full stop."""
    lowered = text.translate(_APOSTROPHES).lower()
    clauses = []
    for part in _CLAUSE_BREAK.split(lowered):
        tokens = tuple(
            token for word in _WORD.findall(part) for token in _expand(word).split()
        )
        if tokens:
            clauses.append(tokens)
    return tuple(clauses)


@lru_cache(maxsize=8192)  # phrase lists are normalized again and again; text is immutable
def normalize(text: str) -> str:
    """The canonical form phrases are compared in, and the recognizer's grammar is written in.

    Contractions are expanded ("don't" → "do not") so that a negation looks the same
    whichever way it was typed, spelt or recognized.
    """
    return " ".join(token for clause in clauses(text) for token in clause)


DETERMINERS = frozenset({"a", "an", "the", "my", "your", "his", "her", "our", "their", "its",
                         "every", "each", "some", "any", "no", "this", "that", "these",
                         "those"})
"""Words that open a noun phrase ("a quiet sort of way", "the person"): where a clause's
shape is read (:mod:`voicepiece.listening.clause_parse`) and where a "sort of" names a kind
rather than hedging (:mod:`voicepiece.story.evidence`, which names its differences)."""


HESITATIONS = frozenset({"um", "umm", "uhm", "uh", "uhh", "er", "erm", "err", "hm", "hmm",
                         "hmmm", "ah"})
"""Sounds of thinking a transcript may keep ("I, um, don't think so"): they say nothing, so
the matcher reads an answer without them. "uh huh", "mm hmm" and "uh uh" are words of
their own (a yes, a yes, a no) and keep them."""
_PAIRED = frozenset({("uh", "huh"), ("mm", "hmm"), ("uh", "uh"), ("mhm", "hmm"), ("m", "hmm")})


def without_hesitations(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """``tokens`` without :data:`HESITATIONS`, but for the pairs that are words ("uh huh")."""
    return tuple(t for i, t in enumerate(tokens)
                 if t not in HESITATIONS or tokens[i:i + 2] in _PAIRED
                 or (tokens[max(i - 1, 0):i + 1] in _PAIRED and i > 0))


def phrase_spans(tokens: tuple[str, ...], phrases: Iterable[tuple[str, ...]]
                 ) -> Iterator[tuple[int, int]]:
    """Where each of ``phrases`` stands whole in ``tokens``: (start, end) of every place."""
    for phrase in phrases:
        size = len(phrase)
        for start in range(len(tokens) - size + 1):
            if tokens[start:start + size] == phrase:
                yield start, start + size

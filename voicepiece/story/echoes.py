"""A yes/no question's own words said back before the answer: "True love? No."

Listeners often repeat the question's words before answering it. At a yes/no point those
words may be phrasings of an answer themselves — "true" is a yes — so "true love? no" held
a yes and a no, which the rules read as a hedge, and the listener's no became *unsure*.
Where the words before the answer are, word for word, a run of the question's own (with
one word of substance at least), they are the question repeated, not an answer: the rest
is read alone (:func:`voicepiece.story.matching.match_answer` decides that; this module
only finds the cut).
"""

from __future__ import annotations

from functools import lru_cache

from voicepiece.story.wording import EVERYDAY_WORDS, FUNCTION_WORDS, normalize

__all__ = ["after_echo"]


def after_echo(text: str, asked: str | None) -> str | None:
    """The words of ``text`` after its longest opening run that is a run of the question
    ``asked``'s words, when that run holds a word of substance and words follow it; None
    when ``text`` does not open by repeating the question, or is nothing but its words."""
    if not asked:
        return None
    said, runs = normalize(text).split(), _runs(asked)
    if " ".join(said) in runs:
        return None  # the question's words alone ("true love") are the answer said
    for k in range(len(said) - 1, 0, -1):
        opening = said[:k]
        if " ".join(opening) in runs and any(
                w not in FUNCTION_WORDS and w not in EVERYDAY_WORDS for w in opening):
            return " ".join(said[k:])
    return None


@lru_cache(maxsize=64)
def _runs(asked: str) -> frozenset[str]:
    """Every run of ``asked``'s words: a piece asks the same few questions every session."""
    question = normalize(asked).split()
    return frozenset(" ".join(question[i:j]) for i in range(len(question))
                     for j in range(i + 1, len(question) + 1))

"""Whether spoken words a point read as none of its answers are the listener's own open
answer, judged by what the point already says: its question and its answers' phrases.

An open answer is *about* the question and yet *none* of its answers. The first half is
the relevance floor (story/offscript.py, ``OPEN_RELEVANCE_FLOOR``): the sentence model's
nearest similarity of the words to the question and the answers' phrases. This module
adds the second half for words that came through an ear: words very near one of the
answers' phrases that the rules still did not read as it ("the origin has no bearing on
it whatsoever", 0.5 and more from *neither*'s phrases) are most likely that answer said
in other words, misheard or denied, not something of the listener's own. Received as
open they would be a wrong branch that is never checked; they are asked again instead.

Issue 13's sixteenth pass (docs/listening-measurements.md, "Open answers on the first
asking") tried two more things and kept neither: the point's own lines as context (its
whole passage, its ``explain`` and ``open`` lines) separated open answers from off-list
talk no better than the question and the phrases do; and words Whisper was only sure
enough to read (``Heard.sure_words``), taken as open on the first asking behind this
guard, took misheard own meanings and talk addressed elsewhere on the held halves.
"""

from __future__ import annotations

from typing import NamedTuple

from voicepiece.session.events import Heard, Question
from voicepiece.story.meaning import Similarity
from voicepiece.story.model import UNCLEAR
from voicepiece.story.wording import normalize

__all__ = ["OPEN_NEAR_ANSWER", "Nearness", "nearness", "trusted_as_open"]

OPEN_NEAR_ANSWER = 0.5
"""The similarity to the nearest of a point's answer phrases at and above which spoken
words the rules did not read as that answer are not received as an open answer. Chosen
on the development fit half (scripts/again_causes.py --half fit; 0.45 and 0.6 decide the
same there): it turns one wrong branch there into an answer asked again and changes
nothing else."""


class Nearness(NamedTuple):
    """How near words are in meaning to a point: ``relevance``, the nearest of its
    question and its answers' phrases; ``answer``, the nearest of the phrases alone.
    Both None without a sentence model (the rules alone decide)."""

    relevance: float | None
    answer: float | None


def nearness(text: str, question: Question, meanings: Similarity | None,
             asked: str | None) -> Nearness:
    """``text``'s :class:`Nearness` to ``question`` (``asked``: the words that asked it),
    read as the matcher reads it: a transcript's capitals and full stop moved the score
    across the floor ("It should last." fell below, typed above)."""
    said = normalize(text)
    phrases = [normalize(p) for c in question.choices for p in c.phrases]
    examples = [*([normalize(asked)] if asked else []), *phrases]
    if meanings is None or not said or not examples:
        return Nearness(None, None)
    scores = meanings.similarities(said, examples)
    if not scores:
        return Nearness(None, None)
    scores = list(scores)
    near_answer = max(scores[-len(phrases):]) if phrases else None
    return Nearness(max(scores), near_answer)


def trusted_as_open(heard: Heard, near: Nearness, refusal: bool = False) -> bool:
    """Whether ``heard``'s words are trusted to be an open answer (the rest of the test is
    ``offscript.is_open_answer``'s): the listener's own words, spoken ones only when not
    too near one of the answers (:data:`OPEN_NEAR_ANSWER`). After a ``refusal`` of a
    reading, any words sure enough to read (``sure_words``), received without being said
    back: the listener has just said they were not that answer. Taken as open the first
    time, such words ("it is not inside each of us" for "it starts inside each of us")
    would be a wrong branch, never checked."""
    if not (heard.own_words or heard.sure_words) or not heard.text:
        return False
    if refusal:
        return True
    if not heard.own_words:
        return False
    spoken = heard.label == UNCLEAR  # heard by an ear: its words may be misheard
    return not (spoken and near.answer is not None and near.answer >= OPEN_NEAR_ANSWER)

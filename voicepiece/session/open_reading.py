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
asking") found that the point's own lines (its passage, its ``explain`` and ``open`` say
lines) separate open answers from off-list talk no better than the question and the
phrases do ("we go walking in the hills on sundays" lies as far from friendship's lines
as talk of a family lunch), and that words Whisper was only sure enough to read
(``Heard.sure_words``), all taken as open, took misheard own meanings and talk addressed
elsewhere. The seventeenth pass ("Example open answers") lets the author say what an open
answer looks like (``open: examples:``): words near one of those examples are relevant
(:data:`OPEN_EXAMPLE_FLOOR`; spoken words by the examples alone,
:data:`OPEN_SPOKEN_EXAMPLE_FLOOR`), and words only sure enough to read are trusted as open
when very like one (:data:`OPEN_LIKE_AN_EXAMPLE`) and not near an answer.
"""

from __future__ import annotations

from typing import NamedTuple

from voicepiece.session.events import Heard, Question
from voicepiece.story.meaning import Similarity
from voicepiece.story.model import UNCLEAR
from voicepiece.story.offscript import OPEN_RELEVANCE_FLOOR
from voicepiece.story.wording import normalize

__all__ = ["EXAMPLE_OVER_ANSWER", "OPEN_EXAMPLE_FLOOR", "OPEN_LIKE_AN_EXAMPLE",
           "OPEN_NEAR_ANSWER", "OPEN_SPOKEN_EXAMPLE_FLOOR", "Nearness", "nearer_an_example",
           "nearness", "relevance", "trusted_as_open"]

OPEN_NEAR_ANSWER = 0.5
"""The similarity to the nearest of a point's answer phrases at and above which spoken
words the rules did not read as that answer are not received as an open answer. Chosen
on the development fit half (scripts/again_causes.py --half fit; 0.45 and 0.6 decide the
same there): it turns one wrong branch there into an answer asked again and changes
nothing else."""


class Nearness(NamedTuple):
    """How near words are in meaning to a point: ``relevance``, the nearest of its
    question, its answers' phrases and its author's example open answers (those counted
    only from :data:`OPEN_EXAMPLE_FLOOR`); ``answer``, the nearest of the phrases alone.
    Both None without a sentence model (the rules alone decide)."""

    relevance: float | None
    answer: float | None
    example: float | None = None
    """The nearest of the point's example open answers (None without any)."""


OPEN_EXAMPLE_FLOOR = 0.30
"""The similarity to the nearest of a point's example open answers (``open: examples:``)
at which words are near enough the question to be received as open, whatever their
similarity to the question and the answers' phrases (``OPEN_RELEVANCE_FLOOR``). Chosen
on the development fit half (scripts/open_relevance.py, scripts/again_causes.py)."""


OPEN_LIKE_AN_EXAMPLE = 0.5
"""The similarity to the nearest of a point's example open answers at which spoken words
the ear was sure enough to read (``Heard.sure_words``), not to say back, are trusted as an
open answer on the first asking (received, never said back). Chosen on the development fit
half."""


def nearness(text: str, question: Question, meanings: Similarity | None,
             asked: str | None, examples: tuple[str, ...] = ()) -> Nearness:
    """``text``'s :class:`Nearness` to ``question`` (``asked``: the words that asked it;
    ``examples``: the point's example open answers), read as the matcher reads it: a
    transcript's capitals and full stop moved the score across the floor ("It should
    last." fell below, typed above)."""
    said = normalize(text)
    phrases = [normalize(p) for c in question.choices for p in c.phrases]
    lines = [*([normalize(asked)] if asked else []), *phrases]
    shown = [normalize(e) for e in examples]
    if meanings is None or not said or not lines + shown:
        return Nearness(None, None)
    scores = list(meanings.similarities(said, lines + shown) or ())
    if not scores:
        return Nearness(None, None)
    own, by_example = scores[:len(lines)], scores[len(lines):]
    near_answer = max(own[len(own) - len(phrases):]) if phrases else None
    relevance = max(own, default=-1.0)
    if by_example and max(by_example) >= OPEN_EXAMPLE_FLOOR:
        relevance = max(relevance, OPEN_RELEVANCE_FLOOR, max(by_example))
    return Nearness(relevance, near_answer, max(by_example) if by_example else None)


EXAMPLE_OVER_ANSWER: float | None = 0.1
"""How much nearer one of a point's example open answers than any of its answers' phrases
spoken words must lie for the examples to speak first (:func:`nearer_an_example`): such
words are trusted as open however near an answer (:data:`OPEN_NEAR_ANSWER`), and are not
offered back as an answer the sentence model reads in them, loosely or with its gist
agreeing (session/deciding.py); the rules' readings stand. None: never. Chosen on the fit
halves of the written development sets read as said (scripts/refusals_said.py): the lowest
margin in steps of 0.05 that loses no own meaning there (0.05 loses 3 of 87)."""


def nearer_an_example(near: Nearness) -> bool:
    """Whether words at ``near`` are nearer one of the point's example open answers than
    any of its answers' phrases (by :data:`EXAMPLE_OVER_ANSWER`): "from god", one of
    *source*'s examples, lies 0.73 from *another*'s phrases, yet is the author's own
    example of something else."""
    return (EXAMPLE_OVER_ANSWER is not None and near.example is not None
            and near.answer is not None and near.example - near.answer >= EXAMPLE_OVER_ANSWER)


OPEN_SPOKEN_EXAMPLE_FLOOR = 0.25
"""For spoken words at a point with example open answers, the similarity to the nearest
example that makes them relevant, instead of their relevance to the question's line and
the answers' phrases: overheard talk (the fit half's remark on weather forecasts, 0.37 from
friendship's phrases) lies far from what the author expects (0.20). Typed words, addressed
to the piece, keep the wider test (a personal answer turned away hurts more). Chosen on
the development fit half (off-list taken 7 -> 4 of 210, wrong 28 -> 25, no open answer lost)."""


def relevance(heard: Heard, near: Nearness) -> float | None:
    """The relevance ``offscript.is_open_answer`` weighs against its floor: ``near``'s,
    but for words heard by an ear at a point with examples, their nearness to the examples
    alone, moved onto the question's scale (:data:`OPEN_SPOKEN_EXAMPLE_FLOOR` there is the
    floor)."""
    if heard.label == UNCLEAR and near.example is not None:
        return near.example - OPEN_SPOKEN_EXAMPLE_FLOOR + OPEN_RELEVANCE_FLOOR
    return near.relevance


def trusted_as_open(heard: Heard, near: Nearness, refusal: bool = False) -> bool:
    """Whether ``heard``'s words are trusted to be an open answer (the rest of the test is
    ``offscript.is_open_answer``'s): the listener's own words, spoken ones only when not
    too near one of the answers (:data:`OPEN_NEAR_ANSWER`); spoken words only sure enough
    to read (``sure_words``) when very like one of the point's example open answers
    (:data:`OPEN_LIKE_AN_EXAMPLE`) and not near an answer. After a ``refusal`` of a
    reading, any words sure enough to read (``sure_words``), received without being said
    back: the listener has just said they were not that answer. Taken as open the first
    time whatever they are like, such words ("it is not inside each of us" for "it starts
    inside each of us") would be a wrong branch, never checked."""
    if not (heard.own_words or heard.sure_words) or not heard.text:
        return False
    if refusal:
        return True
    if not heard.own_words:
        return (heard.label == UNCLEAR and near.example is not None
                and near.example >= OPEN_LIKE_AN_EXAMPLE
                and (near.answer is None or near.answer < OPEN_NEAR_ANSWER))
    spoken = heard.label == UNCLEAR  # heard by an ear: its words may be misheard
    return not (spoken and near.answer is not None and near.answer >= OPEN_NEAR_ANSWER
                and not nearer_an_example(near))

"""What one turn was: an answer, a question back, an open answer, unclear or silence.

Pure: the session asks it once per turn, and the listening bench asks it the same way,
so the bench measures the decision a listener gets.
"""

from __future__ import annotations

from voicepiece.session.events import Heard, Question
from voicepiece.story.matching import Match, Similarity, match_answer
from voicepiece.story.model import EXPLAIN, OPEN, SILENCE, UNCLEAR, Listen
from voicepiece.story.offscript import asks_back, is_open_answer
from voicepiece.story.wording import normalize

__all__ = ["decide"]


def decide(heard: Heard, question: Question, listen: Listen | None = None,
           meanings: Similarity | None = None, asked: str | None = None) -> tuple[str, float]:
    """The label of one turn, and how sure it is. At a listening point (``listen``), a
    question back ("what do you mean?") is ``explain`` whatever it may also match ("I
    don't understand the question" is not "no"), and an understood reply that is none of
    the answers is ``open`` where the point takes open answers (story/offscript.py).
    ``meanings`` reads what the rules leave undecided by meaning (story/meaning.py);
    ``asked``, the words of the question, lets it tell an echo of the question from an
    answer."""
    if heard.text is None or not heard.text.strip():
        return SILENCE, 1.0
    if listen is not None and asks_back(heard.text) and not _one_of_its_phrases(
            heard.text, question):
        return EXPLAIN, heard.confidence
    offered = {c.label for c in question.choices}
    if heard.label in offered:
        return heard.label, heard.confidence
    match = (None if heard.label == UNCLEAR
             else match_answer(heard.text, question.choices, meanings, asked))
    takes_open = (listen is not None and listen.open is not None
                  and is_open_answer(heard.text, heard.own_words,
                                     _relevance(heard.text, question, meanings, asked)))
    if match is not None and match.label is not None and not (
            takes_open and _only_near_a_builtin(match, question)):
        return match.label, heard.confidence * match.confidence
    if takes_open:
        return OPEN, heard.confidence
    return UNCLEAR, heard.confidence


def _relevance(text: str, question: Question, meanings: Similarity | None,
               asked: str | None) -> float | None:
    """How near ``text`` is in meaning to the question and its answers' own phrases: an
    open answer is about the question ("it comes from god"), off-topic talk ("banana")
    is not. None without a sentence model."""
    if meanings is None:
        return None
    examples = [*([asked] if asked else []), *(p for c in question.choices for p in c.phrases)]
    scores = meanings.similarities(text, examples) if examples else None
    return max(scores) if scores else None


def _one_of_its_phrases(text: str, question: Question) -> bool:
    """Whether ``text`` is, word for word, a phrase the piece gave one of the answers: a
    piece may offer "again" as an answer, and then it is one, not a question back."""
    said = normalize(text)
    return any(said == normalize(p) for c in question.choices for p in c.phrases)


def _only_near_a_builtin(match: Match, question: Question) -> bool:
    """Whether ``match`` is the sentence model's guess (the rules found nothing) at a
    built-in meaning with no phrases of the piece's own: "from god" lies nearer "from time
    to time" (unsure) than anything else, yet where a point takes open answers it is one."""
    choice = next((c for c in question.choices if c.label == match.label), None)
    return match.nearest is not None and choice is not None and not choice.phrases

"""Near misses of a phrase: the matcher's second pass, for an utterance in which no phrase
was found exactly — a slip of the keyboard ("yess") or another form of a phrase's words
("I listen" for "listening"), never a word of its own ("party" in a sentence is no slip of
"partly") nor one that turns the answer round ("i think it" is no "i think not"). Used by
:mod:`voicepiece.story.matching`.
"""

from __future__ import annotations

from collections.abc import Iterator
from difflib import SequenceMatcher

from voicepiece.story.evidence import Compiled, Phrase, evidence_of
from voicepiece.story.hedges import NEGATORS
from voicepiece.story.wording import EVERYDAY_WORDS, FUNCTION_WORDS

__all__ = ["FUZZY_THRESHOLD", "SLIP_REST", "nearest_slip"]

FUZZY_THRESHOLD = 0.8
"""Similarity (difflib ratio) at which a misspelt or misheard phrase is still accepted."""
SLIP_REST = 2
"""A slip of a phrase is taken only when at most this many words of the utterance lie
outside the slipped words: "party" in "we had a party last night" is the word party, not
a slip of "partly" (tests/data/meanings-tuning-natural.tsv)."""
_COMMON_WORDS = FUNCTION_WORDS | NEGATORS | EVERYDAY_WORDS


def _windows(clauses: tuple[tuple[str, ...], ...], sizes: range) -> Iterator[tuple[int, int, int]]:
    for index, clause in enumerate(clauses):
        for size in sizes:
            for start in range(len(clause) - size + 1):
                yield index, start, start + size


def nearest_slip(clauses: tuple[tuple[str, ...], ...], compiled: Compiled,
                 slips: bool = True) -> tuple[str, float, str] | None:
    """The best near-miss of a phrase, for when the utterance contains none exactly — its
    label, similarity and the phrase it missed — or None (none, or a tie); without
    ``slips``, only another form of the same words ("listen" for "listening")."""
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for index, start, end in _windows(clauses, range(1, compiled.longest + 2)):
        words = clauses[index][start:end]
        if all(w in _COMMON_WORDS for w in words):
            continue
        spans.setdefault(" ".join(words), []).append((index, start, end))
    if not all(t in _COMMON_WORDS for c in clauses for t in c):
        spans.setdefault(" ".join(t for c in clauses for t in c), [])
    total = sum(len(c) for c in clauses)
    by_initial: dict[str, list[str]] = {}
    for text in spans:
        by_initial.setdefault(text[0], []).append(text)

    scores: dict[str | None, float] = {}
    texts: dict[str | None, str] = {}
    matcher = SequenceMatcher(autojunk=False)
    for phrase in compiled.phrases.values():
        matcher.set_seq2(phrase.text)
        length = len(phrase.text)
        for text in by_initial.get(phrase.text[0], ()):
            if text == phrase.text:
                continue
            if 2 * min(length, len(text)) / (length + len(text)) < FUZZY_THRESHOLD:
                continue
            if text.count(" ") != phrase.text.count(" ") and \
                    text.replace(" ", "") != phrase.text.replace(" ", ""):
                continue  # "i need" is two words, not a slip of "indeed"; "ofcourse" is one
            if _slips(text, phrase.text) > 1:
                continue  # "the dog" is not a slip of "they do": a slip is one word
            if _turns_round(text, phrase.text):
                continue  # "i think it" is no slip of "i think not": a slip keeps its sense
            if not slips and not _same_words(text, phrase.text):
                continue  # "of close" is no form of "of course"
            if spans[text] and total - len(text.split()) > SLIP_REST and \
                    not _inflected(text, phrase.text):
                continue  # "party" inside a sentence is a word of its own, not "partly"
            matcher.set_seq1(text)
            if matcher.quick_ratio() < FUZZY_THRESHOLD:
                continue
            similarity = matcher.ratio()
            if similarity < FUZZY_THRESHOLD:
                continue
            for label, phrase_text in _fuzzy_targets(text, spans[text], clauses, phrase, compiled):
                if similarity > scores.get(label, 0.0):
                    scores[label] = similarity
                    texts[label] = phrase_text
    if not scores:
        return None
    top = max(scores.values())
    winners = [label for label, score in scores.items() if score == top]
    if len(winners) > 1 or winners[0] is None:
        return None
    return winners[0], top, texts[winners[0]]


def _same_words(text: str, phrase: str) -> bool:
    """Whether ``text`` is ``phrase`` in other forms of its words: each word differing
    from the phrase's is the same stem, the shorter all but its last letter a prefix of
    the longer ("listen", "listening"; "believe", "believing"), not another word."""
    for a, b in zip(text.split(), phrase.split(), strict=False):
        if a == b:
            continue
        shorter = min(len(a), len(b))
        common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                      shorter)
        if common < max(3, shorter - 1):
            return False
    return True


def _inflected(text: str, phrase: str) -> bool:
    """Whether each word of ``text`` is the phrase's word or begins or ends it ("listen",
    "listening"): stricter than :func:`_same_words`, which takes "party" for "partly"."""
    return all(a.startswith(b) or b.startswith(a)
               for a, b in zip(text.split(), phrase.split(), strict=False))


_TURNING = frozenset({"not", "no", "never", "nor", "nope", "nah"})


def _turns_round(text: str, phrase: str) -> bool:
    """Whether the one word ``text`` has in place of the phrase's is a denial where the
    other is none, or the reverse: a slip of the keyboard does not turn an answer round,
    and "i think it (counts)" read as "i think not" would swap yes and no."""
    return any(a != b and ((a in _TURNING) != (b in _TURNING))
               and SequenceMatcher(None, a, b).ratio() < FUZZY_THRESHOLD - 0.2  # "noo": "no"
               for a, b in zip(text.split(), phrase.split(), strict=False))


def _slips(text: str, phrase: str) -> int:
    """How many words of ``text`` differ from ``phrase``'s, word for word."""
    return sum(a != b for a, b in zip(text.split(), phrase.split(), strict=False))


def _fuzzy_targets(
    text: str, places: list[tuple[int, int, int]], clauses: tuple[tuple[str, ...], ...],
    phrase: Phrase, compiled: Compiled,
) -> Iterator[tuple[str | None, str]]:
    """Labels a near-miss supports; None stands for a meaning that is not offered."""
    if not places:
        for target in phrase.targets:
            yield target.label, phrase.text
        return
    for index, start, end in places:
        for e in evidence_of(clauses[index], index, start, end, phrase, compiled):
            yield e.label, e.text

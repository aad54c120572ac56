"""Turning what the listener said into one of the answers a listening point offers.

This runs between the listener's last word and the narrator's reply, so it is pure,
precomputes what it can per set of choices, and reads nothing but its packaged phrase
lists. It works in two passes:

1. Phrases found in the utterance, longest first: a phrase lying inside a longer one that
   also matched ("sure" in "not sure", "no" in "I don't know") is not evidence. A yes
   phrasing with a negator shortly before it ("not true", "I don't think it is") counts
   as no; a negated phrase of the piece's own counts for nothing, whatever its meaning,
   because "not alone" says what the answer is not, not what it is; and the "not really"
   of "not really alone" is then no answer of its own. Hedges ("maybe", "not sure") win
   over yes and no, and yes with no is a hedge.
   Words that only stress a verb after its subject are read without ("I really think
   so"), and a doubt negates what follows unless it is denied ("I doubt that very much"
   is no, "no doubt it is" yes): :mod:`voicepiece.story.hedges`.
2. Only when no phrase was found at all (and a sentence model, where given, read no answer
   in it by meaning): a fuzzy comparison of the utterance and its word
   windows with every phrase, for slips of the keyboard or the recognizer ("yess"); and
   failing that, an answer that opens with "not" or "never" is a no ("not in my book").

The built-in phrasings are meanings.yaml's (also the speech grammars') and
understood.yaml's (matched only, never listened for).

When any offered choice has a built-in meaning, all built-in phrasings take part, even
those of meanings not offered: "I don't know" must not be read as "no" just because
"unsure" is not among the answers. Such evidence can only ever lead to "no match".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache
from typing import NamedTuple

from voicepiece.story.hedges import (
    HEDGE_WORDS,
    NEGATORS,
    denied_doubt,
    elliptical_no,
    negator_before,
    polite_no,
    short_echo,
    without_intensifiers,
)
from voicepiece.story.meaning import Similarity, nearest_answer
from voicepiece.story.phrases import (
    BUILTIN_MEANINGS,
    Choice,
    ChoicesKey,
    builtin_phrases,
    choices_key,
    meaning_phrases,
    understood_phrases,
    unique,
)
from voicepiece.story.wording import EVERYDAY_WORDS, FUNCTION_WORDS, normalize
from voicepiece.story.wording import clauses as _clauses

__all__ = ["MEANING_CONFIDENCE", "Match", "Similarity", "match_answer"]

FUZZY_THRESHOLD = 0.8
"""Similarity (difflib ratio) at which a misspelt or misheard phrase is still accepted."""
MEANING_CONFIDENCE = 0.6
"""An answer read by meaning is less sure than a phrase: a recognizer's transcript read
this way is confirmed with the listener (transcripts.TRANSCRIPT_THRESHOLDS) before use."""


@dataclass(frozen=True)
class Match:
    """The answer an utterance was taken to give.

    ``confidence`` is 1.0 when the whole utterance is accounted for by the phrases that
    decided it, lower (down to 0.75) the more of it went unexplained, 0.6 for a hedge
    inferred only from yes and no said together, the similarity (>= 0.8) for a fuzzy
    match, :data:`MEANING_CONFIDENCE` for an answer read by meaning (``phrase`` is then
    the example it came nearest to), and 0.0 when nothing matched.
    """

    label: str | None
    confidence: float
    phrase: str | None
    nearest: float | None = None
    """Only when a sentence model was given and the rules did not decide: the best
    similarity (cosine) of the utterance to any offered answer's examples — how near it
    came to something the point expects, whether taken or not."""


NO_MATCH = Match(None, 0.0, None)

_COMMON_WORDS = FUNCTION_WORDS | NEGATORS | EVERYDAY_WORDS


class _Target(NamedTuple):
    label: str | None
    polarity: str | None
    own: bool


class _Phrase(NamedTuple):
    text: str
    size: int
    targets: tuple[_Target, ...]
    clause_final: bool


class _Compiled(NamedTuple):
    phrases: dict[tuple[str, ...], _Phrase]
    longest: int
    meaning_labels: dict[str, str | None]


@lru_cache(maxsize=256)
def _compile(key: ChoicesKey) -> _Compiled:
    """Index the phrases of one set of choices; cached because a piece reuses its sets."""
    meaning_labels: dict[str, str | None] = dict.fromkeys(BUILTIN_MEANINGS)
    for label, meaning, _ in key:
        meaning_phrases(meaning)
        if meaning is not None and meaning_labels[meaning] is None:
            meaning_labels[meaning] = label
    targets: dict[str, list[_Target]] = {}
    for label, meaning, phrases in key:
        generic = set(meaning_phrases(meaning))
        if meaning is not None:
            generic.update(understood_phrases()[meaning])
        for phrase in unique(normalize(p) for p in phrases):
            own = phrase not in generic
            targets.setdefault(phrase, []).append(_Target(label, meaning, own))
    if any(meaning is not None for _, meaning, _ in key):
        for meaning in BUILTIN_MEANINGS:
            for phrase in (*builtin_phrases()[meaning], *understood_phrases()[meaning]):
                if phrase not in targets:
                    targets[phrase] = [_Target(meaning_labels[meaning], meaning, own=False)]
    index = {}
    for phrase, found in targets.items():
        tokens = tuple(phrase.split())
        clause_final = all(t in FUNCTION_WORDS for t in tokens)
        index[tokens] = _Phrase(phrase, len(tokens), tuple(dict.fromkeys(found)), clause_final)
    longest = max((p.size for p in index.values()), default=0)
    return _Compiled(index, longest, meaning_labels)


class _Found(NamedTuple):
    clause: int
    start: int
    end: int
    phrase: _Phrase


class _Evidence(NamedTuple):
    """What a phrase says; label and polarity are both None when a negator voided it."""

    label: str | None
    polarity: str | None
    size: int
    clause: int
    start: int
    end: int
    text: str
    negator: int | None = None


def _evidence(
    clause: tuple[str, ...], index: int, start: int, end: int, phrase: _Phrase,
    compiled: _Compiled,
) -> Iterator[_Evidence]:
    """What one phrase found at clause[start:end] says, once negation is applied."""
    negator = negator_before(clause, start)
    follows_not = end < len(clause) and clause[end] == "not"
    for target in phrase.targets:
        if target.own and negator is not None:
            yield _Evidence(None, None, 0, index, negator, end, " ".join(clause[negator:end]),
                            negator)
        elif target.polarity == "yes" and not target.own and (negator is not None or follows_not):
            flipped = "unsure" if clause[end - 1] in HEDGE_WORDS else "no"
            begin = start if negator is None else negator
            stop = end + 1 if follows_not else end
            yield _Evidence(
                compiled.meaning_labels[flipped], flipped, stop - begin, index, begin, stop,
                " ".join(clause[begin:stop]), negator,
            )
        else:
            yield _Evidence(target.label, target.polarity, phrase.size, index, start, end,
                            phrase.text)


def _find(clauses: tuple[tuple[str, ...], ...], compiled: _Compiled) -> list[_Found]:
    found = []
    for index, clause in enumerate(clauses):
        for start in range(len(clause)):
            for size in range(1, min(compiled.longest, len(clause) - start) + 1):
                phrase = compiled.phrases.get(clause[start:start + size])
                if phrase is None:
                    continue
                if phrase.clause_final and not short_echo(clause, start, start + size):
                    continue
                found.append(_Found(index, start, start + size, phrase))
    return [
        f for f in found
        if not any(
            o.clause == f.clause and o.start <= f.start and f.end <= o.end
            and o.end - o.start > f.end - f.start
            for o in found
        ) and not denied_doubt(clauses[f.clause], f.start)
    ]


def _coverage(evidence: Sequence[_Evidence], clauses: tuple[tuple[str, ...], ...]) -> float:
    covered = {(e.clause, i) for e in evidence for i in range(e.start, e.end)}
    return len(covered) / sum(len(c) for c in clauses)


def _decide(
    evidence: list[_Evidence], clauses: tuple[tuple[str, ...], ...], compiled: _Compiled,
) -> Match:
    polarities = {e.polarity for e in evidence if e.polarity is not None}
    if "unsure" in polarities or {"yes", "no"} <= polarities:
        label = compiled.meaning_labels["unsure"]
        if label is None:
            return NO_MATCH
        hedges = [e for e in evidence if e.polarity == "unsure"]
        last = max(evidence, key=lambda e: (e.clause, e.end))
        said_no = compiled.meaning_labels["no"]
        if hedges and said_no and polite_no([h.text for h in hedges], last.text,
                                            last.end == len(clauses[last.clause])
                                            and last.clause == len(clauses) - 1):
            return _confident(said_no, [last], clauses)
        if not hedges:
            return Match(label, 0.6, " ".join(t for c in clauses for t in c))
        return _confident(label, hedges, clauses)
    best: dict[str, int] = {}
    for e in evidence:
        if e.label is not None:
            best[e.label] = max(best.get(e.label, 0), e.size)
    if not best:
        return NO_MATCH
    strongest = max(best.values())
    winners = [label for label, size in best.items() if size == strongest]
    if len(winners) > 1:
        return NO_MATCH
    return _confident(winners[0], [e for e in evidence if e.label == winners[0]], clauses)


def _confident(
    label: str, evidence: list[_Evidence], clauses: tuple[tuple[str, ...], ...],
) -> Match:
    phrase = max(evidence, key=lambda e: (e.size, len(e.text))).text
    return Match(label, 0.75 + 0.25 * _coverage(evidence, clauses), phrase)


def _windows(clauses: tuple[tuple[str, ...], ...], sizes: range) -> Iterator[tuple[int, int, int]]:
    for index, clause in enumerate(clauses):
        for size in sizes:
            for start in range(len(clause) - size + 1):
                yield index, start, start + size


def _fuzzy(clauses: tuple[tuple[str, ...], ...], compiled: _Compiled) -> Match:
    """The best near-miss of a phrase, for when the utterance contains none exactly."""
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for index, start, end in _windows(clauses, range(1, compiled.longest + 2)):
        words = clauses[index][start:end]
        if all(w in _COMMON_WORDS for w in words):
            continue
        spans.setdefault(" ".join(words), []).append((index, start, end))
    if not all(t in _COMMON_WORDS for c in clauses for t in c):
        spans.setdefault(" ".join(t for c in clauses for t in c), [])
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
        return NO_MATCH
    top = max(scores.values())
    winners = [label for label, score in scores.items() if score == top]
    if len(winners) > 1 or winners[0] is None:
        return NO_MATCH
    return Match(winners[0], top, texts[winners[0]])


def _slips(text: str, phrase: str) -> int:
    """How many words of ``text`` differ from ``phrase``'s, word for word."""
    return sum(a != b for a, b in zip(text.split(), phrase.split(), strict=False))


def _fuzzy_targets(
    text: str, places: list[tuple[int, int, int]], clauses: tuple[tuple[str, ...], ...],
    phrase: _Phrase, compiled: _Compiled,
) -> Iterator[tuple[str | None, str]]:
    """Labels a near-miss supports; None stands for a meaning that is not offered."""
    if not places:
        for target in phrase.targets:
            yield target.label, phrase.text
        return
    for index, start, end in places:
        for e in _evidence(clauses[index], index, start, end, phrase, compiled):
            yield e.label, e.text


def match_answer(text: str | None, choices: Sequence[Choice],
                 similarity: Similarity | None = None, question: str | None = None) -> Match:
    """Which of ``choices`` the listener gave, if any; only an offered label is returned.

    With ``similarity`` (a sentence model) an utterance in which the rules found no
    phrase at all is read by meaning (:mod:`voicepiece.story.meaning`), and every
    unmatched one gets its ``nearest`` score. The meaning comes before the rules' guess
    at a slip: "a long chat with my sister" is nearer "a song" than any phrase letter for
    letter, but nearest in meaning to "talking to someone"; a slip ("yess") is still taken
    when the model reads no answer in it. ``question``, the line that asked, lets the model
    tell an echo of the question from an answer to it."""
    match, found = _by_rules(text, choices)
    said = found == PHRASE
    if similarity is None or (said and match.label is not None) or not text or \
            not text.strip():
        return match
    near = nearest_answer(text, choices, similarity, question=question)
    if near is None:
        return match
    if near.label is not None and not said:
        return Match(near.label, MEANING_CONFIDENCE, near.example, near.similarity)
    if match.label is not None:
        return match
    return replace(match, nearest=near.similarity)


PHRASE = "phrase"
"""What :func:`_by_rules` found: a phrase said in so many words (or a sentence opening with
"not"); ``SLIP`` a phrase found only by the fuzzy pass; None nothing."""
SLIP = "slip"


def _by_rules(text: str | None, choices: Sequence[Choice]) -> tuple[Match, str | None]:
    """The rules' answer, and what they found: :data:`PHRASE`, :data:`SLIP` or None."""
    if not text or not choices:
        return NO_MATCH, None
    clauses = _clauses(text)
    if not clauses:
        return NO_MATCH, None
    compiled = _compile(choices_key(choices))
    whole = tuple(t for c in clauses for t in c)
    clauses = (whole,) if whole in compiled.phrases else without_intensifiers(clauses)
    found = _find(clauses, compiled)
    if not found:
        fuzzy = _fuzzy(clauses, compiled)
        if fuzzy.label is not None or compiled.meaning_labels["no"] is None:
            return fuzzy, SLIP if fuzzy.label is not None else None
        said = elliptical_no(clauses)
        return (NO_MATCH, None) if said is None else \
            (Match(compiled.meaning_labels["no"], 0.75, said), PHRASE)
    evidence = [
        e for f in found
        for e in _evidence(clauses[f.clause], f.clause, f.start, f.end, f.phrase, compiled)
    ]
    return _decide(_without_spent_negators(evidence), clauses, compiled), PHRASE


def _without_spent_negators(evidence: list[_Evidence]) -> list[_Evidence]:
    """Drop no-phrases whose "not" or "never" went to negating a later phrase.

    In "not really alone" or "never isolated" the negation is about the piece's phrase;
    counting "not really" or "never" as a no as well would answer the opposite question.
    """
    spent = {(e.clause, e.negator) for e in evidence if e.negator is not None}
    return [
        e for e in evidence
        if (e.label is not None or e.polarity is not None)
        and not (
            e.polarity == "no" and e.negator is None
            and any(c == e.clause and e.start <= at < e.end for c, at in spent)
        )
    ]


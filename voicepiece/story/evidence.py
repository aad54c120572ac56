"""Where the phrases of a set of choices stand in an utterance, and what each says once
negation is applied: the first pass of :mod:`voicepiece.story.matching`, which weighs the
evidence found here. Pure; compiled per set of choices and cached.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from voicepiece.story.hedges import (
    CERTAINTY,
    HEDGE_WORDS,
    certain_of_denial,
    denied_doubt,
    negator_before,
    short_echo,
)
from voicepiece.story.knowing import denied_knowing
from voicepiece.story.phrases import (
    BUILTIN_MEANINGS,
    ChoicesKey,
    builtin_phrases,
    meaning_phrases,
    understood_phrases,
    unique,
)
from voicepiece.story.wording import DETERMINERS, FUNCTION_WORDS, normalize

__all__ = ["Compiled", "Evidence", "Found", "Phrase", "Target", "compile_choices",
           "evidence_of", "find_phrases", "without_cut_echoes", "without_spent_negators"]


class Target(NamedTuple):
    label: str | None
    polarity: str | None
    own: bool


class Phrase(NamedTuple):
    text: str
    size: int
    targets: tuple[Target, ...]
    clause_final: bool


class Compiled(NamedTuple):
    phrases: dict[tuple[str, ...], Phrase]
    longest: int
    meaning_labels: dict[str, str | None]


@lru_cache(maxsize=256)
def compile_choices(key: ChoicesKey) -> Compiled:
    """Index the phrases of one set of choices; cached because a piece reuses its sets."""
    meaning_labels: dict[str, str | None] = dict.fromkeys(BUILTIN_MEANINGS)
    for label, meaning, _ in key:
        meaning_phrases(meaning)
        if meaning is not None and meaning_labels[meaning] is None:
            meaning_labels[meaning] = label
    targets: dict[str, list[Target]] = {}
    for label, meaning, phrases in key:
        generic = set(meaning_phrases(meaning))
        if meaning is not None:
            generic.update(understood_phrases()[meaning])
        for phrase in unique(normalize(p) for p in phrases):
            own = phrase not in generic
            targets.setdefault(phrase, []).append(Target(label, meaning, own))
    if any(meaning is not None for _, meaning, _ in key):
        for meaning in BUILTIN_MEANINGS:
            for phrase in (*builtin_phrases()[meaning], *understood_phrases()[meaning]):
                if phrase not in targets:
                    targets[phrase] = [Target(meaning_labels[meaning], meaning, own=False)]
    index = {}
    for phrase, found in targets.items():
        tokens = tuple(phrase.split())
        clause_final = all(t in FUNCTION_WORDS for t in tokens)
        index[tokens] = Phrase(phrase, len(tokens), tuple(dict.fromkeys(found)), clause_final)
    longest = max((p.size for p in index.values()), default=0)
    return Compiled(index, longest, meaning_labels)


class Found(NamedTuple):
    clause: int
    start: int
    end: int
    phrase: Phrase


class Evidence(NamedTuple):
    """What a phrase says; label and polarity are both None when a negator voided it."""

    label: str | None
    polarity: str | None
    size: int
    clause: int
    start: int
    end: int
    text: str
    negator: int | None = None
    own: bool = False
    """A phrase of the piece's own answer, not a built-in phrasing."""


_AMOUNTS = frozenset({"a bit", "a little", "a little bit"})
"""Hedges of amount that a "not" (or "not even") before them turns into "not at all": "not
even a little", "not a bit" (read as the hedge, unsure: the eleventh pass's typed
accented batches, scripts/yesno_accents.py)."""


def evidence_of(
    clause: tuple[str, ...], index: int, start: int, end: int, phrase: Phrase,
    compiled: Compiled,
) -> Iterator[Evidence]:
    """What one phrase found at clause[start:end] says, once negation is applied."""
    negator = negator_before(clause, start, end)
    follows_not = end < len(clause) and clause[end] == "not"
    for target in phrase.targets:
        if target.own and negator is not None:
            yield Evidence(None, None, 0, index, negator, end, " ".join(clause[negator:end]),
                            negator)
        elif target.polarity == "yes" and not target.own and (negator is not None or follows_not):
            hedged = clause[end - 1] in HEDGE_WORDS or (
                follows_not and negator is None and denied_knowing(clause, end + 1))
            flipped = "unsure" if hedged else "no"  # "I would not know": unsure
            begin = start if negator is None else negator
            stop = end + 1 if follows_not else end
            yield Evidence(
                compiled.meaning_labels[flipped], flipped, stop - begin, index, begin, stop,
                " ".join(clause[begin:stop]), negator,
            )
        elif (target.polarity == "yes" and not target.own and negator is None
              and clause[end - 1] in CERTAINTY and certain_of_denial(clause, end)):
            yield Evidence(compiled.meaning_labels["no"], "no", phrase.size, index, start,
                           end, phrase.text)  # "I am quite certain she does not": a no
        elif (target.polarity == "unsure" and not target.own and negator is not None
              and phrase.text in _AMOUNTS and clause[negator] == "not"
              and set(clause[negator + 1:start]) <= {"even"}):  # "not even a little": no
            yield Evidence(compiled.meaning_labels["no"], "no", end - negator, index,
                           negator, end, " ".join(clause[negator:end]), negator)
        elif (target.polarity == "no" and not target.own and "not" in clause[start:end]
              and denied_knowing(clause, start + clause[start:end].index("not") + 1)):
            # "I haven't made up my mind", "I can't quite make up my mind": unsure
            yield Evidence(compiled.meaning_labels["unsure"], "unsure", phrase.size, index,
                           start, end, phrase.text)
        else:
            yield Evidence(target.label, target.polarity, phrase.size, index, start, end,
                            phrase.text, own=target.own)


def find_phrases(clauses: tuple[tuple[str, ...], ...], compiled: Compiled) -> list[Found]:
    found = []
    for index, clause in enumerate(clauses):
        for start in range(len(clause)):
            for size in range(1, min(compiled.longest, len(clause) - start) + 1):
                phrase = compiled.phrases.get(clause[start:start + size])
                if phrase is None:
                    continue
                if phrase.clause_final and not short_echo(clause, start, start + size):
                    continue
                found.append(Found(index, start, start + size, phrase))
    return [
        f for f in found
        if not any(
            o.clause == f.clause and o.start <= f.start and f.end <= o.end
            and o.end - o.start > f.end - f.start
            for o in found
        ) and not denied_doubt(clauses[f.clause], f.start)
        and not _nobody(clauses[f.clause], f.start, f.end)
        and not _a_kind_of(clauses[f.clause], f.start, f.end)
    ]


_KINDS = frozenset({("sort", "of"), ("kind", "of")})
_KIND_DETERMINERS = (DETERMINERS | {"what"}) - {"no", "your", "each", "these", "those"}
"""The determiners before a "sort of" that names a kind: "what sort of" asks for one; "no
kind of" is read as the answer "no" then a hedge ("no, kind of", as a transcript without
its comma writes it). "your", "each", "these" and "those" are left out as the rule was fitted
(listening v5's fit half): adding them changes readings, for a measured commit of its own."""


def _a_kind_of(clause: tuple[str, ...], start: int, end: int) -> bool:
    """Whether the "sort of" or "kind of" found at clause[start:end] names a kind ("in a
    quiet sort of way", "a strange kind of love") after a determiner (and an adjective),
    rather than hedging: "I suppose so, in a quiet sort of way" was unsure (listening v5's
    fit half, issue 13's thirteenth pass). "A sort of yes" still hedges its yes or no."""
    if clause[start:end] not in _KINDS or clause[end:end + 1] in ((), ("yes",), ("no",)):
        return False  # a kind names what follows
    return not _KIND_DETERMINERS.isdisjoint(clause[max(0, start - 2):start])


_PRONOUN_AFTER_NO = frozenset({"one", "body"})


def _nobody(clause: tuple[str, ...], start: int, end: int) -> bool:
    """Whether the "no" found at clause[start:end] begins "no one" (nobody), a pronoun, not
    the answer: "he is, there's no one sitting next to him", at "is he alone?", was read as
    a no (a yes taken for a no, asked; listening v5's fit half, issue 13's thirteenth
    pass). Phrases that hold it ("no one knows") are found whole."""
    return clause[start:end] == ("no",) and clause[end:end + 1] != () and \
        clause[end] in _PRONOUN_AFTER_NO


def without_spent_negators(evidence: list[Evidence]) -> list[Evidence]:
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


_COPULAS = frozenset({"is", "are", "am", "was", "were"})
_SAYING_YES = frozenset({"yes", "yeah", "yep", "yup", "sure", "course", "indeed"})
"""An echo holding one of these says yes in so many words: "yes it is wrong" stays in two
minds."""


def without_cut_echoes(evidence: list[Evidence]) -> list[Evidence]:
    """A yes that ends on a verb of being ("I think it is") when what it is follows
    directly and says no, read as part of that no: "I think it is false", "I guess it is
    wrong" say what it is, and read as the echo's yes beside the no they were in two minds
    (unsure; the eleventh pass's typed accented batch, scripts/yesno_accents.py). A yes
    complement ("I think it is true"), an echo that ends its clause ("I think it is") and
    one that says yes in so many words ("yes it is wrong") are left as they are."""
    cut = {(e.clause, e.end): e for e in evidence
           if e.polarity == "yes" and e.text.split()[-1] in _COPULAS
           and _SAYING_YES.isdisjoint(e.text.split())}
    said_no = {(e.clause, e.start) for e in evidence if e.polarity == "no"}
    out = []
    for e in evidence:
        echo = cut.get((e.clause, e.start)) if e.polarity == "no" else None
        if echo is not None:
            e = e._replace(size=e.size + echo.size, start=echo.start,
                           text=f"{echo.text} {e.text}")
        elif e.polarity == "yes" and (e.clause, e.end) in said_no and \
                cut.get((e.clause, e.end)) is e:
            continue
        out.append(e)
    return out

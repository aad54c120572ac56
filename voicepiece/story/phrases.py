"""The phrases a listening point can hear: one home for every list of phrasings, so the text
matcher, the pocketsphinx grammar and the Vosk grammar can never disagree on them.

The built-in meanings ("yes", "no", "unsure") carry packaged phrase lists (meanings.yaml);
a piece's answer adds its own phrases to its meaning's. Everything is normalized as the
matcher reads it (:func:`voicepiece.story.wording.normalize`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Protocol

import yaml

from voicepiece.story.wording import normalize

__all__ = [
    "BUILTIN_MEANINGS",
    "Choice",
    "ChoicesKey",
    "builtin_phrases",
    "choices_key",
    "heard_phrases",
    "meaning_phrases",
    "phrases_for",
    "spoken_phrases",
    "understood_phrases",
]

BUILTIN_MEANINGS: tuple[str, ...] = ("yes", "no", "unsure")


class Choice(Protocol):
    """Anything with these attributes; the piece model's Answer satisfies it.

    Read-only properties, so that frozen dataclasses conform for type checkers too.
    """

    @property
    def label(self) -> str: ...

    @property
    def meaning(self) -> str | None: ...

    @property
    def phrases(self) -> tuple[str, ...]: ...


ChoicesKey = tuple[tuple[str, str | None, tuple[str, ...]], ...]


def choices_key(choices: Sequence[Choice]) -> ChoicesKey:
    """What makes two sets of choices the same to every reader of their phrases (labels,
    meanings and own phrases): the key their compiled matchers and grammars are cached by."""
    return tuple((c.label, c.meaning, tuple(c.phrases)) for c in choices)


@cache
def builtin_phrases() -> dict[str, tuple[str, ...]]:
    """The packaged phrase lists of the built-in meanings (meanings.yaml), loaded once:
    what the speech grammars listen for and the matcher reads."""
    return _packaged("meanings.yaml")


@cache
def understood_phrases() -> dict[str, tuple[str, ...]]:
    """More phrasings of the built-in meanings (understood.yaml) that the matcher reads
    but no grammar listens for: the grammar's phrases are the ones its verifier was
    fitted on, and each added phrase is one more that any speech can be forced onto."""
    return _packaged("understood.yaml")


@cache
def spoken_phrases(meaning: str | None) -> tuple[str, ...]:
    """The built-in phrasings of ``meaning`` as written ("I don't think so"), commonest
    first: how a listener says them, and so how a narrator would say them back."""
    if meaning is None:
        return ()
    return _packaged("meanings.yaml", normal=False)[meaning]


def _packaged(name: str, normal: bool = True) -> dict[str, tuple[str, ...]]:
    """One packaged list file, normalized unless ``normal`` is false. BaseLoader keeps
    every scalar a string, so a bare yes or no can never turn into a boolean even if
    someone forgets the quotes."""
    source = resources.files("voicepiece.story").joinpath(name).read_text("utf-8")
    data = yaml.load(source, Loader=yaml.BaseLoader)
    if not isinstance(data, dict) or set(data) != set(BUILTIN_MEANINGS):
        raise ValueError(f"{name} must map exactly {BUILTIN_MEANINGS} to phrase lists")
    lists = {}
    for meaning in BUILTIN_MEANINGS:
        phrases = data[meaning]
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise ValueError(f"{name}: {meaning!r} must be a list of phrases")
        lists[meaning] = unique(normalize(p) if normal else p for p in phrases)
    return lists


def unique(phrases: Iterable[str]) -> tuple[str, ...]:
    """``phrases`` in order, without repeats or empty ones."""
    return tuple(dict.fromkeys(p for p in phrases if p))


def meaning_phrases(meaning: str | None) -> tuple[str, ...]:
    """The built-in phrasings of ``meaning`` (none for None)."""
    if meaning is None:
        return ()
    if meaning not in BUILTIN_MEANINGS:
        raise ValueError(f"unknown meaning {meaning!r}; expected one of {BUILTIN_MEANINGS}")
    return builtin_phrases()[meaning]


def phrases_for(choice: Choice) -> tuple[str, ...]:
    """Every phrasing that selects this choice: the single source for matcher and grammar.

    The piece's own phrases come first so that a grammar or a log lists what the author
    wrote before the generic phrasings of its meaning.
    """
    own = (normalize(p) for p in choice.phrases)
    return unique([*own, *meaning_phrases(choice.meaning)])


def heard_phrases(choices: Sequence[Choice]) -> tuple[str, ...]:
    """Every phrase a point offering ``choices`` can hear, each once: the choices' own
    phrasings, then — when any choice has a built-in meaning — every built-in phrasing,
    even of meanings not offered, as the matcher reads them: "I don't know" must be heard
    as itself, not forced onto "no", where "unsure" is not among the answers."""
    phrases: list[str] = []
    for choice in choices:
        phrases.extend(phrases_for(choice))
    if any(c.meaning is not None for c in choices):
        for meaning in BUILTIN_MEANINGS:
            phrases.extend(meaning_phrases(meaning))
    return unique(phrases)

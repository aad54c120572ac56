"""The grammar of a listening point: every whole phrasing of every answer it offers
(:func:`voicepiece.story.phrases.heard_phrases`, the same list the text matcher reads),
written as JSGF and compiled into the process's decoder once per set of choices, then only
switched to by name. Each phrase keeps the label the text matcher gives it and its phones,
which the verifier compares with what a free phone loop heard."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from voicepiece.errors import VoicepieceError
from voicepiece.listening.decoder import SphinxEngine, engine
from voicepiece.listening.pronunciation import guess_pronunciation
from voicepiece.story.matching import match_answer
from voicepiece.story.phrases import Choice, ChoicesKey, choices_key, heard_phrases, phrases_for

__all__ = ["Grammar", "grammar_for"]

_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Choice:
    label: str
    meaning: str | None
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class Grammar:
    """The compiled grammar of one set of choices.

    ``labels`` maps every phrase in the grammar to the label it gives, or to None for a
    built-in phrasing none of the choices offers ("yes" where the answers are "within" and
    "another"): heard, it is an answer the question does not take, so it is rejected
    rather than forced onto an offered answer. ``pronunciations`` holds each phrase's phones
    (main pronunciation of each word).
    """

    search: str
    labels: dict[str, str | None]
    pronunciations: dict[str, tuple[str, ...]]
    jsgf: str


_grammars: dict[ChoicesKey, Grammar] = {}
_grammar_lock = threading.Lock()


def grammar_for(choices: Sequence[Choice]) -> Grammar:
    """The grammar of ``choices``, compiled into the decoder on first use (a few ms), then
    only switched to by name."""
    key = choices_key(choices)
    grammar = _grammars.get(key)
    if grammar is None:
        with _grammar_lock:
            grammar = _grammars.get(key)
            if grammar is None:
                grammar = _grammars[key] = _compile(key)
    return grammar


def _compile(key: ChoicesKey) -> Grammar:
    choices = [_Choice(label, meaning, phrases) for label, meaning, phrases in key]
    eng = engine()
    labels: dict[str, str | None] = {}
    pronunciations: dict[str, tuple[str, ...]] = {}
    for phrase in heard_phrases(choices):
        phones = _phrase_phones(eng, phrase)
        if phones is None:
            continue
        labels[phrase] = match_answer(phrase, choices).label
        pronunciations[phrase] = phones
        offered = [c.label for c in choices if phrase in phrases_for(c)]
        if offered and labels[phrase] is None:
            _LOG.info("grammar: %r belongs to %s but reads as no single answer; "
                      "hearing it will be rejected", phrase, offered)
    if not any(label is not None for label in labels.values()):
        raise VoicepieceError("none of the answers can be recognized: "
                              + ", ".join(c.label for c in choices))
    name = f"answers_{eng.search_count()}"
    body = " | ".join(labels)
    jsgf = f"#JSGF V1.0;\ngrammar answers;\npublic <answer> = {body};\n"
    eng.add_grammar(name, jsgf)
    _LOG.debug("grammar %s: %d phrases for %s", name, len(labels),
               ", ".join(c.label for c in choices))
    return Grammar(name, labels, pronunciations, jsgf)


def _phrase_phones(eng: SphinxEngine, phrase: str) -> tuple[str, ...] | None:
    phones: list[str] = []
    for word in phrase.split():
        found = eng.pronunciations(word)
        if not found:
            guessed = guess_pronunciation(word)
            if not guessed or not eng.add_word(word, guessed):
                _LOG.warning("grammar: dropping %r: no pronunciation for %r", phrase, word)
                return None
            _LOG.info("grammar: %r is not in the dictionary; added as %s", word,
                      " ".join(guessed))
            found = (tuple(guessed),)
        phones.extend(found[0])
    return tuple(phones)

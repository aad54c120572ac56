"""The mirrors a listener is likely to hear, so that they can be prepared ahead.

A line that speaks the listener's words cannot be rendered before they speak; with a
neural voice that needs most of a second for "Yes.", rendering it then keeps them waiting.
But most answers are short and said in a few common ways: the answer's canonical form
(what an untrusted answer is said back as), the piece's own phrasings and the commonest
phrasings of the built-in meanings. Filled into the lines that would speak them, those
are authored words, not a visitor's, so they may be rendered and kept like any line; a
listener whose words turn out to be one of them hears the prepared audio at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product

from voicepiece.story.mirror import mirror, spoken_back
from voicepiece.story.model import (
    HEARD,
    Answer,
    Line,
    Listen,
    Piece,
    every_line,
    fill,
    placeholders,
)
from voicepiece.story.phrases import spoken_phrases
from voicepiece.story.wording import normalize

__all__ = ["MAX_FILLS", "Fill", "answer_mirrors", "either_words", "likely_fills"]

MAX_FILLS = 64
"""The most fillings prepared for a line with several placeholders, which multiply their
likely words: past this, only each slot's canonical form and its fallback."""


@dataclass(frozen=True)
class Fill:
    """One likely filling of a template ``line``: the text the narrator would say, and
    the words put into its slots."""

    line: Line
    text: str
    words: tuple[str, ...]


def answer_mirrors(answer: Answer) -> tuple[str, ...]:
    """What ``{heard}`` is likely to say for ``answer``, likeliest first: its canonical
    form, then its own phrasings and its meaning's, said back as the narrator would say a
    listener's own words."""
    said: list[str | None] = [mirror(None, False, answer.meaning, answer.canonical)]
    said += [spoken_back(p) for p in answer.phrases]
    said += [spoken_back(p) for p in spoken_phrases(answer.meaning)]
    return _unique(said)


def either_words(listen: Listen, label: str, rival: str) -> str | None:
    """What ``{heard}`` says in a two-way check of ``label`` beside ``rival``
    (session/confirming.py): the two answers as the piece says them back ("by listening,
    or opening up"), never the listener's words (they said one thing, and it is asked
    which of two it was). Authored words only, so every pair's line is prepared ahead
    (:func:`likely_fills`). None when either cannot be named."""
    said = []
    for name in (label, rival):
        answer = listen.answer(name)
        said.append(mirror(None, False, answer.meaning, answer.canonical, name,
                           listen.answers) if answer is not None else None)
    return f"{said[0]}, or {said[1]}" if said[0] and said[1] else None


def likely_fills(piece: Piece) -> list[Fill]:
    """Every likely filling of every template line of ``piece``, each text once, each
    line's likeliest first."""
    memories = _memory_words(piece)
    seen: set[str] = set()
    out: list[Fill] = []
    for line, heard in _templates(piece):
        options = {name: ((*heard, None) if name == HEARD else memories.get(name, (None,)))
                   for name in dict.fromkeys(p.name for p in placeholders(line.text))}
        for words in _combinations(options):
            text = fill(line.text, words)
            if text is not None and normalize(text) not in seen:
                seen.add(normalize(text))
                out.append(Fill(line, text, tuple(w for w in words.values() if w)))
    return out


def _templates(piece: Piece) -> Iterator[tuple[Line, tuple[str, ...]]]:
    """Each template line with what its ``{heard}`` may say where it stands."""
    for node in piece.nodes.values():
        listen = node.listen
        for line in every_line(node.say):
            if line.is_template:
                yield line, ()
        if listen is None:
            continue
        for answer in listen.answers:
            mine = answer_mirrors(answer)
            for line in [*every_line(answer.say), *([answer.confirm] if answer.confirm else [])]:
                if line.is_template:
                    yield line, mine
        if not all(a.confirm for a in listen.answers) and listen.confirm.is_template:
            yield listen.confirm, _listen_mirrors(listen, unconfirmed=True)
        own = [a.label for a in listen.answers if a.phrases]
        if len(own) >= 2 and listen.either.is_template:  # every two-way check it may say
            yield listen.either, _unique(either_words(listen, a, b)
                                         for a in own for b in own if a != b)
        for ladder in (listen.silence, listen.unclear):  # no words, or none trusted
            for line in every_line((*ladder.reprompts, *ladder.say)):
                if line.is_template:
                    yield line, ()


def _listen_mirrors(listen: Listen, unconfirmed: bool = False) -> tuple[str, ...]:
    return _unique(m for a in listen.answers if not (unconfirmed and a.confirm)
                   for m in answer_mirrors(a))


def _memory_words(piece: Piece) -> dict[str, tuple[str | None, ...]]:
    """What each remembered answer may be said back as; None for silence or unclear."""
    return {name: (*_listen_mirrors(node.listen), None)
            for name, node in piece.memory_names().items() if node.listen}


def _combinations(options: dict[str, tuple[str | None, ...]]) -> Iterator[dict[str, str | None]]:
    names = list(options)
    total = 1
    for name in names:
        total *= len(options[name])
    if len(names) > 1 and total > MAX_FILLS:  # each slot's canonical form, and its fallback
        options = {name: (options[name][0], None) for name in names}
    for values in product(*(options[name] for name in names)):
        yield dict(zip(names, values, strict=True))


def _unique(words: Iterator[str | None] | list[str | None]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for w in words:
        if w and normalize(w) not in seen:
            seen[normalize(w)] = w
    return tuple(seen.values())

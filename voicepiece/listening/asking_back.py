"""Whether the words Whisper heard ask the narrator back, whatever the grammar found.

A question back is short ("Sorry?", "Come again.", "What was that?"), so Whisper is rarely
sure of it (0.6-0.7, a least sure word piece near 0.3: too unsure to say back), and the
grammar, which knows only the answers, forces it onto one ("pardon" → "partly", "what was
that" → "no thanks"). Keeping the grammar's find, as for other unsure words, hid the
question from the decision: half the questions back of bench_offlist's fit half were lost
so. Here Whisper's words are kept instead (as words, never said back), and the session's
rule (story/offscript.py) reads them.
"""

from __future__ import annotations

from collections.abc import Sequence

from voicepiece.listening.base import Recognition
from voicepiece.listening.whisper_model import WhisperWords
from voicepiece.story.offscript import asks_back
from voicepiece.story.phrases import Choice
from voicepiece.story.wording import EVERYDAY_WORDS, FUNCTION_WORDS, normalize

__all__ = ["ASKING_FLOOR", "asked_back", "shares_own_word", "shares_word"]

ASKING_FLOOR = 0.5
"""Whisper's confidence from which its words that ask back are kept over the grammar's
find: bench_offlist's fit half heard its questions back at 0.54-0.80; a faint guess
("What society a culture?" at 0.41, for an answer) is no question."""


def asked_back(grammar: Recognition, words: WhisperWords, choices: Sequence[Choice]) -> bool:
    """Whether ``words`` ask the narrator back: heard at :data:`ASKING_FLOOR`, not one of
    an answer's phrases (a piece may offer "again"), and sharing no word of substance with
    the phrase the grammar found ("What society approves of?" for "what society accepts"
    is that answer, offered as a question)."""
    if words.text is None or words.confidence < ASKING_FLOOR or not asks_back(words.text):
        return False
    said = normalize(words.text)
    return not shares_word(grammar, words.text) and all(
        said != normalize(p) for c in choices for p in c.phrases)


def shares_word(grammar: Recognition, text: str) -> bool:
    """Whether Whisper's ``text`` has a word of substance (no function or everyday word)
    of the phrase the grammar found: then the words half agree with the grammar."""
    found = set(normalize(grammar.text or "").split()) - FUNCTION_WORDS - EVERYDAY_WORDS
    return bool(found & set(normalize(text).split()))


def shares_own_word(grammar: Recognition, text: str, choices: Sequence[Choice]) -> bool:
    """Whether Whisper's ``text`` has a word of the phrase the grammar heard for one of the
    piece's own answers (not a built-in yes, no or unsure): in noise "slowing right down"
    came back "slowing right now", answering nothing, though the grammar was right. Such
    half agreement is checked with the listener, not thrown away."""
    return grammar.label in {c.label for c in choices if c.phrases} and shares_word(
        grammar, text)

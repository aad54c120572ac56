"""Silence to a check is consent only when Whisper's words bore the grammar's find out
(issue 13, thirteenth pass). Where the words said nothing of it — none heard, unsure,
faint, or only a word in common — the grammar's find is checked, and silence to the check
no longer takes it: in v5's fit half a "sure they matter" heard as "surely not" (a yes
taken for a no) and an own meaning taken for another would have been taken on silence,
and in the development caches 3 of bench_offlist's off-list phrases and 2 of the human
recordings' off-list turns. Pure logic: the combination of the grammar and the words."""

from __future__ import annotations

import pytest

from voicepiece.listening.base import ACCEPT, CONFIRM, Recognition
from voicepiece.listening.combined import combine
from voicepiece.listening.whisper_model import WhisperWords


def _no(choices) -> str:
    return next(c.label for c in choices if c.meaning == "no")


def _sure_grammar(label: str) -> Recognition:
    return Recognition("surely not", label, 0.8, ACCEPT, nearly_sure=True)


@pytest.mark.parametrize("words", [
    WhisperWords(None, 0.0, 0.9, 0.2),  # nothing heard: a cough, noise
    WhisperWords("Jour de Mater, society shapes everything we", 0.49, 0.05, 0.2, 0.16,
                 ((" J", 0.17), ("our", 0.35), (" de", 0.37), (" M", 0.16))),  # unsure
])
def test_a_grammar_find_the_words_did_not_bear_out_is_checked_without_consent(
        yes_no, words: WhisperWords) -> None:
    found = combine(_sure_grammar(_no(yes_no)), words, yes_no).recognition
    assert (found.label, found.zone, found.nearly_sure) == (_no(yes_no), CONFIRM, False)


def test_a_grammar_find_the_words_agree_with_is_taken(yes_no) -> None:
    words = WhisperWords("Surely not.", 0.9, 0.05, 0.2, 0.8, ((" Surely", 0.8), (" not", 0.8)))
    found = combine(_sure_grammar(_no(yes_no)), words, yes_no).recognition
    assert (found.label, found.zone) == (_no(yes_no), ACCEPT)

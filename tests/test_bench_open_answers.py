"""The spoken open-answer bench (scripts/bench_open_answers.py; issue 13, nineteenth pass)
counts what a listener who meant an open answer meets, and its set is split before being
heard: these check its counting, its "ended early" test and the split, not the ear."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from bench_open_answers import _ended_early, outcome
from bench_open_answers_phrases import items

from voicepiece.listening.base import ACCEPT, CONFIRM, REJECT


def test_a_check_refused_is_received_after_it_an_answer_taken_is_wrong() -> None:
    assert outcome("open", ACCEPT, None) == "open"
    assert outcome("another", CONFIRM, "open") == "open after check"
    assert outcome("another", CONFIRM, "unclear") == "again"
    assert outcome("another", ACCEPT, None) == "wrong"
    assert outcome("unclear", REJECT, None) == "again"
    assert outcome("explain", ACCEPT, None) == "explain"


def test_words_stopping_in_the_first_two_thirds_were_ended_early() -> None:
    said = "my grandparents were married sixty years, they just kept choosing each other"
    assert _ended_early(said, "My grandparents were married.")
    assert not _ended_early(said, "My grandparents were married 60 years, they just kept")
    assert not _ended_early(said, said)
    assert not _ended_early(said, None)


def test_every_item_is_an_open_answer_at_an_open_point_split_by_item() -> None:
    rows = items()
    assert {truth for _, _, truth, _ in rows} == {"open"}
    assert {point for point, _, _, _ in rows} == {"friendship", "source", "entangled"}
    fit = {text for _, text, _, half in rows if half == "fit"}
    held = {text for _, text, _, half in rows if half == "held"}
    assert fit and held and not fit & held

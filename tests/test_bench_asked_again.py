"""The listening bench counts the answers it would ask again: "right branch after
confirmation" leaves them out, so a bench could report it high while most listeners were
asked twice (issue 13's fourteenth pass: 56% of a blind set's answers)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from bench_listening_clips import Item
from bench_listening_results import Outcome, Tally

from voicepiece.listening.base import ACCEPT, CONFIRM, REJECT


def _outcome(label: str, zone: str) -> Outcome:
    return Outcome(label=label, zone=zone, heard=None, listened=0.0, first_sample=0.0)


def test_answers_with_no_branch_are_asked_again_and_left_out_of_the_right_branch() -> None:
    yes = Item("ask", "yes", "yes")
    tally = Tally()
    for label, zone in [("yes", ACCEPT),       # right
                        ("yes", CONFIRM),      # confirmed right
                        ("no", ACCEPT),        # wrong, a branch taken
                        ("no", CONFIRM),       # a wrong label refused: asked again
                        ("unclear", REJECT),   # rejected: asked again
                        ("unclear", REJECT)]:
        tally.add(yes, _outcome(label, zone), 0.5)
    assert tally.on_list == 6
    assert tally.final == 2 / 3             # right branches / branches taken
    assert tally.first_time == 2 / 6
    assert tally.asked_again == 3 / 6


def test_off_list_speech_is_not_an_answer_asked_again() -> None:
    tally = Tally()
    tally.add(Item("ask", "what time is it", None), _outcome("unclear", REJECT), 0.5)
    assert tally.on_list == 0 and tally.asked_again is None

"""Typed natural answers at a yes/no/unsure point, measured on sets written for issue 13.

``tests/data/typed-answers-heldout.tsv`` was written before the matcher was extended and is
never used to tune it; ``typed-answers-tuning.tsv`` is what the rules were extended on.
Run this file as a script to print both accuracies and every miss:

    python -m tests.test_typed_answers
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from voicepiece.story.matching import match_answer

DATA = Path(__file__).parent / "data"
HELD_OUT = DATA / "typed-answers-heldout.tsv"
TUNING = DATA / "typed-answers-tuning.tsv"


@dataclass(frozen=True)
class Choice:
    label: str
    meaning: str | None
    phrases: tuple[str, ...] = ()


YES_NO_UNSURE = tuple(Choice(m, m) for m in ("yes", "no", "unsure"))


def answers(path: Path) -> list[tuple[str, str]]:
    """(expected label, typed answer) pairs; ``none`` stands for "must stay unclear"."""
    out = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            expected, text = line.split("\t")
            out.append((expected, text))
    return out


def misses(path: Path) -> tuple[int, list[tuple[str, str, str]]]:
    pairs = answers(path)
    wrong = []
    for expected, text in pairs:
        got = match_answer(text, YES_NO_UNSURE).label or "none"
        if got != expected:
            wrong.append((expected, got, text))
    return len(pairs), wrong


def accuracy(path: Path) -> float:
    total, wrong = misses(path)
    return 1 - len(wrong) / total


def test_the_held_out_set_is_big_enough_and_covers_every_kind() -> None:
    pairs = answers(HELD_OUT)
    assert len(pairs) >= 150
    assert {e for e, _ in pairs} == {"yes", "no", "unsure", "none"}
    assert not {t for _, t in pairs} & {t for _, t in answers(TUNING)}


def test_the_rules_fit_the_tuning_set() -> None:
    assert accuracy(TUNING) >= 0.95


def test_held_out_answers_are_mostly_understood() -> None:
    # The rules alone, measured, never tuned on: 77.5% before issue 13's rules, 88.1% after
    # the first pass, 88.9% of 171 after the second; with the sentence model 94.2%
    # (tests/test_meanings.py holds that to the 90%). A floor against regressions.
    assert accuracy(HELD_OUT) >= 0.85


def test_off_list_speech_stays_unclear() -> None:
    for path in (TUNING, HELD_OUT):
        for expected, text in answers(path):
            if expected == "none":
                assert match_answer(text, YES_NO_UNSURE).label is None, text


if __name__ == "__main__":
    for name, path in (("tuning", TUNING), ("held-out", HELD_OUT)):
        total, wrong = misses(path)
        print(f"{name}: {1 - len(wrong) / total:.1%} of {total}")
        for expected, got, text in wrong:
            print(f"  {expected:>6} → {got:<6} {text}")

"""One of a piece's own answers said tentatively: "acceptable, I guess" names *acceptable*
(a framing hedge — "maybe", "perhaps", "possibly", "probably", "I guess", "I suppose" —
says how sure the listener is, not that they do not know), while a real doubt ("I don't
know, maybe by listening") stays unsure.

``tests/data/tentative-answers.tsv``: a fit half and a held half (only measured). Run this
file as a script to print both halves and every miss:

    python -m tests.test_tentative_answers
"""

from __future__ import annotations

import pytest

from tests.rule_sets import DATA, print_halves, read
from tests.rule_sets import rows as _rows

SET = DATA / "tentative-answers.tsv"


def rows(half: str) -> list[tuple[str, str, str]]:
    return _rows(SET, half)


def test_the_set_has_two_halves_of_every_kind() -> None:
    for half in ("fit", "held"):
        assert len(rows(half)) >= 12
        assert {"unsure", "none"} <= {e for _, e, _ in rows(half)}


@pytest.mark.parametrize("half", ["fit", "held"])
def test_an_answer_said_tentatively_is_the_answer_it_names(half: str) -> None:
    """Before, the hedge made these unsure, and the session received most as open answers:
    4 of 14 right on each half, now every one."""
    named = [(p, e, t) for p, e, t in rows(half) if e not in ("unsure", "none")]
    assert [(p, t, read(p, t)) for p, e, t in named if read(p, t) != e] == []


@pytest.mark.parametrize("half", ["fit", "held"])
def test_a_real_doubt_or_words_that_name_no_answer_are_never_taken_as_one(half: str) -> None:
    """ "I don't know, maybe by listening" stays no answer of the point's (unsure, or the
    session's open answer, as before); "from the universe, maybe" too."""
    for point, expected, text in rows(half):
        if expected in ("unsure", "none"):
            assert read(point, text) in ("unsure", "none"), text


@pytest.mark.parametrize(("point", "said", "meant"), [
    ("entangled", "hmm, acceptable I guess", "acceptable"),
    ("friendship", "maybe by listening", "listen"),
    ("combustion", "probably alone", "alone"),
    ("friendship", "maybe", "unsure"),
])
def test_a_framing_hedge_does_not_hide_the_answer_it_frames(point: str, said: str,
                                                          meant: str) -> None:
    assert read(point, said) == meant


if __name__ == "__main__":
    print_halves(SET)

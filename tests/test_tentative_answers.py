"""One of a piece's own answers said tentatively: "acceptable, I guess" names *acceptable*
(a framing hedge — "maybe", "perhaps", "possibly", "probably", "I guess", "I suppose" —
says how sure the listener is, not that they do not know), while a real doubt ("I don't
know, maybe by listening") stays unsure.

``tests/data/tentative-answers.tsv``: a fit half and a held half (only measured). Run this
file as a script to print both halves and every miss:

    python -m tests.test_tentative_answers
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from voicepiece.listening import embedder as embedding
from voicepiece.session.deciding import asked_words, decide_turn
from voicepiece.session.events import Heard, Question
from voicepiece.story.loader import load_piece

DATA = Path(__file__).parent / "data" / "tentative-answers.tsv"


@cache
def her():
    return load_piece("her")


def rows(half: str) -> list[tuple[str, str, str]]:
    out = []
    for line in DATA.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            point, which, expected, text = line.split("\t")
            if which == half:
                out.append((point, expected, text))
    return out


def read(point: str, text: str) -> str:
    """The answer a session takes for ``text`` typed at ``point`` (the rules and the
    sentence model, as decided for a turn), or "none" for no answer of the point's (an
    open answer, or unclear)."""
    node = her().nodes[point]
    question = Question(node.name, node.listen.answers, node.listen.settings)
    label = decide_turn(Heard(text=text, own_words=True), question, node.listen,
                        embedding.shared_embedder(), asked=asked_words(node)).label
    return label if node.listen.answer(label) is not None else "none"


def misses(half: str) -> tuple[int, list[tuple[str, str, str, str]]]:
    pairs = rows(half)
    return len(pairs), [(p, e, got, t) for p, e, t in pairs if (got := read(p, t)) != e]


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
    for half in ("fit", "held"):
        total, wrong = misses(half)
        print(f"{half}: {total - len(wrong)} of {total}")
        for point, expected, got, text in wrong:
            print(f"  {point:11} {expected:10} got {got:10} {text}")

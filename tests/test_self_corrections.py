"""A listener taking an answer back for another ("no, I mean yes"): the answer is the one
corrected to, where the rules read a hedge in it before (yes and no said together).

``tests/data/self-corrections.tsv`` was written before the rule, split by line into a fit
half (the rule's markers were chosen on it) and a held half (only measured). Run this file
as a script to print both halves' accuracy and every miss:

    python -m tests.test_self_corrections
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rule_sets import hear
from tests.test_typed_answers import YES_NO_UNSURE, Choice
from voicepiece.story.corrections import corrections
from voicepiece.story.matching import match_answer

DATA = Path(__file__).parent / "data" / "self-corrections.tsv"


def rows(half: str) -> list[tuple[str, str]]:
    out = []
    for line in DATA.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            which, expected, text = line.split("\t")
            if which == half:
                out.append((expected, text))
    return out


def misses(half: str) -> tuple[int, list[tuple[str, str, str]]]:
    pairs = rows(half)
    wrong = [(expected, got, text) for expected, text in pairs
             if (got := match_answer(text, YES_NO_UNSURE).label or "none") != expected]
    return len(pairs), wrong


def test_the_set_has_two_halves_of_every_kind() -> None:
    for half in ("fit", "held"):
        assert len(rows(half)) >= 20
        assert {e for e, _ in rows(half)} >= {"yes", "no", "unsure"}


def test_the_fit_half_is_read_as_corrected() -> None:
    _total, wrong = misses("fit")
    assert not wrong, wrong


def test_the_held_half_is_read_as_corrected_nine_times_in_ten() -> None:
    """Measured once the rule was chosen on the fit half: 21 of 22 (before it, 11)."""
    total, wrong = misses("held")
    assert 1 - len(wrong) / total >= 0.9, wrong


@pytest.mark.parametrize(("said", "meant"), [
    ("no, I mean yes", "yes"), ("yes, wait, no", "no"), ("no. actually, yes.", "yes"),
    ("yes, I mean, maybe", "unsure"), ("yes, wait, no, I mean no", "no"),
])
def test_an_answer_taken_back_is_the_one_corrected_to(said: str, meant: str) -> None:
    assert match_answer(said, YES_NO_UNSURE).label == meant


@pytest.mark.parametrize(("said", "meant"), [
    ("no, I mean it", "no"), ("yes, actually", "yes"), ("sorry, yes", "yes"),
    ("yes and no", "unsure"), ("I'd say yes rather than no", "unsure"),
])
def test_a_correction_word_that_takes_nothing_back_changes_nothing(said: str,
                                                                   meant: str) -> None:
    assert match_answer(said, YES_NO_UNSURE).label == meant


def test_a_recognizer_s_run_of_words_is_read_as_corrected_too() -> None:
    assert match_answer("No, I mean yes.", YES_NO_UNSURE, slips=False, flat=True).label \
        == "yes"


def test_one_of_the_piece_s_own_answers_corrected_to_another() -> None:
    choices = (Choice("listen", None, ("by listening",)),
               Choice("open_up", None, ("by opening up",)),
               Choice("unsure", "unsure"))
    assert match_answer("by opening up, I mean, by listening", choices).label == "listen"


def test_cuts_are_read_from_the_last_correction() -> None:
    assert corrections("yes, wait, no, I mean no") == [("yes, wait, no, ", " no"),
                                                       ("yes, ", ", no, I mean no")]
    assert corrections("sorry, what was that") == []


def test_only_the_answer_corrected_to_is_said_back() -> None:
    """The narrator says back "yes", not "no, you mean yes": the listener's "I mean"
    turned into the narrator's "you mean", and the answer taken back quoted as theirs."""
    from voicepiece.session.loop import Session
    from voicepiece.story.loader import load_piece
    from voicepiece.testing import KeptVoice, ScriptedEar

    voice = KeptVoice()
    outcome = Session(load_piece("her"), voice, ScriptedEar(["no, I mean yes", "yes, wait, no"]),
                      start="she_listens").run()
    assert [t.answer for t in outcome.turns[:2]] == ["yes", "no"]
    said = " ".join(voice.said)
    assert "Yes. That is how it feels to me, too." in voice.said
    assert "you mean" not in said.lower() and "wait, no" not in said.lower()


def test_an_answer_said_again_in_other_words_is_said_back_in_those() -> None:
    """ "No, I mean, not a real one": the words after "I mean" say the same answer, and are
    said back without the marker ("Not a real one.", not "No, you mean, not a real one.");
    "yes, I mean it" is said back whole, nothing after its "I mean" answers."""
    from voicepiece.story.mirror import corrected_span

    assert corrected_span("no, I mean, not a real one", "no", YES_NO_UNSURE) == "not a real one"
    assert corrected_span("yes, I mean it", "yes", YES_NO_UNSURE) == "yes, I mean it"
    assert corrected_span("no, I mean yes", "yes", YES_NO_UNSURE) == "yes"


@pytest.mark.parametrize(("said", "meant", "voice"), [
    ("No, I mean yes.", "yes", 5), ("Yes. Wait, no.", "no", 2), ("No. Actually, yes.", "yes", 3),
])
def test_the_real_ear_hears_the_answer_corrected_to(ear_recognizer, said: str, meant: str,
                                                    voice: int) -> None:
    """Said by a listener voice (not the narrator's) in 20 dB of room noise at one of the
    her piece's yes/no points, heard by the default ear (grammar and Whisper) and decided
    as a session decides: before the rule each was read as unsure."""
    assert hear("she_listens", said, voice, ear_recognizer).label == meant


if __name__ == "__main__":
    for half in ("fit", "held"):
        total, wrong = misses(half)
        print(f"{half}: {total - len(wrong)} of {total}")
        for expected, got, text in wrong:
            print(f"  {expected:7} got {got:7} {text}")

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


def test_a_refused_reading_of_an_open_answer_received_as_open_is_its_branch() -> None:
    """The session receives the words of a refused reading as an open answer where the
    point takes them (``Decision.refused``): the open branch, not an asking again."""
    said = Item("source", "from music and art", "open")
    tally = Tally()
    tally.add(said, Outcome("another", CONFIRM, None, 0.0, 0.0, refused="open"), 0.5)
    tally.add(said, Outcome("another", CONFIRM, None, 0.0, 0.0, refused="unclear"), 0.5)
    assert (tally.confirm_right, tally.confirm_wrong) == (1, 1)
    assert tally.asked_again == 1 / 2


def test_a_second_asking_counts_only_answers_asked_again_and_right_the_second_time() -> None:
    from bench_listening_again import second_figures
    from bench_listening_clips import Clip
    from bench_listening_results import Turn

    def turn(truth: str | None, first: Outcome, second: Outcome | None = None) -> Turn:
        clip = Clip(Item("ask", "words", truth), "flite:slt", None, b"", 0, 0.0)
        return Turn(clip, 0.0, first, None, second=second)

    right, wrong = _outcome("yes", ACCEPT), _outcome("no", ACCEPT)
    rejected = _outcome("unclear", REJECT)
    turns = [turn("yes", right),                       # right the first time
             turn("yes", wrong),                       # a wrong branch: never asked again
             turn("yes", rejected, right),             # asked again, right the second time
             turn("yes", rejected, rejected),          # asked again twice
             turn("yes", rejected),                    # due, not heard (the budget)
             turn(None, rejected)]                     # off-list: no answer to ask again
    f = second_figures(turns)
    assert (f["second_heard"], f["second_due"]) == (2, 3)
    assert f["right_after_second"] == 2 / 5


def test_the_plain_second_asking_is_the_answers_own_first_phrase() -> None:
    from bench_listening_again import PLAIN_QUESTION, PLAIN_UNSURE, plain

    from voicepiece.story.loader import load_piece
    from voicepiece.story.phrases import phrases_for

    listen = next(n for n in load_piece("her").listening_points()
                  if n.name == "source").listen
    assert listen is not None
    another = next(a for a in listen.answers if a.label == "another")
    assert plain(Item("source", "from the folk we love", "another"), listen) == (
        phrases_for(another)[0])
    assert plain(Item("source", "from the stars", "open"), listen) == "from the stars"
    assert plain(Item("source", "what?", "explain"), listen) == PLAIN_QUESTION
    assert plain(Item("source", "hard to say", "unsure"), listen) == PLAIN_UNSURE


def test_a_refused_reading_of_an_own_answer_received_as_open_is_a_wrong_branch() -> None:
    """The session receives the words of a refused reading as an open answer where the
    point takes them, whatever the listener meant (``deciding.after_check``): for one of
    the point's own answers, read as another, that is a wrong branch taken after a "no" —
    not an asking again, as the bench counted it (issue 13, eighteenth pass)."""
    from bench_listening_again import asked_again

    said = Item("source", "it is in each of us from the start", "within")
    wrong = Outcome("another", CONFIRM, None, 0.0, 0.0, refused="open")
    caught = Outcome("another", CONFIRM, None, 0.0, 0.0, refused="unclear")
    tally = Tally()
    tally.add(said, wrong, 0.5)
    tally.add(said, caught, 0.5)
    assert (tally.confirm_right, tally.confirm_wrong, tally.refused_wrong) == (0, 1, 1)
    assert tally.asked_again == 1 / 2
    assert tally.final == 0.0  # one branch taken, the wrong one
    assert not asked_again(said, wrong) and asked_again(said, caught)


def test_again_causes_counts_a_check_as_the_session_ends_it() -> None:
    """again_causes' outcome of a checked turn is the bench's and the session's: right on
    a yes; on a no, an open answer received (right for an open answer, a wrong branch for
    one of the answers) or an asking again."""
    from again_causes import outcome
    from mirror_trust import Replayed

    def checked(truth: str, refused: str) -> str:
        r = {"truth": truth}
        return outcome(Replayed(r, "another", CONFIRM, None, False, None, False, False),
                       refused)

    assert checked("another", "open") == "right"
    assert checked("open", "open") == "right"
    assert checked("within", "open") == "wrong"
    assert checked("within", "unclear") == "again"

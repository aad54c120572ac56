"""The endpointer on its own: sequences of speech probabilities in, decisions out.

Frames here are 0.1 s long so the arithmetic reads plainly; the machine counts frames, so
the frame length is only a unit.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from voicepiece.listening.endpoint import (
    END_OF_SPEECH,
    MAX_ANSWER,
    NO_INPUT,
    SOURCE_ENDED,
    Endpoint,
    Endpointer,
    Tuning,
)
from voicepiece.story.model import ListenSettings

FRAME = 0.1
TUNING = Tuning(speech_threshold=0.5, silence_threshold=0.3, start_speech=0.2, check_after=0.1)
SETTINGS = ListenSettings(timeout=2.0, max_answer=3.0, complete_silence=0.3,
                          incomplete_silence=0.6)


def machine(settings: ListenSettings = SETTINGS, tuning: Tuning = TUNING) -> Endpointer:
    return Endpointer(settings, tuning, frame_seconds=FRAME)


def feed(ep: Endpointer, probabilities: Iterable[float],
         complete: bool | None = None) -> Endpoint | None:
    """Push each probability; answer ``needs_check`` with ``complete`` (unless None)."""
    result = None
    for p in probabilities:
        result = ep.push(p)
        if result is None and complete is not None and ep.needs_check:
            result = ep.set_complete(complete)
        if result is not None:
            return result
    return result


def speech(seconds: float, p: float = 0.9) -> list[float]:
    return [p] * round(seconds / FRAME)


def quiet(seconds: float, p: float = 0.05) -> list[float]:
    return [p] * round(seconds / FRAME)


def test_speech_start_is_dated_from_its_first_frame() -> None:
    ep = machine()
    assert feed(ep, quiet(0.5) + speech(0.1)) is None
    assert not ep.started  # one frame is not enough: a click
    assert feed(ep, speech(0.1)) is None
    assert ep.started
    assert ep.speech_start == pytest.approx(0.5)


def test_a_blip_shorter_than_the_start_does_not_start_speech() -> None:
    ep = machine()
    feed(ep, quiet(0.3) + speech(0.1) + quiet(0.2) + speech(0.1) + quiet(0.2))
    assert not ep.started
    assert ep.candidate_start is None


def test_start_hysteresis_in_between_frames_neither_count_nor_break_the_run() -> None:
    ep = machine()
    feed(ep, [*quiet(0.2), 0.9, 0.4, 0.9])  # 0.4: between the thresholds
    assert ep.started
    assert ep.speech_start == pytest.approx(0.2)
    ep = machine()
    feed(ep, [*quiet(0.2), 0.9, 0.2, 0.9])  # 0.2: below the silence threshold
    assert not ep.started
    assert ep.candidate_start == pytest.approx(0.4)


def test_pause_hysteresis_middling_probabilities_keep_speech_and_keep_silence() -> None:
    ep = machine()
    feed(ep, speech(0.5))
    feed(ep, [0.4] * 10)  # above the silence threshold: still speaking, however long
    assert ep.result is None
    assert ep.pause == 0
    feed(ep, [0.1, 0.4, 0.4])  # a pause; 0.4 is not enough to resume speech
    assert ep.pause == pytest.approx(0.3)
    feed(ep, [0.6])  # this is
    assert ep.pause == 0


def test_incomplete_answer_waits_for_the_longer_silence() -> None:
    ep = machine()
    result = feed(ep, quiet(0.3) + speech(0.8) + quiet(1.0), complete=False)
    assert result == Endpoint(END_OF_SPEECH, speech_start=pytest.approx(0.3),
                              speech_end=pytest.approx(1.1), at=pytest.approx(1.7))


def test_complete_answer_ends_after_the_shorter_silence() -> None:
    ep = machine()
    result = feed(ep, quiet(0.3) + speech(0.8) + quiet(1.0), complete=True)
    assert result is not None
    assert result.reason == END_OF_SPEECH
    assert result.speech_end == pytest.approx(1.1)
    assert result.at == pytest.approx(1.4)


def test_a_pause_inside_an_answer_does_not_end_it() -> None:
    """"I… don't know": a 0.5 s gap after an incomplete "I" is not the end."""
    ep = machine()
    result = feed(ep, speech(0.3) + quiet(0.5) + speech(0.6) + quiet(1.0), complete=False)
    assert result is not None
    assert result.speech_start == pytest.approx(0.0)
    assert result.speech_end == pytest.approx(1.4)


def test_the_check_is_asked_once_per_pause_and_only_after_check_after() -> None:
    ep = machine()
    asked: list[float] = []
    for p in speech(0.5) + quiet(0.2) + speech(0.3) + quiet(0.6):
        if ep.push(p) is not None:
            break
        if ep.needs_check:
            asked.append(round(ep.now, 3))
            ep.set_complete(False)
    assert asked == [0.6, 1.1]  # one per pause, one frame into each


def test_no_check_when_both_silences_are_equal() -> None:
    ep = machine(ListenSettings(timeout=2, max_answer=3, complete_silence=0.5,
                                incomplete_silence=0.5))
    feed(ep, speech(0.5) + quiet(0.3))
    assert not ep.needs_check


def test_a_late_judgement_ends_at_once() -> None:
    ep = machine()
    feed(ep, speech(0.5) + quiet(0.4))  # nobody answered the check in time
    assert ep.result is None
    result = ep.set_complete(True)
    assert result is not None
    assert result.at == pytest.approx(0.9)


def test_speech_after_a_pause_forgets_the_judgement() -> None:
    ep = machine()
    feed(ep, speech(0.5) + quiet(0.1))
    ep.set_complete(True)
    feed(ep, speech(0.3) + quiet(0.4))  # "yes… but" — the "but" made it incomplete
    assert ep.result is None
    assert ep.needs_check


def test_no_input_at_the_timeout() -> None:
    ep = machine()
    result = feed(ep, quiet(5.0))
    assert result == Endpoint(NO_INPUT, None, None, pytest.approx(2.0))


def test_speech_beginning_at_the_timeout_is_still_heard() -> None:
    ep = machine()
    result = feed(ep, quiet(1.9) + speech(0.5) + quiet(1.0), complete=True)
    assert result is not None
    assert result.reason == END_OF_SPEECH
    assert result.speech_start == pytest.approx(1.9)


def test_a_blip_at_the_timeout_does_not_hold_it_open() -> None:
    ep = machine()
    result = feed(ep, [*quiet(1.9), 0.9, 0.4, 0.4, 0.4, 0.4, *quiet(1.0)])
    assert result is not None
    assert result.reason == NO_INPUT
    assert result.at <= 2.0 + 0.2 + 1e-9


def test_an_answer_longer_than_max_answer_is_cut() -> None:
    ep = machine()
    result = feed(ep, quiet(0.5) + speech(10.0))
    assert result == Endpoint(MAX_ANSWER, pytest.approx(0.5), pytest.approx(3.5),
                              pytest.approx(3.5))


def test_max_answer_counts_from_the_start_of_speech_not_of_listening() -> None:
    ep = machine()
    result = feed(ep, quiet(1.5) + speech(2.9) + quiet(1.0), complete=False)
    assert result is not None
    assert result.reason == END_OF_SPEECH


def test_source_ending_mid_answer_keeps_what_was_said() -> None:
    ep = machine()
    feed(ep, quiet(0.2) + speech(0.6) + quiet(0.1))
    result = ep.finish()
    assert result == Endpoint(SOURCE_ENDED, pytest.approx(0.2), pytest.approx(0.8),
                              pytest.approx(0.9))
    assert ep.push(0.9) is result  # decided: stays decided


def test_source_ending_before_speech_is_no_speech() -> None:
    ep = machine()
    feed(ep, quiet(0.5) + speech(0.1))
    result = ep.finish()
    assert not result.heard_speech
    assert result.reason == SOURCE_ENDED


def test_real_frame_lengths_round_up_to_whole_frames() -> None:
    ep = Endpointer(ListenSettings(timeout=1.0, max_answer=5, complete_silence=0.3,
                                   incomplete_silence=0.7), Tuning(), frame_seconds=0.032)
    result = feed(ep, [0.0] * 100)
    assert result is not None
    assert result.at == pytest.approx(32 * 0.032)  # 1.0 s is 31.25 frames: wait 32


def test_bad_thresholds_are_refused() -> None:
    with pytest.raises(ValueError):
        Tuning(speech_threshold=0.3, silence_threshold=0.5)


# ── a judgement in two steps: a quick one, and the open transcript still to come ─────


def awaited(whole: bool, then: tuple[bool, bool] | None, after: float) -> float:
    """Seconds of trailing silence that end a turn whose pause was judged ``whole`` at
    once, with a second opinion ``then`` (whole, hesitating) coming ``after`` seconds
    later (None: it never comes)."""
    ep = machine(tuning=Tuning(speech_threshold=0.5, silence_threshold=0.3, start_speech=0.2,
                               check_after=0.1, hesitation_silence=1.3,
                               transcript_grace=0.2))
    feed(ep, speech(0.5))
    asked_at: float | None = None
    result = None
    for p in quiet(3.0):
        result = ep.push(p)
        if result is None and ep.needs_check:
            asked_at = ep.now
            result = ep.set_complete(whole, awaiting=True)
        if (result is None and asked_at is not None and then is not None and ep.awaiting
                and ep.now - asked_at >= after - 1e-9):
            result = ep.set_complete(*then)
        if result is not None:
            break
    assert result is not None and result.reason == END_OF_SPEECH
    assert result.speech_end is not None
    return round(result.at - result.speech_end, 3)


def test_a_whole_answer_waits_only_the_grace_for_the_transcript() -> None:
    assert awaited(True, None, 0) == pytest.approx(0.5)  # 0.3 complete + 0.2 grace
    assert awaited(True, (True, False), 0.1) == pytest.approx(0.3)  # came in time, agrees


def test_a_transcript_that_hears_a_hesitation_keeps_the_turn_open() -> None:
    assert awaited(True, (False, True), 0.3) == pytest.approx(1.3)


def test_an_unfinished_turn_is_not_ended_while_its_transcript_is_under_way() -> None:
    # without a second opinion the incomplete silence (0.6 s) would end it
    assert awaited(False, None, 0) == pytest.approx(1.3)
    assert awaited(False, (False, False), 0.8) == pytest.approx(0.9)  # ends when it comes
    assert awaited(False, (True, False), 0.1) == pytest.approx(0.3)  # an answer after all


def test_speech_after_a_pause_forgets_the_awaited_opinion() -> None:
    ep = machine()
    feed(ep, speech(0.5) + quiet(0.1))
    ep.set_complete(False, awaiting=True)
    assert ep.awaiting
    feed(ep, speech(0.3))
    assert not ep.awaiting


def test_a_thinking_pause_outlasts_the_detectors_view_of_a_natural_voice() -> None:
    """A 1.2 s thinking pause after "well…", seen by the detector up to 0.18 s longer from
    a natural voice trailing off in noise (docs/listening-measurements.md, "Patient turn-taking"),
    does not end the turn with the default tuning; the answer after it is heard."""
    from voicepiece.listening.base import FRAME_SECONDS

    ep = Endpointer(ListenSettings(complete_silence=0.3, incomplete_silence=0.7))
    seen = round(1.38 / FRAME_SECONDS)
    for _ in range(10):
        assert ep.push(0.9) is None
    for _ in range(seen):
        assert ep.push(0.0) is None
        if ep.needs_check:
            assert ep.set_complete(False, hesitating=True) is None
    assert ep.push(0.9) is None  # "…yes": the turn is still open


# ── a second read of a pause judged unfinished, held for a little past its silence ─────


def held(hesitating: bool | None, after: float, wait: float = 0.3) -> float:
    """Seconds of trailing silence that end a turn judged unfinished at its check, held at
    0.3 s into the pause for a second read whose reading (``hesitating``; None: it never
    comes) is told ``after`` seconds later."""
    ep = machine(tuning=Tuning(speech_threshold=0.5, silence_threshold=0.3, start_speech=0.2,
                               check_after=0.1, hesitation_silence=1.3,
                               second_read_wait=wait))
    feed(ep, speech(0.5))
    result = held_at = None
    for p in quiet(3.0):
        result = ep.push(p)
        if result is None and ep.needs_check:
            result = ep.set_complete(False)
        if result is None and held_at is None and ep.pause >= 0.3 - 1e-9:
            ep.hold()
            held_at = ep.now
        if (result is None and held_at is not None and hesitating is not None
                and ep.now - held_at >= after - 1e-9):
            result = ep.set_complete(False, hesitating)
        if result is not None:
            break
    assert result is not None and result.reason == END_OF_SPEECH
    assert result.speech_end is not None
    return round(result.at - result.speech_end, 3)


def test_a_second_read_that_comes_within_the_incomplete_silence_changes_nothing() -> None:
    assert held(False, 0.1) == pytest.approx(0.6)


def test_a_held_turn_ends_when_a_late_second_read_agrees() -> None:
    """Told 0.8 s into the pause (past the 0.6 s incomplete silence): ended then."""
    assert held(False, 0.5) == pytest.approx(0.8)


def test_a_late_second_read_that_hears_a_hesitation_keeps_the_turn_open() -> None:
    assert held(True, 0.5) == pytest.approx(1.3)


def test_a_second_read_is_waited_for_only_so_long() -> None:
    assert held(None, 0) == pytest.approx(0.9)  # 0.6 s + 0.3 s, never the hesitation's 1.3
    assert held(True, 0.7) == pytest.approx(0.9)  # too late to keep the turn open
    assert held(None, 0, wait=2.0) == pytest.approx(1.3)  # never past the hesitation silence


def test_speech_after_a_pause_forgets_the_hold() -> None:
    ep = machine()
    feed(ep, speech(0.5) + quiet(0.1))
    ep.set_complete(False)
    ep.hold()
    assert feed(ep, speech(0.3) + quiet(0.6)) is not None  # the incomplete silence again

"""The turns bench's judge reads a pause again as the ear does (scripts/bench_turns_judges.py):
the second read's words come after the seconds its decode took (MEASURED, in audio time)
or at once (AT_ONCE), only where the first reading waits the incomplete silence, and not
at all for the ``…_one_read`` judgements — so the lead's blind runs see the second listen.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from voicepiece.listening.turns import Verdict
from voicepiece.listening.whisper_model import WhisperWords
from voicepiece.story.model import Answer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from bench_turns_judges import AT_ONCE, MEASURED, _Judge

YES_NO = (Answer(label="yes", meaning="yes", phrases=(), say=(), next=None),
          Answer(label="no", meaning="no", phrases=(), say=(), next=None))


class _Judges:
    """Whisper's words of each audio, by its length: the check's, then the second read's,
    each decoded in ``seconds``."""

    def __init__(self, texts: dict[int, str], seconds: float) -> None:
        self.texts, self.seconds = texts, seconds

    def words(self, audio: bytes) -> WhisperWords:
        return WhisperWords(self.texts[len(audio)], 0.8, 0.0, self.seconds, 0.8)


def _settled(judge: _Judge, text: str) -> Verdict:
    from concurrent.futures import Future

    first: Future[Any] = Future()
    first.set_result(WhisperWords(text, 0.8, 0.0, 0.2, 0.8))
    settled = judge.settle(Verdict(False, False, first), YES_NO, None)
    assert settled is not None
    return settled


def _judge(transcript: str, second: bool = True) -> _Judge:
    judges = _Judges({4: "It only catches fire when"}, seconds=0.4)
    return _Judge(lambda a, c: (False, False), judges, transcript,  # type: ignore[arg-type]
                  second=second)


def test_measured_the_second_read_comes_after_its_decode_in_audio_time() -> None:
    judge = _judge(MEASURED)
    second = judge.read_again(_settled(judge, "This fire went."), None, b"\0" * 4, YES_NO)
    assert second is not None
    assert second.verdict(0.3) is None  # decoded in 0.4 s: not there yet
    assert second.verdict(0.4) == Verdict(False, True)  # trailing off: the long silence


def test_at_once_the_second_read_is_there_at_once() -> None:
    judge = _judge(AT_ONCE)
    second = judge.read_again(_settled(judge, "This fire went."), None, b"\0" * 4, YES_NO)
    assert second is not None and second.verdict(0.0) == Verdict(False, True)


@pytest.mark.parametrize("first", ["Yes.", "Well, um..."])
def test_only_a_pause_left_at_the_incomplete_silence_is_read_again(first: str) -> None:
    judge = _judge(AT_ONCE)
    assert judge.read_again(_settled(judge, first), None, b"\0" * 4, YES_NO) is None


def test_the_one_read_judgements_never_read_again() -> None:
    judge = _judge(MEASURED, second=False)
    assert judge.read_again(_settled(judge, "This fire went."), None, b"\0" * 4, YES_NO) is None


def test_measured_no_read_is_begun_where_it_cannot_come_within_the_hold() -> None:
    """The first read's decode took 0.2 s here: with 0.1 s left of the hold, no second
    read (the ear's rule, ``second_read.in_time``); with 0.3 s, one."""
    judge = _judge(MEASURED)
    settled = _settled(judge, "This fire went.")
    assert judge.read_again(settled, None, b"\0" * 4, YES_NO, within=0.1) is None
    assert judge.read_again(settled, None, b"\0" * 4, YES_NO, within=0.3) is not None


def test_any_time_and_at_once_read_again_whatever_the_time_left() -> None:
    """``transcript_any_time`` is the ear before the rule; AT_ONCE models an idle machine,
    where every read is in time."""
    judges = _Judges({4: "It only catches fire when"}, seconds=0.4)
    any_time = _Judge(lambda a, c: (False, False), judges, MEASURED,  # type: ignore[arg-type]
                      any_time=True)
    assert any_time.read_again(_settled(any_time, "This fire went."), None, b"\0" * 4,
                               YES_NO, within=0.1) is not None
    at_once = _judge(AT_ONCE)
    assert at_once.read_again(_settled(at_once, "This fire went."), None, b"\0" * 4, YES_NO,
                              within=0.1) is not None

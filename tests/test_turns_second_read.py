"""A second read of the same pause: a turn whose first reading waits the incomplete silence (a
sentence that answers nothing) is heard once more before that silence runs out, and waits
the hesitation silence if it now reads as trailing off — never less than before.

The rule is tested on text; the ear's use of it with a small recognizer whose Whisper
writes one thing at the pause's check and another at its second read, and a detector that
hears any non-zero frame as speech. Live, the ear holds the turn open past the incomplete
silence for a second read under way (at most ``Tuning.second_read_wait``): a real-time
source here lets the read finish only at a chosen frame, so no clock is read.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future

import pytest

from voicepiece.listening.base import FRAME_SECONDS, REJECT, SAMPLE_RATE, Recognition
from voicepiece.listening.ear import ListeningEar
from voicepiece.listening.endpoint import DEFAULT_TUNING, END_OF_SPEECH
from voicepiece.listening.second_read import (
    SECOND_READ_AT,
    _pool,
    in_time,
    read_again,
    wants_second_read,
)
from voicepiece.listening.sources import PcmSource, frames_of
from voicepiece.listening.turns import TurnJudge, Verdict
from voicepiece.listening.whisper_model import WhisperWords
from voicepiece.session.events import Question
from voicepiece.story.model import Answer, ListenSettings

YES_NO = (Answer(label="yes", meaning="yes", phrases=(), say=(), next=None),
          Answer(label="no", meaning="no", phrases=(), say=(), next=None))
SETTINGS = ListenSettings(timeout=3.0, max_answer=6.0, complete_silence=0.3,
                          incomplete_silence=0.7)
QUICK = Verdict(False, False)  # the grammar heard no whole answer


def words(text: str) -> WhisperWords:
    return WhisperWords(text, 0.8, 0.0, 0.0, 0.8)


@pytest.mark.parametrize("text", ["Rules people grow up with can.", "It only catches fire when",
                                  "Well, um...", "I think that..."])
def test_a_second_read_that_trails_off_waits_the_hesitation_silence(text: str) -> None:
    assert read_again(QUICK, words(text), YES_NO) == Verdict(False, True)


@pytest.mark.parametrize("text", ["This fire went.", "The soundtrack was lovely.",
                                  "Yes.", "No, not really."])
def test_a_second_read_never_ends_the_turn_sooner(text: str) -> None:
    """The same sentence read again, or even an answer: the incomplete silence, as before
    (a whole answer only now would be a guess against the first reading)."""
    assert read_again(QUICK, words(text), YES_NO) == Verdict(False, False)


def test_whispers_own_doubt_on_the_second_read_does_not_make_the_turn_wait() -> None:
    """Only the words: Whisper weighing "..." after a sentence it misheard (a complete
    answer, an open sentence) is no sign that the listener is still thinking."""
    doubted = WhisperWords("And the people who bring us up.", 0.6, 0.0, 0.0, 0.5,
                           unfinished="And the people who bring us up...", doubt=0.2)
    assert read_again(QUICK, doubted, YES_NO) == Verdict(False, False)


def test_only_a_reading_that_waits_the_incomplete_silence_is_read_again() -> None:
    read = (QUICK, words("This fire went."))
    assert wants_second_read(Verdict(False, False, read=read), YES_NO)
    assert not wants_second_read(Verdict(True, False, read=read), YES_NO)
    assert not wants_second_read(Verdict(False, True, read=read), YES_NO)
    assert not wants_second_read(Verdict(False, False), YES_NO)  # no transcript: nothing to read


@pytest.mark.parametrize("text", ["A breed.", "In the way."])
def test_a_word_or_two_the_grammar_heard_alike_is_not_read_again(text: str) -> None:
    """A word or two (or a frame alone) waits the incomplete silence only where it is spelt
    like the grammar's answer: read again, it is only another spelling of the same sounds
    ("A B"), which would fall back on a hesitation and make the answer wait 1.5 s."""
    heard = Verdict(False, False, heard="uh agreed")
    assert not wants_second_read(Verdict(False, False, read=(heard, words(text))), YES_NO)


class _Detector:
    """Speech wherever a frame is not silent."""

    def reset(self) -> None:
        pass

    def probability(self, frame: bytes) -> float:
        return 1.0 if any(frame) else 0.0


class _Whisper:
    """Writes ``first`` at the pause's check (its first decode), ``later`` after."""

    def __init__(self, first: str, later: str) -> None:
        self.first, self.later = first, later
        self.asked: list[int] = []

    def transcribe(self, audio: bytes) -> WhisperWords:
        self.asked.append(len(audio))
        return words(self.later if len(self.asked) > 1 else self.first)


class _Recognizer:
    """A grammar that finds no whole answer, and Whisper's words of the pause's audio."""

    def __init__(self, whisper: _Whisper) -> None:
        self.whisper = whisper

    def transcript(self, audio: bytes) -> Future[WhisperWords]:
        done: Future[WhisperWords] = Future()
        done.set_result(self.whisper.transcribe(audio))
        return done

    def is_complete(self, audio: bytes, choices: Sequence[Answer]) -> bool:
        return False

    def recognize(self, audio: bytes, choices: Sequence[Answer]) -> Recognition:
        return Recognition(None, None, 0.0, REJECT)


class _HeardAs:
    """A hesitation grammar that hears ``words`` (no hesitation alone) in any speech."""

    def __init__(self, words: str) -> None:
        self.words = words

    def heard(self, audio: bytes, choices: Sequence[Answer]) -> str:
        return self.words

    def hesitating(self, audio: bytes, choices: Sequence[Answer]) -> bool:
        return False


def _pause_heard(first: str, later: str, whisper_kind: type[_Whisper] | None = None,
                 judge: TurnJudge | None = None, speech_s: float = 1.0) -> tuple[float, _Whisper]:
    """The trailing silence the ear waited after ``speech_s`` of speech, and the Whisper."""
    speech = b"\x10\x00" * round(speech_s * SAMPLE_RATE)
    whisper = (whisper_kind or _Whisper)(first, later)
    clip = bytes(2 * SAMPLE_RATE // 4) + speech + bytes(4 * SAMPLE_RATE)
    ear = ListeningEar(lambda: PcmSource(clip), _Recognizer(whisper), _Detector(),  # type: ignore[arg-type]
                       judge=judge or TurnJudge())
    ear.listen(Question("here", YES_NO, SETTINGS))
    end = ear.last_endpoint
    assert end is not None and end.reason == END_OF_SPEECH and end.speech_end is not None
    return end.at - end.speech_end, whisper


def test_the_ear_waits_the_hesitation_silence_when_the_second_read_trails_off() -> None:
    waited, whisper = _pause_heard("This fire went.", "It only catches fire when")
    assert waited == pytest.approx(DEFAULT_TUNING.hesitation_silence, abs=0.05)
    assert len(whisper.asked) == 2  # the check's decode, then one more
    assert whisper.asked[1] > whisper.asked[0] + SECOND_READ_AT / 2 * 2 * SAMPLE_RATE


def test_the_ear_waits_only_the_incomplete_silence_when_the_second_read_agrees() -> None:
    waited, whisper = _pause_heard("This fire went.", "This fire went.")
    assert waited == pytest.approx(SETTINGS.incomplete_silence, abs=0.05)
    assert len(whisper.asked) == 2


def test_an_answer_misheard_alike_waits_the_incomplete_silence_unread() -> None:
    """The listening bench's "agreed" (10 dB): the hesitation grammar heard "uh agreed",
    Whisper "A breed." (spelt alike: the grammar's answer misheard, the incomplete silence);
    its second read wrote "A B", unlike it, and the turn waited the hesitation silence. (A
    short answer: the hesitation grammar hears only a turn's beginning.)"""
    waited, whisper = _pause_heard("A breed.", "A B", judge=TurnJudge(_HeardAs("uh agreed")),  # type: ignore[arg-type]
                                   speech_s=0.5)
    assert waited == pytest.approx(SETTINGS.incomplete_silence, abs=0.05)
    assert len(whisper.asked) == 1


def test_an_answer_the_first_read_found_whole_is_not_read_again() -> None:
    waited, whisper = _pause_heard("Yes.", "It only catches fire when")
    assert waited == pytest.approx(SETTINGS.complete_silence, abs=0.05)
    assert len(whisper.asked) == 1


class _Failing(_Whisper):
    def transcribe(self, audio: bytes) -> WhisperWords:
        if self.asked:
            self.asked.append(len(audio))
            raise RuntimeError("out of memory")
        return super().transcribe(audio)


def test_a_failed_second_read_is_one_warning_and_the_first_reading_stands(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="voicepiece.listening.second_read"):
        waited, whisper = _pause_heard("This fire went.", "It only catches fire when",
                                       _Failing)
    assert waited == pytest.approx(SETTINGS.incomplete_silence, abs=0.05)
    assert len(whisper.asked) == 2
    assert [r.getMessage() for r in caplog.records] == [
        "the second read failed (out of memory); the turn waits as first read"]


class _Late(_Whisper):
    """A second read that finishes only once ``go`` is set (a decode on a busy machine), or
    after ``patience`` seconds of the clock."""

    patience = 30.0

    def __init__(self, first: str, later: str) -> None:
        super().__init__(first, later)
        self.go = threading.Event()

    def transcribe(self, audio: bytes) -> WhisperWords:
        if self.asked:
            self.go.wait(self.patience)
        return super().transcribe(audio)


class _Live:
    """``pcm`` as a real-time source read at once, which lets the second read finish (and
    waits until it has) just before the frame that ends ``released`` seconds of silence
    after the speech (None: never, until the turn is over)."""

    realtime = True

    def __init__(self, pcm: bytes, speech_end: float, whisper: _Late,
                 released: float | None) -> None:
        self.pcm, self.whisper = pcm, whisper
        self.release = None if released is None else round((speech_end + released)
                                                           / FRAME_SECONDS) - 1

    def frames(self) -> Iterator[bytes]:
        for i, frame in enumerate(frames_of(self.pcm)):
            if i == self.release:
                self.whisper.go.set()
                _pool().submit(lambda: None).result()  # the read before it is done, too
            yield frame

    def close(self) -> None:
        self.whisper.go.set()


def _live_pause(first: str, later: str, released: float | None) -> tuple[float, _Late]:
    """The trailing silence the ear waited live after one second of speech, its second read
    done ``released`` seconds into the pause."""
    whisper = _Late(first, later)
    clip = bytes(2 * SAMPLE_RATE // 4) + b"\x10\x00" * SAMPLE_RATE + bytes(4 * SAMPLE_RATE)
    speech_end = 1.25
    ear = ListeningEar(lambda: _Live(clip, speech_end, whisper, released),  # type: ignore[arg-type]
                       _Recognizer(whisper), _Detector(), judge=TurnJudge())  # type: ignore[arg-type]
    ear.listen(Question("here", YES_NO, SETTINGS))
    end = ear.last_endpoint
    assert end is not None and end.reason == END_OF_SPEECH and end.speech_end is not None
    assert end.speech_end == pytest.approx(speech_end, abs=FRAME_SECONDS)
    return end.at - end.speech_end, whisper


def test_live_a_late_second_read_that_trails_off_still_keeps_the_turn_open() -> None:
    """Come 0.9 s into the pause, after the 0.7 s incomplete silence: heard, as from a file."""
    waited, whisper = _live_pause("This fire went.", "It only catches fire when", 0.9)
    assert waited == pytest.approx(DEFAULT_TUNING.hesitation_silence, abs=0.05)
    assert len(whisper.asked) == 2


def test_live_a_late_second_read_that_agrees_ends_the_turn_when_it_comes() -> None:
    waited, _ = _live_pause("This fire went.", "This fire went.", 0.9)
    assert waited == pytest.approx(0.9, abs=0.05)


def test_live_a_second_read_in_time_costs_nothing() -> None:
    waited, _ = _live_pause("This fire went.", "This fire went.", 0.5)
    assert waited == pytest.approx(SETTINGS.incomplete_silence, abs=0.05)


def test_live_a_second_read_is_waited_for_only_so_long() -> None:
    waited, _ = _live_pause("This fire went.", "It only catches fire when", None)
    assert waited == pytest.approx(SETTINGS.incomplete_silence
                                   + DEFAULT_TUNING.second_read_wait, abs=0.05)


def test_live_a_whole_answer_waits_for_no_second_read() -> None:
    waited, whisper = _live_pause("Yes.", "It only catches fire when", None)
    assert waited == pytest.approx(SETTINGS.complete_silence, abs=0.05)
    assert len(whisper.asked) == 1


def test_a_read_is_begun_only_where_the_first_reads_decode_says_it_can_come_in_time() -> None:
    """The first read's decode time stands for the second's (the same audio, the same load):
    a read begun with ``within`` seconds left of the hold is begun only if that fits; with
    no limit (a file, a render) always."""
    read = (QUICK, WhisperWords("This fire went.", 0.8, 0.0, 0.5, 0.8))
    settled = Verdict(False, False, read=read)
    assert in_time(settled, 0.6)
    assert in_time(settled, 0.5)
    assert not in_time(settled, 0.4)
    assert in_time(settled, None)


class _Slow(_Late):
    """A Whisper whose first decode took ``FIRST_SECONDS`` (a busy machine, a long sentence)."""

    FIRST_SECONDS = 0.8

    def transcribe(self, audio: bytes) -> WhisperWords:
        found = super().transcribe(audio)
        if len(self.asked) > 1:
            return found
        return WhisperWords(found.text, 0.8, 0.0, self.FIRST_SECONDS, 0.8)


def test_live_no_read_is_begun_or_waited_for_where_it_cannot_come_in_time() -> None:
    """The first read took 0.8 s: a second one begun 0.35 s into the pause would come ~1.15 s
    in, past the hold's end (1.0 s): the turn ends at the incomplete silence, unread, where
    it was held to the hold's end before (a sentence that answers nothing paid 0.3 s)."""
    whisper = _Slow("This fire went.", "It only catches fire when")
    clip = bytes(2 * SAMPLE_RATE // 4) + b"\x10\x00" * SAMPLE_RATE + bytes(4 * SAMPLE_RATE)
    ear = ListeningEar(lambda: _Live(clip, 1.25, whisper, None),  # type: ignore[arg-type]
                       _Recognizer(whisper), _Detector(), judge=TurnJudge())  # type: ignore[arg-type]
    ear.listen(Question("here", YES_NO, SETTINGS))
    end = ear.last_endpoint
    assert end is not None and end.speech_end is not None
    assert end.at - end.speech_end == pytest.approx(SETTINGS.incomplete_silence, abs=0.05)
    assert len(whisper.asked) == 1


class _SlowFromFile(_Slow):
    """:class:`_Slow` whose second read comes half a second of the clock late: a file's
    silence is read in milliseconds, so only an ear that waits for the read hears it (a
    live hold, 0.3 s of audio past the incomplete silence, would have ended long before)."""

    patience = 0.5


def test_from_a_file_a_slow_first_read_is_still_read_again() -> None:
    """Nobody waits for a file in real time: the second read is begun and waited for."""
    waited, whisper = _pause_heard("This fire went.", "It only catches fire when",
                                   _SlowFromFile)
    assert waited == pytest.approx(DEFAULT_TUNING.hesitation_silence, abs=0.05)
    assert len(whisper.asked) == 2

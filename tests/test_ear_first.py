"""The ear first: the narrator's anticipated synthesis of the listener's words waits while
the ear decodes a turn (session/ear_first.py), is said at once when its line is asked for,
and is never synthesized when it was dropped while it waited."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

import pytest
from pydub import AudioSegment

from tests.test_anticipation import THEIRS, Transcriber
from tests.test_ear import Judge, ear_for, place, question
from tests.test_prepared_mirrors import LINE, Counting, narrator
from voicepiece.listening.combined import CombinedRecognizer
from voicepiece.listening.whisper_model import WhisperWords
from voicepiece.session import ear_first
from voicepiece.session.anticipation import Anticipation, responding_lines
from voicepiece.session.ear_first import EAR_FIRST, EarFirst
from voicepiece.story.loader import load_piece
from voicepiece.story.model import HEARD, VoiceSettings, fill
from voicepiece.voices.narrator import Narrator

WORDS = "You loved her."
"""The part of THEIRS with the listener's words: the one anticipated."""


@pytest.fixture(autouse=True)
def patient(monkeypatch: pytest.MonkeyPatch) -> None:
    """A hold long enough that a test passing by the bound alone would time out instead."""
    monkeypatch.setattr(ear_first, "LONGEST_HOLD", 60.0)


class Signalling(Counting):
    """Notes each synthesis of the listener's words as it begins."""

    def __init__(self) -> None:
        super().__init__()
        self.begun = threading.Event()

    def synthesize(self, text: str, settings: VoiceSettings) -> AudioSegment:
        if text == WORDS:
            self.begun.set()
        return super().synthesize(text, settings)


def prepared(tmp_path: Path) -> tuple[Narrator, Signalling]:
    voice, _ = narrator(tmp_path)
    synth = Signalling()
    voice.cache.synthesizer_for = lambda _: synth  # type: ignore[method-assign]
    voice.prepare()
    synth.asked.clear()
    return voice, synth


def test_the_gate_counts_decodes_and_lets_waiting_work_through_when_none_is_left() -> None:
    gate = EarFirst()
    never = threading.Event()
    assert gate.wait(never) and not gate.busy
    with gate.decoding(), gate.decoding():
        assert gate.busy
        assert not gate.wait(never, longest=0.01)  # the bound ended it
    assert not gate.busy and gate.wait(never)


def test_work_asked_for_waits_no_longer() -> None:
    gate = EarFirst()
    asked = threading.Event()
    with gate.decoding():
        waiter = threading.Thread(target=lambda: gate.wait(asked))
        waiter.start()
        gate.ask(asked)
        waiter.join(30)
        assert not waiter.is_alive() and gate.busy


def test_a_part_anticipated_while_the_ear_decodes_begins_only_when_it_is_done(
        tmp_path: Path) -> None:
    voice, synth = prepared(tmp_path)
    with EAR_FIRST.decoding():
        assert voice.anticipate([(LINE, THEIRS)]) == [WORDS]
        assert not synth.begun.wait(0.3)
    assert synth.begun.wait(30)
    voice.settle(30)
    voice.audio(LINE, THEIRS)
    assert synth.asked == [WORDS]  # once, ahead: the line found it ready


def test_a_line_asked_for_takes_its_part_at_once_though_the_ear_decodes(
        tmp_path: Path) -> None:
    voice, synth = prepared(tmp_path)
    with EAR_FIRST.decoding():
        voice.anticipate([(LINE, THEIRS)])
        audio = voice.audio(LINE, THEIRS)
    assert len(audio) > 0 and synth.asked == [WORDS]


def test_a_part_dropped_while_it_waited_is_never_synthesized(tmp_path: Path) -> None:
    voice, synth = prepared(tmp_path)
    with EAR_FIRST.decoding():
        voice.anticipate([(LINE, THEIRS)])
        voice.anticipate(())  # the listener went on: these words are no one's now
        voice.settle(30)  # the held part woke and ended without the ear being done
    assert synth.asked == []


def test_the_backchannels_words_wait_for_no_ear(tmp_path: Path) -> None:
    """Asked for with the backchannel, the line's words are wanted now: the turn is decided,
    and a transcript still decoding for nobody must not hold them back."""
    voice, synth = prepared(tmp_path)
    with EAR_FIRST.decoding():
        voice.anticipate([(LINE, THEIRS)], now=True)
        assert synth.begun.wait(30)


def test_the_ear_marks_its_checks_and_its_decision() -> None:
    seen: list[tuple[str, bool]] = []

    class Noting(Judge):
        def is_complete(self, audio: bytes, choices: object) -> bool:  # type: ignore[override]
            seen.append(("check", EAR_FIRST.busy))
            return super().is_complete(audio, choices)  # type: ignore[arg-type]

        def recognize(self, audio: bytes, choices: object):  # type: ignore[no-untyped-def,override]
            seen.append(("decision", EAR_FIRST.busy))
            return super().recognize(audio, choices)  # type: ignore[arg-type]

    ear = ear_for(place("yes", before=0.5).pcm, Noting(complete=False))
    ear.listen(question())
    assert ("check", True) in seen and ("decision", True) in seen
    assert all(busy for _, busy in seen) and not EAR_FIRST.busy
    assert ear.last_deciding is not None


def test_whispers_transcript_is_a_decode_of_the_ears() -> None:
    seen: list[bool] = []

    class Noting(Transcriber):
        def transcribe(self, audio: bytes) -> WhisperWords:
            seen.append(EAR_FIRST.busy)
            return super().transcribe(audio)

    recognizer = CombinedRecognizer(use_whisper=False)
    recognizer.whisper = Noting(WhisperWords(" Yes.", 0.8, 0.01, 0.1))  # type: ignore[assignment]
    future = recognizer.transcript(b"\x00\x01" * 1600)
    assert future is not None
    future.result()
    recognizer._pool.shutdown(wait=True)
    assert seen == [True] and not EAR_FIRST.busy


def test_an_ear_catching_up_on_a_slow_checks_backlog_is_busy_until_its_decision() -> None:
    """Live, a check that took long leaves frames waiting; the turn may end and be decided
    within the burst that reads them, and a synthesis begun in the gap between the check
    and the decision would run beside the decision."""
    counts: list[int] = []

    class Slow(Judge):
        def is_complete(self, audio: bytes, choices: object) -> bool:  # type: ignore[override]
            threading.Event().wait(0.6)  # longer than the rest of the short silence
            return super().is_complete(audio, choices)  # type: ignore[arg-type]

        def recognize(self, audio: bytes, choices: object):  # type: ignore[no-untyped-def,override]
            counts.append(EAR_FIRST._decoding)
            return super().recognize(audio, choices)  # type: ignore[arg-type]

    ear = ear_for(place("yes", before=0.3, after=1.5).pcm, Slow(complete=True), realtime=True)
    ear.listen(question())
    assert counts == [2]  # the decision, and the backlog it was made in
    assert not EAR_FIRST.busy


def test_behind_marks_once_and_is_released() -> None:
    gate = EarFirst()
    behind = gate.behind()
    behind.update(True)
    behind.update(True)
    assert gate.busy
    behind.update(False)
    assert not gate.busy


class Near:
    """A sentence model that finds "I loved her" near the example "yes", and nothing near
    anything else."""

    def similarities(self, text: str, examples: list[str]) -> list[float]:
        return [0.9 if "loved" in text and e == "yes" else 0.1 for e in examples]


def anticipation(told: list[list[tuple[str, str]]], meanings: object) -> Anticipation:
    from tests.test_anticipation import PIECE

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ahead.yaml"
        path.write_text(PIECE)
        listen = load_piece(str(path)).nodes["ask"].listen
    assert listen is not None
    return Anticipation(lambda texts: told.append([(line.id, t) for line, t in texts]),
                        responding_lines(listen),
                        lambda line, words: fill(line.text, {HEARD: words}),
                        listen.answers, meanings)  # type: ignore[arg-type]


@pytest.mark.parametrize(("words", "started"), [
    ("Yeah, I'd go along with that.", True),  # an answer by the rules
    ("I loved her.", True),  # by meaning, as the session reads words the ear rejects
    ("What time is it?", False),  # no answer: the reprompt says none of these words
    ("The weather is nice today.", False),
])
def test_only_words_that_answer_are_synthesized_ahead(words: str, started: bool) -> None:
    told: list[list[tuple[str, str]]] = []
    ahead = anticipation(told, Near())
    ahead(words)
    assert bool(told) == started
    assert ahead.unanswering == (0 if started else 1)


def test_without_a_sentence_model_every_transcript_is_synthesized_ahead() -> None:
    told: list[list[tuple[str, str]]] = []
    anticipation(told, None)("What time is it?")
    assert told

"""Barge-in: the listener speaks over the narrator, who stops and listens.

The session's side (what is watched, what is skipped, the turn's timeline, how recordings
show the cut) is tested with a voice and an interrupter that act out an interruption at a
chosen line. The detector itself (``BargeIn``) gets real voice activity detection over
streamed audio; the live path under virtual PulseAudio is in tests/test_live_barge_in.py.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from pydub import AudioSegment

from tests.awaited import AwaitedSource
from tests.test_ear import quiet, spoken
from voicepiece.archive.recorder import session_folder
from voicepiece.audio.levels import SESSION_RATE as RATE
from voicepiece.listening.bargein import BargeIn
from voicepiece.listening.base import FRAME_BYTES, SAMPLE_RATE
from voicepiece.listening.listener_voices import add_noise, pad
from voicepiece.listening.sources import PcmSource, StreamSource
from voicepiece.session.events import CuePlayed, Heard, LineSpoken, NarrationCut, Question, Spoken
from voicepiece.session.loop import Session
from voicepiece.story.loader import load_piece
from voicepiece.story.model import Line, Piece
from voicepiece.testing import EventLog

PIECE = """\
piece: interrupt
title: Interruptions
start: intro
nodes:
  intro:
    say:
      - This first passage leads to no question.
      - It plays whole.
    next: ask
  ask:
    say:
      - A long line that the listener will talk over, about kettles and cups and leaves.
      - Would you like tea or coffee?
    listen:
      next: bye
      answers:
        - label: tea
          phrases: [tea]
          say: Tea it is, then.
        - label: coffee
          phrases: [coffee]
          say: Coffee, then.
      unclear:
        reprompts: ["Sorry? Tea, or coffee?"]
  bye:
    say: Goodbye.
    end: true
"""
LONG_LINE = "A long line that the listener will talk over, about kettles and cups and leaves."
NARRATOR_HZ, LISTENER_HZ = 440, 1500


@pytest.fixture
def piece(tmp_path: Path) -> Piece:
    path = tmp_path / "interrupt" / "piece.yaml"
    path.parent.mkdir()
    path.write_text(PIECE)
    return load_piece(path)


def tone(hz: float, seconds: float, level: float = 0.3) -> AudioSegment:
    t = np.arange(round(seconds * RATE)) / RATE
    pcm = (level * 32767 * np.sin(2 * np.pi * hz * t)).astype("<i2").tobytes()
    return AudioSegment(data=pcm, sample_width=2, frame_rate=RATE, channels=1)


class Interrupter:
    """Acts out the listener: speaks over the line ``over`` (when it is watched), cutting it
    ``after`` seconds in, with ``lead`` seconds of their audio from before the cut."""

    def __init__(self, over: str | None = None, after: float = 0.8, lead: float = 0.4) -> None:
        self.over, self.after, self._lead = over, after, lead
        self.heard = False
        self.watched = False

    @property
    def lead(self) -> float:
        return self._lead if self.heard else 0.0

    @contextlib.contextmanager
    def watching(self) -> Iterator[None]:
        self.watched = True
        try:
            yield
        finally:
            self.watched = False


class ToneVoice:
    """Each line a tone as long as its text deserves (20 characters a second); notes which
    lines played while barge-in was watched, and is cut where the interrupter speaks."""

    def __init__(self, interrupter: Interrupter) -> None:
        self.interrupter = interrupter
        self.played: list[tuple[str, bool]] = []

    def render(self, text: str, line: Line) -> Spoken:
        return Spoken(text, len(text) / 20, tone(NARRATOR_HZ, len(text) / 20))

    def play(self, spoken: Spoken) -> float | None:
        watched = self.interrupter.watched
        self.played.append((spoken.text, watched))
        if watched and spoken.text == self.interrupter.over:
            self.interrupter.heard = True
            return self.interrupter.after
        return None

    def cue(self) -> Spoken | None:
        return Spoken("", 0.25, tone(880, 0.25, 0.1))

    def pause(self, seconds: float) -> float | None:
        return seconds


class Ear:
    """Hears the given words, said from 0.3 s into the turn for 0.5 s, as a 1.5 kHz tone;
    opening a turn takes up a barge-in, as the real shared microphone does."""

    def __init__(self, interrupter: Interrupter, replies: list[str]) -> None:
        self.interrupter = interrupter
        self.replies = replies
        self.questions: list[Question] = []

    def listen(self, question: Question) -> Heard:
        self.interrupter.heard = False
        self.questions.append(question)
        words = self.replies.pop(0)
        audio = AudioSegment.silent(300, RATE) + tone(LISTENER_HZ, 0.5, 0.2) + \
            AudioSegment.silent(400, RATE)
        return Heard(words, speech_start=0.3, speech_end=0.8, waited=1.2, audio=audio)


def run(piece: Piece, interrupter: Interrupter, replies: list[str],
        observers: list | None = None) -> tuple[ToneVoice, EventLog, object]:
    voice = ToneVoice(interrupter)
    log = EventLog()
    outcome = Session(piece, voice, Ear(interrupter, replies), [log, *(observers or [])],
                      barge_in=interrupter).run()
    return voice, log, outcome


def test_only_what_leads_to_a_question_can_be_interrupted(piece: Piece) -> None:
    voice, log, outcome = run(piece, Interrupter(), ["coffee"])
    assert outcome.completed  # type: ignore[attr-defined]
    watched = dict(voice.played)
    assert watched["This first passage leads to no question."] is False
    assert watched[LONG_LINE] is True
    assert watched["Would you like tea or coffee?"] is True
    assert watched[""] is True  # the cue
    assert watched["Coffee, then."] is False  # the answer was taken: its response plays whole
    assert not log.of(NarrationCut)


def test_reprompts_can_be_interrupted(piece: Piece) -> None:
    voice, _, _ = run(piece, Interrupter(), ["something else entirely", "tea"])
    assert ("Sorry? Tea, or coffee?", True) in voice.played


def test_speaking_over_a_line_skips_to_listening(piece: Piece) -> None:
    interrupter = Interrupter(over=LONG_LINE, after=0.8, lead=0.4)
    voice, log, outcome = run(piece, interrupter, ["coffee"])
    said = [text for text, _ in voice.played]
    assert "Would you like tea or coffee?" not in said  # the rest of the node is skipped
    assert said[said.index(LONG_LINE) + 1] == "Coffee, then."  # no cue either
    assert not log.of(CuePlayed)

    line = next(e for e in log.of(LineSpoken) if e.text == LONG_LINE)
    [cut] = log.of(NarrationCut)
    assert cut.line == line.line and cut.at == pytest.approx(line.at + 0.8)
    [turn] = outcome.turns  # type: ignore[attr-defined]
    assert turn.barge_in and turn.answer == "coffee"
    assert turn.listen_start == pytest.approx(cut.at - 0.4)
    assert turn.speech_start == pytest.approx(turn.listen_start + 0.3)
    assert turn.response_start == pytest.approx(turn.listen_start + 1.2)
    assert "barge_in" in turn.as_json()


def test_a_turn_without_barge_in_says_so_by_leaving_it_out(piece: Piece) -> None:
    _, _, outcome = run(piece, Interrupter(), ["tea"])
    [turn] = outcome.turns  # type: ignore[attr-defined]
    assert not turn.barge_in and "barge_in" not in turn.as_json()


def dominant_hz(audio: AudioSegment, start: float, seconds: float = 0.1) -> float:
    pcm = np.frombuffer(audio[start * 1000:(start + seconds) * 1000].raw_data, dtype="<i2")
    spectrum = np.abs(np.fft.rfft(pcm.astype(float)))
    return float(np.argmax(spectrum) * audio.frame_rate / len(pcm))


def test_the_recording_shows_the_cut_and_the_overlap(piece: Piece, tmp_path: Path) -> None:
    folder = tmp_path / "session"
    interrupter = Interrupter(over=LONG_LINE, after=0.8, lead=0.4)
    recorder = session_folder(folder)
    _, log, outcome = run(piece, interrupter, ["coffee"], [recorder])
    line = next(e for e in log.of(LineSpoken) if e.text == LONG_LINE)
    [cut] = log.of(NarrationCut)
    [turn] = outcome.turns  # type: ignore[attr-defined]
    assert turn.listen_start is not None and cut.at is not None

    audio = AudioSegment.from_wav(folder / "session.wav")
    assert dominant_hz(audio, line.at + 0.2) == pytest.approx(NARRATOR_HZ, abs=15)
    # The listener began over the narrator: both are in the mix.
    both = audio[(cut.at - 0.09) * 1000:(cut.at - 0.01) * 1000]
    assert both.rms > tone(NARRATOR_HZ, 0.1).rms
    # After the cut, only the listener: the rest of the line was never said.
    assert dominant_hz(audio, cut.at + 0.05) == pytest.approx(LISTENER_HZ, abs=15)
    assert dominant_hz(audio, turn.listen_start + 0.85) == 0.0 or \
        audio[(turn.listen_start + 0.85) * 1000:(turn.listen_start + 0.95) * 1000].rms < 50

    record = json.loads((folder / "session.json").read_text())
    entry = next(e for e in record["lines"] if e["text"] == LONG_LINE)
    assert entry["cut"] is True and entry["duration"] == pytest.approx(0.8, abs=0.002)
    assert record["turns"][0]["barge_in"] is True
    captions = (folder / "captions.vtt").read_text()
    assert "tea or coffee" not in captions
    transcript = (folder / "transcript.txt").read_text()
    assert "about kettles and cups and leaves. —" in transcript


# -- the detector ----------------------------------------------------------------------


class Stoppable:
    def __init__(self) -> None:
        self.stops: list[float] = []
        self.resumes = 0

    def stop(self) -> None:
        self.stops.append(time.perf_counter())

    def resume(self) -> None:
        self.resumes += 1


def feed(stream: StreamSource, pcm: bytes) -> None:
    step = 2 * 320
    for i in range(0, len(pcm), step):
        stream.feed(pcm[i:i + step])


def test_the_listeners_voice_stops_the_narrator_and_reaches_the_ear() -> None:
    speech = spoken("coffee please", 2)
    before = 1.0
    mic = StreamSource()
    reading = AwaitedSource(mic)
    voice = Stoppable()
    barge_in = BargeIn(lambda: reading, voice)
    with barge_in, barge_in.watching():
        pcm = add_noise(pad(speech, before, 0.3), 30, 3)
        feed(mic, pcm)  # the detector reads at its own pace: its timeline is the frames
        assert reading.wait_taken(len(pcm) // FRAME_BYTES)
        assert barge_in.heard and len(voice.stops) == 1
        lead = barge_in.lead
        assert 0.25 < lead <= 0.5
        source = barge_in.source()
        mic.end()
        got = b"".join(source.frames())
    assert not barge_in.heard  # taken up by the turn
    # The turn starts a little before the speech and holds all of it after the cut.
    window_start = (len(pcm) - len(got)) / 2 / SAMPLE_RATE
    assert before - 0.4 < window_start < before
    assert window_start + lead == pytest.approx(before + 0.1, abs=0.1)  # when it was heard


def test_noise_and_a_click_do_not_stop_the_narrator() -> None:
    click = np.zeros(SAMPLE_RATE // 2, dtype="<i2")
    click[4000:4040] = 20000
    pcm = quiet(1.0) + click.tobytes() + quiet(1.0, seed=4)
    mic = AwaitedSource(PcmSource(add_noise(pcm, None, 5)), gated=True)
    voice = Stoppable()
    barge_in = BargeIn(lambda: mic, voice)
    with barge_in, barge_in.watching():
        mic.open_gate()  # the watch has begun: every frame is judged
        assert mic.wait_taken()  # all of them
    assert not barge_in.heard and voice.stops == []
    assert voice.resumes == 1


def test_speech_outside_a_watch_is_not_an_answer() -> None:
    """Said during an essay passage: dropped, so the next turn starts fresh."""
    mic = StreamSource()
    reading = AwaitedSource(mic)
    barge_in = BargeIn(lambda: reading, Stoppable())
    with barge_in:
        barge_in.start()
        said = add_noise(pad(spoken("coffee", 1), 0.3, 0.3), 30, 2)
        feed(mic, said)
        assert reading.wait_taken(len(said) // FRAME_BYTES)  # heard outside a watch
        source = barge_in.source()
        feed(mic, quiet(0.32))
        mic.end()
        got = b"".join(source.frames())
    assert len(got) == pytest.approx(2 * round(0.32 * SAMPLE_RATE), abs=2 * 512)


@pytest.mark.parametrize("extra", [["--text"], ["--reply", "yes"]])
@pytest.mark.parametrize("option", [["--barge-in"], ["--recognizer", "vosk"]])
def test_run_refuses_listening_options_without_a_microphone(
        extra: list[str], option: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from voicepiece.cli import main

    assert main(["run", "her", *extra, *option]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and option[0] in err[0]


def test_a_voice_between_the_last_line_and_the_turn_is_still_caught() -> None:
    """The watch lasts until the ear takes the turn: speech that begins after the lines
    (during the cue's start, say) stops the narrator and keeps its first syllable."""
    speech = spoken("coffee please", 2)
    mic = StreamSource()
    reading = AwaitedSource(mic)
    voice = Stoppable()
    barge_in = BargeIn(lambda: reading, voice)
    with barge_in:
        with barge_in.watching():
            pass  # the lines ended with nobody speaking
        pcm = add_noise(pad(speech, 0.5, 0.3), 30, 3)
        feed(mic, pcm)
        assert reading.wait_taken(len(pcm) // FRAME_BYTES)
        assert barge_in.heard and len(voice.stops) == 1
        lead = barge_in.lead
        source = barge_in.source()
        mic.end()
        got = b"".join(source.frames())
    window_start = (len(pcm) - len(got)) / 2 / SAMPLE_RATE
    assert window_start < 0.5 < window_start + lead  # the kept audio reaches back before it

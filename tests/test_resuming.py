"""Resumable turns: a listener who goes on after a whole first answer, while the narrator
has begun its reply, is heard to the end and answered on the whole (session/resuming.py).

The session's side is acted out with fakes: a shared microphone that hears the listener go
on while a chosen reply plays, and an ear that hears the parts in turn. The detector's side
(``BargeIn``'s resume window) gets real voice activity detection over streamed audio. The
live path under virtual PulseAudio is in tests/test_live_resume.py.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pydub import AudioSegment

from tests.awaited import AwaitedSource
from tests.test_barge_in import LISTENER_HZ, NARRATOR_HZ, Stoppable, feed, tone
from tests.test_ear import quiet, spoken
from voicepiece.archive.recorder import session_folder
from voicepiece.audio.levels import SESSION_RATE as RATE
from voicepiece.listening.bargein import RESUME_SECONDS, BargeIn
from voicepiece.listening.base import FRAME_BYTES, SAMPLE_RATE
from voicepiece.listening.listener_voices import add_noise, pad
from voicepiece.listening.sources import StreamSource
from voicepiece.session.deciding import Decision
from voicepiece.session.events import Heard, LineSpoken, NarrationCut, Question, Spoken, Turn
from voicepiece.session.loop import Session
from voicepiece.session.resuming import (
    AUDIO,
    REST_TIMEOUT,
    FirstPart,
    joined_words,
    redecided,
    resumable,
    resumed_turn,
    whole_answer,
)
from voicepiece.story.loader import load_piece
from voicepiece.story.machine import Story
from voicepiece.story.model import Line, Piece
from voicepiece.testing import EventLog

PIECE = """\
piece: going-on
title: Going on
start: ask
nodes:
  ask:
    say:
      - Do you still think about the old house?
    listen:
      next: between
      answers:
        - label: "yes"
          meaning: "yes"
          say: You still do, then. Some rooms stay with us.
          next: kept
        - label: "no"
          meaning: "no"
          say: Then it has let you go, and you it.
          next: gone
        - label: unsure
          meaning: unsure
          say: Now and then, then.
          next: between
  kept:
    say: Keep it.
    end: true
  gone:
    say: Let it go.
    end: true
  between:
    say: Let it come and go.
    end: true
"""
NO_REPLY = "Then it has let you go, and you it."
UNSURE_REPLY = "Now and then, then."


@pytest.fixture
def piece(tmp_path: Path) -> Piece:
    path = tmp_path / "going-on" / "piece.yaml"
    path.parent.mkdir()
    path.write_text(PIECE)
    return load_piece(path)


class Microphone:
    """The shared microphone, acted out: the listener goes on while the reply ``over``
    plays, if a resume window is open then (``BargeIn``'s side of the seam)."""

    def __init__(self, over: str | None = None) -> None:
        self.over = over
        self.heard = self.resumed = self.open = False
        self.opened: list[float] = []

    @property
    def lead(self) -> float:
        return 0.2 if self.heard else 0.0

    @contextlib.contextmanager
    def watching(self) -> Iterator[None]:
        yield

    def open_window(self, gone: float) -> None:
        self.open = True
        self.opened.append(gone)

    def close_window(self) -> bool:
        self.open = False
        return self.resumed


class Voice:
    def __init__(self, mic: Microphone) -> None:
        self.mic = mic
        self.played: list[str] = []

    def render(self, text: str, line: Line) -> Spoken:
        return Spoken(text, len(text) / 20, tone(NARRATOR_HZ, len(text) / 20))

    def play(self, spoken: Spoken) -> float | None:
        self.played.append(spoken.text)
        if self.mic.open and spoken.text == self.mic.over:
            self.mic.heard = self.mic.resumed = True
            return 0.5
        return None

    def cue(self) -> Spoken | None:
        return None

    def pause(self, seconds: float) -> float | None:
        return seconds


class Ear:
    """Hears the given parts in order: each said 0.3 s into its turn for 0.5 s, the turn
    ending 0.3 s later."""

    def __init__(self, mic: Microphone, parts: list[Heard]) -> None:
        self.mic = mic
        self.parts = parts
        self.questions: list[Question] = []

    def listen(self, question: Question) -> Heard:
        self.questions.append(question)
        self.mic.heard = self.mic.resumed = False  # the turn takes up what the mic heard
        audio = AudioSegment.silent(300, RATE) + tone(LISTENER_HZ, 0.5, 0.2) + \
            AudioSegment.silent(300, RATE)
        return replace(self.parts.pop(0), speech_start=0.3, speech_end=0.8, waited=1.1,
                       audio=audio)


def said(text: str, label: str | None = None) -> Heard:
    """A transcript the ear vouches for; ``label``: the answer the ear found in it."""
    return Heard(text, 0.9, label, own_words=True)


def run(piece: Piece, parts: list[Heard], over: str | None = None,
        folder: Path | None = None, ear: list[Ear] | None = None
        ) -> tuple[Voice, Microphone, EventLog, object]:
    mic = Microphone(over)
    voice, log = Voice(mic), EventLog()
    observers = [log] if folder is None else [log, session_folder(folder, mastering=None)]
    listening = Ear(mic, parts)
    if ear is not None:
        ear.append(listening)
    outcome = Session(piece, voice, listening, observers, barge_in=mic).run()
    return voice, mic, log, outcome


def test_going_on_after_a_whole_answer_is_one_turn_decided_on_the_whole(
        piece: Piece, tmp_path: Path) -> None:
    folder = tmp_path / "session"
    ears: list[Ear] = []
    voice, mic, log, outcome = run(
        piece, [said("No.", "no"), said("Well, I don't really know.")], over=NO_REPLY,
        folder=folder, ear=ears)
    assert outcome.path == ("ask", "between")  # type: ignore[attr-defined]
    [turn] = outcome.turns  # type: ignore[attr-defined]
    assert turn.resumed and turn.answer == "unsure" and turn.first_answer == "no"
    assert turn.parts == ("No.", "Well, I don't really know.")
    assert turn.heard == "No. Well, I don't really know."
    assert mic.opened == [pytest.approx(0.3)]  # the ear had listened 0.3 s past the speech
    first_question, rest = ears[0].questions
    # The rest has begun already: only a false start waits, and not the whole timeout.
    assert rest.settings.timeout == REST_TIMEOUT < first_question.settings.timeout
    # The first reply was cut, and the reply heard is the one for the whole answer.
    assert voice.played == [piece.nodes["ask"].say[0].text, NO_REPLY, UNSURE_REPLY,
                            "Let it come and go."]
    [cut] = log.of(NarrationCut)
    assert cut.line is not None and cut.line.text == NO_REPLY
    reply = next(e for e in log.of(LineSpoken) if e.text == UNSURE_REPLY)
    first = next(e for e in log.of(LineSpoken) if e.text == NO_REPLY)
    # The whole turn's times: its first part's start, its last part's end, then the reply.
    assert turn.speech_start < first.at < turn.speech_end <= turn.response_start <= reply.at

    record = json.loads((folder / "session.json").read_text())
    [entry] = record["turns"]
    assert entry["resumed"] is True and entry["answer"] == "unsure"
    assert entry["parts"] == ["No.", "Well, I don't really know."]
    assert entry["first_answer"] == "no"
    assert entry["speech_end"] == pytest.approx(turn.speech_end, abs=0.001)
    assert entry["response_start"] == pytest.approx(reply.at, abs=0.001)
    lines = {line["text"]: line for line in record["lines"]}
    assert lines[NO_REPLY]["cut"] is True and "cut" not in lines[UNSURE_REPLY]
    captions = (folder / "captions.vtt").read_text()
    assert "No." in captions and "Well, I don't really know." in captions
    assert "Listener: Well, I don't really know. [unsure]" in \
        (folder / "transcript.txt").read_text()
    clips = sorted(p.name for p in (folder / "replies").iterdir())
    assert len(clips) == 2  # each part's own audio


def test_a_whole_answer_nobody_goes_on_with_is_a_turn_as_before(piece: Piece) -> None:
    voice, mic, _, outcome = run(piece, [said("No.", "no")], over=NO_REPLY + " (never)")
    [turn] = outcome.turns  # type: ignore[attr-defined]
    assert not turn.resumed and turn.answer == "no"
    assert not {"resumed", "parts", "first_answer"} & set(turn.as_json())
    assert mic.opened and NO_REPLY in voice.played and UNSURE_REPLY not in voice.played


def test_a_rest_that_cannot_be_made_out_keeps_the_first_answer(piece: Piece) -> None:
    """The listener did say "no": what followed, unheard, does not undo it."""
    _, _, _, outcome = run(piece, [said("No.", "no"), Heard("…", 0.2, "unclear")],
                           over=NO_REPLY)
    assert outcome.path == ("ask", "gone")  # type: ignore[attr-defined]
    [turn] = outcome.turns  # type: ignore[attr-defined]
    assert turn.resumed and turn.answer == "no" and turn.parts == ("No.", "…")


def test_going_on_over_is_that_what_you_said_is_going_on(piece: Piece) -> None:
    """The ear was unsure of "No." and checks it; the listener, still going on, speaks over
    the check: that was no answer to it, but the rest of theirs."""
    check = piece.nodes["ask"].listen.confirmation("no")
    unsure = Heard("No.", 0.5, "no", confirm=True, own_words=True)
    mic = Microphone()

    class Checked(Voice):
        def render(self, text: str, line: Line) -> Spoken:
            if line is check:
                self.mic.over = text  # the listener goes on over the check
            return super().render(text, line)

    log = EventLog()
    outcome = Session(piece, Checked(mic), Ear(mic, [unsure, said("Well, maybe sometimes.")]),
                      [log], barge_in=mic).run()
    assert outcome.path == ("ask", "between")
    [turn] = outcome.turns  # no confirmation turn: the check was cut, nobody answered it
    assert turn.resumed and turn.answer == "unsure" and turn.first_answer == "no"
    [cut] = log.of(NarrationCut)
    assert cut.line is check


def test_the_ear_hears_the_parts_again_as_one_unless_the_rest_is_their_own_words(
        piece: Piece) -> None:
    """A rest heard only as a grammar phrase ("no idea") is not the listener's words: an ear
    that can transcribe the joined audio (``rehear``) gives the whole's. A rest in the
    listener's own words after a first answer the ear took is joined as it is: nothing to
    decode again."""
    asked: list[list[str | None]] = []

    def rehear(parts: list[Heard], question: Question) -> Heard:
        asked.append([h.text for h in parts])
        return Heard("No, I don't know.", 0.8, "unsure", own_words=True)

    for rest, whole in ((Heard("no idea", 0.7, "unsure"), "No, I don't know."),
                        (said("I can't say."), "No. I can't say.")):
        mic = Microphone(NO_REPLY)
        ear = Ear(mic, [said("No.", "no"), rest])
        ear.rehear = rehear  # type: ignore[attr-defined]
        [turn] = Session(piece, Voice(mic), ear, barge_in=mic).run().turns
        assert turn.answer == "unsure" and turn.heard == whole
        assert turn.parts == ("No.", rest.text)
    assert asked == [["No.", "no idea"]]


# -- the pure parts --------------------------------------------------------------------


def first_part(label: str = "no", text: str = "No.") -> FirstPart:
    heard = said(text, label)
    turn = Turn("ask", "answer", ("yes", "no", "unsure", "open"), text, label, 0.9,
                1.0, 1.5, 1.9, trusted=True)
    return FirstPart(heard, Decision(label, 0.9), turn)


def test_what_may_go_on() -> None:
    assert resumable(said("No.", "no"), Decision("no", 0.9))
    assert resumable(said("it's from god"), Decision("open", 0.9))
    assert resumable(said("No.", "no"), Decision("no", 0.6, confirm=True))
    assert not resumable(Heard(None), Decision("silence", 1.0))
    assert not resumable(said("banana"), Decision("unclear", 0.3))
    assert not resumable(said("what do you mean"), Decision("explain", 0.9))


def test_joined_words_are_the_listeners_only_if_every_part_was() -> None:
    whole = joined_words([said("No."), said("not any more")])
    assert whole is not None and whole.text == "No. not any more" and whole.own_words
    grammar = Heard("no", 0.7, "no")  # a grammar phrase, not the listener's own words
    joined = joined_words([grammar, said("not any more")])
    assert joined is not None and not joined.own_words
    assert joined_words([said("No."), Heard("…", 0.1, "unclear")]) is None


def test_an_open_reading_of_the_whole_does_not_undo_a_named_answer(piece: Piece) -> None:
    listen = piece.nodes["ask"].listen
    question = Question("ask", listen.answers, listen.settings)
    first = first_part()
    whole, decision = redecided(first, said("No. The garden was the best of it"), question,
                                listen)
    assert decision.label == "no"  # the rest says no other answer
    whole, decision = redecided(first, said("No. Well, maybe sometimes."), question, listen)
    assert decision.label == "unsure" and whole is not None
    assert redecided(first, None, question, listen) == (None, first.decision)


def test_the_record_of_a_resumed_turn() -> None:
    first = first_part()
    part = Turn("ask", "answer", first.turn.offered, "maybe sometimes", "unsure", 0.8,
                3.0, 3.8, 4.3, listen_start=2.7)
    turn = resumed_turn(first, part, said("No. maybe sometimes"), Decision("unsure", 0.8))
    out = turn.as_json()
    assert out["resumed"] is True and out["parts"] == ["No.", "maybe sometimes"]
    assert (out["speech_start"], out["speech_end"], out["response_start"]) == (1.0, 3.8, 4.3)
    assert out["answer"] == "unsure" and out["first_answer"] == "no" and out["trusted"]
    fallback = resumed_turn(first, part, None, first.decision)
    assert fallback.answer == "no" and fallback.heard == "No. maybe sometimes"
    assert not fallback.trusted  # the rest's words were not vouched for


def test_the_story_goes_back_to_before_the_answer(piece: Piece) -> None:
    story = Story(piece, seed=1)
    before = story.snapshot()
    step = story.hear("no", "No.", True)
    assert step.moved and story.state == "gone" and story.memory == {}
    story.restore(before)
    assert story.state == "ask" and story.visits["gone"] == 0
    assert story.hear("unsure", "No. maybe", True).moved and story.state == "between"


# -- the detector's resume window ------------------------------------------------------


def after_a_turn(mic: StreamSource, reading: AwaitedSource, barge_in: BargeIn) -> None:
    """A turn the ear has just ended: it read 0.32 s of the microphone and closed."""
    source = barge_in.source()
    feed(mic, quiet(0.32))
    frames = source.frames()
    for _ in range(10):
        next(frames)
    source.close()


@contextlib.contextmanager
def turn_just_ended() -> Iterator[tuple[StreamSource, AwaitedSource, Stoppable, BargeIn]]:
    """A shared microphone whose ear has just ended a turn (:func:`after_a_turn`): the
    microphone, what reads it, the narrator's voice and the barge-in detector."""
    mic = StreamSource()
    reading = AwaitedSource(mic)
    voice = Stoppable()
    barge_in = BargeIn(lambda: reading, voice)
    with barge_in:
        after_a_turn(mic, reading, barge_in)
        yield mic, reading, voice, barge_in


def test_a_voice_within_the_window_resumes_the_turn_from_its_first_syllable() -> None:
    """The listener goes on 0.6 s after the ear stopped — while the answer was being
    decided, before the window opened: it is caught from the audio kept meanwhile."""
    words = spoken("in its own quiet way", 1)
    with turn_just_ended() as (mic, reading, voice, barge_in):
        pcm = add_noise(pad(words, 0.6, 0.3), 30, 3)
        feed(mic, pcm)
        assert reading.wait_taken(10 + len(pcm) // FRAME_BYTES)
        assert not barge_in.heard  # no window yet: only kept
        barge_in.open_window(gone=0.3)
        assert barge_in.heard and barge_in.resumed and len(voice.stops) == 1
        assert barge_in.close_window()
        source = barge_in.source()
        mic.end()
        got = b"".join(source.frames())
    assert not barge_in.resumed  # taken up by the turn
    start = (len(pcm) - len(got)) / 2 / SAMPLE_RATE
    assert 0.2 < start < 0.6  # the rest of the turn reaches back before the voice began


def test_a_voice_after_the_window_is_not_the_same_turn() -> None:
    words = spoken("in its own quiet way", 1)
    with turn_just_ended() as (mic, reading, voice, barge_in):
        barge_in.open_window(gone=0.3)
        pcm = add_noise(pad(words, RESUME_SECONDS, 0.3), 30, 4)  # begins 0.3 s too late
        feed(mic, pcm)
        assert reading.wait_taken(10 + len(pcm) // FRAME_BYTES)
        assert not barge_in.heard and voice.stops == []
        assert not barge_in.close_window()


def test_a_watch_begun_in_the_window_goes_on_after_it() -> None:
    """The reply leads to another question (a watch begins while the window is open): a
    voice after the window is a barge-in as any other, not the answer going on."""
    words = spoken("in its own quiet way", 1)
    with turn_just_ended() as (mic, reading, voice, barge_in):
        barge_in.open_window(gone=0.3)
        with barge_in.watching():
            pcm = add_noise(pad(words, RESUME_SECONDS + 0.3, 0.3), 30, 5)
            feed(mic, pcm)
            assert reading.wait_taken(10 + len(pcm) // FRAME_BYTES)
        assert barge_in.heard and not barge_in.resumed and len(voice.stops) == 1
        assert not barge_in.close_window()


def test_the_whole_is_read_from_words_the_ear_stands_by(piece: Piece) -> None:
    listen = piece.nodes["ask"].listen
    question = Question("ask", listen.answers, listen.settings)
    decoded: list[int] = []

    class Rehearing:
        def rehear(self, parts: list[Heard], question: Question) -> Heard:
            decoded.append(len(parts))
            return Heard("the joined clip's words", 0.8, "unsure", own_words=True)

    ear = Rehearing()
    taken = Heard("no thanks", 0.8, "no")  # a short answer the grammar took: its phrase
    whole = whole_answer(ear, [taken, said("not since the spring")], question)
    assert whole is not None and whole.text == "no thanks not since the spring"
    assert not whole.own_words and decoded == []  # never said back: not all theirs
    forced = Heard("tea please", 0.8, "tea")  # the rest forced onto a phrase
    assert whole_answer(ear, [said("No."), forced], question).text == \
        "the joined clip's words"
    assert whole_answer(ear, [said("No."), said("not since")], question, AUDIO).text == \
        "the joined clip's words"
    assert decoded == [2, 2]

"""The start-of-day self-test: can the station hear itself?

Two checks through the real chain (the station's voice and volume, the speaker, the air,
the microphone, the ear):

1. **Level**: a one-second 1 kHz tone is played while the microphone listens; it must come
   in at least ``min_level_db`` above the room heard just before. This finds a muted or
   dead speaker, a dead or muted microphone, or a wrong device.
2. **Words**: the narrator says the test phrase while the microphone listens, and the
   grammar recognizer must pick it out among a few other phrases. This finds what a
   level cannot: a microphone so distorted, or a room so loud, that speech is lost.

A failed self-test is logged, written to the journal and shown by ``voicepiece gallery
status`` (which says "not well" until a later self-test passes), and the station runs on:
it cannot fix hardware, and a station that half works is better than one that refuses to
start while nobody is there to see it.
"""

from __future__ import annotations

import logging
import math
import threading
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydub import AudioSegment
from pydub.generators import Sine

from voicepiece.listening.base import FRAME_BYTES, SAMPLE_RATE, Source
from voicepiece.session.events import Ear, Question, Spoken, Voice
from voicepiece.story.model import Answer, Line, ListenSettings

log = logging.getLogger(__name__)

TONE_HZ = 1000.0
TONE_SECONDS = 1.0
TONE_DBFS = -14.0
BEFORE_SECONDS = 0.6
AFTER_SECONDS = 0.8
OPEN = "open"
DECOYS = ("the station is closed", "please wait a moment")
"""What the test phrase must be told apart from: a recognizer that hears *anything* as the
phrase would pass a test with only one choice."""
TEST_LINE_ID = "gallery.self_test"


@dataclass(frozen=True)
class SelfTestResult:
    ok: bool
    level_db: float | None = None
    heard: str | None = None
    problems: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        parts = []
        if self.level_db is not None:
            parts.append(f"speaker to microphone {self.level_db:+.0f} dB")
        parts.append(f"heard {self.heard!r}" if self.heard else "heard nothing")
        return "; ".join([*self.problems, *parts])

    def as_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "level_db": None if self.level_db is None
                else round(self.level_db, 1), "heard": self.heard,
                "problems": list(self.problems), "summary": self.summary}


def failed(problem: str) -> SelfTestResult:
    return SelfTestResult(False, problems=(problem,))


def test_tone() -> AudioSegment:
    tone = Sine(TONE_HZ, sample_rate=22050).to_audio_segment(TONE_SECONDS * 1000, TONE_DBFS)
    return tone.fade_in(20).fade_out(20).set_channels(1).set_sample_width(2)


def record_while(source_factory: Callable[[], Source], action: Callable[[], None],
                 before: float = BEFORE_SECONDS, after: float = AFTER_SECONDS) -> bytes:
    """The microphone's audio from ``before`` seconds ahead of ``action`` until ``after``
    seconds after it returns (16 kHz mono s16). The microphone is read in a thread, so the
    device's own buffering cannot cut what was played."""
    source = source_factory()
    frames: list[bytes] = []
    counted = threading.Condition()
    stop_at: list[int] = []
    problem: list[BaseException] = []

    def read() -> None:
        try:
            for frame in source.frames():
                with counted:
                    frames.append(frame)
                    counted.notify_all()
                    if stop_at and len(frames) >= stop_at[0]:
                        return
        except BaseException as exc:
            problem.append(exc)
        finally:
            with counted:
                stop_at[:] = [0]
                counted.notify_all()

    per_second = SAMPLE_RATE * 2 // FRAME_BYTES
    reader = threading.Thread(target=read, name="self-test microphone", daemon=True)
    reader.start()
    try:
        with counted:
            counted.wait_for(lambda: len(frames) >= before * per_second or stop_at, 10)
        action()
        with counted:
            stop_at[:] = [len(frames) + math.ceil(after * per_second)]
            counted.wait_for(lambda: len(frames) >= stop_at[0], after + 10)
    finally:
        source.close()
        reader.join(5)
    if problem:
        raise problem[0]
    return b"".join(frames)


def level_rise(pcm: bytes, before: float = BEFORE_SECONDS) -> float:
    """How much louder (dB) the loud part of ``pcm`` is than its first ``before`` seconds:
    the 80th percentile of 32 ms frame levels after, against the median before."""
    samples = array("h", pcm)
    size = FRAME_BYTES // 2
    levels = [math.sqrt(sum(s * s for s in samples[i:i + size]) / size) or 1.0
              for i in range(0, len(samples) - size + 1, size)]
    split = max(1, min(len(levels) - 1, round(before * SAMPLE_RATE / size)))
    room = sorted(levels[:split])[len(levels[:split]) // 2]
    loud = sorted(levels[split:])[int(len(levels[split:]) * 0.8)] if levels[split:] else room
    return 20 * math.log10(max(loud, 1.0) / max(room, 1.0))


def self_test(voice: Voice, source_factory: Callable[[], Source],
              ear_for: Callable[[bytes], Ear], phrase: str, min_level_db: float
              ) -> SelfTestResult:
    """Run both checks; any exception (a missing device) is a failed result, not a raise.

    ``ear_for(pcm)`` is an ear that hears the recorded audio (a ``ListeningEar`` over a
    ``PcmSource``): the same endpointing and recognizer as a visitor's answer."""
    try:
        tone = test_tone()
        heard_tone = record_while(source_factory, lambda: voice.play(
            Spoken("", len(tone) / 1000, tone)))
        rise = level_rise(heard_tone)
        spoken = voice.render(phrase, Line(id=TEST_LINE_ID, text=phrase))
        heard_phrase = record_while(source_factory, lambda: voice.play(spoken))
        choices = (Answer(label=OPEN, meaning=None, phrases=(phrase,), say=(), next=None),
                   *(Answer(label=f"decoy{i}", meaning=None, phrases=(d,), say=(), next=None)
                     for i, d in enumerate(DECOYS)))
        seconds = len(heard_phrase) / 2 / SAMPLE_RATE
        settings = ListenSettings(timeout=seconds + 1, max_answer=seconds + 1,
                                  incomplete_silence=0.7)
        heard = ear_for(heard_phrase).listen(Question("self-test", choices, settings))
    except Exception as exc:  # a device that is missing is what this test is for
        log.info("self-test stopped", exc_info=True)
        return failed(f"{type(exc).__name__}: {exc}" if not str(exc).startswith("no ")
                      else str(exc))
    problems = []
    if rise < min_level_db:
        problems.append(f"the test tone came in only {rise:+.0f} dB over the room (needs "
                        f"{min_level_db:+.0f}): check the speaker, the microphone and the "
                        "volume")
    if heard.label != OPEN:
        problems.append(f"the test phrase was not recognized ({heard.text or 'nothing'!r})")
    return SelfTestResult(not problems, rise, heard.text, tuple(problems))

"""Endpointing: deciding, frame by frame, when the listener started and stopped answering.

A pure state machine (no audio, no clock): it is fed each frame's speech probability and
keeps time by counting frames, so the same decisions come out whether the audio is a live
microphone or a file read in a millisecond, and tests can drive it with plain numbers.

The decisions, following VoiceXML's and the real-time voice pipelines' practice:

- **speech started** after ``start_speech`` seconds of frames at or above
  ``speech_threshold`` (a cough or a click is shorter); it is dated from the first of them.
- **hysteresis**: once speaking, only frames below the lower ``silence_threshold`` count
  as silence, and in a pause only a frame back above ``speech_threshold`` resumes speech —
  so a probability hovering around one threshold does not flicker.
- **speech ended** after a trailing silence of ``complete_silence`` when the recognizer
  says what was heard already forms a whole answer (VoiceXML's ``completetimeout``),
  else of ``incomplete_silence`` (``incompletetimeout``), or of the longer
  ``Tuning.hesitation_silence`` when the speech trails off in a hesitation — "I… I don't
  know" is not cut at the "I". The machine asks for that judgement once per pause
  (``needs_check``), after ``check_after`` seconds of it, so the short gaps between
  words cost no decoding. A judgement may come in two steps: a quick one, and a second
  opinion still under way (the open transcript, ``awaiting``); until it comes, a turn not
  judged whole is not ended before the hesitation silence, and a whole one waits at most
  ``Tuning.transcript_grace`` past the complete silence for it. A second read of a pause
  judged unfinished (:meth:`Endpointer.hold`) keeps the turn open up to
  ``Tuning.second_read_wait`` past the incomplete silence until it comes.
- **no input** when no speech has started by ``timeout``.
- **maximum length**: an answer still going ``max_answer`` seconds after it began ends there.

The default thresholds and delays come from measurements documented in
``docs/listening-measurements.md`` ("Endpointing").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from voicepiece.listening.base import FRAME_SECONDS
from voicepiece.story.model import ListenSettings

END_OF_SPEECH = "end_of_speech"
NO_INPUT = "no_input"
MAX_ANSWER = "max_answer"
SOURCE_ENDED = "source_ended"
"""Why listening stopped: the listener finished, never began, went on too long, or the
audio ran out (a live stream closed) before any of those."""


@dataclass(frozen=True)
class Tuning:
    """How the detector's probabilities become speech and silence: the same for every
    question, unlike :class:`ListenSettings`, which a piece sets per listening point."""

    speech_threshold: float = 0.5
    """A frame at or above this is speech (Silero's own threshold)."""
    silence_threshold: float = 0.35
    """Once speaking, a frame below this is silence (Silero's: 0.15 under the threshold)."""
    start_speech: float = 0.096
    """Speech this long (3 frames) before an answer has begun: blips and clicks are shorter.
    Measured, 1 to 5 frames made no difference to false starts and cost at most 8 points of
    detection at 0 dB SNR; 3 keeps a margin against real rooms' coughs and creaks."""
    hesitation_silence: float = 1.5
    """Silence that ends a turn heard trailing off in a hesitation ("well…", "um…", "I…"):
    longer than a thinking pause (0.6-1.2 s) as the detector sees it — ~0.1 s shorter from
    flite and espeak-ng, but up to 0.18 s longer from natural (Kokoro) voices trailing off
    in noise, their fading tail heard as silence; 1.3 s kept no margin over that. Never
    shorter than the point's ``incomplete_silence``."""
    transcript_grace: float = 0.15
    """How long past ``complete_silence`` an answer judged whole waits for a second opinion
    still under way (the open transcript may yet hear "well…" where the grammar heard an
    answer). It is the wait the combined recognizer's decision had anyway
    (``combined.SURE_WAIT``), moved to where a transcript that came can still keep the turn
    open."""
    second_read_wait: float = 0.3
    """How long past the incomplete silence a turn judged unfinished waits for a second read
    of its pause still under way (:mod:`~voicepiece.listening.second_read`), which may make
    it wait the hesitation silence. Whisper's second decode (~0.5 s, begun 0.35 s into the
    pause) comes after a 0.7 s incomplete silence even on an idle machine, so a sentence
    that answers nothing ends up to this much later (read sentences at idle: 817 -> 1,131
    ms median; docs/listening-measurements.md, "The second listen in time, live" and the
    seventeenth pass's measurements of record). Live, a read is begun only where the first
    read's decode time says it can come within this (``second_read.in_time``; "The second
    listen only where it can come in time")."""
    check_after: float = 0.096
    """How old a pause is when the recognizer is asked whether the answer is whole: later
    than the gaps between words, early enough that a decode (p95 ~130 ms) ends well within
    a 0.3 s complete silence."""

    min_level_dbfs: float | None = None
    """A frame quieter than this (RMS, dB below full scale) is not speech, whatever the
    detector says: the energy gate a calibration to the room may set (None: no gate). The
    endpointer never sees levels — the ear applies the gate to the probabilities it feeds
    it (:meth:`gated`)."""

    def gated(self, probability: float, level_dbfs: float) -> float:
        """``probability`` with the energy gate applied to a frame ``level_dbfs`` loud."""
        if self.min_level_dbfs is not None and level_dbfs < self.min_level_dbfs:
            return 0.0
        return probability

    def __post_init__(self) -> None:
        if not 0 <= self.silence_threshold <= self.speech_threshold <= 1:
            raise ValueError("need 0 <= silence_threshold <= speech_threshold <= 1")


DEFAULT_TUNING = Tuning()


@dataclass(frozen=True)
class Endpoint:
    """The decision: why listening ended, when speech began and ended (None if none), and
    ``at``, the length of the listening window — all in seconds from its start."""

    reason: str
    speech_start: float | None
    speech_end: float | None
    at: float

    @property
    def heard_speech(self) -> bool:
        return self.speech_start is not None


def _frames(seconds: float, frame_seconds: float) -> int:
    """Whole frames needed to cover ``seconds`` (a hair of tolerance for float error)."""
    return max(0, math.ceil(seconds / frame_seconds - 1e-6))


def _nearest_frames(seconds: float, frame_seconds: float) -> int:
    """The whole number of frames nearest ``seconds``, at least one: for the end-of-answer
    silences, which every reply waits out — rounding them up to cover the setting (0.3 s
    became 10 frames, 0.32 s) added up to a frame to each response."""
    return max(1, math.floor(seconds / frame_seconds + 0.5))


class Endpointer:
    """One listening window's endpointing; make a new one per turn.

    Call :meth:`push` with each frame's probability until it returns an :class:`Endpoint`;
    when :attr:`needs_check` turns true, tell it with :meth:`set_complete` whether the
    speech so far is a whole answer; call :meth:`finish` if the audio runs out first.
    """

    def __init__(self, settings: ListenSettings, tuning: Tuning = DEFAULT_TUNING,
                 frame_seconds: float = FRAME_SECONDS) -> None:
        self.settings = settings
        self.tuning = tuning
        self.frame_seconds = frame_seconds
        self._start_frames = max(1, _frames(tuning.start_speech, frame_seconds))
        self._check_frames = _frames(tuning.check_after, frame_seconds)
        self._complete_frames = _nearest_frames(settings.complete_silence, frame_seconds)
        self._incomplete_frames = _nearest_frames(settings.incomplete_silence, frame_seconds)
        self._hesitation_frames = max(self._incomplete_frames, _nearest_frames(
            tuning.hesitation_silence, frame_seconds))
        self._grace_frames = _frames(tuning.transcript_grace, frame_seconds)
        self._held_frames = min(self._hesitation_frames, self._incomplete_frames + _frames(
            tuning.second_read_wait, frame_seconds))
        self._timeout_frames = _frames(settings.timeout, frame_seconds)
        self._max_frames = _frames(settings.max_answer, frame_seconds)
        self.frames = 0
        self._run_start: int | None = None  # first frame of a run that may become speech
        self._run_length = 0
        self._start: int | None = None  # first frame of the answer
        self._last_speech: int | None = None  # one past the last speech frame
        self._complete: bool | None = None  # the recognizer's word on the current pause
        self._hesitating = False  # the current pause follows a hesitation
        self._awaiting = False  # a second opinion on the current pause is under way
        self._held = False  # a second read of the current pause is under way
        self.result: Endpoint | None = None

    # -- what the ear reads ---------------------------------------------------------------

    @property
    def now(self) -> float:
        return self.frames * self.frame_seconds

    @property
    def started(self) -> bool:
        return self._start is not None

    @property
    def speech_start(self) -> float | None:
        return None if self._start is None else self._start * self.frame_seconds

    @property
    def candidate_start(self) -> float | None:
        """Where speech may be beginning (before it is confirmed): the ear keeps audio
        from here on so that nothing of a confirmed answer's start is lost."""
        if self._start is not None:
            return self.speech_start
        return None if self._run_start is None else self._run_start * self.frame_seconds

    @property
    def pause(self) -> float:
        """Seconds of trailing silence after the speech so far (0 while speaking)."""
        return self._pause_frames * self.frame_seconds

    @property
    def _pause_frames(self) -> int:
        if self._last_speech is None:
            return 0
        return self.frames - self._last_speech

    @property
    def needs_check(self) -> bool:
        """Whether to ask the recognizer, now, if the speech so far is a whole answer: once
        per pause, only where the answer could end sooner for it."""
        return (self.result is None and self._start is not None and self._complete is None
                and self._complete_frames < self._incomplete_frames
                and self._pause_frames >= max(1, self._check_frames))

    # -- what the ear tells it ------------------------------------------------------------

    @property
    def awaiting(self) -> bool:
        """Whether the current pause's judgement waits for a second opinion."""
        return self._awaiting and self.result is None

    def set_complete(self, complete: bool, hesitating: bool = False,
                     awaiting: bool = False) -> Endpoint | None:
        """The recognizer's judgement on the current pause — and whether the speech trails
        off in a hesitation, which waits ``Tuning.hesitation_silence`` instead of the
        incomplete silence, and whether a second opinion is still ``awaiting`` (then told
        here again when it comes); may end the answer at once (when the judgement came
        late, after its silence had already passed)."""
        if self._start is None or self._pause_frames == 0 or self.result is not None:
            return self.result
        self._complete = complete
        self._hesitating = hesitating and not complete
        self._awaiting = awaiting
        self._held = False
        return self._check_end()

    def hold(self) -> None:
        """A second read of the current pause, judged unfinished, is under way and may only
        lengthen its wait: until it is told here (:meth:`set_complete`), the turn is not
        ended on the incomplete silence but up to ``Tuning.second_read_wait`` past it."""
        if self._start is not None and self._pause_frames > 0 and self.result is None:
            self._held = True

    def push(self, probability: float) -> Endpoint | None:
        """One more frame; the decision once there is one (and the same one after)."""
        if self.result is not None:
            return self.result
        index = self.frames
        self.frames += 1
        t = self.tuning
        if self._start is None:
            if probability >= t.speech_threshold:
                if self._run_start is None:
                    self._run_start = index
                self._run_length += 1
                if self._run_length >= self._start_frames:
                    self._start = self._run_start
                    self._last_speech = self.frames
            elif probability < t.silence_threshold:
                self._run_start, self._run_length = None, 0
            if self._start is None:
                # A run of speech under way at the timeout may still become an answer,
                # but only for as long as it takes to confirm one.
                if self.frames >= self._timeout_frames and (
                        self._run_start is None
                        or self.frames >= self._timeout_frames + self._start_frames):
                    self._run_start, self._run_length = None, 0
                    return self._end(NO_INPUT)
                return None
        else:
            assert self._last_speech is not None
            paused = self._last_speech < index  # the frame before this one was silence
            if (not paused and probability >= t.silence_threshold) or (
                    paused and probability >= t.speech_threshold):
                self._last_speech = self.frames
                self._complete = None
                self._hesitating = False
                self._awaiting = False
                self._held = False
        # Only speech counts towards the maximum: a pause ends the answer soon anyway.
        if self._pause_frames == 0 and self.frames - self._start >= self._max_frames:
            return self._end(MAX_ANSWER)
        return self._check_end()

    def finish(self) -> Endpoint:
        """The audio ran out: end with what there is."""
        if self.result is None:
            if self._start is None:
                self._run_start = None
            self._end(SOURCE_ENDED)
        assert self.result is not None
        return self.result

    # -- inside ---------------------------------------------------------------------------

    def _check_end(self) -> Endpoint | None:
        pause = self._pause_frames
        if pause == 0:
            return None
        waiting = self._awaiting
        longest = (self._hesitation_frames if self._hesitating or waiting
                   else self._held_frames if self._held else self._incomplete_frames)
        shortest = self._complete_frames + (self._grace_frames if waiting else 0)
        if (self._complete and pause >= shortest) or pause >= longest:
            return self._end(END_OF_SPEECH)
        return None

    def _end(self, reason: str) -> Endpoint:
        fs = self.frame_seconds
        if self._start is None:
            self.result = Endpoint(reason, None, None, self.now)
        else:
            last = self._last_speech if self._last_speech is not None else self.frames
            self.result = Endpoint(reason, self._start * fs, last * fs, self.now)
        return self.result

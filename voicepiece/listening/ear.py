"""The ear: a source of audio, voice activity, endpointing and a recognizer, behind the
session's ``Ear`` protocol.

Each turn it opens a fresh source, runs every frame through the voice detector and the
endpointer, keeps the whole listening window, and hands the recognizer the answer — from a
little before the detected start (the detector needs a few frames to be sure, and soft
first consonants sit below its threshold) to the end of the trailing silence, the shape the
recognizer was fitted on. During a pause it asks the turn judge, once per pause, whether
the words so far already form a whole answer, so a complete answer ends after the shorter
silence — and is decided on what that check heard, so no decoding is left to do between
the listener's last word and the reply. When the judgement waits for the open transcript
(:class:`~voicepiece.listening.turns.Verdict`), the ear reads it the frame it comes and
tells the endpointer again; a source that is not real time waits for it at the check.

All times come from counting frames, so they are the audio's own: a file read in a
millisecond and a microphone heard over seconds give the same ``Heard``. Sources that are
not real time (files, rendered replies) are followed by a quiet room once they run out — a
reply file is what the listener said, and then they were quiet — so the endpointer waits out
its silence or timeout exactly as it would live. A real-time source that ends (a stream
closed, a microphone unplugged) ends the turn at once.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from voicepiece.audio.levels import LISTENING_RATE
from voicepiece.listening.base import (
    ACCEPT,
    CONFIRM,
    FRAME_BYTES,
    FRAME_SECONDS,
    Recognition,
    Recognizer,
    Source,
)
from voicepiece.listening.calibration import speech_probability
from voicepiece.listening.endpoint import (
    DEFAULT_TUNING,
    END_OF_SPEECH,
    Endpoint,
    Endpointer,
    Tuning,
)
from voicepiece.listening.room_noise import noise
from voicepiece.listening.second_read import SECOND_READ_AT, ReadAgain, SecondRead
from voicepiece.listening.turns import TurnJudge, Verdict, grammar_of, patient_judge
from voicepiece.listening.vad import VoiceActivity
from voicepiece.memory import forget_held
from voicepiece.session.ear_first import EAR_FIRST
from voicepiece.session.events import Heard, Question
from voicepiece.story.model import UNCLEAR

if TYPE_CHECKING:
    from pydub import AudioSegment

log = logging.getLogger(__name__)

PREROLL = 0.256
"""Seconds of audio kept before the detected start of speech (8 frames): the detector is
sure of speech only after ``Tuning.start_speech`` and misses soft onsets ("f", "h"), and
the recognizer wants a little room noise before the first word."""

CHECK_INTERVAL = 0.16
"""Least audio time between two "is it a whole answer yet?" questions to the recognizer:
a grammar decode costs 25-55 ms, and an answer full of short pauses must not be decoded
at every one."""

BEHIND = 0.1
"""Seconds a real-time source's frames may wait before the ear reads them and still count
as read on time: further behind, the ear is catching up on a check's backlog and counts as
busy (session/ear_first.py): the turn may be decided within that burst."""

UNCLEAR_TEXT = "…"
"""``Heard.text`` for speech the recognizer rejected without even a phrase to lean towards:
speech was heard, so the text must not be empty (that would read as silence)."""


JOIN_PAUSE = 0.3
"""Seconds of the pause after a part kept when the parts of a resumed answer are joined
(:meth:`ListeningEar.rehear`): a comma's worth, so the transcript reads one sentence
without the recognizer seeing the pause the endpointer took for the end."""


ROOM_FLOOR_SECONDS = 2.048
"""How much room floor is made to follow a reply that is not real time (64 frames, cycled)."""


@functools.cache
def _room_floor() -> tuple[bytes, ...]:
    """Frames of quiet room noise (pink, at the room floor of
    :mod:`~voicepiece.listening.room_noise`, −62 dBFS): what follows a reply file or a
    rendered reply, as it follows speech in a real room. Near-
    digital silence there (it was ±10 LSB, −75 dBFS) is a shape no microphone gives, and
    the grammar filled it with words: a clean "yes" was heard as "yes i do"."""
    pcm = noise(ROOM_FLOOR_SECONDS, seed=0)
    return tuple(pcm[i:i + FRAME_BYTES] for i in range(0, len(pcm), FRAME_BYTES))


class ListeningEar:
    """Hears one answer per :meth:`listen`.

    ``source_factory`` is called once per turn for a fresh :class:`Source` (a new
    ``MicrophoneSource``, the next reply file's ``FileSource``…), which the ear closes when
    the turn is over. ``vad`` defaults to :class:`VoiceActivity` (Silero, else WebRTC).
    ``tuning`` turns its probabilities into speech and silence; a calibration to the room
    (:mod:`voicepiece.listening.calibration`) may give it an energy gate, which the ear
    applies: a frame quieter than ``Tuning.min_level_dbfs`` is silence. ``judge`` decides,
    during a pause, whether the answer is whole (default: the recognizer's completeness
    check and the hesitation rule, :func:`~voicepiece.listening.turns.patient_judge`);
    ``read_again`` begins a second read of a pause it left unfinished (default:
    :meth:`SecondRead.begin <voicepiece.listening.second_read.SecondRead.begin>`).

    After each turn, for metrics and benchmarks: ``last_latency`` — wall-clock seconds from
    the arrival of the last speech frame to ``listen`` returning (None without speech);
    ``last_endpoint`` and ``last_recognition`` — what the endpointer and recognizer decided.
    """

    def __init__(self, source_factory: Callable[[], Source], recognizer: Recognizer,
                 vad: VoiceActivity | None = None, *, tuning: Tuning = DEFAULT_TUNING,
                 preroll: float = PREROLL, check_interval: float = CHECK_INTERVAL,
                 judge: TurnJudge | None = None, read_again: ReadAgain | None = None) -> None:
        self.source_factory = source_factory
        self.recognizer = recognizer
        self.judge = judge if judge is not None else patient_judge()
        self.read_again = read_again if read_again is not None else SecondRead.begin
        self.vad = vad if vad is not None else VoiceActivity()
        self.tuning = tuning
        self.preroll = preroll
        self.check_interval = check_interval
        self.last_latency: float | None = None
        self.last_endpoint: Endpoint | None = None
        self.last_recognition: Recognition | None = None
        self.checks = 0
        """How many times the last turn asked ``is_complete``."""
        self.last_deciding: float | None = None
        """Wall-clock seconds the last turn's decision (the recognizer) took."""
        self._pool: ThreadPoolExecutor | None = None
        self._behind = EAR_FIRST.behind()
        self._early: Future[bool] | None = None  # the analysis of :meth:`_waits_on`'s audio

    def listen(self, question: Question) -> Heard:
        source = self.source_factory()
        try:
            return self._listen(source, question)
        finally:
            source.close()
            self._behind.update(False)
            tell = getattr(self.recognizer, "tell", None)
            if tell is not None:  # a transcript that comes after the turn is of no one's
                tell(None)        # words now: nothing is synthesized or kept from it

    def forget(self, within: float | None = None) -> bool:
        """The listener has gone: what this ear and its recognizer hold of their last
        turn is dropped, work on it under way waited for up to ``within`` seconds.
        Whether none is still running."""
        self.last_endpoint = self.last_recognition = None
        return forget_held(self.recognizer, within)

    def _frames(self, source: Source) -> Iterator[bytes]:
        frames = source.frames()
        if source.realtime:
            return frames
        return itertools.chain(frames, itertools.cycle(_room_floor()))

    def _listen(self, source: Source, question: Question) -> Heard:
        pace = getattr(self.recognizer, "pace", None)
        if pace is not None:  # a recognizer that may keep a listener from waiting
            pace(source.realtime)
        tell = getattr(self.recognizer, "tell", None)
        if tell is not None:  # a recognizer that knows the words before the turn ends
            tell(question.on_words)
        self.last_latency = self.last_endpoint = self.last_recognition = None
        self.last_deciding, self.checks = None, 0
        self.vad.reset()
        endpointer = Endpointer(question.settings, self.tuning, FRAME_SECONDS)
        window = bytearray()
        last_speech_arrival: float | None = None
        last_check: float | None = None
        complete: bytes | None = None  # the audio a check found whole, while no speech follows
        early: bytes | None = None  # the answer and its incomplete silence, analysed already
        checked: bytes | None = None  # the audio the current pause's check judged
        pending: Verdict | None = None  # that judgement, while its transcript is under way
        pending_at = 0.0
        unread: Verdict | None = None  # a reading that waits the incomplete silence, to read again
        second: SecondRead | None = None  # its second read, under way
        second_at = 0.0
        result: Endpoint | None = None
        opened_at = float("inf")  # the window's start on the clock, from its earliest frame
        for frame in self._frames(source):
            arrival = time.perf_counter()
            window += frame
            opened_at = min(opened_at, arrival - len(window) / 2 / LISTENING_RATE)
            self._behind.update(source.realtime and (  # catching up: busy, as in a decode
                arrival - opened_at - len(window) / 2 / LISTENING_RATE > BEHIND))
            result = endpointer.push(speech_probability(self.vad, self.tuning, frame))
            if endpointer.started and endpointer.pause == 0:
                last_speech_arrival = arrival
                complete = pending = early = unread = second = None
            if result is None and pending is not None and endpointer.awaiting:
                settled = self.judge.settle(pending, question.choices,
                                            endpointer.now - pending_at)
                if settled is not None:
                    pending, unread = None, settled
                    complete = checked if settled.whole else None
                    result = endpointer.set_complete(settled.whole, settled.hesitating)
            if result is None and endpointer.needs_check and (
                    last_check is None or endpointer.now - last_check >= self.check_interval):
                last_check = endpointer.now
                self.checks += 1
                checked = self._answer_audio(window, endpointer.speech_start)
                with EAR_FIRST.decoding():  # the narrator's anticipation waits meanwhile
                    verdict = self.judge.verdict(self.recognizer, checked, question.choices,
                                                 wait=not source.realtime)
                complete = checked if verdict.whole else None
                pending, pending_at, unread = verdict, endpointer.now, verdict
                result = endpointer.set_complete(verdict.whole, verdict.hesitating,
                                                 awaiting=verdict.transcript is not None)
            if result is None and unread is not None and endpointer.pause >= SECOND_READ_AT:
                within = (question.settings.incomplete_silence + self.tuning.second_read_wait
                          - endpointer.pause) if source.realtime else None
                second = self.read_again(unread, self.recognizer, self._answer_audio(
                    window, endpointer.speech_start), question.choices, EAR_FIRST.marked,
                    within=within)
                second_at, unread = endpointer.now, None
                if second is not None:  # live, it may come after the incomplete silence
                    endpointer.hold()
            again = (second.verdict(endpointer.now - second_at if source.realtime else None)
                     if result is None and second is not None else None)
            if again is not None:  # trailing off this time: the hesitation silence; else no hold
                second = None
                result = endpointer.set_complete(False, again.hesitating)
            if result is None and early is None and self._waits_on(endpointer, question):
                early = self._answer_audio(window, endpointer.speech_start)
                self._analyse(early, question)
            if result is not None:
                break
        else:
            result = endpointer.finish()
        self.last_endpoint = result
        # A real-time source's frames anchor the window's own times to the clock (a frame
        # arrives no sooner than it was captured, so the earliest is the truest), and so
        # the session can tell how long the listener really waited for its reply.
        live = source.realtime and bool(window)
        judged = complete if complete is not None else early
        if complete is None and early is not None and self._early is not None:
            with contextlib.suppress(Exception):  # a failed analysis: decoded again
                self._early.result()
        self._early = None
        heard = self._heard(result, window, question,
                            judged if result.reason == END_OF_SPEECH else None,
                            opened_at if live else None)
        if result.heard_speech and last_speech_arrival is not None:
            self.last_latency = time.perf_counter() - last_speech_arrival
        log.info("listened at %s: %s, speech %s-%s of %.2f s, %s", question.node,
                 result.reason, _fmt(result.speech_start), _fmt(result.speech_end), result.at,
                 heard.label or "nothing heard")
        log.debug("heard at %s: %r", question.node, heard.text)  # a visitor's words
        return heard

    def _analyse(self, audio: bytes, question: Question) -> None:
        """The recognizer's analysis of ``audio`` begun in the background (its grammar's,
        for the combined ear: Whisper's words of it are there already), remembered for the
        decision; the ear's loop goes on meanwhile — a transcript that comes may yet end
        the turn."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="ear-early")
        judge = grammar_of(self.recognizer)
        self._early = self._pool.submit(EAR_FIRST.marked(judge.is_complete), audio,
                                        question.choices)

    @staticmethod
    def _waits_on(endpointer: Endpointer, question: Question) -> bool:
        """Whether a turn has had its incomplete silence and still waits (a hesitation, or
        an open transcript still to come): the answer with that silence after it — the
        shape of every answer ended by it — is then analysed at once, during the wait, and
        decided on at its end if nothing more is said. Decoded at the end with the whole
        hesitation silence, it stood 0.2-0.6 s between the listener and the reply under
        load (docs/listening-measurements.md, "The latency's tail, thirteenth pass")."""
        return (endpointer.started and endpointer.pause > 0
                and endpointer.pause + 1e-6 >= question.settings.incomplete_silence)

    def _answer_audio(self, window: bytearray, speech_start: float | None) -> bytes:
        """The answer as the recognizer should get it: from ``preroll`` before the start
        to now (the trailing silence included)."""
        start = max(0.0, (speech_start or 0.0) - self.preroll)
        return bytes(window[round(start * LISTENING_RATE) * 2:])

    def _heard(self, end: Endpoint, window: bytearray, question: Question,
               complete: bytes | None, opened_at: float | None = None) -> Heard:
        """The decision on the turn. An answer a pause's check already found whole is
        decided on the audio that check saw (the recognizer remembers that analysis), not
        decoded again with the rest of the silence: nothing was said since, and the decode
        would stand between the listener's last word and the reply; likewise one that
        waited past its incomplete silence, on the audio analysed then (:meth:`_waits_on`)."""
        audio = _segment(bytes(window))
        timing = {"speech_start": end.speech_start, "speech_end": end.speech_end,
                  "waited": end.at, "opened_at": opened_at, "audio": audio}
        if not end.heard_speech:
            return Heard(text=None, **timing)
        answer = complete if complete is not None else self._answer_audio(
            window, end.speech_start)
        began = time.perf_counter()
        with EAR_FIRST.decoding():
            recognition = self.recognizer.recognize(answer, question.choices)
        self.last_deciding = time.perf_counter() - began
        self.last_recognition = recognition
        return _heard_of(recognition, **timing)

    def rehear(self, parts: list[Heard], question: Question) -> Heard | None:
        """An answer said in parts with pauses between (a resumed turn, session/resuming.py)
        heard again as one: each part's speech, the first :data:`JOIN_PAUSE` of the pause
        after it, the last with its trailing silence, decoded as one clip. None when a part
        has no speech to join."""
        pieces = []
        for i, part in enumerate(parts):
            if part.audio is None or part.speech_start is None or part.speech_end is None:
                return None
            pcm = part.audio.raw_data
            start = round(max(0.0, part.speech_start - self.preroll) * LISTENING_RATE) * 2
            end = (len(pcm) if i == len(parts) - 1
                   else round((part.speech_end + JOIN_PAUSE) * LISTENING_RATE) * 2)
            pieces.append(pcm[start:end])
        pace = getattr(self.recognizer, "pace", None)
        if pace is not None:  # the whole's words are worth waiting for: the rest is what
            pace(False)       # the first decision lacked (the grammar alone hears its phrase)
        try:
            recognition = self.recognizer.recognize(b"".join(pieces), question.choices)
        finally:
            if pace is not None:
                pace(True)
        return _heard_of(recognition)


def _heard_of(recognition: Recognition, **timing: object) -> Heard:
    """What a recognition says of a turn."""
    if recognition.zone in (ACCEPT, CONFIRM) and recognition.text and recognition.label:
        return Heard(text=recognition.text, confidence=recognition.score,
                     label=recognition.label, confirm=recognition.zone == CONFIRM,
                     own_words=recognition.own_words, sure_words=recognition.sure_words,
                     quotable=recognition.quotable,
                     nearly_sure=recognition.nearly_sure, **timing)  # type: ignore[arg-type]
    # Rejected: speech that is none of the answers, or too unsure to use. The session takes
    # label "unclear" as it is; the text keeps the phrase the grammar leaned towards, for
    # the transcript.
    return Heard(text=recognition.text or UNCLEAR_TEXT, confidence=recognition.score,
                 label=UNCLEAR, own_words=recognition.own_words and bool(recognition.text),
                 sure_words=recognition.sure_words and bool(recognition.text),
                 quotable=recognition.quotable,
                 **timing)  # type: ignore[arg-type]


def _segment(pcm: bytes) -> AudioSegment:
    from pydub import AudioSegment

    return AudioSegment(data=pcm, sample_width=2, frame_rate=LISTENING_RATE, channels=1)


def _fmt(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.2f}"

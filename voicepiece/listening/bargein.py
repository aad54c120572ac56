"""Barge-in: the listener may speak over the narrator, who stops and listens.

Half-duplex is the default because a microphone near loudspeakers hears the narrator and
would answer for the listener. With headphones that cannot happen, so ``--barge-in`` keeps
one microphone open for the whole session and, while the piece is leading up to a
question (:meth:`BargeIn.watching`), runs every frame through its own voice detector. When
speech has lasted ``Tuning.start_speech`` — the same test the ear uses to decide an answer
has begun, so a cough or a click does not cut the narration — it stops the voice at once
(:class:`Interruptible`) and keeps the audio from a little before the speech began.

The ear's next turn then reads :meth:`BargeIn.source`: that kept audio first, then the
same microphone live, so not a syllable of the interrupting answer is lost between the
detection and the turn. Outside a watch the frames are dropped: what was said during an
essay passage is not an answer to anything.

Timing: a frame is judged as soon as the sound card delivers it (32 ms), and three frames
of speech are needed, so the narration stops ~100-150 ms after the voice begins; stopping
itself kills the player, which drops the sound server's buffer (``Player.stop``).
``scripts/bench bargein`` measures it.

Resumable turns (:meth:`BargeIn.open_window`): a listener who said a whole first clause
("not at all.") and goes on after a pause ("…not since the summer") would lose the rest to
the narrator's reply. After an answer's turn the session opens a window of
:data:`RESUME_SECONDS` from the end of the listener's speech; a voice that begins within it
stops the reply like any barge-in, and :attr:`BargeIn.resumed` tells the session it is
the same turn going on (session/resuming.py joins the parts). Frames the ear left unread
and frames that came while the answer was being decided are kept for it
(:data:`AFTER_SECONDS`), so the window starts where the ear stopped listening.

On loudspeakers (``--echo-cancel``) the microphone is a
:class:`~voicepiece.listening.echo_cancel.EchoCancelledSource`: the narrator's echo taken
out, and a frame it is ``unsure`` of (the canceller has not yet learned the room, or the
echo path has just changed) never counts as speech — the narrator then plays on, as
half-duplex would.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Protocol

from voicepiece.listening.base import FRAME_SECONDS, Source
from voicepiece.listening.calibration import speech_probability
from voicepiece.listening.endpoint import DEFAULT_TUNING, Tuning
from voicepiece.listening.vad import VoiceActivity

log = logging.getLogger(__name__)

KEPT_BEFORE = 0.384
"""Seconds of audio kept from before the interrupting speech began (12 frames): more than
the ear's pre-roll, so the ear finds the start again in it and still has its pre-roll."""

RESUME_SECONDS = 1.8
"""How long after the end of an answer's speech a voice that begins is the same turn going
on. People pause inside a turn mostly for well under a second and rarely past 1.2 s (the
issue's 0.6-1.2 s; conversation analysis's "standard maximum" silence is about 1 s); the
detector hears a voice begin up to ~0.18 s late (a natural voice's soft onset in noise,
as measured for ``Tuning.hesitation_silence``) and wants ``start_speech`` more to be sure:
1.2 + 0.18 + 0.1 ≈ 1.5 s, and 0.3 s margin. Much longer and the listener's words are
more likely a reply to the narrator's reply, which by then has been playing for a second."""

AFTER_SECONDS = 2.0
"""At most this much audio is kept between an answer's turn and the opening of its resume
window (the answer is decided meanwhile): longer than the window, so nothing in it is lost."""

IDLE, WATCHING, LISTENING, AFTER, RESUMING = (
    "idle", "watching", "listening", "after", "resuming")


class Interruptible(Protocol):
    """A voice that can be cut short from another thread."""

    def stop(self) -> None:
        """Silence the sound playing now, and play nothing more until :meth:`resume`."""
        ...

    def resume(self) -> None:
        """Play again after a :meth:`stop`."""
        ...


class BargeIn:
    """One open microphone shared by the barge-in detector and the ear.

    ``open_source`` opens the microphone (called once, at :meth:`start`); ``voice`` is what
    a barge-in stops. After a watch, :attr:`heard` says whether the listener interrupted and
    :attr:`heard_at` when (``time.perf_counter()``), for benchmarks; :attr:`resumed`, that
    it was within a resume window (:meth:`open_window`): the last answer going on.
    """

    def __init__(self, open_source: Callable[[], Source], voice: Interruptible,
                 vad: VoiceActivity | None = None, tuning: Tuning = DEFAULT_TUNING,
                 kept_before: float = KEPT_BEFORE, resume_seconds: float = RESUME_SECONDS
                 ) -> None:
        self.open_source = open_source
        self.resume_seconds = resume_seconds
        self.voice = voice
        self.vad = vad if vad is not None else VoiceActivity()
        self.tuning = tuning
        self._start_frames = max(1, round(tuning.start_speech / FRAME_SECONDS))
        self._recent: deque[bytes] = deque(
            maxlen=round(kept_before / FRAME_SECONDS) + self._start_frames)
        self._lock = threading.Lock()
        self._state = IDLE
        self._run = 0
        self._kept: list[bytes] = []
        self._live: queue.Queue[bytes | None] = queue.Queue()
        self._source: Source | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._after: deque[bytes] = deque(maxlen=round(AFTER_SECONDS / FRAME_SECONDS))
        self._window = 0  # frames left in the resume window
        self._then = IDLE  # the state after the window: watching, if a watch began in it
        self.heard = False
        self.heard_at: float | None = None
        self.resumed = False

    @property
    def lead(self) -> float:
        """Seconds of the listener's audio kept from before the narrator stopped: the
        ear's next turn begins that long before the cut."""
        return len(self._kept) * FRAME_SECONDS if self.heard else 0.0

    # -- the session's side ---------------------------------------------------------------

    def start(self) -> None:
        """Open the microphone and start reading it (raises the one-line error if it
        cannot be opened)."""
        if self._thread is not None:
            return
        self._source = self.open_source()
        self._thread = threading.Thread(target=self._read, name="barge-in", daemon=True)
        self._thread.start()

    def close(self) -> None:
        source, self._source = self._source, None
        if source is not None:
            source.close()
        if self._thread is not None:
            self._thread.join(2)
            self._thread = None

    def __enter__(self) -> BargeIn:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def watching(self) -> Iterator[None]:
        """While the piece leads up to a question: the listener's voice stops the narrator.

        The watch goes on after the block, until the ear takes the turn (:meth:`source`):
        what leads up to a question is always followed by listening, and a voice that
        begins between the last line and the cue must not lose its first syllable to a
        detector starting afresh. A barge-in already heard (and not yet listened to) stays
        heard."""
        self.start()
        with self._lock:
            if self._state == RESUMING:
                self._then = WATCHING  # the resume window decides first, then the watch
            elif not self.heard:
                if self._state != WATCHING:
                    self.vad.reset()
                    self._run = 0
                    self._recent.clear()
                    self._after.clear()
                    self._state = WATCHING
                self.voice.resume()
        yield

    def source(self) -> Source:
        """The ear's audio for the next turn: what the listener began saying over the
        narrator, if they did, then the microphone live."""
        self.start()
        with self._lock:
            kept = self._kept if self.heard else []
            if not self.heard:
                _drain(self._live)
            self._kept = []
            self._after.clear()
            self.heard = self.resumed = False
            self._state = LISTENING
        self.voice.resume()  # the listener has the floor now; the narrator answers after
        return _SharedSource(kept, self)

    def open_window(self, gone: float) -> None:
        """After an answer's turn: for ``resume_seconds`` from the end of its speech — of which
        ``gone`` had passed when the ear stopped listening — a voice that begins stops the
        narrator and is the same turn going on (:attr:`resumed`). The audio since the ear
        stopped is judged first, so a voice that began while the answer was decided is
        caught from its first syllable."""
        with self._lock:
            if self._state != AFTER:
                return
            backlog = [f for f in _drain(self._live) if f is not None]
            backlog += self._after
            self._after.clear()
            self.vad.reset()
            self._run = 0
            self._recent.clear()
            self._state, self._then = RESUMING, IDLE
            left = self.resume_seconds - gone
            self._window = max(0, round(left / FRAME_SECONDS)) + self._start_frames
            for frame in backlog:
                if self._state == RESUMING:
                    self._judge(frame)
                elif self.heard:
                    self._live.put(frame)
        if self.resumed:
            log.info("resumed: the listener went on after their answer")
            self.voice.stop()

    def close_window(self) -> bool:
        """The reply that the window watched is over (or leads on to another question):
        whether the listener went on within it (:attr:`resumed`)."""
        with self._lock:
            if self._state in (AFTER, RESUMING):
                self._state = self._then if self._state == RESUMING else IDLE
                self._after.clear()
            return self.resumed

    # -- the reading thread ---------------------------------------------------------------

    def _read(self) -> None:
        source = self._source
        assert source is not None
        try:
            for frame in source.frames():
                self._take(frame)
        except BaseException as exc:  # reported to the ear, which raises it in the session
            self._error = exc
        finally:
            self._live.put(None)

    def _take(self, frame: bytes) -> None:
        with self._lock:
            state = self._state
            if state == LISTENING or (state == IDLE and self.heard):
                self._live.put(frame)
                return
            if state == AFTER:
                self._after.append(frame)
                return
            if state == IDLE or not self._judge(frame):
                return
            resumed = self.resumed
        log.info("%s", "resumed: the listener went on after their answer" if resumed
                 else "barge-in: the listener spoke over the narrator")
        self.voice.stop()

    def _judge(self, frame: bytes) -> bool:
        """One frame through the detector (lock held): whether the listener has now begun
        speaking. In a resume window, the window closes when its frames run out."""
        self._recent.append(frame)
        t = self.tuning
        probability = speech_probability(self.vad, t, frame)
        if getattr(self._source, "unsure", False):
            probability = 0.0  # echo the canceller has not learned to take out (echo_cancel)
        if probability >= t.speech_threshold:
            self._run += 1
        elif probability < t.silence_threshold:
            self._run = 0
        if self._state == RESUMING:
            self._window -= 1
            if self._run < self._start_frames and self._window <= 0:
                self._state = self._then  # the window has closed: nobody went on
                return False
        if self._run < self._start_frames:
            return False
        self.heard = True
        self.resumed = self._state == RESUMING
        self.heard_at = time.perf_counter()
        self._kept = list(self._recent)
        self._state = IDLE  # frames from now on wait for the ear
        return True

    def _release(self) -> None:
        with self._lock:
            if self._state == LISTENING:
                self._state = AFTER  # kept a while, for a resume window (open_window)

    def _next_live(self) -> bytes | None:
        frame = self._live.get()
        if frame is None:
            self._live.put(None)  # the microphone has ended, for every later reader too
            if self._error is not None:
                raise self._error
        return frame


class _SharedSource:
    """One turn's view of the shared microphone; closing it does not close the device."""

    realtime = True

    def __init__(self, kept: list[bytes], owner: BargeIn) -> None:
        self._kept = kept
        self._owner = owner
        self._closed = False

    def frames(self) -> Iterator[bytes]:
        yield from self._kept
        while not self._closed:
            frame = self._owner._next_live()
            if frame is None:
                return
            yield frame

    def close(self) -> None:
        self._closed = True
        self._owner._release()


def _drain(frames: queue.Queue[bytes | None]) -> list[bytes | None]:
    """Take what waited in the queue (the end-of-microphone mark put back)."""
    taken: list[bytes | None] = []
    while True:
        try:
            taken.append(frames.get_nowait())
        except queue.Empty:
            break
    if None in taken:
        frames.put(None)
    return taken

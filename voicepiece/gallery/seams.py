"""The seams of a station — everything it does to the world — and the small types they
share: what starts a visit, the clock, the voice as the station plays it. Tests and the
soak build a station from fakes of these.

Only light imports here: the station and its engines load on first use.
"""


from __future__ import annotations

import os
import shutil
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from voicepiece.audio.levels import volume_db
from voicepiece.memory import forget_held
from voicepiece.session.events import narrator_of

if TYPE_CHECKING:
    from voicepiece.archive.recorder import Recorder
    from voicepiece.gallery.room import RoomHearing
    from voicepiece.gallery.selftest import SelfTestResult
    from voicepiece.session.events import Ear, Observer, Spoken, Voice
    from voicepiece.story.meaning import Similarity
    from voicepiece.story.model import Line, Piece

__all__ = ["Bed", "Clock", "ManualClock", "Seams", "StationVoice", "SystemClock", "Trigger",
           "TriggerSource"]

VOICE, KEY = "voice", "key"


@dataclass(frozen=True)
class Trigger:
    """A visitor arrived: ``kind`` is ``voice`` (someone spoke) or ``key`` (a key or button
    was pressed). ``visitor`` is anything the trigger source attaches — the soak passes
    its scripted visitor through it to the ear and observer factories."""

    kind: str = VOICE
    visitor: Any = None


class TriggerSource(Protocol):
    """What tells the station a visitor has arrived."""

    def wait(self, timeout: float) -> Trigger | None:
        """Block until a visitor arrives (their trigger) or ``timeout`` seconds pass (None).
        A device that is missing or fails raises
        :class:`~voicepiece.errors.DeviceError` (the station waits for it to come back)."""
        ...

    def close(self) -> None: ...


class Clock(Protocol):
    """The station's time: local wall time for the opening hours, a monotonic time for
    intervals, and sleeping."""

    def now(self) -> datetime: ...

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """Real time. ``interrupt()`` (from ``Station.stop``) cuts every sleep short."""

    def __init__(self) -> None:
        self._wake = threading.Event()

    def now(self) -> datetime:
        return datetime.now().astimezone()

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self._wake.wait(seconds)

    def interrupt(self) -> None:
        self._wake.set()


class ManualClock:
    """Time that passes only when slept or advanced: a week of opening hours, back-offs
    and cool-downs in milliseconds. ``sleeps`` keeps the most recent sleeps asked for."""

    def __init__(self, start: datetime | None = None, keep: int = 1000) -> None:
        self.start = start or datetime(2024, 5, 6, 12, 0).astimezone()  # a Monday, noon
        self.elapsed = 0.0
        self.sleeps: deque[float] = deque(maxlen=keep)

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.elapsed)

    def monotonic(self) -> float:
        return self.elapsed

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        self.elapsed += max(0.0, seconds)


# ── the seams ─────────────────────────────────────────────────────────────────────────


def free_megabytes(folder: Path) -> float | None:
    try:
        return round(shutil.disk_usage(folder).free / 1e6, 1)
    except OSError:
        return None


class Bed(Protocol):
    """The ambient sound of ``bed`` mode: plays in the background until stopped."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


def _no_observers(_trigger: Trigger) -> Sequence[Observer]:
    return ()


def _nothing() -> None:
    pass


@dataclass
class Seams:
    """Everything the station does to the world, replaceable.

    ``voice()`` makes the narrator's voice (again after a lost device came back);
    ``ear(trigger)`` the session's ear for the visitor ``trigger`` announced;
    ``triggers`` says when a visitor arrives; ``probe()`` raises while a device is missing;
    ``self_test(voice)`` runs the self-test (None: no self-test); ``bed`` is the ambient
    sound of ``bed`` mode; ``observers(trigger)`` extra session observers (the soak's
    visitors hear the piece through one); ``recorder(folder, piece)`` makes a session
    folder's recorder (None: as the configuration says); ``free_mb(folder)`` the free
    space there; ``exit(code)`` ends the process (the watchdog's); ``on_session(record)``
    sees each session's journal record; ``meanings`` is the sentence model the sessions
    read a visitor's own words with (None: by the rules alone); ``room`` hears the room at
    opening and in every cool-down, and holds the tuning ``ear`` should give its ears
    (None: the station never calibrates).
    """

    voice: Callable[[], Voice]
    ear: Callable[[Trigger], Ear]
    triggers: TriggerSource
    probe: Callable[[], None] = _nothing
    self_test: Callable[[Voice], SelfTestResult] | None = None
    bed: Bed | None = None
    clock: Clock = field(default_factory=SystemClock)
    observers: Callable[[Trigger], Sequence[Observer]] = _no_observers
    recorder: Callable[[Path, Piece], Recorder] | None = None
    free_mb: Callable[[Path], float | None] = free_megabytes
    exit: Callable[[int], Any] = os._exit
    on_session: Callable[[dict[str, Any]], None] | None = None
    meanings: Similarity | None = None
    room: RoomHearing | None = None


class StationVoice:
    """The narrator's voice as the station uses it: at the configured volume (applied when
    played, so recordings keep the rendered level) and counting as progress for the
    watchdog at every sound."""

    def __init__(self, voice: Voice, volume: int = 100,
                 on_play: Callable[[], None] | None = None) -> None:
        self.inner = voice
        self.gain_db = volume_db(volume)
        self.on_play = on_play or _nothing

    def render(self, text: str, line: Line) -> Spoken:
        return self.inner.render(text, line)

    def play(self, spoken: Spoken) -> float | None:
        self.on_play()
        if self.gain_db and spoken.audio is not None:
            spoken = replace(spoken, audio=spoken.audio.apply_gain(self.gain_db))
        cut = self.inner.play(spoken)
        self.on_play()
        return cut

    def cue(self) -> Spoken | None:
        return self.inner.cue()

    def anticipate(self, texts: Iterable[tuple[Line, str]]) -> None:
        """The listener's words started ahead, where the inner voice can (``Narrator``)."""
        ahead = getattr(self.inner, "anticipate", None)
        if ahead is not None:
            ahead(texts)

    def forget(self, within: float | None = None) -> bool:
        """The visitor has gone: the inner voice drops their words, where it can
        (``RenderedVoice.forget``)."""
        return forget_held(self.inner, within)

    def backchannel(self, line: Line, text: str) -> Spoken | None:
        said = getattr(self.inner, "backchannel", None)
        return said(line, text) if said is not None else None

    @property
    def sounded_at(self) -> float | None:
        """The inner voice's (session.events.Voice): when its last sound went out."""
        return getattr(self.inner, "sounded_at", None)

    def describe(self) -> dict[str, Any] | None:
        return narrator_of(self.inner)

    def pause(self, seconds: float) -> float | None:
        return self.inner.pause(seconds)


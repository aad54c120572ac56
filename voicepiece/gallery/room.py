"""The station hears the room it stands in: the calibration ``voicepiece run`` makes once,
before its session (:mod:`voicepiece.listening.calibration`), made by the station at
opening and again at the end of every cool-down, because a gallery's room changes over a
day — empty in the morning, a crowd in the afternoon — and a visitor answers in the room
as it is when they come.

What the measurement sets is the ear's energy gate (``Tuning.min_level_dbfs``): in a room
that sounds like talk, frames quieter than the room's loud frames + 5 dB are not speech,
so talk nearby neither keeps a visitor's turn open nor is taken for their answer. Every
visitor's ear is made with the tuning of the last measurement (:attr:`RoomHearing.tuning`).

What must not happen, and what keeps it from happening:

- *hearing the station itself*: the cool-down's measurement is made at its end, at least
  :data:`AFTER_VOICE_SECONDS` after the narrator's goodbye (its echo has died away), and
  the bed and the invitation are not playing — the opening's is made before attract
  starts them;
- *hearing a visitor*: a measurement whose talk reaches the level of a visitor at the
  station (``ceiling_dbfs``: the start gate, ``[start] voice_min_dbfs``) is someone
  still talking at the microphone, or a burst, not the room: it is not taken, and the
  station keeps the tuning it had;
- *going deaf*: the gate is never set above ``ceiling_dbfs`` (nor the calibration's own
  ceiling, −30 dBFS), so a visitor loud enough to start a session — an opt-out included —
  is always heard;
- *stopping the station*: a measurement that fails (a microphone gone, no audio) is one
  log line; the station keeps its tuning, and a lost device is found by the next visit
  as before.

Each measurement is one log line and one ``calibration`` line in the journal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from voicepiece.gallery.health import one_line
from voicepiece.listening.calibration import (
    CALIBRATION_SECONDS,
    GATE_CEILING_DBFS,
    Room,
    tuning_for,
)
from voicepiece.listening.endpoint import DEFAULT_TUNING, Tuning

log = logging.getLogger("voicepiece.gallery.station")  # the station's lines

OPENING, COOL_DOWN, DEVICE_BACK = "opening", "cool_down", "device_back"
"""When the room was heard: before the day's first visitor (or after the self-test), at
the end of a cool-down, or when a lost device came back."""

AFTER_VOICE_SECONDS = 1.0
"""The cool-down's measurement begins at least this long after the station last spoke: a
room's echo of the goodbye is gone well within it (a gallery's reverberation: under a
second)."""


def hearing_at(began: float, rest: float = 0.0) -> float:
    """When the room is heard in a pause begun at ``began`` (``clock.monotonic()``) and
    ``rest`` seconds long, the station having just spoken: at its end, the measurement
    ending with it, but never within :data:`AFTER_VOICE_SECONDS` of its start."""
    return began + max(rest - CALIBRATION_SECONDS, AFTER_VOICE_SECONDS)


class RoomHearing:
    """The tuning the station's ears get, from the last measurement of the room taken.

    ``measure()`` hears the room now (a second of the microphone, through the ear's own
    voice detector: :func:`~voicepiece.listening.calibration.hear_room`);
    ``ceiling_dbfs`` is the level of a visitor at the station (the start gate)."""

    def __init__(self, measure: Callable[[], Room],
                 ceiling_dbfs: float = GATE_CEILING_DBFS) -> None:
        self.measure = measure
        self.ceiling_dbfs = min(GATE_CEILING_DBFS, ceiling_dbfs)
        self.tuning: Tuning = DEFAULT_TUNING
        self.last: dict[str, Any] | None = None

    def calibrate(self, when: str) -> dict[str, Any]:
        """Hear the room, take what it calls for unless it was a voice at the station, and
        say so in one line; the record, for the journal."""
        try:
            room = self.measure()
        except Exception as exc:  # the room is heard again at the next cool-down
            log.warning("the room could not be heard (%s): %s; the ear keeps %s", when,
                        one_line(exc), _gate_text(self.tuning))
            self.last = {"when": when, "taken": False, "error": one_line(exc),
                         "gate_dbfs": self.tuning.min_level_dbfs}
            return self.last
        voice_here = room.speech_like and room.level_p90_dbfs >= self.ceiling_dbfs
        if not voice_here:
            self.tuning = self.tuned(room)
        why = ("not taken: talk at a visitor's level, not the room" if voice_here
               else f"taken ({room.warning})" if room.warning else "taken")
        (log.warning if voice_here else log.info)(
            "the room (%s): %s; %s; the ear %s", when, room.describe(), why,
            _gate_text(self.tuning))
        self.last = {"when": when, "taken": not voice_here,
                     "level_dbfs": round(room.level_dbfs, 1),
                     "level_p90_dbfs": round(room.level_p90_dbfs, 1),
                     "speech_p90": round(room.speech_p90, 2),
                     "gate_dbfs": self.tuning.min_level_dbfs}
        return self.last

    def tuned(self, room: Room) -> Tuning:
        """The tuning ``room`` calls for, its gate never above ``ceiling_dbfs``."""
        return tuning_for(room, ceiling_dbfs=self.ceiling_dbfs)


def _gate_text(tuning: Tuning) -> str:
    gate = tuning.min_level_dbfs
    return ("hears every level (no gate)" if gate is None
            else f"takes frames under {gate:.1f} dBFS for silence")

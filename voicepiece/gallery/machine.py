"""The gallery loop as a ``transitions`` state machine: which state follows which.

Like the story machine (:mod:`voicepiece.story.machine`) it only decides; it never speaks, listens
or sleeps. The station (:mod:`voicepiece.gallery.station`) does the work of each state
and fires the trigger that says how it went. Keeping the loop here, small and pure, makes
its whole sequence testable in microseconds.

One visit::

    attract --visitor_detected | key_pressed--> consent --notice_given--> session
    session --session_ended | opted_out--> closing --closing_done--> cool_down
    session --walked_away--> cool_down --cooled--> attract

Around it: ``closed`` (outside opening hours) and ``attract`` swap on ``opened`` and
``hours_closed``; ``run_self_test`` leads to ``self_test``, which ``self_test_done``
leaves for ``attract`` or ``closed`` as the hours say; ``error`` takes a failed visit to
``cool_down``; any state that uses a device can fall into ``device_lost``, left only by
``device_back`` (to ``attract``); ``stop`` ends the loop from anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from transitions import EventData, Machine

from voicepiece.errors import VoicepieceError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALWAYS, CLOSED_DAY = "always", "closed"

CLOSED = "closed"
SELF_TEST = "self_test"
ATTRACT = "attract"
CONSENT = "consent"
SESSION = "session"
CLOSING = "closing"
COOL_DOWN = "cool_down"
DEVICE_LOST = "device_lost"
STOPPED = "stopped"

STATES = (CLOSED, SELF_TEST, ATTRACT, CONSENT, SESSION, CLOSING, COOL_DOWN, DEVICE_LOST,
          STOPPED)

_WITH_DEVICES = [SELF_TEST, ATTRACT, CONSENT, SESSION, CLOSING, COOL_DOWN]

TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "opened", "source": CLOSED, "dest": ATTRACT},
    {"trigger": "hours_closed", "source": [ATTRACT, COOL_DOWN, DEVICE_LOST], "dest": CLOSED},
    {"trigger": "run_self_test", "source": [CLOSED, ATTRACT], "dest": SELF_TEST},
    # after the self-test: back to where the hours say
    {"trigger": "self_test_done", "source": SELF_TEST, "dest": ATTRACT,
     "conditions": "_open"},
    {"trigger": "self_test_done", "source": SELF_TEST, "dest": CLOSED},
    {"trigger": "visitor_detected", "source": ATTRACT, "dest": CONSENT},
    {"trigger": "key_pressed", "source": ATTRACT, "dest": CONSENT},
    {"trigger": "notice_given", "source": CONSENT, "dest": SESSION},
    {"trigger": "opted_out", "source": [CONSENT, SESSION], "dest": CLOSING},
    {"trigger": "session_ended", "source": SESSION, "dest": CLOSING},
    {"trigger": "walked_away", "source": SESSION, "dest": COOL_DOWN},
    {"trigger": "closing_done", "source": CLOSING, "dest": COOL_DOWN},
    {"trigger": "error", "source": [CONSENT, SESSION, CLOSING, ATTRACT], "dest": COOL_DOWN},
    {"trigger": "cooled", "source": COOL_DOWN, "dest": ATTRACT},
    {"trigger": "device_lost", "source": _WITH_DEVICES, "dest": DEVICE_LOST},
    {"trigger": "device_back", "source": DEVICE_LOST, "dest": ATTRACT},
    {"trigger": "stop", "source": "*", "dest": STOPPED},
]

TRIGGERS = tuple(dict.fromkeys(t["trigger"] for t in TRANSITIONS))

HISTORY = 1000
"""How many of the latest states ``history`` keeps (at least)."""


class GalleryLoop:
    """The model the machine drives: read ``state`` and ``history`` (the states entered,
    oldest first, the latest :data:`HISTORY` or more); fire triggers as
    methods (``loop.visitor_detected()``). A trigger the current state does not take
    raises ``transitions.MachineError``: the station has a bug, not the visitor.

    ``on_change(source, dest, trigger)`` is called after every transition, e.g. to write
    the heartbeat at once.
    """

    state: str

    def __init__(self, on_change: Callable[[str, str, str], None] | None = None,
                 initial: str = CLOSED) -> None:
        self.history: list[str] = [initial]
        self.on_change = on_change
        self.machine = Machine(model=self, states=list(STATES), initial=initial,
                               transitions=TRANSITIONS, auto_transitions=False,
                               send_event=True, after_state_change="_changed")

    def can(self, trigger: str) -> bool:
        """Whether ``trigger`` is accepted in the current state."""
        return trigger in self.machine.get_triggers(self.state)

    def _open(self, event: EventData) -> bool:
        return bool(event.kwargs.get("open", True))

    def _changed(self, event: EventData) -> None:
        self.history.append(self.state)
        if len(self.history) > 2 * HISTORY:  # weeks of visits must not grow the process
            del self.history[:-HISTORY]
        if self.on_change is not None:
            self.on_change(event.transition.source, self.state, event.event.name)

    # Declared for type checkers and readers; ``transitions`` binds the real ones.
    if TYPE_CHECKING:
        def opened(self, **kw: Any) -> bool: ...
        def hours_closed(self, **kw: Any) -> bool: ...
        def run_self_test(self, **kw: Any) -> bool: ...
        def self_test_done(self, **kw: Any) -> bool: ...
        def visitor_detected(self, **kw: Any) -> bool: ...
        def key_pressed(self, **kw: Any) -> bool: ...
        def notice_given(self, **kw: Any) -> bool: ...
        def opted_out(self, **kw: Any) -> bool: ...
        def session_ended(self, **kw: Any) -> bool: ...
        def walked_away(self, **kw: Any) -> bool: ...
        def closing_done(self, **kw: Any) -> bool: ...
        def error(self, **kw: Any) -> bool: ...
        def cooled(self, **kw: Any) -> bool: ...
        def device_lost(self, **kw: Any) -> bool: ...
        def device_back(self, **kw: Any) -> bool: ...
        def stop(self, **kw: Any) -> bool: ...


# ── opening hours: when the loop is open ──────────────────────────────────────────────

_RANGE = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


class HoursError(VoicepieceError):
    """Opening hours, or a time of day, written in a way that cannot be read: the message
    says why (the configuration adds the file, line and option)."""


def _minutes(hours: str, minutes: str) -> int | None:
    h, m = int(hours), int(minutes)
    if m > 59 or h > 24 or (h == 24 and m):
        return None
    return h * 60 + m


def parse_day(text: str) -> tuple[tuple[int, int], ...]:
    """A day's hours as (start, end) minutes after midnight; :class:`HoursError` with the
    reason."""
    text = text.strip().lower()
    if text == ALWAYS:
        return ((0, 24 * 60),)
    if text == CLOSED_DAY or not text:
        return ()
    ranges = []
    for part in text.split(","):
        m = _RANGE.match(part.strip())
        start = end = None
        if m is not None:
            start, end = _minutes(m[1], m[2]), _minutes(m[3], m[4])
        if start is None or end is None:
            raise HoursError(f"{part.strip()!r} is not a time range like 10:00-18:00")
        if end <= start:
            raise HoursError(f"{part.strip()!r} ends before it starts (a range cannot cross "
                             "midnight: end the day at 24:00 and go on from 00:00)")
        ranges.append((start, end))
    return tuple(sorted(ranges))


@dataclass(frozen=True)
class OpeningHours:
    """When the station is open, and when that next changes."""

    days: tuple[tuple[tuple[int, int], ...], ...]  # Monday first

    def is_open(self, moment: datetime) -> bool:
        minute = moment.hour * 60 + moment.minute + moment.second / 60
        return any(a <= minute < b for a, b in self.days[moment.weekday()])

    def next_change(self, moment: datetime) -> datetime | None:
        """When the station next opens or closes (None: never, e.g. always open)."""
        if all(d == ((0, 24 * 60),) for d in self.days) or not any(self.days):
            return None
        now_open = self.is_open(moment)
        day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        for offset in range(8):
            base = day + timedelta(days=offset)
            for start, end in self.days[base.weekday()]:
                for edge in (start, end):
                    when = _at(base, edge)
                    if when > moment and self.is_open(when) != now_open:
                        return when
        return None


def _at(day: datetime, minute: int) -> datetime:
    base = day.replace(hour=0, minute=0, second=0, microsecond=0)
    return base + timedelta(minutes=minute)


def parse_clock(text: str) -> time:
    """A time of day written ``HH:MM``; :class:`HoursError` if it is not one."""
    m = re.match(r"^(\d{1,2}):(\d{2})$", text.strip())
    if m is None or int(m[1]) > 23 or int(m[2]) > 59:
        raise HoursError(f"{text!r} is not a time like 09:55")
    return time(int(m[1]), int(m[2]))

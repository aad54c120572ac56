"""The station's devices: whether an error means one is gone, and the wait for them to come
back (:class:`~voicepiece.gallery.station.Station`'s ``device_lost`` state).

A lost device is waited for with exponential back-off (1 s, 2 s, … up to the configured
cap), never a busy loop; the wait is logged once every :data:`DEVICE_LOG_EVERY` seconds,
not at every try, and the last problem stands in the heartbeat (the ledger's ``device``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from voicepiece.errors import DeviceError
from voicepiece.gallery.health import one_line
from voicepiece.gallery.ledger import Ledger
from voicepiece.gallery.seams import Clock

log = logging.getLogger("voicepiece.gallery.station")  # the station's log, as before

DEVICE_LOG_EVERY = 600.0
"""Seconds between two log lines of a wait for the devices."""


class Devices:
    """``probe()`` raises while a device is missing; ``cap`` is the longest back-off."""

    def __init__(self, probe: Callable[[], None], ledger: Ledger, clock: Clock,
                 cap: float) -> None:
        self.probe = probe
        self.ledger = ledger
        self.clock = clock
        self.cap = cap

    def lost(self, exc: BaseException) -> bool:
        """Whether ``exc`` means a device is gone: an error of the kind devices raise, and
        the probe fails now (a synthesizer's error, say, leaves the devices probing fine)."""
        if not isinstance(exc, DeviceError):  # what waiting for a device cannot cure
            return False
        try:
            self.probe()
        except Exception:
            return True
        return False

    def wait(self, reopen: Callable[[], None], still_open: Callable[[], bool],
             stopping: threading.Event, sleep: Callable[[float], None]) -> bool | None:
        """Probe until the devices answer and ``reopen()`` (a fresh voice, a new player)
        opens too: True. False when the opening hours end first, None when the station is
        stopped first."""
        delay = 1.0
        last_logged = -DEVICE_LOG_EVERY
        while not stopping.is_set():
            if not still_open():
                return False
            try:
                self.probe()
                reopen()
                return True
            except Exception as exc:
                self.ledger.device["problem"] = one_line(exc)
                if self.clock.monotonic() - last_logged >= DEVICE_LOG_EVERY:
                    last_logged = self.clock.monotonic()
                    log.warning("still waiting for the devices: %s (next try in %.0f s)",
                                one_line(exc), delay, exc_info=not isinstance(exc, DeviceError))
                sleep(delay)
                delay = min(delay * 2, self.cap)
        return None

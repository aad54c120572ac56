"""What the station has been through, as its heartbeat and journal tell the technician:
today's tally, the last session, error and crash, the day's self-test, a lost device, and
failures in a row (which set the back-off).

The station's loop writes here and the heartbeat thread reads a :meth:`Ledger.snapshot`
of it, so every change is made under one lock. Keeping it apart from the loop keeps the
loop about what happens next, and this about what has happened.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import Counter
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from voicepiece.gallery import machine as M
from voicepiece.gallery.health import Journal, local_iso, one_line, read_journal
from voicepiece.gallery.recordings import DEVICE_LOST, ERROR, OPTED_OUT

if TYPE_CHECKING:
    from voicepiece.gallery.machine import OpeningHours
    from voicepiece.gallery.options import GalleryConfig, SelfTest
    from voicepiece.gallery.visit import Held, Visit
    from voicepiece.story.model import Piece

log = logging.getLogger("voicepiece.gallery.station")  # the station's lines, as before


class Ledger:
    """The station's record of itself. ``today`` starts as the date ``now`` falls on."""

    def __init__(self, journal: Journal, now: datetime) -> None:
        self.journal = journal
        self.lock = threading.Lock()
        self.since = local_iso()
        self.started = local_iso()
        self.today: Counter[str] = Counter()
        self.today_date = now.date().isoformat()
        self.last_session: dict[str, Any] | None = None
        self.last_error: dict[str, Any] | None = None
        self.last_crash: dict[str, Any] | None = None
        self.self_test: dict[str, Any] | None = None
        self.self_test_day: str | None = None
        self.device: dict[str, Any] = {"lost_since": None, "problem": None}
        self.errors_in_a_row = 0

    def remember(self, before: dict[str, Any] | None) -> None:
        """At start, from the last run's heartbeat ``before``: note a crash (a run that
        stopped without shutting down) and the last self-test (else from the journal)."""
        if before and before.get("state") not in (None, M.STOPPED):
            how = ("was ended by its watchdog in {}" if before.get("watchdog")
                   else "stopped in {} without shutting down")
            self.last_crash = {"at": before.get("time"), "unix": before.get("unix"),
                               "message": f"pid {before.get('pid')} "
                                          f"{how.format(before.get('state'))}"}
            log.warning("the last run ended without shutting down (%s, in %s)",
                        before.get("time"), before.get("state"))
            self.journal.write("restart", unclean=True, previous_pid=before.get("pid"),
                               previous_state=before.get("state"),
                               previous_time=before.get("time"))
        else:
            self.last_crash = (before or {}).get("last_crash")
        # the newest of the heartbeat's and the journal's: a self-test run by hand while
        # the station was stopped is only in the journal
        tests = read_journal(self.journal.path, ("self_test",), 1)
        known = [test for test in ((before or {}).get("self_test"),
                                   tests[-1].get("result") if tests else None)
                 if isinstance(test, dict)]
        if known:
            self.self_test = max(known, key=lambda test: str(test.get("at", "")))
            self.self_test_day = str(self.self_test.get("at", ""))[:10] or None

    def announce_start(self, config: GalleryConfig, piece: Piece) -> None:
        """Say, on screen, in the log and the journal, what the station starts with."""
        audio = config.audio
        news = {"piece": piece.name, "microphone": audio.microphone or None,
                "speaker": audio.speaker or None, "hours": config.hours.text(),
                "self_test": self.self_test_text(config.self_test),
                "sessions_dir": str(config.sessions_path) if config.recording.record
                else None}
        log.info("started: piece %s (%s); microphone %s, speaker %s; hours %s; self-test "
                 "%s; %s", piece.name, piece.title,
                 *(repr(audio.microphone) if audio.microphone else "default",
                   repr(audio.speaker) if audio.speaker else "default"),
                 news["hours"], news["self_test"],
                 f"recording to {news['sessions_dir']}" if news["sessions_dir"]
                 else "not recording")
        self.journal.write("start", pid=os.getpid(), config=config.source, **news)

    def announce_stop(self, why: str, sessions: int) -> None:
        log.info("stopped (%s) after %d session%s", why, sessions, "" if sessions == 1 else "s")
        self.journal.write("stop", reason=why, sessions=sessions)

    def self_test_text(self, options: SelfTest) -> str:
        """The self-test as the start line tells it: off, not yet run, or how the last
        one went and what comes next."""
        if not options.enabled:
            return "off"
        daily = ("daily at the day's first opening" if options.at == "opening"
                 else f"daily at {options.at}")
        last = self.self_test
        if last is None:
            return f"none yet ({daily})"
        if last.get("ok"):
            return f"passed at {last.get('at')} ({daily})"
        again = (f"; again every {options.retry_minutes:g} min until one passes"
                 if options.retry_minutes else "")
        return f"FAILED at {last.get('at')}: {last.get('summary', '')}{again}"

    def self_test_due(self, options: SelfTest, hours: OpeningHours, now: datetime) -> bool:
        """Whether to test now: once a day (at its first opening, or at ``options.at``),
        and after a failure again every ``retry_minutes`` — so that a fixed cable shows as
        well without a restart — counted from the failure's time, so that restarts do not
        play the test at every start."""
        if not options.enabled:
            return False
        if self.self_test_day == now.date().isoformat():
            last, every = self.self_test, options.retry_minutes * 60
            if not every or last is None or last.get("ok", True):
                return False
            try:
                return (now - datetime.fromisoformat(str(last.get("at")))).total_seconds() \
                    >= every
            except (TypeError, ValueError):
                return True
        if options.at == "opening":
            return hours.is_open(now)
        return now.time() >= M.parse_clock(options.at)

    def changed(self) -> None:
        """The loop entered a new state now."""
        with self.lock:
            self.since = local_iso()

    def note_error(self, exc: BaseException) -> None:
        self.errors_in_a_row += 1
        with self.lock:
            self.last_error = {"at": local_iso(), "unix": time.time(),
                               "message": one_line(exc)}

    def error_pause(self, cap: float) -> float:
        """After failures in a row, rest 1 s, 2 s, 4 s… (at most ``cap``) before trying
        again."""
        if not self.errors_in_a_row:
            return 0.0
        return min(2.0 ** (self.errors_in_a_row - 1), cap)

    def tested(self, now: datetime, result: dict[str, Any]) -> None:
        self.self_test_day = now.date().isoformat()
        self.self_test = {"at": local_iso(now), **result}
        self.journal.write("self_test", result=self.self_test)

    def lost(self, exc: BaseException, state: str) -> None:
        self.device = {"lost_since": local_iso(), "problem": one_line(exc)}
        log.warning("a device is lost (%s): waiting for it", one_line(exc))
        self.journal.write("device_lost", problem=one_line(exc), state=state)

    def back(self) -> None:
        log.warning("devices are back (lost since %s)", self.device["lost_since"])
        self.journal.write("device_back", lost_since=self.device["lost_since"])
        self.device = {"lost_since": None, "problem": None}

    def session(self, visit: Visit, number: int, held: Held, ended: datetime,
                seconds: float) -> dict[str, Any]:
        """The session's journal line, today's tally, the heartbeat's last session; the
        journal record."""
        result, error, fate = held.result, held.error, held.fate
        record = {
            "n": number, "trigger": visit.trigger.kind, "started": local_iso(visit.started),
            "ended": local_iso(ended), "seconds": seconds, "outcome": result,
            "ending": held.outcome.ending if held.outcome else None,
            # an opted-out visitor's way through the piece says what they answered
            "path": None if result == OPTED_OUT or held.session is None
            else list(held.session.path),
            "turns": held.turns, "spoke": held.spoke, "recording": fate.split(":")[0],
            "folder": fate.split(":", 1)[1] if ":" in fate else None,
            "error": one_line(error) if error else None,
        }
        if result not in (ERROR, DEVICE_LOST):
            self.errors_in_a_row = 0
        day = ended.date().isoformat()
        with self.lock:
            if day != self.today_date:
                self.today, self.today_date = Counter(), day
            self.today[result] += 1
            self.last_session = {"ended": record["ended"], "outcome": result,
                                 "seconds": seconds, "recording": record["recording"]}
        self.journal.write("session", **record)
        log.info("session %d: %s after %.0f s, recording %s", number, result.replace("_", " "),
                 seconds, record["recording"])
        return record

    def snapshot(self, state: str, piece: str, config: str, sessions: int,
                 recording: dict[str, Any]) -> dict[str, Any]:
        """The heartbeat's contents (read in the heartbeat's thread): the ledger and what
        the station adds, the ``state`` it is in above all."""
        with self.lock:
            return {
                "state": state, "since": self.since, "started": self.started,
                "piece": piece, "config": config, "sessions": sessions,
                "today": {"date": self.today_date, **self.today},
                "last_session": self.last_session, "last_error": self.last_error,
                "last_crash": self.last_crash, "self_test": self.self_test,
                "device": dict(self.device), "recording": recording,
                "now_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            }

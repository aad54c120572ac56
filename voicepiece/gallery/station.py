"""The station: the runtime that drives the gallery loop (:mod:`voicepiece.gallery.machine`).

Each state has one handler here that does that state's work — listen for a visitor, say
the notice, run a :class:`~voicepiece.session.loop.Session`, say goodbye, wait — and fires
the trigger saying how it went. Everything that touches the world comes in through
:class:`Seams` (the voice, the session's ear, what starts a visit, the device probe, the
self-test, the clock), so tests and the soak drive the very same loop with fakes and a
:class:`ManualClock`, and a thousand visitors pass in seconds.

What the station promises, whatever a visit does:

- a finished recording is never lost: a session that ends abnormally (walked away, an
  error, a lost device) still has its recording finished, as Ctrl-C would; a crash's
  leftovers are repaired at the next start;
- an opt-out deletes that visit's recording at once, before anything is said;
- an exception ends only its visit, with its traceback in the log, and the station goes
  back to attract; repeated failures back off instead of spinning;
- a lost device is waited for with exponential back-off (1 s, 2 s, … capped), never a
  busy loop;
- the heartbeat keeps beating, and a station stuck for ``watchdog_seconds`` exits so
  that its service manager restarts it.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from voicepiece.archive.recorder import Recorder
from voicepiece.errors import VoicepieceError
from voicepiece.gallery import KEY, Seams, StationVoice, Trigger
from voicepiece.gallery import machine as M
from voicepiece.gallery.config import GalleryConfig
from voicepiece.gallery.consent import (
    CLOSING_ID,
    COMPLETED,
    DEVICE_LOST,
    ERROR,
    INTERRUPTED,
    INVITATION_ID,
    NOTICE_ID,
    OPT_OUT_ID,
    OPTED_OUT,
    TOO_LONG,
    WALKED_AWAY,
    OptedOut,
    Recordings,
    TooLong,
    VisitorEar,
    WalkedAway,
    station_line,
)
from voicepiece.gallery.health import Heartbeat, Journal, local_iso, read_heartbeat, read_journal
from voicepiece.gallery.machine import parse_clock
from voicepiece.gallery.selftest import SelfTestResult, failed
from voicepiece.session.events import Event, SessionEnded
from voicepiece.session.loop import Outcome, Session
from voicepiece.story.model import Piece

log = logging.getLogger(__name__)

ATTRACT_POLL = 10.0
"""Longest wait for a visitor before the station looks at the hours and the clock again."""
CLOSED_POLL = 60.0
SLEEP_SLICE = 30.0
"""Long waits are cut into slices this long, each counted as progress by the watchdog."""
DEVICE_LOG_EVERY = 600.0
WATCHDOG_EXIT = 3

_AFTER = {COMPLETED: "session_ended", INTERRUPTED: "session_ended", OPTED_OUT: "opted_out",
          WALKED_AWAY: "walked_away", TOO_LONG: "walked_away", DEVICE_LOST: "device_lost",
          ERROR: "error"}
"""The loop's trigger after a session, by how it ended."""


def is_device_error(exc: BaseException) -> bool:
    """A device that went away or would not open: the kind of trouble waiting can cure."""
    return isinstance(exc, (OSError, VoicepieceError))


def one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")[:300]


class _Guard:
    """The recorder as the session sees it: any exception from it (a mastering failure,
    not only the write errors the recorder stops on) is logged and stops the recording,
    never the visit. It notes whether the session itself ended the recording."""

    def __init__(self, recorder: Recorder | None) -> None:
        self.recorder = recorder
        self.ended = False
        self.error: BaseException | None = None

    def on_event(self, event: Event) -> None:
        if isinstance(event, SessionEnded):
            self.ended = True
        if self.recorder is None or self.error is not None:
            return
        try:
            self.recorder.on_event(event)
        except Exception as exc:
            self.error = exc
            log.error("recording into %s failed: %s", self.recorder.folder, one_line(exc),
                      exc_info=exc)


@dataclass
class Visit:
    """One visitor, from the trigger to the cool-down."""

    trigger: Trigger
    started: datetime
    began: float  # clock.monotonic()
    record: bool = False
    result: str | None = None


class Station:
    """Runs the gallery loop until stopped. ``run()`` blocks; ``stop()`` may be called from
    any thread (or a signal handler) and takes effect at the next state."""

    def __init__(self, config: GalleryConfig, piece: Piece, seams: Seams) -> None:
        self.config = config
        self.piece = piece
        self.seams = seams
        self.clock = seams.clock
        self.hours = config.opening
        self.loop = M.GalleryLoop(on_change=self._changed)
        self.journal = Journal(config.state_path("journal"))
        self.recordings = Recordings(config, piece, seams.recorder, seams.free_mb,
                                     self.journal)
        self.heartbeat = Heartbeat(config.state_path("heartbeat"),
                                   config.health.heartbeat_seconds, self._snapshot,
                                   watch=self._watch)
        self.visit: Visit | None = None
        self.sessions = 0
        self._voice: StationVoice | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._progress_at = time.monotonic()
        self._since = local_iso()
        self._started = local_iso()
        self._today: Counter[str] = Counter()
        self._today_date = self.clock.now().date().isoformat()
        self._last_session: dict[str, Any] | None = None
        self._last_error: dict[str, Any] | None = None
        self._last_crash: dict[str, Any] | None = None
        self._self_test: dict[str, Any] | None = None
        self._self_test_day: str | None = None
        self._device: dict[str, Any] = {"lost_since": None, "problem": None}
        self._errors_in_a_row = 0
        self._next_invitation: float | None = None
        self._max_sessions: int | None = None

    # ── running ───────────────────────────────────────────────────────────────────────

    @property
    def state(self) -> str:
        return self.loop.state

    def run(self, max_sessions: int | None = None) -> None:
        """Run until :meth:`stop` (or Ctrl-C, or ``max_sessions`` visits)."""
        self._max_sessions = max_sessions
        self.start()
        try:
            while not self._stopping.is_set():
                self.step()
        except KeyboardInterrupt:
            log.info("stopping (interrupted)")
        finally:
            self.finish()

    def start(self) -> None:
        """What ``run`` does first: note a crash before us, repair what it left, start the
        heartbeat. Public so tests can ``step()`` by hand."""
        before = read_heartbeat(self.config.state_path("heartbeat"))
        if before and before.get("state") not in (None, M.STOPPED):
            self._last_crash = {"at": before.get("time"), "unix": before.get("unix"),
                                "message": f"pid {before.get('pid')} stopped in "
                                           f"{before.get('state')} without shutting down"}
            log.warning("the last run ended without shutting down (%s, in %s)",
                        before.get("time"), before.get("state"))
            self.journal.write("restart", unclean=True, previous_pid=before.get("pid"),
                               previous_state=before.get("state"),
                               previous_time=before.get("time"))
        else:
            self._last_crash = (before or {}).get("last_crash")
        last_test = (before or {}).get("self_test")
        if not isinstance(last_test, dict):  # no heartbeat: the journal remembers
            tests = read_journal(self.config.state_path("journal"), ("self_test",), 1)
            last_test = tests[-1].get("result") if tests else None
        if isinstance(last_test, dict):
            self._self_test = last_test
            self._self_test_day = str(last_test.get("at", ""))[:10] or None
        self.recordings.recover()
        self.journal.write("start", pid=os.getpid(), piece=self.piece.name,
                           config=self.config.source)
        self.heartbeat.start()

    def finish(self) -> None:
        if self.seams.bed is not None:
            self.seams.bed.stop()
        try:
            self.seams.triggers.close()
        except Exception:
            log.warning("closing the trigger source failed", exc_info=True)
        if self.loop.state != M.STOPPED:
            self.loop.stop()
        self.journal.write("stop", sessions=self.sessions)
        self.heartbeat.stop()

    def stop(self) -> None:
        self._stopping.set()
        interrupt = getattr(self.clock, "interrupt", None)
        if interrupt is not None:
            interrupt()

    def step(self) -> None:
        """Do the current state's work once and fire the trigger it ends with."""
        self._progress()
        handler = getattr(self, f"_in_{self.loop.state}")
        try:
            handler()
        except KeyboardInterrupt:
            raise
        except Exception as exc:
            self._failed(exc, f"in {self.loop.state}")

    def _failed(self, exc: BaseException, where: str) -> None:
        """An exception outside a session's own handling: log it whole, move on."""
        log.error("%s %s", one_line(exc), where, exc_info=exc)
        self._note_error(exc)
        if self.loop.can("device_lost") and self._is_lost(exc):
            self._lose_device(exc)
        elif self.loop.can("error"):
            self.loop.error()
        else:
            self._sleep(self._error_pause() or 1.0)

    # ── the states ────────────────────────────────────────────────────────────────────

    def _in_closed(self) -> None:
        now = self.clock.now()
        if self._self_test_due(now):
            self.loop.run_self_test()
        elif self.hours.is_open(now):
            self.loop.opened()
        else:
            change = self.hours.next_change(now)
            wait = CLOSED_POLL if change is None else (change - now).total_seconds()
            self._sleep(min(max(wait, 1.0), CLOSED_POLL))

    def _in_self_test(self) -> None:
        now = self.clock.now()
        self._self_test_day = now.date().isoformat()
        test = self.seams.self_test
        try:
            result = test(self.voice) if test is not None else SelfTestResult(True)
        except Exception as exc:  # finding a missing device is the test's purpose
            log.info("self-test stopped", exc_info=True)
            result = failed(one_line(exc))
        self._self_test = {"at": local_iso(now), **result.as_json()}
        (log.info if result.ok else log.warning)("self-test %s: %s",
                                                 "passed" if result.ok else "FAILED",
                                                 result.summary)
        self.journal.write("self_test", result=self._self_test)
        self.loop.self_test_done(open=self.hours.is_open(self.clock.now()))

    def _in_attract(self) -> None:
        now = self.clock.now()
        if not self.hours.is_open(now):
            self.loop.hours_closed()
            return
        if self._self_test_due(now):
            self.loop.run_self_test()
            return
        attract = self.config.attract
        wait = ATTRACT_POLL
        if attract.mode == "invitation":
            every = attract.invitation_minutes * 60
            if self._next_invitation is None:
                self._next_invitation = self.clock.monotonic() + every
            if self.clock.monotonic() >= self._next_invitation:
                self.say(INVITATION_ID, attract.invitation)
                self._next_invitation = self.clock.monotonic() + every
            wait = max(0.5, min(wait, self._next_invitation - self.clock.monotonic()))
        elif attract.mode == "bed" and self.seams.bed is not None:
            self.seams.bed.start()
        trigger = self.seams.triggers.wait(wait)
        self._progress()
        if trigger is None or self._stopping.is_set():
            return
        self.visit = Visit(trigger, self.clock.now(), self.clock.monotonic())
        log.info("visitor (%s)", trigger.kind)
        (self.loop.key_pressed if trigger.kind == KEY else self.loop.visitor_detected)()

    def _in_consent(self) -> None:
        assert self.visit is not None
        self.visit.record = self.recordings.can_record()
        if self.visit.record and self.config.consent.notice:
            self.say(NOTICE_ID, self.config.consent.notice)
        self.loop.notice_given()

    def _in_session(self) -> None:
        visit = self.visit
        assert visit is not None
        self.sessions += 1
        number = self.sessions
        recording = self.recordings.open(visit.started) if visit.record else None
        guard = _Guard(recording.recorder if recording else None)
        ear: VisitorEar | None = None
        session: Session | None = None
        outcome: Outcome | None = None
        error = None
        options = self.config.session
        try:
            ear = VisitorEar(self.seams.ear(visit.trigger),
                             self.config.consent.opt_out_phrases if recording else (),
                             options.walk_away_after,
                             self.clock.monotonic() + options.max_minutes * 60,
                             self.clock.monotonic, self._progress)
            observers = [guard, *self.seams.observers(visit.trigger)]
            session = Session(self.piece, self.voice, ear, observers)
            outcome = session.run()
            result = INTERRUPTED if outcome.interrupted else COMPLETED
        except OptedOut:
            result = OPTED_OUT
        except WalkedAway:
            result = WALKED_AWAY
        except TooLong:
            result = TOO_LONG
        except Exception as exc:
            result = DEVICE_LOST if self._is_lost(exc) else ERROR
            error = exc
            log.error("session %d ended by %s", number, one_line(exc), exc_info=exc)
            self._note_error(exc)
        visit.result = result
        spoke = ear.spoke if ear is not None else False
        fate = self.recordings.settle(recording, result, session, guard.ended, spoke,
                                      guard.error is not None)
        self._account(visit, number, result, outcome, session, fate, error,
                      ear.turns if ear else 0, spoke)
        if result == INTERRUPTED:
            self.stop()
        if result == DEVICE_LOST:
            assert error is not None
            self._lose_device(error)
        else:
            getattr(self.loop, _AFTER[result])()

    def _in_closing(self) -> None:
        opted_out = self.visit is not None and self.visit.result == OPTED_OUT
        if opted_out:
            self.say(OPT_OUT_ID, self.config.consent.opt_out_reply)
        elif self.config.session.closing:
            self.say(CLOSING_ID, self.config.session.closing)
        self.loop.closing_done()

    def _in_cool_down(self) -> None:
        began = self.clock.monotonic()
        self.visit = None
        self.recordings.apply_retention()
        gc.collect()  # a session's story machine and recorder hold cycles: free them now
        rest = max(self.config.session.cool_down, self._error_pause())
        self._sleep(rest - (self.clock.monotonic() - began))
        if self._max_sessions is not None and self.sessions >= self._max_sessions:
            self.stop()
        self.loop.cooled()

    def _in_device_lost(self) -> None:
        delay = 1.0
        cap = self.config.audio.retry_max_seconds
        last_logged = -DEVICE_LOG_EVERY
        while not self._stopping.is_set():
            if not self.hours.is_open(self.clock.now()):
                self.loop.hours_closed()
                return
            try:
                self.seams.probe()
                self._voice = None
                self.voice  # noqa: B018 - a fresh voice (a new player) must open too
                break
            except Exception as exc:
                self._device["problem"] = one_line(exc)
                if self.clock.monotonic() - last_logged >= DEVICE_LOG_EVERY:
                    last_logged = self.clock.monotonic()
                    log.warning("still waiting for the devices: %s (next try in %.0f s)",
                                one_line(exc), delay, exc_info=not is_device_error(exc))
                self._sleep(delay)
                delay = min(delay * 2, cap)
        else:
            return
        log.warning("devices are back (lost since %s)", self._device["lost_since"])
        self.journal.write("device_back", lost_since=self._device["lost_since"])
        self._device = {"lost_since": None, "problem": None}
        self.loop.device_back()

    def _in_stopped(self) -> None:
        self.stop()

    # ── helpers ───────────────────────────────────────────────────────────────────────

    @property
    def voice(self) -> StationVoice:
        if self._voice is None:
            self._voice = StationVoice(self.seams.voice(), self.config.audio.volume,
                                       self._progress)
        return self._voice

    def say(self, line_id: str, text: str) -> None:
        voice = self.voice
        voice.play(voice.render(text, station_line(line_id, text)))

    def _self_test_due(self, now: datetime) -> bool:
        options = self.config.self_test
        if not options.enabled or self.seams.self_test is None:
            return False
        if self._self_test_day == now.date().isoformat():
            return False
        if options.at == "opening":
            return self.hours.is_open(now)
        return now.time() >= parse_clock(options.at)

    def _lose_device(self, exc: BaseException) -> None:
        self._device = {"lost_since": local_iso(), "problem": one_line(exc)}
        log.warning("a device is lost (%s): waiting for it", one_line(exc))
        self.journal.write("device_lost", problem=one_line(exc), state=self.loop.state)
        if self.seams.bed is not None:
            self.seams.bed.stop()
        self.loop.device_lost()

    def _is_lost(self, exc: BaseException) -> bool:
        """Whether ``exc`` means a device is gone: an error of the kind devices raise, and
        the probe fails now (a synthesizer's error, say, leaves the devices probing fine)."""
        if not is_device_error(exc):
            return False
        try:
            self.seams.probe()
        except Exception:
            return True
        return False

    def _note_error(self, exc: BaseException) -> None:
        self._errors_in_a_row += 1
        with self._lock:
            self._last_error = {"at": local_iso(), "unix": time.time(),
                                "message": one_line(exc)}

    def _error_pause(self) -> float:
        """After failures in a row, rest 1 s, 2 s, 4 s… (capped) before trying again."""
        if not self._errors_in_a_row:
            return 0.0
        return min(2.0 ** (self._errors_in_a_row - 1), self.config.audio.retry_max_seconds)

    def _sleep(self, seconds: float) -> None:
        while seconds > 0 and not self._stopping.is_set():
            piece = min(seconds, SLEEP_SLICE)
            self.clock.sleep(piece)
            seconds -= piece
            self._progress()

    def _progress(self) -> None:
        self._progress_at = time.monotonic()

    def _watch(self) -> None:
        """In the heartbeat thread: exit if the main loop has made no progress for too
        long, so that the service manager starts a fresh station."""
        limit = self.config.health.watchdog_seconds
        stuck = time.monotonic() - self._progress_at
        if limit and stuck > limit and not self._stopping.is_set():
            log.critical("no progress for %.0f s in %s: exiting for a restart", stuck,
                         self.loop.state)
            self.journal.write("watchdog", state=self.loop.state, seconds=round(stuck))
            self.heartbeat.beat(watchdog=True)
            self.seams.exit(WATCHDOG_EXIT)

    def _changed(self, source: str, dest: str, trigger: str) -> None:
        with self._lock:
            self._since = local_iso()
        if source == M.ATTRACT and dest != M.ATTRACT and self.seams.bed is not None:
            self.seams.bed.stop()
        if dest == M.ATTRACT and source != M.ATTRACT:
            self._next_invitation = None
        log.debug("%s -> %s (%s)", source, dest, trigger)
        self.heartbeat.beat()

    def _account(self, visit: Visit, number: int, result: str, outcome: Outcome | None,
                 session: Session | None, fate: str, error: BaseException | None,
                 turns: int, spoke: bool) -> None:
        """The session's journal line, today's tally, the heartbeat's last session."""
        ended = self.clock.now()
        seconds = round(self.clock.monotonic() - visit.began, 1)
        record = {
            "n": number, "trigger": visit.trigger.kind, "started": local_iso(visit.started),
            "ended": local_iso(ended), "seconds": seconds, "outcome": result,
            "ending": outcome.ending if outcome else None,
            # an opted-out visitor's way through the piece says what they answered
            "path": None if result == OPTED_OUT or session is None else list(session.path),
            "turns": turns, "spoke": spoke, "recording": fate.split(":")[0],
            "folder": fate.split(":", 1)[1] if ":" in fate else None,
            "error": one_line(error) if error else None,
        }
        if result not in (ERROR, DEVICE_LOST):
            self._errors_in_a_row = 0
        day = ended.date().isoformat()
        with self._lock:
            if day != self._today_date:
                self._today, self._today_date = Counter(), day
            self._today[result] += 1
            self._last_session = {"ended": record["ended"], "outcome": result,
                                  "seconds": seconds, "recording": record["recording"]}
        self.journal.write("session", **record)
        log.info("session %d: %s after %.0f s, recording %s", number, result.replace("_", " "),
                 seconds, record["recording"])
        if self.seams.on_session is not None:
            self.seams.on_session(record)

    def _snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "state": self.loop.state, "since": self._since, "started": self._started,
                "piece": self.piece.name, "config": self.config.source,
                "sessions": self.sessions,
                "today": {"date": self._today_date, **self._today},
                "last_session": self._last_session, "last_error": self._last_error,
                "last_crash": self._last_crash, "self_test": self._self_test,
                "device": dict(self._device), "recording": self.recordings.health(),
                "now_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            }



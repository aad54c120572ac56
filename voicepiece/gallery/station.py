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

import logging
import threading
import time
from datetime import datetime
from typing import Any

from voicepiece.gallery import machine as M
from voicepiece.gallery.consent import (
    CLOSING_ID,
    INVITATION_ID,
    NOTICE_ID,
    OPT_OUT_ID,
    VisitorEar,
    station_line,
)
from voicepiece.gallery.devices import Devices
from voicepiece.gallery.health import Heartbeat, Journal, one_line, read_heartbeat
from voicepiece.gallery.ledger import Ledger
from voicepiece.gallery.options import GalleryConfig
from voicepiece.gallery.recordings import DEVICE_LOST, INTERRUPTED, OPTED_OUT, Recordings
from voicepiece.gallery.room import COOL_DOWN, DEVICE_BACK, OPENING, hearing_at
from voicepiece.gallery.seams import KEY, Seams, StationVoice
from voicepiece.gallery.selftest import SelfTestResult, failed
from voicepiece.gallery.visit import AFTER_SESSION, RecorderGuard, Visit, hold_session, let_go
from voicepiece.story.model import Piece

log = logging.getLogger(__name__)

ATTRACT_POLL = 10.0
"""Longest wait for a visitor before the station looks at the hours and the clock again."""
CLOSED_POLL = 60.0
SLEEP_SLICE = 30.0
"""Long waits are cut into slices this long, each counted as progress by the watchdog."""
WATCHDOG_EXIT = 3
WATCHDOG_FINISH = 30.0
"""Longest the watchdog spends finishing the hung session's folder before it exits."""


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
        self.ledger = Ledger(self.journal, self.clock.now())
        self.recordings = Recordings(config, piece, seams.recorder, seams.free_mb,
                                     self.journal)
        self.heartbeat = Heartbeat(config.state_path("heartbeat"),
                                   config.health.heartbeat_seconds, self._snapshot,
                                   watch=self._watch)
        self.devices = Devices(lambda: self.seams.probe(), self.ledger, self.clock,
                               config.audio.retry_max_seconds)
        self.visit: Visit | None = None
        self.sessions = 0
        self._voice: StationVoice | None = None
        self._stopping = threading.Event()
        self._why: str | None = None
        self._progress_at = time.monotonic()
        self._next_invitation: float | None = None
        self._max_sessions: int | None = None
        self._room_due: str | None = None

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
            self.stop("interrupted")
        finally:
            self.finish()

    def start(self) -> None:
        """What ``run`` does first: note a crash before us, repair what it left, start the
        heartbeat. Public so tests can ``step()`` by hand."""
        self.ledger.remember(read_heartbeat(self.config.state_path("heartbeat")))
        self.recordings.recover()
        self.ledger.announce_start(self.config, self.piece)
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
        self.ledger.announce_stop(self._why or "asked to stop", self.sessions)
        self.heartbeat.stop()

    def stop(self, why: str | None = None) -> None:
        """Stop at the next state; ``why`` (the first given) goes into the stop line."""
        self._why = self._why or why
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
        self.ledger.note_error(exc)
        if self.loop.can("device_lost") and self.devices.lost(exc):
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
        self.ledger.self_test_day = now.date().isoformat()  # once a day, even if it fails
        test = self.seams.self_test
        try:
            result = test(self.voice) if test is not None else SelfTestResult(True)
        except Exception as exc:  # finding a missing device is the test's purpose
            log.info("self-test stopped", exc_info=True)
            result = failed(one_line(exc))
        (log.info if result.ok else log.warning)("self-test %s: %s",
                                                 "passed" if result.ok else "FAILED",
                                                 result.summary)
        self.ledger.tested(now, result.as_json())
        self.loop.self_test_done(open=self.hours.is_open(self.clock.now()))

    def _in_attract(self) -> None:
        now = self.clock.now()
        if not self.hours.is_open(now):
            self.loop.hours_closed()
            return
        if self._self_test_due(now):
            self.loop.run_self_test()
            return
        if self._room_due:  # before a bed or an invitation plays, after the self-test's
            self._hear_room(self._room_due, hearing_at(self.clock.monotonic()))
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
        guard = RecorderGuard(recording.recorder if recording else None,
                              self.recordings.keeps)
        options = self.config.session

        def ear() -> VisitorEar:
            visit.ear = VisitorEar(self.seams.ear(visit.trigger),
                                   self.config.consent.opt_out_phrases if recording else (),
                                   options.walk_away_after,
                                   self.clock.monotonic() + options.max_minutes * 60,
                                   self.clock.monotonic, self._progress)
            return visit.ear

        held = hold_session(self.piece, self.voice, ear, guard,
                            lambda: self.seams.observers(visit.trigger), self.devices.lost,
                            self.seams.meanings)
        if held.error is not None:
            log.error("session %d ended by %s", number, one_line(held.error),
                      exc_info=held.error)
            self.ledger.note_error(held.error)
        visit.result = held.result
        held.fate = self.recordings.settle(recording, held.result, held.spoke,
                                           guard.error is not None, held.error)
        ended = self.clock.now()
        record = self.ledger.session(visit, number, held, ended,
                                     round(self.clock.monotonic() - visit.began, 1))
        if self.seams.on_session is not None:
            self.seams.on_session(record)
        if held.result == INTERRUPTED:
            self.stop("interrupted")
        if held.result == DEVICE_LOST:
            assert held.error is not None
            self._lose_device(held.error)
        else:
            getattr(self.loop, AFTER_SESSION[held.result])()

    def _in_closing(self) -> None:
        if self.visit is not None and self.visit.result == OPTED_OUT:
            self.say(OPT_OUT_ID, self.config.consent.opt_out_reply)
        elif self.config.session.closing:
            self.say(CLOSING_ID, self.config.session.closing)
        self.loop.closing_done()

    def _in_cool_down(self) -> None:
        began = self.clock.monotonic()
        visit, self.visit = self.visit, None
        let_go(visit, self._voice)
        self._progress()
        self.recordings.apply_retention()
        rest = max(self.config.session.cool_down, self._error_pause())
        self._hear_room(COOL_DOWN, hearing_at(began, rest))
        self._sleep(rest - (self.clock.monotonic() - began))
        if self._max_sessions is not None and self.sessions >= self._max_sessions:
            self.stop(f"{self.sessions} sessions, as asked")
        self.loop.cooled()

    def _in_device_lost(self) -> None:
        back = self.devices.wait(self._reopen_voice, lambda: self.hours.is_open(self.clock.now()),
                                 self._stopping, self._sleep)
        if back is False:
            self.loop.hours_closed()
        elif back:
            self.ledger.back()
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

    def _reopen_voice(self) -> None:
        self._voice = None
        self.voice  # noqa: B018 - a fresh voice (a new player) must open too

    def say(self, line_id: str, text: str) -> None:
        voice = self.voice
        voice.play(voice.render(text, station_line(line_id, text)))

    def _hear_room(self, when: str, at: float) -> None:
        """Calibrate the ears to the room at ``clock.monotonic()`` ``at`` (gallery/room.py)."""
        self._room_due = None
        if self.seams.room is not None and not self._stopping.is_set():
            self._sleep(at - self.clock.monotonic())
            self.journal.write("calibration", **self.seams.room.calibrate(when))

    def _self_test_due(self, now: datetime) -> bool:
        return self.seams.self_test is not None and self.ledger.self_test_due(
            self.config.self_test, self.hours, now)

    def _lose_device(self, exc: BaseException) -> None:
        self.ledger.lost(exc, self.loop.state)
        if self.seams.bed is not None:
            self.seams.bed.stop()
        visit, self.visit = self.visit, None  # no cool-down follows: forget them now
        let_go(visit, self._voice)
        self.loop.device_lost()

    def _error_pause(self) -> float:
        return self.ledger.error_pause(self.config.audio.retry_max_seconds)

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
            state = self.loop.state
            log.critical("no progress for %.0f s in %s: exiting for a restart", stuck, state)
            why = f"watchdog: no progress for {stuck:.0f} s in {state}"
            folder = self.recordings.abandon_current(why, WATCHDOG_FINISH)
            self.journal.write("watchdog", state=state, seconds=round(stuck), folder=folder)
            self.ledger.announce_stop(why, self.sessions)
            self.heartbeat.beat(watchdog=True)
            self.seams.exit(WATCHDOG_EXIT)

    def _changed(self, source: str, dest: str, trigger: str) -> None:
        self.ledger.changed()
        if source == M.ATTRACT and dest != M.ATTRACT and self.seams.bed is not None:
            self.seams.bed.stop()
        if dest == M.ATTRACT and source != M.ATTRACT:
            self._next_invitation = None
            if source != M.COOL_DOWN:  # the cool-down has just heard the room
                self._room_due = DEVICE_BACK if source == M.DEVICE_LOST else OPENING
        log.debug("%s -> %s (%s)", source, dest, trigger)
        self.heartbeat.beat()

    def _snapshot(self) -> dict[str, Any]:
        return self.ledger.snapshot(self.loop.state, self.piece.name, self.config.source,
                                    self.sessions, self.recordings.health())

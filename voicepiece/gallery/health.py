"""What the station tells its technician: a log, a journal, a heartbeat, and a verdict.

- **The log** (text, rotated): problems, with tracebacks. The screen (or the service
  journal) gets one line per problem, never a traceback. The listening code's own log
  lines, which quote what visitors said, are kept out of it.
- **The journal** (JSON lines): one line per session — path, timings, outcome, what
  became of the recording — and per self-test, start, stop and restart after a crash.
  Private (0600): it says which way each visitor went.
- **The heartbeat** (one small JSON file, rewritten every few seconds by a thread): who
  is running, in which state since when, today's tally, the last error and self-test.
- **The verdict** (:func:`station_status`): read from the heartbeat alone, so it works
  while the station runs and after it died, and from another user account (the
  heartbeat holds nothing private and is world-readable).
"""

from __future__ import annotations

import contextlib
import json
import logging
import logging.handlers
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from voicepiece.files import PRIVATE_DIR, PRIVATE_FILE

log = logging.getLogger(__name__)

LOG_BYTES = 5 * 1024 * 1024
LOG_BACKUPS = 3
JOURNAL_BYTES = 10 * 1024 * 1024
RECENT = 3600.0
"""Seconds during which a crash, a failed session or a failed self-test makes the station
"not well"; older ones are still shown."""
STOPPED = "stopped"


def local_iso(moment: datetime | None = None) -> str:
    moment = moment or datetime.now(timezone.utc).astimezone()
    return moment.isoformat(timespec="seconds")


def one_line(exc: BaseException) -> str:
    """An exception as the log's summary lines and ``status`` show it: its kind and the
    first line of its message."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")[:300]


# ── logging ───────────────────────────────────────────────────────────────────────────


class OneLine(logging.Formatter):
    """A record without its traceback: what the screen gets."""

    def format(self, record: logging.LogRecord) -> str:
        bare = logging.makeLogRecord(record.__dict__)
        bare.exc_info = bare.exc_text = bare.stack_info = None
        return super().format(bare).splitlines()[0]


class _ScreenFilter(logging.Filter):
    """The station's own news at INFO; everyone else's at WARNING."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or record.name.startswith(__package__ or "")


class _PrivateRotatingFile(logging.handlers.RotatingFileHandler):
    """Opened 0600: a traceback can hold a path or a piece of a visitor's session."""

    def _open(self) -> Any:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE)
        return os.fdopen(fd, "a", encoding=self.encoding or "utf-8", errors=self.errors)


def configure_logging(path: Path, verbose: bool = False,
                      screen: Any = None) -> Callable[[], None]:
    """Send everything worth keeping to the log file at ``path`` (with tracebacks) and one
    line per event to ``screen`` (stderr). Returns the function that undoes it."""
    root = logging.getLogger()
    private_parent(path)
    to_file = _PrivateRotatingFile(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS,
                                   encoding="utf-8", delay=True)
    to_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    to_file.setLevel(logging.DEBUG if verbose else logging.INFO)
    to_screen = logging.StreamHandler(screen or sys.stderr)
    to_screen.setFormatter(OneLine("%(asctime)s %(message)s", "%H:%M:%S"))
    to_screen.addFilter(_ScreenFilter())
    saved = (list(root.handlers), root.level, logging.raiseExceptions)
    hearing = logging.getLogger("voicepiece.listening")
    hearing_level = hearing.level
    machines = logging.getLogger("transitions")  # every state change, at INFO
    machines_level = machines.level
    machines.setLevel(logging.WARNING)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(to_file)
    root.addHandler(to_screen)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    if not verbose:
        hearing.setLevel(logging.WARNING)  # its INFO lines quote what visitors said
    logging.raiseExceptions = False  # a full disk must not print logging's own tracebacks
    logging.captureWarnings(True)
    saved_hook = threading.excepthook

    def thread_died(hook: threading.ExceptHookArgs) -> None:
        if hook.exc_type is SystemExit or hook.exc_value is None:
            return
        name = hook.thread.name if hook.thread else "a thread"
        log.error("%s stopped: %s", name, hook.exc_value,
                  exc_info=(hook.exc_type, hook.exc_value, hook.exc_traceback))

    threading.excepthook = thread_died  # its traceback to the log, not the screen

    def undo() -> None:
        threading.excepthook = saved_hook
        logging.captureWarnings(False)
        for handler in (to_file, to_screen):
            root.removeHandler(handler)
            handler.close()
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
        logging.raiseExceptions = saved[2]
        hearing.setLevel(hearing_level)
        machines.setLevel(machines_level)

    return undo


def private_parent(path: Path) -> None:
    """Create the folder holding ``path`` (0700 when we create it)."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)


# ── the journal ───────────────────────────────────────────────────────────────────────


class Journal:
    """One JSON object per line, appended; rotated once to ``.1`` past 10 MB. A write that
    fails (a full disk) is logged once and dropped: the station goes on."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._failing = False

    def write(self, kind: str, **fields: Any) -> dict[str, Any]:
        record = {"at": local_iso(), "kind": kind, **fields}
        line = json.dumps(record, ensure_ascii=False, default=str) + "\n"
        with self._lock:
            try:
                private_parent(self.path)
                if self.path.exists() and self.path.stat().st_size > JOURNAL_BYTES:
                    os.replace(self.path, self.path.with_name(self.path.name + ".1"))
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE)
                with os.fdopen(fd, "a", encoding="utf-8") as out:
                    out.write(line)
                self._failing = False
            except OSError as exc:
                if not self._failing:
                    log.warning("cannot write the journal %s: %s", self.path,
                                exc.strerror or exc)
                self._failing = True
        return record


def read_journal(path: Path, kinds: tuple[str, ...] = (), limit: int = 200
                 ) -> list[dict[str, Any]]:
    """The last ``limit`` records (of ``kinds``, if given), oldest first; unreadable lines
    (a line cut by a crash) are skipped."""
    try:
        with path.open("rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 512 * 1024))
            lines = f.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return []
    out = []
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and (not kinds or record.get("kind") in kinds):
            out.append(record)
    return out[-limit:]


# ── the heartbeat ─────────────────────────────────────────────────────────────────────


def write_heartbeat(path: Path, data: dict[str, Any]) -> None:
    """Replace the file in one rename; no fsync: a heartbeat is worthless after a power
    cut anyway, and a mini-PC's flash should not be synced every few seconds."""
    private_parent(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, default=str)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def read_heartbeat(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


class Heartbeat:
    """A daemon thread that writes ``snapshot()`` (plus pid and time) every ``interval``
    seconds, and at once on :meth:`beat`. ``watch`` is called on every beat too: the
    station's watchdog lives there, in the one thread that keeps running whatever the
    main loop is stuck in."""

    def __init__(self, path: Path, interval: float, snapshot: Callable[[], dict[str, Any]],
                 watch: Callable[[], None] | None = None,
                 wall: Callable[[], float] = time.time) -> None:
        self.path = path
        self.interval = interval
        self.snapshot = snapshot
        self.watch = watch
        self.wall = wall
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._failing = False

    def start(self) -> None:
        self.beat()
        self._thread = threading.Thread(target=self._run, name="gallery-heartbeat",
                                        daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            if self.watch is not None:
                try:
                    self.watch()
                except Exception:
                    log.exception("the watchdog failed")
            self.beat()

    def beat(self, **extra: Any) -> None:
        with self._lock:
            now = self.wall()
            data = {"pid": os.getpid(), "unix": round(now, 3),
                    "time": local_iso(datetime.fromtimestamp(now, timezone.utc).astimezone()),
                    "interval": self.interval}
            try:
                data.update(self.snapshot())
                data.update(extra)
                write_heartbeat(self.path, data)
                self._failing = False
            except OSError as exc:
                if not self._failing:
                    log.warning("cannot write the heartbeat %s: %s", self.path,
                                exc.strerror or exc)
                self._failing = True
            except Exception:
                log.exception("the heartbeat failed")

    def stop(self, **final: Any) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        self.beat(**final)


# ── the verdict ───────────────────────────────────────────────────────────────────────


@dataclass
class Status:
    well: bool
    problems: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    heartbeat: dict[str, Any] | None = None

    def text(self) -> str:
        head = "well" if self.well else "not well: " + "; ".join(self.problems)
        return "\n".join([head, *(f"  {line}" for line in self.details)])

    def as_json(self) -> dict[str, Any]:
        return {"well": self.well, "problems": self.problems, "details": self.details,
                "heartbeat": self.heartbeat}


def _ago(seconds: float) -> str:
    seconds = max(0.0, seconds)
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def _alive(pid: Any) -> bool | None:
    """Whether process ``pid`` exists here (None: cannot tell)."""
    if not isinstance(pid, int) or pid <= 0:
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def station_status(heartbeat_path: Path, now: float | None = None) -> Status:
    """Whether the station is well, read from its heartbeat: fresh, its process alive, not
    waiting for a device, no crash, failed session or failed self-test within the last
    hour, and recording (not stopped by a full disk)."""
    now = time.time() if now is None else now
    beat = read_heartbeat(heartbeat_path)
    if beat is None:
        return Status(False, [f"no heartbeat at {heartbeat_path}: the station has not run "
                              "with this configuration"])
    status = Status(True, heartbeat=beat)
    problems, details = status.problems, status.details
    age = now - float(beat.get("unix") or 0)
    interval = float(beat.get("interval") or 5)
    state = beat.get("state", "?")
    alive = _alive(beat.get("pid"))
    if state == STOPPED:
        problems.append(f"stopped {_ago(age)} ago")
    elif age > max(3 * interval, 15):
        gone = " and its process is gone" if alive is False else ""
        problems.append(f"the last heartbeat is {_ago(age)} old (in {state}){gone}: the "
                        "station is not running or is stuck")
    elif alive is False:
        problems.append(f"its process {beat.get('pid')} is gone")
    details.append(f"state: {state} since {beat.get('since', '?')} (pid {beat.get('pid')}, "
                   f"heartbeat {_ago(age)} ago)")
    device = beat.get("device") or {}
    if state == "device_lost":
        problems.append(f"waiting for a device since {device.get('lost_since', '?')}: "
                        f"{device.get('problem') or 'unknown problem'}")
    for key, what in (("last_crash", "restarted after a crash"),
                      ("last_error", "an error")):
        event = beat.get(key)
        if isinstance(event, dict):
            when = now - float(event.get("unix") or 0)
            line = f"{what} {_ago(when)} ago: {event.get('message', '')}".rstrip(": ")
            (problems if when <= RECENT else details).append(line)
    test = beat.get("self_test")
    if isinstance(test, dict):
        verdict = "passed" if test.get("ok") else "FAILED"
        line = f"self-test {verdict} at {test.get('at', '?')}: {test.get('summary', '')}"
        (details if test.get("ok") else problems).append(line)
    recording = beat.get("recording") or {}
    if recording.get("paused"):
        problems.append(f"not recording: only {recording.get('free_mb')} MB free in "
                        f"{recording.get('dir')}")
    elif recording.get("record") is False:
        details.append("not recording (recording is off)")
    elif recording.get("dir"):
        free = recording.get("free_mb")
        details.append(f"recording to {recording['dir']}"
                       + (f" ({free / 1000:.1f} GB free)" if isinstance(free, (int, float))
                          else ""))
    today = beat.get("today") or {}
    if today:
        counts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(today.items())
                           if k != "date" and n)
        details.append(f"sessions on {today.get('date')}: {counts or 'none yet'}")
    last = beat.get("last_session")
    if isinstance(last, dict):
        details.append(f"last session: {last.get('outcome')} at {last.get('ended')} "
                       f"({last.get('seconds')} s), recording {last.get('recording')}")
    status.well = not problems
    return status

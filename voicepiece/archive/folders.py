"""Recorded sessions on disk: finding, reading, exporting and deleting session folders.

A sessions directory holds one folder per session, each with a ``session.json`` (see
``docs/sessions.md``). These helpers never trust that file: a session still being
recorded, stopped by Ctrl-C or cut short by a crash must be listed as what it is
(``incomplete`` or ``damaged``) and never break the listing of the others.

They hold visitors' voices, so everything here is careful in both directions: copies stay
private (folders 0700, files 0600) and appear under their final name only once complete,
and deletion touches nothing but session folders directly inside the sessions directory.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import wave
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from voicepiece.archive.mixdown import SESSION_WAV
from voicepiece.archive.transcript import SESSION_JSON, STOPPED
from voicepiece.errors import VoicepieceError
from voicepiece.files import PRIVATE_DIR, PRIVATE_FILE, atomic_path, is_temporary

SESSIONS_ENV = "VOICEPIECE_SESSIONS"

COMPLETED = "completed"
INCOMPLETE = "incomplete"
DAMAGED = "damaged"


def sessions_dir(given: Path | None = None) -> Path:
    """``--dir``, else ``$VOICEPIECE_SESSIONS``, else the XDG user data folder."""
    if given is not None:
        return given.expanduser()
    if os.environ.get(SESSIONS_ENV):
        return Path(os.environ[SESSIONS_ENV]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "voicepiece" / "sessions"


def is_session(folder: Path) -> bool:
    """A real folder (not a link to one elsewhere) holding a ``session.json`` file."""
    marker = folder / SESSION_JSON
    try:
        return (folder.is_dir() and not folder.is_symlink()
                and marker.is_file() and not marker.is_symlink())
    except OSError:  # a folder we may not look into is not one we can list or delete
        return False


@dataclass(frozen=True)
class SessionInfo:
    """What a session folder says about itself. ``record`` is the parsed ``session.json``
    (None when damaged, with ``problem`` saying why)."""

    folder: Path
    status: str
    record: dict[str, Any] | None
    problem: str | None
    started: datetime | None
    modified: datetime
    duration: float | None

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def when(self) -> datetime:
        """The session's date: when it started, or for a damaged record when its
        ``session.json`` was last written."""
        return self.started or self.modified

    def get(self, key: str) -> Any:
        return None if self.record is None else self.record.get(key)

    @property
    def turns(self) -> list[dict[str, Any]]:
        return list(self.get("turns") or [])

    @property
    def stopped(self) -> str | None:
        """Why an error or the gallery's watchdog stopped the session (``error: …``,
        ``watchdog: …``), or None: an operator must tell these from a visitor who walked
        away, which leaves an incomplete session too."""
        why = self.get(STOPPED)
        if not isinstance(why, str):
            return None
        return " ".join(why.split()) or None

    @property
    def stopped_kind(self) -> str | None:
        """What stopped it, in a word: the reason's kind before its colon (``error``,
        ``watchdog``), or ``stopped`` for a reason without one."""
        if self.stopped is None:
            return None
        kind, colon, _ = self.stopped.partition(":")
        return kind if colon and kind.isidentifier() else STOPPED

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "path": str(self.folder), "status": self.status,
                "piece": self.get("piece"), "title": self.get("title"),
                "started": self.get("started"), "ended": self.get("ended"),
                "completed": self.status == COMPLETED, "ending": self.get("ending"),
                "turns": None if self.record is None else len(self.turns),
                "duration": None if self.duration is None else round(self.duration, 3),
                "stopped": self.stopped, "problem": self.problem}


def parse_time(text: object) -> datetime | None:
    """An ISO 8601 time as written in ``session.json`` (UTC; naive times taken as UTC)."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def wav_seconds(path: Path) -> float | None:
    """The length of a WAV file from its header, or None when there is none to read."""
    try:
        with wave.open(str(path), "rb") as audio:
            rate = audio.getframerate()
            return audio.getnframes() / rate if rate else None
    except (OSError, EOFError, wave.Error):
        return None


def _problem(record: object) -> str | None:
    """Why a parsed record cannot be a session record, or None when it can."""
    if not isinstance(record, dict):
        return "session.json does not hold a session record"
    if not isinstance(record.get("piece"), str):
        return "session.json has no piece"
    if parse_time(record.get("started")) is None:
        return "session.json has no valid started time"
    if not isinstance(record.get("completed"), bool):
        return "session.json has no completed flag"
    turns = record.get("turns")
    if not isinstance(turns, list) or not all(isinstance(t, dict) for t in turns):
        return "session.json has malformed turns"
    if not isinstance(record.get("path", []), list):
        return "session.json has a malformed path"
    return None


def read_session(folder: Path) -> SessionInfo:
    """Read one session folder; a bad or half-written ``session.json`` makes it damaged."""
    path = folder / SESSION_JSON
    record: Any = None
    problem: str | None = None
    try:
        stamp = path.stat().st_mtime
        raw = path.read_bytes()
    except OSError as exc:
        stamp, raw = 0.0, b""
        problem = f"cannot read session.json: {exc.strerror}"
    if problem is None:
        if not raw.strip():
            problem = "session.json is empty"
        else:
            try:
                record = json.loads(raw)
            except (ValueError, UnicodeDecodeError) as exc:
                line = getattr(exc, "lineno", None)
                problem = "session.json is not valid JSON" + (f" (line {line})" if line else "")
            else:
                problem = _problem(record)
    if problem is not None:
        record = None
    status = DAMAGED if problem else COMPLETED if record["completed"] else INCOMPLETE
    return SessionInfo(
        folder=folder, status=status, record=record, problem=problem,
        started=None if record is None else parse_time(record["started"]),
        modified=datetime.fromtimestamp(stamp, timezone.utc),
        duration=wav_seconds(folder / SESSION_WAV))


def check_sessions_dir(directory: Path) -> Path:
    """The sessions directory, or one line saying why it cannot be one."""
    if not directory.is_dir():
        raise VoicepieceError(f"no sessions folder {directory} (choose one with --dir or "
                              f"${SESSIONS_ENV})")
    if is_session(directory):
        raise VoicepieceError(f"{directory} is a session, not a folder of sessions "
                              f"(try `voicepiece sessions show {directory}`)")
    return directory


def find_sessions(directory: Path) -> list[SessionInfo]:
    """Every session folder directly inside ``directory``, newest first. Hidden folders
    are skipped: they are copies and deletions in progress."""
    check_sessions_dir(directory)
    try:
        children = list(directory.iterdir())
    except OSError as exc:
        raise VoicepieceError(f"cannot read {directory}: {exc.strerror}") from None
    found = [read_session(child) for child in children
             if not child.name.startswith(".") and is_session(child)]
    return sorted(found, key=lambda s: (s.when, s.name), reverse=True)


def resolve_session(arg: str, directory: Path | None) -> Path:
    """A session given as a folder path, or by its name in the sessions directory."""
    path = Path(arg).expanduser()
    if is_session(path):
        return path
    if path.name == arg and arg not in (".", ".."):
        named = sessions_dir(directory) / arg
        if is_session(named):
            return named
    if path.exists():
        raise VoicepieceError(f"{arg}: not a session folder (it has no {SESSION_JSON})")
    raise VoicepieceError(f"{arg}: no such session (not a folder here, nor a session in "
                          f"{sessions_dir(directory)})")


def to_purge(sessions: list[SessionInfo], older_than: float | None = None,
             keep: int | None = None, now: datetime | None = None) -> list[SessionInfo]:
    """The sessions a retention policy lets go, newest first.

    Each limit is a reason to keep: a session goes only if every limit given lets it go —
    older than ``older_than`` days, and not among the ``keep`` newest. So ``--keep 10
    --older-than 30`` never leaves fewer than ten sessions, however old they are.
    """
    if older_than is None and keep is None:
        raise VoicepieceError("purge needs --older-than DAYS, --keep N, or both")
    now = now or datetime.now(timezone.utc)
    ordered = sorted(sessions, key=lambda s: (s.when, s.name), reverse=True)
    going = []
    for rank, session in enumerate(ordered):
        if keep is not None and rank < keep:
            continue
        if older_than is not None and now - session.when <= timedelta(days=older_than):
            continue
        going.append(session)
    return going


def delete_session(folder: Path, directory: Path) -> None:
    """Delete a session folder that sits directly inside the sessions directory — nothing
    else. It is first renamed to a hidden name, so a deletion that fails halfway leaves
    no half-session that looks like a (damaged) one."""
    if not is_session(folder) or folder.resolve().parent != directory.resolve():
        raise VoicepieceError(f"refusing to delete {folder}: not a session folder in "
                              f"{directory}")
    hidden = folder.with_name(f".{folder.name}.deleting")
    try:
        folder.rename(hidden)
        shutil.rmtree(hidden)
    except OSError as exc:
        raise VoicepieceError(f"cannot delete {folder}: {exc.strerror}") from None


def _session_files(folder: Path) -> Iterator[tuple[Path, Path]]:
    """(file, path inside the session) for what a copy should hold: regular files and
    folders, not links (which could reach outside it) nor temporary files of writes in
    progress."""
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        dirs[:] = sorted(d for d in dirs if not (base / d).is_symlink())
        for name in sorted(files):
            path = base / name
            if path.is_symlink() or not path.is_file():
                continue
            if is_temporary(name):
                continue
            yield path, path.relative_to(folder)


def _check_target(folder: Path, target: Path) -> None:
    if target.exists() or target.is_symlink():
        raise VoicepieceError(f"--to {target}: already exists; choose a new name")
    if not target.parent.is_dir():
        raise VoicepieceError(f"--to {target}: no folder {target.parent}")
    if target.resolve().is_relative_to(folder.resolve()):
        raise VoicepieceError(f"--to {target}: inside the session being exported")


def export_session(folder: Path, target: Path) -> tuple[int, int]:
    """Copy a session folder to ``target`` (a ``.zip`` archive when its name says so),
    private and under its final name only once complete. Returns (files, bytes)."""
    _check_target(folder, target)
    try:
        if target.suffix.lower() == ".zip":
            return _export_zip(folder, target)
        return _export_folder(folder, target)
    except OSError as exc:
        raise VoicepieceError(f"cannot export to {target}: {exc.strerror}") from None


def _export_folder(folder: Path, target: Path) -> tuple[int, int]:
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        files = size = 0
        for path, inside in _session_files(folder):
            copy = tmp / inside
            for parent in reversed(copy.relative_to(tmp).parents[:-1]):
                (tmp / parent).mkdir(mode=PRIVATE_DIR, exist_ok=True)
            shutil.copyfile(path, copy)
            os.chmod(copy, PRIVATE_FILE)
            files, size = files + 1, size + copy.stat().st_size
        os.chmod(tmp, PRIVATE_DIR)
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return files, size


def _export_zip(folder: Path, target: Path) -> tuple[int, int]:
    """The archive holds one folder named after the session; its entries carry private
    permissions, which unzip restores."""
    files = size = 0
    with atomic_path(target) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        top = zipfile.ZipInfo.from_file(folder, folder.name)
        top.external_attr = (0o40000 | PRIVATE_DIR) << 16 | 0x10
        archive.writestr(top, b"")
        for path, inside in _session_files(folder):
            info = zipfile.ZipInfo.from_file(path, f"{folder.name}/{inside.as_posix()}")
            info.external_attr = (0o100000 | PRIVATE_FILE) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with path.open("rb") as src, archive.open(info, "w") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            files, size = files + 1, size + info.file_size
    return files, size

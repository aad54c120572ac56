"""`voicepiece sessions`: list, show, export and purge recorded sessions.

A gallery station keeps every visitor's session; these are the tools to look at them,
hand them over, and keep the disk (and the visitors' voices) from piling up for ever.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from voicepiece.errors import VoicepieceError
from voicepiece.files import disk_errors

DASH = "-"
HEARD_WIDTH = 40


def _days(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of days: {text!r}") from None
    if value < 0 or value != value:
        raise argparse.ArgumentTypeError(f"days must be 0 or more, not {text}")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {text}")
    return value


def add_parser(sub: argparse._SubParsersAction) -> None:
    sessions = sub.add_parser(
        "sessions", help="list, show, export, repair and purge recorded sessions",
        description="Recorded sessions live in a folder of session folders: --dir DIR, else "
                    "$VOICEPIECE_SESSIONS, else $XDG_DATA_HOME/voicepiece/sessions "
                    "(~/.local/share/voicepiece/sessions).")
    actions = sessions.add_subparsers(dest="action", metavar="ACTION", required=True)
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--dir", type=Path, metavar="DIR",
                       help="the folder holding the session folders")

    listing = actions.add_parser(
        "list", parents=[where], help="one line per session, newest first",
        description="One line per session, newest first. Incomplete sessions (stopped, "
                    "crashed or still recording) say NO, and NO (error) or NO (watchdog) "
                    "with the reason below the table when an error or the gallery's "
                    "watchdog stopped them; unreadable ones say DAMAGED.")
    listing.add_argument("--json", action="store_true", help="a JSON array, for programs")
    listing.set_defaults(func=cmd_sessions_list)

    show = actions.add_parser(
        "show", parents=[where], help="a session's summary and its turns",
        description="A session's summary and a table of its turns. SESSION is a session "
                    "folder or the name of one in the sessions folder.")
    show.add_argument("session", metavar="SESSION")
    show.set_defaults(func=cmd_sessions_show)

    export = actions.add_parser(
        "export", parents=[where], help="copy a session to a folder or a .zip",
        description="Copy a session folder to PATH, or into a .zip archive when PATH ends "
                    "in .zip. The copy is private (folders 0700, files 0600).")
    export.add_argument("session", metavar="SESSION")
    export.add_argument("--to", type=Path, required=True, metavar="PATH",
                        help="the new folder or .zip (must not exist)")
    export.set_defaults(func=cmd_sessions_export)

    fix = actions.add_parser(
        "repair", parents=[where], help="finish a session a crash left incomplete",
        description="Finish a session folder left by a crash or a full disk: session.wav "
                    "from the audio written so far (mastered if the session had ended), "
                    "captions and transcript from session.json, and no temporary files. "
                    "Every finished turn is kept; a session cut short stays marked "
                    "incomplete.")
    fix.add_argument("session", metavar="SESSION")
    fix.set_defaults(func=cmd_sessions_repair)

    purge = actions.add_parser(
        "purge", parents=[where], help="delete old sessions (retention)",
        description="Delete session folders beyond a retention limit. With both limits a "
                    "session goes only when older than DAYS and not among the N newest. "
                    "Only folders holding a session.json, directly in the sessions folder, "
                    "are ever deleted.")
    purge.add_argument("--older-than", type=_days, metavar="DAYS",
                       help="delete sessions that started more than DAYS days ago")
    purge.add_argument("--keep", type=_count, metavar="N",
                       help="keep the N newest sessions, delete the rest")
    purge.add_argument("--dry-run", action="store_true",
                       help="only print what would be deleted")
    purge.set_defaults(func=cmd_sessions_purge)


def cmd_sessions_list(args: argparse.Namespace) -> int:
    from voicepiece.archive.folders import DAMAGED, INCOMPLETE, find_sessions, sessions_dir

    directory = sessions_dir(args.dir)
    found = find_sessions(directory)
    if args.json:
        print(json.dumps([s.as_json() for s in found], indent=2))
        return 0
    if not found:
        print(f"no sessions in {directory}")
        return 0
    rows = [("SESSION", "STARTED (UTC)", "PIECE", "COMPLETED", "ENDING", "TURNS", "DURATION")]
    for s in found:
        if s.status == DAMAGED:
            rows.append((s.name, DASH, DASH, "DAMAGED", DASH, DASH, duration(s.duration)))
            continue
        completed = ("yes" if s.status != INCOMPLETE
                     else f"NO ({s.stopped_kind or 'incomplete'})")
        rows.append((s.name, utc(s.started), str(s.get("piece")), completed,
                     text(s.get("ending")), str(len(s.turns)), duration(s.duration)))
    print_table(rows, right=(5, 6))
    incomplete = sum(s.status == INCOMPLETE for s in found)
    stopped = sum(s.status == INCOMPLETE and s.stopped is not None for s in found)
    damaged = sum(s.status == DAMAGED for s in found)
    notes = [f"{n} {what}" for n, what in (
        (incomplete, INCOMPLETE + (f" ({stopped} stopped)" if stopped else "")),
        (damaged, DAMAGED)) if n]
    print(f"\n{plural(len(found), 'session')} in {directory}"
          + (f" ({', '.join(notes)})" if notes else ""))
    for s in found:
        if s.stopped is not None:
            print(f"stopped: {s.name}: {s.stopped}")
        if s.status == DAMAGED:
            print(f"damaged: {s.name}: {s.problem}")
    return 0


def cmd_sessions_show(args: argparse.Namespace) -> int:
    from voicepiece.archive.folders import DAMAGED, INCOMPLETE, read_session, resolve_session

    s = read_session(resolve_session(args.session, args.dir))
    files = sorted(p.name for p in s.folder.iterdir() if not p.name.startswith("."))
    fields: list[tuple[str, str]] = [("session", f"{s.name}  ({s.folder})")]
    if s.status == DAMAGED:
        fields += [("status", f"DAMAGED: {s.problem}"),
                   ("modified", f"{utc(s.modified)} UTC")]
    else:
        title = s.get("title")
        fields += [
            ("piece", str(s.get("piece")) + (f" — {title}" if title else "")),
            ("started", f"{utc(s.started)} UTC"),
            ("ended", f"{utc(parse(s.get('ended')))} UTC" if s.get("ended") else DASH),
            ("completed", "yes" if s.status != INCOMPLETE else
             "NO — stopped before the end, crashed, or still recording"),
            *([("stopped", s.stopped)] if s.stopped else []),
            ("ending", text(s.get("ending"))),
            ("path", " → ".join(map(str, s.get("path") or [])) or DASH),
        ]
    fields += [("audio", f"{duration(s.duration)} (session.wav)" if s.duration is not None
                else DASH),
               ("files", ", ".join(files))]
    for key, value in fields:
        print(f"{key:<10} {value}")
    if s.status == DAMAGED:
        return 0
    print(f"\nturns: {len(s.turns)}")
    if s.turns:
        rows = [("#", "NODE", "KIND", "HEARD", "ANSWER", "CONF", "SPEECH", "RESPONSE")]
        for n, turn in enumerate(s.turns, 1):
            kind = text(turn.get("kind"))
            if turn.get("confirms"):
                kind += f" {turn['confirms']}"
            heard = turn.get("heard")
            rows.append((str(n), text(turn.get("node")), kind,
                         "(silence)" if heard is None else clip(str(heard)),
                         text(turn.get("answer")), number(turn.get("confidence")),
                         span(turn.get("speech_start"), turn.get("speech_end")),
                         number(turn.get("response_start"))))
        print_table(rows, right=(0, 5))
    return 0


def cmd_sessions_export(args: argparse.Namespace) -> int:
    from voicepiece.archive.folders import COMPLETED, export_session, read_session, resolve_session

    folder = resolve_session(args.session, args.dir)
    files, size = export_session(folder, args.to)
    print(f"exported {folder} to {args.to}: {plural(files, 'file')}, {size / 1e6:.1f} MB")
    status = read_session(folder).status
    if status != COMPLETED:
        print(f"note: the session is {status}")
    return 0


def cmd_sessions_repair(args: argparse.Namespace) -> int:
    from voicepiece.archive.folders import resolve_session
    from voicepiece.archive.repair import repair

    folder = resolve_session(args.session, args.dir)
    with disk_errors(f"{folder}: cannot finish the repair (it can be run again)"):
        done = repair(folder)
    if done.already_complete:
        print(f"{done.folder}: complete already; nothing to repair")
        return 0
    audio = f", {done.seconds:.1f} s of audio" if done.seconds is not None else ", no audio"
    state = "complete" if done.completed else "finalised"
    removed = f", {done.removed} temporary file(s) removed" if done.removed else ""
    print(f"{done.folder}: {state}: {done.turns} turns{audio}{removed}")
    if done.problem:
        print(f"voicepiece: warning: the audio is kept unmastered: {done.problem}",
              file=sys.stderr)
    return 0


def cmd_sessions_purge(args: argparse.Namespace) -> int:
    from voicepiece.archive.folders import (
        COMPLETED,
        delete_session,
        find_sessions,
        sessions_dir,
        to_purge,
    )

    if args.older_than is None and args.keep is None:
        raise VoicepieceError("sessions purge needs --older-than DAYS, --keep N, or both")
    directory = sessions_dir(args.dir)
    found = find_sessions(directory)
    going = to_purge(found, older_than=args.older_than, keep=args.keep)
    verb = "would delete" if args.dry_run else "deleted"
    for s in going:
        if not args.dry_run:
            delete_session(s.folder, directory)
        state = "" if s.status == COMPLETED else f", {s.status}"
        print(f"{verb} {s.name} ({utc(s.when)} UTC{state})")
    kept = len(found) - len(going)
    if args.dry_run:
        print(f"dry run: {plural(len(going), 'session')} would be deleted, {kept} kept; "
              "nothing was deleted")
    else:
        print(f"{plural(len(going), 'session')} deleted, {kept} kept in {directory}")
    return 0


def utc(moment: datetime | None) -> str:
    if moment is None:
        return DASH
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def parse(value: Any) -> datetime | None:
    from voicepiece.archive.folders import parse_time

    return parse_time(value)


def duration(seconds: float | None) -> str:
    """``m:ss`` (``h:mm:ss`` past an hour): how long the recording plays."""
    if seconds is None:
        return DASH
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def text(value: Any) -> str:
    return DASH if value is None or value == "" else " ".join(str(value).split())


def clip(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= HEARD_WIDTH else value[:HEARD_WIDTH - 1] + "…"


def number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return DASH if value is None else text(value)
    return f"{value:.2f}"


def span(start: Any, end: Any) -> str:
    if start is None and end is None:
        return DASH
    return f"{number(start)}–{number(end)}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def print_table(rows: list[tuple[str, ...]], right: tuple[int, ...] = ()) -> None:
    """Columns padded to their widest cell, numbers right-aligned; no trailing spaces."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [cell.rjust(w) if i in right else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
        print("  ".join(cells).rstrip())

"""The soak's verdict: the figures, the goals, and the report as printed."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from soak_measure import MEMORY_GOAL_MB, Snapshot, engine_names, memory_summary

if TYPE_CHECKING:
    from soak_run import Soak


def report(soak: Soak, raw: Snapshot) -> tuple[dict[str, Any], bool]:
    snapshots = {"process_start": raw, **soak.snapshots}
    warm_up = min(soak.args.warm_up, soak.args.visitors)
    memory = memory_summary(snapshots, warm_up, soak.per_visitor)
    start = snapshots[memory["measured_from"]]
    end = snapshots[memory["measured_to"]]
    seconds = soak.session_seconds
    said = sum(t["said stop recording"] for t in soak.by_kind.values())
    crowd = soak.by_kind.get("crowd", Counter())
    in_crowd = soak.by_kind.get("visit_in_crowd", Counter())
    data = {
        "visitors": soak.args.visitors, "arrived": soak.sent, "settled": soak.settled,
        "stopped_early": soak.interrupted,
        "sessions_completed": soak.finished, "crowds_without_session": soak.unstarted,
        "outcomes": dict(soak.outcomes), "recordings": dict(soak.recordings),
        "by_kind": {k: dict(v) for k, v in sorted(soak.by_kind.items())},
        "turns": soak.turns, "quiet_waits": soak.quiet_waits,
        "missed_hellos": soak.missed_hellos, "false_starts": soak.false_starts,
        "crashes": len(soak.crashes), "hung": len(soak.hung), "lost": len(soak.lost),
        "problems": [dataclasses.asdict(p) for p in soak.crashes + soak.hung + soak.lost],
        "opt_outs_not_heard": [dataclasses.asdict(p) for p in soak.missed_opt_outs],
        "kept_folders": len(soak.kept),
        "opt_outs": {"said": said, "heard": said - len(soak.missed_opt_outs),
                     "missed": len(soak.missed_opt_outs)},
        "crowd": {"visits": crowd["visitors"], "false_starts": crowd["false_starts"],
                  "no_session": crowd["no_session"]},
        "visit_in_crowd": {key: in_crowd[key] for key in (
            "visitors", "answers", "right", "wrong_taken", "not_understood", "turns_spoken",
            "turns_cut", "turns_ended_late", "said stop recording", "opt_outs_missed")},
        "room_heard": soak.room.heard if soak.room is not None else None,
        "in_other_words": {
            "said": sum(t["in other words"] for t in soak.by_kind.values()),
            "understood": sum(t["understood by meaning"] for t in soak.by_kind.values())},
        "memory_mb": {**memory, **({"python_growth": soak.python_growth}
                                   if getattr(soak.args, "trace_memory", None) else {})},
        "engines": engine_names(soak.built) if soak.built is not None else {},
        "render_cache_at_start": soak.cache_cold,
        "prepare_seconds": round(soak.prepare_seconds, 1),
        "waited_for_lines": soak.args.wait_for_lines,
        "still_preparing_after_warm_up": soak.still_preparing,
        "fds": {"process_start": raw.fds, "start": start.fds, "end": end.fds,
                "after_stop": soak.snapshots["after_stop"].fds},
        "threads": {"start": start.threads, "end": end.threads},
        "wall_minutes": round(soak.elapsed / 60, 1),
        "visit_seconds": {"mean": round(sum(seconds) / len(seconds), 2) if seconds else None,
                          "max": round(max(seconds), 2) if seconds else None},
        "piece": soak.piece.name, "start_node": soak.piece.start,
        "master": soak.args.master, "seed": soak.args.seed,
        "warm_up": warm_up,
    }
    goals = {
        "every visitor finished": soak.settled == soak.args.visitors,
        "false starts 0": soak.false_starts == 0,
        "crashes 0": not soak.crashes, "hung 0": not soak.hung, "lost 0": not soak.lost,
        "opt-outs missed 0": not soak.missed_opt_outs,
        f"memory growth < {MEMORY_GOAL_MB:.0f} MB": memory["growth_ok"],
        "fds equal": start.fds == end.fds,
    }
    data["goals"] = goals
    return data, all(goals.values())


def print_report(data: dict[str, Any], ok: bool) -> None:
    mem, fds = data["memory_mb"], data["fds"]
    lines = [
        "",
        f"gallery soak: {data['visitors']} visitors, piece {data['piece']} from "
        f"{data['start_node']}, mastering {'on' if data['master'] else 'off'}, seed "
        f"{data['seed']}, {data['wall_minutes']} min",
        f"  sessions completed: {data['sessions_completed']} of {data['visitors']} "
        f"(outcomes: {fmt(data['outcomes'])})",
        f"  recordings: {fmt(data['recordings'])}; {data['kept_folders']} folders checked",
        f"  crashes:            {data['crashes']}   (goal 0)",
        f"  hung sessions:      {data['hung']}   (goal 0)",
        f"  recordings lost:    {data['lost']}   (goal 0)",
        f"  resident memory:    {mem.get('start')} MB after the warm-up, {mem.get('end')} MB "
        f"at end: {mem['growth']:+.1f} MB (goal < {MEMORY_GOAL_MB:.0f} MB; "
        f"{mem['process_start']} MB before loading anything, {mem.get('loaded')} MB with "
        f"every engine loaded, peak {mem['peak']} MB, after the warm-up "
        f"{mem['peak_after_warm_up']} MB; warm-up {data['warm_up']} visitors)",
        f"  memory trend:       {fmt_trend(mem['trend'])} resident, "
        f"{fmt_trend(mem['heap_trend'])} heap in use (median of the last "
        f"{mem['trend_window']} visitors minus the first {mem['trend_window']} after the "
        f"warm-up; heap in use {mem['heap_in_use'].get('start')} -> "
        f"{mem['heap_in_use'].get('end')} MB)",
        f"  engines:            {fmt_words(data['engines'])}",
        f"  open descriptors:   {fds['start']} at start, {fds['end']} at end (goal: equal; "
        f"{fds['after_stop']} after the station stopped)",
        f"  threads:            {data['threads']['start']} at start, "
        f"{data['threads']['end']} at end",
        f"  turns heard: {data['turns']}; visit wall time mean {data['visit_seconds']['mean']}"
        f" s, max {data['visit_seconds']['max']} s; quiet waits {data['quiet_waits']}, "
        f"missed hellos {data['missed_hellos']}, false starts {data['false_starts']}",
        "  by visitor kind:",
        *(f"    {kind:9s} {fmt(tally)}" for kind, tally in data["by_kind"].items()),
    ]
    for site in mem.get("python_growth", []):
        lines.append(f"    python growth: {site['kb']:+9.1f} KB {site['blocks']:+7d} blocks  "
                     f"{site['where']}")
        lines += [f"{'':50s}called from {caller}" for caller in site.get("callers", [])]
    log = data.get("log") or {}
    lines.append(f"  station log: {log.get('warning', 0)} warnings, {log.get('error', 0)} "
                 f"errors, {log.get('tracebacks', 0)} tracebacks")
    lines += [f"    {n}x {message}" for message, n in log.get("common", [])]
    crowded = data["visit_in_crowd"]
    lines.append(f"  visits in a crowd: {crowded['visitors']} visitors, {crowded['answers']} "
                 f"answers: {crowded['right']} right, {crowded['wrong_taken']} wrong taken, "
                 f"{crowded['not_understood']} not understood; of {crowded['turns_spoken']} "
                 f"turns spoken, cut {crowded['turns_cut']}, ended late "
                 f"{crowded['turns_ended_late']}; "
                 f"opt-outs missed {crowded['opt_outs_missed']} of "
                 f"{crowded['said stop recording']}; the room heard "
                 f"{data['room_heard'] or 0} times")
    other = data["in_other_words"]
    lines.append(f"  answers in other words: {other['understood']} of {other['said']} "
                 "taken for the answer meant (read by meaning; not a goal)")
    missed = data["opt_outs_not_heard"]
    said = data["opt_outs"]["said"]
    lines.append(f"  opt-outs not heard: {len(missed)} of {said} visitors who asked (goal 0; "
                 "their recordings were kept)")
    lines += [f"    visitor {p['n']}: {p['what']}" for p in missed[:10]]
    for problem in data["problems"][:30]:
        lines.append(f"  PROBLEM visitor {problem['n']} ({problem['kind']}): {problem['what']}")
    missed = [goal for goal, met in data["goals"].items() if not met]
    lines.append("  result: " + ("every goal met" if ok else "MISSED: " + ", ".join(missed)))
    print("\n".join(lines), flush=True)


def log_summary(path: Path) -> dict[str, Any]:
    """How many warnings, errors and tracebacks the station logged (the rotated files
    included), and the most common warnings."""
    counts: Counter = Counter()
    messages: Counter = Counter()
    for file in sorted(path.parent.glob(path.name + "*")):
        for line in file.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("Traceback"):
                counts["tracebacks"] += 1
            parts = line.split(" ", 4)
            if len(parts) == 5 and parts[2] in ("WARNING", "ERROR", "CRITICAL"):
                counts[parts[2].lower()] += 1
                messages[parts[4][:100]] += 1
    return {**counts, "common": messages.most_common(5)}


def fmt_trend(mb: float | None) -> str:
    return "-" if mb is None else f"{mb:+.1f} MB"


def fmt_words(words: dict[str, str]) -> str:
    return "; ".join(f"{k} {v}" for k, v in words.items()) or "none"


def fmt(counts: dict[str, int]) -> str:
    return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in
                     sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))) or "none"


def check_folder(folder: Path, record: dict[str, Any]) -> str | None:
    """Why ``folder`` is not the whole, truthful recording of the visit ``record`` (None:
    it is)."""
    from voicepiece.archive.folders import DAMAGED, read_session
    from voicepiece.archive.mixdown import PART, SESSION_WAV

    if not folder.is_dir():
        return f"{folder.name}: no such folder"
    info = read_session(folder)
    if info.status == DAMAGED or info.record is None:
        return f"{folder.name}: {info.problem}"
    if (folder / PART).exists():
        return f"{folder.name}: {PART} left behind"
    saved = info.record
    completed = record["outcome"] == "completed"
    if saved["completed"] != completed:
        return (f"{folder.name}: completed is {saved['completed']} but the visit was "
                f"{record['outcome']}")
    turns = len(saved["turns"])
    # a visit that ended inside a turn (walked away, opted out) has one turn unfinished
    if not (record["turns"] - 1 <= turns <= record["turns"]):
        return f"{folder.name}: {turns} turns saved, the visit took {record['turns']}"
    if not (folder / SESSION_WAV).is_file() or (info.duration or 0) <= 0:
        return f"{folder.name}: no session.wav"
    if saved.get("path") != record.get("path"):
        return f"{folder.name}: path {saved.get('path')} != journal {record.get('path')}"
    return None

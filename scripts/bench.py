"""Benchmarks: numbers for the notes, never a pass/fail test.

Each section names the baseline it compares against and measures both in the same run.

  speaking   prepare the her piece cold and warm; time from "line requested" to the first
             audio sample out, for a prepared line and for a line with the listener's
             words. Baseline: the same lines synthesized on demand, with no cache.
  listening  spoken answers fed as real-time streams: branch accuracy, off-list false
             accepts, confirmations, and response latency from the end of speech to the
             narrator's first sample. Baseline: Recognizer.listen() + recognize_sphinx +
             fuzzy matching + pyttsx3 on demand, on the same audio, side by side.
  turns      hesitant answers (a pause of 0.6-1.2 s inside) and complete ones through the
             real ear: how many hesitant answers are cut off, and how long a complete
             answer waits to end. Baseline: the completeness judgement before the
             hesitation rule (grammar, 0.3/0.7 s), and Smart Turn v3.2 when installed.
  bargein    the listener speaks over the narrator (virtual devices): time from their
             voice at the microphone to the narration's silence. Baseline: half-duplex,
             where the rest of the line plays over them.
  render     a whole her session rendered offline, as a multiple of real time, cold and
             warm cache, per output format. Baseline: the raw mix without mastering.
  meanings   typed answers read by rules and a sentence model: held-out and tuning
             accuracy, off-topic sentences taken, yes/no swaps, ms per sentence.
             Baseline: the rules alone, on the same answers.
  memory     resident memory of a gallery station with every default model loaded (as
             `voicepiece gallery` builds it; peak and after rounds of visits), and of a
             process narrating with Kokoro over rounds of lines. Baseline: kokoro-onnx's
             own session (memory arena on).

--json FILE also writes the figures for machines (docs/benchmarks.md lists the keys).
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NoReturn

from voicepiece.errors import VoicepieceError

ROOT = Path(__file__).resolve().parents[1]

SECTIONS = {"speaking": "bench_speaking", "listening": "bench_listening",
            "turns": "bench_turns", "bargein": "bench_bargein", "render": "bench_render",
            "meanings": "bench_meanings", "memory": "bench_memory"}
"""Each section's module (scripts/bench_*.py); its ``run(args)`` prints the table and
returns the figures for the JSON. Imported only when the section runs."""


class Parser(argparse.ArgumentParser):
    """Bad arguments: one line and exit status 2, not the usage block."""

    def error(self, message: str) -> NoReturn:
        print(f"bench: {message} (see scripts/bench --help)", file=sys.stderr)
        raise SystemExit(2)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = Parser(prog="scripts/bench", description=__doc__,
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    # checked below, not by choices=: Python 3.11's argparse checks an empty "*" against
    # the choices as a value and refuses it (so a bare --quick failed)
    parser.add_argument("sections", nargs="*", metavar="SECTION",
                        help=f"{', '.join(SECTIONS)} or all (the default)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--engine", help="speaking: the synthesizer (default: the piece's)")
    parser.add_argument("--measured-only", action="store_true",
                        help="speaking: prepare only the lines it measures, not the whole "
                             "piece (no prepare times): for a machine too busy to prepare it")
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="also write the figures as JSON, keyed by section")
    parser.add_argument("--leads", type=Path, metavar="FILE",
                        help="speaking: anticipate the listener's words as far ahead as a "
                             "listening run measured them (its --json FILE), not a fixed gap")
    args = parser.parse_args(argv)
    if args.leads is not None and not args.leads.is_file():
        parser.error(f"--leads {args.leads}: no such file")
    if args.engine is not None:
        from voicepiece.voices import registry

        if args.engine not in registry.ENGINES:
            parser.error(f"--engine {args.engine}: not one of {', '.join(registry.ENGINES)}")
    if args.json is not None:
        folder = args.json.parent
        if args.json.is_dir():
            parser.error(f"--json {args.json}: is a folder")
        if not folder.is_dir():
            parser.error(f"--json {args.json}: no folder {folder}")
        if not os.access(folder, os.W_OK):
            parser.error(f"--json {args.json}: cannot write in {folder}")
    for name in args.sections:
        if name not in (*SECTIONS, "all"):
            parser.error(f"no section {name!r}: {', '.join(SECTIONS)} or all")
    everything = not args.sections or "all" in args.sections
    args.chosen = list(SECTIONS) if everything else list(dict.fromkeys(args.sections))
    return args


def git_commit() -> str | None:
    """The commit benchmarked, with "-dirty" when the work tree differs from it."""
    def git(*words: str) -> str:
        return subprocess.run(["git", "-C", str(ROOT), *words], capture_output=True,
                              text=True, timeout=10, check=True).stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return None
    return commit + ("-dirty" if dirty else "")


def machine(args: argparse.Namespace) -> dict[str, Any]:
    """The facts that make figures from two runs comparable, taken at the start."""
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "cores": os.cpu_count(), "load_average": load_average(),
        "git_commit": git_commit(), "quick": args.quick, "sections": args.chosen,
        "python": platform.python_version(), "machine": platform.machine(),
    }


def load_average() -> list[float]:
    """1, 5 and 15 minutes: figures grow when other jobs share the cores."""
    return [round(x, 2) for x in os.getloadavg()]


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Written beside its final name and renamed over it: a reader never sees half."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o644)  # a report, not a secret (mkstemp makes it 0600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=2)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    data: dict[str, Any] = {**machine(args), "complete": False}
    try:
        for name in args.chosen:
            print(f"== {name} ==", flush=True)
            began = time.perf_counter()
            figures = importlib.import_module(SECTIONS[name]).run(args)
            data[name] = {**figures, "seconds": round(time.perf_counter() - began, 1)}
        data["complete"] = True
    except VoicepieceError as exc:  # a missing engine, device or file: said in one line
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130
    finally:
        data["load_average_end"] = load_average()
        if args.json is not None:  # what was measured, even when a section failed
            write_json(args.json, data)
    return 0


if __name__ == "__main__":
    sys.exit(main())

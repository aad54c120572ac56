"""The render benchmark: a whole her session rendered offline (spoken replies heard by the
real ear), as a multiple of real time, cold (an empty render cache) and warm, per output
format. Baseline: the same render with --no-master, i.e. what mastering costs on top of the
raw mix."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import tempfile
import time
import wave
from pathlib import Path
from typing import Any

RENDER_REPLIES = ["slowing down", "yes", "not really", "I don't know", "from within",
                  "just acceptable", "of course not", "absolutely", "no he isn't", "maybe",
                  "between two people"]

RUNS = [("wav (raw mix, no mastering)", "wav_raw", ["--no-master"]), ("wav", "wav", [])]
RUNS += [(fmt, fmt, ["--format", fmt]) for fmt in ("flac", "mp3", "ogg")]
"""(row shown, key in the JSON, extra arguments to ``voicepiece render``); --quick runs the
first two."""


def run(args: argparse.Namespace) -> dict[str, Any]:
    from voicepiece.cli import main as voicepiece

    replies = [arg for reply in RENDER_REPLIES for arg in ("--reply", reply)]
    runs = RUNS[:2] if args.quick else RUNS
    formats: dict[str, dict[str, float]] = {}
    saved = os.environ.get("VOICEPIECE_CACHE")
    try:
        with tempfile.TemporaryDirectory() as folder:
            base = Path(folder)
            print(f"{'output':<30} {'cold':>16} {'warm':>16}")
            for i, (name, key, extra) in enumerate(runs):
                times = []
                figures: dict[str, float] = {}
                for state in ("cold", "warm"):
                    cache = base / f"cache-{i}"
                    os.environ["VOICEPIECE_CACHE"] = str(cache)
                    out = base / f"{i}-{state}"
                    began = time.perf_counter()
                    with contextlib.redirect_stdout(io.StringIO()):
                        code = voicepiece(["render", "her", "--out", str(out), *replies,
                                           *extra])
                    elapsed = time.perf_counter() - began
                    if code != 0:
                        raise SystemExit(f"render failed ({code})")
                    with wave.open(str(out / "session.wav")) as wav:
                        audio = wav.getnframes() / wav.getframerate()
                    times.append(f"{audio / elapsed:6.1f}x ({elapsed:5.1f} s)")
                    figures[f"{state}_x_realtime"] = round(audio / elapsed, 2)
                    figures[f"{state}_s"] = round(elapsed, 2)
                formats[key] = figures
                print(f"{name:<30} {times[0]:>16} {times[1]:>16}")
            print(f"(a session of {audio / 60:.1f} minutes; multiples of real time)")
    finally:
        if saved is None:
            os.environ.pop("VOICEPIECE_CACHE", None)
        else:
            os.environ["VOICEPIECE_CACHE"] = saved
    return {
        "wav_cold_x_realtime": formats["wav"]["cold_x_realtime"],
        "wav_warm_x_realtime": formats["wav"]["warm_x_realtime"],
        "session_minutes": round(audio / 60, 2), "formats": formats,
    }

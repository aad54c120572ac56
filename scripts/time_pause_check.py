"""What one pause check's Whisper decode costs: ``WhisperModel.transcribe`` on real
recordings (a Speech Commands "yes" and "no" and a read sentence from the shared human
recordings, each whole and cut in half, with 0.1 s of silence after, as at a pause), wall
and CPU ms per call, and the cost of then reading the words' loudness (``levels``: placed
only when read, for words that may be said back; docs/listening-measurements.md, "Two
costs off the hot
path"). For a before/after, run it with ``PYTHONPATH`` at each version in turn:

    PYTHONPATH=. python scripts/time_pause_check.py [REPETITIONS]
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
import wave
from pathlib import Path

import voicepiece
from voicepiece.listening.whisper_model import packaged_model

ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "human-speech"
CLIPS = ("speech-commands/yes", "speech-commands/no", "pocketsphinx-testdata/data/forever")


def pcm(path: Path) -> bytes:
    with wave.open(str(path)) as w:
        assert w.getframerate() == 16000 and w.getnchannels() == 1, path
        return w.readframes(w.getnframes())


def cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def main() -> int:
    repetitions = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    if not ROOT.is_dir():
        print(f"no recordings at {ROOT} (the shared human-speech set)", file=sys.stderr)
        return 1
    model = packaged_model()
    clips = []
    for folder in CLIPS:
        audio = pcm(sorted((ROOT / folder).glob("*.wav"))[0]) + b"\x00\x00" * 1600
        clips += [audio[: len(audio) // 4 * 2], audio]
    model.transcribe(clips[0])
    walls, cpus, reads = [], [], []
    for _ in range(repetitions):
        for audio in clips:
            started, used = time.perf_counter(), cpu()
            words = model.transcribe(audio)
            walls.append(time.perf_counter() - started)
            cpus.append(cpu() - used)
            started = time.perf_counter()
            tuple(words.levels)
            reads.append(time.perf_counter() - started)
    print(f"{Path(voicepiece.__file__).parent}: {len(walls)} decodes, load "
          f"{os.getloadavg()[0]:.1f}: decode wall median {1000 * statistics.median(walls):.1f}"
          f" ms, CPU median {1000 * statistics.median(cpus):.1f} ms; the levels read after "
          f"it: median {1000 * statistics.median(reads):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Measurements the audio tests share: read real files and judge them from their samples."""

from __future__ import annotations

import re
import subprocess
import wave
from array import array
from math import sqrt
from pathlib import Path


def read_wav(path: Path) -> tuple[array, int, int]:
    """(samples, rate, channels) of a 16-bit WAV file."""
    with wave.open(str(path), "rb") as wav:
        assert wav.getsampwidth() == 2, f"{path} is not 16-bit"
        samples = array("h", wav.readframes(wav.getnframes()))
        return samples, wav.getframerate(), wav.getnchannels()


def rms(samples: array) -> float:
    return sqrt(sum(s * s for s in samples) / len(samples)) if samples else 0.0


def expected_seconds(text: str, rate_wpm: int) -> float:
    return len(text.split()) / rate_wpm * 60


def ebur128_blocks(path: Path) -> list[tuple[float, float]]:
    """(end time, momentary loudness) of every 400 ms block ffmpeg's EBU R128 meter
    measures: the reference the project's own loudness code is checked against."""
    done = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-i", str(path),
                           "-af", "ebur128", "-f", "null", "-"],
                          capture_output=True, text=True, check=True)
    return [(float(t), float(m)) for t, m in re.findall(
        r"t:\s*([\d.]+)\s+TARGET:\S+ LUFS\s+M:\s*(-?[\d.]+)", done.stderr)]

"""ffmpeg and ffprobe for the archive: each run quiet (``-loglevel error``), bounded by a
timeout and failing as one line, and the loudness figures (ITU-R BS.1770, ffmpeg's
``ebur128`` filter) read from what they print. Mastering renders through these; anyone
may measure a file with :func:`measure_loudness`.
"""

from __future__ import annotations

import math
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from voicepiece.audio.levels import gain_db
from voicepiece.errors import EngineMissing, VoicepieceError

SILENT_LUFS = -69.9
"""ebur128 reports -70 LUFS when nothing passes the absolute gate: anything at or under
this is silence."""


@dataclass(frozen=True)
class Measure:
    integrated: float  # LUFS
    peak: float  # dBTP (true peak) or dBFS (sample peak); -inf when silent
    samples: int


@dataclass(frozen=True)
class Source:
    path: Path
    rate: int
    channels: int
    duration: float


def program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise EngineMissing(f"mastering audio needs {name}, which is not installed: "
                            "apt-get install ffmpeg")
    return path


def time_limit(duration: float) -> float:
    """How long a run over ``duration`` seconds of audio may take before it is called hung."""
    return 60.0 + 2.0 * duration


def run(args: list[str], what: str, timeout: float) -> str:
    """Run ffmpeg quietly: its stdout, or a one-line error saying why it failed."""
    cmd = [program("ffmpeg"), "-nostdin", "-hide_banner", "-loglevel", "error", *args]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        raise VoicepieceError(f"{what}: ffmpeg took longer than {timeout:.0f} s") from None
    if proc.returncode != 0:
        raise VoicepieceError(f"{what}: ffmpeg failed: {_last_line(proc.stderr)}")
    return proc.stdout


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no reason given"


def probe(path: Path, what: str) -> Source:
    if not path.is_file():
        raise VoicepieceError(f"{path}: no such audio file")
    cmd = [program("ffprobe"), "-v", "error", "-select_streams", "a:0", "-show_entries",
           "stream=sample_rate,channels:format=duration", "-of", "default=nw=1", str(path)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    except subprocess.TimeoutExpired:
        raise VoicepieceError(f"{path}: ffprobe took longer than 60 s") from None
    if proc.returncode != 0:
        raise VoicepieceError(f"{path}: cannot read the {what} as audio "
                              f"({_last_line(proc.stderr)})")
    fields = dict(line.split("=", 1) for line in proc.stdout.splitlines() if "=" in line)
    try:
        source = Source(path, int(fields["sample_rate"]), int(fields["channels"]),
                        float(fields["duration"]))
    except (KeyError, ValueError):
        raise VoicepieceError(f"{path}: the {what} holds no audio") from None
    if source.duration <= 0:
        raise VoicepieceError(f"{path}: the {what} is empty")
    return source


_PEAK_KEYS = {"true": "lavfi.r128.true_peak", "sample": "lavfi.r128.sample_peak"}
_SAMPLES_KEY = "lavfi.astats.Overall.Number_of_samples"


def meter(peak: str = "true", count: bool = False) -> str:
    """Filters that print the running BS.1770 figures to stdout: ``peak`` is ``true``,
    ``sample`` or ``none``; ``count`` adds the number of samples (astats: it costs as much
    as the loudness)."""
    counter = ("astats=metadata=1:measure_perchannel=none:measure_overall=Number_of_samples,"
               if count else "")
    return f"ebur128=peak={peak}:metadata=1,{counter}ametadata=mode=print:file='pipe\\:1'"


def parse_meter(stdout: str, what: str) -> Measure:
    """The last value of each figure: the whole programme's."""
    found: dict[str, str] = {}
    wanted = {"lavfi.r128.I", _SAMPLES_KEY, *_PEAK_KEYS.values()}
    for line in reversed(stdout.splitlines()):
        key, sep, value = line.partition("=")
        if sep and key in wanted:
            found.setdefault(key, value)
    if "lavfi.r128.I" not in found:
        raise VoicepieceError(f"{what}: too short to measure its loudness")
    linear = float(found.get(_PEAK_KEYS["true"], found.get(_PEAK_KEYS["sample"], "0")))
    return Measure(integrated=float(found["lavfi.r128.I"]),
                   peak=gain_db(linear) if linear > 0 else -math.inf,
                   samples=int(float(found.get(_SAMPLES_KEY, "0"))))


def measure_file(path: Path, duration: float, what: str, peak: str = "true") -> Measure:
    out = run(["-i", str(path), "-map", "0:a:0", "-af", meter(peak, count=True),
               "-f", "null", "-"], what, time_limit(duration))
    return parse_meter(out, what)


def measure_loudness(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) of an audio file per ITU-R BS.1770:
    ffmpeg's ebur128 filter with ``peak=true``. Silence reads -70 LUFS and -inf dBTP."""
    path = Path(path)
    measured = measure_file(path, probe(path, "audio file").duration, str(path))
    return measured.integrated, measured.peak


def layout(channels: int) -> str:
    """ffmpeg's name for a channel layout."""
    return "mono" if channels == 1 else "stereo"

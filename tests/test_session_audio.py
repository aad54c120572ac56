"""A rendered her session as a finished audio piece: its length, loudness, captions and
chapters measured from the files themselves."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.audio_checks import read_wav, rms
from voicepiece.cli import main

MIXED = ["slowing down", "yes", "not really", "I don't know", "from within", "silence",
         "of course not", "banana", "absolutely", "no he isn't", "maybe", "between two people"]


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory, run_render_cache: Path) -> Path:
    out = tmp_path_factory.mktemp("render") / "session"
    args = ["render", "her", "--out", str(out), "--format", "mp3"]
    for reply in MIXED:
        args += ["--reply", reply]
    with pytest.MonkeyPatch.context() as patch:  # the run's narration (conftest.py)
        patch.setenv("VOICEPIECE_CACHE", str(run_render_cache))
        assert main(args) == 0
    return out


def seconds(stamp: str) -> float:
    h, m, s = stamp.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def test_the_audio_is_as_long_as_its_parts(session: Path) -> None:
    record = json.loads((session / "session.json").read_text())
    samples, rate, _ = read_wav(session / "session.wav")
    last = record["lines"][-1]
    assert abs(len(samples) / rate - (last["at"] + last["duration"])) < 0.05


def test_loudness_is_on_target(session: Path) -> None:
    done = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-i", str(session / "session.wav"),
                           "-af", "ebur128=peak=true", "-f", "null", "-"],
                          capture_output=True, text=True, check=True)
    summary = done.stderr[done.stderr.rindex("Summary:"):]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary).group(1))
    assert abs(integrated - (-16.0)) <= 1.0
    assert peak <= -0.9


def test_caption_cues_start_where_speech_starts(session: Path) -> None:
    samples, rate, _ = read_wav(session / "session.wav")
    vtt = (session / "captions.vtt").read_text()
    cues = re.findall(r"(\d\d:\d\d:\d\d\.\d{3}) --> [\d:.]+\n<v (Narrator|Listener)>", vtt)
    assert len(cues) > 50
    def onset(near: float) -> float | None:
        """The first 10 ms of sound within 0.3 s of ``near``."""
        for i in range(int((near - 0.3) * 100), int((near + 0.3) * 100)):
            first = int(i * rate / 100)
            if rms(samples[first:first + rate // 100]) > 500:
                return i / 100
        return None

    record = json.loads((session / "session.json").read_text())
    line_starts = {round(line["at"], 3) for line in record["lines"]}
    checked = missed = 0
    for stamp, _speaker in cues:
        start = seconds(stamp)
        if round(start, 3) not in line_starts:
            continue  # later cues of a split line start mid-speech
        found = onset(start)
        checked += 1
        if found is None or abs(found - start) > 0.15:
            missed += 1
    assert checked > 50 and missed <= checked * 0.05, (missed, checked)


def test_chapters_read_back_from_the_file(session: Path) -> None:
    record = json.loads((session / "session.json").read_text())
    done = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-of", "json",
                           str(session / "session.mp3")], capture_output=True, text=True,
                          check=True)
    chapters = json.loads(done.stdout)["chapters"]
    assert [c["tags"]["title"] for c in chapters] == [s["title"] for s in record["stages"]]
    for chapter, stage in zip(chapters, record["stages"], strict=True):
        assert abs(float(chapter["start_time"]) - stage["start"]) < 0.01

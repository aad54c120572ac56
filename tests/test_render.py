"""Rendering the her piece offline with the real default voice: real audio, real files."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tests.audio_checks import expected_seconds, read_wav, rms
from voicepiece.cli import main
from voicepiece.story.loader import load_piece
from voicepiece.voices import narrator_for
from voicepiece.voices.sentences import parts


@pytest.fixture(scope="module")
def her():
    return load_piece("her")


def test_every_line_of_her_renders_as_fitting_audio(her) -> None:
    narrator = narrator_for(her)
    lines = {line.id: line for line in her.lines() if not line.is_template}
    assert len(lines) > 100
    for line in lines.values():
        audio = narrator.audio(line, line.text)
        assert audio.frame_rate == 22050 and audio.channels == 1 and audio.sample_width == 2
        seconds = len(audio) / 1000
        expected = expected_seconds(line.text, her.voice.rate)
        assert 0.5 * expected <= seconds <= 2 * expected + 0.8, (line.id, seconds, expected)
        assert audio.rms > 300, f"{line.id} is (nearly) silent"


def test_render_writes_a_session_whose_audio_matches_its_record(tmp_path: Path, capsys,
                                                                shared_renders) -> None:
    out = tmp_path / "session"
    replies = ["slowing down", "yes", "not really", "silence", "banana", "from within"]
    args = ["render", "her", "--out", str(out), "--typed"]
    for reply in replies:
        args += ["--reply", reply]
    assert main(args) == 0
    record = json.loads((out / "session.json").read_text())
    assert record["completed"] is True and record["piece"] == "her"
    samples, rate, channels = read_wav(out / "session.wav")
    assert (rate, channels) == (22050, 1)
    seconds = len(samples) / rate
    assert seconds > 300, "the whole essay takes minutes to read"
    turns = record["turns"]
    assert [t["heard"] for t in turns[:2]] == ["slowing down", "yes"]
    starts = [t["response_start"] for t in turns]
    assert starts == sorted(starts) and starts[-1] < seconds
    # the narrator answers at each response_start: there is speech right after it
    for start in starts[:6]:
        window = samples[int(start * rate): int((start + 0.6) * rate)]
        assert rms(window) > 300, f"no narration right after response_start {start}"
    assert stat.S_IMODE((out / "session.wav").stat().st_mode) == 0o600
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert f"{seconds:.1f} s of audio" in capsys.readouterr().out


def test_render_hears_spoken_replies_with_the_real_ear(tmp_path: Path, shared_renders) -> None:
    out = tmp_path / "session"
    assert main(["render", "her", "--out", str(out), "--reply", "slowing down",
                 "--reply", "yes", "--no-master"]) == 0
    record = json.loads((out / "session.json").read_text())
    answers = [t for t in record["turns"] if t["kind"] == "answer"]
    assert answers[0]["answer"] == "slow_down" and answers[1]["answer"] == "yes"
    samples, rate, _ = read_wav(out / "session.wav")
    for turn in answers[:2]:
        start, end = turn["speech_start"], turn["speech_end"]
        assert start is not None and turn["listen_start"] < start < end < turn["response_start"]
        assert rms(samples[int(start * rate): int(end * rate)]) > 300, "the reply is in the mix"
    clips = sorted(p.name for p in (out / "replies").iterdir())
    assert clips[0] == "01-friendship-answer.wav"


def test_render_never_overwrites_a_session(tmp_path: Path, capsys, shared_renders) -> None:
    out = tmp_path / "s"
    # not mastered: what is refused is the folder, whatever the session in it
    assert main(["render", "her", "--out", str(out), "--reply", "yes", "--no-master"]) == 0
    before = (out / "session.json").read_bytes()
    assert main(["render", "her", "--out", str(out), "--reply", "no", "--no-master"]) == 2
    assert "already holds a session" in capsys.readouterr().err
    assert (out / "session.json").read_bytes() == before


def test_render_can_start_anywhere(tmp_path: Path, capsys, shared_renders) -> None:
    out = tmp_path / "s"
    assert main(["render", "her", "--start", "combustion", "--out", str(out),
                 "--reply", "between two people", "--no-master"]) == 0
    record = json.loads((out / "session.json").read_text())
    assert record["path"][0] == "combustion"
    assert record["ending"] == "closing_combustion"
    assert main(["render", "her", "--start", "combustoin", "--out", str(tmp_path / "t")]) == 2
    assert "did you mean 'combustion'" in capsys.readouterr().err


def test_prepare_renders_once_then_finds_everything_cached(capsys) -> None:
    assert main(["prepare", "her"]) == 0
    first = capsys.readouterr().out
    assert main(["prepare", "her"]) == 0
    second = capsys.readouterr().out
    assert " 0 rendered" not in first
    assert " 0 rendered" in second
    assert "with the listener's words" in second


def test_lines_with_the_listeners_words_never_reach_the_cache(tmp_path: Path, her,
                                                              shared_renders) -> None:
    words = "slowing down with my sister"  # trusted (the open transcript), not prepared
    assert main(["render", "her", "--out", str(tmp_path / "s"), "--reply", words,
                 "--no-master"]) == 0  # the narration is cached (or not) before mastering
    narrator = narrator_for(her)  # keyed by the voice that speaks, not the one asked for
    cache, voice = narrator.cache, narrator.settings
    mirrored = "Slowing down with your sister, you say."  # "{heard}, you say." filled
    assert mirrored in (tmp_path / "s" / "transcript.txt").read_text()
    assert not cache.path(mirrored, voice).exists()
    plain = next(line for line in her.lines() if not line.is_template)
    spoken_parts = [part for part, _ in parts(plain.text, her.pauses)]  # sentence by sentence
    assert all(cache.path(part, voice).exists() for part in spoken_parts)

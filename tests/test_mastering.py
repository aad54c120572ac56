"""Mastering against the real ffmpeg, on real speech: every figure judged from the files
written, measured here by ffmpeg's own ebur128 summary and ffprobe, not by the module's
parser.

The session is espeak-ng speech (22050 Hz mono) with long pauses between sentences, as a
listening piece has, made loud (peaks at full scale) and quiet (-26 dB) on purpose. These
tests need ffmpeg and espeak-ng (apt-get install ffmpeg espeak-ng) and fail without them.
"""

from __future__ import annotations

import array
import json
import math
import random
import re
import shutil
import stat
import subprocess
import wave
from pathlib import Path

import pytest

from voicepiece.archive import ffmpeg
from voicepiece.archive.mastering import (
    FORMATS,
    Chapter,
    Mastered,
    MasterSettings,
    master,
    measure_loudness,
)
from voicepiece.errors import EngineMissing, VoicepieceError

RATE = 22050
SENTENCES = [
    "Welcome. This is a listening piece, and it will ask you a few questions.",
    "When the voice in the film first speaks, what do you notice?",
    "Take your time. There is no wrong answer.",
    "Some people say a voice is the most intimate thing about a person.",
    "Do you agree? Say yes, or no, or that you are not sure.",
]
PAUSES = [1.0, 8.0, 1.0, 1.0, 1.0]  # seconds after each sentence: ~30 s in all
"""One long pause (where a bed and the gating are measured); the others short, since every
master and measurement here runs over the whole session (each second is ffmpeg's work,
about thirty times over)."""
LONG_PAUSE = 1  # the eight-second pause, after the second sentence
CHAPTERS = [Chapter("Opening", 0.0), Chapter("The voice; a = question #2", 9.5),
            Chapter("Ending", 20.0)]
TARGET, CEILING = -16.0, -1.0
LU_TOLERANCE = 1.0  # the contract: within 1 LU of the target
PEAK_TOLERANCE = 0.15  # dB over the ceiling, for the measurement's own resolution


# --- building sessions --------------------------------------------------------------------

def _need(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        pytest.fail(f"these tests need {program}: apt-get install ffmpeg espeak-ng")
    return path


def _write_wav(path: Path, samples: array.array, rate: int = RATE, channels: int = 1) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return path


def _read_wav(path: Path) -> tuple[array.array, int]:
    with wave.open(str(path), "rb") as wav:
        return array.array("h", wav.readframes(wav.getnframes())), wav.getframerate()


@pytest.fixture(scope="module")
def sentences(tmp_path_factory: pytest.TempPathFactory) -> list[array.array]:
    _need("ffmpeg")
    espeak = _need("espeak-ng")
    folder = tmp_path_factory.mktemp("speech")
    spoken = []
    for n, text in enumerate(SENTENCES):
        path = folder / f"s{n}.wav"
        subprocess.run([espeak, "-w", str(path), text], check=True, timeout=60)
        samples, rate = _read_wav(path)
        assert rate == RATE
        spoken.append(samples)
    return spoken


def _session(path: Path, sentences: list[array.array], scale: float = 1.0,
             pause_factor: float = 1.0) -> tuple[Path, list[tuple[float, float]]]:
    """The sentences with pauses between them; and where each pause lies (seconds)."""
    track, pauses = array.array("h"), []
    for spoken, pause in zip(sentences, PAUSES, strict=True):
        track.extend(spoken if scale == 1.0 else
                     array.array("h", (round(s * scale) for s in spoken)))
        start = len(track) / RATE
        track.extend(array.array("h", bytes(2 * int(pause * pause_factor * RATE))))
        pauses.append((start, len(track) / RATE))
    return _write_wav(path, track), pauses


@pytest.fixture(scope="module")
def loud(sentences, tmp_path_factory) -> Path:
    return _session(tmp_path_factory.mktemp("loud") / "session.wav", sentences)[0]


@pytest.fixture(scope="module")
def quiet(sentences, tmp_path_factory) -> Path:
    return _session(tmp_path_factory.mktemp("quiet") / "session.wav", sentences, 0.05)[0]


# --- measuring, independently of the module -----------------------------------------------

def ebur128(path: Path, start: float | None = None, length: float | None = None
            ) -> tuple[float, float]:
    """Integrated loudness and true peak from ffmpeg's own printed summary."""
    window = []
    if start is not None:
        window += ["-ss", f"{start:.3f}"]
    if length is not None:
        window += ["-t", f"{length:.3f}"]
    proc = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-nostats", *window,
                           "-i", str(path), "-af", "ebur128=peak=true:framelog=verbose",
                           "-f", "null", "-"], capture_output=True, text=True, check=True,
                          timeout=120)
    summary = proc.stderr[proc.stderr.rindex("Summary:"):]
    loudness = float(re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary).group(1))
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary).group(1)
    return loudness, float(peak)


def decoded_seconds(path: Path) -> float:
    """The length of the audio a decoder gives back (MP3: encoder delay and padding
    removed, as the LAME tag tells players to)."""
    pcm = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-f", "s16le",
                          "-ac", "1", "-ar", str(RATE), "-"], capture_output=True, check=True,
                         timeout=120).stdout
    return len(pcm) / 2 / RATE


def probe(path: Path) -> dict:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-show_format",
                          "-show_streams", "-of", "json", str(path)], capture_output=True,
                         text=True, check=True, timeout=60).stdout
    return json.loads(out)


def title_of(info: dict) -> str | None:
    tags = {**info["streams"][0].get("tags", {}), **info["format"].get("tags", {})}
    return next((v for k, v in tags.items() if k.lower() == "title"), None)


def seconds_of(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


# --- the masters --------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("level", ["loud", "quiet"])
def test_master_lands_on_the_target_with_chapters_and_title(fmt, level, request, tmp_path):
    source = request.getfixturevalue(level)
    out = tmp_path / f"session.{fmt}"
    done = master(source, out, fmt, CHAPTERS, title="Session 7: her")

    assert isinstance(done, Mastered) and done.path == out and done.format == fmt
    loudness, peak = ebur128(out)
    assert abs(loudness - TARGET) <= LU_TOLERANCE, f"{fmt}: {loudness} LUFS"
    assert peak <= CEILING + PEAK_TOLERANCE, f"{fmt}: {peak} dBTP"
    assert abs(done.integrated_lufs - loudness) <= 0.1
    assert abs(done.true_peak_db - peak) <= 0.1
    # espeak peaks ~21 dB over its loudness: -16 LUFS under -1 dBTP needs the limiter
    assert not done.linear and done.peak_reduction_db > 3
    assert done.warnings == ()

    source_seconds = seconds_of(source)
    assert abs(decoded_seconds(out) - source_seconds) <= 0.005
    assert abs(done.duration - source_seconds) <= 0.005
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary left

    info = probe(out)
    stream = info["streams"][0]
    assert int(stream["sample_rate"]) == RATE and stream["channels"] == 1
    assert title_of(info) == "Session 7: her"
    chapters = info["chapters"]
    assert [c["tags"]["title"] for c in chapters] == [c.title for c in CHAPTERS]
    assert [float(c["start_time"]) for c in chapters] == pytest.approx(
        [c.start for c in CHAPTERS], abs=0.001)
    assert float(chapters[-1]["end_time"]) == pytest.approx(source_seconds, abs=0.01)
    assert done.chapters == len(CHAPTERS)


def test_long_pauses_do_not_change_the_gain(sentences, tmp_path):
    """BS.1770 gating: silence (absolute gate) and quiet stretches (relative gate) are left
    out of the integrated loudness, so a session with four times the pauses gets the same
    gain, and its speech the same loudness."""
    short, _ = _session(tmp_path / "short.wav", sentences)
    long, pauses = _session(tmp_path / "long.wav", sentences, pause_factor=4.0)
    assert measure_loudness(long)[0] == pytest.approx(measure_loudness(short)[0], abs=0.2)

    a = master(short, tmp_path / "short-master.wav", "wav")
    b = master(long, tmp_path / "long-master.wav", "wav")
    assert b.gain_db == pytest.approx(a.gain_db, abs=0.3)
    assert abs(ebur128(b.path)[0] - TARGET) <= LU_TOLERANCE
    samples, _ = _read_wav(b.path)
    start, end = pauses[LONG_PAUSE]
    middle = samples[int((start + 1) * RATE):int((end - 1) * RATE)]
    assert max(map(abs, middle)) == 0, "a gain, not a noise-raising leveller: pauses stay silent"


def _bed(path: Path, seconds: float = 4.0) -> Path:
    """Stereo 44.1 kHz rumbling noise: another rate and layout than the session, and
    shorter than it, so it has to be converted and looped."""
    rng = random.Random(7)
    rate, level, frames = 44100, 0.0, array.array("h")
    for _ in range(int(seconds * rate)):
        level = 0.995 * level + 0.05 * rng.uniform(-1, 1)  # low-passed: brown-ish noise
        sample = round(max(-1.0, min(1.0, level)) * 12000)
        frames.extend((sample, sample))
    return _write_wav(path, frames, rate=rate, channels=2)


def test_a_bed_fills_the_pauses_well_below_the_speech(sentences, tmp_path):
    source, pauses = _session(tmp_path / "session.wav", sentences)
    bed = _bed(tmp_path / "bed.wav")
    done = master(source, tmp_path / "bed-master.wav", "wav", CHAPTERS,
                  MasterSettings(bed=bed, bed_gain_db=-22.0))

    loudness, peak = ebur128(done.path)
    assert abs(loudness - TARGET) <= LU_TOLERANCE
    assert peak <= CEILING + PEAK_TOLERANCE
    assert done.duration == pytest.approx(seconds_of(source), abs=0.005)
    start, end = pauses[LONG_PAUSE]
    under, _ = ebur128(done.path, start + 0.5, end - start - 1.0)
    # about 22 LU under the speech; never silent, never near it
    assert TARGET - 22 - 4 <= under <= TARGET - 22 + 4, under
    samples, _ = _read_wav(done.path)
    assert max(map(abs, samples[int((start + 1) * RATE):int((end - 1) * RATE)])) > 30
    assert max(map(abs, samples[:20])) < 100, "the programme fades in"

    without = master(source, tmp_path / "plain.wav", "wav")
    quiet_part, _ = ebur128(without.path, start + 0.5, end - start - 1.0)
    assert quiet_part <= -69.9


def _tone(path: Path, seconds: float = 6.0, dbfs: float = -20.0) -> Path:
    amplitude = 32767 * 10 ** (dbfs / 20)
    samples = array.array("h", (round(amplitude * math.sin(2 * math.pi * 997 * n / RATE))
                                for n in range(int(seconds * RATE))))
    return _write_wav(path, samples)


def test_measure_loudness_reads_a_calibrated_tone(tmp_path):
    """A 997 Hz sine at -20 dBFS in one channel is -23.0 LUFS per BS.1770, peaking at
    -20 dBTP."""
    loudness, peak = measure_loudness(_tone(tmp_path / "tone.wav"))
    assert loudness == pytest.approx(-23.0, abs=0.2)
    assert peak == pytest.approx(-20.0, abs=0.2)


def test_a_gain_alone_where_the_peaks_allow_and_fades_at_both_ends(tmp_path):
    tone = _tone(tmp_path / "tone.wav")
    done = master(tone, tmp_path / "tone-master.wav", "wav",
                  settings=MasterSettings(fade_in=0.5, fade_out=1.5))
    # -23 LUFS to -16, plus what the fades take off the measured loudness
    assert done.linear and 7.0 < done.gain_db < 8.0
    assert done.integrated_lufs == pytest.approx(TARGET, abs=0.1)
    samples, rate = _read_wav(done.path)
    assert len(samples) == 6 * RATE and rate == RATE

    def level(at: float) -> int:
        return max(map(abs, samples[int(at * rate):int(at * rate) + 200]))

    full = level(3.0)
    assert level(0.0) < 0.05 * full
    assert 0.4 * full < level(0.25) < 0.6 * full
    assert 0.4 * full < level(6.0 - 0.75) < 0.6 * full
    assert level(6.0 - 0.01) < 0.05 * full


def test_with_the_limiter_off_the_master_says_it_is_short(loud, tmp_path, caplog):
    done = master(loud, tmp_path / "linear.flac", "flac",
                  settings=MasterSettings(limiter=False))
    loudness, peak = ebur128(done.path)
    assert peak <= CEILING + PEAK_TOLERANCE
    assert loudness < TARGET - 3, "espeak cannot reach -16 LUFS with a gain alone"
    assert done.linear
    assert any("limiter off" in w for w in done.warnings)
    assert any("limiter off" in r.getMessage() for r in caplog.records)


def test_mastering_over_the_session_itself_and_into_a_new_folder(sentences, tmp_path):
    source, _ = _session(tmp_path / "session.wav", sentences, 0.3)
    master(source, source, "wav")  # in place: read fully before the rename
    assert abs(ebur128(source)[0] - TARGET) <= LU_TOLERANCE
    out = tmp_path / "new" / "folder" / "session.ogg"
    master(source, out, "ogg")
    assert stat.S_IMODE(out.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_silence_is_left_alone_and_says_so(tmp_path):
    silence = _write_wav(tmp_path / "silence.wav", array.array("h", bytes(2 * 3 * RATE)))
    done = master(silence, tmp_path / "silence.mp3", "mp3", [Chapter("All", 0.0),
                                                            Chapter("After", 9.0)])
    assert done.gain_db == 0.0 and done.integrated_lufs <= -69.9
    assert done.duration == pytest.approx(3.0, abs=0.005)
    assert any("silent" in w for w in done.warnings)
    assert any("after the session's end" in w for w in done.warnings)
    assert done.chapters == 1 and len(probe(done.path)["chapters"]) == 1


# --- errors -------------------------------------------------------------------------------

def _one_line(exc: pytest.ExceptionInfo) -> str:
    message = str(exc.value)
    assert "\n" not in message and message
    return message


def test_an_unknown_format_is_one_line(loud, tmp_path):
    with pytest.raises(VoicepieceError) as exc:
        master(loud, tmp_path / "x.aiff", "aiff")
    assert "aiff" in _one_line(exc) and "wav, flac, mp3, ogg" in str(exc.value)


def test_a_missing_source_is_one_line(tmp_path):
    with pytest.raises(VoicepieceError) as exc:
        master(tmp_path / "nowhere.wav", tmp_path / "out.wav", "wav")
    assert "nowhere.wav" in _one_line(exc)
    assert not (tmp_path / "out.wav").exists()


def test_a_file_that_is_not_audio_is_one_line(tmp_path):
    bad = tmp_path / "session.wav"
    bad.write_text("this is not a recording\n" * 50)
    with pytest.raises(VoicepieceError) as exc:
        master(bad, tmp_path / "out.mp3", "mp3")
    assert "session.wav" in _one_line(exc)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["session.wav"]


def test_a_missing_bed_and_disordered_chapters_are_one_line(loud, tmp_path):
    with pytest.raises(VoicepieceError) as exc:
        master(loud, tmp_path / "out.wav", "wav", settings=MasterSettings(bed=tmp_path / "no"))
    assert "no such audio file" in _one_line(exc)
    with pytest.raises(VoicepieceError) as exc:
        master(loud, tmp_path / "out.wav", "wav", [Chapter("b", 5.0), Chapter("a", 1.0)])
    assert "in order" in _one_line(exc)
    assert list(tmp_path.iterdir()) == []


def test_missing_ffmpeg_says_how_to_install_it(loud, tmp_path, monkeypatch):
    monkeypatch.setattr(ffmpeg.shutil, "which", lambda name: None)
    with pytest.raises(EngineMissing) as exc:
        master(loud, tmp_path / "out.wav", "wav")
    assert "apt-get install ffmpeg" in _one_line(exc)


def test_ffmpeg_runs_quietly_with_a_timeout(loud, tmp_path, monkeypatch):
    real_run, calls = subprocess.run, []

    def spy(cmd, **kwargs):
        calls.append((cmd, kwargs))
        return real_run(cmd, **kwargs)

    monkeypatch.setattr(ffmpeg.subprocess, "run", spy)
    master(loud, tmp_path / "out.ogg", "ogg")
    ffmpeg_calls = [(cmd, kw) for cmd, kw in calls if Path(cmd[0]).name == "ffmpeg"]
    assert ffmpeg_calls
    for cmd, kwargs in ffmpeg_calls:
        assert cmd[1:5] == ["-nostdin", "-hide_banner", "-loglevel", "error"]
        assert kwargs["timeout"] > 0
    assert all("timeout" in kw for _, kw in calls)


def test_a_run_that_takes_too_long_is_one_line(loud, tmp_path, monkeypatch):
    monkeypatch.setattr(ffmpeg, "time_limit", lambda seconds: 0.001)
    with pytest.raises(VoicepieceError) as exc:
        master(loud, tmp_path / "out.wav", "wav")
    assert "took longer than" in _one_line(exc)
    assert list(tmp_path.iterdir()) == []

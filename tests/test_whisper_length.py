"""Whisper's words are not cut short by its token cap: a long answer said briskly is
written whole (issue 13, thirteenth pass — the cap of 8 + 4 tokens a second of audio cut a
third of listening v5's fit-half answers short, "…so I would call" for "…so I would call
it one"). Real audio and the real model."""

from __future__ import annotations

import pytest

from voicepiece.listening.listener_voices import pad, speak
from voicepiece.listening.whisper_model import packaged_model
from voicepiece.story.wording import normalize


@pytest.mark.parametrize(("text", "voice"), [
    ("they share their days with each other, so I would call it one", "flite:slt"),
    ("for me this is not intimacy, it is more like a service", "flite:kal16"),
])
def test_a_brisk_long_answer_is_written_whole(text: str, voice: str) -> None:
    words = packaged_model().transcribe(pad(speak(text, voice), 0.3, 0.5, 1))
    assert normalize(words.text or "").split()[-2:] == normalize(text).split()[-2:], words.text

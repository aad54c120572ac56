"""Whisper's words run to the end of the speech: the cap on a decode's tokens (8 + 4 a
second of audio, against loops) is the cap the words get. CTranslate2's Whisper writes at
most half of ``max_length``; asked for the cap itself, a sentence of three seconds lost
its last word or two ("…a proper partner to" for "…to him"), and the turn's reading took
the answer for a clause left open (docs/listening-measurements.md, thirteenth pass)."""

from __future__ import annotations

import pytest

from voicepiece.listening import whisper_model
from voicepiece.listening.listener_voices import pad, speak
from voicepiece.story.wording import normalize

SENTENCES = ("I think she would make a very good partner for him",
             "my brother and I walked all the way to the station")


@pytest.mark.parametrize("sentence", SENTENCES)
def test_a_sentence_is_written_to_its_last_word(sentence: str) -> None:
    clip = pad(speak(sentence, "espeak-ng:en-us"), 0.4, 0.3, 1)
    words = whisper_model.packaged_model().transcribe(clip)
    written = normalize(words.text or "").split()
    assert written and written[-1] == normalize(sentence).split()[-1], words.text
    assert words.text.rstrip()[-1] in ".!?", words.text

"""The listener of a render: given replies heard by the real ear, so a render exercises
the whole listening path (voice activity, endpointing, recognition, rejection).

A reply that is an audio file is what the listener said; other words are spoken by a
listener voice distinct from the narrator's; ``silence`` is a quiet room. Each begins
``RESPONSE_DELAY`` after the ear opens, as a person answers. Confirmations are answered by
silence (consent): a reply script cannot know where the ear will be unsure, and a render
should follow the script's answers.
"""

from __future__ import annotations

from voicepiece.audio.levels import is_audio_file
from voicepiece.listening.base import Recognizer, Source
from voicepiece.listening.ear import ListeningEar
from voicepiece.listening.listener_voices import LISTENER_VOICES, ListenerVoice, pad, speak
from voicepiece.listening.sources import PcmSource, load_pcm
from voicepiece.session.events import Heard, Question
from voicepiece.story.model import SILENCE

RESPONSE_DELAY = 0.6
"""Seconds from the ear opening to the listener's first sound."""


class RenderedListener:
    def __init__(self, replies: list[str], recognizer: Recognizer,
                 voice: ListenerVoice = LISTENER_VOICES[0]) -> None:
        self.replies = list(replies)
        self.voice = voice
        self._source: Source = PcmSource(b"")
        self.ear = ListeningEar(lambda: self._source, recognizer)

    @property
    def left_over(self) -> list[str]:
        return list(self.replies)

    def listen(self, question: Question) -> Heard:
        reply = None if question.kind != "answer" or not self.replies else self.replies.pop(0)
        self._source = PcmSource(self.audio(reply))
        return self.ear.listen(question)

    def audio(self, reply: str | None) -> bytes:
        """What the listener's reply sounds like, as 16 kHz mono PCM."""
        if reply is None or reply.strip().lower() in (SILENCE, ""):
            return b""
        spoken = load_pcm(reply) if is_audio_file(reply) else speak(reply, self.voice)
        return pad(spoken, RESPONSE_DELAY, 0.0)

"""The seam between the session and the engines that turn text into audio."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pydub import AudioSegment


@dataclass(frozen=True)
class VoiceSettings:
    """What a line should sound like; part of the render-cache key, so keep it hashable."""

    engine: str = "espeak"  # which synthesizer: espeak, festival, piper
    name: str = "en-us"  # the engine's voice: an espeak voice, a Festival voice, a Piper model
    rate: int = 160  # words per minute
    pitch: int = 50  # 0..99, espeak's scale
    volume: float = 1.0


class Synthesizer(Protocol):
    """Turns text into audio, completely and with exactly the settings asked for."""

    engine: str

    def synthesize(self, text: str, settings: VoiceSettings) -> AudioSegment: ...

"""The seam between the session and the engines that turn text into audio."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from voicepiece.errors import VoicepieceError
from voicepiece.story.model import VoiceSettings

if TYPE_CHECKING:
    from pydub import AudioSegment


class Synthesizer(Protocol):
    """Turns text into audio, completely and with exactly the settings asked for."""

    engine: str

    def synthesize(self, text: str, settings: VoiceSettings) -> AudioSegment: ...


def check_settings(engine: str, settings: VoiceSettings, rate: tuple[int, int],
                   volume: tuple[float, float], pitch: tuple[int, int] | None = None) -> None:
    """Engines clamp or ignore out-of-range values silently; refuse them in one line
    instead, before starting any work."""
    limits: list[tuple[str, object, tuple[float, float], bool]] = [
        ("rate (words per minute)", settings.rate, rate, True),
        ("volume", settings.volume, volume, False)]
    if pitch is not None:
        limits.append(("pitch", settings.pitch, pitch, True))
    for label, value, (low, high), whole in limits:
        kinds = (int,) if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
            kind = "a whole number" if whole else "a number"
            raise VoicepieceError(f"{engine} voice {label} is out of range: use {kind} "
                                  f"{low:g}-{high:g}, not {value!r}")

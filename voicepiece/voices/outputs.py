"""The session's voices: silent (text mode), rendered (offline: audio on a timeline, no
device) and spoken (rendered, then played to the speaker)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from voicepiece.events import Spoken
from voicepiece.piece.model import Line

if TYPE_CHECKING:
    from voicepiece.audio.playback import Player
    from voicepiece.voices.narrator import Narrator


class MuteVoice:
    """Text mode: lines have no sound, so the session has no audio timeline."""

    def render(self, text: str, line: Line) -> Spoken:
        return Spoken(text, None)

    def play(self, spoken: Spoken) -> None:
        pass

    def cue(self) -> Spoken | None:
        return None

    def pause(self, seconds: float) -> float | None:
        return None


class RenderedVoice:
    """Audio without a device: what ``render`` writes to files."""

    def __init__(self, narrator: Narrator, cue: bool = True) -> None:
        self.narrator = narrator
        self._cue: Spoken | None = None
        if cue:
            from voicepiece.audio.cue import listening_cue

            sound = listening_cue()
            self._cue = Spoken("", len(sound) / 1000, sound)

    def render(self, text: str, line: Line) -> Spoken:
        audio = self.narrator.audio(line, text)
        return Spoken(text, len(audio) / 1000, audio)

    def play(self, spoken: Spoken) -> None:
        pass

    def cue(self) -> Spoken | None:
        return self._cue

    def pause(self, seconds: float) -> float | None:
        return seconds


class SpeakerVoice(RenderedVoice):
    """Rendered, then played through the system's audio server."""

    def __init__(self, narrator: Narrator, player: Player, cue: bool = True) -> None:
        super().__init__(narrator, cue)
        self.player = player

    def play(self, spoken: Spoken) -> None:
        if spoken.audio is not None:
            self.player.play(spoken.audio)

    def pause(self, seconds: float) -> float | None:
        time.sleep(seconds)
        return seconds

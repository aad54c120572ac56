"""The session's voices: silent (text mode), rendered (offline: audio on a timeline, no
device) and spoken (rendered, then played to the speaker)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from voicepiece.session.events import Spoken
from voicepiece.story.model import Line

if TYPE_CHECKING:
    from voicepiece.audio.playback import Player
    from voicepiece.voices.narrator import Narrator


FINISHED_WITHIN = 0.02
"""A play that lasted this close to its sound's length was heard whole, even if a stop
arrived meanwhile: the stop found no sound left to cut."""


class MuteVoice:
    """Text mode: lines have no sound, so the session has no audio timeline."""

    def render(self, text: str, line: Line) -> Spoken:
        return Spoken(text, None)

    def play(self, spoken: Spoken) -> float | None:
        return None

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

    def anticipate(self, texts: Iterable[tuple[Line, str]]) -> None:
        """Begin saying these lines' listener's words ahead (:meth:`Narrator.anticipate`)."""
        self.narrator.anticipate(texts)

    def forget(self, within: float | None = None) -> bool:
        """The listener has gone: nothing of their words kept or still synthesized
        (:meth:`Narrator.forget`)."""
        return self.narrator.forget(within)

    def describe(self) -> dict[str, Any]:
        """The voice that narrates, for the session's record."""
        from voicepiece.voices.chain import record

        return record(self.narrator.settings)

    def play(self, spoken: Spoken) -> float | None:
        return None

    def cue(self) -> Spoken | None:
        return self._cue

    def pause(self, seconds: float) -> float | None:
        return seconds


class SpeakerVoice(RenderedVoice):
    """Rendered, then played through the system's audio server.

    It can be interrupted from another thread (barge-in): :meth:`stop` silences the sound
    or the pause under way, and everything after it, until :meth:`resume`.
    """

    def __init__(self, narrator: Narrator, player: Player, cue: bool = True) -> None:
        super().__init__(narrator, cue)
        self.player = player
        self._stopped = threading.Event()
        self._stopped_at = 0.0

    def play(self, spoken: Spoken) -> float | None:
        if spoken.audio is None:
            return None
        if self._stopped.is_set():
            return 0.0
        began = time.perf_counter()
        self.player.play(spoken.audio)
        if not self._stopped.is_set():
            return None
        first_sound = self.player.last_started_at or began
        length = spoken.duration if spoken.duration is not None else len(spoken.audio) / 1000
        if time.perf_counter() - first_sound >= length - FINISHED_WITHIN:
            return None  # the stop came too late (or too early) to cut this sound
        return min(length, max(0.0, self._stopped_at - first_sound))

    def backchannel(self, line: Line, text: str) -> Spoken | None:
        """Live only: the piece's backchannel to say while ``text`` — a line with the
        listener's words — is still being synthesized (:meth:`Narrator.backchannel`). A
        render has nobody waiting, so it never says one."""
        audio = self.narrator.backchannel(line, text)
        if audio is None:
            return None
        said = self.narrator.piece.backchannel
        assert said is not None
        return Spoken(said.text, len(audio) / 1000, audio)

    @property
    def sounded_at(self) -> float | None:
        """``time.perf_counter()`` when the last play sent its first sample to the audio
        server (None if it sent none): when the listener began to hear it."""
        return self.player.last_started_at

    def pause(self, seconds: float) -> float | None:
        began = time.perf_counter()
        if self._stopped.wait(seconds):
            return min(seconds, max(0.0, self._stopped_at - began))
        return seconds

    def stop(self) -> None:
        self._stopped_at = time.perf_counter()
        self._stopped.set()
        self.player.stop()

    def resume(self) -> None:
        self._stopped.clear()

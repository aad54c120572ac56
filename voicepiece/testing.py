"""Fakes of the session's seams, shipped for tests and for users' own reproductions.

    from voicepiece.testing import ScriptedEar, KeptVoice, EventLog
    outcome = Session(load_piece("her"), KeptVoice(), ScriptedEar(["yes", None])).run()

They stand in for the audio edges only; the story, matching and loop under test are real.
"""

from __future__ import annotations

from voicepiece.session.events import Event, Spoken
from voicepiece.session.textmode import ReplyQueue
from voicepiece.story.model import Line
from voicepiece.voices.outputs import MuteVoice


class ScriptedEar(ReplyQueue):
    """Hears the given replies in order (None or "" is silence; a ``Heard`` is returned as
    it is, to reproduce what a recognizer concluded); once they run out, hears silence, as
    a listener who has walked away would give. The session's own reply queue, under the
    name tests know."""


class KeptVoice(MuteVoice):
    """Says nothing aloud and keeps every line it was asked to say."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self.ids: list[str] = []

    def render(self, text: str, line: Line) -> Spoken:
        self.said.append(text)
        self.ids.append(line.id)
        return super().render(text, line)


class EventLog:
    """An observer that keeps every event, for assertions on what a session told the world."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def on_event(self, event: Event) -> None:
        self.events.append(event)

    def of(self, kind: type) -> list:
        return [e for e in self.events if isinstance(e, kind)]

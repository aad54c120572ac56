"""Speech out: synthesizers (each adapter in its own module, imported lazily), the render
cache, voice-over, the narrator that picks among them per line, and the voices a session
speaks through (rendered to a file, or played on a speaker).

It may import the story core, the session's events and seams, :mod:`voicepiece.audio`
and the helpers at the top (errors, files); never listening (its peer), the archive, the
gallery or a command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voicepiece.story.model import Piece, VoiceSettings
    from voicepiece.voices.narrator import Narrator


def narrator_for(piece: Piece, settings: VoiceSettings | None = None) -> Narrator:
    """The piece's lines as audio: its voice-over where recorded, else its voice, cached."""
    from voicepiece.voices import registry
    from voicepiece.voices.cache import RenderCache
    from voicepiece.voices.narrator import Narrator
    from voicepiece.voices.voiceover import VoiceOver

    settings = settings or piece.voice
    registry.synthesizer(settings)  # fail now, in one line, if the engine is missing
    return Narrator(piece, RenderCache(registry.synthesizer), VoiceOver(piece), settings)

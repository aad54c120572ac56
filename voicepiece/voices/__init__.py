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
    """The piece's lines as audio: its voice-over where recorded, else its voice, cached.

    A piece that names no voice, or asks for Kokoro, gets the first voice of the default
    chain that can speak here (:mod:`voicepiece.voices.chain`), chosen now: the narrator's
    settings are that voice's. Any other engine fails now, in one line, if it is missing."""
    from voicepiece.voices import chain, registry
    from voicepiece.voices.cache import RenderCache
    from voicepiece.voices.narrator import Narrator
    from voicepiece.voices.voiceover import VoiceOver

    settings = chain.speaking(settings or piece.voice)
    return Narrator(piece, RenderCache(registry.synthesizer), VoiceOver(piece), settings)

"""The narrator's voice, live or rendered: the piece's narrator (with its lines rendered
ahead for a live session) behind a speaker, or writing audio for a session's files."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voicepiece.story.model import Piece
    from voicepiece.voices.base import VoiceSettings
    from voicepiece.voices.narrator import Narrator
    from voicepiece.voices.outputs import RenderedVoice, SpeakerVoice


def live_narrator(piece: Piece, settings: VoiceSettings | None = None) -> Narrator:
    """The piece's narrator, rendering its lines in the background from now on so that a
    live session never waits for a line that could have been prepared."""
    return preparing_narrator(piece, settings)[0]


def preparing_narrator(piece: Piece, settings: VoiceSettings | None = None
                       ) -> tuple[Narrator, threading.Thread]:
    """:func:`live_narrator`, with the thread preparing its lines: a measurement (the soak,
    ``scripts/bench memory``) waits for it, so that its figures are a prepared station's."""
    from voicepiece.voices import narrator_for
    from voicepiece.voices.prefetch import prefetch

    narrator = narrator_for(piece, settings)
    return narrator, prefetch(narrator)


def speaker_voice(narrator: Narrator, device: str | None = None) -> SpeakerVoice:
    """``narrator`` through the speaker ``device`` (None: the default output). The output
    is found on first use: a station builds a fresh one after a lost device came back."""
    from voicepiece.audio.playback import Player
    from voicepiece.voices.outputs import SpeakerVoice

    return SpeakerVoice(narrator, Player(device=device))


def checked_speaker_voice(piece: Piece, settings: VoiceSettings | None = None,
                          device: str | None = None) -> SpeakerVoice:
    """The piece's narrator through the speaker, for a session about to start: the output
    is found first — one clear line if there is none — before any line is rendered."""
    from voicepiece.audio.playback import Player
    from voicepiece.voices.outputs import SpeakerVoice

    player = Player(device=device)
    player.output  # noqa: B018 - find the audio output now: one clear line if there is none
    return SpeakerVoice(live_narrator(piece, settings), player)


def rendered_voice(piece: Piece, settings: VoiceSettings | None = None) -> RenderedVoice:
    """The piece's narrator writing audio, for a session rendered to files: no device."""
    from voicepiece.voices import narrator_for
    from voicepiece.voices.outputs import RenderedVoice

    return RenderedVoice(narrator_for(piece, settings))

"""What keeps a session folder: the observers that write it, in the order that matters.

``session.json`` is written last on every event, so it only says ``completed`` once the
audio, captions and transcript are on disk: a crash in between leaves a folder that
says it is incomplete.
"""

from __future__ import annotations

from pathlib import Path

from voicepiece.captions import Captions, Transcript
from voicepiece.events import Observer
from voicepiece.mixdown import Mixdown
from voicepiece.transcript import SessionJson


def session_folder(folder: Path, audio: bool = True) -> list[Observer]:
    """Observers writing ``folder``: with ``audio``, session.wav and captions too."""
    observers: list[Observer] = []
    if audio:
        observers += [Mixdown(folder), Captions(folder)]
    observers += [Transcript(folder), SessionJson(folder)]
    return observers

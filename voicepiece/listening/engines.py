"""Which recognizer hears the listener: the one place a name becomes a recognizer.

``combined`` (the default) is pocketsphinx's grammar checked by Whisper tiny.en's open
transcript (:mod:`~voicepiece.listening.combined`); both models ship in the default install,
and without Whisper's package it is the grammar alone, with one warning. ``sphinx`` is the
grammar alone; ``whisper`` Whisper alone (the packaged model, or one the user supplies:
:mod:`~voicepiece.listening.whisper_recognizer`). The others are optional adapters with a
model the user supplies (:mod:`~voicepiece.listening.vosk_recognizer`) or, only when
chosen by name, Google's web recognizer (:mod:`~voicepiece.listening.online_recognizer`).
Each engine's library is imported only when it is chosen, so a missing one is one line
naming what to install.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from voicepiece.errors import VoicepieceError
from voicepiece.listening.base import Recognizer

if TYPE_CHECKING:
    from voicepiece.story.phrases import Choice

__all__ = ["DEFAULT_RECOGNIZER", "MODEL_RECOGNIZERS", "NEEDS_MODEL", "RECOGNIZERS",
           "LoadedRecognizer", "recognizer_for"]

RECOGNIZERS: dict[str, str] = {
    "combined": "pocketsphinx's grammar checked by Whisper tiny.en's open transcript "
                "(default; offline, models included)",
    "sphinx": "pocketsphinx with the answers as a grammar, verified, alone (offline, "
              "model included; the fastest)",
    "vosk": "Vosk with the answers as a grammar (offline; needs a model folder)",
    "whisper": "Whisper alone, free transcription matched to the answers (offline; the "
               "packaged tiny.en, or a model you give; slower)",
    "online": "Google's web recognizer: the listener's voice is sent to Google",
}
DEFAULT_RECOGNIZER = "combined"
MODEL_RECOGNIZERS = ("vosk", "whisper")
"""The recognizers that take ``model``; the others refuse one."""
NEEDS_MODEL = ("vosk",)
"""The recognizers that cannot work without one."""


class LoadedRecognizer(Recognizer, Protocol):
    """A :class:`~voicepiece.listening.base.Recognizer` that can load ahead of the first
    turn (every recognizer :func:`recognizer_for` returns is one)."""

    def warm_up(self, choices: Sequence[Choice] | None = None) -> None: ...


def recognizer_for(name: str | None = None, model: str | None = None) -> LoadedRecognizer:
    """The recognizer called ``name`` (None: the default), its model loaded now, so that a
    missing library or model fails before a session starts, in one line."""
    name = (name or DEFAULT_RECOGNIZER).strip().lower()
    if name not in RECOGNIZERS:
        close = difflib.get_close_matches(name, list(RECOGNIZERS), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise VoicepieceError(f"no recognizer {name!r}{hint}: choose one of "
                              + ", ".join(RECOGNIZERS))
    if model and name not in MODEL_RECOGNIZERS:
        raise VoicepieceError(f"the {name} recognizer takes no model: a model is for "
                              + " and ".join(MODEL_RECOGNIZERS))
    if name == "vosk":
        from voicepiece.listening.vosk_recognizer import VoskRecognizer

        return VoskRecognizer(model)
    if name == "whisper":
        from voicepiece.listening.whisper_recognizer import WhisperRecognizer

        return WhisperRecognizer(model)
    if name == "online":
        from voicepiece.listening.online_recognizer import OnlineRecognizer

        return OnlineRecognizer()
    if name == "combined":
        from voicepiece.listening.combined import CombinedRecognizer

        return CombinedRecognizer()
    from voicepiece.listening.recognizer import SphinxRecognizer

    return SphinxRecognizer()

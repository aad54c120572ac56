"""The default chain: which voice actually narrates a piece that names no voice, or asks for
Kokoro, and what the record says about it.

Kokoro (``af_heart``) is the narrator the piece was written for, but it needs four model
packages, a checked model file and its voice file. When any of them is missing or
damaged, the next voice in the chain speaks — Festival's HTS voice, else espeak-ng — after
one warning line naming what to install: a session never fails, and never goes silent,
for want of the better voice. Pieces that name another engine get exactly that engine.

A piece with no ``voice:`` engine (:data:`DEFAULT_ENGINE`) gets the chain with
``af_heart``; a ``name`` alone is a Kokoro voice (then the chain with that voice) or, as
before there was a chain, an espeak-ng voice.

``$VOICEPIECE_VOICE_CHAIN`` replaces the chain (comma-separated ``engine[:voice]``; a
``kokoro`` entry without a voice takes the piece's): a slow machine can skip Kokoro, and
the test suite narrates with espeak-ng. The voice is resolved once, before the first
line, so the render cache is keyed by the voice that really speaks.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import subprocess
from dataclasses import replace
from importlib import metadata
from typing import Any

from voicepiece.errors import VoicepieceError
from voicepiece.story.model import DEFAULT_ENGINE, VoiceSettings
from voicepiece.voices import registry
from voicepiece.voices.kokoro_model import VOICE_SHA256 as KOKORO_VOICES

log = logging.getLogger(__name__)

CHAIN_ENV = "VOICEPIECE_VOICE_CHAIN"
DEFAULT_CHAIN = ("kokoro", "festival:cmu_us_slt_arctic_hts", "espeak:en-us+f3")
"""Kokoro with the piece's voice (af_heart), then two female voices that need no model."""
CHAINED = "kokoro"
"""The engine whose pieces go through the chain: the only one that can be half-installed."""
NAMED_ALONE = "espeak"
"""The engine of a voice ``name`` given without an engine that is no Kokoro voice: what
such a name meant before the default was the chain."""


def asked(settings: VoiceSettings) -> VoiceSettings:
    """``settings`` with the engine a piece that names none asks for: Kokoro (through the
    chain) with the voice it names or ``af_heart``; a name that is no Kokoro voice is an
    espeak-ng voice, as it always was. Settings that name an engine are returned as
    they are."""
    if settings.engine != DEFAULT_ENGINE:
        return settings
    if not settings.name or settings.name in KOKORO_VOICES:
        return replace(settings, engine=CHAINED,
                       name=settings.name or registry.DEFAULT_VOICES[CHAINED])
    return replace(settings, engine=NAMED_ALONE)


def chain_for(settings: VoiceSettings) -> list[VoiceSettings]:
    """The voices to try, best first, for a piece that asks for ``settings``."""
    settings = asked(settings)
    if settings.engine != CHAINED:
        return [settings]
    entries = [entry.strip() for entry in os.environ.get(CHAIN_ENV, "").split(",")
               if entry.strip()] or list(DEFAULT_CHAIN)
    voices = []
    for entry in entries:
        engine, _, name = entry.partition(":")
        registry.check_engine(engine)
        if engine == CHAINED and not name:
            name = settings.name
        voices.append(replace(settings, engine=engine,
                              name=name or registry.DEFAULT_VOICES[engine]))
    return voices


def describe_choice(settings: VoiceSettings) -> str:
    """What narrates a piece with ``settings``, in words, without loading anything: the
    voice it names, or the chain to be tried."""
    voices = chain_for(settings)
    said = ", else ".join(_label(voice) for voice in voices)
    if asked(settings).engine != CHAINED:
        return said
    source = f"${CHAIN_ENV}" if os.environ.get(CHAIN_ENV, "").strip() else "the default chain"
    return f"{source}: {said} (the first that can speak here)"


def _ready(settings: VoiceSettings) -> None:
    """Raise the one-line reason ``settings`` cannot speak here; load a neural model now,
    so a failure shows before the first line rather than in the middle of a session."""
    synthesizer = registry.synthesizer(settings)
    check = getattr(synthesizer, "check_voice", None)
    if check is not None:
        check(settings.name)
    if settings.engine == "kokoro":
        from voicepiece.voices import kokoro

        kokoro.engine()


def speaking(settings: VoiceSettings) -> VoiceSettings:
    """The settings of the first voice in ``settings``' chain that can speak here. Each
    voice passed over is one warning line; if none can speak, the last one's reason is
    the error. Another engine than Kokoro is only checked to exist, as it always was."""
    settings = asked(settings)
    if settings.engine != CHAINED:
        registry.synthesizer(settings)  # fails now, in one line, if the engine is missing
        return settings
    voices = chain_for(settings)
    reasons: list[str] = []
    for i, voice in enumerate(voices):
        try:
            _ready(voice)
        except VoicepieceError as exc:
            if i == len(voices) - 1:
                raise
            reasons.append(f"{_label(voice)} cannot speak ({exc})")
            continue
        if reasons:
            log.warning("%s; narrating with %s instead", "; ".join(reasons), _label(voice))
        return voice
    raise VoicepieceError("no voice to narrate with")  # an empty chain cannot be configured


def _label(settings: VoiceSettings) -> str:
    return f"{settings.engine} voice {settings.name}"


@functools.lru_cache(maxsize=8)
def _program_version(program: str) -> str | None:
    path = shutil.which(program)
    if not path:
        return None
    try:
        done = subprocess.run([path, "--version"], capture_output=True, text=True,
                              errors="replace", timeout=20, check=False,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = (done.stdout or done.stderr).strip().splitlines()
    # espeak-ng ends with "  Data at: <folder>", Festival starts with its own path
    first = re.split(r"\s{2,}", lines[0].strip())[0] if lines else ""
    return re.sub(r"^\S*/\S*:\s*", "", first) or None


def _package_version(name: str) -> str | None:
    try:
        return f"{name} {metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return None


def model_version(settings: VoiceSettings) -> str | None:
    """The model and engine release that render ``settings``, as far as they can be told."""
    if settings.engine == "kokoro":
        from voicepiece.voices import kokoro

        return kokoro.model_version()
    if settings.engine == "espeak":
        return _program_version("espeak-ng")
    if settings.engine == "festival":
        return _program_version("festival")
    if settings.engine == "piper":
        return _package_version("piper-tts")
    return None


def record(settings: VoiceSettings) -> dict[str, Any]:
    """What ``session.json`` says about the narrator: engine, voice, model, rate."""
    return {"engine": settings.engine, "voice": settings.name,
            "model": model_version(settings), "rate": settings.rate}

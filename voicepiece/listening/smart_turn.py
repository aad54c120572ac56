"""Smart Turn v3.2: an audio model of whether a speaker has finished their turn.

Measured as a third opinion in the ear's "is the answer whole?" during a pause
(:mod:`voicepiece.listening.turns`; docs/listening-measurements.md, "Patient turn-taking") and not
adopted: on the tuning voices it halved the cut-offs the hesitation rule left (8% → 4%),
on held-out voices it called most complete answers unfinished, so a finished "yes" waited
1.3 s instead of 0.3 s. It stays loadable for ``scripts/bench turns`` and for trials on
real voices (``TurnJudge(smart_turn=SmartTurn())``).

The model (8.7 MB, BSD-2-Clause, by Daily) ships inside the ``pipecat-ai`` 1.14.0 wheel,
whose package pulls in aiohttp, pydantic, openai and more; so the file is taken out of the
wheel, never the package installed: ``scripts/setup --smart-turn`` downloads the pinned
wheel (``pip download --no-deps``), checks its sha256 and the model's, and keeps only the
model in the models folder (:func:`~voicepiece.files.models_home`: ``$VOICEPIECE_MODELS``,
else ``share/voicepiece/models`` in the virtual environment). Its input
features are vendored in :mod:`~voicepiece.listening.smart_turn_features`.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from voicepiece.audio.levels import LISTENING_RATE
from voicepiece.errors import EngineMissing
from voicepiece.files import models_home

__all__ = ["MODEL_NAME", "MODEL_SHA256", "SmartTurn", "load", "model_path"]

log = logging.getLogger(__name__)

MODEL_NAME = "smart-turn-v3.2-cpu.onnx"
MODEL_SHA256 = "2bb026316b14a660486a75b1733cd3fbab8c2fd0314dc9af7be49f8cca967e4f"
"""The model file as pipecat-ai 1.14.0 ships it."""
SETUP_HINT = "scripts/setup --smart-turn (fetches the model from the pipecat-ai 1.14.0 wheel)"
WINDOW = 8 * LISTENING_RATE
"""The model hears the last 8 s of a turn, zero-padded in front when shorter."""


def model_path() -> Path:
    """The model in the models folder (:func:`~voicepiece.files.models_home`), where
    ``scripts/setup`` puts it."""
    return models_home() / MODEL_NAME


class SmartTurn:
    """One loaded model; :meth:`probability` that a turn is over, from its audio so far."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or model_path()
        if not path.is_file():
            raise EngineMissing(f"no Smart Turn model at {path}: {SETUP_HINT}")
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != MODEL_SHA256:
            raise EngineMissing(f"the Smart Turn model at {path} is not the expected file "
                                f"(sha256 differs): {SETUP_HINT}")
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise EngineMissing("Smart Turn needs onnxruntime: pip install onnxruntime") from exc
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        try:
            self._session = ort.InferenceSession(data, sess_options=options,
                                                 providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own types for a bad file
            raise EngineMissing(f"the Smart Turn model at {path} cannot load ({exc}): "
                                f"{SETUP_HINT}") from exc

    def probability(self, audio: bytes) -> float:
        """How likely the turn in ``audio`` (16 kHz mono s16, its start to now) is over."""
        import numpy as np

        from voicepiece.listening.smart_turn_features import compute_whisper_log_mel_features

        x = np.frombuffer(audio[: len(audio) // 2 * 2], dtype="<i2").astype(np.float32)
        x = x[-WINDOW:] / 32768.0
        x = np.pad(x, (WINDOW - len(x), 0))
        features = compute_whisper_log_mel_features(x)[None]
        out = self._session.run(None, {"input_features": features})[0]
        return float(out.reshape(-1)[0])


def load(warn: bool = False) -> SmartTurn | None:
    """The model, or None when it is missing or broken (with one warning line if ``warn``)."""
    try:
        return SmartTurn()
    except EngineMissing as exc:
        if warn:
            log.warning("%s", exc)
        return None

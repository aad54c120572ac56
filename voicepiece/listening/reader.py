"""The learned reader at the edge: its weights, checked, and the sentence model's vector of
an answer turned into how likely it means yes, no, unsure or none of them
(:mod:`voicepiece.story.reading` says why and how a decision uses it).

The weights (reader.json, beside this module: a 384 × 4 matrix and a bias, rounded to
four decimals so a refit writes the same bytes) are made by ``scripts/fit-reader`` from
the tracked tuning files alone, and checked against :data:`WEIGHTS_SHA256` when loaded: a
file that is not the one fitted is refused, not silently used. The reader costs one
matrix product per turn: the answer's vector is the one the meaning layer computed
(:meth:`~voicepiece.listening.embedder.Embedder.vector` keeps the last few).

Without the sentence model, or with a missing or changed weights file, there is no
reader (one warning line) and the rules decide alone.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from importlib import resources
from typing import TYPE_CHECKING

from voicepiece.listening.base import ACCEPT, CONFIRM, Recognition
from voicepiece.story.phrases import Choice
from voicepiece.story.reading import READER_LABELS, Reader, doubts, reader_text

if TYPE_CHECKING:
    import numpy as np

    from voicepiece.listening.embedder import Embedder

__all__ = ["WEIGHTS_FILE", "WEIGHTS_SHA256", "LazyReader", "LearnedReader", "ReaderUnavailable",
           "checked", "checked_weights", "load_reader", "shared_reader"]

log = logging.getLogger(__name__)

WEIGHTS_FILE = "reader.json"
WEIGHTS_SHA256 = "bdb200d8faae4e20852a80ed0bd904cfa54c17e52b46dca3cb8de46ea772b45d"
"""The sha256 of the weights scripts/fit-reader wrote (it prints the new one)."""


class ReaderUnavailable(Exception):
    """The reader cannot be had: its weights are missing or not the fitted ones."""


def weights_bytes() -> bytes:
    return resources.files("voicepiece.listening").joinpath(WEIGHTS_FILE).read_bytes()


def parse_weights(data: bytes, expected: Sequence[str] = READER_LABELS
                  ) -> tuple[np.ndarray, np.ndarray]:
    """(weights 384 × k, bias k) from a weights file's bytes, checked for their shape and
    their labels (``expected``: the reader's, or the question-back model's);
    :class:`ReaderUnavailable` otherwise."""
    import numpy as np

    try:
        found = json.loads(data)
        weights = np.asarray(found["weights"], dtype=np.float64)
        bias = np.asarray(found["bias"], dtype=np.float64)
        labels = tuple(found["labels"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ReaderUnavailable(f"its weights cannot be read ({exc})") from None
    if labels != tuple(expected) or weights.ndim != 2 or weights.shape[1] != len(labels) \
            or bias.shape != (len(labels),):
        raise ReaderUnavailable("its weights are not of the reader's shape")
    return weights, bias


class LearnedReader:
    """The reader: :meth:`read` gives the probability of each of
    :data:`~voicepiece.story.reading.READER_LABELS` (a :class:`~voicepiece.story.reading.
    Reader`)."""

    def __init__(self, embedder: Embedder, weights: np.ndarray, bias: np.ndarray) -> None:
        import numpy as np

        self._np = np
        self._embedder = embedder
        self._weights = weights
        self._bias = bias

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Rows of probabilities for rows of sentence vectors (the fitting's own formula)."""
        np = self._np
        logits = vectors @ self._weights + self._bias
        logits -= logits.max(axis=-1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(axis=-1, keepdims=True)

    def read(self, text: str) -> Mapping[str, float] | None:
        said = reader_text(text)
        if not said:
            return None  # only sounds of thinking: nothing to read
        p = self.probabilities(self._embedder.vector(said)[None, :].astype("float64"))[0]
        return {label: float(q) for label, q in zip(READER_LABELS, p, strict=True)}


def load_reader(embedder: Embedder, data: bytes | None = None) -> LearnedReader:
    """A reader on ``embedder`` with the packaged weights (or ``data``, a weights file's
    bytes, checked all the same); :class:`ReaderUnavailable` when they are missing or not
    the fitted ones."""
    weights, bias = checked_weights(embedder, WEIGHTS_FILE, WEIGHTS_SHA256, READER_LABELS,
                                    weights_bytes, data)
    return LearnedReader(embedder, weights, bias)


def checked_weights(embedder: Embedder, name: str, sha256: str, labels: Sequence[str],
                    packaged: Callable[[], bytes], data: bytes | None = None
                    ) -> tuple[np.ndarray, np.ndarray]:
    """(weights, bias) of the weights file ``name`` (``packaged()``'s bytes, or ``data``),
    refused — :class:`ReaderUnavailable`, one line — unless it is the file scripts/fit-reader
    wrote (``sha256``), of ``labels``, for ``embedder``'s vectors: a model that reads
    answers must be the one that was fitted and measured, not silently another."""
    try:
        data = packaged() if data is None else data
    except OSError:
        raise ReaderUnavailable(f"{name} is missing; run scripts/fit-reader") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ReaderUnavailable(f"{name} is not the file scripts/fit-reader wrote "
                                "(sha256 differs)")
    weights, bias = parse_weights(data, labels)
    if weights.shape[0] != embedder.embed([]).shape[1]:
        raise ReaderUnavailable("its weights do not fit the sentence model")
    return weights, bias


_shared: LearnedReader | None = None
_failed = False
_lock = threading.Lock()


def shared_reader(warn: bool = True) -> LearnedReader | None:
    """The process's one reader, loaded at the first call on the shared sentence model;
    None — after one warning line, once — when the model or the weights cannot be had:
    the rules then decide alone."""
    global _shared, _failed
    from voicepiece.listening.embedder import shared_embedder

    with _lock:
        if _shared is not None or _failed:
            return _shared
        embedder = shared_embedder(warn)
        if embedder is None:
            _failed = True  # the embedder said why, in its own line
            return None
        try:
            _shared = load_reader(embedder)
        except ReaderUnavailable as exc:
            _failed = True
            if warn:
                log.warning("answers read by the rules alone, without the learned reader: %s",
                            exc)
        return _shared


class LazyReader:
    """The shared reader, loaded when a decision first asks it, or by :meth:`warm_up`;
    not ``enabled``: no reader (:meth:`read` gives None)."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled

    def read(self, text: str) -> Mapping[str, float] | None:
        reader = shared_reader() if self.enabled else None
        return None if reader is None else reader.read(text)

    def read_ahead(self, text: str) -> None:
        """Read ``text`` now if the reader is loaded (never load it here: that takes a
        second, and this runs in Whisper's thread)."""
        if self.enabled and _shared is not None and text:
            _shared.read(text)

    def warm_up(self) -> None:
        """Load it now, so that no listener waits a second for it at a first answer."""
        if self.enabled:
            shared_reader()

    def forget(self) -> None:
        """Drop the sentence vectors kept of the last utterances: the listener has gone."""
        from voicepiece.listening.embedder import forget_utterances

        forget_utterances()


def checked(recognition: Recognition, text: str | None, choices: Sequence[Choice],
            reader: Reader | None) -> Recognition:
    """``recognition``, checked with the listener instead of accepted when the rules read
    ``text`` (an open transcript) as a bare built-in meaning and ``reader`` is sure the
    words mean something else (:func:`~voicepiece.story.reading.doubts`). Not in a
    confirmation (a bare yes or no): the answer to "is that what you said?" is not asked
    about again."""
    if reader is None or recognition.zone != ACCEPT or not text or sorted(
            c.meaning or c.label for c in choices) == ["no", "yes"]:
        return recognition
    choice = next((c for c in choices if c.label == recognition.label), None)
    if choice is None or choice.phrases or choice.meaning not in READER_LABELS:
        return recognition
    if not doubts(choice.meaning, reader.read(text)):
        return recognition
    return replace(recognition, zone=CONFIRM, nearly_sure=False)

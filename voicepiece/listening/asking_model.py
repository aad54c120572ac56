"""The question-back model at the edge: its weights, checked, and the sentence model's
vector of some words turned into how likely they ask the narrator something back
(:mod:`voicepiece.story.asking` says why and where a decision uses it).

The weights (asking.json, beside this module: a 384 × 2 matrix and a bias) are written by
``scripts/fit-reader`` from the tracked tuning data alone (scripts/fit_asking.py) and
checked against :data:`WEIGHTS_SHA256` when loaded, like the reader's. One matrix product
per reading, on the vector the meaning layer already computed for the same words. Without
the weights (missing or changed) there is no such reading, after one warning line: the
rules of story/offscript.py decide alone.
"""

from __future__ import annotations

import logging
import threading
import weakref
from importlib import resources
from typing import TYPE_CHECKING

from voicepiece.listening.reader import LearnedReader, ReaderUnavailable, checked_weights
from voicepiece.story.reading import reader_text

if TYPE_CHECKING:
    from voicepiece.listening.embedder import Embedder

__all__ = ["LABELS", "WEIGHTS_FILE", "WEIGHTS_SHA256", "AskingModel", "asking_model",
           "load_asking"]

log = logging.getLogger(__name__)

WEIGHTS_FILE = "asking.json"
WEIGHTS_SHA256 = "4da299e237b966287c6ea32e5771b26b7188762159a5175b3f7c3a15e84cf80c"
"""The sha256 of the weights scripts/fit-reader wrote (it prints the new one)."""
LABELS = ("other", "asking")


class AskingModel:
    """:meth:`asks`: the probability that words ask something back (a
    :class:`~voicepiece.story.asking.AskingReader`)."""

    def __init__(self, embedder: Embedder, head: LearnedReader) -> None:
        self._embedder = embedder
        self._head = head

    def asks(self, text: str) -> float | None:
        said = reader_text(text)
        if not said:
            return None  # only sounds of thinking: nothing asked
        vector = self._embedder.vector(said)[None, :].astype("float64")
        return float(self._head.probabilities(vector)[0, 1])


def weights_bytes() -> bytes:
    return resources.files("voicepiece.listening").joinpath(WEIGHTS_FILE).read_bytes()


def load_asking(embedder: Embedder, data: bytes | None = None) -> AskingModel:
    """The model on ``embedder`` with the packaged weights (or ``data``, checked all the
    same); :class:`~voicepiece.listening.reader.ReaderUnavailable` when they are missing or
    not the fitted ones."""
    weights, bias = checked_weights(embedder, WEIGHTS_FILE, WEIGHTS_SHA256, LABELS,
                                    weights_bytes, data)
    return AskingModel(embedder, LearnedReader(embedder, weights, bias))


_loaded: weakref.WeakKeyDictionary[Embedder, AskingModel | None] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def asking_model(embedder: Embedder, warn: bool = True) -> AskingModel | None:
    """The model on ``embedder``, loaded once per sentence model; None — after one warning
    line — when its weights cannot be had."""
    with _lock:
        if embedder not in _loaded:
            try:
                _loaded[embedder] = load_asking(embedder)
            except ReaderUnavailable as exc:
                _loaded[embedder] = None
                if warn:
                    log.warning("questions back read by the rules alone, without the "
                                "question-back model: %s", exc)
        return _loaded[embedder]

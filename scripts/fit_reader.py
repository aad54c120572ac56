"""The learned reader's fitting (scripts/fit-reader runs it; tests/test_reader.py refits).

Its data: the tracked tuning files only — tests/data/reader-training.tsv (written for
it), typed-answers-tuning.tsv, the meanings-tuning*.tsv files (an answer whose label is a
bare built-in meaning at its point, or no answer: open, unclear, a question back; a
piece's own meanings are left out, they are none of the four and not "none" either) —
and the packaged phrasings (meanings.yaml, understood.yaml; offscript.yaml's questions
back and non-answers as "none"). Never a held-out file.

Its model: multinomial logistic regression on the sentence model's vectors, each class
weighted alike, L2-regularized, fitted by Newton's method from zero (deterministic: no
random start, no stochastic steps); the penalty is chosen by k-fold log loss. Weights are
rounded to four decimals so a refit on the same data writes the same file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import yaml

from voicepiece.story.phrases import builtin_phrases, understood_phrases
from voicepiece.story.reading import NONE, READER_LABELS, reader_text

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
WEIGHTS = ROOT / "voicepiece" / "listening" / "reader.json"
FOLDS = 5
PENALTIES = (1e-5, 3e-5, 1e-4, 3e-4, 1e-3)
_NOT_ANSWERS = {"open", "unclear", "none", "explain"}
_OFFSCRIPT_NONE = ("asking", "asking_at_end", "asking_alone", "not_answers")


def _rows(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def _point_meanings() -> dict[str, dict[str, str]]:
    """Per listening point of the tuning files, the built-in meaning of each label that is
    one (a bare yes/no/unsure, no phrases of the piece's own)."""
    from voicepiece.story.loader import load_piece

    found: dict[str, dict[str, str]] = {}
    for node in load_piece("her").listening_points():
        assert node.listen is not None
        bare = {a.label: a.meaning for a in node.listen.answers
                if a.meaning in READER_LABELS and not a.phrases}
        found[node.name] = found[f"her:{node.name}"] = bare  # type: ignore[assignment]
    made_up = yaml.safe_load((DATA / "meaning-questions.yaml").read_text("utf-8"))
    for name, point in made_up.items():
        found[name] = {a["label"]: a["meaning"] for a in point["answers"]
                       if a.get("meaning") in READER_LABELS and not a.get("phrases")}
    return found


def corpus() -> list[tuple[str, str]]:
    """(label, text as the reader reads it), each text once; a text given two labels by
    different files is left out."""
    pairs: list[tuple[str, str]] = []
    for label, text in _rows(DATA / "reader-training.tsv"):
        pairs.append((label, text))
    for label, text in _rows(DATA / "typed-answers-tuning.tsv"):
        pairs.append((label, text))
    meanings = _point_meanings()
    for path in sorted(DATA.glob("meanings-tuning*.tsv")):
        for point, label, text in _rows(path):
            if label in _NOT_ANSWERS:
                pairs.append((NONE, text))
            elif label in meanings.get(point, {}):
                pairs.append((meanings[point][label], text))
    for table in (builtin_phrases(), understood_phrases()):
        for meaning, phrases in table.items():
            pairs.extend((meaning, p) for p in phrases)
    from importlib import resources

    offscript = yaml.safe_load(resources.files("voicepiece.story").joinpath(
        "offscript.yaml").read_text("utf-8"))
    for key in _OFFSCRIPT_NONE:
        pairs.extend((NONE, p) for p in offscript[key])
    labels: dict[str, set[str]] = {}
    order: list[str] = []
    for label, text in pairs:
        said = reader_text(text)
        if not said or label not in READER_LABELS:
            continue
        if said not in labels:
            order.append(said)
        labels.setdefault(said, set()).add(label)
    return [(next(iter(labels[t])), t) for t in order if len(labels[t]) == 1]


def vectors(texts: Sequence[str]) -> np.ndarray:
    """The sentence model's vectors of ``texts`` (kept in its cache folder between runs)."""
    from voicepiece.listening.embedder import load_embedder

    model = load_embedder()
    model.warm_up(list(texts))
    return np.asarray(model.examples(list(texts)), dtype=np.float64)


def fit(x: np.ndarray, y: np.ndarray, penalty: float, steps: int = 30, k: int | None = None
        ) -> tuple[np.ndarray, np.ndarray]:
    """(weights d × k, bias k) of the class-balanced, L2-penalized multinomial logistic
    regression of labels ``y`` (0..k-1; ``k`` the reader's four labels unless given) on rows
    ``x``, by Newton's method from zero."""
    n, d = x.shape
    k = k or len(READER_LABELS)
    counts = np.bincount(y, minlength=k).astype(np.float64)
    w_row = (n / (k * np.maximum(counts, 1.0)))[y] / n
    xb = np.hstack([x, np.ones((n, 1))])
    theta = np.zeros((d + 1, k))
    onehot = np.eye(k)[y]
    reg = np.full(d + 1, penalty)
    reg[-1] = 1e-8  # the bias is not held to zero
    for _ in range(steps):
        p = _softmax(xb @ theta)
        grad = xb.T @ ((p - onehot) * w_row[:, None]) + reg[:, None] * theta
        hess = np.zeros((k * (d + 1), k * (d + 1)))
        for a in range(k):
            for b in range(a, k):
                s = w_row * p[:, a] * ((a == b) - p[:, b])
                block = (xb * s[:, None]).T @ xb
                hess[a::k, b::k] = block
                hess[b::k, a::k] = block.T
        hess += np.diag(np.repeat(reg, k))
        step = np.linalg.solve(hess, grad.reshape(-1)).reshape(d + 1, k)
        theta -= step
        if np.abs(step).max() < 1e-7:
            break
    return theta[:-1], theta[-1]


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def predict(x: np.ndarray, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    return _softmax(x @ weights + bias)


def folds(texts: Sequence[str]) -> np.ndarray:
    """Each text's fold, from a hash of its words: the same on every run and machine."""
    return np.array([int(hashlib.sha256(t.encode()).hexdigest(), 16) % FOLDS for t in texts])


def out_of_fold(x: np.ndarray, y: np.ndarray, fold: np.ndarray, penalty: float,
                k: int | None = None) -> np.ndarray:
    """Every answer's probabilities from the model fitted on the other folds."""
    found = np.zeros((len(y), k or len(READER_LABELS)))
    for f in range(FOLDS):
        held = fold == f
        weights, bias = fit(x[~held], y[~held], penalty, k=k)
        found[held] = predict(x[held], weights, bias)
    return found


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    return float(-np.mean(np.log(np.maximum(p[np.arange(len(y)), y], 1e-12))))


def weights_file(weights: np.ndarray, bias: np.ndarray, penalty: float, count: int,
                 labels: Sequence[str] = READER_LABELS, by: str = "scripts/fit-reader"
                 ) -> bytes:
    """The weights file's bytes: rounded, in a fixed layout, so a refit writes the same."""
    found = {
        "labels": list(labels),
        "fitted": f"{by}: {count} tuning answers, penalty {penalty:g}",
        "bias": [round(float(v), 4) + 0.0 for v in bias],
        "weights": [[round(float(v), 4) + 0.0 for v in row] for row in weights],
    }
    return (json.dumps(found, separators=(",", ":")) + "\n").encode()

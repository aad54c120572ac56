"""What only fitting the verifier needs (``scripts/fit-verifier``): the split of answer
phrasings into training and held-out ones, and the logistic regression itself. Kept out of
:mod:`~voicepiece.listening.verifier`, which only applies a fitted model; the tests read the
split too, to measure the model on phrasings it never saw."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from voicepiece.listening.verifier import FEATURES

__all__ = ["TRAIN_SHARE", "fit_logistic", "is_training_phrase"]

TRAIN_SHARE = 0.6
"""The share of answer phrasings ``scripts/fit-verifier`` trains on; the others are held out
for its report and for the tests (see :func:`is_training_phrase`)."""


def is_training_phrase(phrase: str) -> bool:
    """Whether the verifier was fitted on ``phrase`` (normalized text): a stable hash splits
    phrasings, not clips, so that a phrasing is on one side at every listening point."""
    digest = hashlib.sha256(phrase.encode()).digest()
    return digest[0] / 256 < TRAIN_SHARE


def fit_logistic(rows: Sequence[Mapping[str, float]], targets: Sequence[int],
                 names: Sequence[str] = FEATURES, l2: float = 1.0,
                 iterations: int = 50) -> tuple[list[float], list[float], list[float], float]:
    """Standardize ``rows`` and fit L2-regularized logistic regression by Newton's method:
    (mean, scale, weights, bias). Deterministic; numpy is needed only here."""
    import numpy as np

    x = np.array([[row[n] for n in names] for row in rows], dtype=float)
    y = np.array(targets, dtype=float)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -40, 40)))
        gradient = z.T @ (p - y) + penalty * w
        hessian = (z.T * (p * (1 - p))) @ z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return mean.tolist(), scale.tolist(), w[:-1].tolist(), float(w[-1])

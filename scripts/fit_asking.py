"""The question-back reader's fitting (scripts/fit-reader runs it after the reader's;
tests/test_reader.py checks a refit).

Why a model: the rules of story/offscript.py read a question back by the phrasings they were
written for, and carry little to new ones — issue 13's eighteenth pass chose them on a
spoken development set's fit half and the held half's questions back were explained 48% of
the time; 41 of the 45 held misses were phrasings the rules do not read even typed. A
classifier on the sentence model's vector reads the manner of a question back ("is what
true intimacy?", "sorry, I drifted off") rather than its words.

Its data, tuning only: questions back — offscript.yaml's, the tuning files' ``explain``
rows, and the FIT halves of the spoken development sets' questions back
(bench_questions_back_phrases, bench_offlist_phrases, bench_addressed_phrases) — against
answers (the reader's corpus of yes/no/unsure answers, the tuning files' answers of every
point, own meanings included) and other words that ask nothing of the narrator (the tuning
files' off-topic rows and the fit halves' off-list talk, talk addressed to someone else,
open answers, answers said as questions). A ``none`` row the rules read as a question back
is left out: the tuning files' ``none`` holds a few. Never a held half, never a held-out
file.

Its threshold (story/asking.py, ASKING): the lowest in steps of 0.05 from 0.5 at which the
out-of-fold readings (each text read by a model fitted without its fold) take at most
:data:`FALSE_SHARE` of the answers and other words as questions back.
"""

from __future__ import annotations

import hashlib
from importlib import import_module, resources
from pathlib import Path

import numpy as np
import yaml
from fit_reader import (
    DATA,
    FOLDS,
    PENALTIES,
    _rows,
    corpus,
    fit,
    folds,
    log_loss,
    out_of_fold,
    vectors,
    weights_file,
)

from voicepiece.story.reading import NONE, reader_text

ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = ROOT / "voicepiece" / "listening" / "asking.json"
LABELS = ("other", "asking")
FALSE_SHARE = 0.005
"""How many of the tuning data's answers and other words the threshold may read as
questions back, out of fold: a question back wrongly read costs the listener an
explanation and the question again, never a branch, but it is a turn lost."""
SPOKEN_SETS = ("bench_questions_back_phrases", "bench_offlist_phrases", "bench_addressed_phrases",
               "bench_meanings_blends_phrases", "bench_meanings_accented_phrases")
_OFFSCRIPT_ASKING = ("asking", "asking_at_end", "asking_alone")


def asking_corpus() -> list[tuple[int, str]]:
    """(1 for a question back, 0 for anything else; the text as the reader reads it), each
    text once; a text found on both sides is left out."""
    from voicepiece.story.model import EXPLAIN
    from voicepiece.story.offscript import asks_back

    pairs: list[tuple[int, str]] = []
    offscript = yaml.safe_load(resources.files("voicepiece.story").joinpath(
        "offscript.yaml").read_text("utf-8"))
    pairs += [(1, p) for key in _OFFSCRIPT_ASKING for p in offscript[key]]
    pairs += [(0, p) for p in offscript["not_answers"]]
    pairs += [(0, t) for label, t in corpus() if label != NONE]
    for path in sorted(DATA.glob("meanings-tuning*.tsv")):
        for _, label, text in _rows(path):
            if label == EXPLAIN:
                pairs.append((1, text))
            elif label not in ("none", "unclear") or not asks_back(text):
                pairs.append((0, text))
    for name in SPOKEN_SETS:
        for _, text, truth, half in import_module(name).items():
            if half == "fit":
                pairs.append((int(truth == EXPLAIN), text))
    sides: dict[str, set[int]] = {}
    order: list[str] = []
    for side, text in pairs:
        said = reader_text(text)
        if not said:
            continue
        if said not in sides:
            order.append(said)
        sides.setdefault(said, set()).add(side)
    return [(next(iter(sides[t])), t) for t in order if len(sides[t]) == 1]


def fitted(penalty: float | None = None) -> tuple[bytes, float, list[str]]:
    """The weights file's bytes, the threshold chosen, and the lines that say how; the
    penalty is chosen by k-fold log loss unless given (a check of a refit takes the one
    the packaged file names)."""
    rows = asking_corpus()
    texts = [t for _, t in rows]
    y = np.array([side for side, _ in rows])
    x = vectors(texts)
    fold = folds(texts)
    said = [f"{len(rows)} tuning texts: {int(y.sum())} questions back, "
            f"{int((y == 0).sum())} others"]
    if penalty is None:
        losses = {c: log_loss(out_of_fold(x, y, fold, c, k=2), y) for c in PENALTIES}
        penalty = min(PENALTIES, key=lambda c: (round(losses[c], 4), -c))
        said.append(f"{FOLDS}-fold log loss by penalty: " + ", ".join(
            f"{c:g}: {v:.3f}" for c, v in losses.items()) + f" -> {penalty:g}")
    p = out_of_fold(x, y, fold, penalty, k=2)[:, 1]
    chosen = None
    for step in range(10, 20):
        t = step / 20
        caught, taken = int((p[y == 1] >= t).sum()), int((p[y == 0] >= t).sum())
        said.append(f"  at {t:.2f}: {caught}/{int(y.sum())} questions back read, "
                    f"{taken}/{int((y == 0).sum())} others read as one")
        if chosen is None and taken <= FALSE_SHARE * (y == 0).sum():
            chosen = t
    threshold = chosen if chosen is not None else 0.95
    said.append(f"chosen: {threshold:.2f} (at most {FALSE_SHARE:.1%} of the others, out of "
                "fold)")
    weights, bias = fit(x, y, penalty, k=2)
    data = weights_file(weights, bias, penalty, len(rows), labels=LABELS,
                        by="scripts/fit-reader (question back)")
    said.append(f"sha256 {hashlib.sha256(data).hexdigest()}")
    return data, threshold, said

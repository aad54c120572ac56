"""Decoding the training clips and fitting the verifier on them (scripts/fit-verifier): every
clip decoded in worker processes, the logistic model fitted on both cuts, the thresholds
chosen on out-of-fold scores within the budgets."""

from __future__ import annotations

import hashlib
import multiprocessing
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from fit_clips import CONDITIONS, SHAPES, Clip, clip_audio, grammar_groups

from voicepiece.listening import recognizer as rec
from voicepiece.listening.base import ACCEPT, CONFIRM, REJECT, Thresholds
from voicepiece.listening.fitting import fit_logistic
from voicepiece.listening.grammar import grammar_for
from voicepiece.listening.verifier import FEATURES, Verifier, features

FOLDS = 5
FA_BUDGET = 0.06
CONFIRM_BUDGET = 0.15
CONFIRM_EACH = 0.25
WRONG_EACH = 0.02
"""The budgets thresholds are chosen within (see choose_thresholds)."""
L2 = 1.0


# ── decoding, in worker processes ────────────────────────────────────────────────────

_ANSWERS: dict[str, tuple] = {}
_KEEP_AUDIO = [False]


def _init_worker(keep_audio: bool) -> None:
    for group, (_, answers) in grammar_groups().items():
        _ANSWERS[group] = answers
    _KEEP_AUDIO[0] = keep_audio


def decode_clip(clip: Clip) -> dict:
    record: dict = {"clip": clip}
    for shape, audio in zip(SHAPES, clip_audio(clip), strict=True):
        record[shape] = rec.analyse(audio, _ANSWERS[clip.group])
        record[f"{shape}_audio"] = audio if _KEEP_AUDIO[0] else None
    return record


def decode_all(clips: Sequence[Clip], jobs: int, keep_audio: bool) -> list[dict]:
    context = multiprocessing.get_context("fork")
    done = []
    started = time.perf_counter()
    with context.Pool(jobs, initializer=_init_worker, initargs=(keep_audio,)) as pool:
        for i, record in enumerate(pool.imap(decode_clip, clips, chunksize=8), 1):
            done.append(record)
            if i % 250 == 0:
                print(f"  decoded {i}/{len(clips)} ({time.perf_counter() - started:.0f} s)",
                      file=sys.stderr)
    return done


# ── fitting and choosing thresholds ──────────────────────────────────────────────────


@dataclass
class Row:
    clip: Clip
    label: str | None  # what the grammar heard (None: no whole offered answer)
    features: dict[str, float] | None
    seconds: float
    score: float = 0.0
    waited: Row | None = None
    """On a clip's checked cut: the same clip cut after the long silence."""

    @property
    def modelled(self) -> bool:
        return self.label is not None and self.features is not None

    @property
    def right(self) -> bool:
        return self.label is not None and self.label == self.clip.truth


def rows_from(records: list[dict]) -> list[Row]:
    """A row per clip: its checked cut, with the waited cut attached. Features are measured
    again from the kept audio (a --cache), so that a change to them needs no decoding."""
    rows = []
    for r in records:
        cut = []
        for shape in SHAPES:
            a, audio = r[shape], r[f"{shape}_audio"]
            found = a.features
            if audio is not None and a.phones is not None and a.phrase is not None:
                grammar = grammar_for(_answers_of(r["clip"].group))
                found = features(a.grammar, a.phones, grammar.pronunciations[a.phrase], audio)
            cut.append(Row(r["clip"], a.label, found, a.seconds))
        cut[0].waited = cut[1]
        rows.append(cut[0])
    return rows


def cuts(rows: Sequence[Row]) -> list[Row]:
    """Both cuts of every clip: the model is fitted on, and scores, both."""
    return [c for r in rows for c in (r, r.waited) if c is not None]


_GROUPS_CACHE: dict[str, tuple] = {}


def _answers_of(group: str) -> tuple:
    if not _GROUPS_CACHE:
        for g, (_, answers) in grammar_groups().items():
            _GROUPS_CACHE[g] = answers
    return _GROUPS_CACHE[group]


def fit(rows: Sequence[Row]) -> Verifier:
    data = [r for r in cuts(rows) if r.modelled]
    mean, scale, weights, bias = fit_logistic([r.features for r in data],
                                              [int(r.right) for r in data], FEATURES, L2)
    return Verifier(tuple(FEATURES), tuple(mean), tuple(scale), tuple(weights), bias,
                    Thresholds(0.5, 0.5), {})


def score(rows: Sequence[Row], model: Verifier) -> None:
    for r in cuts(rows):
        r.score = model.probability(r.features) if r.modelled else 0.0


def out_of_fold(rows: list[Row]) -> None:
    """Score every training row with a model that did not see its phrasing."""
    def fold(row: Row) -> int:
        return hashlib.sha256(b"fold" + row.clip.text.encode()).digest()[0] % FOLDS
    for k in range(FOLDS):
        model = fit([r for r in rows if fold(r) != k])
        score([r for r in rows if fold(r) == k], model)


def _zone(row: Row, t: Thresholds) -> str:
    return t.zone(row.score) if row.modelled else REJECT


def decided(row: Row, t: Thresholds) -> Row:
    """The cut the live turn is decided on: the checked one unless it is rejected (then the
    ear waits out the long silence and decides again), as voicepiece/listening/ear.py does."""
    if row.waited is None or _zone(row, t) != REJECT:
        return row
    return row.waited


def zone_of(row: Row, t: Thresholds) -> str:
    return _zone(decided(row, t), t)


def right_of(row: Row, t: Thresholds) -> bool:
    return decided(row, t).right


def tally(rows: Sequence[Row], t: Thresholds) -> dict[str, float]:
    answers = [r for r in rows if r.clip.kind == "answer"]
    others = [r for r in rows if r.clip.kind == "off-list"]
    silent = [r for r in rows if r.clip.kind == "silence"]
    counts: dict[str, int] = defaultdict(int)
    for r in answers:
        z = zone_of(r, t)
        counts[f"{z}_{'right' if right_of(r, t) else 'wrong'}"] += 1
        counts["grammar_right"] += r.right
    n = max(len(answers), 1)
    accepted_right = counts["accept_right"]
    confirmed = counts["confirm_right"] + counts["confirm_wrong"]
    return {
        "answers": len(answers),
        "grammar": counts["grammar_right"] / n,
        "one_shot": accepted_right / n,
        "accepted_wrong": counts["accept_wrong"] / n,
        "confirm": confirmed / n,
        "reject": (counts["reject_right"] + counts["reject_wrong"]) / n,
        "final": (accepted_right + confirmed) / n,
        "final_strict": (accepted_right + counts["confirm_right"]) / n,
        "off_list": len(others),
        "off_accepted": sum(zone_of(r, t) == ACCEPT for r in others) / max(len(others), 1),
        "off_confirmed": sum(zone_of(r, t) == CONFIRM for r in others) / max(len(others), 1),
        "silence": len(silent),
        "silence_answered": sum(zone_of(r, t) != REJECT for r in silent) / max(len(silent), 1),
    }


def choose_consent(rows: Sequence[Row], t: Thresholds) -> float | None:
    """The lowest confirm-zone score at which silence after the check may count as yes:
    a listener who said something off-list, or was misheard, and then says nothing is
    taken as accepted, so the accept zone and the band above it together must keep the
    accept budgets (off-list accepted <= FA_BUDGET, wrong labels accepted <= WRONG_EACH
    at every noise level). None: no score in the confirm zone does; silence then never
    consents. Rows are decided on their cut as the ear decides (:func:`decided`)."""
    decisions = [(r.clip, decided(r, t)) for r in rows]
    band = sorted({round(d.score, 3) for _, d in decisions
                   if d.modelled and t.confirm <= d.score < t.accept})

    def taken(clip_row: Row) -> bool:
        return clip_row.modelled and clip_row.score >= candidate

    others = [d for c, d in decisions if c.kind == "off-list"]
    for candidate in band:
        if sum(map(taken, others)) > FA_BUDGET * max(len(others), 1):
            continue
        if all(sum(taken(d) and not d.right for c, d in decisions
                   if c.kind == "answer" and c.snr == snr)
               <= WRONG_EACH * max(1, sum(c.kind == "answer" and c.snr == snr
                                          for c, _ in decisions))
               for snr in CONDITIONS):
            return candidate
    return None


def choose_thresholds(rows: Sequence[Row]) -> Thresholds:
    """The pair that takes the most answers right on the first asking (accepted right or
    confirmed right: the bench's "1st"), averaged over the noise levels as the bench weighs
    them, within the budgets: off-list speech accepted <= FA_BUDGET; confirmations <=
    CONFIRM_BUDGET overall and <= CONFIRM_EACH at every noise level; wrong labels accepted
    <= WRONG_EACH at every noise level. Ties go to fewer confirmations."""
    candidates = sorted({round(r.score, 3) for r in rows if r.modelled} | {0.5})
    grid = [c for i, c in enumerate(candidates) if i % max(1, len(candidates) // 120) == 0]
    grid += [1.0]
    by_condition = {c: [r for r in rows if r.clip.snr == c] for c in CONDITIONS}
    best, best_key = Thresholds(0.9, 0.5), None
    for accept in grid:
        for confirm in [g for g in grid if g <= accept]:
            t = Thresholds(accept, confirm)
            overall = tally(rows, t)
            if overall["off_accepted"] > FA_BUDGET or overall["confirm"] > CONFIRM_BUDGET:
                continue
            parts = [tally(part, t) for part in by_condition.values()]
            if any(p["confirm"] > CONFIRM_EACH or p["accepted_wrong"] > WRONG_EACH
                   for p in parts):
                continue
            firsts = [p["final_strict"] for p in parts]
            key = (round(statistics.mean(firsts), 4), -overall["confirm"], accept)
            if best_key is None or key > best_key:
                best, best_key = t, key
    return best

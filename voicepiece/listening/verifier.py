"""The three-zone decision: does the answer the grammar found deserve belief?

A grammar search always lands on some answer, even for "I like turtles". So each answer is
decoded a second time by a free phone loop, and a small logistic model compares the two
(the recipe measured in the project notes, "Recognition with rejection"):

- ``llr``, ``llr_span``, ``llr_word_min``: how much worse the grammar's explanation of the
  audio scores than the unconstrained phone loop's (log scores per frame) over the whole
  utterance, over the answer's span, and for its worst word. Speech that is the answer
  loses little by being forced into the grammar; other speech loses a lot.
- ``overlap``, ``uncovered``: whether the speech the phone loop found and the answer's words
  cover the same time; speech left outside the answer means something else was said too.
- ``edit``: phone edit distance between what the phone loop heard in the answer's span and
  the answer's dictionary pronunciation, per phone.
- ``loop_phones``: how many phones the phone loop heard in the answer's span per expected
  phone, in log. A lone word forced onto a longer answer ("one" heard as "why not") leaves
  the loop fewer phones than the answer has; it separates real people's lone off-list words
  from their answers where the others do not (scripts/fit-verifier, docs/listening-measurements.md).
- ``ascore``: the grammar's acoustic score per frame of the answer (noise lowers it).
- ``log_fpp``, ``log_fpp_sq``: frames per expected phone, in log; an answer stretched over a
  long sentence, or squeezed into a click, is suspicious either way.
- ``words``, ``phones``: short answers ("no") are easier to find inside anything.
- ``snr``: the signal-to-noise ratio (dB) of the phone loop's speech frames against its
  silence frames, so that the model can tell noise from a poor match.

The model's weights and the two thresholds live in ``verifier.json`` beside this module,
written by ``scripts/fit-verifier``; :class:`Thresholds` can override the thresholds.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from voicepiece.errors import VoicepieceError
from voicepiece.listening.base import Thresholds
from voicepiece.listening.decoding import Decoded, Segment
from voicepiece.listening.snr import phone_loop_snr

FEATURES = (
    "llr", "llr_span", "llr_word_min", "overlap", "uncovered", "edit", "loop_phones",
    "ascore", "log_fpp", "log_fpp_sq", "words", "phones", "snr",
)

SCORE_SCALE = 1000.0
"""pocketsphinx's integer log scores are large; per-frame values are divided by this."""


# ── features ─────────────────────────────────────────────────────────────────────────


def _speech(segments: Sequence[Segment]) -> list[Segment]:
    return [s for s in segments if not s.is_filler]


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0) + 1)


def _score_within(segments: Sequence[Segment], start: int, end: int) -> float:
    """The phone loop's acoustic score over frames start..end, sharing each segment's score
    out by the frames it has inside the window."""
    total = 0.0
    for s in segments:
        inside = _overlap(s.start, s.end, start, end)
        if inside:
            total += s.ascore * inside / s.frames
    return total


def edit_distance(a: Sequence[str], b: Sequence[str]) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def features(heard: Decoded, phones: Decoded, expected: Sequence[str],
             audio: bytes) -> dict[str, float]:
    """The verifier's inputs for one answer: the grammar decoding ``heard``, the phone loop's
    decoding ``phones`` of the same ``audio``, and the answer's expected phones."""
    frames = max(heard.frames, 1)
    words = _speech(heard.segments)
    sounds = _speech(phones.segments)
    if words:
        start, end = words[0].start, words[-1].end
    else:
        start, end = 0, frames - 1
    span = end - start + 1
    grammar_total = sum(s.ascore for s in heard.segments)
    loop_total = sum(s.ascore for s in phones.segments)
    grammar_span = sum(s.ascore for s in words)
    loop_span = _score_within(phones.segments, start, end)
    word_llrs = [
        (w.ascore - _score_within(phones.segments, w.start, w.end)) / w.frames for w in words
    ] or [0.0]
    if sounds:
        p0, p1 = sounds[0].start, sounds[-1].end
        shared = _overlap(start, end, p0, p1)
        overlap = shared / (span + (p1 - p0 + 1) - shared)
        speech_frames = sum(s.frames for s in sounds)
        outside = sum(s.frames - _overlap(s.start, s.end, start, end) for s in sounds)
        uncovered = outside / speech_frames
    else:
        overlap, uncovered = 0.0, 0.0
    inside = [s.word for s in sounds if _overlap(s.start, s.end, start, end) > s.frames / 2]
    n_expected = max(len(expected), 1)
    fpp = math.log(span / n_expected)
    return {
        "llr": (grammar_total - loop_total) / frames / SCORE_SCALE,
        "llr_span": (grammar_span - loop_span) / span / SCORE_SCALE,
        "llr_word_min": min(word_llrs) / SCORE_SCALE,
        "overlap": overlap,
        "uncovered": uncovered,
        "edit": edit_distance(inside, expected) / n_expected,
        "loop_phones": math.log(max(len(inside), 1) / n_expected),
        "ascore": grammar_span / span / SCORE_SCALE,
        "log_fpp": fpp,
        "log_fpp_sq": fpp * fpp,
        "words": float(len(words)),
        "phones": float(n_expected),
        "snr": phone_loop_snr(audio, phones),
    }


# ── the model ────────────────────────────────────────────────────────────────────────

MODEL_FILE = "verifier.json"


@dataclass(frozen=True)
class Verifier:
    """A logistic model over standardized :data:`FEATURES`, and its fitted thresholds."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    thresholds: Thresholds
    report: Mapping[str, Any]

    def probability(self, found: Mapping[str, float]) -> float:
        """The model's belief (0..1) that the answer was said."""
        z = self.bias
        for name, mean, scale, weight in zip(self.names, self.mean, self.scale, self.weights,
                                             strict=True):
            z += weight * (found[name] - mean) / scale
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    @classmethod
    def load(cls, path: Path | str | None = None) -> Verifier:
        """The packaged model, or the one at ``path``."""
        return _load(str(path) if path else None)

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.names),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "weights": list(self.weights),
            "bias": self.bias,
            "thresholds": {"accept": self.thresholds.accept,
                           "confirm": self.thresholds.confirm,
                           **({} if self.thresholds.consent is None
                              else {"consent": self.thresholds.consent})},
            "report": dict(self.report),
        }

    def save(self, path: Path | str) -> None:
        Path(path).write_text(json.dumps(self.to_json(), indent=1) + "\n", "utf-8")


def _consent(value: Any) -> float | None:
    return None if value is None else float(value)


@cache
def _load(path: str | None) -> Verifier:
    try:
        if path is None:
            text = resources.files("voicepiece.listening").joinpath(MODEL_FILE).read_text("utf-8")
        else:
            text = Path(path).read_text("utf-8")
        data = json.loads(text)
        names = tuple(data["features"])
        unknown = set(names) - set(FEATURES)
        if unknown:
            raise ValueError(f"unknown features {sorted(unknown)}")
        return Verifier(
            names=names,
            mean=tuple(map(float, data["mean"])),
            scale=tuple(map(float, data["scale"])),
            weights=tuple(map(float, data["weights"])),
            bias=float(data["bias"]),
            thresholds=Thresholds(float(data["thresholds"]["accept"]),
                                  float(data["thresholds"]["confirm"]),
                                  _consent(data["thresholds"].get("consent"))),
            report=data.get("report", {}),
        )
    except (OSError, ValueError, KeyError, TypeError) as e:
        where = path or f"voicepiece/listening/{MODEL_FILE}"
        raise VoicepieceError(
            f"the answer verifier's model {where} is missing or broken ({e}); "
            "rebuild it with scripts/fit-verifier"
        ) from e

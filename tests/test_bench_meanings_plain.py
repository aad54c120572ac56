"""The plain-words own-meanings set (scripts/bench_meanings_plain.py; issue 13, twentieth
pass) is split by item before being heard, its truths are open answers or answers of the
piece's own its points offer (as the blended set, it has open answers at *combustion*,
which takes none: there they can only be asked again), and its noise is its own: these
check the set, not the ear."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import numpy as np
from bench_meanings_blends import FIT_VOICES as BLEND_FIT
from bench_meanings_blends import HELD_VOICES as BLEND_HELD
from bench_meanings_plain import FIT_VOICES, HELD_VOICES, workshop
from bench_meanings_plain_phrases import items

from voicepiece.story.loader import load_piece


def test_every_item_is_an_answer_its_point_offers_split_by_item() -> None:
    rows = items()
    nodes = load_piece("her").nodes
    for point, _, truth, _ in rows:
        listen = nodes[point].listen
        assert truth in {"open", *(a.label for a in listen.answers if a.phrases)}
    fit = {text for _, text, _, half in rows if half == "fit"}
    held = {text for _, text, _, half in rows if half == "held"}
    assert fit and held and not fit & held and len(fit) + len(held) == len(rows)


def test_its_voices_are_pairs_no_other_development_set_speaks() -> None:
    assert not set(FIT_VOICES + HELD_VOICES) & set(BLEND_FIT + BLEND_HELD)
    assert not set(FIT_VOICES) & set(HELD_VOICES)


def test_the_workshop_is_unit_rms_and_differs_by_seed() -> None:
    a, b = workshop(311, seconds=4.0), workshop(353, seconds=4.0)
    assert abs(np.sqrt(np.mean(a ** 2)) - 1.0) < 1e-6 and not np.allclose(a, b)

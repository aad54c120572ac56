"""The listening bench's fifth set v5 has the shape it was written with. It was held out
until issue 13's thirteenth pass, which spent it as development data (scripts/v5_dev.py:
fit half ef_dora, em_santa, pf_dora; held half hf_beta, pm_santa): its phrasings may now be
written elsewhere (the tests of the rules its fit half showed wanting) and its voices
named, so the guard that none was is gone; v4's and v6's guards stand
(tests/test_listening_heldout4.py, …6.py). Pure text: no model is loaded."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from tests.her_points import example_phrases_held
from voicepiece.story.wording import normalize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import bench_listening_heldout5 as v5  # noqa: E402
import bench_listening_heldout5_phrases as said  # noqa: E402

YES_NO_POINTS = {"isolated", "she_listens", "norms", "relationship", "is_he_alone",
                 "true_love", "constructs"}


def test_v5_has_its_shape() -> None:
    spoken = [normalize(p) for p in v5.phrasings()]
    assert len(set(spoken)) == len(spoken)
    kinds = Counter(t for _, _, t in said.YES_NO_ANSWERS)
    assert len(said.YES_NO_ANSWERS) == 45
    assert all(kinds[k] >= 10 for k in ("yes", "no", "unsure"))
    assert {p for p, _, _ in said.YES_NO_ANSWERS} == YES_NO_POINTS
    assert len(said.MEANING_ANSWERS) == 30
    assert Counter(t for _, _, t in said.MEANING_ANSWERS) == Counter(
        {m: 3 for m in ("listen", "slow_down", "open_up", "within", "another", "true",
                        "acceptable", "neither", "between", "alone")})
    assert Counter(t for _, _, t in said.ASIDES) == {"explain": 5, "open": 5}
    assert len(said.OFF_LIST) == 25


def test_v5_own_meanings_use_none_of_the_points_example_phrases() -> None:
    """"In other words": no answer of a piece's own meaning holds one of its point's
    example phrases, so a match can only come from understanding."""
    assert example_phrases_held(said.MEANING_ANSWERS) == []


def test_v5_items_sit_where_their_kind_belongs() -> None:
    """Open answers only where the point takes them; off-list speech answers nothing."""
    from voicepiece.story.loader import load_piece

    piece = load_piece("her")
    points = {n.name: n for n in piece.listening_points()}
    items = v5.v5_items(piece)
    assert len(items) == 45 + 30 + 10 + 25
    for item in items:
        listen = points[item.point].listen
        assert listen is not None
        if item.truth == "open":
            assert listen.open
        if item.truth not in (None, "explain", "open"):
            assert item.truth in {a.label for a in listen.answers}


def test_v5_voices_are_kokoro_voices_of_other_languages() -> None:
    from voicepiece.voices import kokoro_model

    assert len(v5.V5_VOICES) == 5
    for voice in v5.V5_VOICES:
        engine, name = voice.split(":", 1)
        assert engine == "kokoro" and name[0] in "ehp"
        assert name in kokoro_model.VOICE_SHA256

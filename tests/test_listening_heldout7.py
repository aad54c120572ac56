"""The listening bench's held-out set v7 stays held out: none of its phrasings (nor its
intelligibility sentences) is written in any other tracked file (the grammar's and the
pieces' phrases, meanings.yaml, the tuning and held-out data, the tests, the other sets,
the docs), its blended voices are named nowhere but where the docs say whose they are, and
no listening set speaks a voice its blends are made of — so no fitting, threshold or rule
can have been chosen on it. And it has the shape it was written with. Pure text: no model
is loaded, no audio is made. A failure says how many, never which."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.her_points import MEANINGS, YES_NO_POINTS, example_phrases_held
from tests.tracked import named_elsewhere, tracked_texts, written_elsewhere
from voicepiece.story.wording import normalize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import bench_listening_heldout7 as v7  # noqa: E402
import bench_listening_heldout7_phrases as said  # noqa: E402
import bench_turns_v10 as v10  # noqa: E402

OWN = {"scripts/bench_listening_heldout7.py", "scripts/bench_listening_heldout7_phrases.py",
       "scripts/bench_listening_heldout7_check.py", "tests/test_listening_heldout7.py"}
VOICE_PLACES = {"docs/voices.md", "docs/listening-measurements.md", "docs/benchmarks.md"}
"""Where the set's blends may be named: the docs that say whose they are."""


@pytest.fixture(scope="module")
def tracked() -> list[tuple[str, str]]:
    return tracked_texts(OWN)


def _wordings() -> list[str]:
    return [*v7.phrasings(), *said.INTELLIGIBILITY]


def _written_elsewhere(tracked: list[tuple[str, str]]) -> int:
    return written_elsewhere(_wordings(), tracked)


def _blends() -> list[str]:
    """Every blend of the set (and any left out), as named: ``a*0.5+b*0.5``."""
    return [v.removeprefix(v10.MIX) for v in (*v7.V7_VOICES, *v7.LEFT_OUT)]


def _blends_named(tracked: list[tuple[str, str]]) -> int:
    return named_elsewhere(_blends(), tracked, VOICE_PLACES)


def test_no_phrasing_of_v7_is_written_anywhere_else(tracked: list[tuple[str, str]]) -> None:
    assert len(tracked) > 100  # the repository was read, not an empty listing
    found = _written_elsewhere(tracked)
    assert found == 0, f"{found} of v7's {len(_wordings())} wordings are written elsewhere"


def test_the_guards_find_v7_written_or_named_elsewhere() -> None:
    """The guards themselves can fail: a file quoting one answer, or naming one blend."""
    _, text, _ = said.YES_NO_ANSWERS[0]
    assert _written_elsewhere([("notes.md", f"a note: {text.upper()}!")]) == 1
    assert _written_elsewhere([("notes.md", "nothing of the set here")]) == 0
    assert _blends_named([("scripts/x.py", f"VOICE = 'kokoro-mix:{_blends()[0]}'")]) == 1
    assert _blends_named([("docs/voices.md", _blends()[0])]) == 0


def test_v7_has_its_shape() -> None:
    spoken = [normalize(p) for p in _wordings()]
    assert len(set(spoken)) == len(spoken)
    kinds = Counter(t for _, _, t in said.YES_NO_ANSWERS)
    assert kinds == {"yes": 14, "no": 14, "unsure": 14}
    assert {p for p, _, _ in said.YES_NO_ANSWERS} == YES_NO_POINTS
    assert Counter(t for _, _, t in said.MEANING_ANSWERS) == Counter(dict.fromkeys(MEANINGS, 3))
    assert Counter(t for _, _, t in said.ASIDES) == {"explain": 5, "open": 5}
    assert len(said.OFF_LIST) == 20
    assert len(said.INTELLIGIBILITY) == 5


def test_v7_own_meanings_use_none_of_the_points_example_phrases() -> None:
    """"In other words": no answer of a piece's own meaning holds one of its point's
    example phrases, so a match can only come from understanding."""
    held = len(example_phrases_held(said.MEANING_ANSWERS))
    assert held == 0, f"{held} example phrases are held in v7's meaning answers"


def test_v7_truths_fit_their_points() -> None:
    """The check script's dry check: every truth is one its point offers, open answers only
    where the point takes them; and it counts a misfit when there is one."""
    from bench_listening_blind import label_problems
    from bench_listening_clips import Item

    from voicepiece.story.loader import load_piece

    piece = load_piece("her")
    items = v7.v7_items(piece)
    assert len(items) == 42 + 30 + 10 + 20
    counts = label_problems(piece, items)
    assert counts == {"items": 102, "unknown_point": 0, "label_not_offered": 0,
                      "open_not_taken": 0}
    wrong = [Item("norms", "x", "between"), Item("norms", "x", "open"), Item("nowhere", "x", None)]
    assert label_problems(piece, wrong) == {"items": 3, "unknown_point": 1,
                                               "label_not_offered": 1, "open_not_taken": 1}


def test_v7_blends_are_its_own(tracked: list[tuple[str, str]]) -> None:
    """No other tracked file names a v7 blend but the docs that describe the set; no v7
    blend shares a voice with a v10 blend; no other listening set (development or blind)
    speaks a voice a v7 blend is made of; every part is a pinned Kokoro voice."""
    from voicepiece.voices import kokoro_model

    found = _blends_named(tracked)
    assert found == 0, f"{found} other files name a v7 blend"
    assert len(v7.V7_VOICES) == 5
    parts = {name for v in (*v7.V7_VOICES, *v7.LEFT_OUT) for name, _ in v10.mix_parts(v)}
    assert all(p in kokoro_model.VOICE_SHA256 for p in parts)
    v10_parts = {name for v in v10.V10_VOICES for name, _ in v10.mix_parts(v)}
    assert not parts & v10_parts
    listening = [text for path, text in tracked
                 if re.fullmatch(r"scripts/(bench_listening|v5_dev|yesno|mirror|bench_meanings|"
                                 r"swap_check|bench_offlist|bench_addressed).*\.py", path)]
    assert len(listening) > 10
    spoken_by = sum(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text) is not None
                    for text in listening for p in parts)
    assert spoken_by == 0, f"{spoken_by} listening scripts speak a voice of v7's blends"

"""The listening bench's held-out set v8 stays held out: none of its phrasings (nor its
intelligibility sentences) is written in any other tracked file (the grammar's and the
pieces' phrases, meanings.yaml, the tuning and held-out data, the tests, the other sets,
the docs), its blended voices are named nowhere but where the docs say whose they are, no
voice its blends are made of is spoken by any file but the blind sets' own (v4, v6 and the
turn set v8, each of which speaks one alone) and no blend shares a voice with v7's or
v10's — so no fitting, threshold or rule can have been chosen on it. And it has the shape
it was written with. Pure text: no model is loaded, no audio is made. A failure says how
many, never which."""

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
import bench_listening_heldout8 as v8  # noqa: E402
import bench_listening_heldout8_phrases as said  # noqa: E402
import bench_turns_v10 as v10  # noqa: E402

OWN = {"scripts/bench_listening_heldout8.py", "scripts/bench_listening_heldout8_phrases.py",
       "scripts/bench_listening_heldout8_check.py", "tests/test_listening_heldout8.py"}
VOICE_PLACES = {"docs/voices.md", "docs/listening-measurements.md", "docs/benchmarks.md"}
"""Where the set's blends may be named: the docs that say whose they are."""
PART_PLACES = VOICE_PLACES | {
    "voicepiece/voices/kokoro_model.py", "voicepiece/voices/kokoro_voices/NOTICE",
    "scripts/bench_listening_heldout4.py", "tests/test_listening_heldout4.py",
    "scripts/bench_listening_heldout6.py", "tests/test_listening_heldout6.py",
    "scripts/bench_turns_v8.py", "tests/test_turns_v8.py",
    "scripts/bench_listening_heldout5.py"}
"""Where a voice a blend is made of may be named: its pin, the docs, and the blind sets
that speak it alone (v5 names one turn-set voice as checked and left out, speaking none)."""


@pytest.fixture(scope="module")
def tracked() -> list[tuple[str, str]]:
    return tracked_texts(OWN)


def _wordings() -> list[str]:
    return [*v8.phrasings(), *said.INTELLIGIBILITY]


def _written_elsewhere(tracked: list[tuple[str, str]]) -> int:
    return written_elsewhere(_wordings(), tracked)


def _blends() -> list[str]:
    """Every blend of the set (and any left out), as named: ``a*0.5+b*0.5``."""
    return [v.removeprefix(v10.MIX) for v in (*v8.V8_VOICES, *v8.LEFT_OUT)]


def _blends_named(tracked: list[tuple[str, str]]) -> int:
    return named_elsewhere(_blends(), tracked, VOICE_PLACES)


def _parts() -> set[str]:
    return {name for v in (*v8.V8_VOICES, *v8.LEFT_OUT) for name, _ in v10.mix_parts(v)}


def _parts_named(tracked: list[tuple[str, str]]) -> int:
    """Files outside :data:`PART_PLACES` naming a voice of v8's blends (whole names)."""
    return sum(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text) is not None
               for path, text in tracked if path not in PART_PLACES for p in _parts())


def test_no_phrasing_of_v8_is_written_anywhere_else(tracked: list[tuple[str, str]]) -> None:
    assert len(tracked) > 100  # the repository was read, not an empty listing
    found = _written_elsewhere(tracked)
    assert found == 0, f"{found} of v8's {len(_wordings())} wordings are written elsewhere"


def test_the_guards_find_v8_written_or_named_elsewhere() -> None:
    """The guards themselves can fail: a file quoting one answer, naming one blend, or
    speaking one voice a blend is made of."""
    _, text, _ = said.MEANING_ANSWERS[0]
    assert _written_elsewhere([("notes.md", f"a note: {text.upper()}!")]) == 1
    assert _written_elsewhere([("notes.md", "nothing of the set here")]) == 0
    assert _blends_named([("scripts/x.py", f"VOICE = 'kokoro-mix:{_blends()[0]}'")]) == 1
    assert _blends_named([("docs/voices.md", _blends()[0])]) == 0
    part = sorted(_parts())[0]
    assert _parts_named([("scripts/yesno_x.py", f"VOICES = ('kokoro:{part}',)")]) == 1
    assert _parts_named([("scripts/yesno_x.py", f"VOICES = ('kokoro:{part}x',)")]) == 0
    assert _parts_named([("scripts/bench_turns_v8.py", part)]) == 0


def test_v8_has_its_shape() -> None:
    spoken = [normalize(p) for p in _wordings()]
    assert len(set(spoken)) == len(spoken)
    kinds = Counter(t for _, _, t in said.YES_NO_ANSWERS)
    assert kinds == {"yes": 14, "no": 14, "unsure": 14}
    assert {p for p, _, _ in said.YES_NO_ANSWERS} == YES_NO_POINTS
    assert Counter(t for _, _, t in said.MEANING_ANSWERS) == Counter(dict.fromkeys(MEANINGS, 3))
    assert Counter(t for _, _, t in said.ASIDES) == {"explain": 5, "open": 5}
    assert len(said.OFF_LIST) == 20
    assert len(said.INTELLIGIBILITY) == 5


def test_v8_shares_no_wording_with_v7() -> None:
    """Written fresh: no phrasing of v8 is one of v7's (normalized), so the two sets
    measure different words (the file guards above cover this too, by text)."""
    mine = {normalize(p) for p in _wordings()}
    assert not mine & {normalize(p) for p in v7.phrasings()}


def test_v8_own_meanings_use_none_of_the_points_example_phrases() -> None:
    """"In other words": no answer of a piece's own meaning holds one of its point's
    example phrases, so a match can only come from understanding."""
    held = len(example_phrases_held(said.MEANING_ANSWERS))
    assert held == 0, f"{held} example phrases are held in v8's meaning answers"


def test_v8_truths_fit_their_points() -> None:
    """Every truth is one its point offers, open answers only where the point takes them
    (the check script's ``--labels``)."""
    from bench_listening_blind import label_problems

    from voicepiece.story.loader import load_piece

    piece = load_piece("her")
    items = v8.v8_items(piece)
    assert len(items) == 42 + 30 + 10 + 20
    assert label_problems(piece, items) == {"items": 102, "unknown_point": 0,
                                            "label_not_offered": 0, "open_not_taken": 0}


def test_v8_blends_are_its_own(tracked: list[tuple[str, str]]) -> None:
    """No other tracked file names a v8 blend but the docs that describe the set; no v8
    blend shares a voice with a v7 or v10 blend; no file but the blind sets' own speaks a
    voice a v8 blend is made of (so no development set does); every part is a pinned
    Kokoro voice, and each blend mixes two of them, neither above 60%."""
    from voicepiece.voices import kokoro_model

    found = _blends_named(tracked)
    assert found == 0, f"{found} other files name a v8 blend"
    assert len(v8.V8_VOICES) == 5
    parts = _parts()
    assert all(p in kokoro_model.VOICE_SHA256 for p in parts)
    for voice in v8.V8_VOICES:
        mix = v10.mix_parts(voice)
        assert len(mix) == 2 and max(w for _, w in mix) <= 0.6
    others = {name for v in (*v7.V7_VOICES, *v10.V10_VOICES) for name, _ in v10.mix_parts(v)}
    assert not parts & others
    spoken_by = _parts_named(tracked)
    assert spoken_by == 0, f"{spoken_by} files outside the blind sets name a voice of v8's"


def test_the_bench_runs_v8_only_when_named() -> None:
    """``scripts/bench listening`` takes v8 in only with VOICEPIECE_BENCH_V8=1."""
    from bench_listening import sets_in

    for quick in (True, False):
        assert not sets_in(quick, environ={})["v8"]
        assert sets_in(quick, environ={"VOICEPIECE_BENCH_V8": "1"})["v8"]

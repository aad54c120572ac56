"""The listening bench's held-out set v6 stays held out: none of its phrasings (nor its
radio's lines, nor its intelligibility sentences) is written in any other tracked file
(the grammar's and the pieces' phrases, meanings.yaml, understood.yaml, the tuning and
held-out data, the tests, the other sets, the docs), its voices are spoken by no other set
and its radio's talkers are used by no other noise — so no fitting, threshold or rule can
have been chosen on it. And it has the shape it was written with. Pure text: no model is
loaded, no audio is made. A failure says how many, never which."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.her_points import MEANINGS, YES_NO_POINTS, example_phrases_held
from tests.tracked import tracked_texts, written_elsewhere
from voicepiece.story.wording import normalize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import bench_listening_heldout6 as v6  # noqa: E402
import bench_listening_heldout6_phrases as said  # noqa: E402

OWN = {"scripts/bench_listening_heldout6.py", "scripts/bench_listening_heldout6_phrases.py",
       "scripts/bench_listening_heldout6_check.py", "tests/test_listening_heldout6.py"}
VOICE_PLACES = {"voicepiece/voices/kokoro_model.py", "voicepiece/voices/kokoro_voices/NOTICE",
                "docs/voices.md", "docs/listening-measurements.md", "docs/benchmarks.md"}
"""Where the set's voices may be named: their pins and the docs that say whose they are."""


@pytest.fixture(scope="module")
def tracked() -> list[tuple[str, str]]:
    return tracked_texts(OWN)


def _wordings() -> list[str]:
    return [*v6.phrasings(), *said.RADIO_LINES, *said.INTELLIGIBILITY]


def test_no_phrasing_of_v6_is_written_anywhere_else(tracked: list[tuple[str, str]]) -> None:
    assert len(tracked) > 100  # the repository was read, not an empty listing
    found = written_elsewhere(_wordings(), tracked)
    assert found == 0, f"{found} of v6's {len(_wordings())} wordings are written elsewhere"


def test_v6_has_its_shape() -> None:
    spoken = [normalize(p) for p in _wordings()]
    assert len(set(spoken)) == len(spoken)
    kinds = Counter(t for _, _, t in said.YES_NO_ANSWERS)
    assert len(said.YES_NO_ANSWERS) == 45
    assert all(kinds[k] >= 10 for k in ("yes", "no", "unsure"))
    assert {p for p, _, _ in said.YES_NO_ANSWERS} == YES_NO_POINTS
    assert Counter(t for _, _, t in said.MEANING_ANSWERS) == Counter(dict.fromkeys(MEANINGS, 3))
    assert Counter(t for _, _, t in said.ASIDES) == {"explain": 5, "open": 5}
    assert len(said.OFF_LIST) == 25
    assert len(said.INTELLIGIBILITY) == 5


def test_v6_own_meanings_use_none_of_the_points_example_phrases() -> None:
    """"In other words": no answer of a piece's own meaning holds one of its point's
    example phrases, so a match can only come from understanding."""
    held = len(example_phrases_held(said.MEANING_ANSWERS))
    assert held == 0, f"{held} example phrases are held in v6's meaning answers"


def test_v6_items_sit_where_their_kind_belongs() -> None:
    """Open answers only where the point takes them; off-list speech answers nothing."""
    from voicepiece.story.loader import load_piece

    piece = load_piece("her")
    points = {n.name: n for n in piece.listening_points()}
    items = v6.v6_items(piece)
    assert len(items) == 45 + 30 + 10 + 25
    for item in items:
        listen = points[item.point].listen
        assert listen is not None
        if item.truth == "open":
            assert listen.open
        if item.truth not in (None, "explain", "open"):
            assert item.truth in {a.label for a in listen.answers}


def test_v6_voices_and_talkers_are_its_own(tracked: list[tuple[str, str]]) -> None:
    """No other tracked file names a v6 voice (or the voice left out of it) or a radio
    talker, but the voice pinning and the docs describing this set."""
    from voicepiece.voices import kokoro_model

    names = [v.split(":", 1)[1] for v in (*v6.V6_VOICES, *v6.LEFT_OUT, *v6.RADIO_TALKERS)]
    # whole names: a longer voice name (a turn set's) that begins with one is another voice;
    # the blind set v8's blends mix each of its kept voices with another blind set's
    places = VOICE_PLACES | {"scripts/bench_listening_heldout8.py"}
    found = sum(re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", text) is not None
                for path, text in tracked if path not in places for n in names)
    assert found == 0, f"{found} other files name a v6 voice or talker"
    assert len(v6.V6_VOICES) == 4
    kokoro = [v.split(":", 1)[1] for v in (*v6.V6_VOICES, *v6.LEFT_OUT)
              if v.startswith("kokoro:")]
    assert len(kokoro) == 4
    assert all(n in kokoro_model.VOICE_SHA256 for n in kokoro)


def test_the_bench_runs_v6_only_when_named() -> None:
    """``scripts/bench listening`` takes v6 in only with VOICEPIECE_BENCH_V6=1."""
    from bench_listening import sets_in

    for quick in (True, False):
        assert not sets_in(quick, environ={})["v6"]
        assert sets_in(quick, environ={"VOICEPIECE_BENCH_V6": "1"})["v6"]
    text = (ROOT / "scripts" / "bench_listening.py").read_text("utf-8")
    assert '"held_out_v6"' in text

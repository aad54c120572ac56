"""The turns bench's blind set v8 stays blind: none of its answers (the hesitant ones whole,
what follows each pause, a beginning of four words or more — the short openers the issue
names, "I think that…", are everyone's — the complete ones, the open sentences) is written
in any other tracked file — tuning data, the piece, another set, the docs — its voices are
spoken by no other
set, its pauses are inside the issue's 0.6–1.2 s, every hesitant answer's kind is named, and
the bench runs it only when named. Pure text: no model is loaded, no audio is made.

A failure says how many, never which: the set's words must not reach a log that tuning
could read."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.tracked import tracked_texts
from voicepiece.story.wording import normalize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import bench_turns_v8 as v8  # noqa: E402

OWN = {"scripts/bench_turns_v8.py", "tests/test_turns_v8.py"}
VOICE_PLACES = {"voicepiece/voices/kokoro_model.py", "voicepiece/voices/kokoro_voices/NOTICE",
                "docs/voices.md", "docs/listening-measurements.md", "docs/benchmarks.md",
                "scripts/bench_listening_heldout5.py", "scripts/bench_listening_heldout8.py"}
"""Where the set's voices may be named: their pins, the docs that say whose they are, the
listening set v5, which names hm_psi once as a voice it checked and left out (before the
voice was in the repository: docs/listening-measurements.md, v5's section), and the blind
listening set v8, whose blends mix each of its Kokoro voices with another blind set's."""
KINDS = {v8.HESITATION, v8.OPEN_CLAUSE, v8.GOES_ON}


@pytest.fixture(scope="module")
def tracked() -> list[tuple[str, str]]:
    return tracked_texts(OWN)


def _phrases() -> list[str]:
    """Every wording of the set a tuning file must not hold."""
    return [*(f"{first} {rest}" for first, rest in v8.V8_HESITANT),
            *(rest for _, rest in v8.V8_HESITANT),
            *(first for first, _ in v8.V8_HESITANT if len(first.split()) >= 4),
            *v8.V8_COMPLETE, *v8.V8_OPEN]


def _written_elsewhere(tracked: list[tuple[str, str]]) -> int:
    corpus = [f" {normalize(text)} " for _, text in tracked]
    return sum(any(f" {normalize(p)} " in text for text in corpus) for p in _phrases())


def test_no_wording_of_v8_is_written_anywhere_else(tracked: list[tuple[str, str]]) -> None:
    assert len(tracked) > 100
    found = _written_elsewhere(tracked)
    assert found == 0, f"{found} of v8's {len(_phrases())} wordings are written elsewhere"


def test_v8_answers_are_distinct_and_enough() -> None:
    answers = [*(f"{first} {rest}" for first, rest in v8.V8_HESITANT), *v8.V8_COMPLETE,
               *v8.V8_OPEN]
    assert len({normalize(a) for a in answers}) == len(answers)
    assert len(v8.V8_HESITANT) >= 20 and len(v8.V8_COMPLETE) >= 8 and len(v8.V8_OPEN) >= 4


def test_v8_pauses_are_spread_inside_the_asked_range() -> None:
    assert all(0.6 <= g <= 1.2 for g in v8.V8_GAPS)
    assert len(set(v8.V8_GAPS)) >= 3 and max(v8.V8_GAPS) - min(v8.V8_GAPS) >= 0.5


def test_every_hesitant_answer_of_v8_has_its_kind_named() -> None:
    assert len(v8.V8_KINDS) == len(v8.V8_HESITANT)
    assert set(v8.V8_KINDS) == KINDS
    assert min(v8.V8_KINDS.count(kind) for kind in KINDS) >= 5


def test_v8_answers_are_at_the_her_piece_listening_points() -> None:
    from voicepiece.story.loader import load_piece

    points = {n.name for n in load_piece("her").listening_points()}
    assert len(v8.V8_POINTS) == len(v8.V8_HESITANT) + len(v8.V8_COMPLETE) + len(v8.V8_OPEN)
    assert set(v8.V8_POINTS) <= points
    assert len(set(v8.V8_POINTS)) >= 8


def test_v8_voices_are_its_own(tracked: list[tuple[str, str]]) -> None:
    from bench_turns_clips import SETS

    from voicepiece.voices import kokoro_model

    names = [v.split(":", 1)[1].split("@")[0] for v in v8.V8_VOICES]
    marks = [n.lower() if not n.startswith("en") else n.split("+")[1].lower() for n in names]
    found = sum(any(m in text.lower() for m in marks)
                for path, text in tracked if path not in VOICE_PLACES)
    assert found == 0, f"{found} other tracked files name a voice of v8"
    others = {v for name, split in SETS.items() if name != "unseen_v8" for v in split.voices}
    assert not others & set(v8.V8_VOICES)
    kokoro = [n for v, n in zip(v8.V8_VOICES, names, strict=True) if v.startswith("kokoro:")]
    assert kokoro and all(n in kokoro_model.VOICE_SHA256 for n in kokoro)


def test_the_bench_runs_v8_blind_and_only_when_named() -> None:
    from bench_turns import sets_chosen
    from bench_turns_clips import SETS

    split = SETS["unseen_v8"]
    assert split.blind and split.named_only
    assert split.kinds == v8.V8_KINDS and split.points == v8.V8_POINTS
    assert "unseen_v8" not in sets_chosen("")
    assert "unseen_v7" in sets_chosen("")
    assert sets_chosen("unseen_v8") == ["unseen_v8"]
    assert sets_chosen("tuning,unseen_v8") == ["tuning", "unseen_v8"]

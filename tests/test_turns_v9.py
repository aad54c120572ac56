"""The turns bench's set v9, development data since issue 13's thirteenth pass (it was
blind for its first three runs): its pauses are inside the issue's 0.6–1.2 s, every hesitant
answer's kind is named, its answers are at the her piece's listening points, its halves
split its voices (fit and held, apart), its voices are spoken by no set still blind, and the
bench runs it only when named while v8 stays blind. The guards that kept its wordings and
voices out of every other file are gone with its blindness (v8's own guard,
tests/test_turns_v8.py, still keeps v8's out of this set's files). Pure text: no model is
loaded, no audio is made."""

from __future__ import annotations

import sys
from pathlib import Path

from voicepiece.story.wording import normalize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import bench_turns_v9 as v9  # noqa: E402

KINDS = {v9.HESITATION, v9.OPEN_CLAUSE, v9.GOES_ON}


def test_v9_answers_are_distinct_and_enough() -> None:
    answers = [*(f"{first} {rest}" for first, rest in v9.V9_HESITANT), *v9.V9_COMPLETE,
               *v9.V9_OPEN]
    assert len({normalize(a) for a in answers}) == len(answers)
    assert len(v9.V9_HESITANT) >= 20 and len(v9.V9_COMPLETE) >= 8 and len(v9.V9_OPEN) >= 4


def test_v9_pauses_are_spread_inside_the_asked_range() -> None:
    assert all(0.6 <= g <= 1.2 for g in v9.V9_GAPS)
    assert len(set(v9.V9_GAPS)) >= 3 and max(v9.V9_GAPS) - min(v9.V9_GAPS) >= 0.5


def test_every_hesitant_answer_of_v9_has_its_kind_named() -> None:
    assert len(v9.V9_KINDS) == len(v9.V9_HESITANT)
    assert set(v9.V9_KINDS) == KINDS
    assert min(v9.V9_KINDS.count(kind) for kind in KINDS) >= 5


def test_v9_answers_are_at_the_her_piece_listening_points() -> None:
    from voicepiece.story.loader import load_piece

    points = {n.name for n in load_piece("her").listening_points()}
    assert len(v9.V9_POINTS) == len(v9.V9_HESITANT) + len(v9.V9_COMPLETE) + len(v9.V9_OPEN)
    assert set(v9.V9_POINTS) <= points
    assert len(set(v9.V9_POINTS)) >= 8


def test_v9_halves_split_its_voices() -> None:
    assert set(v9.FIT_VOICES) | set(v9.HELD_VOICES) == set(v9.V9_VOICES)
    assert not set(v9.FIT_VOICES) & set(v9.HELD_VOICES)
    assert v9.FIT_VOICES and v9.HELD_VOICES


def test_v9_voices_are_no_blind_sets() -> None:
    from bench_turns_clips import SETS

    from voicepiece.voices import kokoro_model

    blind = {v for name, split in SETS.items() if split.blind for v in split.voices}
    assert SETS["unseen_v8"].blind and not blind & set(v9.V9_VOICES)
    kokoro = [v.split(":", 1)[1] for v in v9.V9_VOICES if v.startswith("kokoro:")]
    assert kokoro and all(n in kokoro_model.VOICE_SHA256 for n in kokoro)


def test_the_bench_runs_v9_only_when_named_and_v8_stays_blind() -> None:
    from bench_turns import sets_chosen
    from bench_turns_clips import SETS

    split = SETS["unseen_v9"]  # development data: its cases print and may be logged
    assert not split.blind and split.named_only and split.every_voice
    assert SETS["unseen_v8"].blind and SETS["unseen_v8"].named_only
    assert split.kinds == v9.V9_KINDS and split.points == v9.V9_POINTS
    assert split.gaps == v9.V9_GAPS and split.color == v9.V9_NOISE
    assert "unseen_v9" not in sets_chosen("") and "unseen_v8" not in sets_chosen("")
    assert sets_chosen("unseen_v9") == ["unseen_v9"]
    assert sets_chosen("unseen_v8,unseen_v9") == ["unseen_v8", "unseen_v9"]

"""The turns bench's blind set v9 stays blind: none of its answers (the hesitant ones whole,
what follows each pause, a beginning of four words or more — the short openers the issue
names, "I think that…", are everyone's — the complete ones, the open sentences) is written
in any other tracked file — tuning data, the piece, another set, the docs — its voices are
spoken by no other set and named nowhere but where they are pinned, its pauses are inside
the issue's 0.6–1.2 s, every hesitant answer's kind is named, and the bench runs it blind
and only when named. Pure text: no model is loaded, no audio is made.

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

import bench_turns_v9 as v9  # noqa: E402

OWN = {"scripts/bench_turns_v9.py", "tests/test_turns_v9.py"}
VOICE_PLACES = {"voicepiece/voices/kokoro_model.py", "voicepiece/voices/kokoro_voices/NOTICE",
                "docs/voices.md", "docs/listening-measurements.md", "docs/benchmarks.md"}
"""Where the set's voices may be named: their pins and the docs that say whose they are."""
KINDS = {v9.HESITATION, v9.OPEN_CLAUSE, v9.GOES_ON}


@pytest.fixture(scope="module")
def tracked() -> list[tuple[str, str]]:
    return tracked_texts(OWN)


def _phrases() -> list[str]:
    """Every wording of the set a tuning file must not hold."""
    return [*(f"{first} {rest}" for first, rest in v9.V9_HESITANT),
            *(rest for _, rest in v9.V9_HESITANT),
            *(first for first, _ in v9.V9_HESITANT if len(first.split()) >= 4),
            *v9.V9_COMPLETE, *v9.V9_OPEN]


def _written_elsewhere(tracked: list[tuple[str, str]]) -> int:
    corpus = [f" {normalize(text)} " for _, text in tracked]
    return sum(any(f" {normalize(p)} " in text for text in corpus) for p in _phrases())


def test_no_wording_of_v9_is_written_anywhere_else(tracked: list[tuple[str, str]]) -> None:
    assert len(tracked) > 100
    found = _written_elsewhere(tracked)
    assert found == 0, f"{found} of v9's {len(_phrases())} wordings are written elsewhere"


def test_the_guard_finds_a_wording_of_v9_written_elsewhere() -> None:
    """The guard itself can fail: a tracked file quoting one answer's rest is counted."""
    _, rest = v9.V9_HESITANT[0]
    assert _written_elsewhere([("somewhere.md", f"a note that says: {rest.upper()}!")]) == 1
    assert _written_elsewhere([("somewhere.md", "nothing of the set here")]) == 0


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


def _marks() -> list[str]:
    """What names each voice: a Kokoro voice's name, an espeak-ng variant's ``+name``."""
    names = [v.split(":", 1)[1].split("@")[0] for v in v9.V9_VOICES]
    return [n.lower() if "+" not in n else "+" + n.split("+")[1].lower() for n in names]


def test_v9_voices_are_its_own(tracked: list[tuple[str, str]]) -> None:
    from bench_turns_clips import SETS

    from voicepiece.voices import kokoro_model

    assert len(v9.V9_VOICES) >= 4
    marks = _marks()
    found = sum(any(m in text.lower() for m in marks)
                for path, text in tracked if path not in VOICE_PLACES)
    assert found == 0, f"{found} other tracked files name a voice of v9"
    others = {v for name, split in SETS.items() if name != "unseen_v9" for v in split.voices}
    assert not others & set(v9.V9_VOICES)
    kokoro = [v.split(":", 1)[1] for v in v9.V9_VOICES if v.startswith("kokoro:")]
    assert kokoro and all(n in kokoro_model.VOICE_SHA256 for n in kokoro)


def test_the_bench_runs_v9_blind_and_only_when_named() -> None:
    from bench_turns import sets_chosen
    from bench_turns_clips import SETS

    split = SETS["unseen_v9"]  # blind: the bench prints no cut_texts, and
    # VOICEPIECE_BENCH_TURNS_CASES, bench_turns_pauses.py and bench_turns_readings.py refuse it
    assert split.blind and split.named_only and split.every_voice
    assert split.kinds == v9.V9_KINDS and split.points == v9.V9_POINTS
    assert split.gaps == v9.V9_GAPS and split.color == v9.V9_NOISE
    assert "unseen_v9" not in sets_chosen("")
    assert sets_chosen("unseen_v9") == ["unseen_v9"]
    assert sets_chosen("unseen_v8,unseen_v9") == ["unseen_v8", "unseen_v9"]


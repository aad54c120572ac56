"""The blind sets' tools (scripts/bench_listening_blind.py): a smoke run hears exactly the
first clips asked for, whole sessions as far as they go, and a set whose clips fail a check
is not passed. Pure logic: no model, no audio."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from bench_listening_blind import clips_pass, first_clips  # noqa: E402
from bench_listening_clips import Clip, Item  # noqa: E402


def _session(voice: str, n: int) -> list[Clip]:
    item = Item("norms", "words", "yes")
    return [Clip(item, voice, None, b"", 0, 1.0) for _ in range(n)]


def test_a_limit_keeps_the_first_clips_across_sessions() -> None:
    sessions = [_session("a", 3), _session("b", 3), _session("c", 3)]
    assert [len(s) for s in first_clips(sessions, 2)] == [2]
    kept = first_clips(sessions, 5)
    assert [len(s) for s in kept] == [3, 2]
    assert [s[0].voice for s in kept] == ["a", "b"]
    assert [len(s) for s in first_clips(sessions, None)] == [3, 3, 3]


def _counts(**changes: object) -> dict[str, object]:
    counts: dict[str, object] = {"bad_length": 0, "bad_end": 0, "bad_snr": 0,
                                 "snr_median_db": {"20": 20.4, "10": 10.9}}
    return counts | changes


def test_clips_pass_only_when_every_check_does() -> None:
    assert clips_pass(_counts())
    assert not clips_pass(_counts(bad_snr=1))
    assert not clips_pass(_counts(bad_end=2))
    assert not clips_pass(_counts(snr_median_db={"20": 20.0, "10": 12.0}))

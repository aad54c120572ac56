"""The turns bench's blind set v10 stays blind: none of its answers (the hesitant ones whole,
what follows each pause, a beginning of four words or more — the short openers the issue
names, "I think that…", are everyone's — the complete ones, the open sentences) is written
in any other tracked file — tuning data, the piece, another set, the docs — its voices are
spoken by no other set and named nowhere but where they are pinned, its pauses are inside
the issue's 0.6–1.2 s, every hesitant answer's kind is named, each answer is said by two
of its voices (Kokoro blends of two kept voices each), and the bench runs it
blind and only when named. No model is loaded; the only audio made is the train's noise.

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

import bench_turns_v10 as v10  # noqa: E402

OWN = {"scripts/bench_turns_v10.py", "tests/test_turns_v10.py"}
VOICE_PLACES = {"voicepiece/voices/kokoro_model.py", "voicepiece/voices/kokoro_voices/NOTICE",
                "docs/voices.md", "docs/listening-measurements.md", "docs/benchmarks.md"}
"""Where the set's voices may be named: their pins and the docs that say whose they are."""
KINDS = {v10.HESITATION, v10.OPEN_CLAUSE, v10.GOES_ON}


@pytest.fixture(scope="module")
def tracked() -> list[tuple[str, str]]:
    return tracked_texts(OWN)


def _phrases() -> list[str]:
    """Every wording of the set a tuning file must not hold."""
    return [*(f"{first} {rest}" for first, rest in v10.V10_HESITANT),
            *(rest for _, rest in v10.V10_HESITANT),
            *(first for first, _ in v10.V10_HESITANT if len(first.split()) >= 4),
            *v10.V10_COMPLETE, *v10.V10_OPEN]


def _written_elsewhere(tracked: list[tuple[str, str]]) -> int:
    corpus = [f" {normalize(text)} " for _, text in tracked]
    return sum(any(f" {normalize(p)} " in text for text in corpus) for p in _phrases())


def test_no_wording_of_v10_is_written_anywhere_else(tracked: list[tuple[str, str]]) -> None:
    assert len(tracked) > 100
    found = _written_elsewhere(tracked)
    assert found == 0, f"{found} of v10's {len(_phrases())} wordings are written elsewhere"


def test_the_guard_finds_a_wording_of_v10_written_elsewhere() -> None:
    """The guard itself can fail: a tracked file quoting one answer's rest is counted."""
    _, rest = v10.V10_HESITANT[0]
    assert _written_elsewhere([("somewhere.md", f"a note that says: {rest.upper()}!")]) == 1
    assert _written_elsewhere([("somewhere.md", "nothing of the set here")]) == 0


def test_v10_answers_are_distinct_and_enough() -> None:
    answers = [*(f"{first} {rest}" for first, rest in v10.V10_HESITANT), *v10.V10_COMPLETE,
               *v10.V10_OPEN]
    assert len({normalize(a) for a in answers}) == len(answers)
    assert len(v10.V10_HESITANT) >= 20 and len(v10.V10_COMPLETE) >= 8 and len(v10.V10_OPEN) >= 4


def test_v10_pauses_are_spread_inside_the_asked_range() -> None:
    assert all(0.6 <= g <= 1.2 for g in v10.V10_GAPS)
    assert len(set(v10.V10_GAPS)) >= 3 and max(v10.V10_GAPS) - min(v10.V10_GAPS) >= 0.5


def test_every_hesitant_answer_of_v10_has_its_kind_named() -> None:
    assert len(v10.V10_KINDS) == len(v10.V10_HESITANT)
    assert set(v10.V10_KINDS) == KINDS
    assert min(v10.V10_KINDS.count(kind) for kind in KINDS) >= 5


def test_v10_answers_are_at_the_her_piece_listening_points() -> None:
    from voicepiece.story.loader import load_piece

    points = {n.name for n in load_piece("her").listening_points()}
    answers = len(v10.V10_HESITANT) + len(v10.V10_COMPLETE) + len(v10.V10_OPEN)
    assert len(v10.V10_POINTS) == answers
    assert set(v10.V10_POINTS) <= points
    assert len(set(v10.V10_POINTS)) >= 8


def _marks() -> list[str]:
    """What names each voice: a blend's recipe whole, an espeak-ng variant's ``+name``."""
    names = [v.split(":", 1)[1] for v in v10.V10_VOICES]
    return [n.lower() if v.startswith(v10.MIX) else "+" + n.split("+")[1].lower()
            for v, n in zip(v10.V10_VOICES, names, strict=True)]


def test_v10_voices_are_its_own(tracked: list[tuple[str, str]]) -> None:
    from bench_turns_clips import SETS

    assert len(v10.V10_VOICES) >= 4
    marks = _marks()
    found = sum(any(m in text.lower() for m in marks)
                for path, text in tracked if path not in VOICE_PLACES)
    assert found == 0, f"{found} other tracked files name a voice of v10"
    others = {v for name, split in SETS.items() if name != "unseen_v10" for v in split.voices}
    assert not others & set(v10.V10_VOICES)


def test_v10_blends_mix_two_kept_voices_each() -> None:
    """A blend is a timbre of its own: two kept Kokoro voices, neither above 70%."""
    from voicepiece.voices import kokoro_model

    blends = [v for v in v10.V10_VOICES if v.startswith(v10.MIX)]
    assert len(blends) >= 2
    for blend in blends:
        parts = v10.mix_parts(blend)
        assert len(parts) == 2 and all(0.3 <= w <= 0.7 for _, w in parts)
        assert all(name in kokoro_model.VOICE_SHA256 for name, _ in parts)
    assert len({frozenset(n for n, _ in v10.mix_parts(b)) for b in blends}) == len(blends)
    with pytest.raises(ValueError, match="sum to 1"):
        v10.mix_parts(f"{v10.MIX}af_bella*0.5+bf_lily*0.3")


def test_v10_answers_are_spread_over_its_voices() -> None:
    """Each answer is said by ``V10_SPREAD`` voices, and every voice says every kind."""
    from bench_turns_clips import SETS, voices_of

    split = SETS["unseen_v10"]
    voices = voices_of(split, quick=True)
    assert voices == split.voices and split.spread == v10.V10_SPREAD >= 2
    answers = len(split.hesitant) + len(split.complete) + len(split.open)
    for i in range(answers):
        assert sum(split.says(v, i, len(voices)) for v in range(len(voices))) == split.spread
    for v in range(len(voices)):
        said = {split.kinds[i] for i in range(len(split.hesitant))
                if split.says(v, i, len(voices))}
        assert said == KINDS
    assert all(SETS["unseen_v9"].says(v, i, 5) for v in range(5) for i in range(30))


def test_the_train_is_fixed_by_its_seed_and_set_at_its_snr() -> None:
    import numpy as np

    from voicepiece.listening.room_noise import speech_rms

    rate = 16000
    a, b = v10.train(3 * rate, rate, 7), v10.train(3 * rate, rate, 7)
    assert np.array_equal(a, b) and not np.array_equal(a, v10.train(3 * rate, rate, 8))
    assert abs(float(np.sqrt(np.mean(a ** 2))) - 1.0) < 1e-6
    t = np.arange(3 * rate) / rate
    tone = (3000 * np.sin(2 * np.pi * 220 * t)).astype("<i2").tobytes()
    noisy = np.frombuffer(v10.add_train_noise(tone, 10.0, 3, rate), dtype="<i2")
    noise = noisy.astype(np.float64) - np.frombuffer(tone, dtype="<i2")
    snr = 20 * np.log10(speech_rms(tone) / np.sqrt(np.mean(noise ** 2)))
    assert abs(snr - 10.0) < 0.5


def test_the_bench_runs_v10_blind_and_only_when_named() -> None:
    from bench_turns import sets_chosen
    from bench_turns_clips import SETS

    split = SETS["unseen_v10"]  # blind: the bench prints no cut_texts, and
    # VOICEPIECE_BENCH_TURNS_CASES, bench_turns_pauses.py and bench_turns_readings.py refuse it
    assert split.blind and split.named_only and split.every_voice
    assert split.kinds == v10.V10_KINDS and split.points == v10.V10_POINTS
    assert split.gaps == v10.V10_GAPS and split.color == v10.V10_NOISE
    assert "unseen_v10" not in sets_chosen("")
    assert sets_chosen("unseen_v10") == ["unseen_v10"]
    assert sets_chosen("unseen_v9,unseen_v10") == ["unseen_v9", "unseen_v10"]

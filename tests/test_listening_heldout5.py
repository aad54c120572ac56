"""The listening bench's held-out set v5 stays held out: none of its phrasings is written
in any other tracked file (the grammar's and the pieces' phrases, meanings.yaml,
understood.yaml, the tuning and held-out data, the tests, the other sets, the docs), its
voices are spoken by no other set and its gallery's murmur comes from talkers no other
noise uses — so no fitting, threshold or rule can have been chosen on it. And it has the
shape it was written with. Pure text: no model is loaded."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from tests.tracked import tracked_texts
from voicepiece.story.wording import normalize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import bench_listening_heldout5 as v5  # noqa: E402
import bench_listening_heldout5_phrases as said  # noqa: E402

OWN = {"scripts/bench_listening_heldout5.py", "scripts/bench_listening_heldout5_phrases.py",
       "scripts/bench_listening_heldout5_check.py", "tests/test_listening_heldout5.py"}
YES_NO_POINTS = {"isolated", "she_listens", "norms", "relationship", "is_he_alone",
                 "true_love", "constructs"}


def _tracked() -> list[tuple[str, str]]:
    return tracked_texts(OWN)


def test_no_phrasing_of_v5_is_written_anywhere_else() -> None:
    corpus = [(name, f" {normalize(text)} ") for name, text in _tracked()]
    assert len(corpus) > 100  # the repository was read, not an empty listing
    found = [(phrase, name) for phrase in v5.phrasings() for name, text in corpus
             if f" {normalize(phrase)} " in text]
    assert found == []


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
    from voicepiece.story.loader import load_piece

    points = {n.name: n for n in load_piece("her").listening_points()}
    held = []
    for point, text, _ in said.MEANING_ANSWERS:
        listen = points[point].listen
        assert listen is not None
        held += [(text, phrase) for answer in listen.answers for phrase in answer.phrases
                 if f" {normalize(phrase)} " in f" {normalize(text)} "]
    assert held == []


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


def test_v5_voices_and_talkers_are_its_own() -> None:
    """No other tracked file names a v5 voice or a murmur talker, but the voice pinning
    (the Kokoro voice list, its docs and NOTICE) and the docs describing this set."""
    from voicepiece.voices import kokoro_model

    allowed = {"voicepiece/voices/kokoro_model.py", "docs/voices.md",
               "docs/listening-measurements.md",
               "docs/benchmarks.md", "voicepiece/voices/kokoro_voices/NOTICE"}
    names = [v.split(":", 1)[1] for v in v5.V5_VOICES]
    names += [t.split(":", 1)[1] for t in v5.MURMUR_TALKERS]
    found = [(n, path) for path, text in _tracked() if path not in allowed
             for n in names if n in text]
    assert found == []
    assert len(v5.V5_VOICES) == 5
    for voice in v5.V5_VOICES:
        engine, name = voice.split(":", 1)
        assert engine == "kokoro"
        assert name in kokoro_model.VOICE_SHA256

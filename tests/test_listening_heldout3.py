"""The listening bench's held-out set v3 stays held out: none of its phrasings is written
anywhere else in the repository (the grammar's and the pieces' phrases, meanings.yaml,
understood.yaml, the tuning and held-out data, the tests, the other listening sets, the
turn-taking sets, the docs), and its voices are spoken by no other set — so no fitting,
threshold or rule can have been chosen on it. Pure text: no model is loaded."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.tracked import tracked_texts
from voicepiece.story.wording import normalize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import bench_listening_heldout3 as v3  # noqa: E402

OWN = {"scripts/bench_listening_heldout3.py", "tests/test_listening_heldout3.py"}


def _corpus() -> list[tuple[str, str]]:
    """(path, normalized text) of every tracked text file but the set's own two."""
    return [(name, f" {normalize(text)} ") for name, text in tracked_texts(OWN)]


def test_no_phrasing_of_v3_is_written_anywhere_else() -> None:
    corpus = _corpus()
    assert len(corpus) > 100  # the repository was read, not an empty listing
    found = [(phrase, name) for phrase in v3.phrasings() for name, text in corpus
             if f" {normalize(phrase)} " in text]
    assert found == []


def test_v3_phrasings_are_distinct_and_enough() -> None:
    said = [normalize(p) for p in v3.phrasings()]
    assert len(set(said)) == len(said)
    assert len(v3.ANSWERS) + len(v3.ELSEWHERE) >= 50
    assert len(v3.OFF_LIST) >= 20
    truths = {t for _, t in v3.ANSWERS} | {t for _, _, t in v3.ELSEWHERE}
    assert {"yes", "no", "unsure", "explain", "open"} <= truths


def test_v3_voices_are_its_own() -> None:
    import bench_listening_dev_set as dev
    import bench_listening_heldout2 as v2

    from voicepiece.voices import kokoro_model

    others = {*v2.V2_VOICES, *dev.DEV_VOICES, "kokoro:af_heart"}
    assert not others & set(v3.V3_VOICES)
    for voice in v3.V3_VOICES:
        assert voice.split(":", 1)[1] in kokoro_model.VOICE_SHA256

"""Whole sessions of the her piece in text mode, compared with approved transcripts.

A change to the piece, the matcher or the loop shows up here as a readable diff. After
an intended change: ``scripts/test tests/test_golden.py --update-golden``, then review.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voicepiece.cli import main

GOLDEN = Path(__file__).parent / "golden"
SEED = 1
"""The shuffled lines' seed: fixed, so transcripts are stable."""

MIXED = ["slowing down", "yes", "not really", "I don't know", "from within",
         "just acceptable", "of course not", "absolutely", "no he isn't",
         "maybe", "between two people"]

NATURAL = ["I think by really listening to each other", "yeah, I think so", "not really",
           "hmm, hard to say", "from someone else", "I think it has to be true", "silence",
           "maybe", "no, I don't think so", "no I don't think he is", "not solely",
           "between two people"]
"""A mixed session in the words people use, with one silence: the answers are natural
phrasings, not the labels."""

SCENARIOS: dict[str, list[str]] = {
    "all-yes": ["yes"] * 30,
    "all-no": ["no"] * 30,
    "all-unsure": ["I'm not sure"] * 30,
    "all-silence": ["silence"],
    "mixed": MIXED,
    "natural": NATURAL,
    "unclear-escalates": ["banana", "the weather is nice today", "what time is it",
                          "yes", "silence", "silence", "silence"],
}


def _normalized(session: dict) -> dict:
    """Times and version vary run to run; the lines said are the .txt transcript's job;
    the seed is the one given."""
    spoken = [line["text"] for line in session.pop("lines")]
    assert spoken, "session.json records the lines said"
    assert session.pop("seed") == SEED
    return {**session, "started": "<time>", "ended": "<time>", "voicepiece": "<version>"}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_her_session_matches_golden(name: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str],
                                    update_golden: bool) -> None:
    folder = tmp_path / "session"
    args = ["run", "her", "--text", "--record", str(folder), "--seed", str(SEED)]
    for reply in SCENARIOS[name]:
        args += ["--reply", reply]
    assert main(args) == 0
    transcript = capsys.readouterr().out
    session = json.loads((folder / "session.json").read_text())
    assert session["completed"] is True
    got_json = json.dumps(_normalized(session), indent=2) + "\n"

    text_file, json_file = GOLDEN / f"{name}.txt", GOLDEN / f"{name}.json"
    if update_golden:
        text_file.write_text(transcript)
        json_file.write_text(got_json)
    assert text_file.exists(), f"no golden transcript {text_file.name}: run with --update-golden"
    assert transcript == text_file.read_text()
    assert got_json == json_file.read_text()

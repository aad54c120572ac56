"""Approved sessions replay identically; edits to the piece show up as differences.

The sessions in tests/sessions/ were rendered with spoken replies and approved. After an
intended change to the recognizer or the her piece that changes them, render them again
(scripts/approve-sessions) and review what changed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from voicepiece.cli import main
from voicepiece.story.loader import resolve

APPROVED = sorted((Path(__file__).parent / "sessions").iterdir())


def test_there_are_approved_sessions() -> None:
    assert len(APPROVED) >= 2


@pytest.mark.parametrize("folder", APPROVED, ids=[p.name for p in APPROVED])
def test_approved_sessions_replay_identically(folder: Path, capsys) -> None:
    code = main(["replay", str(folder)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "same path and answers" in out


def test_an_edited_piece_is_reported_turn_by_turn(tmp_path: Path, capsys) -> None:
    piece = tmp_path / "her"
    shutil.copytree(resolve("her").parent, piece)
    yaml = piece / "piece.yaml"
    text = yaml.read_text()
    assert "- label: acceptable\n" in text
    yaml.write_text(text.replace("- label: acceptable\n", "- label: bearable\n"))
    mixed = Path(__file__).parent / "sessions" / "spoken-mixed"
    code = main(["replay", str(mixed), "--piece", str(piece)])
    out = capsys.readouterr().out
    assert code == 1
    assert "at 'entangled': recorded acceptable" in out and "now bearable" in out


def test_replay_of_something_that_is_not_a_session(tmp_path: Path, capsys) -> None:
    assert main(["replay", str(tmp_path)]) == 2
    assert "not a session folder" in capsys.readouterr().err

"""A session that an error ends leaves its folder as docs/sessions.md ("A session that
fails") says: removed when it failed before its first turn, so the same command can be run
again into the same folder; kept, repaired and saying why when a listener's turn is in it —
its audio playable, no temporary file left.

The sessions are real ``render --typed`` and ``run --reply`` sessions (espeak narration,
the real recorder); the error is the ear failing at a chosen listen, as a microphone or a
recognizer does.
"""

from __future__ import annotations

import json
import wave
from pathlib import Path

import pytest

from tests.test_gallery import TEA, TWO_QUESTIONS
from voicepiece.archive.mixdown import SESSION_WAV
from voicepiece.cli import main
from voicepiece.errors import DeviceError
from voicepiece.session.textmode import GivenReplies


def failing_at(monkeypatch: pytest.MonkeyPatch, listen: int) -> None:
    """The ear fails at its ``listen``-th listen (1: the first), as a microphone that goes."""
    real = GivenReplies.listen
    calls = [0]

    def listen_or_fail(self: GivenReplies, question: object) -> object:
        calls[0] += 1
        if calls[0] == listen:
            raise DeviceError("the microphone stopped answering")
        return real(self, question)  # type: ignore[arg-type]

    monkeypatch.setattr(GivenReplies, "listen", listen_or_fail)


COMMANDS = {
    "render": ["render", str(TEA), "--typed", "--reply", "yes", "--no-master", "--out"],
    "run": ["run", str(TEA), "--text", "--reply", "yes", "--record"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_session_failing_before_its_first_turn_leaves_nothing_and_can_be_run_again(
        command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "session"
    failing_at(monkeypatch, 1)
    assert main([*COMMANDS[command], str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [f"voicepiece: {out}: the session stopped before its first turn; nothing "
                   f"of it is kept", "voicepiece: the microphone stopped answering"]
    assert not out.exists()
    monkeypatch.undo()
    assert main([*COMMANDS[command], str(out)]) == 0
    record = json.loads((out / "session.json").read_text())
    assert record["completed"] is True and len(record["turns"]) == 1
    assert "stopped" not in record


def test_a_folder_given_with_other_files_keeps_them(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "session"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    failing_at(monkeypatch, 1)
    assert main([*COMMANDS["render"], str(out)]) == 2
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_a_session_failing_after_a_turn_is_kept_playable_and_says_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    piece = tmp_path / "two.yaml"
    piece.write_text(TWO_QUESTIONS)
    out = tmp_path / "session"
    failing_at(monkeypatch, 2)
    args = ["render", str(piece), "--typed", "--reply", "yes", "--reply", "no",
            "--no-master", "--out", str(out)]
    assert main(args) == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        f"voicepiece: {out}: incomplete, stopped after 1 turn; what was recorded is kept")
    record = json.loads((out / "session.json").read_text())
    assert record["stopped"] == "error: the microphone stopped answering"
    assert record["completed"] is False and record["ended"] is None
    assert record["ending"] is None and record["audio"] == "partial"
    assert [t["answer"] for t in record["turns"]] == ["yes"]
    with wave.open(str(out / SESSION_WAV)) as audio:
        assert audio.getnframes() > audio.getframerate()  # the first question and its answer
    assert not [p for p in out.rglob("*") if p.name.startswith(".")]  # no part, no temp
    assert (out / "transcript.txt").read_text().rstrip().endswith("(stopped before the end)")
    monkeypatch.undo()
    assert main(args) == 2  # it holds someone's words: never written over
    assert "already holds a session" in capsys.readouterr().err


def test_a_gallery_visit_failing_before_its_first_turn_leaves_no_folder(
        tmp_path: Path) -> None:
    """The station's way: the next visitor starts in a folder of their own, and the failed
    one, which holds nobody's words, is gone (``keep_silent`` off, the default)."""
    from tests.test_gallery import BrokenEar, rig, visitor
    from voicepiece.gallery.seams import VOICE, Trigger

    broken = Trigger(VOICE, BrokenEar([], RuntimeError("the ear broke")))
    r = rig(tmp_path, [broken, visitor("yes")]).run()
    assert [(x["outcome"], x["recording"]) for x in r.records] == [("error", "discarded"),
                                                                   ("completed", "kept")]
    [folder] = r.folders()
    assert folder.name == r.records[1]["folder"]
    assert json.loads((folder / "session.json").read_text())["completed"] is True

"""`voicepiece run` speaking through a (virtual) speaker, and failing clearly without one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.pulse import PulseServer
from voicepiece.cli import main

TEA = Path(__file__).parent / "pieces" / "tea"


def test_run_speaks_the_narration_and_records_it(pulse_server: PulseServer, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "s"
    with pulse_server.record() as recording:
        code = main(["run", str(TEA), "--text", "--speak", "--reply", "coffee",
                     "--record", str(folder)])
        heard = recording.stop()
    assert code == 0
    out = capsys.readouterr().out
    assert "Would you like a cup of tea?" in out and "Coffee it is." in out
    session = json.loads((folder / "session.json").read_text())
    assert session["completed"] and session["path"] == ["ask", "coffee", "close", "warm"]
    spoken = session["turns"][0]["response_start"]
    assert spoken is not None and spoken > 1.0  # a real timeline: the question took time
    # what came out of the speaker: speech, as long as the session's own audio
    loud = [chunk for chunk in heard[::100] if chunk.rms > 200]
    assert len(loud) / 10 > 2.0, "less than 2 s of sound came out of the speaker"
    assert (folder / "session.wav").exists()


def test_run_without_any_audio_output_says_so_in_one_line(monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/no-such-socket")
    monkeypatch.setenv("PATH", "/nonexistent")
    code = main(["run", str(TEA), "--reply", "yes"])
    err = capsys.readouterr().err
    assert code != 0
    assert len(err.strip().splitlines()) == 1, err
    assert "--text" in err or "apt-get install" in err

"""The watchdog ending a station hung in a session: the real ``voicepiece gallery`` process
(``tests/test_gallery_faults.py``'s driver: a rendered voice, scripted visitors, one who
hangs the ear mid-session) exits by ``os._exit`` for its service manager, and before it
does, everything that records the station says what happened — and nothing says more:

- the session's folder is finished as far as it got — ``session.wav`` playable, no part
  file — and its record says it was stopped by the watchdog, not that it ended;
- the journal has the watchdog's line, naming that folder, and a stop line with why;
- the log says it stopped, and why; the heartbeat, that the watchdog fired.
"""

from __future__ import annotations

import wave
from datetime import datetime
from pathlib import Path

from tests.test_gallery_faults import PIECE, answers, drive, sessions, write_config
from voicepiece.archive.folders import read_session
from voicepiece.archive.mixdown import PART, SESSION_WAV
from voicepiece.gallery import machine as M
from voicepiece.gallery.health import Journal, read_heartbeat, read_journal
from voicepiece.gallery.ledger import Ledger


def test_a_session_the_watchdog_ends_is_finished_and_says_so(tmp_path: Path) -> None:
    piece = tmp_path / "faults" / "piece.yaml"
    piece.parent.mkdir()
    piece.write_text(PIECE)
    config_path, config = write_config(tmp_path, piece,
                                       health={"watchdog_seconds": 3.0,
                                               "heartbeat_seconds": 1.0})
    proc = drive(tmp_path, config_path, [["yes", "no", "yes"], ["no", "yes", "HANG"]],
                 wait=False)
    _, err = proc.communicate(timeout=90)
    assert proc.returncode == 3, err  # the watchdog's exit, for a restart
    assert (tmp_path / "hanging").exists()  # it was hung in the third question
    assert "Traceback" not in err

    [finished] = sessions(config)  # the first visitor's, whole
    assert finished["outcome"] == "completed"
    [hung] = [p for p in config.sessions_path.iterdir()
              if p.name != finished["folder"] and not p.name.startswith(".")]
    info = read_session(hung)
    record = info.record
    assert record is not None and info.status == "incomplete"
    assert record["stopped"].startswith("watchdog: no progress for ")
    assert record["ended"] is None and record["ending"] is None  # the story did not end
    assert record["completed"] is False and record["audio"] == "partial"
    assert answers(record) == ["no", "yes"]
    assert not (hung / PART).exists() and (hung / "transcript.txt").is_file()
    with wave.open(str(hung / SESSION_WAV)) as audio:
        assert audio.getnframes() > 2 * audio.getframerate()  # two questions and answers
    assert not [p for p in hung.rglob("*") if p.name.startswith(".")]

    journal = read_journal(config.state_path("journal"))
    kinds = [line["kind"] for line in journal]
    assert kinds[-2:] == ["watchdog", "stop"]
    watchdog, stop = journal[-2:]
    assert watchdog["state"] == M.SESSION and watchdog["folder"] == hung.name
    assert stop["reason"].startswith("watchdog: no progress for ") and stop["sessions"] == 2
    log = config.state_path("log").read_text()
    assert "stopped (watchdog: no progress for " in log
    beat = read_heartbeat(config.state_path("heartbeat"))
    assert beat is not None and beat["watchdog"] is True and beat["state"] == M.SESSION
    # what the next start will say of it
    ledger = Ledger(Journal(tmp_path / "next.jsonl"), datetime.now().astimezone())
    ledger.remember(beat)
    assert ledger.last_crash is not None
    assert ledger.last_crash["message"] == f"pid {proc.pid} was ended by its watchdog in session"

"""`voicepiece sessions`: real text-mode sessions plus hand-made damaged and incomplete ones."""

from __future__ import annotations

import json
import os
import stat
import wave
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from voicepiece.archive.folders import (
    COMPLETED,
    DAMAGED,
    INCOMPLETE,
    delete_session,
    find_sessions,
    read_session,
    sessions_dir,
    to_purge,
)
from voicepiece.archive.stopped import note_stopped
from voicepiece.cli import main
from voicepiece.errors import VoicepieceError

TEA = str(Path(__file__).parent / "pieces" / "tea")
NOW = datetime.now(timezone.utc)


def record(folder: Path, *replies: str, days_ago: float | None = None,
           completed: bool | None = None) -> Path:
    """A real session recorded in text mode, then dated (and marked) as a test needs."""
    args = ["run", TEA, "--text", "--record", str(folder)]
    for reply in replies or ("yes",):
        args += ["--reply", reply]
    assert main(args) == 0
    path = folder / "session.json"
    data = json.loads(path.read_text())
    if days_ago is not None:
        data["started"] = (NOW - timedelta(days=days_ago)).isoformat(timespec="seconds")
    if completed is not None:
        data["completed"] = completed
        data["ending"] = data["ending"] if completed else None
    path.write_text(json.dumps(data))
    return folder


def damaged(folder: Path, content: str, days_ago: float = 0) -> Path:
    folder.mkdir(mode=0o700)
    (folder / "session.json").write_text(content)
    stamp = (NOW - timedelta(days=days_ago)).timestamp()
    os.utime(folder / "session.json", (stamp, stamp))
    return folder


def silent_wav(path: Path, seconds: float, rate: int = 8000) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(int(seconds * rate) * 2))


@pytest.fixture
def store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Three good sessions (one with audio, one incomplete) and one damaged, of known ages."""
    root = tmp_path / "sessions"
    root.mkdir()
    record(root / "old", "no", days_ago=40)
    record(root / "middle", "coffee", days_ago=10, completed=False)
    silent_wav(record(root / "new", "yes", days_ago=1) / "session.wav", 65.2)
    damaged(root / "crashed", '{"piece": "tea", "star', days_ago=20)
    (root / "notes").mkdir()  # not a session: no session.json
    capsys.readouterr()
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["sessions", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_newest_first_with_incomplete_and_damaged_marked(
        store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list", "--dir", str(store))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["SESSION", "STARTED", "(UTC)", "PIECE", "COMPLETED", "ENDING",
                                "TURNS", "DURATION"]
    assert [line.split()[0] for line in lines[1:5]] == ["new", "middle", "crashed", "old"]
    assert lines[1].split()[3:] == ["tea", "yes", "warm", "1", "1:05"]
    assert "NO (incomplete)" in lines[2] and lines[2].split()[-3:] == ["-", "1", "-"]
    assert "DAMAGED" in lines[3]
    assert lines[4].split()[3:] == ["tea", "yes", "cool", "1", "-"]
    assert f"4 sessions in {store} (1 incomplete, 1 damaged)" in out
    assert "damaged: crashed: session.json is not valid JSON (line 1)" in out
    assert "notes" not in out


def test_list_json(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--dir", str(store), "--json")
    assert code == 0
    listed = {s["name"]: s for s in json.loads(out)}
    assert list(listed) == ["new", "middle", "crashed", "old"]
    assert listed["new"]["status"] == COMPLETED and listed["new"]["duration"] == 65.2
    assert listed["new"]["completed"] is True and listed["new"]["turns"] == 1
    assert listed["middle"]["status"] == INCOMPLETE and listed["middle"]["completed"] is False
    assert listed["crashed"]["status"] == DAMAGED and listed["crashed"]["problem"]
    assert listed["old"]["ending"] == "cool" and listed["old"]["duration"] is None


def test_list_uses_the_environment_then_xdg(
        store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("VOICEPIECE_SESSIONS", str(store))
    assert sessions_dir() == store
    assert run(capsys, "list")[1].splitlines()[1].startswith("new ")
    monkeypatch.delenv("VOICEPIECE_SESSIONS")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert sessions_dir() == tmp_path / "data" / "voicepiece" / "sessions"
    assert sessions_dir(Path("given")) == Path("given")


def test_list_of_an_empty_and_of_a_missing_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert run(capsys, "list", "--dir", str(tmp_path / "empty"))[:2] == (
        0, f"no sessions in {tmp_path / 'empty'}\n")
    assert run(capsys, "list", "--dir", str(tmp_path / "empty"), "--json")[1] == "[]\n"
    code, out, err = run(capsys, "list", "--dir", str(tmp_path / "missing"))
    assert code == 2 and out == ""
    assert err.startswith("voicepiece: no sessions folder ") and err.count("\n") == 1


def test_list_of_a_session_folder_says_to_show_it(
        store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "list", "--dir", str(store / "old"))
    assert code == 2 and "is a session, not a folder of sessions" in err


def test_show_by_name_and_by_path(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "new", "--dir", str(store))
    assert code == 0
    assert "piece      tea — A cup of tea" in out
    assert "completed  yes" in out and "ending     warm" in out
    assert "path       ask → close → warm" in out
    assert "audio      1:05 (session.wav)" in out
    assert "files      session.json, session.wav" in out
    table = out[out.index("turns: 1"):].splitlines()
    assert table[1].split() == ["#", "NODE", "KIND", "HEARD", "ANSWER", "CONF", "SPEECH",
                                "RESPONSE"]
    assert table[2].split() == ["1", "ask", "answer", "yes", "yes", "1.00", "-", "-"]
    assert run(capsys, "show", str(store / "new"))[1] == out


def test_show_marks_incomplete_and_damaged(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "show", "middle", "--dir", str(store))[1]
    assert "completed  NO — stopped before the end" in out and "ending     -" in out
    code, out, err = run(capsys, "show", "crashed", "--dir", str(store))
    assert code == 0 and err == ""
    assert "status     DAMAGED: session.json is not valid JSON (line 1)" in out
    assert "turns" not in out


def test_show_a_timed_turn(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = record(tmp_path / "s")
    data = json.loads((folder / "session.json").read_text())
    data["turns"][0].update(speech_start=3.0, speech_end=4.25, response_start=5.1,
                            confidence=0.875, heard="yes " * 20)
    data["turns"].append(dict(data["turns"][0], kind="confirm", confirms="yes", heard=None,
                              answer="silence"))
    (folder / "session.json").write_text(json.dumps(data))
    rows = run(capsys, "show", str(folder))[1].splitlines()[-2:]
    assert rows[0].split()[-4:] == ["yes", "0.88", "3.00–4.25", "5.10"]
    assert "yes yes yes" in rows[0] and "…" in rows[0]
    assert rows[1].split()[:6] == ["2", "ask", "confirm", "yes", "(silence)", "silence"]


def test_a_session_an_error_or_the_watchdog_stopped_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An operator must tell a station that hung or failed from a visitor who walked away
    (both leave an incomplete session): list, --json and show all say what stopped it."""
    root = tmp_path / "sessions"
    root.mkdir()
    record(root / "walked", days_ago=3, completed=False)
    note_stopped(record(root / "hung", days_ago=2, completed=False),
                 "watchdog: no progress for 63 s in session")
    note_stopped(record(root / "failed", days_ago=1, completed=False),
                 "error: the microphone stopped answering")
    capsys.readouterr()
    out = run(capsys, "list", "--dir", str(root))[1]
    lines = out.splitlines()
    assert [line.split()[0] for line in lines[1:4]] == ["failed", "hung", "walked"]
    assert "NO (error)" in lines[1] and "NO (watchdog)" in lines[2]
    assert "NO (incomplete)" in lines[3]
    assert f"3 sessions in {root} (3 incomplete (2 stopped))" in out
    assert lines[-2:] == ["stopped: failed: error: the microphone stopped answering",
                          "stopped: hung: watchdog: no progress for 63 s in session"]
    listed = {s["name"]: s for s in json.loads(run(capsys, "list", "--dir", str(root),
                                                   "--json")[1])}
    assert listed["hung"]["stopped"] == "watchdog: no progress for 63 s in session"
    assert listed["walked"]["stopped"] is None
    assert "stopped    watchdog: no progress for 63 s in session" in run(
        capsys, "show", "hung", "--dir", str(root))[1]
    assert "\nstopped " not in run(capsys, "show", "walked", "--dir", str(root))[1]


def test_show_errors_are_one_line(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for target, message in (("nothing", "no such session"),
                            (str(store / "notes"), "not a session folder")):
        code, out, err = run(capsys, "show", target, "--dir", str(store))
        assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_export_to_a_private_folder(store: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    (store / "new" / ".session.json.abc.tmp").write_text("half")
    target = tmp_path / "copy"
    code, out, _ = run(capsys, "export", "new", "--dir", str(store), "--to", str(target))
    assert code == 0 and out.startswith(f"exported {store / 'new'} to {target}: 3 files")
    copied = sorted(p.name for p in target.iterdir())
    assert copied == ["session.json", "session.wav", "transcript.txt"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    for name in ("session.json", "session.wav"):
        assert stat.S_IMODE((target / name).stat().st_mode) == 0o600
        assert (target / name).read_bytes() == (store / "new" / name).read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_export_to_a_zip(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "middle.zip"
    code, out, _ = run(capsys, "export", str(store / "middle"), "--to", str(target))
    assert code == 0 and "note: the session is incomplete" in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == ["middle/", "middle/session.json", "middle/transcript.txt"]
        info = archive.getinfo("middle/session.json")
        assert stat.S_IMODE(info.external_attr >> 16) == 0o600
        assert archive.read(info) == (store / "middle" / "session.json").read_bytes()


def test_export_refuses_to_overwrite_or_nest(store: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "taken").mkdir()
    for target, message in ((tmp_path / "taken", "already exists"),
                            (store / "old" / "inside", "inside the session"),
                            (tmp_path / "no" / "such.zip", "no folder")):
        code, _, err = run(capsys, "export", "old", "--dir", str(store), "--to", str(target))
        assert code == 2 and message in err and err.count("\n") == 1
    assert list((tmp_path / "taken").iterdir()) == []


def names(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir())


def test_purge_by_age(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "purge", "--dir", str(store), "--older-than", "15")
    assert code == 0
    assert out.splitlines()[:2] == [
        f"deleted crashed ({(NOW - timedelta(days=20)).strftime('%Y-%m-%d %H:%M:%S')} UTC, "
        "damaged)",
        f"deleted old ({(NOW - timedelta(days=40)).strftime('%Y-%m-%d %H:%M:%S')} UTC)"]
    assert out.splitlines()[2] == f"2 sessions deleted, 2 kept in {store}"
    assert names(store) == ["middle", "new", "notes"]


def test_purge_by_count_keeps_the_newest(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "purge", "--dir", str(store), "--keep", "1")
    assert code == 0 and out.count("deleted ") == 3
    assert names(store) == ["new", "notes"]


def test_purge_with_both_limits_deletes_only_what_both_let_go(
        store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "purge", "--dir", str(store), "--keep", "3", "--older-than", "5")
    assert names(store) == ["crashed", "middle", "new", "notes"]


def test_dry_run_deletes_nothing(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "purge", "--dir", str(store), "--keep", "0", "--dry-run")
    assert code == 0 and out.count("would delete ") == 4 and "nothing was deleted" in out
    assert names(store) == ["crashed", "middle", "new", "notes", "old"]


def test_purge_never_touches_what_is_not_a_session_folder(
        store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = record(tmp_path / "elsewhere", days_ago=99)
    (store / "linked").symlink_to(elsewhere)
    (store / "loose.txt").write_text("keep me")
    (store / "notes" / "session.txt").write_text("not a session")
    capsys.readouterr()
    run(capsys, "purge", "--dir", str(store), "--keep", "0")
    assert names(store) == ["linked", "loose.txt", "notes"]
    assert (elsewhere / "session.json").exists()


def test_delete_session_refuses_folders_outside_the_sessions_folder(
        store: Path, tmp_path: Path) -> None:
    outside = record(tmp_path / "outside")
    with pytest.raises(VoicepieceError, match="refusing to delete"):
        delete_session(outside, store)
    with pytest.raises(VoicepieceError, match="refusing to delete"):
        delete_session(store / "notes", store)
    with pytest.raises(VoicepieceError, match="refusing to delete"):
        delete_session(store / ".." / "outside", store)
    assert (outside / "session.json").exists()


def test_purge_argument_errors(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "purge", "--dir", str(store))
    assert code == 2 and "needs --older-than DAYS, --keep N, or both" in err
    for bad in (["--keep", "-1"], ["--keep", "many"], ["--older-than", "soon"]):
        with pytest.raises(SystemExit) as exit_:
            main(["sessions", "purge", "--dir", str(store), *bad])
        assert exit_.value.code == 2
    code, _, err = run(capsys, "purge", "--dir", str(store / "missing"), "--keep", "1")
    assert code == 2 and "no sessions folder" in err
    assert names(store) == ["crashed", "middle", "new", "notes", "old"]


@pytest.mark.parametrize(("content", "problem"), [
    ("", "session.json is empty"),
    ("[1, 2]", "does not hold a session record"),
    ('{"piece": "tea", "started": "yesterday", "completed": true, "turns": []}',
     "no valid started time"),
    ('{"piece": "tea", "started": "2024-05-01T10:00:00Z", "completed": true, "turns": [1]}',
     "malformed turns"),
    (b"\xff\xfe{".decode("latin-1"), "not valid JSON"),
])
def test_damaged_records_are_named_not_raised(tmp_path: Path, content: str,
                                              problem: str) -> None:
    info = read_session(damaged(tmp_path / "s", content))
    assert info.status == DAMAGED and problem in (info.problem or "")
    assert info.when == info.modified


def test_to_purge_is_pure(store: Path) -> None:
    found = find_sessions(store)
    assert [s.name for s in to_purge(found, keep=2)] == ["crashed", "old"]
    assert [s.name for s in to_purge(found, older_than=30)] == ["old"]
    assert [s.name for s in to_purge(found, older_than=30, now=NOW + timedelta(days=25))] == [
        "middle", "crashed", "old"]
    with pytest.raises(VoicepieceError):
        to_purge(found)

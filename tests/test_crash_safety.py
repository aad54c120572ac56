"""Sessions killed at random moments, or starved of disk, never claim to be complete, and
`sessions repair` recovers every finished turn."""

from __future__ import annotations

import contextlib
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import pytest

from tests.warm_renders import WarmParent, WarmRender
from voicepiece.cli import main
from voicepiece.errors import VoicepieceError

KILLS = 12
"""Renders killed, each after a turn drawn at random (fixed seed): the draws land before
the first turn, at the first, in the middle, at the last two and in the ending (turns 0, 1,
1, 3, 5, 7, 7, 9, 9, 14, 15, 16 of the probe's 16). Twenty drew eight more in the middle
(3, 4, 8, 10, 10, 10, 11, 14), moments of the kinds already drawn, for ~35 CPU-s of the
suite's time (docs/benchmarks.md, "The test suite's time").

On a loaded machine a kill can land after the render ended (a render faster than the probe
that set the kill's delay): more renders are then killed, up to :data:`MORE_KILLS`, until
:data:`REPAIRED` have been repaired (one such run repaired fewer than five of twelve)."""
MORE_KILLS = 24
REPAIRED = 5

REPLIES = ["slowing down", "yes", "not really", "I don't know", "from within", "silence",
           "of course not", "absolutely", "banana", "maybe", "between two people"]


def _quiet_between_captions() -> float:
    """The longest stretch a session's audio may hold with no caption: a stage's pause,
    the breath before its question and the listening tone (plus a frame's slack), which a
    kill can land after."""
    from voicepiece.audio.cue import listening_cue
    from voicepiece.story.loader import load_piece

    pauses = load_piece("her").pauses
    return pauses.stage + pauses.question + len(listening_cue()) / 1000 + 0.1


QUIET_BETWEEN_CAPTIONS = _quiet_between_captions()


def render_args(out: Path) -> list[str]:
    """A whole her session with spoken replies, heard by the grammar alone and not
    mastered: what is killed here is the writing of a session (kills during mastering have
    tests of their own below), and the open transcript and the mastering would only make
    each of the killed renders slower."""
    args = ["render", "her", "--out", str(out), "--recognizer", "sphinx", "--no-master"]
    for reply in REPLIES:
        args += ["--reply", reply]
    return args


def render_command(out: Path) -> list[str]:
    return [sys.executable, "-m", "voicepiece", *render_args(out)]


def turn_in_progress(folder: Path, turns: list[dict[str, object]]) -> bool:
    """Whether the kill came as a turn was being kept: its reply clip and audio on disk,
    not yet its record (what a crash may lose, by design: the turn in progress)."""
    clips = folder / "replies"
    return clips.is_dir() and any(p.name.startswith(f"{len(turns) + 1:02d}-")
                                  for p in clips.iterdir())


def leftovers(folder: Path) -> list[str]:
    """Writes in progress, scratch folders and unfinished mixes: all hold a voice."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.name.endswith((".tmp", ".part")) or p.name == ".session.raw.wav")


def assert_truthful(folder: Path) -> None:
    """Whatever is there is readable, and complete only if everything is."""
    record_file = folder / "session.json"
    if not record_file.exists():
        return
    record = json.loads(record_file.read_text())  # never half-written
    if record["completed"]:
        for name in ("session.wav", "captions.vtt", "transcript.txt"):
            assert (folder / name).exists(), f"complete but {name} is missing"
        with wave.open(str(folder / "session.wav")) as wav:
            assert wav.getnframes() > 0


def recorded_turns(proc: WarmRender, folder: Path, count: int) -> None:
    """Wait until the render's record holds ``count`` turns, or the render has ended."""
    record = folder / "session.json"
    while count and proc.poll() is None:
        with contextlib.suppress(FileNotFoundError, json.JSONDecodeError):
            if len(json.loads(record.read_text())["turns"]) >= count:
                return
        time.sleep(0.02)


def test_killed_renders_never_look_complete_and_repair_keeps_every_turn(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        request: pytest.FixtureRequest, shared_renders: Path) -> None:
    assert main(["prepare", "her"]) == 0  # a warm cache: renders take about a second
    capsys.readouterr()
    began = time.monotonic()
    probe = subprocess.run(render_command(tmp_path / "probe"), capture_output=True, check=True)
    full = time.monotonic() - began
    assert probe.returncode == 0
    probe_turns = json.loads((tmp_path / "probe" / "session.json").read_text())["turns"]
    rng = random.Random(20261125)
    repaired = 0
    # each killed render is a process of its own, forked from a parent that has imported
    # what a render imports (tests/warm_renders.py): the probe above and the full-disk
    # test below start the command itself
    parent = WarmParent()
    request.addfinalizer(parent.close)
    for i in range(KILLS + MORE_KILLS):
        if i >= KILLS and repaired >= REPAIRED:
            break
        folder = tmp_path / f"killed-{i}"
        proc = parent.render(render_args(folder))
        # killed a while after a random turn is kept, not at a random time: a render
        # slower or faster than the probe (another load) is still killed mid-session
        recorded_turns(proc, folder, rng.randrange(len(probe_turns) + 1))
        try:
            proc.wait(timeout=rng.uniform(0.05, full / (len(probe_turns) + 1)))
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        assert_truthful(folder)
        record_file = folder / "session.json"
        if not record_file.exists() or json.loads(record_file.read_text())["completed"]:
            continue
        turns = json.loads(record_file.read_text())["turns"]
        ended = json.loads(record_file.read_text())["ending"] is not None
        assert main(["sessions", "repair", str(folder)]) == 0
        after = json.loads(record_file.read_text())
        # complete only if it ended, and only with its whole audio: a kill after the ending
        # was recorded but before its audio was finished leaves a session that is not
        assert after["finalised"] and (ended or not after["completed"])
        assert_truthful(folder)
        assert after["turns"] == turns, "repair must keep every finished turn"
        assert not leftovers(folder), "repair must remove what a kill left being written"
        assert (folder / "transcript.txt").exists()
        if (folder / "session.wav").exists():
            with wave.open(str(folder / "session.wav")) as wav:
                seconds = wav.getnframes() / wav.getframerate()
            if turns and turns[-1]["response_start"] is not None:
                assert seconds >= turns[-1]["response_start"] - 0.05
            covered = max([last_cue_end(folder)] + [t["response_start"] or 0 for t in turns])
            if not turn_in_progress(folder, turns):
                assert seconds - covered <= QUIET_BETWEEN_CAPTIONS, (
                    "captions (and silent turns) reach the end")
        repaired += 1
    assert repaired >= REPAIRED, "too few kills landed mid-session to test repair"


def test_a_full_disk_stops_recording_not_the_session(tmp_path: Path, shared_renders: Path
                                                      ) -> None:
    folder = tmp_path / "s"

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (3_000_000, 3_000_000))

    done = subprocess.run(render_command(folder), capture_output=True, text=True,
                          preexec_fn=small_disk, env=dict(os.environ), timeout=120)
    assert done.returncode == 1, done.stderr
    assert "incomplete: recording stopped" in done.stdout
    warnings = [line for line in done.stderr.splitlines() if "recording stopped" in line]
    assert len(warnings) == 1, done.stderr
    assert "Traceback" not in done.stderr
    record = json.loads((folder / "session.json").read_text())
    assert record["completed"] is False
    assert main(["sessions", "repair", str(folder)]) == 0
    assert json.loads((folder / "session.json").read_text())["turns"] == record["turns"]


# --- a kill, a stop or an error while mastering -------------------------------------------

TEA = str(Path(__file__).parent / "pieces" / "tea")
TEA_REPLIES = ["yes please", "silence"]

SLOW_FFMPEG = """#!{python}
import os, sys, time
args = sys.argv[1:]
if "-y" in args:  # the master being written: leave part of it, then hang until killed
    with open(args[args.index("-y") + 1], "wb") as out:
        out.write(b"RIFF" + bytes(100_000))
    with open(os.environ["MASTERING_NOW"], "w") as mark:
        mark.write(str(os.getpid()))
    time.sleep(600)
os.execv({ffmpeg!r}, [{ffmpeg!r}, *args])
"""


def files_in(folder: Path) -> list[Path]:
    """Files, not the empty folders a sound-server client may make."""
    return [p for p in folder.rglob("*") if p.is_file()]


def tea_render(out: Path, *extra: str) -> list[str]:
    args = [sys.executable, "-m", "voicepiece", "render", TEA, "--out", str(out), *extra]
    for reply in TEA_REPLIES:
        args += ["--reply", reply]
    return args


def caught_mastering(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment whose ffmpeg writes part of the master, says so in the returned
    file, and hangs there; and a private, empty $TMPDIR."""
    tools = tmp_path / "tools"
    tools.mkdir()
    fake = tools / "ffmpeg"
    fake.write_text(SLOW_FFMPEG.format(python=sys.executable, ffmpeg=shutil.which("ffmpeg")))
    fake.chmod(0o755)
    private_tmp = tmp_path / "tmpdir"
    private_tmp.mkdir()
    env = dict(os.environ, PATH=f"{tools}{os.pathsep}{os.environ['PATH']}",
               MASTERING_NOW=str(tmp_path / "mastering-now"), TMPDIR=str(private_tmp))
    return env, private_tmp


def stop_while_mastering(tmp_path: Path, folder: Path, sig: signal.Signals) -> int:
    """Render tea, and send ``sig`` once the master is being written."""
    env, _ = caught_mastering(tmp_path)
    mark = Path(env["MASTERING_NOW"])
    proc = subprocess.Popen(tea_render(folder), env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not mark.exists() or not mark.read_text():
            assert proc.poll() is None, "the render ended before it mastered"
            assert time.monotonic() < deadline, "mastering never began"
            time.sleep(0.02)
        proc.send_signal(sig)
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(mark.read_text()), signal.SIGKILL)  # our fake ffmpeg, if it is left
    return code


@pytest.fixture(scope="module")
def uncut(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same render of tea, left to finish (with user folders of its own, as fresh as
    each test's)."""
    home = tmp_path_factory.mktemp("uncut")
    env = dict(os.environ, **{name: str(home / name) for name in
                              ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME")})
    subprocess.run(tea_render(home / "s"), check=True, capture_output=True, timeout=300,
                   env=env)
    return home / "s"


def script(folder: Path) -> list[str]:
    """The transcript without its header (which says when the session started)."""
    return (folder / "transcript.txt").read_text().splitlines()[2:]


def assert_finished_like(folder: Path, uncut: Path) -> None:
    """Repaired, the session is what it would have been had nothing stopped it."""
    record, whole = (json.loads((f / "session.json").read_text()) for f in (folder, uncut))
    assert record["completed"] is True and record["audio"] == "mastered"
    assert record["finalised"]
    for key in ("ending", "path", "turns", "lines"):
        assert record[key] == whole[key], key
    assert (folder / "captions.vtt").read_text() == (uncut / "captions.vtt").read_text()
    assert script(folder) == script(uncut)
    with wave.open(str(folder / "session.wav")) as a, wave.open(str(uncut / "session.wav")) as b:
        assert a.getnframes() == b.getnframes()
    assert not leftovers(folder)


def last_cue_end(folder: Path) -> float:
    """Where the captions end; a session killed before its first line has no timeline to
    caption, and no captions file."""
    if not (folder / "captions.vtt").exists():
        record = json.loads((folder / "session.json").read_text())
        assert not record["lines"], "a session with lines said has captions"
        return 0.0
    cues = (folder / "captions.vtt").read_text().split(" --> ")
    if len(cues) < 2:
        return 0.0
    hours, minutes, seconds = cues[-1].split()[0].split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def assert_finished_from(folder: Path, before: dict[str, object], uncut: Path) -> None:
    """Repaired, the session is finished from what its record held: every line, to the
    end of its audio (as far from it as an uncut render's captions end)."""
    record = json.loads((folder / "session.json").read_text())
    assert record["completed"] is True and record["audio"] == "mastered"
    for key in ("ending", "path", "turns", "lines"):
        assert record[key] == before[key], key
    assert script(folder)[-1] == script(uncut)[-1]  # "(the end: …)"
    with wave.open(str(folder / "session.wav")) as wav:
        seconds = wav.getnframes() / wav.getframerate()
    with wave.open(str(uncut / "session.wav")) as wav:
        tail = wav.getnframes() / wav.getframerate() - last_cue_end(uncut)
    assert seconds - last_cue_end(folder) <= tail + 0.1
    assert not leftovers(folder)


def test_a_kill_during_mastering_keeps_the_ending_and_repair_finishes_it(
        tmp_path: Path, uncut: Path) -> None:
    folder = tmp_path / "s"
    assert stop_while_mastering(tmp_path, folder, signal.SIGKILL) == -signal.SIGKILL
    record = json.loads((folder / "session.json").read_text())
    whole = json.loads((uncut / "session.json").read_text())
    assert record["completed"] is False  # its audio is not finished…
    assert record["audio"] == "mastering"
    assert record["ended"]  # …but it says that the story ended, and how
    for key in ("ending", "path", "lines"):
        assert record[key] == whole[key], key
    assert leftovers(folder)  # the raw mix and the master being written
    assert not files_in(tmp_path / "tmpdir"), "no voice in $TMPDIR"

    assert main(["sessions", "repair", str(folder)]) == 0
    assert_finished_like(folder, uncut)


def test_sigterm_during_mastering_cleans_up_and_repair_finishes(
        tmp_path: Path, uncut: Path) -> None:
    folder = tmp_path / "s"
    assert stop_while_mastering(tmp_path, folder, signal.SIGTERM) == 130
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []
    assert not files_in(tmp_path / "tmpdir")
    record = json.loads((folder / "session.json").read_text())
    assert record["ending"] and record["completed"] is False
    assert main(["sessions", "repair", str(folder)]) == 0
    assert_finished_like(folder, uncut)


def test_an_error_while_mastering_cleans_up_and_keeps_the_ending(
        tmp_path: Path, uncut: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from voicepiece.archive import ffmpeg

    real_run = ffmpeg.run

    def failing(args: list[str], what: str, timeout: float) -> str:
        if "-y" in args:  # the master is being written
            Path(args[args.index("-y") + 1]).write_bytes(bytes(1000))
            raise VoicepieceError(f"{what}: ffmpeg failed: an injected fault")
        return real_run(args, what, timeout)

    folder = tmp_path / "s"
    monkeypatch.setattr(ffmpeg, "run", failing)
    args = ["render", TEA, "--out", str(folder)]
    for reply in TEA_REPLIES:
        args += ["--reply", reply]
    assert main(args) == 2
    assert "injected fault" in capsys.readouterr().err
    record = json.loads((folder / "session.json").read_text())
    whole = json.loads((uncut / "session.json").read_text())
    assert record["completed"] is False and record["audio"] == "mastering"
    assert (record["ending"], record["path"]) == (whole["ending"], whole["path"])
    assert leftovers(folder) == [".session.raw.wav"]  # the whole mix, for repair

    monkeypatch.setattr(ffmpeg, "run", real_run)
    assert main(["sessions", "repair", str(folder)]) == 0
    assert_finished_from(folder, record, uncut)


def test_a_spoken_reply_is_never_a_file_in_tmpdir(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The listener voice's engine sees an empty $TMPDIR while it speaks: nothing of the
    reply is written where a kill would leave it outside the session."""
    from voicepiece.listening import listener_voices

    tools, private_tmp, seen = tmp_path / "tools", tmp_path / "tmpdir", tmp_path / "seen"
    tools.mkdir()
    private_tmp.mkdir()
    spy = tools / "flite"
    spy.write_text(f"#!/bin/sh\nls -A \"$TMPDIR\" >> {seen}\n"
                   f"exec {shutil.which('flite')} \"$@\"\n")
    spy.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    listener_voices._program.cache_clear()
    try:
        pcm = listener_voices.speak("not really", "flite:slt")
    finally:
        listener_voices._program.cache_clear()
    assert len(pcm) > 16000  # half a second and more of speech
    assert seen.exists() and seen.read_text() == ""
    assert not any(private_tmp.iterdir())


def test_the_ending_is_recorded_before_the_mix_is_finished(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Even a failure at the very end (the disk fills as the mix is closed) keeps how the
    story ended; the audio says what it is, and the session stays incomplete."""
    import errno

    from voicepiece.archive import mixdown

    def full(part: Path, final: Path) -> float:
        raise OSError(errno.ENOSPC, "No space left on device", str(final))

    real = mixdown.finish_part
    monkeypatch.setattr(mixdown, "finish_part", full)
    folder = tmp_path / "s"
    assert main(["render", TEA, "--typed", "--reply", "yes please", "--out", str(folder)]) == 1
    capsys.readouterr()
    record = json.loads((folder / "session.json").read_text())
    assert record["ending"] == "warm" and record["ended"] and record["audio"] == "recording"
    assert record["completed"] is False
    monkeypatch.setattr(mixdown, "finish_part", real)
    assert main(["sessions", "repair", str(folder)]) == 0
    record = json.loads((folder / "session.json").read_text())
    assert record["completed"] is False and record["audio"] == "partial"
    assert script(folder)[-1] == "(the end: warm)"
    assert not leftovers(folder)

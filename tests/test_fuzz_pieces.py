"""Generated and mutated piece files through `check` and `run --text`, in process: each
either succeeds or ends with ``file[:line]: message`` lines (or one ``voicepiece:`` line)
and a non-zero exit. No exception escapes, nothing prints a traceback, nothing hangs.

The cases come from tests/piecegen.py, seeded per case, so a failure names a seed to
rerun; scripts/fuzz-pieces runs many more, each in its own process.
"""

from __future__ import annotations

import io
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.piecegen import fuzz_case
from voicepiece.cli import main

CASES = 200
HANG_GUARD = 20  # seconds for one case; not a timing assertion, a guard against a hang


class Hung(Exception):
    pass


@contextmanager
def guard(seconds: int) -> Iterator[None]:
    def hung(*_: object) -> None:
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def assert_clean_end(code: int, err: str, path: Path) -> None:
    assert "Traceback" not in err
    if code == 0:
        return
    lines = err.splitlines()
    assert lines, "a refusal says why"
    for line in lines:
        assert line.startswith((f"{path}", "voicepiece: ")), line


@pytest.fixture(autouse=True)
def plain_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """argparse looks up a translation of each help text on every parser built; with no
    catalogue to find that is most of a command's start-up, so skip the search."""
    monkeypatch.setenv("LANGUAGE", "C")


@pytest.mark.parametrize("first", range(0, CASES, 40))
def test_generated_pieces_end_cleanly_in_check_and_run(first, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no replies: typed input that ends
    for seed in range(first, first + 40):
        text, replies = fuzz_case(seed)
        path = tmp_path / f"case{seed}.yaml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        with guard(HANG_GUARD):
            checked = main(["check", str(path)])
        err = capsys.readouterr().err
        assert_clean_end(checked, err, path)
        if checked != 0:
            continue  # `run` loads the piece the same way and stops at the same lines
        argv = ["run", "--text", *[a for r in replies for a in ("--reply", r)], str(path)]
        with guard(HANG_GUARD):
            ran = main(argv)
        err = capsys.readouterr().err
        assert_clean_end(ran, err, path)
        assert ran == 0, f"case {seed}: a piece that passed check failed to run: {err}"

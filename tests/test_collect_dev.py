"""scripts/collect_dev.py says, before hearing anything, how much of each development set a
machine already holds (a new machine holds none: issue 13's eighteenth pass could not
replay the development halves), and refuses a set it does not know in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "collect_dev.py"


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path),
           "PYTHONPATH": str(SCRIPT.parent.parent)}
    return subprocess.run([sys.executable, str(SCRIPT), *args], env=env, text=True,
                          capture_output=True, timeout=120)


def test_list_counts_what_each_cache_holds_and_hears_nothing(tmp_path: Path) -> None:
    (tmp_path / "voicepiece").mkdir()
    (tmp_path / "voicepiece" / "v5-dev.jsonl").write_text('{"a": 1}\n{"a": 2}\n{"a": 3}\n')
    done = _run(tmp_path, "--list")
    assert done.returncode == 0, done.stderr
    rows = {line.split()[0]: line for line in done.stdout.splitlines()}
    assert " 3 turns cached" in rows["v5"]
    assert " 0 turns cached" in rows["questions-back"]
    assert "scripts/bench_offlist.py collect --set addressed" in rows["addressed"]
    assert sorted(os.listdir(tmp_path / "voicepiece")) == ["v5-dev.jsonl"]


def test_only_a_known_set(tmp_path: Path) -> None:
    done = _run(tmp_path, "--only", "v8")
    assert done.returncode == 2
    assert "invalid choice: 'v8'" in done.stderr

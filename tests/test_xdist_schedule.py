"""A test run whose worker process dies still ends, names the test that killed it and runs
every other test once (tests/xdist_schedule.py). Each run is a real pytest-xdist run of a
few small files in its own process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FILES = {
    "test_a.py": "def test_one():\n    pass\n\ndef test_two():\n    pass\n",
    "test_b.py": ("import os\n\ndef test_dies():\n    os._exit(1)\n\n"
                  "def test_after():\n    pass\n"),
    "test_c.py": "def test_alone():\n    pass\n",
}
"""One worker runs test_a's file and then test_b's: the worker it is replaced with must
not be handed test_a's finished file (nothing to run: it would wait for ever), nor
test_after alone (a worker starts a test only when it knows what comes next)."""


def run_suite(folder: Path, *plugin: str) -> subprocess.CompletedProcess[str]:
    for name, text in FILES.items():
        (folder / name).write_text(text)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTEST_XDIST_WORKER", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "1", "--dist", "loadfile", "-p", "xdist",
         "-p", "no:cacheprovider", "-o", "addopts=", *plugin, *FILES],
        cwd=folder, env=env, capture_output=True, text=True, timeout=300,
    )


def test_a_dead_worker_costs_its_test_only(tmp_path: Path) -> None:
    done = run_suite(tmp_path, "-p", "tests.xdist_schedule")
    assert "1 failed, 4 passed" in done.stdout, done.stdout[-3000:]
    assert "crashed while running 'test_b.py::test_dies'" in done.stdout


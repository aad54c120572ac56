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



class DeadWorker:
    """A worker whose channel closed after its last report: every send fails."""

    shutting_down = False

    def send_runtest_some(self, indices: list[int]) -> None:
        raise OSError("cannot send (already closed?)")

    def shutdown(self) -> None:
        raise AssertionError("a dead worker is never told to shut down")


def test_work_sent_to_a_worker_that_just_died_goes_back_to_the_queue() -> None:
    """The race the real run above can lose: a test's report is handled after its worker
    died. The work handed out meanwhile cannot be sent; it is put back when the death is."""
    from collections import OrderedDict

    from tests.xdist_schedule import CrashSafeLoadFileScheduling

    sched = CrashSafeLoadFileScheduling.__new__(CrashSafeLoadFileScheduling)
    sched.log = lambda *args: None
    worker = DeadWorker()
    ids = ["test_a.py::test_one", "test_a.py::test_two", "test_b.py::test_dies",
           "test_b.py::test_after", "test_c.py::test_alone"]
    sched.registered_collections = {worker: ids}
    sched.assigned_work = {worker: {
        "test_a.py": {ids[0]: True, ids[1]: True},
        "test_b.py": {ids[2]: False, ids[3]: False},
    }}
    sched.workqueue = OrderedDict({"test_c.py": {ids[4]: False}})

    sched._reschedule(worker)  # test_two's report: hands out test_c, which cannot be sent

    assert not sched.workqueue
    assert sched.remove_node(worker) == "test_b.py::test_dies"
    assert dict(sched.workqueue) == {"test_b.py": {ids[2]: True, ids[3]: False},
                                     "test_c.py": {ids[4]: False}}

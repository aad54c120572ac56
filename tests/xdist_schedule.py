"""pytest-xdist's whole-file scheduling, made to finish when a worker process dies.

scripts/test hands out whole files (``--dist loadfile``). In pytest-xdist 3.8.0 (the
newest release) a worker that dies mid-file -- a segfault in a C library -- leaves the run
waiting for ever: its replacement is handed files whose tests all ran already (nothing to
run, so it never asks for more), or a single test (a worker starts a test only once it
knows the next one or that there is none). CI then stops the suite at its time limit and
prints nothing about the dead test. Upstream fixed both after that release
(pytest-dev/pytest-xdist#1324, #1328) and proposed the third change here (#1371): the test
that killed its worker is reported failed and not run again, so a test that always kills
its process cannot take every replacement down with it. A fourth: work sent to a worker
that died since its last report (the send fails) is put back with the rest of its work,
where xdist's own scheduler ends the run with an internal error.

Loaded by tests/conftest.py whenever pytest-xdist is.
"""

from __future__ import annotations

from typing import Any

import pytest
from xdist.scheduler import LoadFileScheduling


class CrashSafeLoadFileScheduling(LoadFileScheduling):
    """``--dist loadfile`` that hands a replacement worker only tests still to run, more
    than two at a time or the last ones followed by the end of the run."""

    def remove_node(self, node: Any) -> str | None:
        workload = self.assigned_work.pop(node)
        if not self._pending_of(workload):
            return None
        crashitem = next(nodeid for unit in workload.values()
                         for nodeid, completed in unit.items() if not completed)
        workload[self._split_scope(crashitem)][crashitem] = True  # xdist reports it failed
        for scope, unit in workload.items():
            if not all(unit.values()):
                self.workqueue[scope] = unit
        for other in self.assigned_work:
            self._reschedule(other)
        return crashitem

    def _reschedule(self, node: Any) -> None:
        if node.shutting_down:
            return
        try:
            while self.workqueue and self._pending_of(self.assigned_work[node]) <= 2:
                self._assign_work_unit(node)
        except OSError:
            # The worker died after its last report, before this was sent: the work stays
            # recorded as its own, and remove_node puts it back when its death is handled.
            return
        if not self.workqueue:
            node.shutdown()


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """This module is the plugin: it chooses the scheduler above for ``--dist loadfile``."""
    if config.getvalue("dist") == "loadfile":
        return CrashSafeLoadFileScheduling(config, log)
    return None

"""The test suite's cost in CPU seconds, per test and per file: what docs/benchmarks.md ("The
test suite's time") reports. On a shared machine a wall time says more about the other jobs
than about the suite; CPU seconds (this process's threads and the children it waited for)
do not move with the load.

As a pytest plugin, it writes one line per test phase to ``$SUITE_CPU_DIR/cpu-WORKER.tsv``::

    SUITE_CPU_DIR=/tmp/cpu PYTHONPATH=$PWD:scripts nice -n 5 python -m pytest -n 2 \\
        --dist loadfile -m "not realtime" -p suite_cpu

Run as a script, it sums those lines per file (slowest first) and replays pytest-xdist's
``loadfile`` hand-out on two workers with each test's CPU seconds as its length, in the
order tests/conftest.py's SLOW_FILES gives::

    PYTHONPATH=$PWD:scripts python scripts/suite_cpu.py /tmp/cpu [--top 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

_out: list = []


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(item: pytest.Item, phase: str) -> Iterator[None]:
    cpu, wall = _cpu(), time.monotonic()
    yield
    if not _out:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        folder = Path(os.environ.get("SUITE_CPU_DIR", "."))
        _out.append((folder / f"cpu-{worker}.tsv").open("a", buffering=1))
    _out[0].write(f"{item.nodeid}\t{phase}\t{_cpu() - cpu:.3f}\t{time.monotonic() - wall:.3f}\n")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    yield from _timed(item, "setup")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    yield from _timed(item, "call")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    yield from _timed(item, "teardown")


def per_test(folder: Path) -> dict[str, dict[str, float]]:
    """file -> test -> CPU seconds (setup, call and teardown)."""
    files: dict[str, dict[str, float]] = defaultdict(dict)
    for path in sorted(folder.glob("cpu-*.tsv")):
        for line in path.read_text().splitlines():
            node, _, cpu, _ = line.split("\t")
            tests = files[node.split("::")[0]]
            tests[node] = tests.get(node, 0.0) + float(cpu)
    return files


def hand_out(files: dict[str, dict[str, float]], slow: tuple[str, ...], workers: int = 2
             ) -> list[float]:
    """Each worker's CPU seconds under ``--dist loadfile``: whole files in SLOW_FILES' order,
    a worker given the next file when it has two tests or fewer left (pytest-xdist 3)."""
    def rank(name: str) -> int:
        base = name.rsplit("/", 1)[-1]
        return slow.index(base) if base in slow else len(slow)

    queue = [list(files[name].values()) for name in sorted(sorted(files), key=rank)]
    pending: list[list[float]] = [[] for _ in range(workers)]
    clock = [0.0] * workers
    for _ in range(2):
        for w in range(workers):
            if queue and len(pending[w]) <= 2:
                pending[w] += queue.pop(0)
    while any(pending):
        w = min((i for i in range(workers) if pending[i]), key=lambda i: clock[i])
        clock[w] += pending[w].pop(0)
        if queue and len(pending[w]) <= 2:
            pending[w] += queue.pop(0)
    return clock


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    files = per_test(args.folder)
    if not files:
        print(f"suite_cpu: no cpu-*.tsv in {args.folder}", file=sys.stderr)
        return 1
    sums = {name: sum(tests.values()) for name, tests in files.items()}
    total = sum(sums.values())
    print(f"{total:.0f} CPU-s in {len(files)} files, {sum(map(len, files.values()))} tests")
    for name, cpu in sorted(sums.items(), key=lambda kv: -kv[1])[:args.top]:
        print(f"{cpu:7.1f}  {len(files[name]):4d}  {name}")
    from tests.conftest import SLOW_FILES

    shares = hand_out(files, SLOW_FILES)
    print("loadfile on 2 workers: " + " / ".join(f"{s:.0f}" for s in shares)
          + f" CPU-s (half the total: {total / 2:.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

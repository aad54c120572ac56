"""The soak's memory figures (scripts/soak_measure.memory_summary): growth from the warm-up
to the last visitor, the peak over the run, and what a run that stopped early measured."""

from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from soak_measure import MEMORY_GOAL_MB, Snapshot, memory_summary, trace_start, traced_growth


def snap(rss: float, peak: float) -> Snapshot:
    return Snapshot(rss, fds=7, threads=4, peak_mb=peak)


def test_growth_runs_from_the_warm_up_to_the_last_visitor() -> None:
    summary = memory_summary({"process_start": snap(16, 16), "loaded": snap(700, 720),
                              "start": snap(760, 900), "end": snap(765.5, 910),
                              "after_stop": snap(764, 910)}, warm_up=20)
    assert summary["growth"] == 5.5 and summary["growth_ok"]
    assert (summary["measured_from"], summary["measured_to"]) == ("start", "end")
    assert summary["peak"] == 910 and summary["peak_after_warm_up"] == 910
    assert (summary["process_start"], summary["loaded"]) == (16, 700)


def test_growth_at_the_goal_fails() -> None:
    summary = memory_summary({"start": snap(500, 500), "end": snap(500 + MEMORY_GOAL_MB, 520)},
                             warm_up=20)
    assert not summary["growth_ok"]


def test_a_run_that_stopped_before_the_warm_up_says_what_it_measured() -> None:
    summary = memory_summary({"process_start": snap(16, 16), "loaded": snap(700, 720),
                              "after_stop": snap(712, 800)}, warm_up=20)
    assert (summary["measured_from"], summary["measured_to"]) == ("loaded", "after_stop")
    assert summary["growth"] == 12 and not summary["growth_ok"]
    assert "start" not in summary and "end" not in summary
    assert summary["peak_after_warm_up"] is None  # no warm-up to measure after


def test_the_peak_after_the_warm_up_leaves_out_loading() -> None:
    """The high-water mark starts again at the warm-up: loading and preparing lines peak
    higher than the visits, and the whole run's peak stays reported beside it."""
    summary = memory_summary({"loaded": snap(700, 2700), "start": snap(760, 2700),
                              "end": snap(765, 1100)}, warm_up=20)
    assert (summary["peak"], summary["peak_after_warm_up"]) == (2700, 1100)


def test_the_trend_compares_the_medians_of_the_first_and_last_visitors() -> None:
    """One visit's leftovers at the last reading move ``growth`` but not the trend: the
    median of the last 20 visitors' readings minus that of the first 20 after the warm-up."""
    rss = [600.0 + (i % 3) for i in range(40)] + [604.0] * 19 + [675.0]
    visitors = [Snapshot(r, fds=7, threads=4, heap_mb=300 + i / 10)
                for i, r in enumerate(rss)]
    summary = memory_summary({"start": snap(600, 900), "end": snap(675, 900)}, warm_up=20,
                             visitors=visitors)
    assert summary["growth"] == 75 and not summary["growth_ok"]  # as defined, unchanged
    assert summary["trend"] == 3.0 and summary["trend_window"] == 20
    assert summary["heap_trend"] == 4.0
    assert summary["per_visitor"]["rss"] == rss


def test_too_few_visitors_make_no_trend() -> None:
    visitors = [Snapshot(600.0, fds=7, threads=4)] * 39
    summary = memory_summary({"start": snap(600, 900), "end": snap(600, 900)}, warm_up=20,
                             visitors=visitors)
    assert summary["trend"] is None and summary["heap_trend"] is None


_HELD: list[bytes] = []


def test_traced_growth_names_the_line_that_holds_memory() -> None:
    """--trace-memory: memory kept after the baseline is found at the line that kept it,
    and memory allocated and let go is not reported."""
    baseline = trace_start()
    try:
        for _ in range(200):
            _HELD.append(bytes(1000))  # the line to be named
        line = sys._getframe().f_lineno - 1
        freed = [bytes(1000) for _ in range(200)]
        del freed
        grown = traced_growth(baseline)
    finally:
        tracemalloc.stop()
        _HELD.clear()
    top = grown[0]
    assert top["where"] == f"{__file__}:{line}"
    assert top["kb"] >= 190 and top["blocks"] >= 200
    assert traced_growth(baseline) == []  # not tracing: nothing to say


def test_traced_growth_with_callers_names_who_called() -> None:
    baseline = trace_start(frames=2)
    try:
        _hold()
        grown = traced_growth(baseline)
    finally:
        tracemalloc.stop()
        _HELD.clear()
    assert grown[0]["callers"] == [f"{__file__}:{sys._getframe().f_lineno - 5}"]


def _hold() -> None:
    for _ in range(200):
        _HELD.append(bytes(1000))

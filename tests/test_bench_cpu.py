"""The listening bench reports what a turn cost in CPU beside its wall-clock latency: on a
shared machine the wall clock moves with the load (a pair of runs differed by more than a
change was worth, issue 13's fourteenth pass), the process's CPU seconds per turn much less."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from bench_listening_clips import Clip, Item
from bench_listening_figures import both
from bench_listening_report import cpu_median, row
from bench_listening_results import Outcome, Turn

from voicepiece.listening.base import ACCEPT


def _turn(cpu: float | None, latency: float = 0.5) -> Turn:
    clip = Clip(Item("ask", "yes", "yes"), "flite:slt", None, b"", 0, 0.5)
    outcome = Outcome(label="yes", zone=ACCEPT, heard="yes", listened=0.2,
                      first_sample=latency, steps={"decided": 0.3, "rendered": 0.4})
    return Turn(clip, 0.0, outcome, None, cpu=cpu)


def test_the_json_gives_the_cpu_per_turn_as_a_spread_of_the_turns_that_kept_it() -> None:
    figures = both([_turn(0.2), _turn(0.4), _turn(0.9), _turn(None)])
    assert figures["cpu_ms"] == {"median": 400.0, "p95": 900.0, "max": 900.0, "n": 3}


def test_no_cpu_kept_is_no_figure_not_zero() -> None:
    assert both([_turn(None)])["cpu_ms"] is None
    assert cpu_median([_turn(None)]) is None


def test_the_table_row_ends_with_the_median_cpu_in_ms() -> None:
    line = row("all", "all", [_turn(0.25), _turn(0.35), _turn(0.45)])
    assert line.split("|")[1].split()[-1] == "350"

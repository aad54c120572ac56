"""Which sets ``scripts/bench listening`` hears: a quick run is quick, a blind set is
heard only by name."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from bench_listening import sets_in

BLIND = ("v5", "v6", "v7", "v8")
LONG = ("v2", "v3", "v4", "dev")


def test_a_full_run_hears_the_long_sets_and_no_blind_one() -> None:
    wanted = sets_in(quick=False, environ={})
    assert all(wanted[name] for name in LONG)
    assert not any(wanted[name] for name in BLIND)


def test_a_quick_run_hears_none_of_them() -> None:
    assert not any(sets_in(quick=True, environ={}).values())


@pytest.mark.parametrize("quick", [True, False])
def test_one_names_a_set_in_or_out(quick: bool) -> None:
    wanted = sets_in(quick, environ={"VOICEPIECE_BENCH_V3": "1", "VOICEPIECE_BENCH_V8": "1",
                                     "VOICEPIECE_BENCH_DEV": "0"})
    assert wanted["v3"] and wanted["v8"] and not wanted["dev"]
    assert wanted["v2"] is not quick


def test_anything_but_0_or_1_leaves_the_default() -> None:
    assert sets_in(quick=False, environ={"VOICEPIECE_BENCH_V6": "yes",
                                         "VOICEPIECE_BENCH_V2": ""}) == sets_in(False, {})


def test_every_set_the_bench_can_hear_has_a_default() -> None:
    from bench_listening import BY_DEFAULT, EXTRA

    assert set(EXTRA) == set(BY_DEFAULT)

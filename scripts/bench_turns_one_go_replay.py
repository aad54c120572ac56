"""Replays the turn's reading on a log of the one-go development set
(scripts/bench_turns_one_go_dev.py), half by half, at each of its pauses (issue 13, item 6,
fifteenth pass).

    PYTHONPATH=.:scripts python scripts/bench_turns_one_go_replay.py LOG fit|held|all [--misses]

The log is made at one pause (``LOGGED_GAP``); a hesitant answer is cut at a pause of
0.6–1.2 s when the silence its pause's first check chose is shorter than that pause less
the detector's lag (scripts/bench_turns_unfinished_replay.py counts so). ``the two kinds``
are the issue's (hesitation, open clause); a complete first clause is cut by design and
counted apart. A complete answer's or open sentence's end delay is the silence its first
check at its end chose. ``--misses`` prints the fit half's cut-offs at 1.0 s and its
complete answers waiting 1.5 s, item by item — never the held half's; ``--sound``, Smart
Turn and the sound at the pause at the deciding checks (counts only).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from bench_turns_one_go_dev import FIT_VOICES, GAPS, HELD_VOICES
from bench_turns_unfinished_replay import DETECTOR_SHORTER, HESITATION, waited
from bench_turns_v9_replay import RULES

Rule = Callable[[dict[str, Any]], tuple[bool, bool]]
TWO_KINDS = ("hesitation", "open clause")


def deciding(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each clip's deciding check: a hesitant answer's first in its pause, a complete
    answer's or open sentence's first at its end."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for r in lines:
        key = (r["set"], r["voice"], r["snr"], r["gap"], r["clip"], r["point"])
        if key in seen or not (r["in_pause"] if r["kind"] == "hesitant" else r["at_end"]):
            continue
        seen.add(key)
        out.append(r)
    return out


def figures(checks: list[dict[str, Any]], rule: Rule) -> dict[str, Any]:
    """Cut-offs by kind and pause, and end delays by kind, of ``rule`` at ``checks``."""
    cut: dict[tuple[str, float], list[bool]] = defaultdict(list)
    delays: dict[str, list[float]] = defaultdict(list)
    for r in checks:
        silence = waited(r, rule)
        if r["kind"] == "hesitant":
            for gap in GAPS:
                cut[(r["clip_kind"], gap)].append(silence < gap - DETECTOR_SHORTER)
        else:
            delays[r["kind"]].append(silence)
    return {"cut": cut, "delays": delays}


def _pct(xs: list[bool]) -> str:
    return f"{100 * sum(xs) / len(xs):4.1f}% ({sum(xs)}/{len(xs)})" if xs else "-"


def _share(cut: dict[tuple[str, float], list[bool]], gap: float) -> float:
    got = [c for (k, g), v in cut.items() if k in TWO_KINDS and g == gap for c in v]
    return 100 * sum(got) / max(1, len(got))


def line(name: str, found: dict[str, Any]) -> str:
    cut = found["cut"]
    two = [c for (k, _), v in cut.items() if k in TWO_KINDS for c in v]
    at1 = [c for (k, g), v in cut.items() if k in TWO_KINDS and g == 1.0 for c in v]
    by_gap = " / ".join(f"{_share(cut, gap):.0f}" for gap in GAPS)
    kinds = "  ".join(f"{k} {_pct([c for (kk, _), v in cut.items() if kk == k for c in v])}"
                      for k in ("hesitation", "open clause", "complete first clause"))
    waits = "  ".join(
        f"{k} median {1000 * sorted(v)[len(v) // 2]:.0f} ms, 1.5 s "
        f"{sum(x >= HESITATION for x in v)}/{len(v)}" for k, v in sorted(found["delays"].items()))
    return (f"{name:10s} two kinds {_pct(two)} (at 1.0 s {_pct(at1)}; by pause {by_gap}%)"
            f"  {kinds}  | {waits}")


def misses(checks: list[dict[str, Any]], rule: Rule) -> None:
    for r in checks:
        silence = waited(r, rule)
        hesitant = r["kind"] == "hesitant"
        if (hesitant and silence < 1.0 - DETECTOR_SHORTER) or (
                not hesitant and silence >= HESITATION):
            print(f"{r['voice'].split(':')[1]:11s} {r['snr']:3g} {r['clip_kind'] or r['kind']:22s}"
                  f" {r['point']:12s} | {r['clip']}\n    text {r['text']!r} [{r['reading']}]"
                  f" primed {r.get('primed')!r} doubt {r['doubt']} heard {r['heard']!r}"
                  f" quick {r['quick']} smart {r['smart_turn']} -> waits {silence:g}")


def sound(checks: list[dict[str, Any]]) -> None:
    """Smart Turn's probability and the sound at the pause (scripts/pause_sound.py) at each
    deciding check: AUC of fragments (the two kinds) above finished answers, and the most
    cut fragments a veto by one measure keeps at any threshold while no finished answer
    that ends sooner than the hesitation silence waits longer (this tree's reading)."""
    import base64

    from bench_turns_prosody import MEASURES, report_separation
    from pause_sound import pause_sound

    rows = []
    for r in checks:
        fragment = r["kind"] == "hesitant" and r["clip_kind"] in TWO_KINDS
        if not fragment and r["kind"] == "hesitant":
            continue
        heard = pause_sound(base64.b64decode(r["tail"]))
        rows.append((fragment, waited(r, RULES["tree"]) < HESITATION,
                     {**{m: getattr(heard, m) for m in MEASURES}, "smart_turn": r["smart_turn"]}))
    report_separation(rows, "")


def main(path: str, half: str, show: bool = False, rules: dict[str, Rule] | None = None,
         measures: bool = False) -> None:
    voices = {"fit": FIT_VOICES, "held": HELD_VOICES}.get(half)
    with open(path) as f:
        lines = [r for r in map(json.loads, f) if voices is None or r["voice"] in voices]
    checks = deciding(lines)
    for name, rule in (rules or RULES).items():
        print(f"{half} " + line(name, figures(checks, rule)))
    if show and half == "fit":
        misses(checks, (rules or RULES)["tree"])
    if measures:
        sound(checks)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], "--misses" in sys.argv, measures="--sound" in sys.argv)

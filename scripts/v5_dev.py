#!/usr/bin/env python3
"""Listening v5, spent as development data in issue 13's thirteenth pass: heard once into
a cache, then decided again offline from what was heard, in seconds.

    PYTHONPATH=.:scripts python scripts/v5_dev.py collect
    PYTHONPATH=.:scripts python scripts/v5_dev.py replay [--show fit] [--all]

v5 (scripts/bench_listening_heldout5.py) was blind until this pass. It is split **by
voice**, written down before any item was looked at: **fit** ef_dora, em_santa, pf_dora
(Spanish and Portuguese women and a Spanish man: the half where causes are looked for and
rules chosen) and **held** hf_beta, pm_santa (a Hindi woman, a Portuguese man: reported in
aggregate only, never printed item by item).

``collect`` hears all 330 clips (110 items at clean, 20 and 10 dB, as the set's ``--run``
builds them) with the default ear, as ``mirror_trust.py collect`` does, into
``v5-dev.jsonl`` in the user cache (``--cache NAME``: another, as for a change in what the
ear hears, which a replay cannot show); ``replay`` decides every turn again
(:func:`mirror_trust.replayed`) and prints the bench's figures per half (right branch
after confirmation, wrong label accepted, yes/no swaps, off-list taken, words said back
true); ``--show fit`` lists the fit half's misses with their evidence (``--all``: every
fit turn).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from typing import Any

import mirror_trust
from bench_listening_dev import verdict
from bench_listening_honest import answer_class

from voicepiece.listening.base import ACCEPT, CONFIRM

CACHE = "v5-dev.jsonl"
FIT_VOICES = ("kokoro:ef_dora", "kokoro:em_santa", "kokoro:pf_dora")
HELD_VOICES = ("kokoro:hf_beta", "kokoro:pm_santa")


def half(voice: str) -> str:
    """The half a v5 voice belongs to."""
    return "fit" if voice in FIT_VOICES else "held"


def _sets(_: argparse.Namespace, piece: Any) -> Iterator[tuple[str, Any, Any]]:
    from bench_listening_heldout5 import v5_clips, v5_items

    items = v5_items(piece)
    yield "v5", items, v5_clips(items)


def _cache() -> Any:
    from voicepiece.files import cache_home, private_dir

    return private_dir(cache_home()) / CACHE


def _set_cache(name: str | None) -> None:
    global CACHE
    if name:
        CACHE = name


def figures(rows: Sequence[mirror_trust.Replayed]) -> dict[str, Any]:
    """The bench's issue-13 figures (bench_listening_honest.honest_figures) of replayed
    turns: right branch after confirmation, wrong label accepted over answers, swaps,
    off-list taken, own words said back true."""
    on = [x for x in rows if x.r["truth"] is not None]
    off = [x for x in rows if x.r["truth"] is None]
    right = sum(x.zone in (ACCEPT, CONFIRM) and x.label == x.r["truth"] for x in on)
    wrong = sum(x.zone == ACCEPT and x.label != x.r["truth"] for x in on)
    swaps = sum(x.zone == ACCEPT and {x.label, x.r["truth"]} == {"yes", "no"} for x in on)
    taken = sum(x.zone in (ACCEPT, CONFIRM) for x in off)
    said = [x for x in rows if x.said_back]
    return {"n": len(on), "off": len(off), "right": right / max(1, right + wrong),
            "wrong": wrong / max(1, len(on)), "wrong_n": wrong, "swaps": swaps,
            "taken": taken / max(1, len(off)), "taken_n": taken,
            "true": sum(x.true for x in said) / max(1, len(said)), "said": len(said)}


def line(name: str, f: dict[str, Any]) -> str:
    return (f"  {name:<22} {f['n']:>3}/{f['off']:<3} right {100 * f['right']:3.0f}%  wrong "
            f"{100 * f['wrong']:3.0f}% ({f['wrong_n']})  swaps {f['swaps']}  off-list "
            f"{100 * f['taken']:3.0f}% ({f['taken_n']})  true {100 * f['true']:3.0f}% "
            f"of {f['said']}")


def show(x: mirror_trust.Replayed) -> str:
    r = x.r
    w = r["words"] or {}
    g = r["grammar"] or {}
    pieces = " ".join(f"{p.strip()}:{v:.2f}" for p, v in w.get("pieces", ()))
    from bench_listening_clips import Item

    item = Item(r["point"], r["text"], r["truth"])
    kinds = verdict(item, x.label, x.zone, x.mirrored, x.own)
    return (f"{','.join(kinds) or 'ok':<14} {r['snr']!s:<5} {r['voice'].split(':')[-1]:<9} "
            f"@{r['point']} {r['text']!r} ({r['truth']}) -> {x.label} {x.zone}"
            f" back {x.mirrored!r}\n     whisper {w.get('text')!r} conf "
            f"{w.get('confidence', 0):.2f} [{pieces}]\n     grammar {g.get('text')!r} "
            f"{g.get('label')} {g.get('zone')} {g.get('score', 0):.2f}; "
            f"{x.found and x.found.how}")


def replay(args: argparse.Namespace) -> int:
    rows = list(mirror_trust.replayed(_cache()))
    for x in rows:
        if args.show == "fit" and half(x.r["voice"]) == "fit":
            item_kinds = show(x)
            if args.all or not item_kinds.startswith("ok"):
                print(item_kinds)
    for name in ("fit", "held", None):
        part = [x for x in rows if name is None or half(x.r["voice"]) == name]
        print(line(name or "v5 (both halves)", figures(part)))
        for snr in (None, 20.0, 10.0):
            print(line(f"  {snr or 'clean'}", figures([x for x in part
                                                       if x.r["snr"] == snr])))
        classes = sorted({answer_class(x.r["truth"]) for x in part})
        for c in classes:
            print(line(f"  {c}", figures([x for x in part
                                          if answer_class(x.r["truth"]) == c])))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("collect", "replay"))
    parser.add_argument("--show", choices=("fit",))
    parser.add_argument("--all", action="store_true")
    parser.add_argument("--cache", help=f"another cache in the user cache (default {CACHE})")
    args = parser.parse_args()
    _set_cache(args.cache)
    if args.what == "collect":
        args.noise = None
        mirror_trust._sets = _sets
        mirror_trust.CACHE = CACHE
        return mirror_trust.collect(args)
    return replay(args)


if __name__ == "__main__":
    sys.exit(main())

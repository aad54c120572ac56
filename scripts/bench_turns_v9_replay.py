"""Replays the turn's reading on v9's checks (issue 13, item 6, thirteenth pass: v9 spent
as development data), logged once by scripts/bench_turns_patient_log.py, half by half.

    PYTHONPATH=.:scripts python scripts/bench_turns_v9_replay.py LOG.jsonl --half fit [--misses]

(``--half all`` replays another set's log whole, e.g. a development split's.)

``tree`` reads the logged words with this tree's rules (Whisper's primed pass and doubt as
logged, the ear's own choice: bench_turns_parse_replay's ``after``); ``as logged`` is the
ear's judgement when the log was written. Cut-offs and end delays as
scripts/bench_turns_unfinished_replay.py counts them (the pause's first check chose a
silence shorter than the pause less 0.08 s), by kind. ``--misses`` prints the fit half's
cut-offs and its complete answers waiting 1.5 s item by item — never the held half's
(:data:`bench_turns_v9.HELD_VOICES`), which is only counted.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from bench_turns_patient_replay import as_logged
from bench_turns_unfinished_replay import HESITATION, _choices, _pct, _spread, replay, waited
from bench_turns_v9 import FIT_VOICES, HELD_VOICES


def tree(r: dict[str, Any]) -> tuple[bool, bool]:
    """This tree's :func:`~voicepiece.listening.turns.read_words` of the logged words (the
    grammar's quick judgement with its answer, Whisper's words, primed words and doubt as
    logged). The grammar's answer (``Verdict.answer``, which the ear passes) was left out
    before the sixteenth pass, so the two witnesses' agreement (``turns.agreed``) was never
    replayed: complete answers the ear ended after the complete silence counted as waiting
    1.5 s (v9's fit half 10 of 48, where the ear's own log says 7)."""
    from bench_turns_latency_replay import _quick

    from voicepiece.listening.turns import read_words
    from voicepiece.listening.whisper_model import WhisperWords

    quick = _quick(r)
    words = WhisperWords(r["text"], r["confidence"], r.get("no_speech", 0.0), 0.0,
                         r["least"], unfinished=r.get("primed"), doubt=r.get("doubt", 0.0))
    found = read_words(quick, words, _choices(r["point"]))
    return found.whole, found.hesitating


RULES = {"as logged": as_logged, "tree": tree}


def _misses(lines: list[dict[str, Any]]) -> None:
    """The fit half's cut-offs (the pause's first check) and its complete answers and open
    sentences waiting 1.5 s (the last check), with what was read."""
    seen: set[tuple[Any, ...]] = set()
    for r in lines:
        if r["voice"] not in FIT_VOICES:
            continue
        key = (r["voice"], r["snr"], r["gap"], r["clip"])
        first_in_pause = r["kind"] == "hesitant" and r["in_pause"]
        at_end = r["kind"] != "hesitant" and r["at_end"]
        if key in seen or not (first_in_pause or at_end):
            continue
        seen.add(key)
        silence = waited(r, RULES["tree"])
        if (first_in_pause and silence < r["gap"] - 0.08) or (at_end and silence >= HESITATION):
            print(f"{r['voice'].split(':')[1]:11s} {r['snr']:3g} {r['clip_kind'] or r['kind']:22s}"
                  f" {r['point']:12s} | {r['clip']}\n    text {r['text']!r} [{r['reading']}]"
                  f" primed {r.get('primed')!r} doubt {r['doubt']} heard {r['heard']!r}"
                  f" quick {r['quick']} -> waits {silence:g}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("log")
    parser.add_argument("--half", choices=("fit", "held", "both", "all"), default="fit",
                        help="all: every record, whatever its voice (another set's log)")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    voices = {"fit": FIT_VOICES, "held": HELD_VOICES, "both": FIT_VOICES + HELD_VOICES}.get(
        args.half)
    with open(args.log) as f:
        lines = [r for r in map(json.loads, f) if voices is None or r["voice"] in voices]
    for name, rule in RULES.items():
        found = replay(lines, rule)
        everything = [c for k, v in found["cut"].items() if not k.startswith("(") for c in v]
        print(f"{args.half} {name:10s} cut {_pct(everything)}  "
              + "  ".join(f"{k} {_pct(v)}" for k, v in sorted(found["cut"].items()))
              + "  | " + "  ".join(f"{k} {_spread(v)}" for k, v in sorted(found["delays"].items()))
              + "  | waiting 1.5 s: " + "  ".join(
                  f"{k} {sum(x >= HESITATION for x in v)}/{len(v)}"
                  for k, v in sorted(found["delays"].items())))
    if args.misses and args.half == "fit":
        _misses(lines)


if __name__ == "__main__":
    main()

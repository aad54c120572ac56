"""Replays the thirteenth pass's rules for the latency's tail (issue 13: complete answers
that waited the hesitation silence) on logged checks, without decoding again.

    PYTHONPATH=.:scripts python scripts/bench_turns_latency_replay.py LOG.jsonl [RULE…]

LOG is either a turn set's log (scripts/bench_turns_patient_log.py,
scripts/bench_turns_tuning_parse.py: cut-offs and end delays as
scripts/bench_turns_unfinished_replay.py counts them) or the listening bench's turns
(scripts/bench_listening_waits.py: the turns, per half, whose last check chose the
hesitation silence). ``before`` is the ear's reading of the logged words with the
agreement of the two witnesses turned off (:func:`voicepiece.listening.turns.agreed`),
``after`` with it; ``… + Smart Turn ≥ p`` adds a trial: where only the words' ambiguity
(a word or two, a frame, Whisper's doubt) keeps the turn waiting, Smart Turn's
probability ≥ p waits the incomplete silence instead.
"""

from __future__ import annotations

import json
import sys
from types import SimpleNamespace
from typing import Any

from bench_turns_unfinished_replay import HESITATION, _choices, main, silences

from voicepiece.listening import turns

Rule = Any
_AGREED = turns.agreed


def _quick(r: dict[str, Any]) -> Any:
    from voicepiece.listening.base import Recognition

    answer = r.get("answer")
    found = (Recognition(answer[0], answer[1], 0.0, answer[2])
             if answer and answer[0] and not r["quick"][1] else None)
    return turns.Verdict(r["quick"][0], r["quick"][1], None, r["heard"], found)


def reread(on: bool, smart: float | None = None) -> Rule:
    """The ear's reading of the logged words, the witnesses' agreement ``on`` or off;
    with ``smart``, the Smart Turn trial."""
    def rule(r: dict[str, Any]) -> tuple[bool, bool]:
        from voicepiece.listening.turn_reading import FEW_WORDS, FRAME, SENTENCE, WHOLE

        if r.get("text") is None and r.get("reading") is None:  # no transcript logged
            return tuple(r["final"])  # type: ignore[return-value]
        words = SimpleNamespace(text=r["text"], doubt=r.get("doubt") or 0.0,
                                unfinished=r.get("primed"))
        if not on:
            turns.agreed = lambda *a: False
        try:
            found = turns.read_words(_quick(r), words, _choices(r["point"]))  # type: ignore[arg-type]
        finally:
            turns.agreed = _AGREED
        ambiguous = turns.reading(r["text"], _choices(r["point"])) in (
            FEW_WORDS, FRAME, SENTENCE, WHOLE)
        if (smart is not None and found.hesitating and ambiguous
                and (r.get("smart_turn") or 0.0) >= smart):
            return False, False
        return found.whole, found.hesitating
    return rule


RULES: dict[str, Rule] = {"as logged": lambda r: tuple(r["final"]),
                          "before": reread(False), "after": reread(True)}
for _p in (0.8, 0.85, 0.9, 0.95):
    RULES[f"before + Smart Turn >= {_p}"] = reread(False, _p)
    RULES[f"after + Smart Turn >= {_p}"] = reread(True, _p)


def bench_turns(path: str, names: list[str]) -> None:
    """The listening bench's turns (bench_listening_waits.py's log): per rule and half,
    how many turns' last check chose the hesitation silence."""
    with open(path) as f:
        rows = [json.loads(x) for x in f]
    for name in names or list(RULES):
        line = []
        for part in ("fit", "held"):
            mine = [r for r in rows if r["half"] == part and r["checks"]]
            waits = [r for r in mine if _waited(r, RULES[name]) >= HESITATION]
            line.append(f"{part} {len(waits)}/{len(mine)}")
        print(f"{name:34s} waiting {HESITATION} s: " + ", ".join(line))


def _waited(row: dict[str, Any], rule: Rule) -> float:
    check = {**row["checks"][-1], "point": row["point"]}
    whole, hesitating = rule(check)
    complete, incomplete = silences(row["point"])
    return complete if whole else HESITATION if hesitating else incomplete


if __name__ == "__main__":
    import bench_turns_tuning_parse

    bench_turns_tuning_parse.register()  # its halves' logs name sets SETS does not hold
    with open(sys.argv[1]) as f:
        first = json.loads(f.readline())
    if "checks" in first:
        bench_turns(sys.argv[1], sys.argv[2:])
    else:
        main(sys.argv[1], sys.argv[2:], RULES)

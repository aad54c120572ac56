"""Replays rules for "the listener isn't finished" on the checks that
scripts/bench_turns_unfinished_log.py logged, without decoding again (issue 13, item 6).

    PYTHONPATH=.:scripts python scripts/bench_turns_unfinished_replay.py LOG.jsonl [RULE…]

For each clip, the check that fell in a hesitant answer's pause chose a silence (whole:
the point's complete silence; trailing off: the hesitation silence; else the incomplete
one): the answer is cut when that silence is shorter than the pause the detector meets
(the pause put there less :data:`DETECTOR_SHORTER`). A complete answer's end delay is the
silence its last check chose (plus the detector's lag, the same for every rule, left out).
The rules are in ``RULES``; ``as logged`` is the ear's own judgement at the time.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Callable
from typing import Any

DETECTOR_SHORTER = 0.08
"""The detector sees a pause ~0.06-0.09 s shorter than the one put there (v8's check)."""
HESITATION = 1.5

Rule = Callable[[dict[str, Any]], tuple[bool, bool]]


def _choices(point: str) -> Any:
    from bench_turns import question_at

    return question_at(point, 0.7).choices


def as_logged(r: dict[str, Any]) -> tuple[bool, bool]:
    return tuple(r["final"])  # type: ignore[return-value]


def _reread(r: dict[str, Any], text: str | None) -> tuple[bool, bool]:
    from voicepiece.listening.turns import Verdict, read_with

    quick = Verdict(r["quick"][0], r["quick"][1], None, r["heard"])
    found = read_with(quick, text, _choices(r["point"]))
    return found.whole, found.hesitating


def prompted(r: dict[str, Any]) -> tuple[bool, bool]:
    return _reread(r, r["prompted"])


def _unsure_end(r: dict[str, Any], key: str, floor: float, mode: str) -> bool:
    odds = r.get(key)
    if not odds:
        return False
    if mode == "end+eot":
        return odds["end"] + odds["eot"] < floor
    if mode == "end/(1-eot)":
        return odds["end"] / max(1e-6, 1 - odds["eot"]) < floor
    return odds["mark"] > floor  # "mark": "..." or "," likelier than this


def lm_rule(key: str, floor: float, mode: str, kinds: tuple[str, ...] = ("sentence",),
            base: Rule = as_logged) -> Rule:
    """A reading of ``kinds`` (sentence, whole) trails off when the decoder's odds of an
    end after the words are under ``floor``."""
    def rule(r: dict[str, Any]) -> tuple[bool, bool]:
        whole, hesitating = base(r)
        if hesitating:
            return whole, hesitating
        kind = "whole" if whole else "sentence"
        if kind in kinds and _unsure_end(r, key, floor, mode):
            return False, True
        return whole, hesitating
    return rule


def open_point_waits(base: Rule = as_logged) -> Rule:
    """At a point that takes open answers, a sentence that answers nothing waits the
    hesitation silence."""
    def rule(r: dict[str, Any]) -> tuple[bool, bool]:
        whole, hesitating = base(r)
        if not whole and not hesitating and r["point"] not in ("", "true_love"):
            return False, True
        return whole, hesitating
    return rule


RULES: dict[str, Rule] = {"as logged": as_logged, "prompted": prompted,
                          "open point waits": open_point_waits()}
for _key in ("ending_audio", "ending_text"):
    for _mode, _floors in (("end+eot", (0.3, 0.5, 0.7)), ("end/(1-eot)", (0.05, 0.1, 0.2)),
                           ("mark", (0.1, 0.2, 0.3))):
        for _f in _floors:
            RULES[f"{_key} {_mode} {_f}"] = lm_rule(_key, _f, _mode)
            RULES[f"{_key} {_mode} {_f} +whole"] = lm_rule(_key, _f, _mode, ("sentence", "whole"))


def either(a: Rule, b: Rule) -> Rule:
    """Whole only where both read whole; trailing off where either does."""
    def rule(r: dict[str, Any]) -> tuple[bool, bool]:
        (w1, h1), (w2, h2) = a(r), b(r)
        return w1 and w2 and not (h1 or h2), h1 or h2
    return rule


RULES["prompted or plain"] = either(as_logged, prompted)
for _f in (0.01, 0.02, 0.03, 0.05):
    RULES[f"prompted + text {_f}"] = lm_rule("ending_text", _f, "end/(1-eot)", base=prompted)
    RULES[f"prompted + text {_f} +whole"] = lm_rule("ending_text", _f, "end/(1-eot)",
                                                    ("sentence", "whole"), base=prompted)
    RULES[f"prompted + text e+e {_f * 10:.1f}"] = lm_rule("ending_text", _f * 10, "end+eot",
                                                          base=prompted)


for _f in (0.03, 0.05, 0.08, 0.1, 0.15):
    RULES[f"doubt {_f}"] = lm_rule("before_last", _f, "mark", ("sentence", "whole"))
    RULES[f"prompted + doubt {_f}"] = lm_rule("before_last", _f, "mark", ("sentence", "whole"),
                                              base=either(as_logged, prompted))
    RULES[f"prompted + doubt {_f} sentence"] = lm_rule("before_last", _f, "mark",
                                                       base=either(as_logged, prompted))


def _whole_phrase(text: str | None, point: str) -> bool:
    from voicepiece.listening.transcripts import Transcript, decide
    from voicepiece.listening.turn_reading import WHOLE_PHRASE

    found = decide(Transcript(text or ""), _choices(point))
    return found.label is not None and found.score >= WHOLE_PHRASE


def primed_marks(base: Rule = as_logged, doubt: float | None = None) -> Rule:
    """Where the plain words read whole or as a sentence, the primed words ending in
    Whisper's mark of trailing off ("...") make the turn trail off — unless the plain
    words are one of the point's answers in its own phrasing; with ``doubt``, so does
    Whisper's doubt before its last word."""
    def rule(r: dict[str, Any]) -> tuple[bool, bool]:
        from voicepiece.listening.turn_reading import TRAILING_MARKS

        whole, hesitating = base(r)
        if (hesitating or r["reading"] not in ("whole", "sentence")
                or _whole_phrase(r["text"], r["point"])):
            return whole, hesitating
        if (r["prompted"] or "").strip().endswith(TRAILING_MARKS):
            return False, True
        odds = r.get("before_last") or {}
        if doubt is not None and (odds.get("mark") or 0.0) >= doubt:
            return False, True
        return whole, hesitating
    return rule


RULES["primed marks"] = primed_marks()
for _f in (0.03, 0.05, 0.1):
    RULES[f"primed marks + doubt {_f}"] = primed_marks(doubt=_f)


def silences(point: str) -> tuple[float, float]:
    from bench_turns import question_at

    s = question_at(point, 0.7).settings
    return s.complete_silence, s.incomplete_silence


def waited(r: dict[str, Any], rule: Rule) -> float:
    whole, hesitating = rule(r)
    complete, incomplete = silences(r["point"])
    return complete if whole else HESITATION if hesitating else incomplete


def replay(lines: list[dict[str, Any]], rule: Rule) -> dict[str, Any]:
    clips: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for r in lines:
        clips[(r["set"], r["voice"], r["snr"], r["gap"], r["clip"], r["point"])].append(r)
    cut: dict[str, list[bool]] = defaultdict(list)
    delays: dict[str, list[float]] = defaultdict(list)
    for checks in clips.values():
        first = checks[0]
        if first["kind"] == "hesitant":
            pause = [r for r in checks if r["in_pause"]]
            if not pause:  # the pause's check did not come (a pause heard as speech)
                continue
            cut[first["clip_kind"]].append(
                waited(pause[0], rule) < first["gap"] - DETECTOR_SHORTER)
            if rule is as_logged:  # what the ear did: no check after a pause that ended it
                ended = not any(r["t"] >= first["pause"][1] for r in checks)
                cut["(the ear: cut)"].append(ended)
        else:
            end = [r for r in checks if r["at_end"]]
            if end:
                delays[first["kind"]].append(waited(end[0], rule))
    return {"cut": cut, "delays": delays}


def _pct(xs: list[bool]) -> str:
    return f"{100 * sum(xs) / len(xs):5.1f}% ({sum(xs)}/{len(xs)})" if xs else "  -  "


def _spread(xs: list[float]) -> str:
    if not xs:
        return "-"
    s = sorted(xs)
    p95 = s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]
    longer = sum(x > 0.75 for x in s)
    return f"{1000 * s[len(s) // 2]:.0f} ({1000 * p95:.0f}) >0.7s {longer}/{len(s)}"


def main(path: str, names: list[str], rules: dict[str, Any] | None = None) -> None:
    """Replays ``names`` (all when empty) of ``rules`` (these, by default) on the log."""
    rules = RULES if rules is None else rules
    with open(path) as f:
        lines = [json.loads(x) for x in f]
    for name in names or list(rules):
        found = replay(lines, rules[name])
        everything = [c for k, v in found["cut"].items() if not k.startswith("(") for c in v]
        print(f"{name:34s} cut {_pct(everything)}  "
              + "  ".join(f"{k} {_pct(v)}" for k, v in sorted(found["cut"].items()))
              + "  | " + "  ".join(f"{k} {_spread(v)}" for k, v in sorted(found["delays"].items())))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])

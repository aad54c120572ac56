"""Replays candidate rules for patient turn-taking (issue 13, item 6, tenth pass) on the
checks scripts/bench_turns_patient_log.py logged, without decoding again.

    PYTHONPATH=.:scripts python scripts/bench_turns_patient_replay.py LOG.jsonl [RULE…]

As scripts/bench_turns_unfinished_replay.py: the check that fell in a hesitant answer's
pause chose a silence (whole: the point's complete silence; trailing off: the hesitation
silence; else the incomplete one) and the answer is cut when that silence is shorter than
the pause the detector meets; a complete answer's end delay is the silence its last
check chose. ``as logged`` is the ear's own judgement at the time.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from bench_turns_unfinished_replay import _choices, main

Rule = Callable[[dict[str, Any]], tuple[bool, bool]]


def as_logged(r: dict[str, Any]) -> tuple[bool, bool]:
    return tuple(r["final"])  # type: ignore[return-value]


def _open_point(r: dict[str, Any]) -> bool:
    return any(c.phrases for c in _choices(r["point"]))


def trails_where(test: Callable[[dict[str, Any]], bool], kinds: tuple[str, ...] = (
        "whole", "sentence"), base: Rule = as_logged) -> Rule:
    """The ear's judgement, except that a check read as one of ``kinds`` whose record
    passes ``test`` trails off."""
    def rule(r: dict[str, Any]) -> tuple[bool, bool]:
        whole, hesitating = base(r)
        if hesitating or not r.get("text"):
            return whole, hesitating
        kind = "whole" if whole else "sentence"
        if kind in kinds and r["reading"] in ("whole", "sentence") and test(r):
            return False, True
        return whole, hesitating
    return rule


def _own(r: dict[str, Any]) -> bool:
    from voicepiece.listening.turn_reading import own_phrasing

    return own_phrasing(r["text"], _choices(r["point"]))


def final_mark(r: dict[str, Any]) -> float:
    """The probability of the last piece when it is a mark ending the sentence, else 1."""
    pieces = r.get("pieces") or []
    if pieces and pieces[-1][0].strip() in (".", "?", "!"):
        return pieces[-1][1]
    return 1.0


def last_word(r: dict[str, Any]) -> float:
    """The probability of the last word's first piece."""
    pieces = [p for p in r.get("pieces") or [] if any(c.isalnum() for c in p[0])]
    starts = [p for i, p in enumerate(pieces) if i == 0 or p[0].startswith(" ")]
    return starts[-1][1] if starts else 1.0


def alt_marks(r: dict[str, Any]) -> bool:
    from voicepiece.listening.turn_reading import TRAILING_MARKS

    return (r.get("primed_alt") or "").strip().endswith(TRAILING_MARKS)


def pitch_end(r: dict[str, Any]) -> float | None:
    """The last voiced pitch values (last 0.2 s of voicing) against the median of the
    voiced frames before them: < 1 a fall."""
    voiced = [p for p in r.get("pitch") or [] if p > 0]
    if len(voiced) < 8:
        return None
    tail, before = voiced[-4:], sorted(voiced[:-4])
    return (sum(tail) / len(tail)) / before[len(before) // 2]


RULES: dict[str, Rule] = {"as logged": as_logged}
for _f in (0.005, 0.01, 0.02, 0.03):
    RULES[f"doubt {_f}"] = trails_where(lambda r, f=_f: r["doubt"] >= f and not _own(r))
    RULES[f"doubt {_f} sentence"] = trails_where(lambda r, f=_f: r["doubt"] >= f, ("sentence",))
for _f in (0.5, 0.7, 0.8, 0.9):
    RULES[f"final mark < {_f} sentence"] = trails_where(
        lambda r, f=_f: final_mark(r) < f, ("sentence",))
    RULES[f"final mark < {_f}"] = trails_where(
        lambda r, f=_f: final_mark(r) < f and not _own(r))
for _f in (0.3, 0.5, 0.7):
    RULES[f"last word < {_f} sentence"] = trails_where(
        lambda r, f=_f: last_word(r) < f, ("sentence",))
RULES["alt prompt marks"] = trails_where(lambda r: alt_marks(r) and not _own(r))
RULES["open point sentence"] = trails_where(_open_point, ("sentence",))
for _f in (0.9, 0.95, 1.0, 1.05):
    RULES[f"pitch level {_f} sentence"] = trails_where(
        lambda r, f=_f: (pitch_end(r) or 0) >= f, ("sentence",))
    RULES[f"pitch level {_f}"] = trails_where(
        lambda r, f=_f: (pitch_end(r) or 0) >= f and not _own(r))


def _marked(r: dict[str, Any], key: str, guard: bool) -> bool:
    """Whether ``key``'s primed words trail off; with ``guard``, not where they hold more
    words than the unprimed ones by more than two (the decoder looping on its prompt:
    "it should be true. It should be true...")."""
    from voicepiece.listening.turn_reading import TRAILING_MARKS
    from voicepiece.story.wording import normalize

    primed = (r.get(key) or "").strip()
    if not primed.endswith(TRAILING_MARKS):
        return False
    return not guard or len(normalize(primed).split()) <= len(
        normalize(r["text"] or "").split()) + 2


def reread(primed: str = "primed", doubt: float = 0.05, both: bool = False,
           guard: bool = False, either: bool = False) -> Rule:
    """The ear's reading of the logged words with this tree's rules, Whisper's doubt read
    from ``primed``'s words (``primed_alt``: the other prompt) and the ``doubt`` floor;
    ``both``: the primed words trail off only where both prompts' do."""
    def rule(r: dict[str, Any]) -> tuple[bool, bool]:
        from voicepiece.listening.turn_reading import SENTENCE, WHOLE
        from voicepiece.listening.turns import Verdict, _judged, reading

        choices = _choices(r["point"])
        quick = Verdict(r["quick"][0], r["quick"][1], None, r["heard"])
        found = reading(r["text"], choices)
        judged = _judged(quick, r["text"], found)
        if judged.hesitating or found not in (WHOLE, SENTENCE) or _own(r):
            return judged.whole, judged.hesitating
        marked = _marked(r, primed, guard)
        if both:
            marked = marked and _marked(r, "primed_alt", guard)
        if either:
            marked = marked or _marked(r, "primed_alt", guard)
        if r["doubt"] >= doubt or marked:
            return False, True
        return judged.whole, judged.hesitating
    return rule


RULES["before"] = as_logged  # logged on the tree before the tenth pass
# Logged before TURN_PROMPT went back to the ninth's: there "primed" is the ninth's prompt
# (kept) and "primed_alt" the function words' (tried).
RULES["after"] = reread("primed", 0.01, guard=True)
RULES["after, the function words' prompt"] = reread("primed_alt", 0.01, guard=True)
RULES["after, DOUBT 0.05"] = reread("primed_alt", 0.05, guard=True)
RULES["grammar and loop guard only"] = reread("primed", 0.05, guard=True)
RULES["grammar only"] = reread("primed", 0.05)
RULES["either prompt"] = reread("primed", 0.05, guard=True, either=True)
RULES["after, no loop guard"] = reread("primed_alt", 0.01)
RULES["reread"] = reread()
RULES["reread alt"] = reread("primed_alt")
RULES["reread both"] = reread(both=True)
RULES["reread guard"] = reread(guard=True)
RULES["reread alt guard"] = reread("primed_alt", guard=True)
RULES["reread both guard"] = reread(both=True, guard=True)
RULES["reread alt guard doubt 0.01"] = reread("primed_alt", 0.01, guard=True)
RULES["reread both guard doubt 0.01"] = reread(both=True, doubt=0.01, guard=True)
for _f in (0.005, 0.01, 0.02, 0.03, 0.1):
    RULES[f"reread alt doubt {_f}"] = reread("primed_alt", _f)
    RULES[f"reread doubt {_f}"] = reread("primed", _f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:], RULES)

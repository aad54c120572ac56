"""Replays the light parse of the last clause (issue 13, item 6, twelfth pass:
:mod:`voicepiece.listening.clause_parse`) on checks logged by
scripts/bench_turns_patient_log.py or scripts/bench_turns_tuning_parse.py, without
decoding again.

    PYTHONPATH=.:scripts python scripts/bench_turns_parse_replay.py LOG.jsonl [RULE…]

``before`` is the ear's reading of the logged words with the parse turned off, ``after``
with it (both the tenth pass's primed prompt and doubt as logged, the ear's own choice);
``as logged`` is the ear's judgement at the time. Cut-offs and delays as
scripts/bench_turns_unfinished_replay.py counts them.
"""

from __future__ import annotations

import sys
from typing import Any

from bench_turns_patient_replay import Rule, as_logged, reread
from bench_turns_unfinished_replay import main

from voicepiece.listening import turn_reading, turns

_PARSE = turn_reading.wants_more, turn_reading.thinking_alone


def parse(on: bool, base: Rule) -> Rule:
    """``base`` with the light parse on or off."""
    def rule(r: dict[str, Any]) -> tuple[bool, bool]:
        if not on:
            turn_reading.wants_more = turn_reading.thinking_alone = lambda text: False
            turns.thinking_alone = turn_reading.thinking_alone
        try:
            return base(r)
        finally:
            turn_reading.wants_more, turn_reading.thinking_alone = _PARSE
            turns.thinking_alone = _PARSE[1]
    return rule


AFTER_TENTH = reread("primed", 0.01, guard=True)
RULES: dict[str, Rule] = {"as logged": as_logged, "before": parse(False, AFTER_TENTH),
                          "after": parse(True, AFTER_TENTH)}


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:], RULES)

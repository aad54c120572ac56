"""A dry check of the turns bench's set v9 (scripts/bench_turns_v9.py): its clips are
built and measured, never heard by the ear — no endpointing, no judgement, no cut-off.
Counts and spreads only: no item of the set is printed.

    PYTHONPATH=.:scripts python scripts/bench_turns_v9_check.py [--intelligibility]

- the default: every clip synthesized as the bench makes it (its speech kept in the user
  cache, ``bench-turns-v9``), measured as v8's check measures v8's
  (:func:`bench_turns_v8_check.check`: the answers by kind, the clips by voice and level,
  their lengths, the pause as put and as the voice detector sees it, the SNR heard), and
  the answers counted by listening point. Exit status 1 when a check fails (a pause outside
  0.6–1.2 s or lost, an SNR heard more than 6 dB off, a hesitant answer without a kind);
- ``--intelligibility``: the share of five neutral sentences' words (in no set) Whisper
  tiny.en writes back for each voice (≥ 80% kept).
"""

from __future__ import annotations

from collections.abc import Sequence

from bench_turns_v8_check import dry_check


def neutral() -> Sequence[str]:
    from bench_turns_v9 import NEUTRAL

    return NEUTRAL


if __name__ == "__main__":
    raise SystemExit(dry_check(__doc__ or "", "unseen_v9", neutral, by_point=True))

"""Tools on the listening bench's held-out set v6 (scripts/bench_listening_heldout6.py),
none of which shows what the ear made of an item (scripts/bench_listening_blind.py, whose
``TOOLS`` they are).
"""

from __future__ import annotations

import sys

import bench_listening_blind as blind
from bench_listening_heldout6 import V6_NOISE, V6_VOICES, spoken, v6_clips, v6_items
from bench_listening_heldout6_phrases import INTELLIGIBILITY

TITLE = (f"issue 13's figures, HELD-OUT set v6 ({', '.join(V6_VOICES)}; {V6_NOISE}; "
         f"written blind, never tuned on; ours only, alone):")
KEEP_AT = 0.85
"""A voice is kept when Whisper writes back this share of the neutral sentences' words."""


if __name__ == "__main__":
    sys.exit(blind.main(__doc__ or "", "held_out_v6", TITLE, V6_VOICES, V6_NOISE, v6_items,
                        v6_clips, INTELLIGIBILITY, spoken, KEEP_AT))

"""Tools on the listening bench's held-out set v7 (scripts/bench_listening_heldout7.py),
none of which shows what the ear made of an item: scripts/bench_listening_blind.py's
``TOOLS`` (``--labels``, ``--intelligibility``, the clip check, ``--run``).
"""

from __future__ import annotations

import sys

import bench_listening_blind as blind
from bench_listening_heldout7 import V7_NOISE, V7_VOICES, spoken, v7_clips, v7_items
from bench_listening_heldout7_phrases import INTELLIGIBILITY

TITLE = (f"issue 13's figures, HELD-OUT set v7 ({len(V7_VOICES)} Kokoro blends; {V7_NOISE}; "
         f"written blind, never tuned on; ours only, alone):")
KEEP_AT = 0.85
"""A voice is kept when Whisper writes back this share of the neutral sentences' words."""


if __name__ == "__main__":
    sys.exit(blind.main(__doc__ or "", "held_out_v7", TITLE, V7_VOICES, V7_NOISE, v7_items,
                        v7_clips, INTELLIGIBILITY, spoken, KEEP_AT))

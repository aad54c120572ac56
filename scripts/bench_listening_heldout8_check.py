"""Tools on the listening bench's held-out set v8 (scripts/bench_listening_heldout8.py),
none of which shows what the ear made of an item: scripts/bench_listening_blind.py's
``TOOLS`` (``--labels``, ``--intelligibility``, the clip check, ``--run``).
"""

from __future__ import annotations

import sys

import bench_listening_blind as blind
from bench_listening_heldout8 import V8_NOISE, V8_VOICES, spoken, v8_clips, v8_items
from bench_listening_heldout8_phrases import INTELLIGIBILITY

TITLE = (f"issue 13's figures, HELD-OUT set v8 ({len(V8_VOICES)} Kokoro blends; {V8_NOISE}; "
         f"written blind, never tuned on; ours only, alone):")
KEEP_AT = 0.85
"""A voice is kept when Whisper writes back this share of the neutral sentences' words."""


if __name__ == "__main__":
    sys.exit(blind.main(__doc__ or "", "held_out_v8", TITLE, V8_VOICES, V8_NOISE, v8_items,
                        v8_clips, INTELLIGIBILITY, spoken, KEEP_AT))

"""Tools on the listening bench's fifth set v5 (scripts/bench_listening_heldout5.py), none
of which shows what the ear made of an item (scripts/bench_listening_blind.py, whose
``TOOLS`` they are). v5 is development data since issue 13's thirteenth pass: its items are
heard and replayed one by one with scripts/v5_dev.py.
"""

from __future__ import annotations

import sys

import bench_listening_blind as blind
from bench_listening_heldout5 import V5_NOISE, V5_VOICES, spoken, v5_clips, v5_items
from bench_listening_heldout5_phrases import INTELLIGIBILITY

TITLE = (f"issue 13's figures, set v5 ({', '.join(V5_VOICES)}; {V5_NOISE}; written blind, "
         f"development data since the thirteenth pass; ours only, alone):")


if __name__ == "__main__":
    sys.exit(blind.main(__doc__ or "", "held_out_v5", TITLE, V5_VOICES, V5_NOISE, v5_items,
                        v5_clips, INTELLIGIBILITY, spoken))

"""Tools on the listening bench's held-out set v7 (scripts/bench_listening_heldout7.py),
none of which shows what the ear made of an item (scripts/bench_listening_blind.py, whose
``TOOLS`` they are), and one dry check of its own:

- ``--labels``: every item's truth fits its point — a label the point offers, an open
  answer only where the point takes one, off-list speech at a point that exists; counts
  only, no model loaded, no audio made (exit 1 when any item does not fit).
"""

from __future__ import annotations

import json
import sys

import bench_listening_blind as blind
from bench_listening_heldout7 import (
    V7_NOISE,
    V7_VOICES,
    label_problems,
    spoken,
    v7_clips,
    v7_items,
)
from bench_listening_heldout7_phrases import INTELLIGIBILITY

TITLE = (f"issue 13's figures, HELD-OUT set v7 ({len(V7_VOICES)} Kokoro blends; {V7_NOISE}; "
         f"written blind, never tuned on; ours only, alone):")
KEEP_AT = 0.85
"""A voice is kept when Whisper writes back this share of the neutral sentences' words."""


def check_labels() -> int:
    from voicepiece.story.loader import load_piece

    piece = load_piece("her")
    counts = label_problems(piece, v7_items(piece))
    print(json.dumps(counts))
    return 0 if sum(v for k, v in counts.items() if k != "items") == 0 else 1


if __name__ == "__main__":
    if "--labels" in sys.argv[1:]:
        sys.exit(check_labels())
    sys.exit(blind.main(__doc__ or "", "held_out_v7", TITLE, V7_VOICES, V7_NOISE, v7_items,
                        v7_clips, INTELLIGIBILITY, spoken, KEEP_AT))

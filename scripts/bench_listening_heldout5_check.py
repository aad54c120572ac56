"""Tools on the listening bench's held-out set v5 (scripts/bench_listening_heldout5.py),
none of which shows what the ear made of an item (scripts/bench_listening_blind.py):

- ``--intelligibility``: Whisper tiny.en on five neutral sentences in no set, said clean
  by every voice of the set; the share of their words written back, per voice (kept at
  >= 0.8);
- (default) synthesize the set's speech into the user cache and check every clip: it
  exists, its speech lasts 0.3–8 s, the answer ends on a chunk boundary, and the SNR heard
  is the one asked for; counts only;
- ``--run [--limit N] [--json FILE]``: hear the set alone, ours only, as
  ``scripts/bench listening`` hears it, and print its aggregate figures (by noise level
  and by kind of utterance); ``--limit N`` hears its first N clips only (a smoke test).
  Takes about 3–6 s a turn on a loaded 2-core machine.
"""

from __future__ import annotations

import sys

import bench_listening_blind as blind
from bench_listening_heldout5 import V5_NOISE, V5_VOICES, spoken, v5_clips, v5_items
from bench_listening_heldout5_phrases import INTELLIGIBILITY

TITLE = (f"issue 13's figures, HELD-OUT set v5 ({', '.join(V5_VOICES)}; {V5_NOISE}; "
         f"written blind, never tuned on; ours only, alone):")


if __name__ == "__main__":
    sys.exit(blind.main(__doc__ or "", "held_out_v5", TITLE, V5_VOICES, V5_NOISE, v5_items,
                        v5_clips, INTELLIGIBILITY, spoken))

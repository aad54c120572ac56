"""Tools on the listening bench's held-out set v4 (scripts/bench_listening_heldout4.py),
none of which shows what the ear made of an item (scripts/bench_listening_blind.py, shared
with later blind sets):

- ``--intelligibility``: whether each voice's words can be recognized at all — Whisper
  tiny.en (the packaged model, greedy, no gating) on five neutral sentences in no set,
  said clean; the share of their words it writes back, per voice. A voice whose words
  Whisper mostly misses would measure the synthesis, not the ear;
- (default) synthesize the set's speech into the cache and check every clip: it exists,
  its speech lasts 0.3–8 s, the answer ends on a chunk boundary, and the SNR heard (the
  speech's level over the level around it) is the one asked for: the median within 1.5 dB
  at each level, every clip within 6 dB; counts only;
- ``--run [--limit N]``: hear the set alone, as ``scripts/bench listening`` hears it
  (ours only, no baseline), and print its aggregate figures (``print_honest``) and, with
  ``--json FILE``, write them; ``--limit N`` hears the set's first N clips only (a smoke
  test). Takes about 3–6 s a turn on a loaded 2-core machine.
"""

from __future__ import annotations

import sys

import bench_listening_blind as blind
from bench_listening_heldout4 import V4_NOISE, V4_VOICES, spoken, v4_clips, v4_items
from bench_listening_heldout4_phrases import INTELLIGIBILITY

TITLE = (f"issue 13's figures, HELD-OUT set v4 ({', '.join(V4_VOICES)}; {V4_NOISE}; "
         f"never tuned on; ours only, alone):")


if __name__ == "__main__":
    sys.exit(blind.main(__doc__ or "", "held_out_v4", TITLE, V4_VOICES, V4_NOISE, v4_items,
                        v4_clips, INTELLIGIBILITY, spoken))

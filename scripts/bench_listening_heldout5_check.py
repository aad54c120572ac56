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

import argparse
import json
import sys
from pathlib import Path

from bench_listening_blind import (
    check_clips,
    clips_pass,
    intelligibility,
    print_intelligibility,
    run_blind,
)
from bench_listening_clips import NOISE_LEVELS
from bench_listening_heldout5 import (
    V5_NOISE,
    V5_VOICES,
    spoken,
    v5_clips,
    v5_items,
)
from bench_listening_heldout5_phrases import INTELLIGIBILITY

TITLE = (f"issue 13's figures, HELD-OUT set v5 ({', '.join(V5_VOICES)}; {V5_NOISE}; "
         f"written blind, never tuned on; ours only, alone):")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--intelligibility", action="store_true")
    parser.add_argument("--run", action="store_true")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if args.intelligibility:
        print_intelligibility(intelligibility(V5_VOICES, INTELLIGIBILITY, spoken))
        return 0
    from voicepiece.story.loader import load_piece

    items = v5_items(load_piece("her"))
    if args.run:
        return run_blind("held_out_v5", TITLE, V5_VOICES, V5_NOISE, v5_clips(items),
                         args.limit, args.json)
    counts = check_clips(items, v5_clips(items))
    print(json.dumps(counts))
    print(f"noise levels: {', '.join('clean' if s is None else f'{s:g} dB' for s in NOISE_LEVELS)}")
    return 0 if clips_pass(counts) else 1


if __name__ == "__main__":
    sys.exit(main())

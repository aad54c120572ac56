"""The turns bench (scripts/bench_turns.py) on one half of a development set: the one-go
set (scripts/bench_turns_one_go_dev.py, its pauses at 1.2 s) or v9 (at its 1.0 s pause, as its
replay counts it; ``--gaps 0.6,0.8,1.0,1.2`` for all four), each by the
half's voices alone, with the judgements that read a pause again and those that do not
(``…_one_read``) side by side on the same decodes. Cases cut off are printed for the fit
half only; the held half is counted, never looked at item by item (its split is marked
blind).

    PYTHONPATH=.:scripts python scripts/bench_turns_halves.py one_go_dev|v9 fit|held [OUT.json]
        [--gaps 1.0]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys

JUDGEMENTS = ("transcript,transcript_any_time,transcript_one_read,transcript_at_once,"
              "transcript_at_once_one_read")


def main(argv: list[str]) -> None:
    gaps = (1.0,)
    if "--gaps" in argv:
        at = argv.index("--gaps")
        gaps = tuple(float(g) for g in argv[at + 1].split(","))
        argv = argv[:at] + argv[at + 2:]
    if len(argv) not in (2, 3) or argv[0] not in ("one_go_dev", "v9") or argv[1] not in (
            "fit", "held"):
        raise SystemExit(__doc__)
    name, half = argv[:2]
    import bench_turns
    import bench_turns_clips as bc
    import bench_turns_one_go_dev as og
    import bench_turns_v9 as v9

    os.environ.setdefault("VOICEPIECE_BENCH_TURNS_JUDGEMENTS", JUDGEMENTS)
    if half == "fit":
        os.environ.setdefault("VOICEPIECE_BENCH_TURNS_CASES", "1")
    if name == "one_go_dev":
        voices = og.FIT_VOICES if half == "fit" else og.HELD_VOICES
        left_out = og.register(voices)
        made = bench_turns.clips
        bench_turns.clips = lambda s, quick: [  # type: ignore[assignment]
            c for c in made(s, quick) if not (c.gap is not None and any(
                c.voice == v and c.text.startswith(f.rstrip(".") + "…") for v, f in left_out))]
        key = og.NAME
    else:
        voices = v9.FIT_VOICES if half == "fit" else v9.HELD_VOICES
        key = "unseen_v9"
    bc.SETS[key] = dataclasses.replace(bc.SETS[key], voices=voices, blind=half == "held",
                                       **({} if name == "one_go_dev" else {"gaps": gaps}))
    os.environ["VOICEPIECE_BENCH_TURNS_SETS"] = key
    data = bench_turns.run(argparse.Namespace(quick=False))
    if len(argv) == 3:
        with open(argv[2], "w") as out:
            json.dump(data, out, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])

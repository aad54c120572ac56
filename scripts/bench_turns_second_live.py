"""The second read's cost live (issue 13, seventeenth pass): the real ear (``ListeningEar``,
the combined recognizer, the default judge) hears the one-go development set's complete
answers and open sentences (and, with ``--hesitant PREFIX``, its hesitant answers at a 1.2 s
pause that begin so; ``--snr 20`` only the clips at that SNR)
**in real time**, each twice — holding the turn for a second read under way
(``Tuning.second_read_wait``, the default) and not (0) — in alternating order, so that the
machine's load falls alike on both. Printed: per kind, the silence each turn waited (audio
seconds, end of speech → end of the turn), the wall time from the last speech frame to the
decision (``last_latency``), and the second reads' decode time; the load average.

    PYTHONPATH=.:scripts python scripts/bench_turns_second_live.py fit|held [--busy N] [--snr DB]
        [--hesitant PREFIX]

``--busy N`` runs N busy loops (nice 5, as the ear) beside it, ended by their ids after.
Counts only on the held half.
"""

from __future__ import annotations

import dataclasses
import os
import statistics
import subprocess
import sys
import time
from typing import Any

HOLD_KINDS = ("held", "not held")


def _clips(half: str, hesitant: str | None, snr: float | None) -> list[Any]:
    import bench_turns
    import bench_turns_clips as bc
    import bench_turns_one_go_dev as og

    voices = og.FIT_VOICES if half == "fit" else og.HELD_VOICES
    left_out = og.register(voices)
    bc.SETS[og.NAME] = dataclasses.replace(bc.SETS[og.NAME], voices=voices)
    return [c for c in bench_turns.clips(bc.SETS[og.NAME], False)
            if (snr is None or c.snr == snr) and (c.gap is None or (
                hesitant is not None and c.text.startswith(hesitant) and not any(
                    c.voice == v and c.text.startswith(f.rstrip(".") + "…")
                    for v, f in left_out)))]


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in ("fit", "held"):
        raise SystemExit(__doc__)
    half = argv[0]
    busy = int(argv[argv.index("--busy") + 1]) if "--busy" in argv else 0
    from bench_turns import question_at

    from voicepiece.listening.combined import CombinedRecognizer
    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.endpoint import DEFAULT_TUNING
    from voicepiece.listening.second_read import SecondRead
    from voicepiece.listening.sources import PcmSource

    made = _clips(half, argv[argv.index("--hesitant") + 1] if "--hesitant" in argv else None,
                  float(argv[argv.index("--snr") + 1]) if "--snr" in argv else None)
    recognizer = CombinedRecognizer()
    decodes: list[float] = []

    def read_again(*args: Any, **kwargs: Any) -> SecondRead | None:
        began = time.perf_counter()
        second = SecondRead.begin(*args, **kwargs)
        if second is not None:
            second.future.add_done_callback(
                lambda _: decodes.append(time.perf_counter() - began))
        return second

    tunings = {"held": DEFAULT_TUNING,
               "not held": dataclasses.replace(DEFAULT_TUNING, second_read_wait=0.0)}
    waited: dict[tuple[str, str], list[float]] = {}
    latency: dict[tuple[str, str], list[float]] = {}
    cut: dict[tuple[str, str], int] = {}
    loads: list[float] = []
    loops = [subprocess.Popen(["nice", "-n", "5", sys.executable, "-c", "while True: pass"])
             for _ in range(busy)]
    try:
        for i, clip in enumerate(made):
            kind = "hesitant" if clip.gap is not None else "open" if clip.open else "complete"
            order = HOLD_KINDS if i % 2 == 0 else HOLD_KINDS[::-1]
            for hold in order:
                ear = ListeningEar(lambda c=clip: PcmSource(c.pcm, realtime=True), recognizer,
                                   tuning=tunings[hold], read_again=read_again)
                ear.listen(question_at(clip.point, 0.7))
                end = ear.last_endpoint
                assert end is not None
                loads.append(os.getloadavg()[0])
                if clip.pause is not None:
                    cut[(kind, hold)] = cut.get((kind, hold), 0) + (
                        end.speech_end is not None and end.at < clip.pause[1] + 0.05)
                    continue
                waited.setdefault((kind, hold), []).append(end.at - clip.speech_end)
                if ear.last_latency is not None:
                    latency.setdefault((kind, hold), []).append(ear.last_latency)
    finally:
        for loop in loops:
            loop.terminate()
            loop.wait()
    print(f"one-go {half}: {len(made)} clips, each heard live held and not; load "
          f"{min(loads):.1f}-{max(loads):.1f} (median {statistics.median(loads):.1f}); "
          f"{busy} busy loops")
    for (kind, hold), values in sorted(waited.items()):
        lat = latency.get((kind, hold), [])
        print(f"  {kind:8s} {hold:8s} n={len(values):2d}  silence waited median "
              f"{statistics.median(values):.2f} s, p90 {_p(values, 0.9):.2f}, max "
              f"{max(values):.2f}; 1.5 s waits {sum(v > 1.2 for v in values)}; latency "
              f"(last speech -> decision) median {statistics.median(lat):.2f} s, "
              f"p90 {_p(lat, 0.9):.2f}")
    for (kind, hold), n in sorted(cut.items()):
        print(f"  {kind:8s} {hold:8s} cut off {n} of "
              f"{sum(c.gap is not None for c in made)}")
    if decodes:
        print(f"  second reads' decode (begun -> done, wall): {len(decodes)}, median "
              f"{statistics.median(decodes):.2f} s, p90 {_p(decodes, 0.9):.2f}")


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


if __name__ == "__main__":
    main(sys.argv[1:])

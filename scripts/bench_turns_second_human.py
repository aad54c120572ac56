"""The second read's cost on real people's read sentences (issue 13, eighteenth pass): the
listening bench's human recordings that answer nothing at its yes/no point (read sentences,
off-list there; ``bench_listening_human``), heard by the real ear (``ListeningEar``, the
combined recognizer, the default judge) **in real time**, each held for a second read under
way (``held``), the same without the rule that a read is begun only where it can come in
time (``any time``: the ear of the seventeenth pass), and not held (``Tuning.second_read_wait``
0), in alternating order. This is the part of
``scripts/bench.py listening --quick`` whose median rose 817 -> 1,131 ms with the live hold,
without the rest of that bench (nine minutes at idle).

Printed per hearing, in seconds of the pause (the listener's last speech -> the event, wall
clock from the source's pacing): the first check, the first reading settled, the second
read begun and its words there, the turn's end; then per tuning the silence waited and the
wall time from the last speech frame to the decision (``last_latency``), and the load.

    PYTHONPATH=.:scripts python scripts/bench_turns_second_human.py [--quick]
        [--model SCALES | --tuning NAME=WAIT ...]

``--model 1,0.5``: instead, the turns bench's model of the same ears (``modelled``), the
decodes' seconds scaled by each factor (``--waits 0.1,0.3``: each hold too).
``--quick``: only the eight sentences the listening bench's ``--quick`` hears. ``--tuning
held=0.3 'not held'=0`` tries those holds instead (name = second_read_wait; a name
beginning "any time" leaves the rule out).
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import statistics
import sys
import time
from typing import Any

from bench_turns_second_live import _p


def _sentences(quick: bool) -> list[Any]:
    """The human clips that are read sentences (off-list at the yes/no point)."""
    from bench_listening_human import human_clips, human_set

    found = human_set()
    if found is None:
        raise SystemExit("no human recordings here")
    clips = [c for c in human_clips(found, quick) if c.voice == "human sentence"]
    return clips


class _Timed:
    """The default judge, its calls' wall times kept (``events``: name -> seconds; the
    last pause's)."""

    def __init__(self, events: dict[str, float]) -> None:
        from voicepiece.listening.turns import patient_judge

        self.judge = patient_judge()
        self.events = events

    def verdict(self, *args: Any, **kwargs: Any) -> Any:
        self.events["check"] = time.perf_counter()
        self.events.pop("settled", None)
        found = self.judge.verdict(*args, **kwargs)
        if found.transcript is None or found.transcript.done():
            self.events["settled"] = time.perf_counter()
        return found

    def settle(self, *args: Any) -> Any:
        found = self.judge.settle(*args)
        if found is not None:
            self.events["settled"] = time.perf_counter()
        return found


def modelled(made: list[Any], scales: list[float], waits: list[float | None]) -> None:
    """The same sentences through the turns bench's ear (``bench_turns.hear``): each Whisper
    decode done here once, one at a time, its words coming after the seconds it took times
    each of ``scales`` (1: as here now; below 1, a less busy machine), counted in audio
    time — so the held, any-time and unheld ears are compared on the same decodes, whatever
    the load; each of ``waits`` as ``Tuning.second_read_wait`` (None: the ear's)."""
    import bench_turns
    from bench_listening_human import HUMAN_POINT
    from bench_turns_clips import Clip
    from bench_turns_judges import Judges, _Judge

    judges = Judges(None)
    strategies = judges.strategies()
    clips = [Clip(c.item.text, "human", 0.0, None, c.pcm, None, c.speech_end / 16000, True,
                  point=HUMAN_POINT) for c in made]
    for scale, wait in itertools.product(scales, waits):
        print(f"modelled, decodes' seconds times {scale:g}, second_read_wait {wait}:")
        for name in ("transcript", "transcript_any_time", "transcript_one_read"):
            judge, incomplete, transcript = strategies[name]
            ear_judge = _Judge(judge, judges, transcript, second=not name.endswith("_one_read"),
                               any_time=name.endswith("_any_time"), scale=scale)
            delays = [bench_turns.hear(c, ear_judge, incomplete, judges, None, wait).delay
                      for c in clips]
            values = [d for d in delays if d is not None]
            print(f"  {name:20s} silence waited median {statistics.median(values):.2f} s, "
                  f"mean {statistics.mean(values):.2f}, p90 {_p(values, 0.9):.2f}: "
                  + " ".join(f"{d:.2f}" for d in values), flush=True)
    print(f"  Whisper's decodes here: median {statistics.median(judges.decode):.2f} s, "
          f"load {os.getloadavg()[0]:.1f}")


def main(argv: list[str]) -> None:
    from bench_listening_human import HUMAN_POINT
    from bench_turns import question_at

    from voicepiece.listening.base import FRAME_SAMPLES
    from voicepiece.listening.combined import CombinedRecognizer
    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.endpoint import DEFAULT_TUNING
    from voicepiece.listening.second_read import SecondRead
    from voicepiece.listening.sources import PcmSource

    quick = "--quick" in argv
    tunings = {"held": DEFAULT_TUNING, "any time": DEFAULT_TUNING,
               "not held": dataclasses.replace(DEFAULT_TUNING, second_read_wait=0.0)}
    if "--tuning" in argv:
        tunings = {}
        for spec in argv[argv.index("--tuning") + 1:]:
            name, wait = spec.split("=")
            tunings[name] = dataclasses.replace(DEFAULT_TUNING, second_read_wait=float(wait))
    hearing = ""
    made = _sentences(quick)
    if "--model" in argv:
        waits = ([float(v) for v in argv[argv.index("--waits") + 1].split(",")]
                 if "--waits" in argv else [None])
        modelled(made, [float(v) for v in argv[argv.index("--model") + 1].split(",")], waits)
        return
    recognizer = CombinedRecognizer()
    question = question_at(HUMAN_POINT, 0.7)
    events: dict[str, float] = {}

    def read_again(*args: Any, within: float | None = None) -> SecondRead | None:
        if hearing.startswith("any time"):
            within = None  # the ear before the eighteenth pass
        second = SecondRead.begin(*args, within=within)
        if second is None:
            return None
        events["begun"] = time.perf_counter()
        events.pop("read", None)
        second.future.add_done_callback(
            lambda _: events.__setitem__("read", time.perf_counter()))
        return second

    waited: dict[str, list[float]] = {}
    latency: dict[str, list[float]] = {}
    loads: list[float] = []
    names = list(tunings)
    for i, clip in enumerate(made):
        order = names if i % 2 == 0 else names[::-1]
        for name in order:
            hearing = name
            events.clear()
            judge = _Timed(events)
            ear = ListeningEar(lambda c=clip: PcmSource(c.pcm, realtime=True), recognizer,
                               tuning=tunings[name], judge=judge,  # type: ignore[arg-type]
                               read_again=read_again)
            opened = time.perf_counter()
            heard = ear.listen(question)
            done = time.perf_counter()
            end = ear.last_endpoint
            assert end is not None and end.speech_end is not None
            loads.append(os.getloadavg()[0])
            last = opened + end.speech_end  # the speech's end as the detector heard it
            pause = {k: round(v - last, 2) for k, v in sorted(events.items(),
                                                                key=lambda kv: kv[1])}
            waited.setdefault(name, []).append(end.at - end.speech_end)
            if ear.last_latency is not None:
                latency.setdefault(name, []).append(ear.last_latency)
            print(f"{i:2d} {name:9s} {clip.item.text[:38]:38s} silence "
                  f"{end.at - end.speech_end:.2f}  done {done - last:.2f}  {pause}  "
                  f"{heard.label}", flush=True)
            assert clip.speech_end % FRAME_SAMPLES == 0
    print(f"human read sentences: {len(made)}, load {min(loads):.1f}-{max(loads):.1f} "
          f"(median {statistics.median(loads):.1f})")
    for name in names:
        values, lat = waited[name], latency.get(name, [0.0])
        print(f"  {name:9s} silence waited median {statistics.median(values):.2f} s, p90 "
              f"{_p(values, 0.9):.2f}; last speech -> decision median "
              f"{statistics.median(lat):.2f} s, p90 {_p(lat, 0.9):.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])

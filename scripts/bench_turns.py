"""The turns benchmark: does the ear wait for a hesitant listener, and answer a finished one
quickly?

Hesitant answers ("well… yes", "um… I think so", "I… I don't know", "so… maybe") are made
of two spoken parts with a pause of 0.6, 0.8, 1.0 or 1.2 s of room noise between them;
complete answers are the same second parts said alone. Listener voices (never the
narrator's) say them at 20 and 10 dB SNR. Each clip goes through the real ear
(``ListeningEar``: Silero VAD, the endpointer, the completeness judgement) at a yes/no
point of the her piece (or, where a set names them, at the point each answer answers:
v8), read at full speed — the endpointer counts frames, so its decisions are those of a
live turn.

- cut-off rate: hesitant answers whose turn ended in the pause (target ≤ 5%);
- end delay: for complete answers, audio seconds from the end of speech to the end of the
  turn (the silence waited plus the detector's lag; a reply's decode comes on top).

Voices and phrasings are split (scripts/bench_turns_clips.py): the judgement's settings
were chosen on TUNING only; SEEN and UNSEEN are reported apart. Each judgement is run with
the silences it is paired with.
"""

from __future__ import annotations

import argparse
import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

from bench_common import spread_ms
from bench_turns_clips import SETS, Clip, clips, voices_of
from bench_turns_judges import (  # noqa: F401 (AT_ONCE, Judge: for the benches built on it)
    AT_ONCE,
    BEFORE_INCOMPLETE,
    LONG_INCOMPLETE,
    Judge,
    Judges,
    _Cheap,
    _Judge,
)


@dataclass(frozen=True)
class Result:
    clip: Clip
    cut: bool
    delay: float | None


@functools.cache
def question_at(point: str, incomplete: float) -> Any:
    """The her piece's listening point ``point`` ("": its first yes/no point, where the sets
    that name no points are heard), with ``incomplete_silence`` set."""
    from dataclasses import replace

    from voicepiece.session.events import Question
    from voicepiece.story.loader import load_piece

    piece = load_piece("her")
    node = next(n for n in piece.listening_points()
                if n.listen is not None and (n.name == point if point else any(
                    a.meaning == "yes" for a in n.listen.answers)))
    assert node.listen is not None
    settings = replace(node.listen.settings, incomplete_silence=incomplete)
    return Question(node.name, node.listen.answers, settings)


class _Live:
    """A clip's audio as a real-time source: the ear then lets the transcript come when it
    comes (MEASURED) instead of waiting for it, as it does for a file."""

    realtime = True

    def __init__(self, pcm: bytes) -> None:
        from voicepiece.listening.sources import PcmSource

        self._source = PcmSource(pcm)

    def frames(self) -> Any:
        return self._source.frames()

    def close(self) -> None:
        self._source.close()


def hesitation_silences() -> list[float | None]:
    """The hesitation silences tried: ``VOICEPIECE_BENCH_TURNS_HESITATION=1.3,1.5`` tries
    those (seconds; on tuning sets, to choose one), sharing each clip's opinions; else
    only the ear's (None)."""
    tried = os.environ.get("VOICEPIECE_BENCH_TURNS_HESITATION", "")
    return [float(v) for v in tried.split(",")] if tried else [None]


def decode_scales() -> list[float]:
    """``VOICEPIECE_BENCH_TURNS_DECODE_SCALE=1,0.5``: MEASURED decodes' seconds times each
    (below 1: a less busy machine than this one now), sharing each clip's decodes."""
    tried = os.environ.get("VOICEPIECE_BENCH_TURNS_DECODE_SCALE", "")
    return [float(v) for v in tried.split(",")] if tried else [1.0]


def second_read_waits() -> list[float | None]:
    """The holds for a second read tried: ``VOICEPIECE_BENCH_TURNS_SECOND_WAIT=0.1,0.3``
    tries those (``Tuning.second_read_wait``, seconds; on fit halves, to choose one),
    sharing each clip's opinions; else only the ear's (None)."""
    tried = os.environ.get("VOICEPIECE_BENCH_TURNS_SECOND_WAIT", "")
    return [float(v) for v in tried.split(",")] if tried else [None]


@functools.cache
def _tuning(hesitation: float | None, second_wait: float | None = None) -> Any:
    from dataclasses import replace

    from voicepiece.listening.endpoint import DEFAULT_TUNING

    tuning = DEFAULT_TUNING
    if hesitation is not None:
        tuning = replace(tuning, hesitation_silence=hesitation)
    if second_wait is not None:
        tuning = replace(tuning, second_read_wait=second_wait)
    return tuning


def hear(clip: Clip, judge: _Judge, incomplete: float, judges: Judges,
         hesitation: float | None = None, second_wait: float | None = None) -> Result:
    from voicepiece.listening.ear import ListeningEar

    question = question_at(clip.point, incomplete)
    ear = ListeningEar(lambda: _Live(clip.pcm), _Cheap(), judges.vad, judge=judge,
                       tuning=_tuning(hesitation, second_wait), read_again=judge.read_again)
    ear.listen(question)
    end = ear.last_endpoint
    assert end is not None
    if clip.pause is not None:
        cut = end.speech_end is not None and end.at < clip.pause[1] + 0.05
        return Result(clip, cut, None)
    return Result(clip, False, end.at - clip.speech_end)


def summary(results: Sequence[Result]) -> dict[str, Any]:
    """The JSON figures of one judgement on one set (docs/benchmarks.md, ``turns``)."""
    hesitant = [r for r in results if r.clip.gap is not None]
    gaps = sorted({r.clip.gap for r in hesitant if r.clip.gap is not None})
    by_gap = {f"{g:.1f}": round(sum(r.cut for r in hesitant if r.clip.gap == g)
                                / sum(r.clip.gap == g for r in hesitant), 3) for g in gaps}
    cut = sorted({r.clip.text for r in hesitant if r.cut})
    kinds = sorted({r.clip.kind for r in hesitant if r.clip.kind})
    by_kind = {k: round(sum(r.cut for r in hesitant if r.clip.kind == k)
                        / sum(r.clip.kind == k for r in hesitant), 3) for k in kinds}
    return {
        "hesitant": len(hesitant),
        "cut_off": round(sum(r.cut for r in hesitant) / len(hesitant), 3) if hesitant else None,
        "cut_off_by_gap": by_gap,
        **({"cut_off_by_kind": by_kind} if by_kind else {}),
        "cut_texts": cut,
        "complete": sum(r.delay is not None for r in results),
        "end_delay_ms": spread_ms([r.delay for r in results if r.delay is not None]),
        "end_delay_listed_ms": spread_ms([r.delay for r in results
                                          if r.delay is not None and not r.clip.open]),
        "end_delay_open_ms": spread_ms([r.delay for r in results
                                        if r.delay is not None and r.clip.open]),
    }


def _smart_turn() -> Any | None:
    from voicepiece.listening import smart_turn

    return smart_turn.load(warn=True)


def sets_chosen(named: str) -> list[str]:
    """The sets ``VOICEPIECE_BENCH_TURNS_SETS`` (``named``: names, commas) runs: those named,
    else every set but those run only when named (``Split.named_only``: v8, v9)."""
    chosen = named.split(",")
    return [name for name, split in SETS.items()
            if name in chosen or (chosen == [""] and not split.named_only)]


def run(args: argparse.Namespace) -> dict[str, Any]:
    quick = bool(getattr(args, "quick", False))
    judges = Judges(_smart_turn())
    data: dict[str, Any] = {"smart_turn": judges.smart_turn is not None,
                            "default": "transcript" if judges.whisper else "hesitation",
                            "hesitation_silence": _tuning(None).hesitation_silence}
    tried = hesitation_silences()
    only = os.environ.get("VOICEPIECE_BENCH_TURNS_JUDGEMENTS", "").split(",")
    for name in sets_chosen(os.environ.get("VOICEPIECE_BENCH_TURNS_SETS", "")):
        split = SETS[name]
        made = clips(split, quick)
        voices = voices_of(split, quick)
        data[name] = {"voices": list(voices), "noise": split.color}
        print(f"-- {name}: {sum(c.gap is not None for c in made)} hesitant, "
              f"{sum(c.gap is None for c in made)} complete answers; voices "
              f"{', '.join(voices)}; {split.color} noise at 20 and 10 dB")
        print(f"{'judgement (silences)':34s} {'cut off':>8s}  by gap (%)        "
              "end delay median (p95)")
        for (strategy, (judge, incomplete, transcript)), hesitation, held, scale in product(
                judges.strategies().items(), tried, second_read_waits(), decode_scales()):
            # VOICEPIECE_BENCH_TURNS_JUDGEMENTS=transcript,… runs only those judgements
            if only != [""] and strategy not in only:
                continue
            ear_judge = _Judge(judge, judges, transcript, doubt=not strategy.endswith("_only"),
                               second=not strategy.endswith("_one_read"),
                               any_time=strategy.endswith("_any_time"), scale=scale)
            if scale != 1.0:
                strategy = f"{strategy}x{scale:g}"
            if hesitation is not None:
                strategy = f"{strategy}@{hesitation:g}"
            if held is not None:
                strategy = f"{strategy}+hold{held:g}"
            results = [hear(c, ear_judge, incomplete, judges, hesitation, held) for c in made]
            figures = summary(results)
            if os.environ.get("VOICEPIECE_BENCH_TURNS_CASES") and not split.blind:
                for r in results:  # each case cut off, where nobody is blind to it
                    if r.cut:
                        print(f"  cut: {r.clip.voice} {r.clip.snr:g} dB "
                              f"pause {r.clip.gap:g} s: {r.clip.text}")
            if split.blind:
                del figures["cut_texts"]
            data[name][strategy] = {**figures, "incomplete_silence": incomplete}
            gaps = "/".join(f"{100 * v:.0f}" for v in figures["cut_off_by_gap"].values())
            delay = figures["end_delay_ms"]
            opened = figures["end_delay_open_ms"]
            apart = "" if opened is None else (
                f"; listed {figures['end_delay_listed_ms']['median']:.0f} ms "
                f"({figures['end_delay_listed_ms']['p95']:.0f}), open {opened['median']:.0f}"
                f" ms ({opened['p95']:.0f})")
            print(f"{strategy + f' (0.3/{incomplete:g})':34s} {100 * figures['cut_off']:7.1f}%"
                  f"  {gaps:17s} {delay['median']:.0f} ms ({delay['p95']:.0f}){apart}",
                  flush=True)
            if figures.get("cut_off_by_kind"):
                print(f"{'':34s} by kind: " + ", ".join(
                    f"{k} {100 * v:.1f}%" for k, v in figures["cut_off_by_kind"].items()))
            if strategy == data["default"] and figures.get("cut_texts"):
                print(f"{'':34s} cut: {'; '.join(figures['cut_texts'])}")
    names = {"g": "grammar", "h": "hesitation", "s": "smart_turn", "w": "whisper"}
    data["check_cpu_ms"] = {names[k]: spread_ms(v) for k, v in judges.cpu.items()}
    data["whisper_decode_ms"] = spread_ms(judges.decode)
    print("CPU per check: " + ", ".join(
        f"{name} {c['median']:.0f} ms (p95 {c['p95']:.0f})"
        for name, c in data["check_cpu_ms"].items() if c))
    if judges.decode:
        d = data["whisper_decode_ms"]
        print(f"Whisper's decode here (the MEASURED delay): {d['median']:.0f} ms "
              f"(p95 {d['p95']:.0f})")
    return data


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    run(parser.parse_args())

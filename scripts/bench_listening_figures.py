"""The listening bench's figures for machines (scripts/bench --json): the same counts the
table prints, as 0..1 fractions and milliseconds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bench_common import spread_ms
from bench_listening_clips import NOISE_LEVELS
from bench_listening_report import noise_name
from bench_listening_results import Tally, Turn, tally

if TYPE_CHECKING:
    from bench_listening_human import HumanSet

SYNTHETIC_SET = ("synthetic listeners: answer phrasings held out from the verifier's fitting "
                 "(all of them: no phrasing the verifier was fitted on is said) and off-list "
                 "phrases, said by three listener voices clean, at 20 dB and at 10 dB SNR")
HUMAN_SET = ("real people: every yes, no and other answer among the recordings and some "
             "other words and read sentences as off-list speech, at a yes/no point; never "
             "used for fitting; latency approximate (the end of speech is estimated)")


def _share(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def fractions(t: Tally) -> dict[str, Any]:
    """The accuracy figures of one listener over some turns (see the report's DEFINITIONS)."""
    return {
        "final_accuracy": _share(t.final), "first_asking_accuracy": _share(t.first_time),
        "confirmed": _share(t.confirm), "off_list_accepted": _share(t.false_accept),
        "one_shot_accuracy": _share(t.one_shot), "answers": t.on_list,
        "off_list": t.off_list,
    }


def both(turns: Sequence[Turn]) -> dict[str, Any]:
    """Ours at the top level, the baseline's latency beside it and its accuracy below."""
    ours, base = tally(turns, "ours"), tally(turns, "base")
    out = {**fractions(ours), "turns": len(turns), "latency_ms": spread_ms(ours.latencies),
           "baseline_latency_ms": spread_ms(base.latencies)}
    if base.latencies:
        baseline = fractions(base)
        del baseline["confirmed"]  # it never confirms
        out["baseline"] = baseline
    return out


def figures(turns: Sequence[Turn], human: Sequence[Turn], found: HumanSet | None,
            context: dict[str, Any]) -> dict[str, Any]:
    by_noise = {noise_name(snr): both([t for t in turns if t.clip.snr == snr])
                for snr in NOISE_LEVELS}
    people: dict[str, Any] | None = None
    if found is not None:
        people = {"set": HUMAN_SET, **found.figures(), **both(human), "by_kind": {
            kind.removeprefix("human "): both([t for t in human if t.clip.voice == kind])
            for kind in sorted({t.clip.voice for t in human})}}
    return {"set": SYNTHETIC_SET, **both(turns), "by_noise": by_noise, "human": people,
            **context}

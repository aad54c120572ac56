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


def steps(turns: Sequence[Turn]) -> dict[str, Any]:
    """Where our latency goes, step by step (each a spread in ms): ``turn_end`` the audio
    from the end of speech to the end of the turn (the detector's lag and the silence
    waited), ``transcript_wait`` the decision waiting for Whisper, ``listen_return`` the
    end of speech to the ear's answer on the clock (the two above and the decode),
    ``decide`` the session's decision and mirror, ``render`` the response's audio (the
    cache, or synthesis of the listener's words), ``first_sample`` its playback's start."""
    def of(key: str) -> list[float]:
        return [t.ours.steps[key] for t in turns if key in t.ours.steps]

    return {
        "turn_end": spread_ms([t.ours.steps["vad_lag"] + t.ours.steps["silence"]
                               for t in turns if "silence" in t.ours.steps]),
        "transcript_wait": spread_ms(of("transcript_wait")),
        "listen_return": spread_ms([t.ours.listened - t.speech_end for t in turns]),
        "decide": spread_ms([t.ours.steps["decided"] - t.ours.listened for t in turns
                             if "decided" in t.ours.steps]),
        "render": spread_ms([t.ours.steps["rendered"] - t.ours.steps["decided"]
                             for t in turns if "decided" in t.ours.steps]),
        "first_sample": spread_ms([t.ours.first_sample - t.ours.steps["rendered"]
                                   for t in turns]),
    }


def both(turns: Sequence[Turn]) -> dict[str, Any]:
    """Ours at the top level, the baseline's latency beside it and its accuracy below."""
    ours, base = tally(turns, "ours"), tally(turns, "base")
    out = {**fractions(ours), "turns": len(turns), "latency_ms": spread_ms(ours.latencies),
           "latency_steps_ms": steps(turns),
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

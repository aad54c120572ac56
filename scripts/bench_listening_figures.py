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
    ``decide`` the session's decision and mirror, ``backchannel`` the decision to the
    backchannel's first sample (where one was said), ``render`` the decision to the
    response's audio (the cache, the words synthesized ahead, or synthesis then; with a
    backchannel, its grace and its playing too), ``first_sample`` its playback's start,
    ``words_lead`` how long before the decision the listener's words reached the narrator
    (where a transcript vouched for them in time)."""
    def of(key: str) -> list[float]:
        return [t.ours.steps[key] for t in turns if key in t.ours.steps]

    return {
        "turn_end": spread_ms([t.ours.steps["vad_lag"] + t.ours.steps["silence"]
                               for t in turns if "silence" in t.ours.steps]),
        "transcript_wait": spread_ms(of("transcript_wait")),
        "listen_return": spread_ms([t.ours.listened - t.speech_end for t in turns]),
        "decide": spread_ms([t.ours.steps["decided"] - t.ours.listened for t in turns
                             if "decided" in t.ours.steps]),
        "backchannel": spread_ms([t.ours.steps["backchannel"] - t.ours.steps["decided"]
                                  for t in turns if "backchannel" in t.ours.steps]),
        "render": spread_ms([t.ours.steps["rendered"] - t.ours.steps["decided"]
                             for t in turns if "decided" in t.ours.steps]),
        "first_sample": spread_ms([(t.ours.response or t.ours.first_sample)
                                   - t.ours.steps["rendered"] for t in turns]),
        "words_lead": spread_ms(of("words_lead")),
    }


def said_first(turns: Sequence[Turn]) -> dict[str, Any]:
    """The backchannel and anticipation, as the live session used them in these turns."""
    return {
        "response_latency_ms": spread_ms([t.response_latency() for t in turns]),
        "backchannel_share": (round(sum("backchannel" in t.ours.steps for t in turns)
                                    / len(turns), 4) if turns else None),
        "anticipated_share": (round(sum("words_lead" in t.ours.steps for t in turns)
                                    / len(turns), 4) if turns else None),
    }


def both(turns: Sequence[Turn]) -> dict[str, Any]:
    """Ours at the top level, the baseline's latency beside it and its accuracy below."""
    ours, base = tally(turns, "ours"), tally(turns, "base")
    out = {**fractions(ours), "turns": len(turns), "latency_ms": spread_ms(ours.latencies),
           "cpu_ms": spread_ms([t.cpu for t in turns if t.cpu is not None]),
           **said_first(turns), "latency_steps_ms": steps(turns),
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


def leads_ms(turns: Sequence[Turn]) -> list[float]:
    """Every measured lead of the listener's words on the decision, in ms, for
    ``scripts/bench speaking --leads`` (the distribution a live ear gives)."""
    return sorted(round(1000 * t.ours.steps["words_lead"], 1) for t in turns
                  if "words_lead" in t.ours.steps)

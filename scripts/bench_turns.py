"""The turns benchmark: does the ear wait for a hesitant listener, and answer a finished one
quickly?

Hesitant answers ("well… yes", "um… I think so", "I… I don't know", "so… maybe") are made
of two spoken parts with a pause of 0.6, 0.8, 1.0 or 1.2 s of room noise between them;
complete answers are the same second parts said alone. Listener voices (never the
narrator's) say them at 20 and 10 dB SNR. Each clip goes through the real ear
(``ListeningEar``: Silero VAD, the endpointer, the completeness judgement) at a yes/no
point of the her piece, read at full speed — the endpointer counts frames, so its
decisions are those of a live turn.

- cut-off rate: hesitant answers whose turn ended in the pause (target ≤ 5%);
- end delay: for complete answers, audio seconds from the end of speech to the end of the
  turn (the silence waited plus the detector's lag; a reply's decode comes on top).

Voices and phrasings are split: the judgement's settings were chosen on TUNING only, and
HELD_OUT is reported apart. Each judgement is run with the silences it is paired with.
"""

from __future__ import annotations

import argparse
import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bench_common import spread_ms
from bench_listening_clips import trim

from voicepiece.listening import listener_voices as lv
from voicepiece.listening.base import FRAME_SAMPLES, audio_digest

RATE = 16000
BEFORE_INCOMPLETE = 0.7
"""The piece's incomplete silence (ListenSettings' default)."""
LONG_INCOMPLETE = 1.3
"""The alternative measured: every unfinished turn waits as long as a hesitation."""
GAPS = (0.6, 0.8, 1.0, 1.2)
SNRS = (20.0, 10.0)
LEAD = 0.4
TAIL = 3.0


@dataclass(frozen=True)
class Split:
    voices: tuple[str, ...]
    hesitant: tuple[tuple[str, str], ...]
    complete: tuple[str, ...]


TUNING = Split(
    voices=("flite:slt", "espeak-ng:en-gb+m3", "flite:rms"),
    hesitant=(("well", "yes"), ("um", "I think so"), ("I", "I don't know"), ("so", "maybe"),
              ("well", "not really"), ("um", "no"), ("I don't", "think so"),
              ("uh", "yes I do")),
    complete=("yes", "no", "I think so", "I don't know", "maybe", "not really",
              "yes I do", "well yes"),
)
HELD_OUT = Split(
    voices=("espeak-ng:en-us+m7", "flite:awb", "espeak-ng:en+f4", "flite:kal16"),
    hesitant=(("hmm", "I guess so"), ("well", "no"), ("so", "I'm not sure"),
              ("I", "I suppose so"), ("um", "probably not"), ("and", "yes"),
              ("I'm not", "sure"), ("er", "of course")),
    complete=("of course", "I guess so", "no", "probably not", "I'm not sure", "absolutely",
              "I suppose so", "um yes"),
)


@dataclass(frozen=True)
class Clip:
    text: str
    voice: str
    snr: float
    gap: float | None  # None: a complete answer said in one go
    pcm: bytes
    pause: tuple[float, float] | None  # seconds: the hesitation's pause
    speech_end: float  # seconds


def _spoken(cache: dict[tuple[str, str], bytes], text: str, voice: str) -> bytes:
    if (text, voice) not in cache:
        cache[(text, voice)] = trim(lv.speak(text, voice))
    return cache[(text, voice)]


def clips(split: Split, quick: bool) -> list[Clip]:
    cache: dict[tuple[str, str], bytes] = {}
    voices = split.voices[:2] if quick else split.voices
    gaps = GAPS[::2] + GAPS[-1:] if quick else GAPS
    out: list[Clip] = []
    seed = 0
    for voice in voices:
        for snr in SNRS:
            for first, rest in split.hesitant:
                for gap in gaps:
                    seed += 1
                    a, b = _spoken(cache, first, voice), _spoken(cache, rest, voice)
                    pcm = a + lv.noise(gap, seed) + b
                    out.append(_clip(f"{first}… {rest}", voice, snr, gap, pcm,
                                     len(a), len(a) + round(gap * RATE) * 2, seed))
            for text in split.complete:
                seed += 1
                out.append(_clip(text, voice, snr, None, _spoken(cache, text, voice), 0, 0,
                                 seed))
    return out


def _clip(text: str, voice: str, snr: float, gap: float | None, speech: bytes,
          pause_start: int, pause_end: int, seed: int) -> Clip:
    lead = round(LEAD * RATE)
    lead += -(lead + len(speech) // 2) % FRAME_SAMPLES
    pcm = lv.add_noise(lv.pad(speech, lead / RATE, TAIL, seed), snr, seed + 10_000)
    start = lead / RATE
    pause = None if gap is None else (start + pause_start / 2 / RATE,
                                      start + pause_end / 2 / RATE)
    return Clip(text, voice, snr, gap, pcm, pause, start + len(speech) / 2 / RATE)


# ── judgements of "is the answer whole?" ─────────────────────────────────────────────

Judge = Callable[[bytes, Sequence[Any]], tuple[bool, bool]]


class Judges:
    """The opinions, each remembered per audio (the strategies share the same pauses)."""

    def __init__(self, smart_turn: Any | None) -> None:
        from voicepiece.listening.recognizer import SphinxRecognizer
        from voicepiece.listening.turns import HesitationCheck
        from voicepiece.listening.vad import VoiceActivity

        self.recognizer = SphinxRecognizer()
        self.hesitation = HesitationCheck()
        self.smart_turn = smart_turn
        self.vad = VoiceActivity()
        self._memo: dict[tuple[str, bytes], Any] = {}
        self.cpu: dict[str, list[float]] = {}
        """CPU seconds of each opinion asked (a pause's check costs one of each used)."""

    def _memo_of(self, kind: str, audio: bytes, compute: Callable[[], Any]) -> Any:
        key = (kind, audio_digest(audio))
        if key not in self._memo:
            began = time.process_time()
            self._memo[key] = compute()
            self.cpu.setdefault(kind, []).append(time.process_time() - began)
        return self._memo[key]

    def grammar(self, audio: bytes, choices: Sequence[Any]) -> bool:
        return self._memo_of("g", audio, lambda: self.recognizer.is_complete(audio, choices))

    def hesitating(self, audio: bytes, choices: Sequence[Any]) -> bool:
        return self._memo_of("h", audio, lambda: self.hesitation.hesitating(audio, choices))

    def turn_prob(self, audio: bytes) -> float:
        assert self.smart_turn is not None
        return self._memo_of("s", audio, lambda: self.smart_turn.probability(audio))

    def strategies(self) -> dict[str, tuple[Judge, float]]:
        """name → (judgement: (whole, hesitating), incomplete_silence); complete_silence
        stays the piece's 0.3 s, a hesitation waits ``Tuning.hesitation_silence`` (1.3 s).

        ``before``: the recognizer's completeness alone, as the ear had it; ``grammar``: the
        same with a 1.3 s incomplete silence for everything not whole; ``hesitation``: the
        ear's default — the hesitation rule vetoes "whole" and makes a hesitant turn wait
        the hesitation silence, other unfinished turns the piece's 0.7 s; with Smart Turn
        installed, ``smart_turn`` (alone, probability ≥ 0.5, pipecat's threshold) and
        ``hesitation_smart_turn`` (as ``hesitation``, Smart Turn vetoing "whole" too)."""
        def grammar(a: bytes, c: Sequence[Any]) -> tuple[bool, bool]:
            return self.grammar(a, c), False

        def hesitation(a: bytes, c: Sequence[Any]) -> tuple[bool, bool]:
            if self.hesitating(a, c):
                return False, True
            return self.grammar(a, c), False

        found: dict[str, tuple[Judge, float]] = {
            "before": (grammar, BEFORE_INCOMPLETE),
            "grammar": (grammar, LONG_INCOMPLETE),
            "hesitation": (hesitation, BEFORE_INCOMPLETE),
        }
        if self.smart_turn is not None:
            def smart(a: bytes, c: Sequence[Any]) -> tuple[bool, bool]:
                return self.turn_prob(a) >= 0.5, False

            def all3(a: bytes, c: Sequence[Any]) -> tuple[bool, bool]:
                whole, hesitating = hesitation(a, c)
                return whole and self.turn_prob(a) >= 0.5, hesitating

            found["smart_turn"] = (smart, LONG_INCOMPLETE)
            found["hesitation_smart_turn"] = (all3, BEFORE_INCOMPLETE)
        return found


class _Judge:
    """One strategy as the ear's ``judge``."""

    def __init__(self, judge: Judge) -> None:
        self.judge = judge

    def verdict(self, recognizer: Any, audio: bytes,
                choices: Sequence[Any]) -> tuple[bool, bool]:
        return self.judge(audio, choices)


class _Cheap:
    """The recognizer's final decision is not needed here: only where the turn ended."""

    def recognize(self, audio: bytes, choices: Sequence[Any]) -> Any:
        from voicepiece.listening.recognizer import NO_ANSWER

        return NO_ANSWER

    def is_complete(self, audio: bytes, choices: Sequence[Any]) -> bool:
        raise AssertionError("judged by the strategy")


@dataclass(frozen=True)
class Result:
    clip: Clip
    cut: bool
    delay: float | None


@functools.cache
def yes_no_question(incomplete: float) -> Any:
    """The her piece's first yes/no point, with ``incomplete_silence`` set."""
    from dataclasses import replace

    from voicepiece.session.events import Question
    from voicepiece.story.loader import load_piece

    piece = load_piece("her")
    node = next(n for n in piece.listening_points()
                if n.listen is not None and any(a.meaning == "yes" for a in n.listen.answers))
    assert node.listen is not None
    settings = replace(node.listen.settings, incomplete_silence=incomplete)
    return Question(node.name, node.listen.answers, settings)


def hear(clip: Clip, judge: Judge, incomplete: float, judges: Judges) -> Result:
    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.sources import PcmSource

    question = yes_no_question(incomplete)
    ear = ListeningEar(lambda: PcmSource(clip.pcm), _Cheap(), judges.vad,
                       judge=_Judge(judge))
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
    return {
        "hesitant": len(hesitant),
        "cut_off": round(sum(r.cut for r in hesitant) / len(hesitant), 3) if hesitant else None,
        "cut_off_by_gap": by_gap,
        "complete": sum(r.delay is not None for r in results),
        "end_delay_ms": spread_ms([r.delay for r in results if r.delay is not None]),
    }


def _smart_turn() -> Any | None:
    from voicepiece.listening import smart_turn

    return smart_turn.load(warn=True)


def run(args: argparse.Namespace) -> dict[str, Any]:
    quick = bool(getattr(args, "quick", False))
    judges = Judges(_smart_turn())
    data: dict[str, Any] = {"smart_turn": judges.smart_turn is not None,
                            "default": "hesitation"}
    for name, split in (("tuning", TUNING), ("held_out", HELD_OUT)):
        made = clips(split, quick)
        voices = split.voices[:2] if quick else split.voices
        data[name] = {"voices": list(voices)}
        print(f"-- {name}: {sum(c.gap is not None for c in made)} hesitant, "
              f"{sum(c.gap is None for c in made)} complete answers; voices "
              f"{', '.join(voices)}; 20 and 10 dB")
        print(f"{'judgement (silences)':34s} {'cut off':>8s}  by gap (%)        "
              "end delay median (p95)")
        for strategy, (judge, incomplete) in judges.strategies().items():
            figures = summary([hear(c, judge, incomplete, judges) for c in made])
            data[name][strategy] = {**figures, "incomplete_silence": incomplete}
            gaps = "/".join(f"{100 * v:.0f}" for v in figures["cut_off_by_gap"].values())
            delay = figures["end_delay_ms"]
            print(f"{strategy + f' (0.3/{incomplete:g})':34s} {100 * figures['cut_off']:7.1f}%"
                  f"  {gaps:17s} {delay['median']:.0f} ms ({delay['p95']:.0f})", flush=True)
    names = {"g": "grammar", "h": "hesitation", "s": "smart_turn"}
    data["check_cpu_ms"] = {names[k]: spread_ms(v) for k, v in judges.cpu.items()}
    print("CPU per check: " + ", ".join(
        f"{name} {c['median']:.0f} ms (p95 {c['p95']:.0f})"
        for name, c in data["check_cpu_ms"].items() if c))
    return data


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    run(parser.parse_args())

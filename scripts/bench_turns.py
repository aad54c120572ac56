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
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

from bench_common import spread_ms
from bench_turns_clips import SETS, Clip, clips, voices_of

from voicepiece.listening.base import audio_digest

BEFORE_INCOMPLETE = 0.7
"""The piece's incomplete silence (ListenSettings' default)."""
LONG_INCOMPLETE = 1.3
"""The alternative measured: every unfinished turn waits as long as a hesitation."""


# ── judgements of "is the answer whole?" ─────────────────────────────────────────────

Judge = Callable[[bytes, Sequence[Any]], tuple[bool, bool]]
AT_ONCE, MEASURED = "at once", "measured"
"""When a strategy's open transcript comes: as soon as it is asked for (an idle machine, or
a render, which waits for it), or after the seconds its decode really took here, counted
in audio time from the check — as it would come in a live turn on this machine now."""


class Judges:
    """The opinions, each remembered per audio (the strategies share the same pauses)."""

    def __init__(self, smart_turn: Any | None) -> None:
        from voicepiece.listening.recognizer import SphinxRecognizer
        from voicepiece.listening.turns import HesitationCheck
        from voicepiece.listening.vad import VoiceActivity
        from voicepiece.listening.whisper_model import ModelUnavailable, packaged_model

        self.recognizer = SphinxRecognizer()
        self.hesitation = HesitationCheck()
        self.smart_turn = smart_turn
        self.vad = VoiceActivity()
        try:
            self.whisper: Any | None = packaged_model()
            # VOICEPIECE_BENCH_WHISPER_PROMPT: the decoder's prompt tried ("none": none)
            tried = os.environ.get("VOICEPIECE_BENCH_WHISPER_PROMPT")
            if tried is not None:
                self.whisper.prompt(None if tried == "none" else tried)
        except ModelUnavailable as e:
            print(f"bench turns: {e}; the transcript's judgements are left out")
            self.whisper = None
        self._memo: dict[tuple[str, bytes], Any] = {}
        self.cpu: dict[str, list[float]] = {}
        """CPU seconds of each opinion asked (a pause's check costs one of each used)."""
        self.decode: list[float] = []
        """Wall seconds of each Whisper decode: the delay MEASURED models."""

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
        """As the ear's judge asks it: only of a turn still short enough to be a beginning."""
        from voicepiece.listening.turns import LONGEST_BEGINNING

        return len(audio) <= LONGEST_BEGINNING and self._memo_of(
            "h", audio, lambda: self.hesitation.hesitating(audio, choices))

    def turn_prob(self, audio: bytes) -> float:
        assert self.smart_turn is not None
        return self._memo_of("s", audio, lambda: self.smart_turn.probability(audio))

    def words(self, audio: bytes) -> Any:
        assert self.whisper is not None

        def decode() -> Any:
            words = self.whisper.transcribe(audio)
            self.decode.append(words.seconds)
            return words

        return self._memo_of("w", audio, decode)

    def strategies(self) -> dict[str, tuple[Judge, float, str | None]]:
        """name → (quick judgement: (whole, hesitating), incomplete_silence, when the open
        transcript comes: None for none); complete_silence stays the piece's 0.3 s, a
        hesitation waits ``Tuning.hesitation_silence`` (1.5 s).

        ``before``: the recognizer's completeness alone, as the ear first had it;
        ``grammar``: the same with a 1.3 s incomplete silence for everything not whole;
        ``hesitation``: the hesitation rule vetoes "whole" and makes a hesitant turn wait
        the hesitation silence, other unfinished turns the piece's 0.7 s (the default
        before the open transcript); ``transcript``: the ear's default — the same until
        Whisper's words come, then :func:`~voicepiece.listening.turns.read_words` of them,
        the transcript coming as it did here (MEASURED); ``transcript_at_once``: the same
        with the transcript there at once (AT_ONCE); ``…_words_only``: without Whisper's
        doubt (``read_with``: before it, on the same decodes). With Smart Turn installed,
        ``smart_turn`` (alone, probability ≥ 0.5, pipecat's threshold) and
        ``hesitation_smart_turn`` (as ``hesitation``, Smart Turn vetoing "whole" too)."""
        def grammar(a: bytes, c: Sequence[Any]) -> tuple[bool, bool]:
            return self.grammar(a, c), False

        def hesitation(a: bytes, c: Sequence[Any]) -> tuple[bool, bool]:
            if self.hesitating(a, c):
                return False, True
            return self.grammar(a, c), False

        found: dict[str, tuple[Judge, float, str | None]] = {
            "before": (grammar, BEFORE_INCOMPLETE, None),
            "grammar": (grammar, LONG_INCOMPLETE, None),
            "hesitation": (hesitation, BEFORE_INCOMPLETE, None),
        }
        if self.whisper is not None:
            found["transcript"] = (hesitation, BEFORE_INCOMPLETE, MEASURED)
            found["transcript_at_once"] = (hesitation, BEFORE_INCOMPLETE, AT_ONCE)
            found["transcript_at_once_words_only"] = (hesitation, BEFORE_INCOMPLETE, AT_ONCE)
        if self.smart_turn is not None:
            def smart(a: bytes, c: Sequence[Any]) -> tuple[bool, bool]:
                return self.turn_prob(a) >= 0.5, False

            def all3(a: bytes, c: Sequence[Any]) -> tuple[bool, bool]:
                whole, hesitating = hesitation(a, c)
                return whole and self.turn_prob(a) >= 0.5, hesitating

            found["smart_turn"] = (smart, LONG_INCOMPLETE, None)
            found["hesitation_smart_turn"] = (all3, BEFORE_INCOMPLETE, None)
        return found


class _Judge:
    """One strategy as the ear's ``judge`` (a ``TurnJudge`` but for its opinions' source)."""

    def __init__(self, judge: Judge, judges: Judges, transcript: str | None,
                 doubt: bool = True) -> None:
        self.doubt = doubt
        """Whether Whisper's own doubt is read too (``read_words``), or the words alone."""
        self.judge = judge
        self.judges = judges
        self.transcript = transcript
        self._delay: dict[Any, float] = {}

    def verdict(self, recognizer: Any, audio: bytes, choices: Sequence[Any],
                wait: bool = False) -> Any:
        from concurrent.futures import Future

        from voicepiece.listening.turns import LONGEST_BEGINNING, Verdict, grammar_answer

        whole, hesitating = self.judge(audio, choices)
        if self.transcript is None:
            return Verdict(whole, hesitating)
        future: Future[Any] = Future()
        future.set_result(self.judges.words(audio))
        heard = (self.judges.hesitation.heard(audio, choices)
                 if len(audio) <= LONGEST_BEGINNING else None)
        answer = None if hesitating else grammar_answer(self.judges.recognizer, audio, choices)
        found = Verdict(whole, hesitating, future, heard, answer)
        if self.transcript == AT_ONCE:
            return self.settle(found, choices, None)
        self._delay[future] = future.result().seconds
        return found

    def settle(self, verdict: Any, choices: Sequence[Any], waited: float | None) -> Any:
        from voicepiece.listening.turns import read_with, read_words

        if verdict.transcript is None:
            return verdict
        if waited is not None and waited < self._delay.get(verdict.transcript, 0.0):
            return None
        words = verdict.transcript.result()
        if not self.doubt:
            return read_with(verdict, words.text, choices)
        return read_words(verdict, words, choices)


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


@functools.cache
def _tuning(hesitation: float | None) -> Any:
    from dataclasses import replace

    from voicepiece.listening.endpoint import DEFAULT_TUNING

    if hesitation is None:
        return DEFAULT_TUNING
    return replace(DEFAULT_TUNING, hesitation_silence=hesitation)


def hear(clip: Clip, judge: _Judge, incomplete: float, judges: Judges,
         hesitation: float | None = None) -> Result:
    from voicepiece.listening.ear import ListeningEar

    question = question_at(clip.point, incomplete)
    ear = ListeningEar(lambda: _Live(clip.pcm), _Cheap(), judges.vad, judge=judge,
                       tuning=_tuning(hesitation))
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
        for (strategy, (judge, incomplete, transcript)), hesitation in product(
                judges.strategies().items(), tried):
            # VOICEPIECE_BENCH_TURNS_JUDGEMENTS=transcript,… runs only those judgements
            if only != [""] and strategy not in only:
                continue
            if hesitation is not None:
                strategy = f"{strategy}@{hesitation:g}"
            ear_judge = _Judge(judge, judges, transcript, doubt=not strategy.endswith("_only"))
            results = [hear(c, ear_judge, incomplete, judges, hesitation) for c in made]
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

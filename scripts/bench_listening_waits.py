"""Diagnosis for the listening bench's latency tail: which of its turns wait the long
(hesitation) silence, and why — without the real-time feed, the narrator or the baseline.

    PYTHONPATH=.:scripts python scripts/bench_listening_waits.py OUT.jsonl [--full]

The bench's own turns (``scripts/bench listening --quick``: 16 items × 3 noise levels,
made exactly as the bench makes them, scripts/bench_listening_clips.py; ``--full``: the
full set's) are heard by the ear with the default recognizer and judge, the audio given
as a file (the ear then waits for the open transcript at each check, so the decision is
the one a machine keeping up would make). Every check of every turn is written as a JSON
line: the item, voice, noise, the pause's time, the hesitation grammar's words, the
grammar's quick judgement, Whisper's words (confidence, least sure piece, the primed
pass, its doubt), their reading, the settled judgement, Smart Turn's probability (when
its model is installed); and per turn the end: its reason and the silence waited after
the speech, and each second read of a pause (its words, reading and judgement). The
summary prints the turns that waited longer than the incomplete silence.

The items are the bench's tuning-side set (seen; a development set): never a held-out
one. ``half`` splits them by phrasing (an item's text), fit and held, for choices.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Sequence
from typing import Any

from bench_listening_clips import SAMPLE_RATE, Clip, build_items, make_clips

from voicepiece.listening.completeness import primed_words
from voicepiece.listening.turns import TurnJudge, Verdict, patient_judge, reading

try:
    from voicepiece.listening.turns import grammar_answer
except ImportError:  # a tree before the thirteenth pass (a before-run): no answer kept
    def grammar_answer(recognizer: Any, audio: bytes, choices: Sequence[Any]) -> Any:
        return None

LONG_WAIT = 1.0
"""A turn whose end came later than this after its speech waited the long silence."""


def half(text: str) -> str:
    """``fit`` or ``held``: a phrasing's half, fixed by its text (a hash, not a choice)."""
    return "fit" if hashlib.sha1(text.encode()).digest()[0] % 2 == 0 else "held"


class _Logging(TurnJudge):
    """The ear's default judge, writing down what each check read."""

    def __init__(self, smart_turn: Any | None) -> None:
        super().__init__(patient_judge().hesitation)
        self.smart = smart_turn
        self.checks: list[dict[str, Any]] = []

    def verdict(self, recognizer: Any, audio: bytes, choices: Sequence[Any],
                wait: bool = False) -> Verdict:
        from voicepiece.listening.turns import LONGEST_BEGINNING

        future = recognizer.transcript(audio)  # first, as the judge starts it
        assert self.hesitation is not None
        asked = len(audio) <= LONGEST_BEGINNING
        hesitating = asked and self.hesitation.hesitating(audio, choices)
        heard = self.hesitation.heard(audio, choices) if asked else None
        whole = not hesitating and recognizer.is_complete(audio, choices)
        answer = None if hesitating else grammar_answer(recognizer, audio, choices)
        quick = (Verdict(whole, hesitating, future, heard, answer) if answer is not None
                 else Verdict(whole, hesitating, future, heard))
        settled = self.settle(quick, choices, None)
        assert settled is not None
        words = future.result() if future is not None else None
        primed = primed_words(words) if words is not None else None
        self.checks.append({
            "audio_s": round(len(audio) / 2 / SAMPLE_RATE, 3),
            "heard": quick.heard, "quick": [quick.whole, quick.hesitating],
            "answer": [answer.text, answer.label, answer.zone] if answer else None,
            "text": words.text if words is not None else None,
            "confidence": round(words.confidence, 3) if words is not None else None,
            "least": round(words.least, 3) if words is not None else None,
            "doubt": round(words.doubt, 3) if words is not None else None,
            "primed": primed,
            "reading": reading(words.text, choices) if words is not None else None,
            "final": [settled.whole, settled.hesitating],
            "smart_turn": (round(self.smart.probability(audio), 3)
                           if self.smart is not None else None),
        })
        return settled


def _logging_second_reads(seconds: list[dict[str, Any]]) -> None:
    """Writes each second read of a pause (:mod:`voicepiece.listening.second_read`) into
    ``seconds``: its words, their reading and the judgement it gave (a turn it made trail
    off waits the hesitation silence, and its checks alone do not show why)."""
    from voicepiece.listening import second_read

    if getattr(second_read.read_again, "logged", False):
        return
    read = second_read.read_again

    def logged(quick: Verdict, words: Any, choices: Sequence[Any]) -> Verdict:
        found = read(quick, words, choices)
        seconds.append({"text": words.text, "reading": reading(words.text, choices),
                        "final": [found.whole, found.hesitating]})
        return found

    logged.logged = True  # type: ignore[attr-defined]
    second_read.read_again = logged  # type: ignore[assignment]


SECOND_READS: list[dict[str, Any]] = []
"""The current turn's second reads (:func:`_logging_second_reads`)."""


def hear(clip: Clip, ear: Any, judge: _Logging, point: Any) -> dict[str, Any]:
    """One turn through the ear: its checks, its second reads and its end."""
    from voicepiece.listening.sources import PcmSource
    from voicepiece.session.events import Question

    judge.checks = []
    _logging_second_reads(SECOND_READS)
    SECOND_READS.clear()
    ear.source_factory = lambda: PcmSource(clip.pcm)
    timed: dict[str, float] = {}
    recognize = ear.recognizer.recognize

    def timing(audio: bytes, choices: Any) -> Any:
        began = time.perf_counter()
        try:
            return recognize(audio, choices)
        finally:
            timed["decide_s"] = round(time.perf_counter() - began, 3)
            timed["audio_s"] = round(len(audio) / 2 / SAMPLE_RATE, 3)

    ear.recognizer.recognize = timing
    listen = point.listen
    try:
        heard = ear.listen(Question(point.name, listen.answers, listen.settings))
    finally:
        del ear.recognizer.recognize
    end = ear.last_endpoint
    speech_end = clip.speech_end / SAMPLE_RATE
    return {"item": clip.item.text, "point": clip.item.point, "truth": clip.item.truth,
            "half": half(clip.item.text), "voice": clip.voice, "snr": clip.snr,
            "reason": end.reason, "silence": round(end.at - speech_end, 3)
            if end.speech_end is not None else None,
            "label": heard.label, "heard": heard.text, "checks": judge.checks,
            "second_reads": list(SECOND_READS),
            "decided_on_s": timed.get("audio_s"), "decide_s": timed.get("decide_s")}


def main(out_path: str, full: bool = False) -> None:
    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.engines import DEFAULT_RECOGNIZER, recognizer_for
    from voicepiece.listening.smart_turn import load
    from voicepiece.listening.sources import PcmSource
    from voicepiece.story.loader import load_piece

    piece = load_piece("her")
    items, _ = build_items(piece, not full)
    sessions = make_clips(items)
    points = {n.name: n for n in piece.listening_points()}
    recognizer = recognizer_for(DEFAULT_RECOGNIZER)
    for node in points.values():
        recognizer.warm_up(node.listen.answers)
    judge = _Logging(load())
    ear = ListeningEar(lambda: PcmSource(b""), recognizer, judge=judge)
    rows = []
    with open(out_path, "w") as out:
        for clips in sessions:
            for clip in clips:
                row = hear(clip, ear, judge, points[clip.item.point])
                rows.append(row)
                out.write(json.dumps(row) + "\n")
                out.flush()
    summary(rows)


def summary(rows: Sequence[dict[str, Any]]) -> None:
    """The turns that waited, and the count per half."""
    for part in ("fit", "held"):
        mine = [r for r in rows if r["half"] == part]
        waits = [r for r in mine if (r["silence"] or 0) > LONG_WAIT]
        print(f"{part}: {len(waits)} of {len(mine)} turns waited > {LONG_WAIT} s")
    for r in rows:
        if (r["silence"] or 0) > LONG_WAIT:
            last = r["checks"][-1] if r["checks"] else {}
            print(f"  {r['silence']:.2f} s [{r['half']}] {r['item']!r} ({r['voice']}, "
                  f"{r['snr']}): hesitation grammar {last.get('heard')!r}, grammar "
                  f"{last.get('answer')!r} {last.get('quick')}, Whisper {last.get('text')!r}"
                  f" ({last.get('reading')}; primed {last.get('primed')!r}, doubt "
                  f"{last.get('doubt')}) -> {last.get('final')}, Smart Turn "
                  f"{last.get('smart_turn')}")
            for again in r.get("second_reads", ()):
                print(f"    read again: {again['text']!r} ({again['reading']}) -> {again['final']}")


if __name__ == "__main__":
    if sys.argv[1] == "--summary":
        with open(sys.argv[2]) as f:
            summary([json.loads(line) for line in f])
    else:
        main(sys.argv[1], "--full" in sys.argv[2:])

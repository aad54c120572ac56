"""The work between a turn's end and the ear's return, counted: the listening bench's her
set (``--quick``, 48 turns, fed in real time to the bench's own ``Bench``), with each
turn's window [the endpointer's decision, ``listen`` returning] opened up.

Issue 13's latency goal measures end of speech → first narrator sample, and most of it is
the silence the endpointer waits (``turn_end``, counted in frames). What follows on the
clock — ``listen_return − turn_end`` — is the ear falling behind the live frames and the
decision's decode. Timing it on a machine shared by four sessions says little, so this
counts instead, per turn: how far behind the live frames the ear was when it decided the
turn had ended (``behind``), how long the decision took (``deciding``), every span of work
that overlapped the window (the pause checks, Whisper's decodes, the grammar's, sentence-
model embeddings, the narrator's syntheses, the anticipation of the listener's words) and
the CPU each thread of the process got in it (``/proc/self/task``, 10 ms ticks).

Hooks only (no product code changes), so a before-tree runs it too: copy this file to a
folder of its own and run it with ``PYTHONPATH=$TREE:$TREE/scripts`` (a script's own folder
comes first on ``sys.path``, and the tree's bench modules must be its own).

    PYTHONPATH=$PWD:scripts python scripts/bench_listening_window.py OUT.jsonl
    python scripts/bench_listening_window.py --compare BEFORE.jsonl AFTER.jsonl
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import statistics
import threading
import time
from collections import Counter, defaultdict
from typing import Any

TICK = os.sysconf("SC_CLK_TCK")
STALL = 0.05
"""A gap between two frames' pushes longer than this (frames come every 32 ms) is a stall."""


def thread_cpu() -> dict[int, float]:
    """CPU seconds (user + system) of each of this process's threads, by native id."""
    out: dict[int, float] = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[int(tid)] = (int(fields[11]) + int(fields[12])) / TICK
    return out


def thread_names() -> dict[int, str]:
    names = {}
    for t in threading.enumerate():
        if t.native_id is not None:
            names[t.native_id] = t.name.split("_")[0].rstrip("0123456789-")
    return names


class Spans:
    """Work spans (kind, thread, start, end) and the turn's window, for the turn under way."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.spans: list[tuple[str, str, float, float, int, float]] = []
        self.pushes = 0
        self.first_push: float | None = None
        self.last_push: float | None = None
        self.stalls: list[tuple[float, float]] = []
        """(start, end) of each gap between the endpointer's frames longer than
        :data:`STALL`: the ear's thread was kept from the live frames."""
        self.cpu_at_return: dict[int, float] = {}
        self.names: dict[int, str] = {}
        self.collections: list[tuple[int, float, float]] = []
        """(generation, start, end) of each of the garbage collector's passes."""
        self._collecting: float | None = None
        self.objects = len(gc.get_objects())
        self.ended: float | None = None
        self.cpu_at_end: dict[int, float] = {}
        self.cpu_at_start = thread_cpu()

    def collected(self, phase: str, info: dict[str, int]) -> None:
        """``gc.callbacks``: a pass stops every thread that holds the interpreter."""
        if phase == "start":
            self._collecting = time.perf_counter()
        elif self._collecting is not None:
            self.collections.append((info["generation"], self._collecting,
                                     time.perf_counter()))
            self._collecting = None

    def wrap(self, owner: Any, name: str, kind: str, size: Any = None) -> None:
        work = getattr(owner, name, None)
        if work is None:
            return

        @functools.wraps(work)
        def counted(*args: Any, **kwargs: Any) -> Any:
            began, cpu = time.perf_counter(), time.thread_time()
            try:
                return work(*args, **kwargs)
            finally:
                n = size(args) if size is not None else 1
                used = time.thread_time() - cpu
                with self.lock:
                    self.spans.append((kind, threading.current_thread().name, began,
                                       time.perf_counter(), n, used))

        setattr(owner, name, counted)


def install(bench: Any, spans: Spans) -> None:
    """Hook the bench's ear, recognizer and narrator, and the classes every turn uses."""
    import voicepiece.listening.ear as ear_module
    from voicepiece.listening.embedder import Embedder
    from voicepiece.listening.turns import grammar_of
    from voicepiece.session.anticipation import Anticipation

    base = ear_module.Endpointer

    class Watched(base):  # type: ignore[misc, valid-type]
        def push(self, probability: float) -> Any:
            now = time.perf_counter()
            if spans.first_push is None:
                spans.first_push = now
            if spans.last_push is not None and now - spans.last_push > STALL:
                spans.stalls.append((spans.last_push, now))
            spans.last_push = now
            spans.pushes += 1
            result = super().push(probability)
            if result is not None:
                spans.ended = time.perf_counter()
                spans.cpu_at_end = thread_cpu()
            return result

    ear_module.Endpointer = Watched
    gc.callbacks.append(spans.collected)
    listen = bench.ear.listen

    def listened(question: Any) -> Any:
        try:
            return listen(question)
        finally:  # in the ear's own thread, before it ends
            spans.cpu_at_return = thread_cpu()
            spans.names = thread_names()

    bench.ear.listen = listened
    spans.wrap(bench.judge, "verdict", "check")
    spans.wrap(bench.recognizer, "recognize", "decide")
    whisper = getattr(bench.recognizer, "whisper", None)
    if whisper is not None:
        spans.wrap(whisper, "transcribe", "whisper")
    grammar = grammar_of(bench.recognizer)
    if grammar is not bench.recognizer:
        spans.wrap(grammar, "is_complete", "grammar")
        spans.wrap(grammar, "recognize", "grammar-decode")
    reader = getattr(bench.recognizer, "reader", None)
    if reader is not None:
        spans.wrap(reader, "read_ahead", "read-ahead")
    spans.wrap(Embedder, "_embed", "embed", size=lambda a: len(a[1]))
    spans.wrap(Anticipation, "__call__", "anticipate")
    spans.wrap(bench.narrator, "_words", "synth")
    spans.wrap(bench.narrator, "_words_ahead", "synth-ahead")


def turn_record(clip: Any, turn: Any, spans: Spans) -> dict[str, Any]:
    """One turn's window, as JSON: times in ms from the end of speech."""
    s = turn.ours.steps
    end = turn.speech_end
    listened = turn.ours.listened
    cpu_now = spans.cpu_at_return or thread_cpu()
    names = spans.names or thread_names()
    ended = spans.ended if spans.ended is not None else listened
    with spans.lock:
        work = list(spans.spans)
    inside = [w for w in work if w[2] < listened and w[3] > ended]
    cpu_window: dict[str, float] = defaultdict(float)
    cpu_turn: dict[str, float] = defaultdict(float)
    for tid, c in cpu_now.items():
        name = names.get(tid, "other")
        cpu_window[name] += c - spans.cpu_at_end.get(tid, c)
        cpu_turn[name] += c - spans.cpu_at_start.get(tid, 0.0)
    ms = lambda x: round(1000 * (x - end), 1)  # noqa: E731
    return {
        "text": clip.item.text, "voice": clip.voice, "snr": clip.snr, "label": turn.ours.label,
        "zone": turn.ours.zone, "heard": turn.ours.heard,
        "turn_end": round(1000 * (s.get("vad_lag", 0) + s.get("silence", 0)), 1),
        "ended_on_clock": ms(ended), "listen_return": ms(listened),
        "deciding": round(1000 * s.get("deciding", 0.0), 1),
        "reply": round(1000 * turn.latency("ours"), 1),
        "in_window": [(k, t, ms(a), ms(b), n, round(1000 * c, 1))
                      for k, t, a, b, n, c in inside],
        "spans": [(k, t, ms(a), ms(b), n, round(1000 * c, 1))
                  for k, t, a, b, n, c in sorted(work, key=lambda w: w[2])],
        "stalls": [(ms(a), ms(b)) for a, b in spans.stalls],
        "objects": spans.objects,
        "collections": [(g, ms(a), ms(b)) for g, a, b in spans.collections],
        "turn_work": dict(Counter(k for k, *_ in work)),
        "turn_embedded": sum(w[4] for w in work if w[0] == "embed"),
        "cpu_window": {k: round(v, 3) for k, v in cpu_window.items() if v},
        "cpu_turn": {k: round(v, 3) for k, v in cpu_turn.items() if v},
    }


def run(out: str, baseline: bool) -> None:
    from bench_listening_clips import build_items, make_clips
    from bench_listening_turns import Bench

    from voicepiece.audio.virtual import virtual_audio
    from voicepiece.story.loader import load_piece
    from voicepiece.voices import narrator_for

    piece = load_piece("her")
    items, _ = build_items(piece, True)
    sessions = make_clips(items)
    narrator = narrator_for(piece)
    narrator.prepare()
    spans = Spans()
    with virtual_audio(), open(out, "w") as f:
        base = None
        if baseline:
            from bench_listening_baseline import Baseline

            from voicepiece.story.model import VoiceSettings

            base = Baseline(VoiceSettings(engine="espeak", rate=piece.voice.rate,
                                          volume=piece.voice.volume))
        try:
            bench = Bench(piece, narrator, base)
            install(bench, spans)
            bench.tell_slow = False
            bench.turn(sessions[0][0])  # warm-up, as the bench
            for clips in sessions:
                if base is not None:
                    base.new_session()
                for clip in clips:
                    spans.reset()
                    turn = bench.turn(clip)
                    f.write(json.dumps(turn_record(clip, turn, spans)) + "\n")
                    f.flush()
        finally:
            if base is not None:
                base.close()


def _median(xs: list[float]) -> float:
    return round(statistics.median(xs), 1) if xs else float("nan")


def summary(path: str) -> dict[str, Any]:
    """The window's figures over a run's turns (times in ms; CPU in ms of the thread that
    did the work; the first check is the pause check that ends a whole answer)."""
    with open(path) as f:
        turns = [json.loads(line) for line in f]
    kinds: Counter[str] = Counter()
    kind_cpu: dict[str, float] = defaultdict(float)
    threads: dict[str, float] = defaultdict(float)
    late, first_check, whisper_beside = [], [], 0
    for t in turns:
        late.append(t["ended_on_clock"] - t["turn_end"])
        for k, _, _, _, _, c in t["in_window"]:
            kinds[k] += 1
            kind_cpu[k] += c
        for name, c in t["cpu_window"].items():
            threads[name] += c
        checks = [w for w in t["spans"] if w[0] == "check" and w[2] > -300]
        if checks:
            first_check.append(checks[0])
            whisper_beside += any(w[0] == "whisper" and w[2] < checks[0][3]
                                  and w[3] > checks[0][2] for w in t["spans"])
    return {
        "turns": len(turns),
        "reply median": _median([t["reply"] for t in turns]),
        "turn_end median": _median([t["turn_end"] for t in turns]),
        "listen_return - turn_end median": _median(
            [t["listen_return"] - t["turn_end"] for t in turns]),
        "turn's end read late on the clock, median (turns > 50 ms)":
            f"{_median(late)} ({sum(x > 50 for x in late)})",
        "deciding median": _median([t["deciding"] for t in turns]),
        "work in the windows, count (CPU ms)": {
            k: f"{n} ({round(kind_cpu[k])})" for k, n in sorted(kinds.items())},
        "CPU s by thread in the windows": {k: round(v, 2) for k, v in sorted(threads.items())},
        "first check: CPU median, wall median, ends after the speech median": (
            _median([w[5] for w in first_check]),
            _median([w[3] - w[2] for w in first_check]),
            _median([w[3] for w in first_check])),
        "first checks with a Whisper decode beside them": whisper_beside,
        "work per turn, whole turn (count)": dict(sorted(sum(
            (Counter(t["turn_work"]) for t in turns), Counter()).items())),
        "texts embedded, whole turns": sum(t["turn_embedded"] for t in turns),
        "CPU s by thread, whole turns": {k: round(v, 2) for k, v in sorted(sum(
            (Counter(t["cpu_turn"]) for t in turns), Counter()).items())},
        "objects tracked at each turn's start, median": _median(
            [t["objects"] for t in turns if "objects" in t]),
        "garbage collections of generation 1-2 in the windows": sum(
            1 for t in turns for g, a, b in t.get("collections", [])
            if g > 0 and a < t["listen_return"] and b > t["ended_on_clock"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", help="JSON lines, one per turn")
    parser.add_argument("--baseline", action="store_true",
                        help="the newcomer beside ours, as the bench runs it")
    parser.add_argument("--compare", nargs="+", metavar="RUN")
    args = parser.parse_args()
    if args.compare:
        for path in args.compare:
            print(path)
            for key, value in summary(path).items():
                print(f"  {key}: {value}")
        return
    if not args.out:
        parser.error("an output file, or --compare")
    run(args.out, args.baseline)


if __name__ == "__main__":
    main()

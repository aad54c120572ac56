"""The window between a turn's end and the ear's return, counted (scripts/
bench_listening_window.py): only work that overlaps it is the window's, each span keeps the
CPU its thread spent, and the summary reads the turn's end on the clock against the frames'
count — the figures issue 13's twentieth pass compared across two trees."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from bench_listening_clips import Clip, Item
from bench_listening_results import Outcome, Turn
from bench_listening_window import Spans, summary, turn_record

from voicepiece.listening.base import ACCEPT


class _Work:
    def embed(self, texts: list[str]) -> int:
        return sum(range(20_000))  # some CPU of this thread's own


def _turn(listened: float, silence: float) -> Turn:
    clip = Clip(Item("ask", "yes", "yes"), "flite:slt", None, b"", 0, 0.5)
    outcome = Outcome(label="yes", zone=ACCEPT, heard="yes", listened=listened,
                      first_sample=listened + 0.01,
                      steps={"decided": listened, "rendered": listened,
                             "vad_lag": 0.1, "silence": silence})
    return Turn(clip, 10.0, outcome, None)


def test_only_work_overlapping_the_window_is_the_windows() -> None:
    spans = Spans()
    spans.ended = 10.5  # the turn's end read 0.5 s after the speech; 0.4 s of it was audio
    spans.spans = [("check", "ours", 10.2, 10.45, 1, 0.1),     # done before the end
                   ("grammar", "ours", 10.3, 10.55, 1, 0.08),  # still running at it
                   ("decide", "ours", 10.55, 10.6, 1, 0.001),
                   ("embed", "whisper", 10.7, 10.8, 2, 0.02)]  # after the return
    record = turn_record(_turn(listened=10.6, silence=0.3).clip,
                         _turn(listened=10.6, silence=0.3), spans)
    assert [w[0] for w in record["in_window"]] == ["grammar", "decide"]
    assert record["turn_end"] == 400.0 and record["ended_on_clock"] == 500.0
    assert record["listen_return"] == 600.0
    assert record["turn_work"] == {"check": 1, "grammar": 1, "decide": 1, "embed": 1}
    assert record["turn_embedded"] == 2


def test_a_span_keeps_its_threads_cpu_and_its_size(tmp_path: Path) -> None:
    spans, work = Spans(), _Work()
    spans.wrap(work, "embed", "embed", size=lambda args: len(args[0]))
    work.embed(["a", "b", "c"])
    (kind, _thread, began, ended, texts, cpu), = spans.spans
    assert (kind, texts) == ("embed", 3) and ended >= began and cpu > 0
    spans.ended = ended
    record = turn_record(_turn(listened=10.6, silence=0.3).clip,
                         _turn(listened=10.6, silence=0.3), spans)
    runs = tmp_path / "run.jsonl"
    runs.write_text(json.dumps(record) + "\n")
    figures = summary(str(runs))
    assert figures["turns"] == 1 and figures["texts embedded, whole turns"] == 3

"""The speaking benchmark: how soon the narrator's voice starts once a line is asked for.

The her piece is prepared cold and warm; then, on a virtual PulseAudio sink, the time from
"line requested" to the first audio sample out, for a prepared line and for a line with the
listener's words (synthesized then). Baseline: the same lines synthesized on demand, with
no cache.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench_common import first_sample, p95, spread_ms

from voicepiece.audio.playback import Player
from voicepiece.session.events import Spoken
from voicepiece.story.loader import load_piece
from voicepiece.story.model import Line
from voicepiece.voices import registry
from voicepiece.voices.cache import RenderCache
from voicepiece.voices.narrator import Narrator
from voicepiece.voices.voiceover import VoiceOver

MIRRORED_WORDS = ["slowing down", "really listening", "opening up", "being present",
                  "from within", "between two people", "not really", "I think so"]
"""The listener's words put into the mirrored line, a number after them so that no two
renders are the same."""


def summary(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"median {statistics.median(ms):7.1f} ms   p95 {p95(ms):7.1f} ms   (n={len(ms)})"


def first_sample_latency(player: Player, render: Callable[[], Spoken]) -> float:
    """Seconds from asking for a line to its first sample leaving for the sound server."""
    requested = time.perf_counter()
    return first_sample(player, render().audio) - requested


def run(args: argparse.Namespace) -> dict[str, Any]:
    from voicepiece.audio.virtual import virtual_audio
    from voicepiece.voices.outputs import RenderedVoice

    piece = load_piece("her")
    if args.engine:
        piece = replace(piece, voice=replace(piece.voice, engine=args.engine,
                                             name=registry.DEFAULT_VOICES[args.engine]))
    print(f"voice: {piece.voice.engine} {piece.voice.name}")
    with tempfile.TemporaryDirectory() as folder:
        cache = RenderCache(registry.synthesizer, Path(folder))
        narrator = Narrator(piece, cache, VoiceOver(piece))
        cold = narrator.prepare()
        warm = narrator.prepare()
        print(f"prepare her ({cold.lines} lines, {cold.rendered} rendered, "
              f"{cold.templates} left for the session): cold {cold.seconds:.2f} s, "
              f"warm {warm.seconds:.3f} s")

        plain = [line for line in piece.lines() if not line.is_template]
        template = Line(id="bench.mirror", text="{heard}, you say.")
        n = 12 if args.quick else 40
        voice = RenderedVoice(narrator, cue=False)
        synthesizer = registry.synthesizer(piece.voice)

        def synthesized(text: str) -> Spoken:
            return Spoken(text, None, synthesizer.synthesize(text, piece.voice))

        with virtual_audio():
            player = Player()
            prepared, mirrored, baseline = [], [], []
            for i in range(n):
                line = plain[i % len(plain)]
                prepared.append(first_sample_latency(
                    player, lambda line=line: voice.render(line.text, line)))
                text = f"{MIRRORED_WORDS[i % len(MIRRORED_WORDS)]} {i}, you say."
                mirrored.append(first_sample_latency(
                    player, lambda text=text: voice.render(text, template)))
                baseline.append(first_sample_latency(
                    player, lambda line=line: synthesized(line.text)))
        print("line requested -> first audio sample out (virtual PulseAudio sink):")
        print(f"  prepared line            {summary(prepared)}")
        print(f"  line with listener words {summary(mirrored)}")
        print(f"  baseline: no cache       {summary(baseline)}")
    return {
        "engine": piece.voice.engine, "voice": piece.voice.name,
        "prepared_first_sample_ms": spread_ms(prepared),
        "mirror_first_sample_ms": spread_ms(mirrored),
        "baseline_first_sample_ms": spread_ms(baseline),
        "prepare_cold_s": round(cold.seconds, 3), "prepare_warm_s": round(warm.seconds, 4),
        "lines": cold.lines, "rendered_cold": cold.rendered, "templates": cold.templates,
    }

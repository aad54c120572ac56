"""Benchmarks: numbers for the notes, never a pass/fail test.

Each section names the baseline it compares against and measures both in the same run.

  speaking   prepare the her piece cold and warm; time from "line requested" to the first
             audio sample out, for a prepared line and for a line with the listener's
             words. Baseline: the same lines synthesized on demand, with no cache.
  listening  spoken answers fed as real-time streams: branch accuracy, off-list false
             accepts, confirmations, and response latency from the end of speech to the
             narrator's first sample. Baseline: Recognizer.listen() + recognize_sphinx +
             fuzzy matching + pyttsx3 on demand, on the same audio, side by side.
  bargein    the listener speaks over the narrator (virtual devices): time from their
             voice at the microphone to the narration's silence. Baseline: half-duplex,
             where the rest of the line plays over them.
  render     a whole her session rendered offline, as a multiple of real time, cold and
             warm cache, per output format. Baseline: the raw mix without mastering.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from bench_common import first_sample, p95

from voicepiece.audio.playback import Player
from voicepiece.session.events import Spoken
from voicepiece.story.loader import load_piece
from voicepiece.story.model import Line
from voicepiece.voices import registry
from voicepiece.voices.cache import RenderCache
from voicepiece.voices.narrator import Narrator
from voicepiece.voices.voiceover import VoiceOver

SECTIONS: dict[str, Callable[[argparse.Namespace], None]] = {}


def section(name: str) -> Callable[[Callable[[argparse.Namespace], None]], Callable]:
    def register(fn: Callable[[argparse.Namespace], None]) -> Callable:
        SECTIONS[name] = fn
        return fn
    return register


def summary(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"median {statistics.median(ms):7.1f} ms   p95 {p95(ms):7.1f} ms   (n={len(ms)})"


def first_sample_latency(player: Player, render: Callable[[], Spoken]) -> float:
    """Seconds from asking for a line to its first sample leaving for the sound server."""
    requested = time.perf_counter()
    return first_sample(player, render().audio) - requested


@section("speaking")
def bench_speaking(args: argparse.Namespace) -> None:
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
        words = ["slowing down", "really listening", "opening up", "being present",
                 "from within", "between two people", "not really", "I think so"]
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
                text = f"{words[i % len(words)]} {i}, you say."
                mirrored.append(first_sample_latency(
                    player, lambda text=text: voice.render(text, template)))
                baseline.append(first_sample_latency(
                    player, lambda line=line: synthesized(line.text)))
        print("line requested -> first audio sample out (virtual PulseAudio sink):")
        print(f"  prepared line            {summary(prepared)}")
        print(f"  line with listener words {summary(mirrored)}")
        print(f"  baseline: no cache       {summary(baseline)}")


RENDER_REPLIES = ["slowing down", "yes", "not really", "I don't know", "from within",
                  "just acceptable", "of course not", "absolutely", "no he isn't", "maybe",
                  "between two people"]


@section("render")
def bench_render(args: argparse.Namespace) -> None:
    """A whole her session rendered offline (spoken replies heard by the real ear), timed
    cold (an empty render cache) and warm, per output format. Baseline: the same render
    with --no-master, i.e. what mastering costs on top of the raw mix."""
    import os
    import wave

    from voicepiece.cli import main as voicepiece

    replies = [arg for reply in RENDER_REPLIES for arg in ("--reply", reply)]
    runs = [("wav (raw mix, no mastering)", ["--no-master"]), ("wav", [])]
    runs += [(fmt, ["--format", fmt]) for fmt in ("flac", "mp3", "ogg")]
    if args.quick:
        runs = runs[:2]
    saved = os.environ.get("VOICEPIECE_CACHE")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        print(f"{'output':<30} {'cold':>16} {'warm':>16}")
        for i, (name, extra) in enumerate(runs):
            times = []
            for state in ("cold", "warm"):
                cache = base / f"cache-{i}"
                os.environ["VOICEPIECE_CACHE"] = str(cache)
                out = base / f"{i}-{state}"
                began = time.perf_counter()
                with contextlib.redirect_stdout(io.StringIO()):
                    code = voicepiece(["render", "her", "--out", str(out), *replies, *extra])
                elapsed = time.perf_counter() - began
                if code != 0:
                    raise SystemExit(f"render failed ({code})")
                with wave.open(str(out / "session.wav")) as wav:
                    audio = wav.getnframes() / wav.getframerate()
                times.append(f"{audio / elapsed:6.1f}x ({elapsed:5.1f} s)")
            print(f"{name:<30} {times[0]:>16} {times[1]:>16}")
        print(f"(a session of {audio / 60:.1f} minutes; multiples of real time)")
    if saved is None:
        os.environ.pop("VOICEPIECE_CACHE", None)
    else:
        os.environ["VOICEPIECE_CACHE"] = saved


@section("listening")
def bench_listening(args: argparse.Namespace) -> None:
    """Spoken answers fed in real time: branch accuracy, confirmations, off-list false
    accepts and response latency, ours beside a newcomer's SpeechRecognition + pyttsx3
    program (scripts/bench_listening.py)."""
    from bench_listening import run

    run(args)


@section("bargein")
def bench_bargein(args: argparse.Namespace) -> None:
    """The listener speaks over the narrator: how soon the narration stops
    (scripts/bench_bargein.py)."""
    from bench_bargein import run

    run(args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sections", nargs="*", default=["all"],
                        choices=[*SECTIONS, "all"], metavar="SECTION")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--engine", choices=list(registry.ENGINES),
                        help="speaking: the synthesizer (default: the piece's)")
    args = parser.parse_args()
    chosen = list(SECTIONS) if "all" in args.sections else args.sections
    for name in chosen:
        print(f"== {name} ==")
        SECTIONS[name](args)


if __name__ == "__main__":
    main()

"""The memory benchmark: resident memory of a gallery station with every model loaded, and
of a process narrating the her piece with Kokoro; and whether either grows round by round.

Each measurement runs in a fresh process (so nothing another section loaded is counted).

- ``station``: what ``voicepiece gallery`` loads, built by the same assembly code
  (``assembly.gallery.station_engines`` with the default configuration: the narrator with
  its lines prepared, the combined ear — pocketsphinx's grammar and Whisper tiny.en — and
  the voice detector). Each round is a short visit: three answers heard at a listening
  point of the piece (a grammar phrase, an off-list sentence, an answer in other words:
  Whisper hears all three), a prepared line and a line of the listener's words synthesized
  then. Then the sentence model is loaded as the assembly loads it
  (``assembly.ears.meaning_model``) unless the ear has already, and one more round is
  heard: ``rss_all_models_mb`` and ``peak_mb`` (VmHWM, the kernel's high-water mark,
  started again after loading and preparing: ``peak_loading_mb`` is theirs) are the
  figures with every default model loaded.
- ``kokoro``: the narrator alone (``narrator_for``: the chain, the model loaded once);
  rounds of the piece's lines — a short one, two sentences, and (not with --quick) its
  longest — rendered, reading VmRSS after each. Baseline (``baseline_arena``): the same
  with the onnxruntime session kokoro-onnx builds itself (CPU memory arena on).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SHORT = "You loved her."
MEDIUM = ("Some of the deepest conversations happen in silence. Listening is a way of "
          "loving, too.")


ANSWERS = ("yes I think so", "I had pasta for lunch today",
           "well I suppose in a way we all are")
"""What the station's visitors say in each round: a phrase of the grammar, speech that is
no answer, and an answer in the listener's own words."""
SAID_LIVE = "You said you had pasta for lunch today."
"""A line holding a listener's words: synthesized during the session, never kept."""


def rss_mb(key: str = "VmRSS") -> float:
    """This process's resident memory now (``VmHWM``: the most it has been), in MB."""
    for line in Path(f"/proc/{os.getpid()}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {key} in /proc/self/status")


def reset_peak() -> None:
    """Start the kernel's high-water mark (VmHWM) again from now (Linux ``clear_refs``)."""
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def station(quick: bool) -> dict[str, Any]:
    """Runs in the measured process: a station's engines, as the gallery builds them."""
    from voicepiece.assembly.ears import meaning_model
    from voicepiece.assembly.gallery import station_engines
    from voicepiece.gallery.config import load_config
    from voicepiece.listening import embedder
    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.listener_voices import available_voices, speak
    from voicepiece.listening.room_noise import pad
    from voicepiece.listening.sources import PcmSource
    from voicepiece.session.events import Question
    from voicepiece.story.loader import load_piece
    from voicepiece.voices import kokoro

    os.environ.pop("VOICEPIECE_VOICE_CHAIN", None)
    started = rss_mb()
    piece = load_piece("her")
    voice = available_voices()[0]
    clips = [pad(speak(text, voice), 0.4, 1.2, seed=i) for i, text in enumerate(ANSWERS)]
    began = time.perf_counter()
    engines = station_engines(load_config(None), piece)
    load_s = time.perf_counter() - began
    engines.preparing.join()  # a prepared station; long only with a cold render cache
    figures: dict[str, Any] = {
        "rss_start_mb": round(started), "load_s": round(load_s, 1),
        "prepare_s": round(time.perf_counter() - began - load_s, 1),
        "rss_loaded_mb": round(rss_mb()), "peak_loading_mb": round(rss_mb("VmHWM")),
        "recognizer": type(engines.recognizer).__name__,
        "whisper": getattr(engines.recognizer, "whisper", None) is not None,
        "narrator": f"{engines.narrator.settings.engine} {engines.narrator.settings.name}"}
    node = next(n for n in piece.listening_points() if n.listen is not None)
    assert node.listen is not None
    question = Question(node.name, node.listen.answers, node.listen.settings)
    line = next(line for line in piece.lines() if not line.is_template)
    narrator = engines.narrator

    def visit() -> int:
        for clip in clips:
            ListeningEar(lambda c=clip: PcmSource(c), engines.recognizer,
                         engines.vad).listen(question)
        narrator.audio(line, line.text)
        narrator.cache.render(SAID_LIVE, narrator.settings, keep=False)
        return round(rss_mb())

    reset_peak()  # from here: the peak of a running station, not of loading and preparing
    rounds = [visit() for _ in range(2 if quick else 4)]
    ear_loaded_meanings = embedder.loaded()
    if not ear_loaded_meanings:
        meaning_model(piece, eager=True)
    rounds.append(visit())
    figures.update(
        rss_rounds_mb=rounds, rss_growth_mb=rounds[-2] - rounds[0],
        rss_all_models_mb=rounds[-1], peak_mb=round(rss_mb("VmHWM")),
        answers_per_round=len(ANSWERS), listened_at=node.name,
        meanings_loaded_by_ear=ear_loaded_meanings, meanings_loaded=embedder.loaded(),
        kokoro_loaded=kokoro.loaded())
    return figures


def child(quick: bool, arena: bool) -> dict[str, Any]:
    """Runs in the measured process."""
    from voicepiece.story.loader import load_piece
    from voicepiece.voices import kokoro, narrator_for

    os.environ.pop("VOICEPIECE_VOICE_CHAIN", None)
    if arena:  # the baseline: kokoro-onnx's own session, arena and all
        import onnxruntime

        kokoro._session = lambda model: onnxruntime.InferenceSession(  # type: ignore[assignment]
            model, providers=["CPUExecutionProvider"])
    started = rss_mb()
    piece = load_piece("her")
    began = time.perf_counter()
    narrator = narrator_for(piece)
    if narrator.settings.engine != "kokoro":
        raise SystemExit(f"Kokoro is not narrating here ({narrator.settings.engine})")
    figures: dict[str, Any] = {"rss_start_mb": round(started),
                               "load_s": round(time.perf_counter() - began, 1),
                               "rss_loaded_mb": round(rss_mb())}
    longest = max((line.text for line in piece.lines() if not line.is_template), key=len)
    lines = [SHORT, MEDIUM] if quick else [SHORT, MEDIUM, longest]
    rounds = []
    for _ in range(2 if quick else 3):
        for text in lines:
            narrator.cache.render(text, narrator.settings, keep=False)
        rounds.append(round(rss_mb()))
    figures.update(rss_rounds_mb=rounds, rss_growth_mb=rounds[-1] - rounds[0],
                   rss_peak_mb=max(rounds), longest_line_words=len(longest.split()),
                   lines_per_round=len(lines), loaded_once=kokoro.engine() is kokoro.engine())
    return figures


def measure(quick: bool, arena: bool, whole_station: bool = False) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child"] + (["--quick"] * quick) + \
        (["--arena"] * arena) + (["--station"] * whole_station)
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    if done.returncode != 0:
        from voicepiece.errors import VoicepieceError

        raise VoicepieceError(f"memory: {(done.stderr or done.stdout).strip()[-300:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(args: argparse.Namespace) -> dict[str, Any]:
    whole = measure(args.quick, arena=False, whole_station=True)
    rounds = " ".join(str(r) for r in whole["rss_rounds_mb"])
    print(f"station ({whole['recognizer']}, Whisper {'on' if whole['whisper'] else 'off'}, "
          f"{whole['narrator']}): {whole['rss_loaded_mb']} MB loaded; rounds {rounds} MB; "
          f"every model loaded {whole['rss_all_models_mb']} MB; peak {whole['peak_mb']} MB")
    ours = measure(args.quick, arena=False)
    baseline = measure(args.quick, arena=True)
    print(f"{'':34} {'loaded':>8} {'rounds (MB)':>24} {'growth':>8}")
    for name, figures in (("Kokoro, arena off (voicepiece)", ours),
                          ("baseline: arena on (kokoro-onnx)", baseline)):
        rounds = " ".join(str(r) for r in figures["rss_rounds_mb"])
        print(f"{name:34} {figures['rss_loaded_mb']:>6} MB {rounds:>24} "
              f"{figures['rss_growth_mb']:>+5} MB")
    return {"station": whole, "kokoro": ours, "baseline_arena": baseline}


if __name__ == "__main__" and "--child" in sys.argv:
    quick = "--quick" in sys.argv
    print(json.dumps(station(quick) if "--station" in sys.argv else
                     child(quick, "--arena" in sys.argv)))

"""The barge-in benchmark: how soon the narrator stops when the listener speaks over it.

Under a private PulseAudio daemon (``voicepiece.audio.virtual``): the narrator's lines of
the her piece play through ``SpeakerVoice``/``Player`` into ``vsink`` while a listener
voice (flite/espeak-ng, with room noise) says an answer into the virtual microphone
``vmic`` at a random moment of the line; ``BargeIn`` reads ``vmic.monitor`` as the
session's shared microphone. Both devices are recorded, so each trial gives

- **voice → narration silent**: from the first sound of the listener's voice at the
  microphone to the last sound of the narration out of the speaker — the issue's
  "narration stops within 200 ms of their voice";
- voice → detected: the detector's share of that (``BargeIn.heard_at``);
- and, as the baseline (half-duplex, the default), how long the narration would have gone
  on over the listener: the rest of the line.

Trials with nobody speaking count false stops (the narration cut with no voice).

Then the resume measurement (scripts/bench_resume.py): answers that go on after a whole
first clause, heard and joined, and decided on the whole; and barge-in on loudspeakers
(scripts/bench_echo.py): no echo cancellation, speexdsp in-process (``--echo-cancel``)
and PulseAudio's webrtc module, on an echo path fed back into the virtual microphone.
"""

from __future__ import annotations

import argparse
import random
import statistics
import threading
import time
from typing import Any

import bench_echo
import bench_resume
import numpy as np
from bench_common import p95, spread_ms
from pydub import AudioSegment

from voicepiece.listening import listener_voices as lv
from voicepiece.listening.base import SAMPLE_RATE

ANSWERS = ["yes", "no", "I'm not sure", "not really", "I think so", "coffee please",
           "maybe", "of course"]


def _loud(audio: AudioSegment, threshold: float) -> np.ndarray:
    pcm = np.frombuffer(audio.raw_data, dtype="<i2").astype(float)
    step = audio.frame_rate // 100
    windows = pcm[: len(pcm) // step * step].reshape(-1, step)
    return np.sqrt(np.mean(windows**2, axis=1)) > threshold


def _first_loud_after(rec: object, audio: AudioSegment, moment: float,
                      threshold: float) -> float | None:
    loud = _loud(audio, threshold)
    start = max(0, rec.sample_at(moment) // (audio.frame_rate // 100))  # type: ignore[attr-defined]
    found = np.flatnonzero(loud[start:])
    if not found.size:
        return None
    return rec.time_of((start + int(found[0])) * (audio.frame_rate // 100))  # type: ignore[attr-defined]


def _silent_from(rec: object, audio: AudioSegment, moment: float,
                 threshold: float, hold: int = 50) -> float | None:
    """The start of the first ``hold`` × 10 ms without sound at or after ``moment``."""
    loud = _loud(audio, threshold)
    i = max(0, rec.sample_at(moment) // (audio.frame_rate // 100))  # type: ignore[attr-defined]
    while i < len(loud):
        if not loud[i:i + hold].any():
            return rec.time_of(i * (audio.frame_rate // 100))  # type: ignore[attr-defined]
        i += 1
    return None


def _ms(values: list[float]) -> str:
    if not values:
        return "-"
    ms = [v * 1000 for v in values]
    return (f"median {statistics.median(ms):6.0f} ms   p95 {p95(ms):6.0f} ms   "
            f"max {max(ms):6.0f} ms")


def run(args: argparse.Namespace) -> dict[str, Any]:
    from voicepiece.audio.playback import Player
    from voicepiece.audio.virtual import virtual_audio
    from voicepiece.listening.bargein import BargeIn
    from voicepiece.listening.sources import MicrophoneSource
    from voicepiece.story.loader import load_piece
    from voicepiece.voices import narrator_for
    from voicepiece.voices.outputs import SpeakerVoice

    trials = 12 if args.quick else 40
    quiet_trials = 3 if args.quick else 8
    rng = random.Random(7)
    piece = load_piece("her")
    narrator = narrator_for(piece)
    lines = [line for line in piece.lines() if not line.is_template]
    long_lines = []
    for line in lines:
        audio = narrator.audio(line, line.text)
        if len(audio) >= 5000:
            long_lines.append((line, audio))
        if len(long_lines) >= 12:
            break
    voices = lv.LISTENER_VOICES
    with virtual_audio() as server:
        server.pactl("set-default-source", server.mic_source)
        voice = SpeakerVoice(narrator, Player())
        barge_in = BargeIn(MicrophoneSource, voice)
        barge_in.start()
        time.sleep(1.0)  # the null sink's first blocks are slow to flow
        to_silence, to_detect, rest_of_line = [], [], []
        missed = false_stops = 0
        speaker = server.record()
        microphone = server.record(source=server.mic_source)
        try:
            for i in range(trials + quiet_trials):
                line, audio = long_lines[i % len(long_lines)]
                spoken = voice.render(line.text, line)
                speaks = i < trials
                delay = rng.uniform(0.8, min(2.5, len(audio) / 1000 - 1.5))
                said_at: list[float] = []
                if speaks:
                    listener = voices[i % len(voices)]
                    pcm = lv.add_noise(lv.pad(lv.speak(ANSWERS[i % len(ANSWERS)], listener),
                                              0.05, 0.05), 30, i)
                    answer = AudioSegment(data=pcm, sample_width=2, frame_rate=SAMPLE_RATE,
                                          channels=1)

                    def say(answer: AudioSegment = answer, delay: float = delay,
                            said_at: list[float] = said_at) -> None:
                        time.sleep(delay)
                        said_at.append(time.perf_counter())
                        server.play_into(server.mic, answer)

                    thread = threading.Thread(target=say, daemon=True)
                with barge_in.watching():
                    began = time.perf_counter()
                    if speaks:
                        thread.start()
                    cut = voice.play(spoken)
                    ended = time.perf_counter()
                if speaks:
                    thread.join(10)
                heard = barge_in.heard
                if heard:
                    barge_in.source().close()  # the turn would listen here
                time.sleep(0.6)
                if not speaks:
                    false_stops += cut is not None or heard
                    continue
                if cut is None or not heard or not said_at:
                    missed += 1
                    continue
                mic_audio = microphone.audio
                onset = _first_loud_after(microphone, mic_audio, said_at[0], 300)
                spk_audio = speaker.audio
                silent = _silent_from(speaker, spk_audio, onset or said_at[0], 100)
                if onset is None or silent is None or barge_in.heard_at is None:
                    missed += 1
                    continue
                to_silence.append(silent - onset)
                to_detect.append(barge_in.heard_at - onset)
                rest_of_line.append(max(0.0, began + len(audio) / 1000 - onset))
                print(f"  trial {i + 1:2d}: {voices[i % len(voices)].name:<22} "
                      f"voice → silent {1000 * (silent - onset):5.0f} ms "
                      f"(detected {1000 * (barge_in.heard_at - onset):5.0f} ms)"
                      f"{'' if ended - began < len(audio) / 1000 else '  (line ended)'}",
                      flush=True)
        finally:
            barge_in.close()
            speaker.stop()
            microphone.stop()
    print(f"\nbarge-in, {trials} spoken interruptions over her lines "
          f"({len(voices)} listener voices, 30 dB SNR):")
    print(f"  voice at the mic → narration silent   {_ms(to_silence)}   (target ≤ 200 ms)")
    print(f"  voice at the mic → detected           {_ms(to_detect)}")
    print(f"  missed {missed}/{trials}; narration stopped with nobody speaking "
          f"{false_stops}/{quiet_trials}")
    print(f"  baseline (half-duplex): the narration goes on over the listener for "
          f"{_ms(rest_of_line)}")
    figures: dict[str, Any] = {
        "trials": trials, "quiet_trials": quiet_trials,
        "voice_to_silent_ms": spread_ms(to_silence),
        "voice_to_detected_ms": spread_ms(to_detect),
        "missed": missed, "false_stops": false_stops,
        "baseline_rest_of_line_ms": spread_ms(rest_of_line),
    }
    print()
    figures["resume"] = bench_resume.run(args)  # answers that go on after a whole clause
    print()
    figures["echo"] = bench_echo.run(args)  # barge-in on loudspeakers
    return figures

"""Diagnosis for the turns bench: the pause the voice detector sees inside each hesitant
clip, against the pause the set put there — the hesitation silence must outlast the
former, and a voice's quiet lead-in and fading tail count into it.

    PYTHONPATH=.:scripts python scripts/bench_turns_pauses.py tuning_kokoro unseen_v3

Never on a blind (unseen) set: it prints every case.
"""

from __future__ import annotations

import sys
from collections import defaultdict

import numpy as np
from bench_turns_clips import SETS, clips

from voicepiece.listening.base import FRAME_SAMPLES, FRAME_SECONDS
from voicepiece.listening.endpoint import DEFAULT_TUNING
from voicepiece.listening.vad import VoiceActivity


def seen_pause(pcm: bytes, vad: VoiceActivity) -> float:
    """The longest pause inside the speech, with the endpointer's start and hysteresis."""
    t = DEFAULT_TUNING
    vad.reset()
    step = 2 * FRAME_SAMPLES
    start_frames = max(1, round(t.start_speech / FRAME_SECONDS))
    run, last, longest = 0, None, 0
    for i in range(len(pcm) // step):
        p = vad.probability(pcm[i * step:(i + 1) * step])
        if last is None:
            run = run + 1 if p >= t.speech_threshold else 0
            if run >= start_frames:
                last = i + 1
        elif p >= t.speech_threshold or (i == last and p >= t.silence_threshold):
            longest = max(longest, i - last)
            last = i + 1
    return longest * FRAME_SECONDS


def main(names: list[str]) -> None:
    vad = VoiceActivity()
    for name in names:
        if SETS[name].blind:
            raise SystemExit(f"{name} is blind: its cases are never printed")
        diffs: dict[tuple[str, float], list[float]] = defaultdict(list)
        for c in clips(SETS[name], True):
            if c.gap is None:
                continue
            seen = seen_pause(c.pcm, vad)
            diffs[(c.voice, c.gap)].append(seen - c.gap)
            print(f"{name} {c.voice} {c.snr:g} dB pause {c.gap:g} s seen {seen:.2f} s: {c.text}")
        for (voice, gap), d in sorted(diffs.items()):
            print(f"{name} {voice} pause {gap:g} s: seen − put there, median "
                  f"{np.median(d):+.2f} s, {min(d):+.2f} to {max(d):+.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])

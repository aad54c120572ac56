"""Tools on the listening bench's held-out set v4 (scripts/bench_listening_heldout4.py),
none of which shows what the ear made of an item:

- ``--intelligibility``: whether each voice's words can be recognized at all — Whisper
  tiny.en (the packaged model, greedy, no gating) on five neutral sentences in no set,
  said clean; the share of their words it writes back, per voice. A voice whose words
  Whisper mostly misses would measure the synthesis, not the ear;
- (default) synthesize the set's speech into the cache and check every clip: it exists,
  its speech lasts 0.3–8 s, the answer ends on a chunk boundary, and the SNR heard (the
  speech's level over the level around it) is the one asked for: the median within 1.5 dB
  at each level, every clip within 6 dB; counts only;
- ``--run [--limit N]``: hear the set alone, as ``scripts/bench listening`` hears it
  (ours only, no baseline), and print its aggregate figures (``print_honest``) and, with
  ``--json FILE``, write them; ``--limit N`` hears the set's first N clips only (a smoke
  test). Takes about 3–6 s a turn on a loaded 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from bench_listening_clips import NOISE_LEVELS, SAMPLE_RATE, Clip
from bench_listening_heldout4 import V4_NOISE, V4_VOICES, spoken, v4_clips, v4_items
from bench_listening_heldout4_phrases import INTELLIGIBILITY

from voicepiece.listening.base import FRAME_SAMPLES
from voicepiece.story.wording import normalize

SNR_MEDIAN_DB = 1.5
"""How far the median SNR heard at a level may be from the level asked for."""
SNR_SPREAD_DB = 6.0
"""How far one clip's may be: the café is not steady (a clatter, the steam)."""
INTELLIGIBLE = 0.8
"""The share of the neutral sentences' words Whisper must write back for a voice to be
kept (it writes back ~0.9–1.0 of a clear native voice's)."""


def intelligibility() -> dict[str, float]:
    """voice → the share of the neutral sentences' words Whisper tiny.en wrote back."""
    from faster_whisper import WhisperModel

    from voicepiece.listening.whisper_model import model_folder

    model = WhisperModel(str(model_folder()), device="cpu", compute_type="int8",
                         cpu_threads=2)
    out: dict[str, float] = {}
    for voice in V4_VOICES:
        said = heard = 0
        for sentence in INTELLIGIBILITY:
            pcm = spoken(sentence, voice)
            audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768
            segments, _ = model.transcribe(audio, language="en", beam_size=1,
                                           condition_on_previous_text=False)
            got = set(normalize(" ".join(s.text for s in segments)).split())
            words = normalize(sentence).split()
            said += len(words)
            heard += sum(w in got for w in words)
        out[voice] = heard / said
    return out


def _snr(clip: Clip) -> float:
    """The clip's SNR as heard: the speech's level (:func:`speech_rms` over the answer)
    over the level of everything outside it (the lead-in, and the trailing noise once the
    room's reverberation has died away)."""
    from voicepiece.listening.room_noise import speech_rms

    x = np.frombuffer(clip.pcm, dtype="<i2").astype(np.float64)
    start = clip.speech_end - round(clip.speech_seconds * SAMPLE_RATE)
    outside = np.concatenate([x[:start], x[clip.speech_end + round(0.3 * SAMPLE_RATE):]])
    speech = clip.pcm[2 * start:2 * clip.speech_end]
    return float(20 * np.log10(speech_rms(speech) / np.sqrt(np.mean(outside ** 2))))


def check_clips() -> dict[str, object]:
    """Synthesize and build every clip; count the ones that fail a check (never which)."""
    from voicepiece.story.loader import load_piece

    items = v4_items(load_piece("her"))
    sessions = v4_clips(items)
    clips = [c for s in sessions for c in s]
    snrs = {s: [_snr(c) for c in clips if c.snr == s] for s in NOISE_LEVELS if s is not None}
    return {
        "items": len(items), "answers": sum(i.on_list for i in items),
        "off_list": sum(not i.on_list for i in items), "sessions": len(sessions),
        "clips": len(clips),
        "bad_length": sum(not 0.3 <= c.speech_seconds <= 8.0 for c in clips),
        "bad_end": sum(c.speech_end % FRAME_SAMPLES != 0 for c in clips),
        "snr_median_db": {f"{s:g}": round(float(np.median(v)), 1) for s, v in snrs.items()},
        "bad_snr": sum(abs(x - s) > SNR_SPREAD_DB for s, v in snrs.items() for x in v),
        "speech_seconds_median": round(float(np.median([c.speech_seconds for c in clips])), 2),
    }


def run_alone(limit: int | None, json_path: Path | None) -> int:
    """Hear the set alone, ours only; print and keep its aggregate figures."""
    from bench_listening_clips import build_items, make_clips
    from bench_listening_honest import honest_by_noise, print_honest
    from bench_listening_report import fingerprint, noise_name
    from bench_listening_turns import Bench

    from voicepiece.audio.virtual import virtual_audio
    from voicepiece.story.loader import load_piece
    from voicepiece.voices import narrator_for

    began = time.perf_counter()
    piece = load_piece("her")
    sessions = v4_clips(v4_items(piece))
    if limit is not None:  # the first clips only, whole sessions as far as they go
        kept: list[list[Clip]] = []
        for clips in sessions:
            room = limit - sum(len(k) for k in kept)
            if room > 0:
                kept.append(clips[:room])
        sessions = kept
    warm = make_clips(build_items(piece, True)[0][:1])[0][0]  # a tuning-side clip
    narrator = narrator_for(piece)  # before virtual_audio() moves $HOME (the render cache)
    narrator.prepare()
    heard = []
    with virtual_audio():
        bench = Bench(piece, narrator, None)
        bench.tell_slow = False  # blind: no item of the set prints
        bench.turn(warm)
        for s, clips in enumerate(sessions, 1):
            started = time.perf_counter()
            heard += [bench.turn(clip) for clip in clips]
            print(f"  held-out v4 session {s}/{len(sessions)} ({clips[0].voice}, "
                  f"{noise_name(clips[0].snr)}): {len(clips)} turns in "
                  f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    print_honest(f"issue 13's figures, HELD-OUT set v4 ({', '.join(V4_VOICES)}; {V4_NOISE}; "
                 f"never tuned on; ours only, alone):", heard)
    figures = {"set": "held_out_v4", "voices": list(V4_VOICES), "noise": V4_NOISE,
               "turns": len(heard), "limit": limit, "listening_code": fingerprint(),
               "recognizer": bench.recognizer_name, "honest": honest_by_noise(heard),
               "seconds": round(time.perf_counter() - began)}
    if json_path is not None:
        json_path.write_text(json.dumps(figures, indent=1) + "\n")
    print(f"({len(heard)} turns in {figures['seconds']} s)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--intelligibility", action="store_true")
    parser.add_argument("--run", action="store_true")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if args.intelligibility:
        shares = intelligibility()
        for voice, share in shares.items():
            verdict = "kept" if share >= INTELLIGIBLE else "DROP: Whisper misses its words"
            print(f"{voice:26s} {100 * share:4.0f}% of the words written back  {verdict}")
        return 0
    if args.run:
        return run_alone(args.limit, args.json)
    counts = check_clips()
    print(json.dumps(counts))
    print(f"noise levels: {', '.join('clean' if s is None else f'{s:g} dB' for s in NOISE_LEVELS)}")
    medians = counts["snr_median_db"]
    assert isinstance(medians, dict)
    level_ok = all(abs(m - float(s)) <= SNR_MEDIAN_DB for s, m in medians.items())
    bad = counts["bad_length"], counts["bad_end"], counts["bad_snr"]
    return 0 if level_ok and bad == (0, 0, 0) else 1


if __name__ == "__main__":
    sys.exit(main())

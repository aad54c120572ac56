"""Tools on a blind held-out set of the listening bench (v4 to v8: each set's own
``…_check.py`` gives them its voices, sentences and clips), none of which shows what the ear
made of an item:

- :func:`label_problems`: whether every item's truth fits its point (counts only);
- :func:`intelligibility`: whether each voice's words can be recognized at all — Whisper
  tiny.en (the packaged model, greedy, no gating) on neutral sentences in no set, said
  clean; the share of their words it writes back, per voice. A voice whose words Whisper
  mostly misses would measure the synthesis, not the ear;
- :func:`check_clips`: every clip built, counted — its speech lasts 0.3–8 s, the answer
  ends on a chunk boundary, and the SNR heard (the speech's level over the level around
  it) is the one asked for: the median within 1.5 dB at each level, every clip within
  6 dB; counts only;
- :func:`run_blind`: hear the set alone, as ``scripts/bench listening`` hears it (ours
  only, no baseline), print its aggregate figures (``print_honest``: by noise level and by
  kind of utterance) and, with a JSON path, write them; ``limit`` hears the first clips
  only (a smoke test). No item's outcome is printed: ``Bench.tell_slow`` is off.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from bench_listening_clips import NOISE_LEVELS, SAMPLE_RATE, Clip, Item, off_list_point

from voicepiece.listening.base import FRAME_SAMPLES
from voicepiece.story.model import EXPLAIN, OPEN
from voicepiece.story.wording import normalize

SNR_MEDIAN_DB = 1.5
"""How far the median SNR heard at a level may be from the level asked for."""
SNR_SPREAD_DB = 6.0
"""How far one clip's may be: a room's noise is not steady (a door, a clatter)."""
INTELLIGIBLE = 0.8
"""The share of the neutral sentences' words Whisper must write back for a voice to be
kept (it writes back ~0.9–1.0 of a clear native voice's)."""


def band(x: np.ndarray, low: float, high: float) -> np.ndarray:
    """``x`` with everything outside ``low``–``high`` Hz taken out (a noise's colour)."""
    spectrum = np.fft.rfft(x)
    f = np.fft.rfftfreq(len(x), 1 / SAMPLE_RATE)
    spectrum[(f < low) | (f > high)] = 0
    return np.fft.irfft(spectrum, len(x))


def set_items(piece: Any, said: Sequence[tuple[str, str, str]], off_list: Sequence[str],
              spread: int) -> list[Item]:
    """A blind set's items: ``said`` — (point, words, truth) — each at its point, then the
    off-list phrases, the ``i``-th from point ``spread * i + 1`` on (rotating) where it
    answers nothing."""
    points = {n.name: n for n in piece.listening_points()}
    items = [Item(point, text, truth) for point, text, truth in said]
    unknown = {item.point for item in items} - set(points)
    assert not unknown, f"no such listening point in her: {unknown}"
    rotation = list(points.values())
    items += [Item(off_list_point(text, rotation, spread * i + 1).name, text, None)
              for i, text in enumerate(off_list)]
    return items


def label_problems(piece: Any, items: Sequence[Item]) -> dict[str, int]:
    """Counts (never which) of items whose truth does not fit their point: a label the
    point does not offer, an open answer where the point takes none, off-list speech at a
    point that does not exist."""
    points = {n.name: n.listen for n in piece.listening_points()}
    out = {"items": len(items), "unknown_point": 0, "label_not_offered": 0,
           "open_not_taken": 0}
    for item in items:
        listen = points.get(item.point)
        if listen is None:
            out["unknown_point"] += 1
        elif item.truth == OPEN and not listen.open:
            out["open_not_taken"] += 1
        elif item.truth not in (None, EXPLAIN, OPEN) and item.truth not in {
                a.label for a in listen.answers}:
            out["label_not_offered"] += 1
    return out


def intelligibility(voices: Sequence[str], sentences: Sequence[str],
                    spoken: Callable[[str, str], bytes]) -> dict[str, float]:
    """voice → the share of ``sentences``' words Whisper tiny.en wrote back."""
    from faster_whisper import WhisperModel

    from voicepiece.listening.whisper_model import model_folder

    model = WhisperModel(str(model_folder()), device="cpu", compute_type="int8",
                         cpu_threads=2)
    out: dict[str, float] = {}
    for voice in voices:
        said = heard = 0
        for sentence in sentences:
            audio = np.frombuffer(spoken(sentence, voice), dtype="<i2").astype(np.float32)
            segments, _ = model.transcribe(audio / 32768, language="en", beam_size=1,
                                           condition_on_previous_text=False)
            got = set(normalize(" ".join(s.text for s in segments)).split())
            words = normalize(sentence).split()
            said += len(words)
            heard += sum(w in got for w in words)
        out[voice] = heard / said
    return out


def print_intelligibility(shares: dict[str, float], keep_at: float = INTELLIGIBLE) -> None:
    for voice, share in shares.items():
        verdict = "kept" if share >= keep_at else "DROP: Whisper misses its words"
        print(f"{voice:26s} {100 * share:4.0f}% of the words written back  {verdict}")


def clip_snr(clip: Clip) -> float:
    """The clip's SNR as heard: the speech's level (:func:`speech_rms` over the answer)
    over the level of everything outside it (the lead-in, and the trailing noise once the
    room's reverberation has died away)."""
    from voicepiece.listening.room_noise import speech_rms

    x = np.frombuffer(clip.pcm, dtype="<i2").astype(np.float64)
    start = clip.speech_end - round(clip.speech_seconds * SAMPLE_RATE)
    outside = np.concatenate([x[:start], x[clip.speech_end + round(0.3 * SAMPLE_RATE):]])
    speech = clip.pcm[2 * start:2 * clip.speech_end]
    return float(20 * np.log10(speech_rms(speech) / np.sqrt(np.mean(outside ** 2))))


def check_clips(items: Sequence[Item], sessions: Sequence[Sequence[Clip]]) -> dict[str, Any]:
    """Count the clips that fail a check (never which)."""
    clips = [c for s in sessions for c in s]
    snrs = {s: [clip_snr(c) for c in clips if c.snr == s]
            for s in NOISE_LEVELS if s is not None}
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


def clips_pass(counts: dict[str, Any]) -> bool:
    """Whether every clip passed :func:`check_clips`' checks."""
    medians = counts["snr_median_db"]
    level_ok = all(abs(m - float(s)) <= SNR_MEDIAN_DB for s, m in medians.items())
    return level_ok and (counts["bad_length"], counts["bad_end"], counts["bad_snr"]) == (0, 0, 0)


def first_clips(sessions: Sequence[Sequence[Clip]], limit: int | None) -> list[list[Clip]]:
    """The first ``limit`` clips (all with None), whole sessions as far as they go."""
    kept: list[list[Clip]] = []
    for clips in sessions:
        room = len(clips) if limit is None else limit - sum(len(k) for k in kept)
        if room > 0:
            kept.append(list(clips[:room]))
    return kept


def run_blind(key: str, title: str, voices: Sequence[str], noise: str,
              sessions: Sequence[Sequence[Clip]], limit: int | None,
              json_path: Path | None) -> int:
    """Hear ``sessions`` alone, ours only; print and keep their aggregate figures under
    ``"set": key``."""
    from bench_listening_again import second_askings
    from bench_listening_clips import build_items, make_clips
    from bench_listening_honest import honest_by_noise, print_honest
    from bench_listening_report import fingerprint, noise_name
    from bench_listening_turns import Bench

    from voicepiece.audio.virtual import virtual_audio
    from voicepiece.story.loader import load_piece
    from voicepiece.voices import narrator_for

    began = time.perf_counter()
    piece = load_piece("her")
    sessions = first_clips(sessions, limit)
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
            print(f"  {key} session {s}/{len(sessions)} ({clips[0].voice}, "
                  f"{noise_name(clips[0].snr)}): {len(clips)} turns in "
                  f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
        heard = second_askings(bench, heard, None)  # the answers asked again, said plainer
    print_honest(title, heard)
    figures = {"set": key, "voices": list(voices), "noise": noise, "turns": len(heard),
               "limit": limit, "listening_code": fingerprint(),
               "recognizer": bench.recognizer_name, "honest": honest_by_noise(heard),
               "seconds": round(time.perf_counter() - began)}
    if json_path is not None:
        json_path.write_text(json.dumps(figures, indent=1) + "\n")
    print(f"({len(heard)} turns in {figures['seconds']} s)")
    return 0


TOOLS = """
Tools:
- ``--labels``: every item's truth fits its point — a label the point offers, an open
  answer only where the point takes one, off-list speech at a point that exists; counts
  only, no model loaded, no audio made (exit 1 when any item does not fit);
- ``--intelligibility``: Whisper tiny.en on five neutral sentences in no set, said clean
  by every voice of the set; the share of their words written back, per voice (kept at
  >= {keep_at});
- (default) synthesize the set's speech into the user cache and check every clip: it
  exists, its speech lasts 0.3–8 s, the answer ends on a chunk boundary, and the SNR heard
  is the one asked for; counts only;
- ``--run [--limit N] [--json FILE]``: hear the set alone, ours only, as
  ``scripts/bench listening`` hears it, and print its aggregate figures (by noise level
  and by kind of utterance), each answer asked again heard a second time, said plainer
  (scripts/bench_listening_again.py: "right after a second asking"); ``--limit N`` hears
  its first N clips only (a smoke test). Takes about 3–6 s a turn on a loaded 2-core
  machine, and as long again for each second asking.
"""
"""What every blind set's ``…_check.py`` does (``keep_at`` filled in): its help text."""


def main(doc: str, key: str, title: str, voices: Sequence[str], noise: str,
         items_of: Callable[[Any], list[Item]],
         clips_of: Callable[[Sequence[Item]], Sequence[Sequence[Clip]]],
         sentences: Sequence[str], spoken: Callable[[str, str], bytes],
         keep_at: float = INTELLIGIBLE) -> int:
    """A blind set's command line (its ``…_check.py``): ``--labels`` (the truths against
    the piece), ``--intelligibility`` (a voice kept at ``keep_at`` of the words written
    back), the clip check (the default), ``--run [--limit N] [--json FILE]``."""
    parser = argparse.ArgumentParser(description=doc + TOOLS.format(keep_at=keep_at),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--intelligibility", action="store_true")
    parser.add_argument("--labels", action="store_true")
    parser.add_argument("--run", action="store_true")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if args.intelligibility:
        print_intelligibility(intelligibility(voices, sentences, spoken), keep_at)
        return 0
    from voicepiece.story.loader import load_piece

    piece = load_piece("her")
    items = items_of(piece)
    if args.labels:
        counts = label_problems(piece, items)
        print(json.dumps(counts))
        return 0 if sum(v for k, v in counts.items() if k != "items") == 0 else 1
    if args.run:
        return run_blind(key, title, voices, noise, clips_of(items), args.limit, args.json)
    counts = check_clips(items, clips_of(items))
    print(json.dumps(counts))
    print(f"noise levels: {', '.join('clean' if s is None else f'{s:g} dB' for s in NOISE_LEVELS)}")
    return 0 if clips_pass(counts) else 1

"""A dry check of the turns bench's blind set v8 (scripts/bench_turns_v8.py): its clips are
built and measured, never heard by the ear — no endpointing, no judgement, no cut-off.
Counts and spreads only: no item of the set is printed.

    PYTHONPATH=.:scripts python scripts/bench_turns_v8_check.py [--intelligibility]

- the default: every clip synthesized as the bench makes it; printed as JSON — the
  answers by kind and the clips by voice, level and point count; each clip's length; the
  pause as put there (every one must be 0.6–1.2 s) and as the voice detector sees it
  (:func:`bench_turns_pauses.seen_pause`: the longest run of frames under the endpointer's
  speech threshold, with its hysteresis — the detector alone, not the endpointer's
  decision): its spread per pause, the clips where it is more than ``PAUSE_SLACK`` off
  (per level), and those where it is lost; the SNR heard (the speech's level over the level
  outside it) at each level. Exit status 1 when a check fails (a pause outside
  0.6–1.2 s or lost, an SNR heard more than 6 dB off, a hesitant answer without a kind);
- ``--intelligibility``: the share of five neutral sentences' words (in no set) Whisper
  tiny.en writes back for each voice (≥ 80% kept).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from bench_turns_clips import LEAD, RATE, SETS, Clip, clips, speak

PAUSE_SLACK = 0.25
"""Seconds: a pause the detector sees further than this from the pause put there is counted
(``pause_seen_off_by_snr``), not failed — in loud rain the detector misses a soft word's
edge (the pause seems longer) or hears its tail go on (shorter), as it would a person's."""
PAUSE_LOST = 0.3
"""Seconds: a pause the detector sees shorter than this is gone (speech heard inside it):
the clip would not measure a pause at all, and the check fails."""
SNR_SPREAD_DB = 6.0


def snr_heard(clip: Clip) -> float:
    """The speech's level (:func:`speech_rms` from the first word to the last) over the
    level of the lead-in and of the tail from 0.3 s after the last word."""
    from voicepiece.listening.room_noise import speech_rms

    x = np.frombuffer(clip.pcm, dtype="<i2").astype(np.float64)
    first = round(LEAD * RATE)  # the speech starts within a frame after it
    end = round(clip.speech_end * RATE)
    speech = clip.pcm[2 * first:2 * end]
    outside = np.concatenate([x[:first], x[end + round(0.3 * RATE):]])
    return float(20 * np.log10(speech_rms(speech) / np.sqrt(np.mean(outside ** 2))))


def _spread(values: list[float]) -> dict[str, float]:
    return {"min": round(min(values), 2), "median": round(float(np.median(values)), 2),
            "max": round(max(values), 2)}


def check(made: list[Clip], name: str = "unseen_v8") -> tuple[dict[str, Any], bool]:
    """The counts and spreads of the clips of the set ``name`` (v9's check asks the same),
    and whether every check passed."""
    from bench_turns_pauses import seen_pause

    from voicepiece.listening.vad import VoiceActivity

    split = SETS[name]
    vad = VoiceActivity()
    hesitant = [c for c in made if c.gap is not None]
    seen = {c: seen_pause(c.pcm, vad) for c in hesitant}
    gaps = sorted({c.gap for c in hesitant if c.gap is not None})
    snrs = {s: [snr_heard(c) for c in made if c.snr == s] for s in sorted({c.snr for c in made})}
    counts: dict[str, Any] = {
        "answers": {"hesitant": len(split.hesitant), "complete": len(split.complete),
                    "open": len(split.open)},
        "hesitant_by_kind": dict(Counter(split.kinds)),
        "points": len(set(split.points)),
        "clips": len(made), "hesitant_clips": len(hesitant),
        "complete_clips": sum(c.gap is None and not c.open for c in made),
        "open_clips": sum(c.open for c in made),
        "clips_by_voice": dict(Counter(c.voice for c in made)),
        "clips_by_kind": dict(Counter(c.kind for c in hesitant)),
        "clip_seconds": _spread([len(c.pcm) / 2 / RATE for c in made]),
        "speech_seconds": _spread([c.speech_end - LEAD for c in made]),
        "pause_put_s": {f"{g:.1f}": sum(c.gap == g for c in hesitant) for g in gaps},
        "pause_seen_minus_put_s": {f"{g:.1f}": _spread([seen[c] - g for c in hesitant
                                                          if c.gap == g]) for g in gaps},
        "pause_seen_off_by_snr": {f"{s:g}": sum(abs(seen[c] - (c.gap or 0.0)) > PAUSE_SLACK
                                                for c in hesitant if c.snr == s)
                                  for s in sorted({c.snr for c in hesitant})},
        "pause_lost": sum(seen[c] < PAUSE_LOST for c in hesitant),
        "pause_outside_range": sum(not 0.6 <= (c.gap or 0.0) <= 1.2 for c in hesitant),
        "snr_heard_db": {f"{s:g}": _spread(v) for s, v in snrs.items()},
        "bad_snr": sum(abs(x - s) > SNR_SPREAD_DB for s, v in snrs.items() for x in v),
        "unkinded": sum(not c.kind for c in hesitant),
    }
    ok = (counts["pause_lost"], counts["pause_outside_range"], counts["bad_snr"],
          counts["unkinded"]) == (0, 0, 0, 0)
    return counts, ok


def dry_check(doc: str, name: str, neutral: Callable[[], Sequence[str]],
              by_point: bool = False) -> int:
    """The dry check of turn set ``name`` (v8's and the later sets' ``main``): ``neutral``
    gives the set's neutral sentences for ``--intelligibility``; ``by_point`` adds the
    answers counted by listening point and by voice."""
    parser = argparse.ArgumentParser(description=doc,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--intelligibility", action="store_true")
    args = parser.parse_args()
    split = SETS[name]
    if args.intelligibility:
        from bench_listening_blind import intelligibility, print_intelligibility
        from bench_listening_clips import trim

        print_intelligibility(intelligibility(split.voices, neutral(),
                                              lambda text, voice: trim(speak(text, voice))))
        return 0
    counts, ok = check(clips(split, True), name)
    if by_point:
        counts.update(_by_point(split))
    print(json.dumps(counts, indent=1))
    print("checks passed" if ok else "a check FAILED (counts above)")
    return 0 if ok else 1


def _by_point(split: Any) -> dict[str, Any]:
    hesitant, complete = len(split.hesitant), len(split.complete)
    answers, voices = hesitant + complete + len(split.open), split.voices
    by_point_and_kind = Counter(zip(split.points[:hesitant], split.kinds, strict=True))
    return {
        "answers_by_point": {
            point: {"hesitant": split.points[:hesitant].count(point),
                    "complete": split.points[hesitant:hesitant + complete].count(point),
                    "open": split.points[hesitant + complete:].count(point)}
            for point in sorted(set(split.points))},
        "answers_by_voice": {voice: sum(split.says(v, i, len(voices)) for i in range(answers))
                             for v, voice in enumerate(voices)},
        "hesitant_by_point_and_kind": {f"{point} / {kind}": n
                                       for (point, kind), n in sorted(by_point_and_kind.items())},
    }


def _neutral() -> Sequence[str]:
    from bench_turns_v8 import NEUTRAL

    return NEUTRAL


if __name__ == "__main__":
    raise SystemExit(dry_check(__doc__ or "", "unseen_v8", _neutral))

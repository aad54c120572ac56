"""Does the sound at a pause tell a fragment from a finished answer? (issue 13, item 6,
fourteenth pass: evidence that does not depend on Whisper's words.)

    PYTHONPATH=.:scripts python scripts/bench_turns_prosody.py clips unseen_v9 VOICE[,VOICE]
    PYTHONPATH=.:scripts python scripts/bench_turns_prosody.py one-go VOICE[,VOICE]
    PYTHONPATH=.:scripts python scripts/bench_turns_prosody.py log LOG.jsonl fit|held

``log``: a log of scripts/bench_turns_tail_log.py (each check's last 3 s kept), half by
half as scripts/bench_turns_v9_replay.py reads it. At each clip's deciding check (a
hesitant answer's first check in its pause, a complete answer's or open sentence's at its
end): each measure's AUC, fragments against finished answers, then, where this tree's
reading (``tree``) ends the turn sooner than the hesitation silence, what a veto by each
measure could do — the most fragments it would keep from being cut at any threshold
(either side) while making no finished answer wait longer. Counts only.

``clips``: each clip of a development turn set as the bench makes it (hesitant answers at
the 1.0 s pause only), the audio up to 0.15 s into its pause (a hesitant answer's) or past
its end (a complete answer's or an open sentence's), measured by
:func:`pause_sound.pause_sound`; prints each measure's median by kind and its AUC
(fragments — hesitations and open clauses, which must wait — against complete answers
and open sentences, which must end): 0.5 is no evidence.

``one-go`` (Kokoro voices): v9's hesitant answers said two ways, each heard at its pause —
``alone``, the first part synthesized on its own, as every turn set's clips are made
(bench_turns_clips.clips: ``a + pause + b``), and ``in one go``, the whole answer
synthesized with "..." where the pause is and cut at the pause the voice makes there (a
voice that makes none is reported and left out) — with Smart Turn's probability
(where its model is installed), the measures, and Whisper's words. Kept in the user cache
(``turns14-one-go``). Development sets only: it prints clips item by item.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from typing import Any

import numpy as np
from pause_sound import PauseSound, pause_sound

MEASURES = ("voiced", "slope", "fall", "steady", "fade")
WAIT, END = ("hesitation", "open clause"), ("complete", "open")
INTO_PAUSE = 0.15
"""Seconds of the pause heard with the speech (a check falls ~0.1–0.2 s into it)."""
QUIET_DB = 35.0
"""A 10 ms frame this far below the loudest is quiet (the pause a voice makes at "...")."""


def auc(pos: list[float], neg: list[float]) -> float:
    """The chance that a fragment's measure is above a finished answer's (ties half)."""
    p, n = np.array(pos)[:, None], np.array(neg)[None, :]
    return float(np.mean(p > n) + 0.5 * np.mean(p == n))


def _kind(clip: Any) -> str:
    return clip.kind or ("open" if clip.open else "complete" if clip.gap is None else "hesitant")


def clips_report(name: str, voices: list[str]) -> None:
    import dataclasses

    from bench_turns_clips import SETS, clips

    split = SETS[name]
    if split.blind:
        raise SystemExit(f"{name} is blind: its clips are never measured here")
    split = dataclasses.replace(split, voices=tuple(v for v in split.voices if v in voices))
    found: dict[str, list[PauseSound]] = defaultdict(list)
    for c in clips(split, True):
        if c.gap is not None and c.gap != 1.0:
            continue
        end = c.pause[0] if c.pause is not None else c.speech_end
        found[_kind(c)].append(pause_sound(c.pcm[: round((end + INTO_PAUSE) * 16000) * 2]))
    for kind, sounds in sorted(found.items()):
        print(f"{kind:22s} n {len(sounds):3d}  " + "  ".join(
            f"{m} {np.median([getattr(s, m) for s in sounds]):6.2f}" for m in MEASURES))
    wait = [s for k in WAIT for s in found.get(k, [])]
    end_ = [s for k in END for s in found.get(k, [])]
    print("AUC, fragments above finished answers: " + "  ".join(
        f"{m} {auc([getattr(s, m) for s in wait], [getattr(s, m) for s in end_]):.3f}"
        for m in MEASURES))


def cut_at_pause(pcm: bytes) -> tuple[bytes, float]:
    """``pcm`` up to the longest quiet stretch inside it, and that stretch's length (s)."""
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    f = 160
    n = len(x) // f
    rms = np.sqrt(np.mean(x[: n * f].reshape(n, f) ** 2, axis=1))
    quiet = rms < rms.max() * 10 ** (-QUIET_DB / 20)
    best, i = (0, 0), 15
    while i < n - 10:
        j = i
        while j < n and quiet[j]:
            j += 1
        if j - i > best[1] - best[0]:
            best = (i, j)
        i = max(j, i + 1)
    return pcm[: best[0] * f * 2], (best[1] - best[0]) / 100


def one_go_report(voices: list[str]) -> None:
    import bench_turns_v9 as v9
    from bench_listening_heldout2 import kokoro_speak_kept

    from voicepiece.listening import smart_turn
    from voicepiece.listening.whisper_model import packaged_model

    turn = smart_turn.load(warn=True)
    whisper = packaged_model()
    pause = bytes(round(INTO_PAUSE * 16000) * 2)
    found: dict[tuple[str, str], list[tuple[PauseSound, float]]] = defaultdict(list)
    for voice in voices:
        for _, kind, first, rest in v9._HESITANT:
            alone = kokoro_speak_kept(first, voice, "bench-turns-v9")
            head, gap = cut_at_pause(kokoro_speak_kept(f"{first}... {rest}", voice,
                                                       "turns14-one-go"))
            if gap < 0.3:
                print(f"{voice} makes no pause at '...' after {first!r} ({gap:.2f} s): left out")
                continue
            line = f"{voice.split(':')[1]:11s} {kind:22s} {first!r:40s}"
            for how, part in (("alone", alone), ("in one go", head)):
                audio = part + pause
                p = turn.probability(audio) if turn is not None else float("nan")
                found[(how, kind)].append((pause_sound(audio), p))
                line += f" | {how} {p:.2f} {whisper.transcribe(audio).text!r}"
            print(line, flush=True)
    for (how, kind), got in sorted(found.items()):
        print(f"{how:9s} {kind:22s} n {len(got):2d}  smart turn median "
              f"{np.median([p for _, p in got]):.2f}  " + "  ".join(
                  f"{m} {np.median([getattr(s, m) for s, _ in got]):6.2f}" for m in MEASURES))


def _deciding(path: str, half: str) -> list[tuple[bool, bool, dict[str, float]]]:
    """(a fragment?, the tree ends it sooner than the hesitation silence?, the measures) at
    each clip's deciding check of ``half``'s voices (first check only)."""
    import base64
    import json
    from difflib import SequenceMatcher

    from bench_turns_unfinished_replay import HESITATION, waited
    from bench_turns_v9 import FIT_VOICES, HELD_VOICES
    from bench_turns_v9_replay import tree

    from voicepiece.story.wording import normalize

    voices = FIT_VOICES if half == "fit" else HELD_VOICES
    seen: set[tuple[Any, ...]] = set()
    out = []
    with open(path) as f:
        for r in map(json.loads, f):
            key = (r["voice"], r["snr"], r["gap"], r["clip"])
            fragment = (r["kind"] == "hesitant" and r["in_pause"]
                        and r["clip_kind"] != "complete first clause")
            finished = r["kind"] != "hesitant" and r["at_end"]
            if r["voice"] not in voices or key in seen or not (fragment or finished):
                continue
            seen.add(key)
            sound = pause_sound(base64.b64decode(r["tail"]))
            plain, primed = normalize(r["text"] or ""), normalize(r.get("primed") or "")
            out.append((fragment, waited(r, tree) < HESITATION, {
                **{m: getattr(sound, m) for m in MEASURES}, "smart_turn": r["smart_turn"],
                "confidence": r["confidence"], "least": r["least"],
                "no_speech": r["no_speech"], "doubt": r["doubt"],
                "primed_alike": SequenceMatcher(None, plain, primed).ratio() if primed else 1.0}))
    return out


def _beyond(value: float, side: str, threshold: float) -> bool:
    return value < threshold if side == "<" else value > threshold


def report_separation(rows: list[tuple[bool, bool, dict[str, float]]], title: str) -> None:
    """Print how well each measure at a pause tells a fragment from a finished answer (its
    AUC, fragments above), then how many fragments ended sooner than the hesitation silence
    a veto by that one measure keeps, none of the finished answers so ended waiting longer.
    ``rows``: (a fragment?, ended sooner?, the measures)."""
    frag = [m for f, _, m in rows if f]
    fin = [m for f, _, m in rows if not f]
    print(f"{title}{len(frag)} fragments, {len(fin)} finished answers; AUC, fragments above: "
          + "  ".join(f"{k} {auc([m[k] for m in frag], [m[k] for m in fin]):.3f}"
                      for k in frag[0]))
    cut = [m for f, soon, m in rows if f and soon]
    ending = [m for f, soon, m in rows if not f and soon]
    print(f"ended sooner than the hesitation silence: {len(cut)} fragments and {len(ending)} "
          "finished answers; a veto by one measure, none of those answers waiting longer:")
    for k in cut[0] if cut else []:
        best = (0, "", 0.0)
        for t in sorted({m[k] for m in cut + ending}):
            for side in ("<", ">"):
                if not any(_beyond(m[k], side, t) for m in ending):
                    best = max(best, (sum(_beyond(m[k], side, t) for m in cut), side, t))
        print(f"  {k:12s} keeps {best[0]} of {len(cut)}" + (f" ({best[1]} {best[2]:g})"
                                                         if best[0] else ""))


def log_report(path: str, half: str) -> None:
    report_separation(_deciding(path, half), f"{half}: ")


def main(argv: list[str]) -> None:
    if len(argv) == 3 and argv[0] == "log":
        log_report(argv[1], argv[2])
    elif len(argv) == 3 and argv[0] == "clips":
        clips_report(argv[1], argv[2].split(","))
    elif len(argv) == 2 and argv[0] == "one-go":
        one_go_report(argv[1].split(","))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])

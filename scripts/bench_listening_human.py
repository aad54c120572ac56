"""Real people in the listening bench: the human recordings, heard at a yes/no point."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from bench_listening_clips import LEAD_IN, SAMPLE_RATE, TRAILING, Clip, Item, fit_verifier_module
from bench_listening_report import header, mistakes, row
from bench_listening_results import Turn

from voicepiece.listening import listener_voices as lv
from voicepiece.listening.base import FRAME_SAMPLES

if TYPE_CHECKING:
    from voicepiece.story.model import Piece

HUMAN_POINT = "she_listens"
"""The human recordings are single words and read sentences, so they are heard where the
question is yes or no (all seven such points share one grammar)."""
HUMAN_OFF_LIST = {"full": 40, "quick": 8}
"""How many of the other recordings (words that answer nothing there, read sentences) are
said as off-list speech; every yes, no and other answer ("right") is always said."""
HUMAN_END_DB = 30.0
"""A human clip's speech ends at its last 10 ms frame within this of the loudest: real
recordings carry their own room noise, louder than the synthetic voices' tails."""


def human_clips(quick: bool) -> list[Clip]:
    """The real human recordings in ../shared/data/human-speech (none if absent), as turns
    at a yes/no point: their own audio between the bench's room noise, the speech made to
    end on a chunk as the synthetic turns do."""
    module = fit_verifier_module()
    if module is None or not (module.HUMAN / "MANIFEST.tsv").exists():
        return []
    piece_points = {n.name: n for n in _her().listening_points()}
    listen = piece_points[HUMAN_POINT].listen
    assert listen is not None
    found = module.human_clips(listen.answers)
    answers = [c for c in found if c[3] in ("yes/no", "other answer")]
    others = [c for c in found if c[3] not in ("yes/no", "other answer")]
    # One recording of each word first, then the sentences, then more of each word.
    seen: set[str] = set()
    ordered = []
    for clip in sorted(others, key=lambda c: (c[3] != "other word", c[0])):
        ordered.append((clip[1] in seen, clip[3] == "other word", clip))
        seen.add(clip[1])
    chosen = [c for _, _, c in sorted(ordered, key=lambda x: (x[0], x[1]))]
    chosen = chosen[:HUMAN_OFF_LIST["quick" if quick else "full"]]
    clips = []
    for i, (path, words, expected, kind) in enumerate(answers + chosen):
        audio = module.read_wav_16k(module.HUMAN / path)
        if audio is None:
            continue
        x = np.frombuffer(audio, dtype="<i2").astype(np.float64)
        frame = SAMPLE_RATE // 100
        rms = np.sqrt(np.mean(x[: len(x) // frame * frame].reshape(-1, frame) ** 2, axis=1))
        loud = np.nonzero(rms >= rms.max() * 10 ** (-HUMAN_END_DB / 20))[0]
        end = min(len(x), (int(loud[-1]) + 1) * frame)
        lead = round(LEAD_IN * SAMPLE_RATE)
        lead += -(lead + end) % FRAME_SAMPLES
        padded = lv.pad(audio, lead / SAMPLE_RATE, TRAILING, 5000 + i)
        item = Item(HUMAN_POINT, words, expected)
        clips.append(Clip(item, f"human {kind}", None, lv.add_noise(padded, None, 6000 + i),
                          lead + end, end / SAMPLE_RATE))
    return clips


def _her() -> Piece:
    from voicepiece.story.loader import load_piece

    return load_piece("her")


def report_human(turns: Sequence[Turn]) -> None:
    """Accuracy on real people, per kind of recording (small counts: read them as such)."""
    if not turns:
        print("\nhuman recordings: none found in ../shared/data/human-speech")
        return
    print(f"\nreal human recordings (../shared/data/human-speech; Speech Commands words and "
          f"read sentences, 16 kHz, their own room noise) at {HUMAN_POINT}, a yes/no point:")
    print(header())
    for kind in sorted({t.clip.voice for t in turns}):
        part = [t for t in turns if t.clip.voice == kind]
        print(row(kind, "own", part))
    print(row("all human", "own", turns))
    print("(latency on these is approximate: a recording's end of speech is estimated from "
          "its energy)")
    mistakes(turns)

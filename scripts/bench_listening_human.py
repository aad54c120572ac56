"""Real people in the listening bench: recordings of people, not synthetic voices, heard at
a yes/no point. The full set in ../shared/data/human-speech when it is there, else the
repository's subset in audio/human-speech (the same layout and MANIFEST.tsv); the table and
the JSON say which."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from bench_listening_clips import LEAD_IN, ROOT, SAMPLE_RATE, TRAILING, Clip, Item
from bench_listening_report import header, mistakes, row
from bench_listening_results import Turn
from human_speech import OWN_FOLDER, SHARED_FOLDER, human_folder, read_wav_16k, recordings

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


ANSWER_KINDS = ("yes/no", "other answer")


@dataclass(frozen=True)
class HumanSet:
    """The recordings the bench can use, and where they came from."""

    folder: Path
    which: str  # "shared" (the full set) or "repository" (the repository's subset)
    recordings: tuple[tuple[str, str, str | None, str], ...]
    """(path in the folder, words, expected label at HUMAN_POINT, kind): kind is "yes/no",
    "other answer" (a word that answers there, e.g. "right"), "other word" or "sentence"
    (both off-list); only 16 kHz mono WAV files on disk whose words are known."""

    def describe(self) -> str:
        name = ("the shared data set" if self.which == "shared"
                else "the repository's subset")
        shown = os.path.relpath(self.folder, ROOT)
        return f"{name}, {shown}: {len(self.recordings)} recordings"

    def figures(self) -> dict[str, Any]:
        return {"folder": str(self.folder), "which": self.which,
                "recordings": len(self.recordings)}


def human_set() -> HumanSet | None:
    """The shared folder's recordings when it is there, else the repository's subset, else
    None."""
    where = human_folder()
    if where is None:
        return None
    listen = {n.name: n for n in _her().listening_points()}[HUMAN_POINT].listen
    assert listen is not None
    return HumanSet(*where, tuple(recordings(where[0], listen.answers)))


def human_clips(found: HumanSet, quick: bool) -> list[Clip]:
    """The recordings as turns at a yes/no point: every answer among them and some of the
    others as off-list speech, their own audio between the bench's room noise, the speech
    made to end on a chunk as the synthetic turns do."""
    answers = [c for c in found.recordings if c[3] in ANSWER_KINDS]
    others = [c for c in found.recordings if c[3] not in ANSWER_KINDS]
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
        audio = read_wav_16k(found.folder / path)
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


def report_human(turns: Sequence[Turn], found: HumanSet | None) -> None:
    """Accuracy on real people, per kind of recording (small counts: read them as such)."""
    if found is None:
        print(f"\nhuman recordings: none ({SHARED_FOLDER} and {OWN_FOLDER} have no "
              "MANIFEST.tsv)")
        return
    if not turns:
        print(f"\nhuman recordings: {found.describe()}, none of them usable here")
        return
    print(f"\nreal human recordings ({found.describe()}, {len(turns)} heard; Speech "
          f"Commands words and read sentences, 16 kHz, their own room noise) at "
          f"{HUMAN_POINT}, a yes/no point:")
    print(header())
    for kind in sorted({t.clip.voice for t in turns}):
        part = [t for t in turns if t.clip.voice == kind]
        print(row(kind, "own", part))
    print(row("all human", "own", turns))
    print("(latency on these is approximate: a recording's end of speech is estimated from "
          "its energy)")
    mistakes(turns)

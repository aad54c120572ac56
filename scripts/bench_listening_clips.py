"""The listening bench's turns: which answers and off-list phrases are said at which
point, and how they sound (listener voices, room noise, the speech ending on a chunk)."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from voicepiece.listening import listener_voices as lv
from voicepiece.listening.base import FRAME_SAMPLES
from voicepiece.story.matching import match_answer
from voicepiece.story.phrases import phrases_for
from voicepiece.story.wording import normalize

if TYPE_CHECKING:
    from voicepiece.story.model import Node, Piece

SAMPLE_RATE = 16000
VOICES = ("flite:slt", "espeak-ng:en-gb+m3", "flite:rms")
NOISE_LEVELS: tuple[float | None, ...] = (None, 20.0, 10.0)
LEAD_IN = 0.5
"""Seconds of room noise before the speech (a little more: the speech ends on a chunk)."""
TRAILING = 3.0
"""Seconds of room noise after the speech at most: the feed stops once both listeners have
returned; a listener that never finds the end of speech returns when the stream ends."""
END_DB = 40.0
"""The speech of a synthesized answer spans its 10 ms frames within this many dB of the
loudest one: the TTS engines' own quiet lead-in and tail are not speech."""
HUMS = frozenset({"mm hmm", "mhm", "uh huh", "yea", "naw", "nay", "aye"})
"""Phrasings a synthetic voice cannot say the way people do: left out."""
NEW_OFF_LIST = ("where did I park the car", "turn on the lights",
                "what is for dinner tonight", "the train was late again")
"""Off-list speech the verifier never saw, in addition to its held-out off-list phrases."""
PHRASINGS_PER_LABEL = {"full": 2, "quick": 1}
"""Per label at the points with their own answers; 1 at each yes/no/unsure point (there are
seven, so the shared grammar still hears seven phrasings of each)."""
QUICK_POINTS = ("friendship", "she_listens", "source", "combustion")
QUICK_OFF_LIST = 3
FULL_OFF_LIST = 16

ROOT = Path(__file__).resolve().parents[1]


# ── what is said ─────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Item:
    """One thing a listener says at one listening point."""

    point: str
    text: str  # as spoken (as written in the piece or meanings.yaml)
    truth: str | None  # the label it should get; None for off-list speech

    @property
    def on_list(self) -> bool:
        return self.truth is not None


def _fit_verifier() -> tuple[Callable[[str], str], tuple[str, ...], str]:
    """``split_of`` and ``OFF_LIST`` of scripts/fit-verifier: which phrasings the verifier
    was fitted on, and the off-list phrases it was fitted with."""
    from fit_clips import OFF_LIST, split_of

    return split_of, tuple(OFF_LIST), "scripts/fit-verifier"


def _written_forms(piece: Piece) -> dict[str, str]:
    """normalized phrase → how it is written (contractions and all), to be said that way."""
    import yaml

    source = resources.files("voicepiece.story").joinpath("meanings.yaml")
    raw = yaml.load(source.read_text("utf-8"), Loader=yaml.BaseLoader)
    written = {normalize(p): p for phrases in raw.values() for p in phrases}
    for node in piece.listening_points():
        assert node.listen is not None
        for answer in node.listen.answers:
            written.update({normalize(p): p for p in answer.phrases})
    return written


def build_items(piece: Piece, quick: bool) -> tuple[list[Item], str]:
    """The answers and off-list speech, point by point; and where the split came from."""
    from voicepiece.listening.grammar import grammar_for

    split_of, fitted_off_list, split_source = _fit_verifier()
    written = _written_forms(piece)
    per_label = PHRASINGS_PER_LABEL["quick" if quick else "full"]
    used: set[str] = set()
    items: list[Item] = []
    points = [n for n in piece.listening_points() if not quick or n.name in QUICK_POINTS]
    for node in points:
        listen = node.listen
        assert listen is not None
        labels = grammar_for(listen.answers).labels
        yes_no = {a.label for a in listen.answers} == {"yes", "no", "unsure"}
        for answer in listen.answers:
            own = {normalize(p) for p in answer.phrases}
            held_out = [p for p, label in labels.items()
                        if label == answer.label and split_of(p) == "test" and p not in HUMS
                        and p in phrases_for(answer)]
            rng = random.Random(f"{node.name}:{answer.label}")
            rng.shuffle(held_out)
            # the point's own words first, phrasings not yet heard elsewhere before repeats
            held_out.sort(key=lambda p: (p not in own, p in used))
            for phrase in held_out[:1 if yes_no else per_label]:
                used.add(phrase)
                items.append(Item(node.name, written.get(phrase, phrase), answer.label))
    off_list = [p for p in fitted_off_list if split_of(p) == "test"] + list(NEW_OFF_LIST)
    wanted = QUICK_OFF_LIST if quick else FULL_OFF_LIST
    # the examples first, then the rest of the held-out ones and the new ones, mixed
    head, tail = off_list[:5], off_list[5:]
    random.Random("off-list").shuffle(tail)
    chosen = (head + tail)[:wanted]
    for i, text in enumerate(chosen):
        node = off_list_point(text, points, i * 3 + 1)
        items.append(Item(node.name, text, None))
    order = {n.name: i for i, n in enumerate(points)}
    items.sort(key=lambda item: order[item.point])
    return items, split_source


def off_list_point(text: str, points: Sequence[Node], start: int) -> Node:
    """Where off-list ``text`` is said: ``points[start]`` (rotating), or the next point
    at which it answers nothing when typed — a piece's answers change ("where did I park
    the car" came to answer one point when its phrases grew), and speech is off-list only
    where it answers nothing. Every point: the phrase is no off-list speech; stop."""
    for k in range(len(points)):
        node = points[(start + k) % len(points)]
        assert node.listen is not None
        if match_answer(text, node.listen.answers).label is None:
            return node
    raise SystemExit(f"off-list phrase {text!r} answers every listening point: remove it")


# ── how it sounds ────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Clip:
    item: Item
    voice: str
    snr: float | None
    pcm: bytes  # lead-in, speech, trailing noise: 16 kHz mono s16
    speech_end: int  # samples: where the speech ends, a multiple of FRAME_SAMPLES
    speech_seconds: float


def trim(pcm: bytes) -> bytes:
    """The speech of a synthesized phrase without the engine's quiet lead-in and tail."""
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    frame = SAMPLE_RATE // 100
    usable = len(x) // frame * frame
    rms = np.sqrt(np.mean(x[:usable].reshape(-1, frame) ** 2, axis=1))
    loud = np.nonzero(rms >= rms.max() * 10 ** (-END_DB / 20))[0]
    return pcm[loud[0] * frame * 2:min(len(x), (loud[-1] + 1) * frame) * 2]


def make_clip(item: Item, voice: str, snr: float | None, seed: int,
              spoken: Callable[[str, str], bytes], color: str = "pink") -> Clip:
    speech = trim(spoken(item.text, voice))
    samples = len(speech) // 2
    lead = round(LEAD_IN * SAMPLE_RATE)
    lead += -(lead + samples) % FRAME_SAMPLES
    after = round(TRAILING * SAMPLE_RATE)
    padded = lv.pad(speech, lead / SAMPLE_RATE, after / SAMPLE_RATE, seed)
    pcm = lv.add_noise(padded, snr, seed + 1, color=color)
    return Clip(item, voice, snr, pcm, lead + samples, samples / SAMPLE_RATE)


def make_clips(items: Sequence[Item]) -> list[list[Clip]]:
    """The turns, grouped into sessions (one voice in one room). Item i is said at noise
    level k by voice (i + k) mod 3: each noise level hears every item, each voice a third."""
    cache: dict[tuple[str, str], bytes] = {}
    lock = threading.Lock()

    def spoken(text: str, voice: str) -> bytes:
        with lock:
            if (text, voice) in cache:
                return cache[(text, voice)]
        pcm = lv.speak(text, voice)
        with lock:
            cache[(text, voice)] = pcm
        return pcm

    plan: list[tuple[int, int, Item, int]] = []
    for k, _snr in enumerate(NOISE_LEVELS):
        for i, item in enumerate(items):
            plan.append((k, (i + k) % len(VOICES), item, 1000 * k + 10 * i))
    with ThreadPoolExecutor(2) as pool:
        clips = list(pool.map(lambda p: make_clip(p[2], VOICES[p[1]], NOISE_LEVELS[p[0]],
                                                  p[3], spoken), plan))
    sessions: dict[tuple[int, int], list[Clip]] = {}
    for (k, v, _, _), clip in zip(plan, clips, strict=True):
        sessions.setdefault((k, v), []).append(clip)
    return [sessions[key] for key in sorted(sessions)]

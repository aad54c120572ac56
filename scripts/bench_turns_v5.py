"""The turns bench's fifth unseen set (v5): written before the rule that makes a short turn
answering nothing wait like a hesitation was chosen, measured once before that change and
once after, never tuned on; its misses are never printed.

v3 and v4 have been seen (their figures chose the hesitation silence and the next rule),
so this one is new in everything:

- voices: four Kokoro voices no other set speaks — af_nova (American woman), am_eric
  (American man), bf_alice (British woman), bm_daniel (British man) — every voice heard in
  ``--quick`` too;
- noise: **a reverberant room with a ventilation roar** — the speech (pauses included)
  convolved with a synthetic room response (RT60 0.6 s, the direct sound and the
  reverberation about equal: a living room, the listener a metre or two from the
  microphone), under the steady low roar of a ventilation fan (spectrum falling as
  1/f^1.5 above a 60 Hz corner, its level breathing ±1.5 dB at 0.2 Hz) — where the other
  turn sets have dry speech under white, pink, brown or pink-with-hum noise;
- pauses: 0.6, 0.9 and 1.2 s inside the answer, in ``--quick`` too;
- phrasings, written fresh for this set (none in another set, the tests or the tuning
  data): beginnings of three words or more that answer nothing, single-word hesitations
  and openers, answers trailing off on a conjunction, and complete answers — on the
  point's list and open sentences that answer nothing on it, the latter's end delay
  reported apart (``end_delay_open_ms``).
"""

from __future__ import annotations

import numpy as np

V5_VOICES = ("kokoro:af_nova", "kokoro:am_eric", "kokoro:bf_alice", "kokoro:bm_daniel")
V5_NOISE = "room+fan"
V5_GAPS = (0.6, 0.9, 1.2)

V5_HESITANT: tuple[tuple[str, str], ...] = (
    # beginnings of three words or more that answer nothing
    ("part of me wants to say...", "yes"),
    ("all I can tell you is...", "I'd lean towards no"),
    ("looking back on it now...", "I'd like to think so"),
    ("from where I'm sitting...", "I fear not"),
    ("in a funny kind of way...", "it did, yes"),
    ("my honest feeling is...", "no chance of that"),
    # single-word hesitations and openers
    ("mmm...", "I'll go with no"),
    ("eh...", "there's a chance"),
    ("oof...", "no, not for a minute"),
    ("frankly...", "yes"),
    ("candidly...", "I imagine so"),
    # answers trailing off on a conjunction
    ("yes, although...", "not always"),
    ("no, unless...", "you count the ending"),
    ("mostly yes, since...", "she was kind to him"),
)
"""(first part, the rest) of hesitant answers: a pause of room sound between them."""

V5_COMPLETE = ("I'd lean towards no", "I'd like to think so", "I fear not", "in a way, yes",
               "there's a chance", "no, not for a minute", "no chance of that",
               "of course it was")
"""Complete answers on the point's list, said in one go: how quickly a finished turn ends."""

V5_OPEN = ("I miss the rain back home", "she sounded like my sister",
           "my mother used to say that", "we argued about it for hours",
           "nobody ever asked me that", "it made me think of an old friend",
           "I cried at the end")
"""Complete sentences that answer nothing on the point's list (open answers): how quickly
they end — a rule that makes short turns answering nothing wait longer costs them."""

RT60 = 0.6
"""Seconds for the room's reverberation to fall 60 dB."""
DIRECT_SHARE = 0.5
"""The direct sound's share of the reverberated speech's energy."""
FAN_CORNER_HZ = 60.0
FAN_BREATH_HZ = 0.2
FAN_BREATH_DB = 1.5


def room_response(rate: int, seed: int) -> np.ndarray:
    """A synthetic impulse response: the direct sound, then from 8 ms on exponentially
    decaying noise (RT60), scaled so that the direct sound carries ``DIRECT_SHARE`` of the
    energy."""
    rng = np.random.default_rng(seed)
    n = round(RT60 * rate)
    t = np.arange(n) / rate
    tail = rng.standard_normal(n) * 10 ** (-3 * t / RT60)
    tail[: round(0.008 * rate)] = 0.0
    tail *= np.sqrt((1 - DIRECT_SHARE) / DIRECT_SHARE / float(np.sum(tail ** 2)))
    tail[0] = 1.0
    return tail


def reverberate(pcm: bytes, rate: int, seed: int) -> bytes:
    """``pcm`` as heard in the room: convolved with :func:`room_response`, its length
    kept (the tail past the end is cut: the clip has seconds of room sound after it)."""
    from scipy.signal import fftconvolve

    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    wet = fftconvolve(x, room_response(rate, seed))[: len(x)]
    return np.clip(np.rint(wet), -32768, 32767).astype("<i2").tobytes()


def fan(n: int, rate: int, seed: int) -> np.ndarray:
    """Unit-RMS ventilation roar: noise falling as 1/f^1.5 above ``FAN_CORNER_HZ`` (flat
    below), its level breathing slowly."""
    rng = np.random.default_rng(seed)
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / rate)
    spectrum /= np.maximum(freqs, FAN_CORNER_HZ) ** 0.75
    spectrum[0] = 0
    x = np.fft.irfft(spectrum, n)
    t = np.arange(n) / rate
    x *= 10 ** (FAN_BREATH_DB / 20 * np.sin(2 * np.pi * FAN_BREATH_HZ * t
                                             + rng.uniform(0, 2 * np.pi)))
    rms = float(np.sqrt(np.mean(x ** 2))) if n else 0.0
    return x / rms if rms > 0 else x


def add_room_noise(pcm: bytes, snr: float, seed: int, rate: int) -> bytes:
    """``pcm`` reverberated in the room, the fan's roar ``snr`` dB below its speech."""
    from voicepiece.listening.room_noise import speech_rms

    wet = reverberate(pcm, rate, seed)
    level = speech_rms(wet) / 10 ** (snr / 20)
    x = np.frombuffer(wet, dtype="<i2").astype(np.float64) + level * fan(len(wet) // 2, rate,
                                                                          seed)
    return np.clip(np.rint(x), -32768, 32767).astype("<i2").tobytes()

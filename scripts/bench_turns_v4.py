"""The turns bench's fourth unseen set (v4): written before the hesitation silence was
chosen again on Kokoro tuning voices, measured once before that change and once after;
seen since (its rates chose the next rule, and it may be tuned on), so its misses print.

v3 has been seen (its figures led to the change), so this one is new in everything:

- voices: three Kokoro voices no other set speaks — af_aoede (American woman), am_fenrir
  (American man), bm_lewis (British man) — every voice heard in ``--quick`` too;
- noise: pink with mains hum (50 Hz and its harmonics, a fridge or a cheap amplifier),
  where the other turn sets have pink, white or brown alone;
- pauses: 0.6, 0.9 and 1.2 s inside the answer, in ``--quick`` too;
- phrasings, written fresh for this set (none in another set, the tests or the tuning
  data): openers none of the rules lists ("right, so…", "what I'd say is…", "oh gosh…",
  "to tell the truth…", "if I'm honest…", "well, look…"), plain hesitations ("umm…",
  "ah…"), an answer trailing "but…", a bare "I'm…" and "it's…", and complete answers for
  the end delay.
"""

from __future__ import annotations

import numpy as np

V4_VOICES = ("kokoro:af_aoede", "kokoro:am_fenrir", "kokoro:bm_lewis")
V4_NOISE = "pink+hum"
V4_GAPS = (0.6, 0.9, 1.2)

V4_HESITANT: tuple[tuple[str, str], ...] = (
    # openers: words, not an answer
    ("right, so...", "yes"),
    ("what I'd say is...", "no"),
    ("oh gosh...", "maybe"),
    ("to tell the truth...", "I'm not so sure"),
    ("if I'm honest...", "yes, I'd say it is"),
    ("well, look...", "no, I don't think so"),
    # plain hesitations
    ("umm...", "probably yes"),
    ("ah...", "no, never"),
    # an answer trailing "but", a bare "I'm", a bare "it's"
    ("yes, but...", "only a little"),
    ("I'm...", "not convinced"),
    ("it's...", "hard to say, really"),
)
"""(first part, the rest) of hesitant answers: a pause of room noise between them."""

V4_COMPLETE = ("probably yes", "no, never", "only a little", "not convinced",
               "yes, I'd say it is", "I'm not so sure", "perhaps", "definitely",
               "I really couldn't say", "not one bit")
"""Complete answers said in one go: how quickly a finished turn ends."""

HUM_HZ = 50.0
HUM_SHARE = 0.5
"""The hum's share of the noise power (the rest pink)."""


def hum(n: int, rate: int, seed: int) -> np.ndarray:
    """Unit-RMS mains hum: 50 Hz with falling harmonics up to 400 Hz, random phases."""
    rng = np.random.default_rng(seed)
    t = np.arange(n) / rate
    x = sum(np.sin(2 * np.pi * HUM_HZ * k * t + rng.uniform(0, 2 * np.pi)) / k
            for k in range(1, 9))
    x = np.asarray(x, dtype=np.float64)
    rms = float(np.sqrt(np.mean(x ** 2))) if n else 0.0
    return x / rms if rms > 0 else x


def add_hum_noise(pcm: bytes, snr: float, seed: int, rate: int) -> bytes:
    """``pcm`` with pink noise and hum together ``snr`` dB below its speech."""
    from voicepiece.listening.room_noise import add_noise, speech_rms

    level = speech_rms(pcm) / 10 ** (snr / 20)
    pink_snr = snr - 10 * np.log10(1 - HUM_SHARE)
    noisy = np.frombuffer(add_noise(pcm, pink_snr, seed, "pink"), dtype="<i2").astype(float)
    noisy += level * np.sqrt(HUM_SHARE) * hum(len(noisy), rate, seed)
    return np.clip(np.rint(noisy), -32768, 32767).astype("<i2").tobytes()

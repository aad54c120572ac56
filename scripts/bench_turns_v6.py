"""The turns bench's sixth unseen set (v6): written and committed before any rule of its
round changed, measured once before and once after; seen since (its misses print), and
used as tuning data like v3–v5.

v3, v4 and v5 have been seen (their figures chose rules), so this one is new in
everything:

- voices: two Kokoro voices no other set speaks — af_alloy (American woman, grade C) and
  am_onyx (American man, grade D) — both heard in ``--quick`` too;
- noise: **street traffic heard through a closed window** — a steady distant rumble and
  vehicles passing now and then (each swelling and fading over a second or two), the glass
  taking the highs away (−12 dB per octave above 400 Hz for the tyres' hiss, above 150 Hz
  for the rumble); where the other turn sets have white, pink, brown, pink-with-hum noise
  or a reverberant room under a fan. Its level (``snr``) is its mean over the clip, so a
  car passing in a pause is louder than that;
- pauses: 0.6, 0.9 and 1.2 s inside the answer, in ``--quick`` too;
- phrasings, written fresh for this set (none in another set, the tests or the tuning
  data), in v5's mix of kinds: beginnings of three words or more that answer nothing,
  one-word openers no rule lists, plain fillers, answers trailing off on a conjunction,
  and complete answers — on the point's list and open sentences that answer nothing on it
  (their end delay reported apart, ``end_delay_open_ms``).
"""

from __future__ import annotations

import numpy as np

V6_VOICES = ("kokoro:af_alloy", "kokoro:am_onyx")
V6_NOISE = "traffic"
V6_GAPS = (0.6, 0.9, 1.2)

V6_HESITANT: tuple[tuple[str, str], ...] = (
    # beginnings of three words or more that answer nothing
    ("the way I see it...", "yes"),
    ("what strikes me most is...", "no"),
    ("if you want my opinion...", "I suspect so"),
    ("thinking about it properly...", "sadly not"),
    ("the short version is...", "in no way"),
    ("something tells me...", "yes, without a doubt"),
    # one-word openers no rule lists
    ("personally...", "I would hope so"),
    ("truthfully...", "no"),
    ("jeez...", "I'd guess so"),
    ("goodness...", "nope, not me"),
    # plain fillers
    ("ahh...", "sadly not"),
    ("uhhh...", "I would hope so"),
    ("erm, hm...", "maybe"),
    # answers trailing off on a conjunction
    ("probably not, because...", "it ended too soon"),
    ("yes, even though...", "it hurt"),
    ("no, or at least...", "not in the end"),
    ("I suppose not, since...", "it faded"),
)
"""(first part, the rest) of hesitant answers: a pause of street sound between them."""

V6_COMPLETE = ("I suspect so", "sadly not", "I would hope so", "in no way",
               "yes, without a doubt", "I'd guess so", "nope, not me", "not in the end")
"""Complete answers on the point's list, said in one go: how quickly a finished turn ends."""

V6_OPEN = ("the tram was full again", "I keep a diary", "I grew up by the sea",
           "my grandmother knitted me a scarf", "I lost my keys yesterday",
           "we had a long walk on Sunday", "my landlord never answers")
"""Complete sentences that answer nothing on the point's list (open answers)."""

RUMBLE_SHARE = 0.35
"""The steady rumble's share of the traffic's energy; the passing vehicles have the rest."""
PASSES_PER_SECOND = 0.25
PASS_SECONDS = (0.8, 2.0)
"""How long a vehicle's swell lasts (its half-width, seconds), drawn in this range."""


def _through_glass(n: int, rate: int, corner_hz: float, rng: np.random.Generator) -> np.ndarray:
    """Unit-RMS noise falling as 1/f (pink) and, above ``corner_hz``, 12 dB more per
    octave — a window's glass."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / rate)
    spectrum /= np.sqrt(np.maximum(freqs, 20.0)) * (1 + (freqs / corner_hz) ** 2)
    spectrum[0] = 0
    x = np.fft.irfft(spectrum, n)
    rms = float(np.sqrt(np.mean(x ** 2))) if n else 0.0
    return x / rms if rms > 0 else x


def traffic(n: int, rate: int, seed: int) -> np.ndarray:
    """Unit-RMS street traffic through a window: a steady rumble, and vehicles passing at
    random (about one every four seconds, from before the clip to after it), each a swell
    of tyre noise."""
    rng = np.random.default_rng(seed)
    rumble = _through_glass(n, rate, 150.0, rng)
    tyres = _through_glass(n, rate, 400.0, rng)
    t = np.arange(n) / rate
    span = n / rate
    swell = np.zeros(n)
    for _ in range(rng.poisson(PASSES_PER_SECOND * (span + 4.0))):
        at = rng.uniform(-2.0, span + 2.0)
        width = rng.uniform(*PASS_SECONDS)
        swell += rng.uniform(0.5, 1.5) / (1 + ((t - at) / width) ** 2)
    passing = tyres * swell
    p_rms = float(np.sqrt(np.mean(passing ** 2))) if n else 0.0
    if p_rms > 0:
        passing /= p_rms
    x = np.sqrt(RUMBLE_SHARE) * rumble + np.sqrt(1 - RUMBLE_SHARE) * passing
    rms = float(np.sqrt(np.mean(x ** 2))) if n else 0.0
    return x / rms if rms > 0 else x


def add_traffic_noise(pcm: bytes, snr: float, seed: int, rate: int) -> bytes:
    """``pcm`` with the street's traffic ``snr`` dB below its speech (on average)."""
    from voicepiece.listening.room_noise import speech_rms

    level = speech_rms(pcm) / 10 ** (snr / 20)
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    x = x + level * traffic(len(x), rate, seed)
    return np.clip(np.rint(x), -32768, 32767).astype("<i2").tobytes()

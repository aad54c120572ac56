"""The turns bench's seventh unseen set (v7): written blind while this round's turn-taking
rules were being tuned, committed before any run, first run by the lead; never tuned on,
its misses never printed (``blind``).

v3 to v6 have been seen, so this one is new in everything:

- voices: four Kokoro voices no other set speaks — am_santa (American man, grade D-) and
  three accented speakers of English (the English phonemizer, another language's voice):
  if_sara (Italian, a woman), hm_omega (Hindi, a man), em_alex (Spanish, a man); all heard
  in ``--quick`` too;
- noise: **a kitchen** — a tap running (a broadband rush and the plink of bubbles, the
  tap turned up and down now and then) and dishes being washed (plates and cutlery
  knocking, lower and heavier than a café's cups, each with a dull thud); where the other
  turn sets have white, pink, brown, pink-with-hum noise, a reverberant room under a fan,
  or traffic. At 20 and 10 dB, as v6; its level is its mean over the clip;
- pauses: 0.6, 0.9 and 1.2 s inside the answer, in ``--quick`` too;
- phrasings, written fresh for this set: hesitant answers pausing after "well", "um",
  "so…", a lone "I", mid-clause after a conjunction, and after a complete-sounding first
  clause that goes on; complete answers that should end quickly, on the point's list, and
  open sentences answering nothing on it (their end delay reported apart).
  tests/test_turns_v7.py checks that none is written in another tracked file.
"""

from __future__ import annotations

import numpy as np

V7_VOICES = ("kokoro:am_santa", "kokoro:if_sara", "kokoro:hm_omega", "kokoro:em_alex")
V7_NOISE = "kitchen"
V7_GAPS = (0.6, 0.9, 1.2)

V7_HESITANT: tuple[tuple[str, str], ...] = (
    # after "well"
    ("well...", "I guess it might be, for him"),
    ("well, hmm...", "no, not by my reckoning"),
    # after "um"
    ("um...", "yeah, I'd like to think so"),
    ("umm, okay...", "probably not, no"),
    # after "so"
    ("so...", "I'm leaning towards a yes"),
    ("so, basically...", "it's a no from me"),
    # a lone "I"
    ("I...", "honestly couldn't tell you"),
    ("I...", "reckon it is, in the end"),
    # mid-clause, after a conjunction
    ("it's real, but...", "only for him"),
    ("she cares about him and...", "he believes her"),
    ("maybe, or...", "maybe he's fooling himself"),
    ("I don't think so, because...", "she's a computer program"),
    # after a first clause that sounds complete, and goes on
    ("yes, I think so.", "at least at the start"),
    ("no.", "well, not the way he wants it"),
    ("I'm not sure.", "it changes from day to day"),
    ("it is.", "for a while anyway"),
    ("probably.", "in its own odd way"),
)
"""(first part, the rest) of hesitant answers: a pause of kitchen sound between them."""
V7_KINDS = (("hesitation",) * 8 + ("open clause",) * 4 + ("complete first clause",) * 5)
"""The kind of each hesitant answer, in order (the comments above): the issue's patient
turn-taking wants a turn kept open after a hesitation ("well", "um", "so…", a lone "I") or a
clause left open, and a complete answer ended quickly — so an answer that goes on after a
complete first clause is cut by design, and the rates are reported by kind
(``cut_off_by_kind``)."""

V7_COMPLETE = ("I'm leaning towards a yes", "it's a no from me",
               "I guess it might be, for him", "no, not by my reckoning",
               "yes, it's the real thing for them", "I'm not convinced at all",
               "honestly couldn't tell you", "yeah, I'd like to think so")
"""Complete answers on the point's list, said in one go: how quickly a finished turn ends."""

V7_OPEN = ("my sister works nights at the hospital", "the kettle has been broken all week",
           "we painted the hallway green", "I missed the last bus home",
           "our dog is scared of thunder", "I started learning the cello")
"""Complete sentences that answer nothing on the point's list (open answers)."""

RUMBLE_LOW_HZ = 250.0
RUMBLE_HIGH_HZ = 6000.0
"""The band of the tap's rush."""
BUBBLES_PER_SECOND = 25.0
TAP_SHARE = 0.6
"""The running tap's share of the kitchen's energy; the dishes have the rest."""


def _tap(n: int, rate: int, rng: np.random.Generator) -> np.ndarray:
    """A running tap, unit RMS: band noise (:data:`RUMBLE_LOW_HZ` to
    :data:`RUMBLE_HIGH_HZ`, falling as 1/f) and bubbles — short tones rising by a third
    over 10–40 ms, 400–2000 Hz — its flow turned up and down every few seconds."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1 / rate)
    spectrum /= np.sqrt(np.maximum(f, 20.0))
    spectrum[(f < RUMBLE_LOW_HZ) | (f > RUMBLE_HIGH_HZ)] = 0
    rush = np.fft.irfft(spectrum, n)
    bubbles = np.zeros(n)
    for _ in range(rng.poisson(BUBBLES_PER_SECOND * n / rate)):
        at = int(rng.integers(0, n))
        length = round(rng.uniform(0.01, 0.04) * rate)
        t = np.arange(length) / rate
        f0 = rng.uniform(400.0, 2000.0)
        span = length / rate
        tone = (np.sin(2 * np.pi * f0 * (t + 0.25 * t ** 2 / (2 * span)))
                * np.exp(-3 * t / span))
        end = min(n, at + length)
        bubbles[at:end] += rng.uniform(0.3, 1.0) * tone[:end - at]
    x = _unit(rush) + 0.5 * _unit(bubbles)
    knots = np.arange(0, n + 3 * rate, 3 * rate)
    flow = np.interp(np.arange(n), knots, rng.uniform(0.6, 1.4, size=len(knots)))
    return _unit(x * flow)


def _unit(x: np.ndarray) -> np.ndarray:
    rms = float(np.sqrt(np.mean(x ** 2))) if len(x) else 0.0
    return x / rms if rms > 0 else x


def _dishes(n: int, rate: int, rng: np.random.Generator) -> np.ndarray:
    """Dishes being washed, unit RMS: plates and cutlery knocking (heavier and lower than
    a café's cups: 500–4000 Hz, ringing 50–250 ms, fewer) and now and then a dull thud (a
    plate set down, a pan on the draining board)."""
    from bench_listening_heldout4 import clinks  # 16 kHz, as the turns bench

    knocks = clinks(n, rng, per_second=0.8, band=(500.0, 4000.0), ring_seconds=(0.05, 0.25))
    thuds = np.zeros(n)
    t = np.arange(round(0.08 * rate)) / rate
    for _ in range(rng.poisson(0.3 * n / rate)):
        at = int(rng.integers(0, n))
        end = min(n, at + len(t))
        thud = np.sin(2 * np.pi * rng.uniform(80.0, 160.0) * t) * np.exp(-t / 0.02)
        thuds[at:end] += rng.uniform(0.5, 1.0) * thud[:end - at]
    return _unit(np.sqrt(0.8) * _unit(knocks) + np.sqrt(0.2) * _unit(thuds))


def kitchen(n: int, rate: int, seed: int) -> np.ndarray:
    """Unit-RMS kitchen: the tap running and the dishes, mixed :data:`TAP_SHARE` to the rest."""
    rng = np.random.default_rng(seed)
    return _unit(np.sqrt(TAP_SHARE) * _tap(n, rate, rng)
                 + np.sqrt(1 - TAP_SHARE) * _dishes(n, rate, rng))


def add_kitchen_noise(pcm: bytes, snr: float, seed: int, rate: int) -> bytes:
    """``pcm`` with the kitchen ``snr`` dB below its speech (on average over the clip)."""
    from voicepiece.listening.room_noise import speech_rms

    level = speech_rms(pcm) / 10 ** (snr / 20)
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    x = x + level * kitchen(len(x), rate, seed)
    return np.clip(np.rint(x), -32768, 32767).astype("<i2").tobytes()

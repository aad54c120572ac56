"""The turns bench's eighth unseen set (v8): written BLIND — by a helper who tunes nothing,
who never opened v7's phrase table, while v7 had been seen — and committed before its first
run; only the lead runs it (``VOICEPIECE_BENCH_TURNS_SETS=unseen_v8``: it runs only when
named), and only its rates print.

Its measure is issue 13's item 6: hesitant answers with a 0.6–1.2 s pause inside are cut
off ≤ 5% of the time, and complete answers still end quickly. New in everything:

- voices no other set speaks: Kokoro hm_psi (a Hindi man), jf_alpha (a Japanese woman) and
  zf_xiaobei (a Mandarin Chinese woman) — other languages' voices saying English through
  the English phonemizer, with an accent — and espeak-ng's "edward" variant, slowly
  (150 words a minute), where the other espeak-ng voices of the turn sets are m3, m7, f3,
  f4, f5 and m6. Each was checked intelligible first: Whisper tiny.en wrote back 82–95%
  of the words of five neutral sentences in no set (``bench_turns_v8_check.py
  --intelligibility``); every voice is heard in ``--quick`` too;
- noise: **rain on a window, a clock ticking** (:func:`add_rain_noise`) — where the other
  turn sets have white, pink, brown, pink-with-hum noise, a reverberant room under a fan,
  street traffic or a kitchen — at 20 and 10 dB, its level the mean over the clip;
- pauses: 0.6, 0.8, 1.0 and 1.2 s inside each hesitant answer, in ``--quick`` too;
- the her piece's listening points: each answer is heard at the point it answers (yes/no
  points and the points with their own meanings), where the other sets hear everything at
  the first yes/no point;
- phrasings written fresh for this set (none in another set, the tests, the tuning data or
  the piece; tests/test_turns_v8.py guards it), each hesitant answer's kind named
  (``cut_off_by_kind``): ``hesitation`` — "well…", "um…", "so…", a lone "I…" (alone or
  two together), then the answer, often in the listener's own words; ``open clause`` — a
  pause inside a clause left open ("I think that…", "it's more like…", a subject waiting
  for its verb), then the rest; ``complete first clause`` — a whole answer, then after the
  pause more of it, which the issue's rule (a complete answer ends the turn quickly) cuts
  by design; and complete answers that should end quickly — on the point's list or its
  meanings, and open sentences that answer nothing on it (``end_delay_open_ms``).
"""

from __future__ import annotations

import numpy as np

V8_VOICES = ("kokoro:hm_psi", "kokoro:jf_alpha", "kokoro:zf_xiaobei", "espeak-ng:en+edward@150")
V8_NOISE = "rain+clock"
V8_GAPS = (0.6, 0.8, 1.0, 1.2)

HESITATION, OPEN_CLAUSE, GOES_ON = "hesitation", "open clause", "complete first clause"

_HESITANT: tuple[tuple[str, str, str, str], ...] = (
    # (point, kind, first part, the rest)
    ("she_listens", HESITATION, "well...", "she hears him better than anyone else does"),
    ("relationship", HESITATION, "um...", "yeah, I'd call it one"),
    ("true_love", HESITATION, "so...", "for him it was, I think"),
    ("norms", HESITATION, "I...", "I think they matter less every year"),
    ("constructs", HESITATION, "well, um...", "they can, yes, quite easily"),
    ("is_he_alone", HESITATION, "um...", "not while her voice is in his ear"),
    ("isolated", HESITATION, "so, uh...", "no, it needs someone else"),
    ("source", HESITATION, "I...", "I'd say from within"),
    ("combustion", HESITATION, "well...", "somewhere between the two of us"),
    ("friendship", HESITATION, "um...", "by turning the phone off and listening"),
    ("true_love", OPEN_CLAUSE, "I think that...", "it was real for both of them"),
    ("relationship", OPEN_CLAUSE, "it's more like...", "a diary that answers back"),
    ("norms", OPEN_CLAUSE, "the folks we grow up with...", "decide more than we admit, so yes"),
    ("she_listens", OPEN_CLAUSE, "what she gives him is...",
     "attention, and that's close to intimacy"),
    ("entangled", OPEN_CLAUSE, "I'd say it's...", "acceptable rather than true"),
    ("source", OPEN_CLAUSE, "it comes from...", "whoever looked after us as kids"),
    ("constructs", OPEN_CLAUSE, "things like class and...", "religion do keep people apart"),
    ("isolated", OPEN_CLAUSE, "it only works when...", "there's somebody on the other end"),
    ("relationship", GOES_ON, "No.", "well, a lopsided one perhaps"),
    ("true_love", GOES_ON, "Yes.", "at least while it lasted"),
    ("is_he_alone", GOES_ON, "He is.", "even if he doesn't feel it"),
    ("norms", GOES_ON, "Not really.", "except for the people who enforce them"),
    ("constructs", GOES_ON, "Definitely.", "money most of all"),
    ("she_listens", GOES_ON, "I doubt it.", "she's built to listen"),
)

_COMPLETE: tuple[tuple[str, str], ...] = (
    ("she_listens", "yes, I'd say it really is"),
    ("relationship", "no, not a proper one"),
    ("true_love", "I really can't make up my mind"),
    ("norms", "sadly, yes they do"),
    ("constructs", "yes, all the time"),
    ("is_he_alone", "he isn't alone, no"),
    ("isolated", "no, it takes two people"),
    ("source", "from within ourselves"),
    ("entangled", "neither, really"),
    ("combustion", "it lives between people"),
)

_OPEN: tuple[tuple[str, str], ...] = (
    ("true_love", "my sister cried when we watched it"),
    ("relationship", "I watched it on a long flight"),
    ("norms", "the music stayed with me for days"),
    ("combustion", "I need to feed the cat soon"),
    ("she_listens", "his moustache was distracting"),
    ("source", "my grandparents met at a dance"),
)

V8_HESITANT = tuple((first, rest) for _, _, first, rest in _HESITANT)
"""(first part, the rest) of hesitant answers: a pause of rain between them."""
V8_KINDS = tuple(kind for _, kind, _, _ in _HESITANT)
V8_COMPLETE = tuple(text for _, text in _COMPLETE)
"""Complete answers (the point's own answers, in words of their own), said in one go."""
V8_OPEN = tuple(text for _, text in _OPEN)
"""Complete sentences that answer nothing at their point."""
V8_POINTS = tuple(point for point, *_ in _HESITANT) + tuple(
    point for point, _ in _COMPLETE + _OPEN)
"""The listening point of each hesitant, complete and open answer, in that order."""

NEUTRAL = ("the bakery on the corner opens at seven",
           "my cousin repaired the old bicycle last spring",
           "we carried the boxes up three flights of stairs",
           "please leave the umbrella by the front door",
           "the river was colder than anyone expected")
"""Sentences in no set, for the voices' intelligibility check only."""

HISS_SHARE, DROP_SHARE, TICK_SHARE = 0.75, 0.2, 0.05
"""The rain's steady hiss, its drops on the glass and the clock's ticks: shares of the
noise's energy."""
DROPS_PER_SECOND = 40.0
GUST_DB = 3.0
"""How far the rain's level swells and falls (slowly, in gusts)."""
TICK_SECONDS = 1.0


def _unit(x: np.ndarray) -> np.ndarray:
    rms = float(np.sqrt(np.mean(x ** 2))) if x.size else 0.0
    return x / rms if rms > 0 else x


def _shaped(n: int, rate: int, rng: np.random.Generator, low_hz: float,
            high_hz: float) -> np.ndarray:
    """Unit-RMS pink noise band-limited to ``low_hz``–``high_hz`` (gentle slopes)."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / rate)
    spectrum /= np.sqrt(np.maximum(freqs, 20.0))
    spectrum *= 1 / (1 + (low_hz / np.maximum(freqs, 1.0)) ** 2) / (1 + (freqs / high_hz) ** 2)
    spectrum[0] = 0
    return _unit(np.fft.irfft(spectrum, n))


def rain(n: int, rate: int, seed: int) -> np.ndarray:
    """Unit-RMS rain on a window with a clock ticking in the room: a hiss (400 Hz–8 kHz)
    whose level swells and falls by ±``GUST_DB`` over seconds; drops striking the glass at
    random (a few ms of 1.5–6 kHz noise each, loud and soft); and the clock's tick and tock
    (short decaying tones, one a second, the tock lower)."""
    rng = np.random.default_rng(seed)
    t = np.arange(n) / rate
    gust = np.cumsum(rng.standard_normal(n // rate + 3))
    gust = (gust - gust.mean()) / (np.abs(gust - gust.mean()).max() or 1.0)
    hiss = _shaped(n, rate, rng, 400.0, 8000.0) * 10 ** (
        GUST_DB / 20 * np.interp(t, np.arange(gust.size), gust))
    hits = np.zeros(n)
    count = rng.poisson(DROPS_PER_SECOND * n / rate)
    hits[rng.integers(0, max(n, 1), count)] = rng.lognormal(0.0, 0.7, count)
    ring = rng.standard_normal(round(0.006 * rate)) * np.exp(-np.arange(round(0.006 * rate))
                                                              / (0.0015 * rate))
    drops = np.convolve(hits, ring)[:n]
    spectrum = np.fft.rfft(drops)
    freqs = np.fft.rfftfreq(n, 1 / rate)
    spectrum *= (freqs > 1500) * (freqs < 6000)
    drops = np.fft.irfft(spectrum, n)
    ticks = np.zeros(n)
    k = np.arange(round(0.02 * rate))
    for i, at in enumerate(np.arange(rng.uniform(0, TICK_SECONDS), n / rate, TICK_SECONDS)):
        tone = 3200.0 if i % 2 == 0 else 2500.0
        click = np.sin(2 * np.pi * tone * k / rate) * np.exp(-k / (0.003 * rate))
        start = round(at * rate)
        ticks[start:start + k.size] += click[: max(0, n - start)]
    return _unit(np.sqrt(HISS_SHARE) * _unit(hiss) + np.sqrt(DROP_SHARE) * _unit(drops)
                 + np.sqrt(TICK_SHARE) * _unit(ticks))


def add_rain_noise(pcm: bytes, snr: float, seed: int, rate: int) -> bytes:
    """``pcm`` with the rain and the clock ``snr`` dB below its speech (on average)."""
    from voicepiece.listening.room_noise import speech_rms

    level = speech_rms(pcm) / 10 ** (snr / 20)
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    x = x + level * rain(len(x), rate, seed)
    return np.clip(np.rint(x), -32768, 32767).astype("<i2").tobytes()

"""The turns bench's ninth unseen set (v9): written blind — by a helper who tunes nothing,
who never opened another set's phrase table, while v8 had been looked at three times — and
committed before its first run; run only when named (``VOICEPIECE_BENCH_TURNS_SETS=
unseen_v9``). Blind for its first three runs (only the lead ran it, only its rates
printed); **development data since issue 13's thirteenth pass**, split by voice before it
was looked at: the fit half :data:`FIT_VOICES` (choices are made on its misses), the held
half :data:`HELD_VOICES` (reported, never looked at item by item for a choice). Its cut-off
cases now print, and scripts/bench_turns_readings.py and bench_turns_patient_log.py log it.

Its measure is issue 13's item 6: hesitant answers with a 0.6–1.2 s pause inside are cut
off ≤ 5% of the time, and complete answers still end quickly. New in everything:

- voices no other set speaks: Kokoro jf_tebukuro (a Japanese woman), zf_xiaoyi (a Mandarin
  Chinese woman), zm_yunxia and zm_yunyang (Mandarin Chinese men) — other languages' voices
  saying English through the English phonemizer, with an accent — and one espeak-ng English
  variant no other set uses. Each was checked intelligible first (Whisper tiny.en writes
  back ≥ 80% of the words of five neutral sentences in no set: ``bench_turns_v9_check.py
  --intelligibility``); every voice is heard in ``--quick`` too;
- noise: **an office** (:func:`add_office_noise`): air-conditioning's steady low roar, a
  keyboard typed in bursts and a mouse clicked now and then — where the other turn sets
  have white, pink, brown, pink-with-hum noise, a reverberant room under a fan, street
  traffic, a kitchen or rain on a window — at 20 and 10 dB, its level the mean over the clip;
- pauses: 0.6, 0.8, 1.0 and 1.2 s inside each hesitant answer, in ``--quick`` too;
- the her piece's listening points: each answer is heard at the point it answers (the
  yes/no points and the points with their own meanings and open answers);
- phrasings written fresh for this set (none in another set, the tests, the tuning data,
  the docs or the piece, while it was blind), each hesitant answer's kind
  named (``cut_off_by_kind``): ``hesitation`` — "um…", "well…", "so…", "hmm…", "er…", a
  lone "I…" (alone or with another), then the answer, often in the listener's own words;
  ``open clause`` — the pause inside a clause left open (a subject or a modal waiting for
  its verb, a preposition or a verb waiting for its object, a conjunction, "I think
  that…"), then the rest; ``complete first clause`` — a whole answer, then after the pause
  more of it (which the issue's rule, a complete answer ends the turn quickly, cuts by
  design); complete answers that should end quickly, and open sentences that answer nothing
  at their point (``end_delay_open_ms``).
"""

from __future__ import annotations

import numpy as np

V9_VOICES = ("kokoro:jf_tebukuro", "kokoro:zf_xiaoyi", "kokoro:zm_yunxia", "kokoro:zm_yunyang",
             "espeak-ng:en+klatt3")
FIT_VOICES = ("kokoro:jf_tebukuro", "kokoro:zm_yunxia", "espeak-ng:en+klatt3")
HELD_VOICES = ("kokoro:zf_xiaoyi", "kokoro:zm_yunyang")
"""v9's halves since it became development data (every clip of a voice in one half)."""
V9_NOISE = "office"
V9_GAPS = (0.6, 0.8, 1.0, 1.2)

HESITATION, OPEN_CLAUSE, GOES_ON = "hesitation", "open clause", "complete first clause"

_HESITANT: tuple[tuple[str, str, str, str], ...] = (
    ("she_listens", HESITATION, "um", "yes, he's closer to her than to anyone he knows"),
    ("relationship", HESITATION, "well",
     "no, a voice in an earpiece can't share a life with him"),
    ("true_love", HESITATION, "so", "I'd say he truly loves her, yes"),
    ("friendship", HESITATION, "I", "I'd say by giving people your full attention when they talk"),
    ("source", HESITATION, "hmm", "mostly from the person we end up loving"),
    ("is_he_alone", HESITATION, "uh", "no, he has somebody now, even without a body"),
    ("norms", HESITATION, "well, um",
     "no, those expectations shouldn't decide what counts as love"),
    ("combustion", HESITATION, "so, I", "between the two of them, like two sparks meeting"),
    ("isolated", HESITATION, "er", "no, not only within one person, it spills over"),
    ("entangled", HESITATION, "I, um", "neither, where it starts doesn't change a thing"),
    ("constructs", OPEN_CLAUSE, "the rules people grow up with can",
     "stop them loving whoever they like, so yes"),
    ("friendship", OPEN_CLAUSE, "by putting", "our phones in a drawer for a whole evening"),
    ("source", OPEN_CLAUSE, "I think that", "it begins inside each one of us"),
    ("true_love", OPEN_CLAUSE, "what Theodore feels for her", "is real love, I'm sure of it"),
    ("combustion", OPEN_CLAUSE, "it only catches fire when",
     "two people actually reach one another"),
    ("is_he_alone", OPEN_CLAUSE, "he's still sitting in that flat with",
     "nobody but a computer, so yes, alone"),
    ("entangled", OPEN_CLAUSE, "if it's going to be true then where it comes from",
     "has to be part of the picture"),
    ("relationship", OPEN_CLAUSE, "they talk, they argue, and",
     "they make up again, so yes, I'd call it one"),
    ("norms", GOES_ON, "yes, they do", "folks still judge who you're allowed to fall for"),
    ("isolated", GOES_ON, "no, not solely", "it needs a second person to set it going"),
    ("friendship", GOES_ON, "slowing down", "switching the phone off at dinner, for a start"),
    ("she_listens", GOES_ON, "no", "she only hands back what he wants to hear"),
    ("constructs", GOES_ON, "maybe", "they certainly kept my grandparents apart for years"),
    ("combustion", GOES_ON, "between two", "it takes a second person to light the match"),
)
"""(point, kind, first part, the rest)."""

_COMPLETE: tuple[tuple[str, str], ...] = (
    ("she_listens", "yes, I'd say that's genuine closeness"),
    ("relationship", "no, she can't be a proper partner to him"),
    ("true_love", "no, he's infatuated, that's all"),
    ("norms", "yes, they shape who we let ourselves love"),
    ("constructs", "yes, rules like that can keep people apart"),
    ("is_he_alone", "yes, he's lonelier than he's ever been"),
    ("isolated", "no, it always involves somebody else"),
    ("friendship", "by turning up for people when things get hard"),
    ("source", "from the people who bring us up"),
    ("combustion", "between two people, every time"),
)
_OPEN: tuple[tuple[str, str], ...] = (
    ("she_listens", "my sister watched this film on a plane"),
    ("relationship", "I forgot to feed the cat this morning"),
    ("norms", "the trains were late again today"),
    ("source", "I've been thinking about my grandmother lately"),
    ("combustion", "the soundtrack was lovely"),
    ("is_he_alone", "I had tomato soup for lunch"),
)

V9_HESITANT = tuple((first, rest) for _, _, first, rest in _HESITANT)
"""(first part, the rest) of hesitant answers: a pause of office noise between them."""
V9_KINDS = tuple(kind for _, kind, _, _ in _HESITANT)
V9_COMPLETE = tuple(text for _, text in _COMPLETE)
"""Complete answers (the point's own answers, in words of their own), said in one go."""
V9_OPEN = tuple(text for _, text in _OPEN)
"""Complete sentences that answer nothing at their point."""
V9_POINTS = tuple(point for point, *_ in _HESITANT) + tuple(
    point for point, _ in _COMPLETE + _OPEN)
"""The listening point of each hesitant, complete and open answer, in that order."""

NEUTRAL = ("the library closes early on sundays",
           "she painted the fence a pale shade of green",
           "our neighbour keeps bees behind the garage",
           "the bus driver waved at the children",
           "he dropped his keys somewhere in the garden")
"""Sentences in no set, for the voices' intelligibility check only."""

AIR_SHARE, KEYS_SHARE, MOUSE_SHARE = 0.72, 0.25, 0.03
"""The air-conditioning's roar, the keyboard and the mouse: shares of the noise's energy."""
KEYS_PER_SECOND = 6.0
"""While someone types; bursts of 1.5–5 s, then 1–4 s of rest."""
FLUTTER_DB = 1.5
"""How far the air-conditioning's level wavers (a slow flutter of the fan)."""
MOUSE_PER_SECOND = 0.4


def _unit(x: np.ndarray) -> np.ndarray:
    rms = float(np.sqrt(np.mean(x ** 2))) if x.size else 0.0
    return x / rms if rms > 0 else x


def _band(x: np.ndarray, rate: int, low_hz: float, high_hz: float, pink: bool) -> np.ndarray:
    """``x`` band-limited to ``low_hz``–``high_hz`` (gentle slopes), tilted pink if asked."""
    n = x.size
    spectrum = np.fft.rfft(x)
    freqs = np.fft.rfftfreq(n, 1 / rate)
    if pink:
        spectrum /= np.sqrt(np.maximum(freqs, 20.0))
    spectrum *= 1 / (1 + (low_hz / np.maximum(freqs, 1.0)) ** 2) / (1 + (freqs / high_hz) ** 2)
    spectrum[0] = 0
    return np.fft.irfft(spectrum, n)


def _typing(n: int, rate: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Key strikes (impulses, loud and soft) in bursts, and the space bar's (fewer, louder)."""
    keys, space = np.zeros(n), np.zeros(n)
    at = rng.uniform(0.0, 2.0)
    while at < n / rate:
        burst_end = at + rng.uniform(1.5, 5.0)
        while at < min(burst_end, n / rate):
            i = round(at * rate)
            if i < n:
                (space if rng.random() < 0.15 else keys)[i] += rng.lognormal(0.0, 0.4)
            at += rng.gamma(4.0, 1 / (4.0 * KEYS_PER_SECOND))
        at += rng.uniform(1.0, 4.0)
    return keys, space


def office(n: int, rate: int, seed: int) -> np.ndarray:
    """Unit-RMS office noise: air-conditioning (pink, 50 Hz–2 kHz, its level wavering by
    ±``FLUTTER_DB`` over seconds), a keyboard typed in bursts (each key a few ms of click
    at 1.5–7 kHz over a 20 ms thud at 150–600 Hz; the space bar lower and louder) and a
    mouse clicked now and then (a sharp 2–5 kHz tick)."""
    rng = np.random.default_rng(seed)
    t = np.arange(n) / rate
    flutter = np.cumsum(rng.standard_normal(n // rate + 3))
    flutter = (flutter - flutter.mean()) / (np.abs(flutter - flutter.mean()).max() or 1.0)
    air = _unit(_band(rng.standard_normal(n), rate, 50.0, 2000.0, pink=True)) * 10 ** (
        FLUTTER_DB / 20 * np.interp(t, np.arange(flutter.size), flutter))
    keys, space = _typing(n, rate, rng)
    k = np.arange(round(0.02 * rate))
    click = rng.standard_normal(k.size) * np.exp(-k / (0.002 * rate))
    thud = rng.standard_normal(k.size) * np.exp(-k / (0.008 * rate))
    typed = (_band(np.convolve(keys, click)[:n], rate, 1500.0, 7000.0, pink=False)
             + 0.6 * _band(np.convolve(keys + 2.0 * space, thud)[:n], rate, 150.0, 600.0,
                           pink=False))
    ticks = np.zeros(n)
    count = rng.poisson(MOUSE_PER_SECOND * n / rate)
    ticks[rng.integers(0, max(n, 1), count)] = 1.0
    mouse = _band(np.convolve(ticks, click[: round(0.004 * rate)])[:n], rate, 2000.0, 5000.0,
                  pink=False)
    return _unit(np.sqrt(AIR_SHARE) * _unit(air) + np.sqrt(KEYS_SHARE) * _unit(typed)
                 + np.sqrt(MOUSE_SHARE) * _unit(mouse))


def add_office_noise(pcm: bytes, snr: float, seed: int, rate: int) -> bytes:
    """``pcm`` with the office ``snr`` dB below its speech (on average)."""
    from voicepiece.listening.room_noise import speech_rms

    level = speech_rms(pcm) / 10 ** (snr / 20)
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    x = x + level * office(len(x), rate, seed)
    return np.clip(np.rint(x), -32768, 32767).astype("<i2").tobytes()

"""The listening bench's seventh held-out set (v7): written for issue 13's fourteenth pass,
when v6 had been looked at in aggregate five times, so that the issue's accuracy goals can
be measured once more on conditions nobody has tuned on. Measured to report, never tuned
on; its individual misses are never printed. Written blind by a helper who writes no
listening rule, and committed before its first run.

- voices: five **Kokoro blends** (two kept voices' style vectors mixed,
  ``kokoro-mix:a*w+b*w``, :func:`bench_turns_v10.mix_speak`), each of voices that no
  listening set — development or blind — speaks, and none of them a blend of the turn set
  v10 (:data:`V7_VOICES`); each checked intelligible first
  (``bench_listening_heldout7_check.py --intelligibility``: Whisper tiny.en on five
  neutral sentences in no set; kept at >= 0.85 of the words written back);
- phrasings (scripts/bench_listening_heldout7_phrases.py): written fresh and blind, for
  every listening point of the her piece — plain, hedged, emphatic, in-between, doubting,
  long and non-native yes/no/unsure answers, the piece's own meanings in words other than
  its examples, questions back (``explain``), open answers (``open``) and off-list speech;
  tests/test_listening_heldout7.py checks that none is written in any other tracked file;
- noise: **a laundrette** (:func:`laundrette`) — washing machines' drums turning and
  sloshing, one machine's spin rising to a whine with its unbalanced thump, a tumble
  dryer's fan with clothes falling and a zip ticking against its drum, a fluorescent
  tube's buzz, a machine's end-of-cycle beeps and a porthole door shutting now and then —
  in a tiled room (0.45 s), the machines across it; at 20 and 10 dB. No other set hears
  one (v1 white noise, v2 babble, v3 a television, v4 a café, v5 a gallery, v6 a kitchen;
  the turn sets colours, a fan, traffic, a kitchen, rain, an office, a train).

Every item is heard in ``--quick`` too, at clean, 20 dB and 10 dB, item i said by voice
i mod len(V7_VOICES) at every level (unlike v3–v6, whose voices rotate: the levels differ
in the noise alone, and a third of the speech is synthesized — Kokoro blends take ~10 s a
phrase on the loaded machine). The speech is kept in the user cache
(synthetic speech only): ``python scripts/bench_listening_heldout7_check.py`` synthesizes
it ahead of a run and checks every clip, ``--labels`` checks the truths against the piece
(counts only), ``--run`` hears the set alone (figures only). ``VOICEPIECE_BENCH_V7=1``
puts the set in ``scripts/bench listening`` (it is out by default, as v6).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from bench_listening_blind import band, set_items
from bench_listening_clips import SAMPLE_RATE, Clip, Item
from bench_listening_heldout2 import kokoro_speak_kept
from bench_listening_heldout3 import impulse_response, room_sessions
from bench_listening_heldout4 import unit
from bench_listening_heldout7_phrases import ASIDES, MEANING_ANSWERS, OFF_LIST, YES_NO_ANSWERS
from bench_turns_v10 import MIX, mix_speak
from scipy.signal import fftconvolve

if TYPE_CHECKING:
    from voicepiece.story.model import Piece

V7_VOICES = (f"{MIX}am_onyx*0.5+bm_fable*0.5", f"{MIX}af_jessica*0.6+bf_alice*0.4",
             f"{MIX}af_nova*0.5+am_echo*0.5", f"{MIX}am_eric*0.6+af_kore*0.4",
             f"{MIX}am_fenrir*0.5+am_puck*0.5")
"""Blends of kept Kokoro voices that only the turn sets' development material speaks,
alone, and that no listening set speaks: an American and a British man; an American and
a British woman; a woman and a man (a voice between the two); a man with a woman's colour;
two American men."""
LEFT_OUT: tuple[str, ...] = ()
"""Checked for v7 and not intelligible enough: no set speaks them."""
V7_NOISE = ("a laundrette (washers turning, a spin cycle, a tumble dryer, a tube's buzz, "
            "beeps and doors) in a tiled 0.45 s room")
CACHE_FOLDER = "bench-v7-speech"

LAUNDRETTE_SECONDS = 30.0
LAUNDRETTE_SEED = 7717
RT60 = 0.45
"""Tiles, a glass front, steel machines."""
NOISE_DIRECT_TO_REVERB_DB = -3.0
"""The machines are across the room."""
DIRECT_TO_REVERB_DB = 6.0
"""The listener a metre from the microphone, on the bench by the window."""
SEED_BASE = 770000


# ── what is said ─────────────────────────────────────────────────────────────────────


def v7_items(piece: Piece) -> list[Item]:
    """Every item of the set, each at its point."""
    return set_items(piece, (*YES_NO_ANSWERS, *MEANING_ANSWERS, *ASIDES), OFF_LIST, 3)


def phrasings() -> list[str]:
    """Every phrasing of the set, as spoken."""
    return [*(t for _, t, _ in (*YES_NO_ANSWERS, *MEANING_ANSWERS, *ASIDES)), *OFF_LIST]


def spoken(text: str, voice: str) -> bytes:
    """``text`` said by one of :data:`V7_VOICES`, trimmed, kept in the user cache."""
    return kokoro_speak_kept(text, voice, CACHE_FOLDER, speak=mix_speak)


# ── where it is heard ────────────────────────────────────────────────────────────────


def washers(n: int, rng: np.random.Generator, machines: int = 3) -> np.ndarray:
    """Washing machines on their wash: each drum turns one way for 8–14 s, rests 2–4 s and
    turns back, the water sloshing as the clothes drop (a low swish once a turn, 0.9–1.3 s)
    over its motor's hum (a mains-locked 100 Hz and its harmonics). Unit RMS."""
    t = np.arange(n) / SAMPLE_RATE
    out = np.zeros(n)
    for _ in range(machines):
        turning = np.zeros(n)
        at = rng.uniform(-6.0, 0.0)
        while at < n / SAMPLE_RATE:
            a, b = max(0, round(at * SAMPLE_RATE)), min(n, round((at + rng.uniform(8, 14))
                                                                   * SAMPLE_RATE))
            turning[a:b] = 1.0 if a < b else 0.0
            at = b / SAMPLE_RATE + rng.uniform(2.0, 4.0)
        turning = np.convolve(turning, np.ones(3200) / 3200, mode="same")
        period = rng.uniform(0.9, 1.3)
        phase = (t / period + rng.uniform(0, 1)) % 1.0
        slosh = np.exp(-((phase - 0.4) ** 2) / 0.02) * unit(band(rng.standard_normal(n),
                                                                 150, 1800))
        hum = sum(a * np.sin(2 * np.pi * 100 * h * t + rng.uniform(0, 6.3))
                  for h, a in ((1, 1.0), (2, 0.5), (3, 0.3)))
        out += rng.uniform(0.6, 1.0) * turning * (slosh + 0.3 * hum)
    return unit(out)


def spin(n: int, rng: np.random.Generator) -> np.ndarray:
    """One machine's spin cycle: the drum's speed rising over 12 s from 2 to 16 turns a
    second and holding there — a whine at 40 times the drum's rate, a broad whoosh that
    grows with speed, and the thump of an unbalanced load once a turn. Unit RMS."""
    t = np.arange(n) / SAMPLE_RATE
    start = rng.uniform(0.0, 0.3) * n / SAMPLE_RATE
    rate = np.clip(2 + 14 * (t - start) / 12.0, 0.0, 16.0) * (t >= start)
    phase = 2 * np.pi * np.cumsum(rate) / SAMPLE_RATE
    speed = rate / 16.0
    whine = np.sin(40 * phase) * speed ** 2
    whoosh = band(rng.standard_normal(n), 300, 4000) * speed
    thump = band(np.maximum(np.sin(phase), 0) ** 8, 30, 200) * speed
    return unit(0.35 * unit(whine) + 0.35 * unit(whoosh) + 0.3 * unit(thump))


def dryer(n: int, rng: np.random.Generator) -> np.ndarray:
    """A tumble dryer: its fan's steady roar (200 Hz – 2 kHz), the clothes falling with a
    soft thud once a turn (0.8 s), and a zip or a button ticking against the steel drum
    a few times a turn (short bright clicks, 2–6 kHz). Unit RMS."""
    roar = unit(band(rng.standard_normal(n), 200, 2000))
    thuds = np.zeros(n)
    ticks = np.zeros(n)
    tick = band(rng.standard_normal(round(0.006 * SAMPLE_RATE)), 2000, 6000)
    tick *= np.exp(-np.arange(len(tick)) / (0.0015 * SAMPLE_RATE))
    thud_t = np.arange(round(0.12 * SAMPLE_RATE)) / SAMPLE_RATE
    thud = np.sin(2 * np.pi * rng.uniform(60, 90) * thud_t) * np.exp(-thud_t / 0.04)
    at = rng.uniform(0.0, 0.8)
    while at < n / SAMPLE_RATE:
        a = round(at * SAMPLE_RATE)
        m = min(len(thud), n - a)
        thuds[a:a + m] += rng.uniform(0.5, 1.0) * thud[:m]
        for _ in range(int(rng.integers(1, 4))):
            b = a + round(rng.uniform(0.0, 0.8) * SAMPLE_RATE)
            if b + len(tick) < n:
                ticks[b:b + len(tick)] += rng.uniform(0.4, 1.0) * tick
        at += rng.uniform(0.75, 0.85)
    return unit(0.6 * roar + 0.25 * unit(thuds) + 0.15 * unit(ticks))


def fixtures(n: int, rng: np.random.Generator) -> np.ndarray:
    """The room's fixtures: a fluorescent tube's buzz (100 Hz rich in harmonics), a
    machine's end-of-cycle beeps (three 2.7 kHz beeps) and a porthole door shut (a dull
    clunk) now and then. Not normalized: the buzz at unit RMS, the rest above it."""
    t = np.arange(n) / SAMPLE_RATE
    buzz = unit(np.sign(np.sin(2 * np.pi * 100 * t)) * 0.3 + band(
        rng.standard_normal(n), 95, 105))
    events = np.zeros(n)
    beep_t = np.arange(round(0.18 * SAMPLE_RATE)) / SAMPLE_RATE
    clunk_t = np.arange(round(0.25 * SAMPLE_RATE)) / SAMPLE_RATE
    for _ in range(rng.poisson(n / SAMPLE_RATE / 7)):
        at = round(rng.uniform(0.0, n / SAMPLE_RATE - 1.5) * SAMPLE_RATE)
        if rng.random() < 0.5:
            for k in range(3):
                a = at + round(k * 0.4 * SAMPLE_RATE)
                events[a:a + len(beep_t)] += 3.0 * np.sin(2 * np.pi * 2700 * beep_t)
        else:
            x = (np.sin(2 * np.pi * rng.uniform(70, 120) * clunk_t)
                 + 0.5 * band(rng.standard_normal(len(clunk_t)), 300, 3000))
            events[at:at + len(clunk_t)] += 6.0 * x * np.exp(-clunk_t / 0.05)
    return buzz + events


def laundrette(seed: int = LAUNDRETTE_SEED) -> np.ndarray:
    """:data:`LAUNDRETTE_SECONDS` of the laundrette as the microphone hears it, unit RMS:
    the washers at 35% of the energy, the dryer at 25%, the spin cycle at 25%, the
    fixtures at 15% — each in the tiled room's reverberation, from across it."""
    gen = np.random.default_rng(seed)
    n = round(LAUNDRETTE_SECONDS * SAMPLE_RATE)
    parts = ((0.35, washers(n, gen)), (0.25, dryer(n, gen)), (0.25, spin(n, gen)),
             (0.15, fixtures(n, gen)))
    mix = np.zeros(n)
    for k, (share, x) in enumerate(parts):
        room = impulse_response(seed + 10 + k, RT60, NOISE_DIRECT_TO_REVERB_DB)
        mix += np.sqrt(share) * unit(fftconvolve(unit(x), room)[:n])
    return unit(mix)


def v7_clips(items: Sequence[Item]) -> list[list[Clip]]:
    """Every item at every noise level, each in one voice, in the laundrette (its noise
    at 20 and 10 dB); one session per (noise level, voice)."""
    return room_sessions(items, V7_VOICES, spoken, laundrette(), SEED_BASE, RT60,
                         DIRECT_TO_REVERB_DB, rotate=False)

"""The turns bench's tenth unseen set (v10): written BLIND — by a helper who tunes nothing
and never opened the turn rules nor the tuning sets' phrase tables, while v9 was being
spent as development data — and committed before its first run; only the lead runs it
(``VOICEPIECE_BENCH_TURNS_SETS=unseen_v10``: it runs only when named), and only its rates
print.

Its measure is issue 13's item 6: hesitant answers with a 0.6–1.2 s pause inside are cut
off ≤ 5% of the time, and complete answers still end quickly. New in everything:

- voices no other set speaks: five **Kokoro blends**, each a weighted mix of two kept
  voices' style vectors (:func:`mix_speak`), a timbre no single voice has: an American
  and a British woman, a British and an American man, an American woman and a Mandarin
  Chinese one, an American man and a Japanese one (the last two with an accent), an
  American woman and a British man (a voice between the two). Each was checked
  intelligible first (Whisper tiny.en writes back ≥ 80% of the words of five neutral
  sentences in no set: ``bench_turns_v10_check.py --intelligibility``); every voice is
  heard in ``--quick`` too. (espeak-ng's unused English variants were tried and dropped:
  Whisper wrote back 16–72% of their words);
- spread over voices (``Split.spread``): each answer is said by two of the five voices,
  in turn, rather than by all of them, so one run costs about half of v9's;
- noise: **a train carriage** (:func:`add_train_noise`): the bogies' low rumble swaying,
  the wheels' roar on the rail, the da-dum of rail joints, a ventilation hiss and now
  and then a flange squeal — where the other turn sets have white, pink, brown,
  pink-with-hum noise, a reverberant room under a fan, street traffic, a kitchen, rain on
  a window or an office — at 20 and 10 dB, its level the mean over the clip;
- pauses: 0.6, 0.8, 1.0 and 1.2 s inside each hesitant answer, in ``--quick`` too;
- the her piece's listening points: each answer is heard at the point it answers;
- phrasings written fresh for this set (tests/test_turns_v10.py guards it), each
  hesitant answer's kind named (``cut_off_by_kind``): ``hesitation`` — fillers, some
  trailing off ("I mean…", "you know…", "like…", "hmm, let me think…", a restart "I… I…",
  a drawn-out "so…"), then the answer; ``open clause`` — the pause inside a clause left
  open (a long subject, "the thing is…", "what I'd say is…", a comparison, a relative
  clause, "if…", "not because…"), then the rest; ``complete first clause`` — a whole
  answer, then after the pause more of it (which the issue's rule cuts by design);
  complete answers that should end quickly, and open sentences that answer nothing at
  their point (``end_delay_open_ms``).
"""

from __future__ import annotations

import numpy as np

MIX = "kokoro-mix:"
"""A blended Kokoro voice: ``kokoro-mix:VOICE*WEIGHT+VOICE*WEIGHT`` (weights summing to 1)."""
V10_VOICES = (f"{MIX}af_bella*0.5+bf_lily*0.5", f"{MIX}bm_daniel*0.5+am_liam*0.5",
              f"{MIX}af_river*0.6+zf_xiaoni*0.4", f"{MIX}am_adam*0.6+jm_kumo*0.4",
              f"{MIX}af_sky*0.5+bm_lewis*0.5")
V10_NOISE = "train"
V10_GAPS = (0.6, 0.8, 1.0, 1.2)
V10_SPREAD = 2
"""Each answer is said by this many of the voices (answer i by voices i, i + 1, …)."""

HESITATION, OPEN_CLAUSE, GOES_ON = "hesitation", "open clause", "complete first clause"

_HESITANT: tuple[tuple[str, str, str, str], ...] = (
    ("she_listens", HESITATION, "I mean...",
     "she notices things about him nobody else does, so yeah, it is"),
    ("relationship", HESITATION, "you know...",
     "they've got their own jokes and their own fights, it counts as real to me"),
    ("true_love", HESITATION, "hmm, let me think...",
     "I'm leaning to a yes, he's properly smitten with her"),
    ("friendship", HESITATION, "like...", "actually ringing somebody up instead of texting"),
    ("source", HESITATION, "I... I",
     "reckon it grows out of ourselves first, before anyone else turns up"),
    ("is_he_alone", HESITATION, "so...",
     "he's got company of a sort, but he's still on his own really"),
    ("entangled", HESITATION, "hmm, I dunno",
     "I'd say the origin has nothing to do with whether it's genuine"),
    ("norms", HESITATION, "erm, well",
     "what the neighbours think has no bearing on what love actually is"),
    ("isolated", HESITATION, "uh, like",
     "it can't just sit inside a single person, it reaches out"),
    ("combustion", HESITATION, "oh gosh...",
     "somewhere in the space between two people, I suppose"),
    ("true_love", OPEN_CLAUSE, "the way his whole face lights up whenever her voice comes on",
     "tells me it's the real thing"),
    ("relationship", OPEN_CLAUSE, "the thing is",
     "she's chatting to hundreds of other people at once, so no"),
    ("source", OPEN_CLAUSE, "what I'd honestly say is",
     "it comes from whoever we happen to bump into"),
    ("isolated", OPEN_CLAUSE, "it takes a lot more than",
     "one lonely heart to make it happen, so no"),
    ("combustion", OPEN_CLAUSE, "it's in the person who", "does the loving, nothing more"),
    ("constructs", OPEN_CLAUSE, "if your whole village frowns on",
     "the person you fancy, you might well give up, so yes"),
    ("norms", OPEN_CLAUSE, "they do matter, not because",
     "love itself shifts, but because people hide it to fit in"),
    ("entangled", OPEN_CLAUSE, "whether it's true or not depends on",
     "the pair of them, never on where it started"),
    ("she_listens", OPEN_CLAUSE, "anyone who listens to you that closely is",
     "being intimate with you, I'd say"),
    ("friendship", OPEN_CLAUSE, "by making time for the mates we",
     "keep promising to call back and never do"),
    ("is_he_alone", OPEN_CLAUSE, "he's a lot less lonely than",
     "he was before he switched her on"),
    ("source", GOES_ON, "from somebody else",
     "a parent, a partner, even a stranger on a bus"),
    ("true_love", GOES_ON, "nah, I don't reckon it is",
     "it's more that he's hooked on being understood"),
    ("constructs", GOES_ON, "yes, definitely",
     "my aunt never wed the man she wanted because of her church"),
    ("is_he_alone", GOES_ON, "yeah",
     "there's nobody there when he wakes up at three in the morning"),
    ("entangled", GOES_ON, "it makes no odds at all",
     "love is love whichever way it arrives"),
    ("isolated", GOES_ON, "nope", "you can't love anybody in a vacuum"),
    ("friendship", GOES_ON, "by listening properly",
     "without sneaking a look at your phone halfway through"),
)
"""(point, kind, first part, the rest)."""

_COMPLETE: tuple[tuple[str, str], ...] = (
    ("she_listens", "no, she's a program doing what it was built for"),
    ("relationship", "yes, in its own odd way it is"),
    ("true_love", "yes, he genuinely adores her"),
    ("source", "it starts somewhere deep in ourselves"),
    ("entangled", "no, the source doesn't make it any truer"),
    ("norms", "no, love stays love whoever it's with"),
    ("constructs", "no, love always finds a way round them"),
    ("is_he_alone", "no, she keeps him company all day long"),
    ("isolated", "yes, one person can love all on their own"),
    ("combustion", "it needs two people, always"),
    ("friendship", "by spending proper time together face to face"),
    ("she_listens", "yes, it's closeness of a kind"),
)
_OPEN: tuple[tuple[str, str], ...] = (
    ("friendship", "my flatmate left the heating on all weekend"),
    ("true_love", "we saw it at the little cinema by the canal"),
    ("entangled", "I need to catch the last bus at eleven"),
    ("constructs", "my phone is almost out of battery"),
    ("isolated", "there's a dog barking outside the window"),
    ("relationship", "I bought a new kettle on Saturday"),
)

V10_HESITANT = tuple((first, rest) for _, _, first, rest in _HESITANT)
"""(first part, the rest) of hesitant answers: a pause of the train's noise between them."""
V10_KINDS = tuple(kind for _, kind, _, _ in _HESITANT)
V10_COMPLETE = tuple(text for _, text in _COMPLETE)
"""Complete answers (the point's own answers, in words of their own), said in one go."""
V10_OPEN = tuple(text for _, text in _OPEN)
"""Complete sentences that answer nothing at their point."""
V10_POINTS = tuple(point for point, *_ in _HESITANT) + tuple(
    point for point, _ in _COMPLETE + _OPEN)
"""The listening point of each hesitant, complete and open answer, in that order."""

NEUTRAL = ("the baker sold out of rye bread by noon",
           "a heron stood quite still at the edge of the pond",
           "my cousin repairs old bicycles in his shed",
           "the ferry leaves the harbour twice a day",
           "we planted tulips along the front path")
"""Sentences in no set, for the voices' intelligibility check only."""


def mix_parts(voice: str) -> list[tuple[str, float]]:
    """The (Kokoro voice, weight) pairs of a blended voice ``kokoro-mix:a*0.6+b*0.4``."""
    parts = []
    for part in voice.removeprefix(MIX).split("+"):
        name, _, weight = part.partition("*")
        parts.append((name, float(weight or 1.0)))
    total = sum(w for _, w in parts)
    if not parts or abs(total - 1.0) > 1e-6:
        raise ValueError(f"a blended voice's weights must sum to 1, not {total:g}: {voice}")
    return parts


def mix_speak(text: str, voice: str) -> bytes:
    """``text`` said by a blended Kokoro voice, as 16 kHz mono s16: the style vectors the
    model is conditioned on are the weighted mean of the voices' (per phoneme count, as
    each voice's are), phonemized in the first voice's English (American or British)."""
    from voicepiece.voices import kokoro

    parts = mix_parts(voice)
    vectors = sum(w * kokoro.style(name) for name, w in parts).astype(np.float32)
    spoken = kokoro.phonemes(text, parts[0][0])
    samples, _ = kokoro.engine().create(spoken, voice=vectors, speed=1.0, is_phonemes=True)
    return kokoro.to_segment(samples).set_frame_rate(16000).raw_data


RUMBLE_SHARE, ROAR_SHARE, JOINT_SHARE, HISS_SHARE, SQUEAL_SHARE = 0.45, 0.3, 0.16, 0.07, 0.02
"""The bogies' rumble, the wheels' roar, the rail joints, the ventilation, the squeal:
shares of the noise's energy."""
JOINT_EVERY = 1.15
"""Seconds between rail joints (a 25 m rail at ~80 km/h), each struck by a bogie's two
axles 0.11 s apart: the carriage's da-dum."""
SWAY_DB = 2.0
"""How far the rumble's level sways (the carriage rocking, the track changing)."""
SQUEALS_PER_SECOND = 0.06


def _unit(x: np.ndarray) -> np.ndarray:
    rms = float(np.sqrt(np.mean(x ** 2))) if x.size else 0.0
    return x / rms if rms > 0 else x


def _band(x: np.ndarray, rate: int, low_hz: float, high_hz: float, tilt: float) -> np.ndarray:
    """``x`` band-limited to ``low_hz``–``high_hz`` (gentle slopes), its spectrum tilted by
    ``f ** -tilt`` (0: white, 0.5: pink, 1: brown)."""
    n = x.size
    spectrum = np.fft.rfft(x)
    freqs = np.fft.rfftfreq(n, 1 / rate)
    spectrum *= np.maximum(freqs, 20.0) ** -tilt
    spectrum *= 1 / (1 + (low_hz / np.maximum(freqs, 1.0)) ** 2) / (1 + (freqs / high_hz) ** 2)
    spectrum[0] = 0
    return np.fft.irfft(spectrum, n)


def _sway(n: int, rate: int, rng: np.random.Generator, db: float) -> np.ndarray:
    """A gain wavering by ±``db`` over seconds (a smoothed random walk)."""
    walk = np.cumsum(rng.standard_normal(n // rate + 3))
    walk = (walk - walk.mean()) / (np.abs(walk - walk.mean()).max() or 1.0)
    return 10 ** (db / 20 * np.interp(np.arange(n) / rate, np.arange(walk.size), walk))


def _joints(n: int, rate: int, rng: np.random.Generator) -> np.ndarray:
    """The rail joints: two thumps 0.11 s apart every ``JOINT_EVERY`` s (±6%), each a 40 ms
    burst at 60–900 Hz, the second a little softer."""
    strikes = np.zeros(n)
    at = rng.uniform(0.0, JOINT_EVERY)
    while at < n / rate:
        for delay, gain in ((0.0, 1.0), (0.11, 0.8)):
            i = round((at + delay) * rate)
            if i < n:
                strikes[i] += gain * rng.lognormal(0.0, 0.25)
        at += JOINT_EVERY * rng.uniform(0.94, 1.06)
    k = np.arange(round(0.04 * rate))
    thump = rng.standard_normal(k.size) * np.exp(-k / (0.012 * rate))
    return _band(np.convolve(strikes, thump)[:n], rate, 60.0, 900.0, tilt=0.0)


def _squeals(n: int, rate: int, rng: np.random.Generator) -> np.ndarray:
    """A flange squeal now and then: a 2–3.5 kHz tone with a wobble, 0.4–1.5 s, faded."""
    out = np.zeros(n)
    for _ in range(rng.poisson(SQUEALS_PER_SECOND * n / rate)):
        length = round(rng.uniform(0.4, 1.5) * rate)
        start = int(rng.integers(0, max(n - length, 1)))
        t = np.arange(min(length, n - start)) / rate
        pitch = rng.uniform(2000.0, 3500.0) * (1 + 0.01 * np.sin(2 * np.pi * 6.0 * t))
        out[start:start + t.size] += np.sin(2 * np.pi * np.cumsum(pitch) / rate) * np.sin(
            np.pi * t / (t[-1] if t.size > 1 else 1.0))
    return out


def train(n: int, rate: int, seed: int) -> np.ndarray:
    """Unit-RMS noise inside a train carriage: the bogies' rumble (brown, 20–250 Hz,
    swaying by ±``SWAY_DB``), the wheels' roar on the rail (pink, 250–2,500 Hz), the rail
    joints' da-dum, a ventilation hiss (white, 2–7 kHz) and a rare flange squeal."""
    rng = np.random.default_rng(seed)
    rumble = _unit(_band(rng.standard_normal(n), rate, 20.0, 250.0, tilt=1.0)) * _sway(
        n, rate, rng, SWAY_DB)
    roar = _band(rng.standard_normal(n), rate, 250.0, 2500.0, tilt=0.5) * _sway(
        n, rate, rng, SWAY_DB / 2)
    hiss = _band(rng.standard_normal(n), rate, 2000.0, 7000.0, tilt=0.0)
    squeal = _squeals(n, rate, rng)
    mix = (np.sqrt(RUMBLE_SHARE) * _unit(rumble) + np.sqrt(ROAR_SHARE) * _unit(roar)
           + np.sqrt(JOINT_SHARE) * _unit(_joints(n, rate, rng))
           + np.sqrt(HISS_SHARE) * _unit(hiss))
    if squeal.any():
        mix += np.sqrt(SQUEAL_SHARE) * _unit(squeal)
    return _unit(mix)


def add_train_noise(pcm: bytes, snr: float, seed: int, rate: int) -> bytes:
    """``pcm`` with the train carriage ``snr`` dB below its speech (on average)."""
    from voicepiece.listening.room_noise import speech_rms

    level = speech_rms(pcm) / 10 ** (snr / 20)
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    x = x + level * train(len(x), rate, seed)
    return np.clip(np.rint(x), -32768, 32767).astype("<i2").tobytes()

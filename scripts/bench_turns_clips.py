"""The turns bench's answers: who says what, with which pause, in which noise.

Sets, each reported apart:

- TUNING: the voices and phrasings every setting of the turn judgement was chosen on
  (the hesitation silence, the hesitation grammar, the reading of Whisper's words), and
  OPENERS, the same voices saying openers ("I mean… no", "you know… maybe");
- SEEN: held out when the hesitation rule was tuned, but its figures then chose between
  judgements (Smart Turn was left out on them), so no longer unseen;
- UNSEEN: voices (two espeak-ng accents no other set uses, and a slow one), phrasings and
  noise (white, where the others have pink) never used for any choice — written for the
  open transcript's judgement before it was measured — then seen in diagnosis (what it
  cut showed the openers the rule lacked), so unseen no longer;
- UNSEEN_V3 (scripts/bench_turns_v3.py): Kokoro voices, brown noise and phrasings with
  openers written before the openers were taught, measured before and after; seen since
  (with the Kokoro tuning voices it chose the hesitation silence), so its misses print.
- UNSEEN_V4 (scripts/bench_turns_v4.py): three more Kokoro voices, pink noise with mains
  hum and fresh phrasings, written before the hesitation silence was chosen on Kokoro
  tuning voices, measured before and after; seen since (its rates chose the next rule).
- UNSEEN_V5 (scripts/bench_turns_v5.py): four more Kokoro voices, a reverberant room with
  a ventilation roar, fresh phrasings with open sentences among the complete answers,
  written before the rule for short turns answering nothing was chosen; measured before
  and after, seen since.
- UNSEEN_V6 (scripts/bench_turns_v6.py): two more Kokoro voices, street traffic through a
  window, fresh phrasings in v5's mix of kinds; written before this round's rules, never
  tuned on.
- UNSEEN_V7 (scripts/bench_turns_v7.py): four more Kokoro voices (three accented), a
  kitchen (a tap running, dishes), fresh hesitant and complete answers; written blind while
  this round's rules were tuned, never tuned on.
- UNSEEN_V8 (scripts/bench_turns_v8.py): four voices no other set speaks (three Kokoro
  voices, one espeak-ng), rain on a window and a clock, each answer at its own
  listening point, its hesitant answers' kinds named; written blind (never tuned on, only
  its rates print) and run only when named (``VOICEPIECE_BENCH_TURNS_SETS=unseen_v8``).
- UNSEEN_V9 (scripts/bench_turns_v9.py): v8's kind, fresh, in an office; named only; development.
- UNSEEN_V10 (scripts/bench_turns_v10.py): v9's kind, fresh, in a train carriage, blended
  Kokoro voices, each answer said by two of five voices; blind, named only.

Each spoken part is cut to the speech the voice detector hears in it (:func:`speech_of`),
so the pause put between two parts is the pause the endpointer meets: the engines' quiet
lead-in and tail (bm_fable's hiss, up to 0.4 s) would otherwise lengthen it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import bench_turns_v9 as v9
import bench_turns_v10 as v10
from bench_listening_clips import trim
from bench_turns_noises import add_set_noise
from bench_turns_tuning_open import (
    OPEN_CLAUSE_COMPLETE,
    OPEN_CLAUSE_GAPS,
    OPEN_CLAUSE_HESITANT,
    OPEN_CLAUSE_KINDS,
    OPEN_CLAUSE_OPEN,
    OPEN_CLAUSE_POINTS,
    OPEN_CLAUSE_VOICES,
)
from bench_turns_tuning_patient import split_of as patient_split
from bench_turns_tuning_unfinished import split_of as unfinished_split
from bench_turns_v3 import V3_COMPLETE, V3_GAPS, V3_HESITANT, V3_NOISE, V3_VOICES
from bench_turns_v4 import V4_COMPLETE, V4_GAPS, V4_HESITANT, V4_NOISE, V4_VOICES
from bench_turns_v5 import V5_COMPLETE, V5_GAPS, V5_HESITANT, V5_NOISE, V5_OPEN, V5_VOICES
from bench_turns_v6 import V6_COMPLETE, V6_GAPS, V6_HESITANT, V6_NOISE, V6_OPEN, V6_VOICES
from bench_turns_v7 import V7_COMPLETE, V7_GAPS, V7_HESITANT, V7_KINDS, V7_NOISE, V7_OPEN, V7_VOICES
from bench_turns_v8 import (
    V8_COMPLETE,
    V8_GAPS,
    V8_HESITANT,
    V8_KINDS,
    V8_NOISE,
    V8_OPEN,
    V8_POINTS,
    V8_VOICES,
)

from voicepiece.listening import listener_voices as lv
from voicepiece.listening.base import FRAME_SAMPLES

RATE = 16000
GAPS = (0.6, 0.8, 1.0, 1.2)
SNRS = (20.0, 10.0)
LEAD = 0.4
TAIL = 3.0


@dataclass(frozen=True)
class Split:
    voices: tuple[str, ...]
    hesitant: tuple[tuple[str, str], ...]
    complete: tuple[str, ...]
    color: str = "pink"
    gaps: tuple[float, ...] | None = None
    """The pauses, the same in ``--quick``; None: :data:`GAPS` (three of them quick)."""
    every_voice: bool = False
    """Every voice in ``--quick`` too (else the first two)."""
    blind: bool = False
    """Its misses are never printed nor written (only the rates): nobody tunes on them."""
    open: tuple[str, ...] = ()
    """Complete sentences that answer nothing on the point's list: their end delay is
    reported apart too (``end_delay_open_ms``)."""
    kinds: tuple[str, ...] = ()
    """The kind of each of ``hesitant`` (in order), where a set names them: its cut-off
    rate is reported by kind too (``cut_off_by_kind``)."""
    points: tuple[str, ...] = ()
    """The her piece's listening point of each of ``hesitant``, then of each of
    ``complete`` and ``open`` (in order), where a set names them; else every answer is
    heard at the piece's first yes/no point."""
    named_only: bool = False
    """Run only when ``VOICEPIECE_BENCH_TURNS_SETS`` names it (a blind set only the lead runs)."""
    spread: int = 0
    """Each answer said by this many of the voices, in turn (:meth:`says`); 0: by all."""
    kept: str = ""
    """The user-cache folder its speech is kept in (synthetic speech only), where a set has
    one: its check synthesizes it once, and the bench's runs then skip Kokoro's minutes."""

    def __post_init__(self) -> None:
        if self.kinds and len(self.kinds) != len(self.hesitant):
            raise ValueError(f"{len(self.kinds)} kinds for {len(self.hesitant)} hesitant answers")
        answers = len(self.hesitant) + len(self.complete) + len(self.open)
        if self.points and len(self.points) != answers:
            raise ValueError(f"{len(self.points)} points for {answers} answers")

    def says(self, voice: int, answer: int, voices: int) -> bool:
        """Whether the ``voice``-th of ``voices`` voices says answer ``answer`` (counted over
        hesitant, complete and open answers): answer i is said by voices i, i + 1, …."""
        return not self.spread or (voice - answer) % voices < self.spread


TUNING = Split(
    voices=("flite:slt", "espeak-ng:en-gb+m3", "flite:rms"),
    hesitant=(("well", "yes"), ("um", "I think so"), ("I", "I don't know"), ("so", "maybe"),
              ("well", "not really"), ("um", "no"), ("I don't", "think so"),
              ("uh", "yes I do")),
    complete=("yes", "no", "I think so", "I don't know", "maybe", "not really",
              "yes I do", "well yes"),
)
OPENERS = Split(
    voices=TUNING.voices,
    hesitant=(("I mean", "no"), ("you know", "maybe"), ("let me think", "not really"),
              ("let's see", "yes"), ("okay so", "I think so"), ("to be honest", "no"),
              ("actually", "yes I do"), ("hmm let me see", "I don't know"), ("I think", "yes"),
              ("well you know", "no")),
    complete=("I mean no", "actually yes", "to be honest I don't know", "okay yes",
              "you know I think so", "no I don't know"),
)
"""Tuning too: openers, words that begin a turn without answering — written when the
first unseen set had shown them cut (so they are the tuning side of what v3 measures)."""
KOKORO = Split(
    voices=("kokoro:am_michael", "kokoro:af_sarah"),
    hesitant=tuple((f"{first}...", rest) for first, rest in TUNING.hesitant + OPENERS.hesitant),
    complete=TUNING.complete + OPENERS.complete,
)
"""Tuning too: the same phrasings said by two of the ear's development (tuning) Kokoro
voices, trailing off ("well..."), as natural voices do: the detector sees their pauses
as long as they are, where it sees espeak-ng's and flite's ~0.1 s shorter."""
BEGINNINGS = Split(
    voices=("kokoro:bf_isabella", "kokoro:bm_george", "kokoro:af_sarah", "kokoro:am_michael"),
    hesitant=(("the first thing that comes to mind is...", "yes"),
              ("what I would want to say is...", "no"),
              ("if I think about it...", "I guess not"),
              ("when you put it like that...", "maybe"),
              ("to be perfectly honest with you...", "yes, I do"),
              ("the more I think about it...", "no, not really"),
              ("seriously...", "yes"), ("gosh...", "I don't know"),
              ("well, in some ways...", "yes"), ("no, because...", "it wasn't real"),
              ("yes, and...", "I think she knew"), ("I guess, if...", "you look at it that way")),
    complete=("yes, I do", "no, not really", "I guess not", "maybe", "I don't know"),
    open=("I need to buy milk", "I loved her", "the cat is asleep on the sofa",
          "the film was too long", "I was thinking about my brother", "we watched it twice",
          "it is raining outside",
          "I have never been to Los Angeles"),
    gaps=(0.6, 0.9, 1.2), every_voice=True,
)
"""Tuning too, for the reading of transcripts that answer nothing: beginnings of three
words or more, unlisted one-word openers, answers trailing off on a conjunction, and open
sentences (whose end delay a patient rule costs), said by the ear's four development
(tuning) Kokoro voices."""
ROOM = Split(
    voices=("kokoro:af_sarah", "kokoro:am_michael"),
    hesitant=BEGINNINGS.hesitant, complete=BEGINNINGS.complete, open=BEGINNINGS.open,
    color="room+fan", gaps=(0.6, 0.9, 1.2), every_voice=True,
)
"""Tuning too: the beginnings said by two development voices in v5's kind of room (a
reverberant room under a fan), to see what the reverberation does to the reading."""
LOW_GRADE = Split(
    voices=("kokoro:af_jessica", "kokoro:am_echo"),
    hesitant=(("what I keep coming back to is...", "yes"),
              ("the honest answer would be...", "no"),
              ("as far as I can tell...", "she did love him"),
              ("my first reaction was...", "no"),
              ("the funny thing is...", "I think she did"),
              ("speaking for myself...", "not usually"),
              ("ooh...", "I'd say yes"), ("seriously though...", "no"),
              ("errr...", "kind of"), ("uh, um...", "yes"),
              ("yes, but only if...", "she means it"),
              ("no, because honestly...", "it felt fake"),
              ("maybe, although...", "I'm not sure"),
              ("I think so, as long as...", "nobody gets hurt")),
    complete=("I'd say yes", "not usually", "kind of", "I think she did", "no"),
    open=("my phone died on the train", "I made pancakes this morning",
          "the neighbours were loud again", "I went swimming yesterday",
          "my brother lives in Leeds"),
    color="room+fan", gaps=(0.6, 0.9, 1.2), every_voice=True,
)
"""Tuning too (issue 13, sixth pass): two low-grade Kokoro voices (D, like most unseen
voices), in v5's kind of room, saying phrasings of v5's and v6's kinds written for tuning."""
SEEN = Split(
    voices=("espeak-ng:en-us+m7", "flite:awb", "espeak-ng:en+f4", "flite:kal16"),
    hesitant=(("hmm", "I guess so"), ("well", "no"), ("so", "I'm not sure"),
              ("I", "I suppose so"), ("um", "probably not"), ("and", "yes"),
              ("I'm not", "sure"), ("er", "of course")),
    complete=("of course", "I guess so", "no", "probably not", "I'm not sure", "absolutely",
              "I suppose so", "um yes"),
)
UNSEEN = Split(
    voices=("espeak-ng:en-us-nyc+f3", "espeak-ng:en-gb-x-gbcwmd+m6", "espeak-ng:en-us+f5@145"),
    hesitant=(("so", "I think so"), ("I", "don't know"), ("well", "I hope so"),
              ("um", "not for me"), ("let me think", "yes"), ("er", "probably"),
              ("you know", "yes"), ("I mean", "not really")),
    complete=("I hope so", "not for me", "probably", "definitely not", "sure", "I doubt it",
              "of course not", "yes I think so"),
    color="white",
)
UNSEEN_V3 = Split(voices=V3_VOICES, hesitant=V3_HESITANT, complete=V3_COMPLETE,
                  color=V3_NOISE, gaps=V3_GAPS, every_voice=True, blind=False)
UNSEEN_V4 = Split(voices=V4_VOICES, hesitant=V4_HESITANT, complete=V4_COMPLETE,
                  color=V4_NOISE, gaps=V4_GAPS, every_voice=True, blind=False)
UNSEEN_V5 = Split(voices=V5_VOICES, hesitant=V5_HESITANT, complete=V5_COMPLETE,
                  color=V5_NOISE, gaps=V5_GAPS, every_voice=True, blind=False, open=V5_OPEN)
UNSEEN_V6 = Split(voices=V6_VOICES, hesitant=V6_HESITANT, complete=V6_COMPLETE,
                  color=V6_NOISE, gaps=V6_GAPS, every_voice=True, blind=False, open=V6_OPEN)
UNSEEN_V7 = Split(voices=V7_VOICES, hesitant=V7_HESITANT, complete=V7_COMPLETE,
                  color=V7_NOISE, gaps=V7_GAPS, every_voice=True, blind=True, open=V7_OPEN,
                  kinds=V7_KINDS)
UNSEEN_V8 = Split(voices=V8_VOICES, hesitant=V8_HESITANT, complete=V8_COMPLETE,
                  color=V8_NOISE, gaps=V8_GAPS, every_voice=True, blind=True, open=V8_OPEN,
                  kinds=V8_KINDS, points=V8_POINTS, named_only=True,
                  kept="bench-turns-v8")
UNSEEN_V9 = Split(voices=v9.V9_VOICES, hesitant=v9.V9_HESITANT, complete=v9.V9_COMPLETE,
                  color=v9.V9_NOISE, gaps=v9.V9_GAPS, every_voice=True, blind=False,
                  open=v9.V9_OPEN, kinds=v9.V9_KINDS, points=v9.V9_POINTS, named_only=True,
                  kept="bench-turns-v9")
UNSEEN_V10 = Split(voices=v10.V10_VOICES, hesitant=v10.V10_HESITANT, complete=v10.V10_COMPLETE,
                   color=v10.V10_NOISE, gaps=v10.V10_GAPS, every_voice=True, blind=True,
                   open=v10.V10_OPEN, kinds=v10.V10_KINDS, points=v10.V10_POINTS,
                   named_only=True, spread=v10.V10_SPREAD, kept="bench-turns-v10")
OPEN_CLAUSES = Split(voices=OPEN_CLAUSE_VOICES, hesitant=OPEN_CLAUSE_HESITANT,
                     complete=OPEN_CLAUSE_COMPLETE, open=OPEN_CLAUSE_OPEN, color="room+fan",
                     gaps=OPEN_CLAUSE_GAPS, every_voice=True, kinds=OPEN_CLAUSE_KINDS,
                     points=OPEN_CLAUSE_POINTS)
"""Tuning too: clauses left open at points taking own meanings and open answers (v8's kind)."""


UNFINISHED = Split(**unfinished_split("fit"))
UNFINISHED_CHECK = Split(**unfinished_split("check"))
"""Tuning too, in two halves (scripts/bench_turns_tuning_unfinished.py): rules are fitted on
UNFINISHED and reported on UNFINISHED_CHECK apart, which no choice used."""
PATIENT = Split(**patient_split("fit"))
PATIENT_CHECK = Split(**patient_split("check"))
"""Tuning halves written for the tenth pass (bench_turns_tuning_patient.py), as UNFINISHED's."""
SETS = {"tuning": TUNING, "tuning_open_clauses": OPEN_CLAUSES,
        "tuning_unfinished": UNFINISHED, "tuning_unfinished_check": UNFINISHED_CHECK,
        "tuning_patient": PATIENT, "tuning_patient_check": PATIENT_CHECK,
        "tuning_openers": OPENERS, "tuning_kokoro": KOKORO, "tuning_beginnings": BEGINNINGS,
        "tuning_room": ROOM, "tuning_low_grade": LOW_GRADE, "held_out": SEEN, "unseen": UNSEEN,
        "unseen_v3": UNSEEN_V3, "unseen_v4": UNSEEN_V4, "unseen_v5": UNSEEN_V5,
        "unseen_v6": UNSEEN_V6, "unseen_v7": UNSEEN_V7, "unseen_v8": UNSEEN_V8,
        "unseen_v9": UNSEEN_V9, "unseen_v10": UNSEEN_V10}


@dataclass(frozen=True)
class Clip:
    text: str
    voice: str
    snr: float
    gap: float | None  # None: a complete answer said in one go
    pcm: bytes
    pause: tuple[float, float] | None  # seconds: the hesitation's pause
    speech_end: float  # seconds
    open: bool = False  # a complete sentence that answers nothing on the point's list
    kind: str = ""  # the hesitant answer's kind, where its set names them (Split.kinds)
    point: str = ""  # the listening point it is heard at ("": the first yes/no point)


def voices_of(split: Split, quick: bool) -> tuple[str, ...]:
    return split.voices[:2] if quick and not split.every_voice else split.voices


def speak(text: str, voice: str) -> bytes:
    """``text`` said by a listener voice: espeak-ng, flite or Kokoro ("kokoro:af_kore")."""
    if voice.startswith(v10.MIX):
        return v10.mix_speak(text, voice)
    if voice.startswith("kokoro:"):
        from bench_listening_heldout2 import kokoro_speak

        return kokoro_speak(text, voice)
    return lv.speak(text, voice)


def clips(split: Split, quick: bool) -> list[Clip]:
    cache: dict[tuple[str, str], bytes] = {}

    def spoken(text: str, voice: str) -> bytes:
        if (text, voice) not in cache:
            if split.kept:
                from bench_listening_heldout2 import kokoro_speak_kept

                said = kokoro_speak_kept(text, voice, split.kept, speak)
            else:
                said = trim(speak(text, voice))
            cache[(text, voice)] = speech_of(said)
        return cache[(text, voice)]

    gaps = split.gaps or (GAPS[::2] + GAPS[-1:] if quick else GAPS)
    points = split.points or ("",) * (len(split.hesitant) + len(split.complete)
                                      + len(split.open))
    out: list[Clip] = []
    seed = 0
    voices = voices_of(split, quick)
    for v, voice in enumerate(voices):
        for snr in SNRS:
            for i, (first, rest) in enumerate(split.hesitant):
                if not split.says(v, i, len(voices)):
                    continue
                kind = split.kinds[i] if split.kinds else ""
                for gap in gaps:
                    seed += 1
                    a, b = spoken(first, voice), spoken(rest, voice)
                    pcm = a + lv.noise(gap, seed) + b
                    out.append(_clip(f"{first.rstrip('.')}… {rest}", voice, snr, gap, pcm,
                                     split.color, len(a), len(a) + round(gap * RATE) * 2,
                                     seed, kind=kind, point=points[i]))
            for j, text in enumerate(split.complete + split.open):
                if not split.says(v, len(split.hesitant) + j, len(voices)):
                    continue
                seed += 1
                out.append(_clip(text, voice, snr, None, spoken(text, voice), split.color,
                                 0, 0, seed, text in split.open,
                                 point=points[len(split.hesitant) + j]))
    return out


def speech_of(pcm: bytes) -> bytes:
    """``pcm`` cut to its frames from the first to the last that the voice detector (Silero,
    at the endpointer's speech threshold) hears as speech, alone in the floor's noise."""
    from voicepiece.listening.endpoint import DEFAULT_TUNING

    vad = _detector()
    vad.reset()
    step = 2 * FRAME_SAMPLES
    lead = 4 * step
    padded = lv.pad(pcm, lead / 2 / RATE, lead / 2 / RATE, 1)
    speech = [i for i in range(len(padded) // step)
              if vad.probability(padded[i * step:(i + 1) * step])
              >= DEFAULT_TUNING.speech_threshold]
    if not speech:
        return pcm
    return pcm[max(0, speech[0] * step - lead):max(0, (speech[-1] + 1) * step - lead)]


@functools.cache
def _detector() -> Any:
    from voicepiece.listening.vad import VoiceActivity

    return VoiceActivity()


def _clip(text: str, voice: str, snr: float, gap: float | None, speech: bytes, color: str,
          pause_start: int, pause_end: int, seed: int, open_answer: bool = False,
          kind: str = "", point: str = "") -> Clip:
    lead = round(LEAD * RATE)
    lead += -(lead + len(speech) // 2) % FRAME_SAMPLES
    padded = lv.pad(speech, lead / RATE, TAIL, seed)
    pcm = add_set_noise(padded, color, snr, seed + 10_000, RATE)
    start = lead / RATE
    pause = None if gap is None else (start + pause_start / 2 / RATE,
                                      start + pause_end / 2 / RATE)
    return Clip(text, voice, snr, gap, pcm, pause, start + len(speech) / 2 / RATE,
                open_answer, kind, point)

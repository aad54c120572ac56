"""The soak's visitors: the mix of kinds, what each kind says, and every phrase spoken
once up front so the bank does not grow while memory is measured."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass, field
from typing import Any

KINDS = {"talker": 0.35, "silent": 0.15, "off_list": 0.15, "leaver": 0.15, "opt_out": 0.20,
         "crowd": 0.08, "visit_in_crowd": 0.10}
"""The mix of visitors, by share. A ``crowd`` is nobody at the station: people talking
across the room, which must not start a session (:meth:`Bank.crowd`). A
``visit_in_crowd`` is a visitor answering while people talk nearby (the crowd, at
:data:`VISIT_CROWD_DBFS`, under every turn): they answer every question with one of its
answers' phrases — a third of them say an opt-out phrase at a later question instead —
and what the station took, and when it stopped listening, is counted."""

GENERIC = {
    "yes": ["yes", "absolutely", "of course", "yes I think so", "definitely"],
    "no": ["no", "not really", "of course not", "no I don't think so"],
    "unsure": ["I don't know", "maybe", "I'm not sure"],
}
"""What talkers say for the built-in meanings (all in the grammar)."""

IN_OTHER_WORDS = {
    "between": ["when someone answers my heart", "love needs a partner",
                "in what we make as a couple"],
    "alone": ["it lives in me first", "each of us carries it privately",
              "it starts in a single heart"],
    "within": ["it grows out of what we already are", "we are born carrying it"],
    "another": ["we learn it from those around us", "it is given by those who raise us"],
}
"""What talkers say, half the time, for the her piece's own meanings (combustion: between
two or alone; source: within or from another), in none of their example phrases: words
only the sentence model can read. Written before any soak heard them, never changed to be
understood; how many were is reported (``in_other_words``), not a goal."""
OTHER_WORDS_SHARE = 0.5

OFF_LIST = ["what time does the museum close", "banana bread", "where is the exit",
            "I like the blue painting", "the weather is lovely today", "seven oranges"]
"""What off-list talkers say: none of any question's answers."""

CROWD_TALK = ["did you see the one upstairs", "I think we should get coffee after this",
              "she said the tickets were cheaper online", "look at the colours in that one",
              "where are the others", "it reminds me of the film we saw last year",
              "I'm getting hungry", "they close at six I think"]
"""What people say to each other across the room (never to the station)."""
CROWD_TALKERS = (3, 5)
CROWD_DBFS = (-46.0, -38.0)
"""A crowd's babble, all talkers together, RMS: 15-30 dB below a visitor speaking at the
station (the listener voices read -17 to -24 dBFS), as voices across a room are."""

VISIT_CROWD_DBFS = (-44.0, -36.0)
"""The talk around a ``visit_in_crowd`` visitor, all talkers together, RMS: 12-28 dB below
them; each visit's crowd has one level, each turn's within 2 dB of it (a room's talk
comes and goes)."""
VISIT_CROWD_OPT_OUT = 1 / 3

GREETINGS = ["hello there", "hello", "hi is anyone there", "good morning"]
CONFIRM = ["yes", "yes that's right"]
DENY = ["no"]
"""What a ``visit_in_crowd`` visitor says to "… is that what you said?" when it was not."""


class Bank:
    """Every phrase a visitor can say, spoken once by each listener voice before the soak
    starts (so the bank does not grow while memory is measured), and a long stretch of
    room noise that silences are cut from."""

    def __init__(self, phrases: set[str], voices: list[Any], seed: int) -> None:
        from voicepiece.listening.listener_voices import noise, speak

        self.voices = voices
        self.clips: dict[tuple[str, str], bytes] = {}
        for phrase in sorted(phrases):
            for voice in voices:
                self.clips[phrase, voice.name] = speak(phrase, voice)
        self.room = noise(30.0, seed=seed)  # the room floor, ~-62 dBFS pink noise
        self.speech_end = 0.0
        """Where, in the last :meth:`turn` with a phrase, the phrase ended (seconds)."""
        click = bytearray(noise(0.03, seed=seed + 1, dbfs=-12.0))
        self.click = bytes(click)

    def room_noise(self, seconds: float, rng: random.Random) -> bytes:
        n = round(seconds * 16000) * 2
        start = rng.randrange(0, len(self.room) - n) // 2 * 2
        return self.room[start:start + n]

    def crowd(self, seconds: float, rng: random.Random, dbfs: float | None = None) -> bytes:
        """``seconds`` of people talking across the room: 3-5 listener voices, each saying
        one remark after another from a random moment, summed, at a distance (a little
        low-passed and echoed, as a room's far voices are), at ``CROWD_DBFS`` over the room
        floor (``dbfs``: within 2 dB of it). Nobody speaks to the station."""
        import numpy as np

        n = round(seconds * 16000)
        mix = np.zeros(n)
        for _talker in range(rng.randint(*CROWD_TALKERS)):
            voice = rng.choice(self.voices)
            at = rng.randrange(0, 16000)
            while at < n:
                said = np.frombuffer(self.clips[rng.choice(CROWD_TALK), voice.name],
                                     dtype="<i2").astype(np.float64)
                said = said[:n - at] * 10 ** (rng.uniform(-6, 0) / 20)
                mix[at:at + len(said)] += said
                at += len(said) + rng.randrange(1600, 8000)  # 0.1-0.5 s between remarks
        far = np.convolve(mix, np.ones(4) / 4, mode="same")  # the air takes the highs
        for delay, gain in ((0.023, 0.5), (0.041, 0.35), (0.067, 0.25)):  # the walls
            k = round(delay * 16000)
            far[k:] += gain * far[:-k]
        rms = float(np.sqrt(np.mean(far**2))) or 1.0
        level = rng.uniform(*CROWD_DBFS) if dbfs is None else dbfs + rng.uniform(-2, 2)
        far *= 32768 * 10 ** (level / 20) / rms
        room = np.frombuffer(self.room_noise(seconds, rng), dtype="<i2").astype(np.float64)
        out = np.clip(np.rint(far[:len(room)] + room), -32768, 32767)
        return out.astype("<i2").tobytes()

    def in_crowd(self, pcm: bytes, dbfs: float, rng: random.Random) -> bytes:
        """``pcm`` (room noise and a visitor at the station) with a crowd talking nearby."""
        import numpy as np

        talk = np.frombuffer(self.crowd(len(pcm) / 32000, rng, dbfs), dtype="<i2")
        here = np.frombuffer(pcm, dtype="<i2")[:len(talk)]
        mixed = here.astype(np.float64) + talk[:len(here)]
        return np.clip(np.rint(mixed), -32768, 32767).astype("<i2").tobytes()

    def turn(self, phrase: str | None, rng: random.Random, after: float) -> bytes:
        """One turn's audio: room noise, the phrase (a random voice, noise at a random
        level) and ``after`` seconds of room noise; None: only room noise."""
        from voicepiece.listening.listener_voices import add_noise, pad

        if phrase is None:
            return self.room_noise(after, rng)
        voice = rng.choice(self.voices)
        self.speech_end = 0.4 + voiced_seconds(self.clips[phrase, voice.name])
        speech = pad(self.clips[phrase, voice.name], 0.4, 0.3, seed=rng.randrange(10**6))
        snr = rng.choice([None, None, 25.0, 20.0, 15.0])
        return add_noise(speech, snr, seed=rng.randrange(10**6)) + self.room_noise(after, rng)


def voiced_seconds(pcm: bytes, floor_dbfs: float = -45.0) -> float:
    """Where the speech in a synthesized clip ends: its last 10 ms louder than
    ``floor_dbfs`` (the synthesizers end their clips with up to a few tenths of silence)."""
    import numpy as np

    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    frames = x[:len(x) // 160 * 160].reshape(-1, 160)
    loud = np.flatnonzero(np.sqrt(np.mean(frames**2, axis=1)) > 32768 * 10 ** (floor_dbfs / 20))
    return float(loud[-1] + 1) * 0.01 if len(loud) else len(x) / 16000


# ── the visitors ──────────────────────────────────────────────────────────────────────


@dataclass
class Visitor:
    """One scripted visitor: their kind decides what they say to each question."""

    n: int
    kind: str
    rng: random.Random
    key: bool = False
    answered: int = 0
    said_opt_out: bool = False
    opt_outs_heard: list[str] = field(default_factory=list)
    phrases_said: int = 0
    opt_out_at: int = 1
    leave_after: int = 1
    meant: dict[str, str] = field(default_factory=dict)
    """The label meant at each node where this visitor answered in other words (or, for a
    ``visit_in_crowd``, at every node they answered)."""
    crowd_dbfs: float = VISIT_CROWD_DBFS[0]
    opts_out: bool = True
    """Whether a ``visit_in_crowd`` says an opt-out phrase (``opt_out`` visitors all do)."""

    def reply(self, question: Any, opt_out_phrases: list[str]) -> str | None:
        """What this visitor says to ``question`` (None: nothing)."""
        if question.kind == "confirm":  # "… is that what you said?"
            if self.said_opt_out:  # misheard: they say it again
                return self.rng.choice(opt_out_phrases)
            if self.kind == "visit_in_crowd":  # they say whether it was
                meant = self.meant.get(question.node)
                return self.rng.choice(CONFIRM if question.confirms == meant else DENY)
            return None if self.kind in ("silent", "crowd") else self.rng.choice([*CONFIRM, None])
        turn = self.answered
        self.answered += 1
        if self.kind in ("silent", "crowd"):
            return None
        if self.kind == "leaver" and turn >= self.leave_after:
            return None
        if self.kind in ("opt_out", "visit_in_crowd") and self.opts_out \
                and turn >= self.opt_out_at:
            self.said_opt_out = True
            return self.rng.choice(opt_out_phrases)
        if self.kind == "visit_in_crowd":
            label, phrase = self.rng.choice(labelled_phrases(question))
            self.meant[question.node] = label
            return phrase
        if self.kind == "off_list":
            return self.rng.choice(OFF_LIST)
        other = other_words(question)
        if other and self.rng.random() < OTHER_WORDS_SHARE:
            label, phrase = self.rng.choice(other)
            self.meant[question.node] = label
            return phrase
        return self.rng.choice(answer_phrases(question))


def draw(source: random.Random, only: str | None = None) -> Visitor:
    """The next visitor (numbered when they arrive): their kind (``only``, else from the
    mix) and their ways, from a generator of their own seeded from ``source``."""
    rng = random.Random(source.randrange(2**32))
    kind = only or rng.choices(list(KINDS), list(KINDS.values()))[0]
    visitor = Visitor(0, kind, rng, key=rng.random() < 0.1, opt_out_at=rng.choice([1, 2]),
                      leave_after=rng.choice([1, 2]))
    if kind == "visit_in_crowd":
        visitor.crowd_dbfs = rng.uniform(*VISIT_CROWD_DBFS)
        visitor.opts_out = rng.random() < VISIT_CROWD_OPT_OUT
    return visitor


def answer_phrases(question: Any) -> list[str]:
    from voicepiece.gallery.consent import OPT_OUT

    out: list[str] = []
    for answer in question.choices:
        if answer.label == OPT_OUT:
            continue
        if answer.meaning in GENERIC and answer.label == answer.meaning:
            out += GENERIC[answer.meaning]
        else:
            out += [p for p in answer.phrases[:4] if p]
            out += GENERIC.get(answer.meaning or "", [])[:1]
    return out


def labelled_phrases(question: Any) -> list[tuple[str, str]]:
    """(label, phrase) for every phrase :func:`answer_phrases` offers, by the answer it is
    a phrase of: what a ``visit_in_crowd`` says, and what it means by it."""
    from voicepiece.gallery.consent import OPT_OUT

    return [(answer.label, phrase) for answer in question.choices
            if answer.label != OPT_OUT
            for phrase in answer_phrases(dataclasses.replace(question, choices=(answer,)))]


def other_words(question: Any) -> list[tuple[str, str]]:
    """(label, words) for the answers ``question`` offers that have :data:`IN_OTHER_WORDS`."""
    return [(answer.label, phrase) for answer in question.choices
            for phrase in IN_OTHER_WORDS.get(answer.label, ())]


def vocabulary(piece: Any, opt_out_phrases: list[str]) -> set[str]:
    from voicepiece.session.events import Question

    words = {*OFF_LIST, *GREETINGS, *CONFIRM, *DENY, *CROWD_TALK, *opt_out_phrases}
    for node in piece.listening_points():
        assert node.listen is not None
        question = Question(node.name, node.listen.answers, node.listen.settings)
        words.update(answer_phrases(question))
        words.update(phrase for _label, phrase in other_words(question))
    return words

"""The soak's visitors: the mix of kinds, what each kind says, and every phrase spoken
once up front so the bank does not grow while memory is measured."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

KINDS = {"talker": 0.35, "silent": 0.15, "off_list": 0.15, "leaver": 0.15, "opt_out": 0.20}
"""The mix of visitors, by share."""

GENERIC = {
    "yes": ["yes", "absolutely", "of course", "yes I think so", "definitely"],
    "no": ["no", "not really", "of course not", "no I don't think so"],
    "unsure": ["I don't know", "maybe", "I'm not sure"],
}
"""What talkers say for the built-in meanings (all in the grammar)."""

OFF_LIST = ["what time does the museum close", "banana bread", "where is the exit",
            "I like the blue painting", "the weather is lovely today", "seven oranges"]
"""What off-list talkers say: none of any question's answers."""

GREETINGS = ["hello there", "hello", "hi is anyone there", "good morning"]
CONFIRM = ["yes", "yes that's right"]


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
        click = bytearray(noise(0.03, seed=seed + 1, dbfs=-12.0))
        self.click = bytes(click)

    def room_noise(self, seconds: float, rng: random.Random) -> bytes:
        n = round(seconds * 16000) * 2
        start = rng.randrange(0, len(self.room) - n) // 2 * 2
        return self.room[start:start + n]

    def turn(self, phrase: str | None, rng: random.Random, after: float) -> bytes:
        """One turn's audio: room noise, the phrase (a random voice, noise at a random
        level) and ``after`` seconds of room noise; None: only room noise."""
        from voicepiece.listening.listener_voices import add_noise, pad

        if phrase is None:
            return self.room_noise(after, rng)
        voice = rng.choice(self.voices)
        speech = pad(self.clips[phrase, voice.name], 0.4, 0.3, seed=rng.randrange(10**6))
        snr = rng.choice([None, None, 25.0, 20.0, 15.0])
        return add_noise(speech, snr, seed=rng.randrange(10**6)) + self.room_noise(after, rng)


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

    def reply(self, question: Any, opt_out_phrases: list[str]) -> str | None:
        """What this visitor says to ``question`` (None: nothing)."""
        if question.kind == "confirm":  # "… is that what you said?"
            if self.said_opt_out:  # misheard: they say it again
                return self.rng.choice(opt_out_phrases)
            return None if self.kind == "silent" else self.rng.choice([*CONFIRM, None])
        turn = self.answered
        self.answered += 1
        if self.kind == "silent":
            return None
        if self.kind == "leaver" and turn >= self.leave_after:
            return None
        if self.kind == "opt_out" and turn >= self.opt_out_at:
            self.said_opt_out = True
            return self.rng.choice(opt_out_phrases)
        if self.kind == "off_list":
            return self.rng.choice(OFF_LIST)
        return self.rng.choice(answer_phrases(question))


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


def vocabulary(piece: Any, opt_out_phrases: list[str]) -> set[str]:
    from voicepiece.session.events import Question

    words = {*OFF_LIST, *GREETINGS, *CONFIRM, *opt_out_phrases}
    for node in piece.listening_points():
        assert node.listen is not None
        words.update(answer_phrases(Question(node.name, node.listen.answers,
                                             node.listen.settings)))
    return words

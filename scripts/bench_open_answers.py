#!/usr/bin/env python3
"""Open answers said by blends of two accented development voices in a gallery, heard once
by the real ear and decided again offline at the points they belong to (issue 13,
nineteenth pass: on the blind v8 set open answers were asked again on the first asking 13
of 15 times, while the written development sets read as Whisper's clear words are received
26-27 of 29 times: the losses lie between the voice and the decision).

    PYTHONPATH=.:scripts python scripts/bench_open_answers.py collect [--half fit|held]
    PYTHONPATH=.:scripts python scripts/bench_open_answers.py replay [--half fit|held]
        [--misses]

The items are :mod:`bench_open_answers_phrases`' (development data, written and split in
two before any was heard), said by the questions-back check's blends
(``bench_questions_back.FIT_VOICES`` / ``HELD_VOICES``: development voices no blind set
speaks) at 20 and 10 dB of ``swap_check``'s gallery noise (other seeds), heard by the
default ear as ``scripts/bench_meanings_accented.py`` hears, into its own cache
(``open-answers.jsonl``) and speech folder.

``replay`` decides every kept turn again with the code as it is (``deciding.decide_turn``
through the learned reader, a check's refusal ended by ``deciding.after_check`` for a
listener who answers it truthfully): received as open on the first asking, received after
a check refused ("…is that what you said?" "no"), asked again, taken as an answer (wrong),
taken as a question back, silence. ``--misses`` lists each turn not received on the first
asking with its cause (:func:`cause`): where the words are lost (as said: the decision of
the item's own words, typed as clear spoken words; Whisper's: its words decided otherwise;
unsure: Whisper's words would be received were the ear sure of them; the ear: the grammar
or the learned reader found an answer), and what in the decision did it (:func:`step`).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any

import bench_meanings_accented as accented
from bench_meanings_blends import blend_speak
from bench_questions_back import FIT_VOICES, HELD_VOICES, LEVELS

CACHE = "open-answers.jsonl"
NOISE_SEED = {"fit": 191, "held": 233}


def clips(half: str) -> list[Any]:
    """The half's items, each at 20 and 10 dB of gallery noise, a different blend at each
    level."""
    from bench_open_answers_phrases import items

    return accented.spoken_clips(half, items(), FIT_VOICES if half == "fit" else HELD_VOICES,
                                 NOISE_SEED[half], "open-answers-speech", 670000,
                                 speak=blend_speak, levels=LEVELS)


def step(heard: Any, node: Any, meanings: Any, label: str) -> str:
    """What in :func:`deciding.decide` kept ``heard`` from being received as open at
    ``node`` (``label``: what it decided): a question back; an answer the ear (grammar or
    learned reader) found; talk addressed elsewhere; an answer read here by meaning
    (``loose``: the loose reading's, offered back; ``read``: the rules' or the model's,
    with ``examples second`` when an example lay nearer than the answers, by less than
    EXAMPLE_OVER_ANSWER); or, left unclear, not trusted (``unsure``: Whisper only sure
    enough to read; ``near an answer``: OPEN_NEAR_ANSWER), under the relevance floor, or
    none of the above (``not an answer``: filler, a built-in meaning, a question mark)."""
    from voicepiece.session import deciding
    from voicepiece.session.events import Question
    from voicepiece.session.open_reading import relevance, trusted_as_open
    from voicepiece.story.elsewhere import addressed_elsewhere
    from voicepiece.story.meaning import loose_own_answer
    from voicepiece.story.model import EXPLAIN, UNCLEAR
    from voicepiece.story.offscript import OPEN_RELEVANCE_FLOOR

    listen = node.listen
    question = Question(node.name, listen.answers, listen.settings)
    asked = deciding.asked_words(node)
    if label == EXPLAIN:
        return "question back"
    if heard.label not in (None, UNCLEAR) and label == heard.label:
        return "ear's answer"
    if heard.label == UNCLEAR and addressed_elsewhere(heard.text):
        return "elsewhere"
    near = deciding._open_near(heard, question, listen, meanings, asked)
    if label != UNCLEAR:
        loose = loose_own_answer(heard.text, question.choices, meanings, asked)
        how = "loose" if loose is not None and loose[0] == label else "read"
        second = (near is not None and near.example is not None and near.answer is not None
                  and near.example > near.answer)
        return how + (", examples second" if second else "")
    if near is None:
        return "no open"
    if not trusted_as_open(heard, near):
        return "unsure" if not heard.own_words else "near an answer"
    level = relevance(heard, near)
    if level is not None and level < OPEN_RELEVANCE_FLOOR:
        return "relevance floor"
    return "not an answer"


def _clear(text: str) -> Any:
    """``text`` as clear spoken words the ear found no answer in."""
    from voicepiece.session.events import Heard

    return Heard(text, label="unclear", own_words=True, sure_words=True)


def _ended_early(said: str, heard: str | None) -> bool:
    """Whether ``heard`` is the first part of ``said`` only: its last word is one of the
    first two thirds of ``said``'s words and it holds fewer of them (the turn was ended
    before the listener had finished)."""
    from voicepiece.story.wording import normalize

    words, got = normalize(said).split(), normalize(heard or "").split()
    if not got or len(got) >= len(words) or got[-1] not in words:
        return False
    return words.index(got[-1]) < len(words) * 2 / 3


def cause(turn: Any, node: Any, meanings: Any) -> str:
    """Where and why an open answer was not received on the first asking: the place
    (``as said``: the item's own words, typed as clear spoken words, are not received;
    ``ended early``: Whisper heard the first part only; ``whisper``: Whisper's other words
    are not received even as clear words; ``unsure``/``ear``: they would be, but the ear
    was not sure of them or found an answer in them), then :func:`step` on them."""
    from voicepiece.session.deciding import asked_words, decide
    from voicepiece.session.events import Question
    from voicepiece.story.model import OPEN, SILENCE

    r = turn.r
    if turn.label == SILENCE or r["grammar"] is None:
        return "nothing heard"
    listen = node.listen
    asked = asked_words(node)
    question = Question(node.name, listen.answers, listen.settings)

    def label_of(heard: Any) -> str:
        return decide(heard, question, listen, meanings, asked)[0]

    said = _clear(r["text"])
    if (label := label_of(said)) != OPEN:
        return f"as said: {step(said, node, meanings, label)}"
    words = (r["words"] or {}).get("text")
    clear = _clear(words) if words else None
    if clear is None or (label := label_of(clear)) != OPEN:
        where = "ended early" if _ended_early(r["text"], words) else "whisper"
        return f"{where}: " + (step(clear, node, meanings, label) if clear else "no words")
    heard = turn.play.heard
    place = "reader" if turn.play.doubted else "ear"
    return f"{place if heard.label != 'unclear' else 'unsure'}: " + step(
        heard, node, meanings, turn.label)


OUTCOMES = ("open", "open after check", "again", "wrong", "explain", "silence")


def outcome(label: str, zone: str, refused: str | None) -> str:
    """What an open answer meets: ``open`` on the first asking, ``open after check`` (a
    reading as an answer checked and refused), ``again`` (unclear, or the check's refusal
    leaves it unclear), ``wrong`` (an answer taken, or agreed to), ``explain`` (a question
    back), ``silence``."""
    from bench_listening_results import ending

    from voicepiece.story.model import EXPLAIN, OPEN

    if label in (OPEN, EXPLAIN, "silence"):
        return {OPEN: "open", EXPLAIN: "explain"}.get(label, "silence")
    end = ending(OPEN, label, zone, refused)
    return ("open after check" if end == OPEN else "again" if end in ("unclear", "silence")
            else "wrong")


def replay(args: argparse.Namespace) -> int:
    from bench_common import print_turn
    from mirror_trust import Replayer, replayed

    play = Replayer()
    tally: Counter[tuple[str, str, str]] = Counter()
    causes: Counter[tuple[str, str]] = Counter()
    for turn in replayed(accented._cache(CACHE), args.half, play):
        r = turn.r
        seen = outcome(turn.label, turn.zone, turn.refused)
        for snr in (str(r["snr"]), "all"):
            tally[(r["set"], snr, seen)] += 1
            tally[(r["set"], snr, "turns")] += 1
        if seen != "open":
            why = cause(_Turn(turn, play), play.nodes[r["point"]], play.meanings)
            causes[(r["set"], why)] += 1
            if args.misses:
                print_turn(f"{seen:<16} [{why}]", turn, str(r["snr"]))
    for key in sorted({k[:2] for k in tally}, key=lambda k: (k[0], k[1] == "all", k[1])):
        n = tally[(*key, "turns")]
        print(f"  {key[0]:<5} {key[1]:<5} {n:>4} turns: " + ", ".join(
            f"{s} {tally[(*key, s)]} ({100 * tally[(*key, s)] / n:.0f}%)" for s in OUTCOMES
            if tally[(*key, s)] or s in ("open", "wrong")))
    for (half, why), n in sorted(causes.items(), key=lambda kv: (kv[0][0], -kv[1])):
        print(f"  {half:<5} not received on the first asking, {why}: {n}")
    return 0


class _Turn:
    """A replayed turn with the :class:`mirror_trust.Replayer` that decided it (its
    ``heard`` and ``doubted`` are the turn's while it is yielded)."""

    def __init__(self, turn: Any, play: Any) -> None:
        self.r, self.label, self.zone, self.play = turn.r, turn.label, turn.zone, play


def main() -> int:
    return accented.spoken_set_main(__doc__, CACHE, clips, replay)


if __name__ == "__main__":
    sys.exit(main())

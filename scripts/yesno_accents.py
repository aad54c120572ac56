#!/usr/bin/env python3
"""Yes, no and unsure answers in Spanish-, Hindi- and Portuguese-accented English, on
development voices no blind set uses (issue 13, eleventh pass: v5's accents, where the
tenth pass's accented yes/no rules, written on Japanese and Chinese voices, did not carry).

    PYTHONPATH=.:scripts python scripts/yesno_accents.py intelligible
    PYTHONPATH=.:scripts python scripts/yesno_accents.py collect [--group fit|held]
    PYTHONPATH=.:scripts python scripts/yesno_accents.py replay [--show fit|held|all]

The voices: Kokoro **em_alex** (Spanish) and **hm_omega** (Hindi) speaking English phonemes,
as a blind set's Kokoro voices do (the accent is the voice's); the same and other seen
Kokoro voices speaking English phonemes *rewritten by a first language's sound system*
(:func:`accented`: the vowels an L1 has, its consonants for the ones it lacks — Spanish
b for v, s for z, e before s+consonant; Portuguese i after a final stop, h for r;
Hindi retroflex t/d, ʋ for v and w); and espeak-ng's Hindi voice reading English (its
Spanish and Portuguese voices read English spelling as their own: 9-21% of the words
written back, dropped). Each voice passes :func:`bench_listening_blind.intelligibility`
(>= 80% of five neutral sentences' words written back by Whisper tiny.en).

Split before anything was heard — voices and phrasings both: **fit** voices and
:data:`FIT_PHRASINGS` are where causes are looked for and rules chosen; **held** voices say
:data:`HELD_PHRASINGS`, reported only. Every item at clean, 20 and 10 dB in swap_check's
gallery noise, heard by the default ear into ``yesno-accents.jsonl``; ``replay`` is
yesno_check's (per group, batch and level, against a saved baseline).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

CACHE = "yesno-accents.jsonl"
BASELINE = "yesno-accents-baseline.json"
FIT_VOICES = ("kokoro:em_alex", "kokoro:hm_omega+hi", "kokoro:am_santa+es",
              "kokoro:if_sara+pt")
HELD_VOICES = ("kokoro:hm_omega", "kokoro:em_alex+es", "espeak-ng:hi+f2@160",
               "kokoro:af_nicole+pt")
"""``kokoro:VOICE+L1`` is VOICE speaking English phonemes rewritten by :func:`accented`."""

FIT_PHRASINGS: dict[str | None, tuple[str, ...]] = {
    "yes": ("yes, is like that", "I think that yes", "yes, she is", "yeah, sure",
            "yes of course she does", "yes, I am agree", "it is true, yes", "yes, totally",
            "for me yes", "of course, why not", "yes, I feel so", "that is correct",
            "yeah, I think so", "yes, a lot"),
    "no": ("no, I think that no", "no, is not true", "no, not at all", "I don't think",
           "no, she doesn't", "not really", "no, for me no", "no, never", "I think no",
           "no, not like that", "nah, I don't think so", "no, it's not the case", "not true",
           "no, she is not", "I don't, no", "she doesn't, no"),
    "unsure": ("I don't know", "I don't know really", "maybe yes, maybe not", "I am not sure",
               "it depends", "difficult to say", "I'm not knowing", "who can say that",
               "perhaps", "I'm not so sure about it", "may be, may be not", "don't know"),
    None: ("where is the cafe", "I came with my sister", "the lights are too bright",
           "what time does it close"),
}
HELD_PHRASINGS: dict[str | None, tuple[str, ...]] = {
    "yes": ("yes, I think that is true", "yes, she does", "yeah", "of course yes",
            "I would say that yes", "yes, is correct", "sure, sure", "yes, definitely",
            "I believe that yes", "yes, it is so", "absolutely", "true, yes",
            "yes, in my opinion", "I agree"),
    "no": ("no", "no, I don't think that", "no, not true", "I don't believe",
           "no, she does not", "nope", "I would say no", "no, definitely not", "not for me",
           "I don't think that is true", "no, I don't agree", "no, it is not", "never",
           "I believe that no", "we don't, no", "I really don't, no"),
    "unsure": ("I'm not sure", "I do not know", "maybe", "don't know, maybe", "hard to tell",
               "not sure really", "sometimes", "maybe, maybe not", "I can't tell",
               "I'm not certain", "it's complicated", "I'm confused", "I don't know"),
    None: ("is there a toilet here", "my friend is waiting outside",
           "this chair is comfortable", "can you speak louder"),
}
"""Written at the same time as the fit batch; said by the held voices only."""

TYPED_FIT: dict[str | None, tuple[str, ...]] = {
    "yes": ("yes, I think is true", "I think yes, she listens", "yes, she is listening",
            "of course she listens", "yes, for sure", "yes, obviously", "but of course",
            "clearly yes", "yes, I am thinking so", "yes, it is, I am sure",
            "in my opinion, yes", "it seems so to me", "I think it is like that",
            "yes, is what I think", "definitely she does", "she listens, yes",
            "I believe so, yes, she does", "why not, yes", "surely", "yes, no doubt",
            "without any doubt", "it is true, no?", "she does, no?", "is true, isn't it?",
            "yes, na", "I feel yes", "yes, he is", "that is so", "yes, exactly like that"),
    "no": ("no, I don't think so, no", "no, not really, no", "not at all, she doesn't",
           "I think not, no", "for me, no, she doesn't", "no, she is not listening",
           "no, is not possible", "no, I am not agree", "I am not agree",
           "I don't agree with that", "no, she doesn't listen", "no, never she listens",
           "honestly, no", "no, no, no", "I don't feel so", "in my opinion, no",
           "I would not say so", "I don't think she does", "no, sorry", "unfortunately not",
           "no, is false", "it's not like that", "she never listens", "it is wrong",
           "I don't think, no", "no yaar", "not really, I think"),
    "unsure": ("I don't know, maybe yes", "maybe, who knows", "I am not sure, really",
               "it can be", "can be, can be not", "perhaps yes, perhaps no", "I have doubt",
               "I'm in doubt", "difficult to know", "it is hard to answer",
               "more or less, I think", "half half", "a little bit yes, a little bit no",
               "depends on the situation", "I cannot say for sure", "I don't know exactly",
               "not sure, not sure", "let me think", "hmm, I don't know", "I am not knowing"),
}
"""Typed only (``typed``): v5-like phrasings for the matcher, written with the spoken
batches; the fit half."""
TYPED_FIT_2: dict[str | None, tuple[str, ...]] = {
    "yes": ("sure that yes", "of course that yes", "I am agreeing", "no doubts",
            "I have no doubts", "there are no doubts", "I don't have doubts", "without doubt",
            "I am not denying", "I don't think it's false", "it is like that only",
            "I am sure that yes", "yes sure"),
    "no": ("sure that no", "of course that no", "clear that no", "clearly not",
           "I think that not", "I believe that not", "I am not believing it", "surely not",
           "sure not", "of course no", "for sure not", "I am sure that not", "obviously no",
           "obviously not", "certainly no", "absolutely no", "totally no", "definitely no",
           "not like that only", "I have my doubts"),
}
"""A second fit batch, typed only: calques of Spanish, Portuguese and Hindi ("claro que
no", "acho que não"), emphatic and denied noes — written after the first batch's causes."""
TYPED_FIT_3: dict[str | None, tuple[str, ...]] = {
    "yes": ("yes, she is listening to him", "she listens, of course", "in my view yes",
            "it is so, no doubt", "correct, correct", "that's it", "exactly so", "yes, why not",
            "obviously yes", "clearly yes", "yes, completely", "fully agree",
            "I agree completely", "I agree with you", "never I said no", "I won't say no",
            "I will not say no", "I can not deny", "nobody can deny it", "there is no question",
            "no question about it", "without question", "I think it's not false"),
    "no": ("not at all, not at all", "no, absolutely not", "I don't agree",
           "I disagree completely", "I totally disagree", "no, I disagree",
           "she is not, I think", "it is not, for me", "not in my opinion",
           "not according to me", "according to me, no", "in my view, no",
           "I don't think so only", "no, that's not it", "that's not it", "not exactly, no",
           "no, not even a little", "not even a little", "never, never", "no chance",
           "impossible", "no, impossible", "it is impossible", "of course it's not",
           "obviously it's not", "I'm sure she doesn't"),
    "unsure": ("I am not very sure", "I don't know if yes or not", "yes or not, I don't know",
               "maybe is true", "maybe it is, maybe not", "can't say", "who knows, maybe",
               "it depends on person", "depends of the person", "fifty-fifty",
               "fifty fifty, I think"),
}
"""A third fit batch, typed only, written in the pass's last hour."""
TYPED_HELD: dict[str | None, tuple[str, ...]] = {
    "yes": ("yes, she does, I think", "for sure she does", "yes, I guess yes",
            "yes, certainly she is", "it's true, yes, it is", "I am sure, yes",
            "of course, of course", "yes, definitely, yes", "true, true", "I think so, no?",
            "she is, isn't she", "yes, is the truth", "I would say that it is",
            "yes, more than ever", "for me it is yes", "yes, always", "you are right",
            "it is correct, yes", "yes, she is, na", "I think she does, yes"),
    "no": ("no, I am not thinking so", "no, she is not", "no, never, never",
           "not at all, not at all", "no, I don't believe that", "it is not true, no",
           "I am not agreeing", "for me is no", "no, is not correct", "not for sure",
           "no, not in my opinion", "no, I would say no", "no, nothing like that",
           "I don't think it is", "she does not, no", "no, I think not", "no, she never",
           "nope, not at all", "no, it isn't, no", "I think it is false"),
    "unsure": ("maybe, maybe", "I am not so sure", "I don't know, honestly", "who can know",
               "it could be", "I am doubting", "I'm not sure, no?", "yes or no, I don't know",
               "a bit yes, a bit no", "it's difficult, I don't know", "I can't really say",
               "I am not knowing exactly", "hmm, maybe", "depends", "I'm not very sure",
               "I have no idea, sorry", "not sure, really", "I need to think"),
}
"""The held half of the typed phrasings: read only after the rules were set."""

NEUTRAL = ("the train was late again this morning", "she bought fresh bread at the market",
           "we walked along the river after dinner", "my brother fixed the old bicycle",
           "please close the window when you leave")
"""For the intelligibility check only: in no set."""

_COMMON = [("ː", ""), ("ᵻ", "i"), ("ɚ", "eɾ"), ("ɜ", "e"), ("oʊ", "o"), ("ɔ", "o"),
           ("ɑ", "a"), ("æ", "a"), ("ʌ", "a"), ("ɪ", "i"), ("ʊ", "u"), ("ɛ", "e"),
           ("θ", "t"), ("ð", "d"), ("ɹ", "ɾ")]
_L1: dict[str, list[tuple[str, str]]] = {
    "es": [("ə", "a"), ("z", "s"), ("v", "b"), ("ʃ", "tʃ"), ("dʒ", "ʝ"), ("ʒ", "ʝ"),
           ("h", "x"), ("ŋ", "n")],
    "pt": [("ə", "a"), ("æ", "ɛ"), ("h", ""), ("θ", "f"), ("dʒ", "ʒ")],
    "hi": [("ə", "a"), ("w", "ʋ"), ("v", "ʋ"), ("z", "dʒ"), ("t", "ʈ"), ("d", "ɖ"),
           ("ɾ", "ʈ"), ("æ", "ɛ"), ("ɹ", "ɾ")],
}


def accented(ipa: str, l1: str) -> str:
    """English phonemes (Kokoro's, from espeak-ng en-us) as a speaker of ``l1`` ("es",
    "pt", "hi") might say them: the L1's own sounds for ones it lacks, and its syllable
    habits (Spanish e before s+consonant at a word's start, Portuguese i after a word's
    final stop, Brazilian h for an initial r)."""
    out = ipa
    for a, b in _L1[l1]:
        if a in ("æ", "θ", "ɾ"):  # before the common rules make them (ɹ -> ɾ)
            out = out.replace(a, b)
    for a, b in _COMMON:
        out = out.replace(a, b)
    for a, b in _L1[l1]:
        if a not in ("æ", "θ", "ɾ"):
            out = out.replace(a, b)
    if l1 == "es":
        out = re.sub(r"(^|[ ,])(ˈ?)s([ptkmnl])", r"\1\2es\3", out)
    if l1 == "pt":
        out = re.sub(r"([tdkpg])(?=$|[ ,.?!])", r"\1i", out)
        out = re.sub(r"(^|[ ,])(ˈ?)ɾ", r"\1\2h", out)
    return out


def speak(text: str, voice: str) -> bytes:
    """``text`` said by ``voice`` (module docstring's forms) as 16 kHz mono s16."""
    from bench_listening_clips import SAMPLE_RATE
    from bench_listening_heldout2 import kokoro_speak

    from voicepiece.listening import listener_voices as lv
    from voicepiece.voices import kokoro

    engine, _, name = voice.partition(":")
    if engine == "espeak-ng":
        base, _, rest = name.partition("@")
        return lv.speak(text, f"espeak-ng:{base}" + (f"@{rest}" if rest else ""))
    if "+" not in name:
        return kokoro_speak(text, voice)
    base, l1 = name.split("+")
    ipa = accented(kokoro.phonemes(text, base), l1)
    samples, _ = kokoro.engine().create(ipa, voice=kokoro.style(base), is_phonemes=True)
    return kokoro.to_segment(samples).set_frame_rate(SAMPLE_RATE).raw_data


def intelligible(args: argparse.Namespace) -> int:
    from bench_listening_blind import intelligibility, print_intelligibility
    from bench_listening_heldout2 import kokoro_speak_kept

    shares = intelligibility(args.voices or FIT_VOICES + HELD_VOICES, NEUTRAL,
                             lambda t, v: kokoro_speak_kept(t, v, "yesno-accents", speak))
    print_intelligibility(shares)
    return 0


def _items(piece: Any, group: str) -> list[tuple[Any, str]]:
    """(item, voice) pairs: each phrasing of the group's batch said by one of its voices,
    rotating, at a rotating yes/no/unsure point."""
    from bench_listening_clips import Item
    from swap_check import _points

    points = [n.name for n in _points(piece)]
    table, voices = (FIT_PHRASINGS, FIT_VOICES) if group == "fit" else (HELD_PHRASINGS,
                                                                       HELD_VOICES)
    rows = [(t, p) for t, ps in table.items() for p in ps]
    return [(Item(points[(k + 3) % len(points)], text, truth), voices[k % len(voices)])
            for k, (truth, text) in enumerate(rows)]


def collect(args: argparse.Namespace) -> int:
    from yesno_check import hear

    from voicepiece.story.loader import load_piece

    piece = load_piece("her")
    groups = [args.group] if args.group else ["fit", "held"]
    return hear(groups, lambda group: _items(piece, group), 470000, {"fit": 0, "held": 5},
                "yesno-accents", _cache, args.noise, speak)


def _cache() -> Any:
    from voicepiece.files import cache_home, private_dir

    return private_dir(cache_home()) / CACHE


def replay(args: argparse.Namespace) -> int:
    """yesno_check's replay, on this check's cache, groups and batches."""
    import swap_check
    import yesno_check

    swap_check.CACHE = "no-such-cache.jsonl"
    yesno_check.CACHE, yesno_check.BASELINE = CACHE, BASELINE
    yesno_check._group = lambda voice: "held" if voice in HELD_VOICES else "fit"
    yesno_check.batch_of = lambda text: ("fit-phr" if any(
        text in p for p in FIT_PHRASINGS.values()) else "held-phr")
    return yesno_check.replay(args)


def typed(args: argparse.Namespace) -> int:
    """swap_check's typed check (typed, and as Whisper's sure words alone, at every
    yes/no/unsure point) on this check's phrasings: the fit batch's, or with ``--show
    held`` the held batch's (after the rules only); ``typed-held2`` is the twelfth pass's
    held batch (:mod:`yesno_accents_held2`), fit material in the thirteenth pass;
    ``typed-held3`` the thirteenth pass's held batch (:mod:`yesno_accents_held3`), reported
    only."""
    import swap_check
    from yesno_accents_held2 import TYPED_FIT_4, TYPED_HELD_2
    from yesno_accents_held3 import TYPED_HELD_3

    table = {"held": HELD_PHRASINGS, "typed-held2": TYPED_HELD_2, "typed-held3": TYPED_HELD_3,
             "typed-fit4": TYPED_FIT_4,
             "typed-fit": TYPED_FIT, "typed-fit2": TYPED_FIT_2, "typed-fit3": TYPED_FIT_3,
             "typed-held": TYPED_HELD}.get(args.show, FIT_PHRASINGS)
    swap_check.PHRASINGS = {t: p for t, p in table.items() if t is not None}
    return swap_check.typed(args)


def knowing(args: argparse.Namespace) -> int:
    """How often the "I don't know" check (polarity.know_or_no: an unsure read from words
    ending "not know" whose rest is a no) was needed, in each cache that exists: per cache
    and group, the turns it fires on by what was said (a no — needed — or an unsure), and
    how many of each a narrower check would keep: only where the grammar leaned to no, or
    where Whisper's "know" was a guess (its piece under 0.8). Counts only."""
    import json

    from yesno_check import HELD_VOICES as CHECK_HELD

    from voicepiece.files import cache_home
    from voicepiece.listening.polarity import know_or_no
    from voicepiece.story.loader import load_piece
    from voicepiece.story.matching import match_answer

    nodes = {n.name: n for n in load_piece("her").listening_points()}
    held = set(HELD_VOICES) | set(CHECK_HELD)
    for name in (CACHE, "yesno-check.jsonl", "swap-check.jsonl", "mirror-trust.jsonl"):
        path = cache_home() / name
        if not path.is_file():
            print(f"{name}: not collected here")
            continue
        tally: dict[tuple[str, str], list[int]] = {}
        for line in path.read_text().splitlines():
            r = json.loads(line)
            text = (r["words"] or {}).get("text")
            choices = nodes[r["point"]].listen.answers
            if not text or not know_or_no(match_answer(text, choices, slips=False).label,
                                          text, choices):
                continue
            meaning = {c.label: c.meaning for c in choices}
            leaned = meaning.get((r["grammar"] or {}).get("label")) == "no"
            know = [p for w, p in r["words"].get("pieces") or [] if w.strip() == "know"]
            guessed = bool(know) and know[-1] < 0.8
            group = "held" if r["voice"] in held else r["set"] if name == "mirror-trust.jsonl" \
                else "fit"
            cell = tally.setdefault((group, str(r["truth"])), [0, 0, 0])
            cell[0] += 1
            cell[1] += leaned
            cell[2] += guessed
        print(f"{name}: fires / grammar leaned no / 'know' guessed, by group and truth")
        for (group, truth), (n, leaned_no, guess) in sorted(tally.items()):
            print(f"  {group:14} {truth:7} {n:4} {leaned_no:4} {guess:4}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("intelligible", "typed", "collect", "replay", "knowing"))
    parser.add_argument("--group", choices=("fit", "held"))
    parser.add_argument("--noise", choices=("clean", "20", "10"))
    parser.add_argument("--show", choices=("fit", "held", "all", "none", "typed-fit",
                                           "typed-fit2", "typed-fit3", "typed-held",
                                           "typed-held2", "typed-fit4", "typed-held3"),
                        default="fit")
    parser.add_argument("--save-baseline", action="store_true")
    parser.add_argument("--changed", action="store_true")
    parser.add_argument("voices", nargs="*", help="intelligible: these voices only")
    args = parser.parse_args()
    args.seen = False
    return {"intelligible": intelligible, "typed": typed, "collect": collect,
            "replay": replay, "knowing": knowing}[args.what](args)


if __name__ == "__main__":
    sys.exit(main())

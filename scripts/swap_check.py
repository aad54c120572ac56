#!/usr/bin/env python3
"""Where a yes, no or unsure answer gets the wrong built-in label, and how: development
phrasings typed and read from words, then said by accented seen voices in a gallery-like
room and heard by the default ear (issue 13: the accented blind set v5 swapped yes and no).

    PYTHONPATH=.:scripts python scripts/swap_check.py typed
    PYTHONPATH=.:scripts python scripts/swap_check.py collect [--noise clean|20|10]
    PYTHONPATH=.:scripts python scripts/swap_check.py replay [--cache mirror-trust.jsonl]

``typed`` reads :data:`PHRASINGS` (written for this check; development data) at every
yes/no/unsure point three ways — typed, and as Whisper's sure words with no grammar
(``combine``'s "words alone" path) — and prints each wrong built-in label with the rule
that decided. ``collect`` says them, and the yes/no/unsure items of the ear development
set and of v3, with the seen turn-taking v7 voices (Spanish, Italian, Hindi; never a blind
set's voice) in :func:`gallery_noise` at clean, 20 and 10 dB, hears each by the default
ear (as ``scripts/mirror_trust.py collect`` does, same record format) into the user cache
(``swap-check.jsonl``; synthetic speech only). ``replay`` decides the cached turns again
with the code as it is now (the grammar's result and Whisper's words are kept), a
piece's own answer counted by its meaning ("between" is a yes at combustion): per set
and noise level right/wrong/swapped, off-list taken, and each wrong label with what was
said, the grammar's label and score, Whisper's words, confidence and least sure piece,
the rule that decided and whether it was confirmed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

CACHE = "swap-check.jsonl"
BUILT_IN = ("yes", "no", "unsure")

PHRASINGS: dict[str, tuple[str, ...]] = {
    "yes": ("I wouldn't say no", "I'm not saying no", "I'd never say no", "I don't doubt it",
            "I never doubted it", "there's no denying it", "how could I say no",
            "I can't disagree", "it's not untrue", "you're not wrong", "no problem",
            "I wouldn't deny it", "no arguing with that", "yes, I think so", "I guess so",
            "I would think so", "it is, yes", "of course it is", "I'm fairly sure it is"),
    "no": ("I guess not", "I suppose not", "I think not", "I'd say not", "no, not really",
           "I'm fairly sure it's not", "no, I'm sure it isn't", "not at all, no",
           "of course not", "I really don't think so", "never, no", "I don't, no",
           "it is not, no", "I doubt it"),
    "unsure": ("I'm not sure, no", "maybe yes, maybe no", "yes and no", "neither yes nor no",
               "I don't know, really", "it's hard to say", "in part yes, in part no",
               "I couldn't tell you", "not sure", "I have no idea"),
}
"""Answers written for this check (development data), by the meaning they give: denied
noes that say yes, hedged noes, clauses that disagree, and plain answers beside them."""
GALLERY_VOICES = ("kokoro:am_santa", "kokoro:em_alex", "kokoro:if_sara", "kokoro:hm_omega")
"""The turn-taking v7 set's voices: seen, free for tuning (scripts/bench_turns_v7.py)."""


def _cache() -> Path:
    from voicepiece.files import cache_home, private_dir

    return private_dir(cache_home()) / CACHE


def _points(piece: Any) -> list[Any]:
    return [n for n in piece.listening_points() if n.listen is not None and {
        c.meaning or c.label for c in n.listen.answers} >= set(BUILT_IN)]


def typed(args: argparse.Namespace) -> int:
    from bench_listening_dev import decided

    from voicepiece.assembly.ears import meaning_model
    from voicepiece.listening.base import Recognition
    from voicepiece.listening.combined import combine
    from voicepiece.listening.ear import _heard_of
    from voicepiece.listening.whisper_model import WhisperWords
    from voicepiece.session.events import Heard, Question
    from voicepiece.story.loader import load_piece

    piece = load_piece("her")
    meanings = meaning_model(piece, eager=True)
    none = Recognition(None, None, 0.0, "reject")
    tally: Counter[str] = Counter()
    for truth, phrases in PHRASINGS.items():
        for text in phrases:
            for node in _points(piece):
                question = Question(node.name, node.listen.answers, node.listen.settings)
                meaning = {c.label: c.meaning or c.label for c in node.listen.answers}
                words = WhisperWords(text=text, confidence=0.9, no_speech=0.05, seconds=0.2,
                                     least=0.8, pieces=tuple((f" {w}", 0.8)
                                                             for w in text.split()))
                found = combine(none, words, question.choices)
                label, zone, _, _ = decided(_heard_of(found.recognition), piece, node.name,
                                            meanings)
                said = meaning.get(label, label)
                written = decided(Heard(text, own_words=True), piece, node.name, meanings)[0]
                tally["turns"] += 1
                for how, got, accepted in (("typed", meaning.get(written, written), True),
                                           ("words", said, zone == "accept")):
                    tally[f"{how} right"] += got == truth and accepted
                    if got in BUILT_IN and got != truth:
                        kind = "swap" if {got, truth} == {"yes", "no"} else "wrong"
                        tally[f"{how} {kind}{'' if accepted else ' (asked)'}"] += 1
                        print(f"{how:5} {kind:5} {'accepted' if accepted else 'asked':8} "
                              f"@{node.name:<12} {text!r} {truth} -> {got}"
                              + (f" ({found.how})" if how == "words" else ""))
    print(dict(tally))
    return 0


def gallery_noise(seconds: float = 20.0, seed: int = 71) -> Any:
    """A gallery heard from an alcove, unit RMS: far murmur (the dev set's babble, far
    off), ventilation (its fan, lower), footsteps (soft thumps every ~0.6 s in bursts) and
    now and then a door, all through a 0.25 s room (v3's impulse response, shorter)."""
    import numpy as np
    from bench_listening_clips import SAMPLE_RATE
    from bench_listening_dev_set import babble, fan
    from bench_listening_heldout3 import impulse_response

    n = round(seconds * SAMPLE_RATE)
    rng = np.random.default_rng(seed)
    murmur = np.resize(babble(seed), n)
    air = 0.5 * np.resize(fan(seed), n)
    steps = np.zeros(n)
    thump = np.hanning(round(0.03 * SAMPLE_RATE)) * np.sin(
        2 * np.pi * 90 * np.arange(round(0.03 * SAMPLE_RATE)) / SAMPLE_RATE)
    at = 0
    while at < n - len(thump):
        for _ in range(rng.integers(3, 8)):  # one walker passing
            if at >= n - len(thump):
                break
            steps[at:at + len(thump)] += rng.uniform(1.5, 3.0) * thump
            at += round(rng.uniform(0.5, 0.7) * SAMPLE_RATE)
        at += round(rng.uniform(1.0, 3.0) * SAMPLE_RATE)
    door = np.zeros(n)
    slam = rng.standard_normal(round(0.12 * SAMPLE_RATE)) * np.exp(
        -np.arange(round(0.12 * SAMPLE_RATE)) / (0.02 * SAMPLE_RATE))
    for start in rng.integers(0, n - len(slam), size=max(1, round(seconds / 8))):
        door[start:start + len(slam)] += 4.0 * slam
    dry = murmur + air + steps + door
    wet = np.convolve(dry, impulse_response(seed, rt60=0.25), mode="full")[:n]
    return wet / np.sqrt(np.mean(wet ** 2))


def _items(piece: Any) -> list[Any]:
    from bench_listening_clips import Item
    from bench_listening_dev_set import dev_items
    from bench_listening_heldout3 import v3_items

    kept = [i for i in (*dev_items(piece, False), *v3_items(piece))
            if i.truth in BUILT_IN or i.truth is None]
    points = [n.name for n in _points(piece)]
    kept += [Item(points[k % len(points)], text, truth)
             for k, (truth, text) in enumerate((t, p) for t, ps in PHRASINGS.items()
                                               for p in ps)]
    return kept


def collect(args: argparse.Namespace) -> int:
    import mirror_trust
    from bench_listening_clips import NOISE_LEVELS, SAMPLE_RATE, TRAILING, Clip
    from bench_listening_heldout2 import kokoro_speak_kept, with_noise

    from voicepiece.listening import listener_voices as lv
    from voicepiece.listening.base import FRAME_SAMPLES
    from voicepiece.story.loader import load_piece

    levels = {"clean": None, "20": 20.0, "10": 10.0}
    items = _items(load_piece("her"))
    noise = gallery_noise()
    clips = []
    for k, snr in enumerate(NOISE_LEVELS):
        if args.noise is not None and snr != levels[args.noise]:
            continue
        for i, item in enumerate(items):
            voice = GALLERY_VOICES[i % len(GALLERY_VOICES)]
            speech = kokoro_speak_kept(item.text, voice, "mirror-accented-speech")
            samples = len(speech) // 2
            lead = round(0.5 * SAMPLE_RATE)
            lead += -(lead + samples) % FRAME_SAMPLES
            seed = 270000 + 1000 * k + 10 * i
            padded = lv.pad(speech, lead / SAMPLE_RATE, TRAILING, seed)
            pcm = with_noise(speech, padded, snr, noise, (seed * 7919) % len(noise))
            clips.append(Clip(item, voice, snr, pcm, lead + samples, samples / SAMPLE_RATE))
    mirror_trust.CACHE = CACHE  # the same collection, into this check's own cache

    def sets(_: argparse.Namespace, __: Any) -> Any:
        yield "gallery", items, [clips]

    mirror_trust._sets = sets
    return mirror_trust.collect(argparse.Namespace(noise=None))


def replay(args: argparse.Namespace) -> int:
    from mirror_trust import Replayer

    from voicepiece.files import cache_home

    path = cache_home() / args.cache if args.cache else _cache()
    play = Replayer()
    tally: Counter[tuple[str, Any, str]] = Counter()
    for line in path.read_text().splitlines():
        r = json.loads(line)
        key = (r["set"], r["snr"])
        label, zone, _, _, found = play(r)
        label = {c.label: c.meaning or c.label for c in play.nodes[r["point"]].listen.answers
                 }.get(label, label)  # "between" at combustion is a yes
        if r["truth"] is None:
            tally[(*key, "off-list")] += 1
            tally[(*key, "off-list taken")] += zone in ("accept", "confirm")
            continue
        if r["truth"] not in BUILT_IN:
            continue
        tally[(*key, "answers")] += 1
        tally[(*key, "right")] += label == r["truth"] and zone in ("accept", "confirm")
        if label == r["truth"] or zone not in ("accept", "confirm"):
            continue
        swap = {label, r["truth"]} == {"yes", "no"}
        tally[(*key, ("swap" if swap else "wrong") + (" asked" if zone == "confirm" else ""))] += 1
        g, w = r["grammar"] or {}, r["words"] or {}
        print(f"{'SWAP' if swap else 'wrong'} {zone:7} {r['set']} {r['snr']} "
              f"{r['voice'].split(':')[-1]} @{r['point']} said {r['text']!r} "
              f"{r['truth']} -> {label}\n    grammar {g.get('text')!r} {g.get('label')} "
              f"{g.get('zone')} {g.get('score', 0):.2f}; whisper {w.get('text')!r} conf "
              f"{w.get('confidence', 0):.2f} least {w.get('least', 0):.2f}; "
              f"{found.how if found else 'nothing heard'}")
    for key in sorted({k[:2] for k in tally}, key=str):
        print(f"  {key[0]:<10} {key[1]!s:<5} " + ", ".join(
            f"{name} {tally[(*key, name)]}" for name in (
                "answers", "right", "wrong", "wrong asked", "swap", "swap asked", "off-list",
                "off-list taken")))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("typed", "collect", "replay"))
    parser.add_argument("--noise", choices=("clean", "20", "10"))
    parser.add_argument("--cache", help="another cache of the same format, in the user cache")
    args = parser.parse_args()
    return {"typed": typed, "collect": collect, "replay": replay}[args.what](args)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Tuning data for the combined ear's thresholds (voicepiece/listening/combined.py): how
sure Whisper is of words the listener really said, and of words it misheard.

    PYTHONPATH=. python scripts/fit_combined.py [--quick]

Only TUNING data: the verifier's training phrasings of the yes/no grammar
(``fit_clips.split_of``), its training off-list phrases, and open answers written for
tuning alone (TUNING_OPEN), said by the tuning-side bench's three listener voices in pink
noise. The held-out set of scripts/bench_listening_heldout.py (other voices, phrasings and
white noise) is never heard here. Each clip is shaped like the audio of the ear's
completeness check and decided by the real CombinedRecognizer (waiting for Whisper).

Prints, per Whisper confidence band, how often the words it would say back are words the
listener said; and how the combination's rules decided.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from bench_listening_clips import NOISE_LEVELS, VOICES
from bench_listening_honest import honest
from fit_clips import OFF_LIST, split_of

TUNING_OPEN = (
    ("yes I believe she does", "yes"), ("of course, always", "yes"),
    ("I'd say probably yes", "yes"), ("well, yes, mostly", "yes"),
    ("no, I don't believe so", "no"), ("not at all, never", "no"),
    ("um, I think not", "no"), ("no, not really", "no"),
    ("I'm really not certain", "unsure"), ("well, maybe", "unsure"),
    ("hmm, I don't know", "unsure"), ("it's hard to know", "unsure"),
)
POINT = "she_listens"


def items(quick: bool) -> list[tuple[str, str | None]]:
    from voicepiece.listening.grammar import grammar_for
    from voicepiece.story.loader import load_piece

    piece = load_piece("her")
    listen = {n.name: n for n in piece.listening_points()}[POINT].listen
    assert listen is not None
    labels = grammar_for(listen.answers).labels
    train = sorted(p for p, label in labels.items()
                   if label is not None and split_of(p) == "train")
    off = [p for p in OFF_LIST if split_of(p) == "train" and len(p.split()) > 1]
    step = 6 if quick else 3
    return ([(p, labels[p]) for p in train[::step]] + list(TUNING_OPEN)
            + [(p, None) for p in off[::2 if quick else 1]])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    from voicepiece.listening import listener_voices as lv
    from voicepiece.listening.combined import CombinedRecognizer
    from voicepiece.story.loader import load_piece

    listen = {n.name: n for n in load_piece("her").listening_points()}[POINT].listen
    assert listen is not None
    ear = CombinedRecognizer(unsure_wait=30.0, sure_wait=30.0)
    bands = [0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01]
    said_back: Counter[tuple[int, bool]] = Counter()
    rules: Counter[tuple[str, str]] = Counter()
    chosen = items(args.quick)
    print(f"{len(chosen)} phrasings x {len(NOISE_LEVELS)} noise levels", file=sys.stderr)
    for k, snr in enumerate(NOISE_LEVELS):
        for i, (text, truth) in enumerate(chosen):
            voice = VOICES[(i + k) % len(VOICES)]
            pcm = lv.live_turn(text, voice, snr, seed=9000 + 100 * k + i, after=0.25)
            found = ear.recognize(pcm, listen.answers)
            last = ear.last
            assert last is not None
            words = last.words
            if words is not None and words.text and found.zone != "reject" and found.label:
                band = next(b for b in range(len(bands) - 1)
                            if bands[b] <= words.confidence < bands[b + 1])
                said_back[(band, honest(words.text, text))] += 1
            outcome = ("right" if found.label == truth and found.zone != "reject"
                       else "rejected" if found.zone == "reject"
                       else "WRONG" if truth else "OFF-LIST TAKEN")
            if truth is None and found.zone == "reject":
                outcome = "off-list rejected"
            rules[(last.how, outcome)] += 1
            if outcome in ("WRONG", "OFF-LIST TAKEN") or (
                    words and words.text and not honest(words.text, text)
                    and found.zone != "reject"):
                print(f"  {text!r} ({voice}, {snr}) -> {found.label} {found.zone} "
                      f"[{last.how}; whisper {words and words.text!r} "
                      f"{words and round(words.confidence, 2)}]")
    print("\nwords of accepted/confirmed answers, by Whisper's confidence: honest / all")
    for b in range(len(bands) - 1):
        ok, bad = said_back[(b, True)], said_back[(b, False)]
        if ok + bad:
            print(f"  {bands[b]:.1f}-{bands[b + 1]:.1f}: {ok}/{ok + bad}")
    print("\nrules:")
    for (how, outcome), n in sorted(rules.items()):
        print(f"  {how:<24} {outcome:<18} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

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
listener said; how the combination's rules decided; and, for the trust rule
(``combined.LEAST_FLOOR``), how many of the words said back are true at each floor on the
least sure word piece (``WhisperWords.least``). With ``--friendship`` it also hears
tuning answers at her's friendship point (its own meanings: the grammar's training
phrasings of them and TUNING_FRIENDSHIP).
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
TUNING_FRIENDSHIP = (
    ("by really listening to them", "listen"), ("spending time with them", "listen"),
    ("just paying attention", "listen"), ("slowing right down", "slow_down"),
    ("putting the phone away", "slow_down"), ("taking a break together", "slow_down"),
    ("being honest with each other", "open_up"), ("opening up to them", "open_up"),
    ("letting people in", "open_up"), ("I really don't know", "unsure"),
)


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
    parser.add_argument("--friendship", action="store_true")
    args = parser.parse_args()
    from voicepiece.listening import listener_voices as lv
    from voicepiece.listening.combined import CombinedRecognizer
    from voicepiece.story.loader import load_piece

    points = {n.name: n.listen for n in load_piece("her").listening_points()}
    chosen_at = [(POINT, t, truth) for t, truth in items(args.quick)]
    if args.friendship:
        chosen_at += [("friendship", t, truth) for t, truth in TUNING_FRIENDSHIP]
    ear = CombinedRecognizer(unsure_wait=30.0, sure_wait=30.0)
    bands = [0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01]
    said_back: Counter[tuple[int, bool]] = Counter()
    rules: Counter[tuple[str, str]] = Counter()
    trust: list[tuple[bool, float, float]] = []  # (true, confidence, least) said back
    print(f"{len(chosen_at)} phrasings x {len(NOISE_LEVELS)} noise levels", file=sys.stderr)
    for k, snr in enumerate(NOISE_LEVELS):
        for i, (point, text, truth) in enumerate(chosen_at):
            listen = points[point]
            assert listen is not None
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
                trust.append((honest(words.text, text), words.confidence, words.least))
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
                      f"{words and round(words.confidence, 2)} "
                      f"least {words and round(words.least, 2)}]")
    print("\nwords of accepted/confirmed answers, by Whisper's confidence: honest / all")
    for b in range(len(bands) - 1):
        ok, bad = said_back[(b, True)], said_back[(b, False)]
        if ok + bad:
            print(f"  {bands[b]:.1f}-{bands[b + 1]:.1f}: {ok}/{ok + bad}")
    print("\nwords said back at confidence >= c and least word piece >= f: true / said")
    for c in (0.6, 0.65, 0.7):
        row = []
        for f in (0.0, 0.2, 0.3, 0.4, 0.5, 0.6):
            kept = [ok for ok, conf, least in trust if conf >= c and least >= f]
            row.append(f"f={f:.1f}: {sum(kept)}/{len(kept)}")
        print(f"  c={c:.2f}  " + "  ".join(row))
    print("\nrules:")
    for (how, outcome), n in sorted(rules.items()):
        print(f"  {how:<24} {outcome:<18} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The ear's development set, heard offline with every miss printed: the tuning-side
counterpart of the v2 held-out set (scripts/bench_listening_dev_set.py says what it holds).

    PYTHONPATH=. python scripts/bench_listening_dev.py [--quick] [--typed] [--trust] [--v3]
        [--decisions FILE]

Each clip is heard as ``render --reply`` hears an audio file: the default ear
(``ListeningEar`` with the combined recognizer, which then always waits for Whisper), the
session's own decision (``decide_turn``, with the sentence model and the question) and the
story's own mirror for ``{heard}``. Printed per item: a wrong label accepted (``WRONG``),
yes and no swapped (``SWAP``, accepted; ``swap?`` only confirmed), a wrong label sent to
confirmation (``confirm-wrong``), a right one rejected (``missed``), off-list speech
accepted or confirmed (``OFF-LIST``), and words said back that the listener did not say
(``UNTRUE``); then issue 13's figures per noise level, as ``scripts/bench listening``
computes them. ``--typed`` reads the same items as typed replies instead (the matcher's
ceiling, in a second); ``--trust`` prints the trust rule's table (words said back, true or
not, by Whisper's confidence and least sure word piece).

``--v3`` hears listening v3 instead (spent as held-out, a development set now).

Tuning data: looking at these misses is what it is for. Never point it at v2 or v4.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bench_listening_clips import Clip, Item
from bench_listening_dev_set import DEV_VOICES, dev_clips, dev_items, noise_of
from bench_listening_honest import honest, print_honest
from bench_listening_results import Outcome, Turn

from voicepiece.listening.base import ACCEPT, CONFIRM

if TYPE_CHECKING:
    from voicepiece.session.events import Heard
    from voicepiece.story.model import Piece


def disjoint(items: Sequence[Item]) -> list[str]:
    """The set's phrasings found word for word in another set it must not share with (v1,
    v2, the tuning and held-out tsv files, the phrase lists, fit_combined's answers)."""
    import bench_listening_heldout as v1
    import bench_listening_heldout2 as v2
    import fit_combined
    from bench_listening_clips import ROOT

    from voicepiece.story.phrases import builtin_phrases, understood_phrases
    from voicepiece.story.wording import normalize

    others: set[str] = set()
    for path in (ROOT / "tests" / "data").glob("*.tsv"):
        for line in path.read_text().splitlines():
            if line and not line.startswith("#"):
                others.add(normalize(line.split("\t")[-1]))
    texts = [t for t, _ in (*v1.ANSWERS, *v2.ANSWERS, *fit_combined.TUNING_OPEN,
                            *fit_combined.TUNING_FRIENDSHIP)]
    texts += [*v1.OFF_LIST, *v2.OFF_LIST, *(t for _, t, _ in v2.ELSEWHERE)]
    others.update(normalize(t) for t in texts)
    for table in (builtin_phrases(), understood_phrases()):
        for phrases in table.values():
            others.update(phrases)
    return [i.text for i in items if normalize(i.text) in others]


def decided(heard: Heard, piece: Piece, point: str, meanings: Any) -> tuple[str, str, str | None,
                                                                             bool]:
    """(label, zone, what ``{heard}`` says, whether that is the listener's own words), as
    the session decides a turn (the listening bench's own scoring, without its clock)."""
    from bench_listening_turns import judged

    from voicepiece.session.events import Question

    node = next(n for n in piece.listening_points() if n.name == point)
    listen = node.listen
    assert listen is not None
    question = Question(node.name, listen.answers, listen.settings)
    label, _, zone, mirrored, own = judged(heard, question, node, meanings)
    return label, zone, mirrored, own


def verdict(item: Item, label: str, zone: str, mirrored: str | None, own: bool) -> list[str]:
    """What went wrong with one turn (nothing: an empty list)."""
    out = []
    if item.truth is None:
        if zone in (ACCEPT, CONFIRM):
            out.append("OFF-LIST")
    elif {item.truth, label} == {"yes", "no"}:
        out.append("SWAP" if zone == ACCEPT else "swap?")
    elif label != item.truth:
        out.append("WRONG" if zone == ACCEPT else "confirm-wrong" if zone == CONFIRM
                   else "missed")
    if zone == ACCEPT and own and mirrored and not honest(mirrored, item.text):
        out.append("UNTRUE")
    return out


def typed(piece: Piece, items: Sequence[Item], meanings: Any) -> int:
    from voicepiece.session.events import Heard

    wrong = 0
    for item in items:
        label, zone, mirrored, own = decided(Heard(item.text, own_words=True), piece,
                                             item.point, meanings)
        kinds = verdict(item, label, ACCEPT if zone == CONFIRM else zone, mirrored, own)
        wrong += bool(kinds)
        if kinds:
            print(f"  {'/'.join(kinds):<14} @{item.point:<12} {item.text!r} -> {label}")
    print(f"typed: {len(items) - wrong}/{len(items)} right")
    return 0


def heard_clips(piece: Piece, items: Sequence[Item], clips: Sequence[Clip],
                meanings: Any, named: Any = noise_of
                ) -> tuple[list[Turn], list[tuple[bool, float, float]]]:
    from bench_listening_turns import check_of

    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.engines import DEFAULT_RECOGNIZER, recognizer_for
    from voicepiece.listening.sources import PcmSource
    from voicepiece.session.events import Question

    recognizer = recognizer_for(DEFAULT_RECOGNIZER)
    source = PcmSource(b"")
    ear = ListeningEar(lambda: source, recognizer)
    nodes = {n.name: n for n in piece.listening_points()}
    turns, trust = [], []
    for clip in clips:
        node = nodes[clip.item.point]
        assert node.listen is not None
        source = PcmSource(clip.pcm)
        recognizer.last = None
        heard = ear.listen(Question(node.name, node.listen.answers, node.listen.settings))
        label, zone, mirrored, own = decided(heard, piece, node.name, meanings)
        last = recognizer.last
        words = last.words if last is not None else None
        if zone == ACCEPT and own and mirrored and words is not None:
            trust.append((honest(mirrored, clip.item.text), words.confidence, words.least))
        refused, rival = (check_of(heard, Question(node.name, node.listen.answers,
                                                   node.listen.settings), node, meanings)
                          if zone == CONFIRM else (None, None))
        turns.append(Turn(clip, 0.0, Outcome(label, zone, heard.text, 0.0, 0.0, False, {},
                                             mirrored, own, last and last.how,
                                             refused=refused, rival=rival), None))
        kinds = verdict(clip.item, label, zone, mirrored, own)
        if kinds:
            noise = named(clip, items)
            level = "" if clip.snr is None else f" {clip.snr:.0f}"
            said = (f"whisper {words.text!r} {words.confidence:.2f} least {words.least:.2f}"
                    if words is not None and words.text else "whisper -")
            print(f"  {'/'.join(kinds):<14} {noise}{level:<4} {clip.voice.split(':')[-1]:<11}"
                  f" @{node.name:<12} {clip.item.text!r} -> {label} {zone} "
                  f"[{last and last.how}; {said}]"
                  + (f" says back {mirrored!r}" if mirrored and own else ""), flush=True)
    return turns, trust


def write_decisions(turns: Sequence[Turn], path: str) -> None:
    """Each turn's decision, a JSON line in the order heard."""
    import json

    with open(path, "w", encoding="utf-8") as out:
        for turn in turns:
            o, clip = turn.ours, turn.clip
            out.write(json.dumps({"text": clip.item.text, "point": clip.item.point,
                                  "voice": clip.voice, "snr": clip.snr, "label": o.label,
                                  "zone": o.zone, "heard": o.heard, "how": o.how,
                                  "mirrored": o.mirrored}) + "\n")


def print_trust(trust: Sequence[tuple[bool, float, float]]) -> None:
    print("\nwords said back at confidence >= c and least word piece >= f: true / said")
    for c in (0.6, 0.7, 0.8):
        row = []
        for f in (0.0, 0.3, 0.4, 0.5, 0.6):
            kept = [ok for ok, conf, least in trust if conf >= c and least >= f]
            row.append(f"f={f:.1f}: {sum(kept)}/{len(kept)}")
        print(f"  c={c:.2f}  " + "  ".join(row))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="every third item")
    parser.add_argument("--typed", action="store_true", help="read the items as typed")
    parser.add_argument("--trust", action="store_true", help="print the trust table")
    parser.add_argument("--noise", choices=("clean", "20", "10"), help="one noise level")
    parser.add_argument("--v3", action="store_true",
                        help="hear listening v3 instead (spent as held-out: a development set)")
    parser.add_argument("--decisions", metavar="FILE",
                        help="write each turn's decision (label, zone, words heard, the rule "
                             "that decided, what is said back) a JSON line: a change that "
                             "must not change decisions is compared by it, before and after")
    args = parser.parse_args()
    from voicepiece.assembly.ears import meaning_model
    from voicepiece.story.loader import load_piece

    piece = load_piece("her")
    if args.v3:
        from bench_listening_heldout3 import V3_VOICES, v3_clips, v3_items

        items, voices = v3_items(piece), V3_VOICES
    else:
        items, voices = dev_items(piece, args.quick), DEV_VOICES
    shared = [] if args.v3 else disjoint(items)
    if shared:
        print(f"not disjoint from the other sets: {shared}", file=sys.stderr)
        return 1
    meanings = meaning_model(piece, eager=True)
    if args.typed:
        return typed(piece, items, meanings)
    sessions = v3_clips(items) if args.v3 else dev_clips(items)
    level = {"clean": None, "20": 20.0, "10": 10.0}
    clips = [c for s in sessions for c in s if args.noise is None or c.snr == level[args.noise]]
    print(f"dev set: {sum(i.on_list for i in items)} answers, "
          f"{sum(not i.on_list for i in items)} off-list, {len(clips)} turns by "
          f"{', '.join(voices)}", flush=True)
    turns, trust = heard_clips(piece, items, clips, meanings,
                               (lambda c, _: "tv" if c.snr else "room") if args.v3 else noise_of)
    if args.decisions:
        write_decisions(turns, args.decisions)
    print_honest("ear development set (tuning side):", turns)
    if args.trust:
        print_trust(trust)
    return 0


if __name__ == "__main__":
    sys.exit(main())

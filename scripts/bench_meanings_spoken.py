#!/usr/bin/env python3
"""Spoken answers replayed through the session's decision: what the ear heard of every clip
of the development sets is kept once, so the meaning layer's decision
(``voicepiece.session.deciding``) can be tried on them again in seconds.

    PYTHONPATH=.:scripts python scripts/bench_meanings_spoken.py hear [--v3] [--dev] [--quick]
    PYTHONPATH=.:scripts python scripts/bench_meanings_spoken.py [--misses] [--class C]

``hear`` runs the default ear (grammar + Whisper, as ``render --reply`` hears a clip) on
listening v3 and the ear development set (both tuning side) and writes what it heard per
clip — Whisper's words, the ear's label and zone, which rule decided — to a private file
under the user's cache (text only: no voice is kept). The ear does not read by meaning
(listening/combined.py reads Whisper's words by the rules alone), so a change to
story/meaning.py or session/deciding.py needs no new hearing; a change to the rules of
story/matching.py does.

Without ``hear``, the kept turns are decided again and scored as the listening bench
scores them (bench_listening_honest: right, wrong label accepted, off-list taken, by class
of utterance); ``--misses`` prints every wrong or missed own meaning and open answer with
what the meaning layer made of it: its label, score, lead and the answer after it.

Development data only: never point it at a held-out set.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from bench_listening_clips import Clip, Item
from bench_listening_honest import answer_class, honest_figures
from bench_listening_results import Outcome, Turn, ending, taken

from voicepiece.listening.base import CONFIRM

KEPT = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "voicepiece" / \
    "bench-meanings-heard.jsonl"


def hear(sets: list[str], quick: bool) -> int:
    from bench_listening_dev_set import dev_clips, dev_items
    from bench_listening_heldout3 import v3_clips, v3_items

    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.engines import DEFAULT_RECOGNIZER, recognizer_for
    from voicepiece.listening.sources import PcmSource
    from voicepiece.session.events import Question
    from voicepiece.story.loader import load_piece

    piece = load_piece("her")
    nodes = {n.name: n for n in piece.listening_points()}
    recognizer = recognizer_for(DEFAULT_RECOGNIZER)
    source = PcmSource(b"")
    ear = ListeningEar(lambda: source, recognizer)
    KEPT.parent.mkdir(parents=True, exist_ok=True)
    done = {(r["set"], r["voice"], r["snr"], r["point"], r["text"]) for r in _kept()}
    with KEPT.open("a", encoding="utf-8") as out:
        os.chmod(KEPT, 0o600)
        for name in sets:
            items = v3_items(piece) if name == "v3" else dev_items(piece, quick)
            sessions = v3_clips(items) if name == "v3" else dev_clips(items)
            clips = [c for s in sessions for c in s]
            print(f"{name}: {len(clips)} turns", file=sys.stderr, flush=True)
            for n, clip in enumerate(clips, 1):
                item = clip.item
                if (name, clip.voice, clip.snr, item.point, item.text) in done:
                    continue
                node = nodes[item.point]
                assert node.listen is not None
                source = PcmSource(clip.pcm)
                recognizer.last = None
                heard = ear.listen(Question(node.name, node.listen.answers,
                                            node.listen.settings))
                last = recognizer.last
                words = last.words if last is not None else None
                out.write(json.dumps({
                    "set": name, "voice": clip.voice, "snr": clip.snr, "point": item.point,
                    "text": item.text, "truth": item.truth,
                    "heard": {"text": heard.text, "confidence": heard.confidence,
                              "label": heard.label, "confirm": heard.confirm,
                              "own_words": heard.own_words, "nearly_sure": heard.nearly_sure,
                              "sure_words": heard.sure_words},
                    "whisper": None if words is None else [words.text, words.confidence,
                                                           words.least],
                    "how": last and last.how}) + "\n")
                out.flush()
                if n % 50 == 0:
                    print(f"  {n}/{len(clips)}", file=sys.stderr, flush=True)
    return 0


def _kept() -> list[dict[str, Any]]:
    if not KEPT.exists():
        return []
    return [json.loads(line) for line in KEPT.read_text("utf-8").splitlines() if line]


def replay(misses: bool, only: str | None, sets: list[str]) -> int:
    from bench_listening_turns import check_of, judged

    from voicepiece.assembly.ears import meaning_model
    from voicepiece.session.deciding import asked_words
    from voicepiece.session.events import Heard, Question
    from voicepiece.story import meaning
    from voicepiece.story.loader import load_piece
    from voicepiece.story.meaning import nearest_answer

    gist_lead = getattr(meaning, "gist_lead", None)  # absent before it was written

    piece = load_piece("her")
    nodes = {n.name: n for n in piece.listening_points()}
    meanings = meaning_model(piece, eager=True)
    rows = [r for r in _kept() if r["set"] in sets]
    turns: dict[str, list[Turn]] = {}
    for r in rows:
        node = nodes[r["point"]]
        assert node.listen is not None
        question = Question(node.name, node.listen.answers, node.listen.settings)
        heard = Heard(**r["heard"])
        label, _, zone, mirrored, own = judged(heard, question, node, meanings)
        item = Item(r["point"], r["text"], r["truth"])
        clip = Clip(item, r["voice"], r["snr"], b"", 0, 0.0)
        refused, rival = (check_of(heard, question, node, meanings) if zone == CONFIRM
                          else (None, None))
        turns.setdefault(r["set"], []).append(Turn(clip, 0.0, Outcome(
            label, zone, heard.text, 0.0, 0.0, mirrored=mirrored, own_words=own,
            how=r["how"], refused=refused, rival=rival), None))
        kind = answer_class(r["truth"])
        wrong = label != r["truth"] if r["truth"] else zone in ("accept", "confirm")
        if misses and wrong and (only is None or kind == only):
            near = (nearest_answer(heard.text, question.choices, meanings,
                                   question=asked_words(node))
                    if heard.text and meanings is not None else None)
            gist = (gist_lead(heard.text, near.label, question.choices, meanings)
                    if gist_lead and near is not None and near.label is not None else None)
            read = "-" if near is None else (
                f"{near.label} {near.similarity:.2f} lead {near.margin:.2f} "
                f"via {near.example!r}" + ("" if gist is None else f", gist lead {gist:.2f}"))
            print(f"  {kind:<13} @{r['point']:<12} {r['text']!r} (truth {r['truth']}) -> "
                  f"{label} {zone} | ear {heard.label} {r['how']}; whisper "
                  f"{r['whisper'] and r['whisper'][0]!r} own={heard.own_words} "
                  f"sure={heard.sure_words} | meaning: {read}")
    for name, part in turns.items():
        print(f"\n{name}: {len(part)} turns")
        by = {}
        for t in part:
            by.setdefault(answer_class(t.clip.item.truth), []).append(t)
        for kind, group in by.items():
            f = honest_figures(group)
            if kind == "off-list":
                print(f"  {kind:<15} {len(group):>4}: off-list taken {f['off_list_taken']}")
            else:
                ends = [(ending(t.clip.item.truth, t.ours.label, t.ours.zone,
                                t.ours.refused, t.ours.rival), t.clip.item.truth)
                        for t in group]
                wrong = sum(taken(end) and end != truth for end, truth in ends)
                right = sum(end == truth for end, truth in ends)
                print(f"  {kind:<15} {len(group):>4}: right {right} "
                      f"({f['right_branch']}), wrong branch {wrong} "
                      f"({f['wrong_label_accepted']}), swaps {f['yes_no_swapped']}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", nargs="?", choices=("hear",), help="hear the clips first")
    parser.add_argument("--v3", action="store_true", help="listening v3")
    parser.add_argument("--dev", action="store_true", help="the ear development set")
    parser.add_argument("--quick", action="store_true", help="dev: every third item")
    parser.add_argument("--misses", action="store_true", help="print the misses")
    parser.add_argument("--class", dest="only", help="only misses of this class")
    args = parser.parse_args()
    sets = [s for s, on in (("v3", args.v3), ("dev", args.dev)) if on] or ["v3", "dev"]
    if args.action == "hear":
        return hear(sets, args.quick)
    return replay(args.misses, args.only, sets)


if __name__ == "__main__":
    sys.exit(main())

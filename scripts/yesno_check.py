#!/usr/bin/env python3
"""Yes, no and unsure answers in accented English, heard by the default ear in a gallery:
fitted on some voices, checked on two others (issue 13: wrong labels and swaps on the
accented blind set v5, whose items nobody here reads).

    PYTHONPATH=.:scripts python scripts/yesno_check.py collect [--group fit|held]
    PYTHONPATH=.:scripts python scripts/yesno_check.py replay [--show fit|held|all] [--seen]

The voices are split before anything is heard. **Fit**: the seen turn-taking v7 voices
(am_santa, em_alex, if_sara, hm_omega; their earlier turns in ``swap-check.jsonl`` count
too) and zf_xiaoni (Mandarin, a woman) — rules and thresholds are chosen on these only.
**Held**: jm_kumo (Japanese, a man) and zm_yunjian (Mandarin, a man), heard only to report
what a rule does on voices it was not written from; never fitted on. :data:`FIT_PHRASINGS`
(written for this pass: plain, hedged, emphatic, indirect, long, non-native, denied
negatives, answers ending in "not", "I don't, no", "I doubt it") are said by the fit
voices, and zf_xiaoni also says swap_check's phrasings; the held voices say those and
:data:`HELD_PHRASINGS`, written at the same time and never looked at per item before the
rules were set. Every item is heard at clean, 20 and 10 dB in swap_check's gallery noise.

``collect`` hears them into the user cache (``yesno-check.jsonl``; synthetic speech only,
with each turn's frame levels); ``replay`` decides the cached turns again with the code as
it is now and prints, per group, phrasing batch and noise level, right after confirmation,
wrong labels accepted and asked, swaps, right answers confirmed and off-list taken — with
the decision recorded at collection (the code of then) beside it as "before".
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

CACHE = "yesno-check.jsonl"
BASELINE = "yesno-baseline.json"
SEEN_CACHE = "mirror-trust.jsonl"
"""The seen sets' turns (scripts/mirror_trust.py collect): the ear development set, v3,
their items in v7's voices, at 5 dB, under a talker, the synthetic set and the human
recordings — replayed with ``--seen`` to check that nothing worsens there."""
YES_NO_POINTS = frozenset({"she_listens", "relationship", "true_love", "norms", "constructs",
                           "is_he_alone", "isolated"})
"""her's seven yes/no points; swap_check's points add entangled and combustion, whose yes
and no are answers of the piece's own ("true", "between") and take open answers."""
FIT_VOICES = ("kokoro:am_santa", "kokoro:em_alex", "kokoro:if_sara", "kokoro:hm_omega",
              "kokoro:zf_xiaoni")
HELD_VOICES = ("kokoro:jm_kumo", "kokoro:zm_yunjian")

FIT_PHRASINGS: dict[str | None, tuple[str, ...]] = {
    "yes": ("yes it does", "oh yes, very much", "I would say yes", "for sure, yes",
            "that is true for me", "I never said it wasn't", "it is not wrong",
            "I can't say no to that", "yes, of course, always", "I believe so, yes",
            "mm, yes, I agree with that", "it's so, yes", "yes, is true",
            "well, I think yes, in the end she does"),
    "no": ("no, I don't think she does", "no, it's not", "I really don't, no", "not at all",
           "I doubt it very much", "I don't believe it's true", "it's not, no", "no, never",
           "I think it is not", "nope, not for me", "no, is not like that",
           "I would say it's not", "I'm afraid not", "no, I don't"),
    "unsure": ("I don't know", "I'm not really sure", "maybe, I don't know",
               "it's difficult to say", "I am not sure about it", "sometimes yes, sometimes no",
               "I can't decide", "hmm, it depends", "perhaps, perhaps not",
               "I don't know, maybe", "I really cannot tell", "who knows"),
    None: ("where is the exit", "I like the paintings in this room", "can I sit here",
           "my phone is ringing", "it is getting late", "this room is so cold"),
}
"""Written for this pass; development data, said by the fit voices."""
FIT_PHRASINGS_2: dict[str | None, tuple[str, ...]] = {
    "yes": ("yes, is so", "yes yes", "of course, yes", "I think so, yes", "she does, yes",
            "it does, I think", "that's right", "exactly", "I'm sure of it",
            "yes, for me it is", "correct", "right, yes"),
    "no": ("no, she not listen", "I am not think so", "no no", "of course not", "never ever",
           "not so much", "she doesn't", "it doesn't, no", "I'd say it isn't", "hardly",
           "no, it is not true", "certainly not"),
    "unsure": ("I'm not so sure", "no idea", "maybe yes, I don't know", "more or less",
               "kind of", "I'm not sure, maybe", "I can't say", "it's hard to know",
               "who can say", "I am not really know", "a little bit, maybe",
               "I don't know if yes or no"),
    None: ("what a beautiful room", "I need to go now", "is it raining outside"),
}
"""A second batch for the fit voices, written after the first batch's causes were found
(so the rules were not written from it): more non-native and short forms."""
HELD_PHRASINGS: dict[str | None, tuple[str, ...]] = {
    "yes": ("yes, I do", "absolutely, yes", "I'd say so", "I think that's right",
            "it isn't false", "I don't deny it", "yes, definitely it is", "yes, why not",
            "I agree, yes", "yes, I believe it", "sure, it is", "there is no doubt"),
    "no": ("no, it isn't", "I don't think so, no", "not really, no", "I'd say no",
           "definitely not", "no, I don't believe so", "I think it's not", "not for me, no",
           "we don't, no", "no way", "I'm sure it's not", "hmm, I doubt it"),
    "unsure": ("I'm not sure", "I don't really know", "maybe", "hard to say",
               "I'm of two minds", "could be, could not be", "I have no idea, really",
               "not sure, maybe yes", "I don't know, honestly", "it depends on the day",
               "I'm unsure", "partly yes, partly no"),
    None: ("the toilets are downstairs", "we should get coffee after this",
           "is this thing on", "my feet hurt from walking", "I lost my ticket",
           "look at that big painting"),
}
"""Written at the same time; said by the held voices only, never fitted on."""


def _cache() -> Path:
    from voicepiece.files import cache_home, private_dir

    return private_dir(cache_home()) / CACHE


def batch_of(text: str) -> str:
    """Which batch of phrasings ``text`` is from: this pass's fit or held ones, swap_check's
    (the ninth pass's), or the development sets' items."""
    from swap_check import PHRASINGS

    if any(text in p for p in FIT_PHRASINGS.values()):
        return "fit-phr"
    if any(text in p for p in FIT_PHRASINGS_2.values()):
        return "fit2-phr"
    if any(text in p for p in HELD_PHRASINGS.values()):
        return "held-phr"
    if any(text in p for p in PHRASINGS.values()):
        return "swap-phr"
    return "dev-items"


def _items(piece: Any, group: str) -> list[tuple[Any, str]]:
    """(item, voice) pairs of ``group``: each item said by one voice, the same at every
    level (one synthesis per item)."""
    from bench_listening_clips import Item
    from swap_check import PHRASINGS, _points

    points = [n.name for n in _points(piece)]
    out: list[tuple[Any, str]] = []

    def add(table: dict[Any, tuple[str, ...]], voices: tuple[str, ...], offset: int) -> None:
        rows = [(t, p) for t, ps in table.items() for p in ps]
        for k, (truth, text) in enumerate(rows):
            item = Item(points[(k + offset) % len(points)], text, truth)
            out.append((item, voices[(k + offset) % len(voices)]))

    if group == "fit":
        add(FIT_PHRASINGS, FIT_VOICES, 1)
        add(dict(PHRASINGS), FIT_VOICES[-1:], 2)
    elif group == "fit2":
        add(FIT_PHRASINGS_2, FIT_VOICES, 4)
    else:
        add(FIT_PHRASINGS, HELD_VOICES, 0)
        add(HELD_PHRASINGS, HELD_VOICES, 3)
    return out


def collect(args: argparse.Namespace) -> int:
    from voicepiece.story.loader import load_piece

    piece = load_piece("her")
    groups = [args.group] if args.group else ["fit", "held", "fit2"]
    return hear(groups, lambda group: _items(piece, group), 370000,
                {"fit": 0, "held": 5, "fit2": 7}, "mirror-accented-speech", _cache, args.noise)


def hear(groups: list[str], pairs_of: Any, base: int, offsets: dict[str, int], folder: str,
         cache: Any, noise_level: str | None, speak: Any = None) -> int:
    """Hear each group's (item, voice) pairs by the default ear at clean, 20 and 10 dB in
    swap_check's gallery noise (speech kept in the user cache's ``folder``, made by
    ``speak`` or Kokoro) into ``cache()``, each turn with its frame levels — as
    mirror_trust.py collects; ``base`` and ``offsets`` seed each clip's padding and noise."""
    import mirror_trust
    from bench_listening_clips import NOISE_LEVELS, SAMPLE_RATE, TRAILING, Clip
    from bench_listening_heldout2 import kokoro_speak_kept, with_noise
    from swap_check import gallery_noise

    from voicepiece.listening import listener_voices as lv
    from voicepiece.listening.base import FRAME_SAMPLES

    noise = gallery_noise()
    sessions = []
    for group in groups:
        pairs = pairs_of(group)
        clips = []
        for k, snr in enumerate(NOISE_LEVELS):
            for i, (item, voice) in enumerate(pairs):
                speech = kokoro_speak_kept(item.text, voice, folder, speak)
                samples = len(speech) // 2
                lead = round(0.5 * SAMPLE_RATE)
                lead += -(lead + samples) % FRAME_SAMPLES
                seed = base + 1000 * k + 10 * i + offsets[group]
                padded = lv.pad(speech, lead / SAMPLE_RATE, TRAILING, seed)
                pcm = with_noise(speech, padded, snr, noise, (seed * 7919) % len(noise))
                clips.append(Clip(item, voice, snr, pcm, lead + samples, samples / SAMPLE_RATE))
        sessions.append((group, [i for i, _ in pairs], [clips]))

    def sets(_: argparse.Namespace, __: Any) -> Any:
        yield from sessions

    mirror_trust._sets = sets
    mirror_trust._cache = cache  # the check's own cache, each turn with its frame levels
    mirror_trust._LEVELS = True
    return mirror_trust.collect(argparse.Namespace(noise=noise_level))


def _group(voice: str) -> str:
    return "held" if voice in HELD_VOICES else "fit"


def replay(args: argparse.Namespace) -> int:
    from mirror_trust import Replayer
    from swap_check import BUILT_IN
    from swap_check import CACHE as SWAP_CACHE

    from voicepiece.files import cache_home

    play = Replayer()
    tally: Counter[tuple[str, ...]] = Counter()
    rows = []
    for name in (SEEN_CACHE,) if args.seen else (SWAP_CACHE, CACHE):
        path = cache_home() / name
        if path.is_file():
            rows += [json.loads(line) for line in path.read_text().splitlines()]
    base_path = cache_home() / (BASELINE.replace(".json", "-seen.json") if args.seen
                                else BASELINE)
    base = json.loads(base_path.read_text()) if base_path.is_file() else {}
    decided = {}
    seen: Counter[str] = Counter()
    for r in rows:
        key = "|".join(str(r[k]) for k in ("set", "voice", "snr", "point", "text"))
        seen[key] += 1  # the human recordings hold several clips of one word
        key = f"{key}|{seen[key]}"
        if key in base:  # the decision of the code the baseline was saved with
            r = {**r, "label": base[key][0], "zone": base[key][1]}
        group = r["set"] if args.seen else _group(r["voice"])
        batch = batch_of(r["text"]) if r["truth"] is not None else "off-list"
        snr = str(r["snr"])
        label, zone, _, _, found = play(r)
        decided[key] = (label, zone)
        meaning = {c.label: c.meaning or c.label
                   for c in play.nodes[r["point"]].listen.answers}
        for when, lab, zn in (("before", r["label"], r["zone"]), ("after", label, zone)):
            lab = meaning.get(lab, lab)
            keys = [(group, batch, snr), (group, "all", snr), (group, "all", "all")]
            if r["point"] in YES_NO_POINTS:  # the points whose answers are only yes/no/unsure
                keys += [(group, "7 points", snr), (group, "7 points", "all")]
            for key in keys:
                _count(tally, (when, *key), r["truth"], lab, zn, BUILT_IN)
        lab = meaning.get(label, label)
        wrong = r["truth"] in BUILT_IN and lab != r["truth"] and zone in ("accept", "confirm")
        taken = r["truth"] is None and zone in ("accept", "confirm")
        changed = (meaning.get(r["label"], r["label"]), r["zone"]) != (lab, zone)
        shown = args.show == "all" or args.show == group or (args.seen and args.show != "none")
        if shown and (wrong or taken or (args.changed and changed)):
            g, w = r["grammar"] or {}, r["words"] or {}
            print(f"{'SWAP' if {lab, r['truth']} == {'yes', 'no'} else 'wrong'} {zone:7} "
                  f"{group} {snr} {r['voice'].split(':')[-1]} @{r['point']} said "
                  f"{r['text']!r} {r['truth']} -> {lab} (was {r['label']} {r['zone']})\n"
                  f"    grammar {g.get('text')!r} {g.get('label')} {g.get('zone')} "
                  f"{g.get('score', 0):.2f}; whisper {w.get('text')!r} conf "
                  f"{w.get('confidence', 0):.2f} least {w.get('least', 0):.2f}; "
                  f"{found.how if found else 'nothing heard'}")
    _print(tally)
    if args.save_baseline:
        base_path.write_text(json.dumps(decided))
        print(f"baseline saved: {len(decided)} decisions", file=sys.stderr)
    return 0


def _count(tally: Counter[tuple[str, ...]], key: tuple[str, ...], truth: str | None,
           label: str | None, zone: str, built_in: tuple[str, ...]) -> None:
    if truth is None:
        tally[(*key, "off-list")] += 1
        tally[(*key, "off taken")] += zone in ("accept", "confirm")
        return
    if truth not in built_in:
        return
    tally[(*key, "answers")] += 1
    if zone not in ("accept", "confirm"):
        return
    right = label == truth
    swap = {label, truth} == {"yes", "no"}
    asked = zone == "confirm"
    tally[(*key, "right")] += right
    tally[(*key, "right asked")] += right and asked
    tally[(*key, "wrong")] += not right and not asked
    tally[(*key, "wrong asked")] += not right and asked
    tally[(*key, "swap")] += swap and not asked
    tally[(*key, "swap asked")] += swap and asked


def _print(tally: Counter[tuple[str, ...]]) -> None:
    keys = sorted({k[1:4] for k in tally}, key=str)
    names = ("answers", "right", "right asked", "wrong", "wrong asked", "swap", "swap asked",
             "off-list", "off taken")
    print(f"{'group':<5} {'batch':<9} {'snr':<5} " + " ".join(f"{n:>11}" for n in names)
          + "   branch  (before -> after)")
    for key in keys:
        cells = []
        for n in names:
            b, a = tally[("before", *key, n)], tally[("after", *key, n)]
            cells.append(f"{a:>11}" if a == b else f"{f'{b}->{a}':>11}")
        branch = []
        for when in ("before", "after"):
            right, wrong = tally[(when, *key, "right")], tally[(when, *key, "wrong")]
            branch.append(f"{100 * right / (right + wrong):.1f}%" if right + wrong else "-")
        print(f"{key[0]:<5} {key[1]:<9} {key[2]:<5} " + " ".join(cells)
              + f"   {branch[0]} -> {branch[1]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("collect", "replay"))
    parser.add_argument("--group", choices=("fit", "held", "fit2"))
    parser.add_argument("--noise", choices=("clean", "20", "10"))
    parser.add_argument("--show", choices=("fit", "held", "all", "none"), default="fit",
                        help="whose wrong labels to print (held: only after the rules)")
    parser.add_argument("--seen", action="store_true",
                        help="replay the seen sets (mirror-trust.jsonl) instead, by set")
    parser.add_argument("--save-baseline", action="store_true",
                        help="keep this replay's decisions as the 'before' of later ones")
    parser.add_argument("--changed", action="store_true",
                        help="also print every turn whose decision the code now changes")
    args = parser.parse_args()
    return collect(args) if args.what == "collect" else replay(args)


if __name__ == "__main__":
    sys.exit(main())

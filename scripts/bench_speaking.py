"""The speaking benchmark: how soon the narrator's voice starts once a line is asked for.

The her piece is prepared cold and warm (its lines, then the likely mirrors of the lines
with the listener's words); then, on a virtual PulseAudio sink, the time from "line
requested" to the first audio sample out, for a prepared line and for a line with the
listener's words: everyday answers and held-out phrasings, half and half (a prepared
mirror, or only the words synthesized then). Baseline: prepared lines synthesized on
demand, with no cache.

A live session knows the listener's words a little before it asks for the line (Whisper's
transcript arrives while the endpointer waits out the end of the turn) and starts saying
them then (``Narrator.anticipate``); where they are still not ready, the piece's
backchannel is said first. Each line with the listener's words is measured both ways:
asked for cold, as before, and as the session asks for it — the words anticipated
:data:`ANTICIPATION_GAP` earlier, the backchannel said if they are not ready. With
``--leads FILE`` (the JSON of a ``scripts/bench listening`` run) the words are anticipated
as far ahead as that run measured a live ear hand them over (``words_leads_ms``): the
lines take the measured leads' quantiles in turn, so the spread is the measured one.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench_common import first_sample, p95, spread_ms

from voicepiece.audio.playback import Player
from voicepiece.session.events import Spoken
from voicepiece.story.loader import load_piece
from voicepiece.story.mirror import mirror
from voicepiece.story.model import HEARD, Answer, Line, Piece, every_line, fill, placeholders
from voicepiece.story.wording import normalize
from voicepiece.voices import registry
from voicepiece.voices.cache import RenderCache
from voicepiece.voices.narrator import Narrator
from voicepiece.voices.voiceover import VoiceOver

HELD_OUT = Path(__file__).resolve().parent.parent / "tests/data/typed-answers-heldout.tsv"
"""Natural answers at a yes/no/unsure point, in phrasings no list of ours was written from
(the matcher's held-out set): what a listener's own words are like when they are *not* a
prepared mirror as often as when they are."""

ANTICIPATION_GAP = 0.1
"""Seconds between the transcript and the line request assumed here, on the short side of
what the live ear gives: Whisper starts ~0.1 s into the trailing silence and takes
0.1-0.2 s (idle), so its words are known 0.2-0.3 s in; the turn ends after the piece's
``complete_silence`` (0.3 s) plus the voice-activity lag (~0.05 s) and the final grammar
decode (25-55 ms) — 0.1-0.2 s after the words for an answer the grammar finds whole,
~0.5 s after for one it does not (``incomplete_silence`` 0.7 s), as most held-out
phrasings are. 0.1 s is the shortest of these. Measured since (``scripts/bench listening``,
``words_leads_ms``, four quick runs): median 63-137 ms, 90th percentile 0.95-1.2 s, where
the words came ahead at all; ``--leads FILE`` uses such a measured distribution instead."""

COMMON = {"yes": ["yes", "yeah", "yes I do"], "no": ["no", "not really", "I don't think so"],
          "unsure": ["I don't know", "not sure", "maybe"]}
"""Short everyday answers, the kind most listeners give."""


def summary(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"median {statistics.median(ms):7.1f} ms   p95 {p95(ms):7.1f} ms   (n={len(ms)})"


def first_sample_latency(player: Player, render: Callable[[], Spoken]) -> float:
    """Seconds from asking for a line to its first sample leaving for the sound server."""
    requested = time.perf_counter()
    return first_sample(player, render().audio) - requested


def measured_leads(path: Path | None, n: int) -> list[float] | None:
    """``n`` leads (seconds) spread as a listening run measured them: its quantiles at
    (i + 0.5) / n. None without a file; one line and exit 1 for a file without leads."""
    if path is None:
        return None
    import json

    found = json.loads(path.read_text()).get("listening", {}).get("words_leads_ms")
    if not found:
        raise SystemExit(f"bench speaking: {path} has no listening.words_leads_ms (run "
                         f"scripts/bench listening --json FILE first)")
    ordered = sorted(found)
    return [ordered[min(len(ordered) - 1, int((i + 0.5) / n * len(ordered)))] / 1000
            for i in range(n)]


def as_session_asks(player: Player, narrator: Narrator, voice: Any, line: Line,
                    text: str, lead: float = ANTICIPATION_GAP) -> tuple[float, float]:
    """Seconds from asking for ``line`` to the first sample the listener hears (the
    backchannel, if one is said) and to the first sample of the line itself, the words
    anticipated ``lead`` seconds before it was asked for."""
    narrator.anticipate([(line, text)])
    time.sleep(lead)
    requested = time.perf_counter()
    filler = narrator.backchannel(line, text)
    if filler is None:
        words = first_sample(player, voice.render(text, line).audio) - requested
        return words, words
    heard = first_sample(player, filler)
    # the backchannel plays out whole before the line follows it
    left = len(filler) / 1000 - (time.perf_counter() - heard)
    if left > 0:
        time.sleep(left)
    return heard - requested, first_sample(player, voice.render(text, line).audio) - requested


def run(args: argparse.Namespace) -> dict[str, Any]:
    from voicepiece.audio.virtual import virtual_audio
    from voicepiece.voices.outputs import RenderedVoice

    piece = load_piece("her")
    if args.engine:
        piece = replace(piece, voice=replace(piece.voice, engine=args.engine,
                                             name=registry.DEFAULT_VOICES[args.engine]))
    print(f"voice: {piece.voice.engine} {piece.voice.name}")
    with tempfile.TemporaryDirectory() as folder:
        cache = RenderCache(registry.synthesizer, Path(folder))
        narrator = Narrator(piece, cache, VoiceOver(piece))
        plain = [line for line in piece.lines() if not line.is_template]
        n = 12 if args.quick else 40
        turns = mirror_turns(piece, n)
        cold = warm = None
        if getattr(args, "measured_only", False):
            began = time.perf_counter()
            prepare_measured(narrator, plain[:n], turns)
            print(f"prepared the {n} lines and {len(turns)} mirror lines measured only: "
                  f"{time.perf_counter() - began:.1f} s")
        else:
            cold = narrator.prepare()
            warm = narrator.prepare()
            print(f"prepare her ({cold.lines} lines, {cold.rendered} rendered, "
                  f"{cold.templates} with the listener's words, {cold.mirrors} likely "
                  f"mirrors of their words): cold {cold.seconds:.2f} s, "
                  f"warm {warm.seconds:.3f} s")
        voice = RenderedVoice(narrator, cue=False)
        synthesizer = registry.synthesizer(piece.voice)

        def synthesized(text: str) -> Spoken:
            return Spoken(text, None, synthesizer.synthesize(text, piece.voice))

        with virtual_audio():
            player = Player()
            prepared, baseline = [], []
            mirrored: dict[bool, list[float]] = {True: [], False: []}  # by common answer
            heard: dict[bool, list[float]] = {True: [], False: []}  # as a session asks
            words: dict[bool, list[float]] = {True: [], False: []}
            hits = fillers = 0
            for i in range(n):
                line = plain[i % len(plain)]
                prepared.append(first_sample_latency(
                    player, lambda line=line: voice.render(line.text, line)))
                baseline.append(first_sample_latency(
                    player, lambda line=line: synthesized(line.text)))
            leads = measured_leads(getattr(args, "leads", None), len(turns))
            for i, (template, text, common) in enumerate(turns):
                hits += narrator.is_prepared(template, text)
                mirrored[common].append(first_sample_latency(
                    player, lambda t=template, text=text: voice.render(text, t)))
                first, said = as_session_asks(player, narrator, voice, template, text,
                                              leads[i] if leads else ANTICIPATION_GAP)
                heard[common].append(first)
                words[common].append(said)
                fillers += said > first
            narrator.anticipate(())
        unaided = mirrored[True] + mirrored[False]
        every = heard[True] + heard[False]
        spoken = words[True] + words[False]
        print("line requested -> first audio sample out (virtual PulseAudio sink):")
        print(f"  prepared line              {summary(prepared)}")
        ahead = (f"{ANTICIPATION_GAP:.2f} s ahead (assumed)" if not leads else
                 f"as far ahead as {args.leads} measured: median "
                 f"{statistics.median(leads):.2f} s, {min(leads):.2f}-{max(leads):.2f} s")
        print(f"  line with listener words, as a session asks for it (words anticipated "
              f"{ahead}, the backchannel said while they are not ready):")
        print(f"    first sound              {summary(every)}")
        print(f"      everyday answers       {summary(heard[True])}")
        print(f"      held-out phrasings     {summary(heard[False])}")
        print(f"    the listener's words     {summary(spoken)}")
        print(f"    backchannel said         {fillers}/{len(every)}")
        print("  line with listener words, asked for cold (no anticipation, no backchannel):")
        print(f"                             {summary(unaided)}")
        print(f"    everyday answers         {summary(mirrored[True])}")
        print(f"    held-out phrasings       {summary(mirrored[False])}")
        print(f"    served prepared          {hits}/{len(unaided)}")
        print(f"  baseline: no cache         {summary(baseline)}")
    return {
        "engine": piece.voice.engine, "voice": piece.voice.name,
        "prepared_first_sample_ms": spread_ms(prepared),
        "mirror_first_sample_ms": spread_ms(every),
        "mirror_common_first_sample_ms": spread_ms(heard[True]),
        "mirror_heldout_first_sample_ms": spread_ms(heard[False]),
        "words_first_sample_ms": spread_ms(spoken),
        "words_heldout_first_sample_ms": spread_ms(words[False]),
        "backchannel_share": round(fillers / len(every), 3),
        "anticipation_gap_ms": None if leads else round(1000 * ANTICIPATION_GAP),
        "anticipation_leads_ms": spread_ms(leads) if leads else None,
        "mirror_cold_first_sample_ms": spread_ms(unaided),
        "mirror_cold_heldout_first_sample_ms": spread_ms(mirrored[False]),
        "mirror_prepared_share": round(hits / len(unaided), 3),
        "baseline_first_sample_ms": spread_ms(baseline),
        "prepare_cold_s": round(cold.seconds, 3) if cold else None,
        "prepare_warm_s": round(warm.seconds, 4) if warm else None,
        "lines": cold.lines if cold else None,
        "rendered_cold": cold.rendered if cold else None,
        "templates": cold.templates if cold else None,
        "mirrors": cold.mirrors if cold else None,
    }


def prepare_measured(narrator: Narrator, lines: list[Line],
                     turns: list[tuple[Line, str, bool]]) -> None:
    """What a whole ``prepare`` would have rendered for the lines measured: the
    backchannel, the plain lines, the fixed parts of the mirror lines and those of their
    listener's words that are a prepared mirror (held-out phrasings stay unprepared)."""
    piece, settings = narrator.piece, narrator.settings
    if piece.backchannel is not None:
        narrator.cache.render(piece.backchannel.text, settings)
    for line in [*lines, *(t for t, _, _ in turns)]:
        for part in narrator.fixed_parts(line):
            narrator.cache.render(part, settings)
    for template, text, _ in turns:
        for part, _ in narrator.parts_of(template, text):
            source = narrator.mirrors().get(normalize(part))
            if source and part not in narrator.fixed_parts(template):
                narrator.cache.render(source, settings)


def mirror_turns(piece: Piece, n: int) -> list[tuple[Line, str, bool]]:
    """``n`` lines with a listener's words, as a session fills them with words it trusts
    (an open transcript, typed): half everyday answers, half held-out phrasings, each put
    into a line that responds to its meaning."""
    by_meaning: dict[str, list[tuple[Line, Answer]]] = {}
    for node in piece.listening_points():
        assert node.listen is not None
        for answer in node.listen.answers:
            for line in every_line(answer.say):
                if answer.meaning and any(p.name == HEARD for p in placeholders(line.text)):
                    by_meaning.setdefault(answer.meaning, []).append((line, answer))
    held_out: dict[str, list[str]] = {}
    for row in HELD_OUT.read_text().splitlines():
        label, _, words = row.partition("\t")
        if not row.startswith("#") and label in by_meaning:
            held_out.setdefault(label, []).append(words)
    meanings = sorted(by_meaning)
    if not meanings:
        raise SystemExit("bench speaking: the piece has no line that says {heard} for a yes, "
                         "no or unsure answer")
    out = []
    for i in range(n):
        meaning = meanings[i % len(meanings)]
        line, answer = by_meaning[meaning][i % len(by_meaning[meaning])]
        common = i % 2 == 0
        pool = COMMON[meaning] if common else held_out[meaning]
        words = mirror(pool[(i // 2) % len(pool)], True, answer.meaning, answer.canonical)
        text = fill(line.text, {HEARD: words})
        if text is not None:
            out.append((line, text, common))
    return out

"""The listening benchmark: spoken answers streamed in real time, ours against a newcomer's.

For every listening point of the her piece a few answer phrasings (held out from the
verifier's fitting, as ``scripts/fit-verifier`` splits them) and some off-list speech are
spoken by three listener voices, clean (room floor only), at 20 dB and at 10 dB SNR. Each
answer is one turn: ~0.5 s of room noise, the speech, then up to 3 s of room noise, fed in
32 ms chunks on a real-time schedule to two listeners at once, as two programs would hear
one microphone:

- OURS: ``StreamSource`` → ``ListeningEar(…, SphinxRecognizer())``; the session's decision
  (``Session._decide``: accept, confirm, or unclear); the narrator's response line (the
  answer's first line, the confirmation, or the unclear reprompt) from the warm render
  cache, or synthesized when it holds the listener's words; played through ``Player`` on a
  virtual PulseAudio sink.
- BASELINE, what a newcomer would write: a SpeechRecognition ``AudioSource`` reading the
  same stream in 1024-frame blocks like a ``Microphone``; ``sr.Recognizer().listen()`` with
  its defaults (one recognizer per session, no ``adjust_for_ambient_noise``);
  ``recognize_sphinx`` open vocabulary; the transcript matched to the answers' phrases with
  difflib (``get_close_matches``, cutoff 0.6, else unclear); the response synthesized on
  demand by pyttsx3 (``EspeakSynthesizer``, no cache) and played by the same ``Player``.
  It runs in its own process, so its GIL-holding decoder never delays ours, and its
  pyttsx3 engine is the only one there.

Then the real human recordings are heard the same way, by both, at a yes/no point: every
"yes", "no" and other answer among them ("right"), and read sentences and other words as
off-list speech; reported apart, per kind. They come from ../shared/data/human-speech (the
full set) when it is there, else from the repository's subset in audio/human-speech; the
table and the JSON say which, and how many recordings it holds.

Then the HELD-OUT set (scripts/bench_listening_heldout.py): voices, phrasings (open and
hesitant answers among them) and noise that no fitting and no threshold ever saw, heard the
same way and reported apart; likewise the held-out sets v2, v3 and v4
(scripts/bench_listening_heldout2.py, …heldout3.py, …heldout4.py) and the ear's
development set — all four in a full run (each left out by ``VOICEPIECE_BENCH_V2=0`` /
``_V3=0`` / ``_V4=0`` / ``_DEV=0``), none with ``--quick`` (each put in by ``=1``: a quick
run takes minutes, the full one over an hour) — and v5, v6, v7 and v8 (…heldout5.py,
…heldout6.py, …heldout7.py, …heldout8.py; written blind, in only with
``VOICEPIECE_BENCH_V5=1`` / ``_V6=1`` / ``_V7=1`` / ``_V8=1``; v5 is development data since
issue 13's thirteenth pass); ``sets_in`` decides. For
every set the figures issue 13 asks for are printed and kept in the JSON under ``honest``
(scripts/bench_listening_honest.py).

Response latency = the wall time the narrator's first sample was written to the sound
server − the wall time the chunk ending with the listener's last speech sample was fed (the
chunks are aligned so that the speech ends on a chunk boundary). Ours responds as a live
session does (scripts/bench_listening_turns.py): the listener's words anticipated, and the
backchannel said first where a line with their words is not ready, so that first sample
may be the backchannel's; the response's own first sample is reported beside it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from bench_listening_again import QUICK_SECOND, second_askings
from bench_listening_baseline import Baseline
from bench_listening_clips import NOISE_LEVELS, VOICES, build_items, make_clips
from bench_listening_dev_set import DEV_VOICES, dev_clips, dev_items
from bench_listening_figures import figures, leads_ms
from bench_listening_heldout import held_out_clips, held_out_items, typed_right
from bench_listening_heldout2 import V2_NOISE, V2_VOICES, v2_clips, v2_items
from bench_listening_heldout3 import V3_NOISE, V3_VOICES, v3_clips, v3_items
from bench_listening_heldout4 import V4_NOISE, V4_VOICES, v4_clips, v4_items
from bench_listening_heldout5 import V5_NOISE, V5_VOICES, v5_clips, v5_items
from bench_listening_heldout6 import V6_NOISE, V6_VOICES, v6_clips, v6_items
from bench_listening_heldout7 import V7_NOISE, V7_VOICES, v7_clips, v7_items
from bench_listening_heldout8 import V8_NOISE, V8_VOICES, v8_clips, v8_items
from bench_listening_honest import honest_by_noise, print_honest
from bench_listening_human import human_clips, human_set, report_human
from bench_listening_report import fingerprint, mistakes, noise_name, report
from bench_listening_results import Turn
from bench_listening_turns import Bench


class Extra(NamedTuple):
    """A set heard after the her set, v1 and the human recordings, as the report names it."""

    name: str
    items: Callable[[Any, bool], list[Any]]
    clips: Callable[[list[Any]], list[list[Any]]]
    voices: Sequence[str]
    noise: str
    what: str
    title: str


EXTRA = {
    "v2": Extra("held-out set v2", lambda piece, _: v2_items(piece), v2_clips, V2_VOICES,
                V2_NOISE, "never tuned on", "HELD-OUT set v2 (Kokoro voices, fresh "
                "phrasings, babble; never tuned on)"),
    "v3": Extra("set v3", lambda piece, _: v3_items(piece), v3_clips, V3_VOICES, V3_NOISE,
                "held out once, spent since: tuned on", "set v3 (Kokoro voices of its "
                "own, fresh phrasings, a reverberant room with a television on; held out "
                "once, spent since: a development set)"),
    "v4": Extra("held-out set v4", lambda piece, _: v4_items(piece), v4_clips, V4_VOICES,
                V4_NOISE, "never tuned on", "HELD-OUT set v4 (accented Kokoro voices and "
                "Piper, phrasings written blind, a café; never tuned on)"),
    "v5": Extra("set v5", lambda piece, _: v5_items(piece), v5_clips, V5_VOICES, V5_NOISE,
                "development data", "HELD-OUT set v5 (accented Kokoro voices no other set "
                "speaks, phrasings written blind, a gallery; never tuned on)"),
    "v6": Extra("held-out set v6", lambda piece, _: v6_items(piece), v6_clips, V6_VOICES,
                V6_NOISE, "never tuned on", "HELD-OUT set v6 (Japanese and Chinese Kokoro "
                "voices and espeak-ng, phrasings written blind, a home kitchen; never tuned "
                "on)"),
    "v7": Extra("held-out set v7", lambda piece, _: v7_items(piece), v7_clips, V7_VOICES,
                V7_NOISE, "never tuned on", "HELD-OUT set v7 (Kokoro blends no other set "
                "speaks, phrasings written blind, a laundrette; never tuned on)"),
    "v8": Extra("held-out set v8", lambda piece, _: v8_items(piece), v8_clips, V8_VOICES,
                V8_NOISE, "never tuned on", "HELD-OUT set v8 (Kokoro blends of voices no "
                "development set speaks, phrasings written blind, a windy seafront; never "
                "tuned on)"),
    "dev": Extra("ear development set", dev_items, dev_clips, DEV_VOICES,
                 "babble and a fan's hum", "tuning side", "ear development set (tuning "
                 "side: scripts/bench_listening_dev.py)"),
}
"""The sets beyond the her set, v1 and the human recordings, in the order they are heard;
:func:`sets_in` says which a run hears."""


#: The sets a run hears unless told otherwise: v2, v3, v4 and the development set in a
#: full run only (their synthesis and ~1,000 turns take over an hour, which a --quick run
#: is not for); v5 to v8 never (written blind: each is heard on purpose, by name).
BY_DEFAULT = {"v2": True, "v3": True, "v4": True, "dev": True,
              "v5": False, "v6": False, "v7": False, "v8": False}


def sets_in(quick: bool, environ: Mapping[str, str] = os.environ) -> dict[str, bool]:
    """Which of the extra sets a run hears: ``VOICEPIECE_BENCH_<SET>=1`` puts one in,
    ``=0`` leaves it out, and otherwise :data:`BY_DEFAULT` says — with ``--quick``
    leaving out all of them, so that a quick run (the her set, the held-out set v1 and the
    human recordings, with the baseline) takes minutes, not the full run's hour."""
    wanted = {}
    for name, default in BY_DEFAULT.items():
        said = environ.get(f"VOICEPIECE_BENCH_{name.upper()}")
        wanted[name] = said == "1" if said in ("0", "1") else default and not quick
    return wanted


def _how(key: str, quick: bool) -> str:
    """How to put a set left out by default in, or leave one out: for its line."""
    name = f"VOICEPIECE_BENCH_{key.upper()}"
    return (f"; in with {name}=1" if quick or not BY_DEFAULT[key]
            else f"; {name}=0 leaves it out")


def run(args: argparse.Namespace) -> dict[str, Any]:
    from voicepiece.audio.virtual import virtual_audio
    from voicepiece.story.loader import load_piece
    from voicepiece.story.model import VoiceSettings

    began = time.perf_counter()
    quick = bool(getattr(args, "quick", False))
    piece = load_piece("her")
    items, split_source = build_items(piece, quick)
    on_list = sum(item.on_list for item in items)
    print(f"her: {on_list} answers at {len({i.point for i in items})} listening points "
          f"(phrasings held out from the verifier's fitting, per {split_source}) and "
          f"{len(items) - on_list} off-list phrases; each said at "
          f"{', '.join(noise_name(s) for s in NOISE_LEVELS)} by one of {', '.join(VOICES)} "
          f"(rotating): {len(items) * len(NOISE_LEVELS)} turns")
    found = human_set()
    print(f"human recordings: {found.describe() if found else 'none found'}")
    sessions = make_clips(items)
    held_items = held_out_items(piece, quick)
    held_sessions = held_out_clips(held_items)
    typed, typed_of = typed_right(piece, held_items)
    print(f"held-out set: {sum(i.on_list for i in held_items)} answers and "
          f"{sum(not i.on_list for i in held_items)} off-list phrases never used in fitting, "
          f"tuning or tests, by voices and in noise (white) no fitting heard: "
          f"{sum(len(s) for s in held_sessions)} turns; typed, the matcher itself reads "
          f"{typed}/{typed_of} of its answers right")
    wanted = sets_in(quick)
    extra = {key: (one.clips(one.items(piece, quick)) if wanted[key] else [])
             for key, one in EXTRA.items()}
    for key, one in EXTRA.items():
        print(f"{one.name}: {sum(len(s) for s in extra[key])} turns by "
              f"{', '.join(one.voices)} in {one.noise} ({one.what}{_how(key, quick)})")
    print(f"(answers synthesized in {time.perf_counter() - began:.1f} s)", file=sys.stderr)

    from voicepiece.voices import narrator_for

    # Made now: virtual_audio() points $HOME elsewhere, and with it the cache folder.
    narrator = narrator_for(piece)
    prepared = narrator.prepare()  # the render cache a session has warm
    print(f"narrator: {piece.voice.engine} {piece.voice.name}, render cache warmed "
          f"({prepared.rendered} lines rendered now, {prepared.cached} cached, "
          f"{prepared.templates} with the listener's words, synthesized on demand)")

    load = os.getloadavg()[0]
    turns: list[Turn] = []
    human: list[Turn] = []
    held: list[Turn] = []
    heard: dict[str, list[Turn]] = {key: [] for key in EXTRA}
    with virtual_audio():
        # the newcomer's pyttsx3 speaks with espeak, whatever voice the piece narrates in
        baseline = Baseline(piece.voice if piece.voice.engine == "espeak"
                            else VoiceSettings(engine="espeak", rate=piece.voice.rate,
                                               volume=piece.voice.volume))
        try:
            bench = Bench(piece, narrator, baseline)
            t = bench.recognizer.thresholds
            code = fingerprint()
            print(f"ours: the {bench.recognizer_name} recognizer"
                  + (f" (WITHOUT Whisper: {bench.recognizer.unavailable})"
                     if getattr(bench.recognizer, "unavailable", None) else "")
                  + f", {bench.ear.vad.engine} voice activity, verifier thresholds accept "
                  f">= {t.accept:.3f}, confirm >= {t.confirm:.3f}; listening code as of "
                  f"{code}")
            warm = sessions[0][0]
            bench.turn(warm)  # warm-up: first decode, first render, first player start
            for s, clips in enumerate(sessions, 1):
                baseline.new_session()
                started = time.perf_counter()
                for clip in clips:
                    turns.append(bench.turn(clip))
                print(f"  session {s}/{len(sessions)} ({clips[0].voice}, "
                      f"{noise_name(clips[0].snr)}): {len(clips)} turns in "
                      f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
            baseline.new_session()
            started = time.perf_counter()
            people = human_clips(found, quick) if found else []
            print(f"  human recordings: {len(people)} turns…", file=sys.stderr)
            human = [bench.turn(clip) for clip in people]
            print(f"  human recordings: {len(human)} turns in "
                  f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
            for name, sessions, into in (("held-out", held_sessions, held),
                                         *((f"held-out {key}" if key != "dev"
                                            else "ear development", extra[key], heard[key])
                                           for key in EXTRA)):
                bench.tell_slow = name in ("held-out v3", "ear development")  # seen sets
                for s, clips in enumerate(sessions, 1):
                    baseline.new_session()
                    started = time.perf_counter()
                    into += [bench.turn(clip) for clip in clips]
                    print(f"  {name} session {s}/{len(sessions)} ({clips[0].voice}, "
                          f"{noise_name(clips[0].snr)}): {len(clips)} turns in "
                          f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
            # the answers asked again, heard a second time: said plainer, same voice
            started, budget = time.perf_counter(), [QUICK_SECOND] if quick else None
            for into in (turns, held, *heard.values()):
                into[:] = second_askings(bench, into, budget)
            print(f"  second askings: {time.perf_counter() - started:.0f} s", file=sys.stderr)
        finally:
            baseline.close()
    report(turns, baseline_ran=True)
    report_human(human, found)
    print_honest("issue 13's figures, tuning-side synthetic set (voices and noise the "
                 "verifier was fitted with):", turns)
    print_honest("issue 13's figures, HELD-OUT set v1 (SEEN IN DIAGNOSIS: its failures were "
                 "looked at; voices, phrasings and noise never fitted on):", held)
    mistakes(held)
    for key, turns_of in heard.items():
        if turns_of:
            print_honest(f"issue 13's figures, {EXTRA[key].title}:", turns_of)
            if key == "v3" and os.environ.get("VOICEPIECE_BENCH_V3_ITEMS") == "1":
                mistakes(turns_of)  # its misses, one a line
    if human:
        print_honest("issue 13's figures, real human recordings:", human)
    late = sum(a.late for a in bench.anticipations)
    print(f"\ntranscripts that came after their turn was decided (so no synthesis was started "
          f"for them): {late} in {len(bench.anticipations)} turns")
    unanswering = sum(getattr(a, "unanswering", 0) for a in bench.anticipations)
    print(f"transcripts that answered nothing (no synthesis started): {unanswering}")
    from voicepiece.session.ear_first import EAR_FIRST

    print(f"anticipated synthesis held while the ear decoded: {EAR_FIRST.held:.1f} s in all")
    end = os.getloadavg()[0]
    print(f"\n({len(turns)} turns, {time.perf_counter() - began:.0f} s in all; load average "
          f"{load:.1f} at the start, {end:.1f} at the end, on "
          f"{os.cpu_count()} cores: latencies grow when other jobs share the CPU)")
    return figures(turns, human, found, {
        "recognizer": bench.recognizer_name,
        "honest": {"synthetic": honest_by_noise(turns), "held_out": honest_by_noise(held),
                   "held_out_v2": honest_by_noise(heard["v2"]) if heard["v2"] else None,
                   "held_out_v3": honest_by_noise(heard["v3"]) if heard["v3"] else None,
                   "held_out_v4": honest_by_noise(heard["v4"]) if heard["v4"] else None,
                   "held_out_v5": honest_by_noise(heard["v5"]) if heard["v5"] else None,
                   "held_out_v6": honest_by_noise(heard["v6"]) if heard["v6"] else None,
                   "held_out_v7": honest_by_noise(heard["v7"]) if heard["v7"] else None,
                   "held_out_v8": honest_by_noise(heard["v8"]) if heard["v8"] else None,
                   "dev": honest_by_noise(heard["dev"]) if heard["dev"] else None,
                   "human": honest_by_noise(human) if human else None},
        "held_out_typed_right": [typed, typed_of],
        "verifier_thresholds": {"accept": round(t.accept, 4), "confirm": round(t.confirm, 4)},
        "listening_code": code, "load_average_1min": [round(load, 2), round(end, 2)],
        "words_leads_ms": leads_ms([*turns, *human, *held,
                                   *(turn for key in EXTRA if key != "dev"
                                     for turn in heard[key])]),
        "late_transcripts": late,
    })

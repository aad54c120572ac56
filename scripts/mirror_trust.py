#!/usr/bin/env python3
"""Where words said back as the listener's come from, and which trust rule keeps them true:
the development sets heard once, then the decisions replayed offline from what was heard.

    PYTHONPATH=. python scripts/mirror_trust.py collect [--levels] [--dev] [--v3]
        [--accented] [--harsh] [--talker] [--synthetic] [--human] [--noise 10]
    PYTHONPATH=. python scripts/mirror_trust.py replay [--levels] [--untrue] [--floors]
        [--word-floor W] [--quiet-db Q] [--half fit|held]

``collect`` hears the ear development set and listening v3 (both tuning side; never a
held-out set) as ``scripts/bench_listening_dev.py`` does — the default ear, the session's
own decision, the story's mirror — and keeps, per turn, the grammar's recognition and
Whisper's words with each word piece's probability, in the user cache
(``mirror-trust.jsonl``; synthetic speech only, nobody's voice). ``replay`` decides every
turn again from those (the same ``combine``, reader check, session decision and mirror,
without the audio): issue 13's own-words figures per set and noise level, ``--untrue``
each untrue mirror with its evidence, ``--floors`` the trade-off of the word floor
(:data:`~voicepiece.listening.transcripts.WORD_FLOOR`) and of the quiet-word rule
(:data:`~voicepiece.listening.transcripts.QUIET_WORD_DB`), honest against mirrored;
``--word-floor``/``--quiet-db`` replay with other values, ``--half`` one half by voice
(``scripts/mirror_halves.py``: choose on ``fit``, report ``held``). ``--levels`` keeps (and replays)
a second cache whose turns also hold the audio's frame levels. The human recordings
(``--human``) are reported, never fitted on; no held-out set is ever heard here.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any, NamedTuple

from bench_listening_honest import honest

CACHE = "mirror-trust.jsonl"


_LEVELS = False


def _cache() -> Path:
    from voicepiece.files import cache_home, private_dir

    return private_dir(cache_home()) / (CACHE.replace(".jsonl", "-levels.jsonl") if _LEVELS
                                        else CACHE)


def frame_levels(pcm: bytes, frame: int = 160) -> list[float]:
    """The audio's level per 10 ms frame, dBFS (rounded): to tell the listener's voice,
    near the microphone, from a quieter one behind it."""
    import numpy as np

    x = np.frombuffer(pcm[: len(pcm) // (2 * frame) * 2 * frame], dtype="<i2") / 32768.0
    if not len(x):
        return []
    rms = np.sqrt(np.mean(x.reshape(-1, frame) ** 2, axis=1)) + 1e-6
    return [round(float(v), 1) for v in 20 * np.log10(rms)]


def accented_clips(items: Any, voices: Any = None, folder: str = "mirror-accented-speech",
                   levels: Any = None, talker: str | None = None) -> list[list[Any]]:
    """``items`` spoken by ``voices`` (default: the turn-taking v7 set's — three accented
    speakers of English and a rough American one, seen and free for tuning; the
    development sets' own voices are American and British) in the ear development set's
    noises (babble, a fan) at ``levels``, each item by one voice at every level;
    ``talker``: one other voice saying other sentences instead of the noise."""
    from bench_listening_clips import LEAD_IN, NOISE_LEVELS, SAMPLE_RATE, TRAILING, Clip
    from bench_listening_dev_set import DEV_NOISES, babble, fan
    from bench_listening_heldout2 import kokoro_speak_kept, with_noise
    from bench_turns_v7 import V7_VOICES

    from voicepiece.listening import listener_voices as lv
    from voicepiece.listening.base import FRAME_SAMPLES

    noises = {"babble": babble(), "fan": fan()}
    if talker is not None:  # one other person talking nearby: words Whisper may take in
        from bench_listening_dev_set import BABBLE_LINES
        from bench_listening_heldout2 import babble as talk

        noises = dict.fromkeys(noises, talk(53, BABBLE_LINES, (talker,)))
    voices = voices or V7_VOICES
    out = []
    for k, snr in enumerate(levels or NOISE_LEVELS):
        for i, item in enumerate(items):
            voice = voices[i % len(voices)]  # one synthesis per item
            speech = kokoro_speak_kept(item.text, voice, folder)
            samples = len(speech) // 2
            lead = round(LEAD_IN * SAMPLE_RATE)
            lead += -(lead + samples) % FRAME_SAMPLES
            seed = 170000 + 1000 * k + 10 * i
            padded = lv.pad(speech, lead / SAMPLE_RATE, TRAILING, seed)
            noise = noises[DEV_NOISES[i % 2]]
            pcm = with_noise(speech, padded, snr, noise, (seed * 7919) % len(noise))
            out.append(Clip(item, voice, snr, pcm, lead + samples, samples / SAMPLE_RATE))
    return [out]


def _sets(args: argparse.Namespace, piece: Any) -> Iterator[tuple[str, Any, Any]]:
    if args.dev:
        from bench_listening_dev_set import dev_clips, dev_items

        items = dev_items(piece, False)
        yield "dev", items, dev_clips(items)
    if args.v3:
        from bench_listening_heldout3 import v3_clips, v3_items

        items = v3_items(piece)
        yield "v3", items, v3_clips(items)
    if args.synthetic:
        from bench_listening_clips import build_items, make_clips

        items = build_items(piece, False)[0]
        yield "synthetic", items, make_clips(items)
    if args.human:
        from bench_listening_human import human_clips, human_set

        found = human_set()
        if found is not None:
            yield "human", [], [human_clips(found, False)]
    if args.accented:
        from bench_listening_dev_set import dev_items
        from bench_listening_heldout3 import v3_items

        items = [*dev_items(piece, False), *v3_items(piece)]
        yield "accented", items, accented_clips(items)
    if args.talker:  # tuning side: one intelligible talker behind the listener
        from bench_listening_dev_set import DEV_VOICES, dev_items

        dev = dev_items(piece, False)
        yield "talker", dev, accented_clips(dev, DEV_VOICES, "bench-dev-speech", (10.0,),
                                            talker="flite:kal16")
    if args.harsh:  # tuning side, louder noise than any set is judged in: more misheard
        from bench_listening_dev_set import DEV_VOICES, dev_items
        from bench_listening_heldout3 import v3_items

        dev = dev_items(piece, False)
        items = [*dev_items(piece, False), *v3_items(piece)]
        yield "harsh", items, [*accented_clips(dev, DEV_VOICES, "bench-dev-speech", (5.0,)),
                               *accented_clips(items, None, "mirror-accented-speech", (5.0,))]


def collect(args: argparse.Namespace) -> int:
    from bench_listening_dev import decided

    from voicepiece.assembly.ears import meaning_model
    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.engines import DEFAULT_RECOGNIZER, recognizer_for
    from voicepiece.listening.sources import PcmSource
    from voicepiece.session.events import Question
    from voicepiece.story.loader import load_piece

    piece = load_piece("her")
    meanings = meaning_model(piece, eager=True)
    recognizer = recognizer_for(DEFAULT_RECOGNIZER)
    source = PcmSource(b"")
    ear = ListeningEar(lambda: source, recognizer)
    nodes = {n.name: n for n in piece.listening_points()}
    level = {"clean": None, "20": 20.0, "10": 10.0}
    path = _cache()
    done = set()
    if path.is_file():
        for line in path.read_text().splitlines():
            r = json.loads(line)
            done.add((r["set"], r["voice"], r["snr"], r["point"], r["text"]))
    with path.open("a") as out:
        for name, _, sessions in _sets(args, piece):
            clips = [c for s in sessions for c in s
                     if args.noise is None or c.snr == level[args.noise]]
            print(f"{name}: {len(clips)} turns", file=sys.stderr, flush=True)
            for n, clip in enumerate(clips):
                key = (name, clip.voice, clip.snr, clip.item.point, clip.item.text)
                if key in done:
                    continue
                node = nodes[clip.item.point]
                source = PcmSource(clip.pcm)
                recognizer.last = None
                heard = ear.listen(Question(node.name, node.listen.answers,
                                            node.listen.settings))
                label, zone, mirrored, own = decided(heard, piece, node.name, meanings)
                last = recognizer.last
                record = {
                    "set": name, "voice": clip.voice, "snr": clip.snr,
                    "point": clip.item.point, "text": clip.item.text,
                    "truth": clip.item.truth,
                    "grammar": asdict(last.grammar) if last else None,
                    "words": asdict(last.words) if last and last.words else None,
                    "how": last.how if last else None,
                    "heard": {k: getattr(heard, k) for k in (
                        "text", "label", "confirm", "own_words", "sure_words")},
                    "label": label, "zone": zone,
                    "mirrored": mirrored, "own": own}
                pending = getattr(recognizer, "_pending", None)
                if _LEVELS and pending is not None:
                    record["levels"] = frame_levels(pending[0])
                out.write(json.dumps(record, default=str) + "\n")
                out.flush()
                if n % 25 == 0:
                    print(f"  {name} {n}/{len(clips)}", file=sys.stderr, flush=True)
    return 0


class Replayer:
    """The session's decision of a cached turn, made again from its grammar result and
    Whisper's words (the audio is not needed)."""

    def __init__(self) -> None:
        from voicepiece.assembly.ears import meaning_model
        from voicepiece.listening.reader import LazyReader
        from voicepiece.story.loader import load_piece

        self.piece = load_piece("her")
        self.meanings = meaning_model(self.piece, eager=True)
        self.reader = LazyReader(True)
        self.nodes = {n.name: n for n in self.piece.listening_points()}
        self.heard: Any = None  # the last turn's Heard, as the session got it
        self.doubted = False  # whether the learned reader changed the last turn's decision

    def __call__(self, r: dict[str, Any]) -> tuple[str, str, str | None, bool, Any]:
        from bench_listening_dev import decided

        from voicepiece.listening.base import Recognition
        from voicepiece.listening.combined import combine
        from voicepiece.listening.ear import _heard_of
        from voicepiece.listening.reader import checked
        from voicepiece.listening.whisper_model import WhisperWords
        from voicepiece.session.events import Question

        node = self.nodes[r["point"]]
        question = Question(node.name, node.listen.answers, node.listen.settings)
        self.heard = None
        if r["grammar"] is None:  # nothing heard at all
            return r["label"], r["zone"], r["mirrored"], r["own"], None
        grammar = Recognition(**r["grammar"])
        words = None
        if r["words"] is not None:
            w = dict(r["words"])
            w["pieces"] = tuple(tuple(p) for p in w.get("pieces", ()))
            words = WhisperWords(**w)
        found = combine(grammar, words, question.choices)
        recognition = checked(found.recognition, words and words.text, question.choices,
                              self.reader)
        self.doubted = recognition is not found.recognition  # the reader read otherwise
        heard = self.heard = _heard_of(recognition)
        label, zone, mirrored, own = decided(heard, self.piece, node.name, self.meanings)
        return label, zone, mirrored, own, found


    def refused(self, r: dict[str, Any], zone: str) -> str | None:
        """What a "no" to the check of the turn just decided leaves (the session's
        ``Decision.refused``); None when it was not checked."""
        return self.check(r, zone)[0]

    def check(self, r: dict[str, Any], zone: str) -> tuple[str | None, str | None]:
        """How the check of the turn just decided ends (bench_listening_turns.check_of):
        what a "no" leaves and the other answer it offers; (None, None) unchecked."""
        from bench_listening_turns import check_of

        from voicepiece.session.events import Question

        if zone != "confirm" or self.heard is None:
            return None, None
        node = self.nodes[r["point"]]
        return check_of(self.heard, Question(node.name, node.listen.answers,
                                             node.listen.settings), node, self.meanings)


class Replayed(NamedTuple):
    """One cached turn decided again: the record, the decision, and whether its words
    were said back as the listener's and are true to what was said."""

    r: dict[str, Any]
    label: str
    zone: str
    mirrored: str | None
    own: bool
    found: Any
    said_back: bool
    true: bool
    refused: str | None = None
    """Checked: what the listener's "no" leaves (``Decision.refused``); None unchecked."""
    rival: str | None = None
    """Checked: the other answer the check offers (``Decision.rival``); None: yes or no."""


def replayed(cache: Path | None = None, half: str | None = None,
             play: Replayer | None = None) -> Iterator[Replayed]:
    """Every turn of ``cache`` (this script's by default), of the set ``half`` when given,
    decided again by ``play`` (a new :class:`Replayer` by default; its ``heard`` is the
    turn's while it is yielded): the loop every replaying bench shares."""
    play = play or Replayer()
    for line in (cache or _cache()).read_text().splitlines():
        r = json.loads(line)
        if half and r["set"] != half:
            continue
        label, zone, mirrored, own, found = play(r)
        said = zone == "accept" and own and bool(mirrored)
        yield Replayed(r, label, zone, mirrored, own, found, said,
                       said and honest(mirrored or "", r["text"]), *play.check(r, zone))


def _figures(rows: list[tuple[dict[str, Any], str, str | None, bool, str]]) -> str:
    accepted = [r for r in rows if r[1] == "accept"]
    right = sum(r[0]["truth"] is not None and r[4] == r[0]["truth"] for r in accepted)
    asked = sum(r[0]["truth"] is not None and r[4] == r[0]["truth"] for r in rows
                if r[1] == "confirm")
    own = [r for r in accepted if r[3] and r[2]]
    true = sum(honest(x[2] or "", x[0]["text"]) for x in own)
    share = f"{100 * true / len(own):.1f}%" if own else "-"
    mirrored = f"{100 * len(own) / len(accepted):.0f}%" if accepted else "-"
    wrong = sum(r[4] != r[0]["truth"] for r in accepted)
    checked = [x for x in rows if x[1] == "confirm" and x[3] and x[2]]
    checked_true = sum(honest(x[2] or "", x[0]["text"]) for x in checked)
    return (f"honest {true}/{len(own)} = {share:>6}, mirrored {len(own)}/{len(accepted)} = "
            f"{mirrored:>4}; in checks {checked_true}/{len(checked)}; "
            f"right accepted {right}, wrong {wrong}, confirmed {asked}, changed "
            f"{sum(r[0]['label'] != r[4] or r[0]['zone'] != r[1] for r in rows)}")


def replay(args: argparse.Namespace) -> int:
    from voicepiece.listening import transcripts

    if args.word_floor is not None:
        transcripts.WORD_FLOOR = args.word_floor
    if args.quiet_db is not None:
        transcripts.QUIET_WORD_DB = args.quiet_db
    print(f"word floor {transcripts.WORD_FLOOR}, quiet words {transcripts.QUIET_WORD_DB} dB")
    from mirror_halves import half_of

    rows = []
    for r, label, zone, mirrored, own, found, said_back, true in replayed():
        if args.half and half_of(r) != args.half:
            continue
        rows.append((r, zone, mirrored, own, label))
        if args.untrue and said_back and not true:
            w = r["words"] or {}
            pieces = " ".join(f"{p.strip()}:{v:.2f}" for p, v in w.get("pieces", ()))
            g = r["grammar"] or {}
            print(f"UNTRUE {r['set']} {r['snr']} {r['voice'].split(':')[-1]} "
                  f"@{r['point']} said {r['text']!r} -> back {mirrored!r}\n"
                  f"   whisper {w.get('text')!r} conf {w.get('confidence', 0):.2f} "
                  f"least {w.get('least', 0):.2f} [{pieces}]\n"
                  f"   grammar {g.get('text')!r} {g.get('label')} {g.get('zone')} "
                  f"{g.get('score', 0):.2f}; {found and found.how}; label {label}")
    if args.floors:
        from mirror_floors import print_floors

        print_floors(rows)
    for name in ("dev", "v3", "accented", "synthetic", "human", "harsh",
                 "talker", None):
        for snr in (None, 20.0, 10.0, 5.0, "all"):
            part = [x for x in rows if (name is None or x[0]["set"] == name)
                    and (snr == "all" or x[0]["snr"] == snr)]
            if part:
                print(f"  {name or 'both':<5} {snr!s:<5} {len(part):>4} turns: "
                      f"{_figures(part)}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("collect", "replay"))
    parser.add_argument("--v3", action="store_true")
    parser.add_argument("--dev", action="store_true")
    parser.add_argument("--synthetic", action="store_true",
                        help="the bench's tuning-side synthetic set (flite, espeak-ng)")
    parser.add_argument("--human", action="store_true",
                        help="the real human recordings (reported, never fitted on)")
    parser.add_argument("--accented", action="store_true",
                        help="the development sets' items in the seen v7 voices")
    parser.add_argument("--talker", action="store_true",
                        help="the dev set at 10 dB under one other talker")
    parser.add_argument("--harsh", action="store_true",
                        help="the dev voices and the accented ones at 5 dB")
    parser.add_argument("--noise", choices=("clean", "20", "10"))
    parser.add_argument("--untrue", action="store_true")
    parser.add_argument("--half", choices=("fit", "held"),
                        help="replay only one half by voice (scripts/mirror_halves.py)")
    parser.add_argument("--floors", action="store_true")
    parser.add_argument("--word-floor", type=float)
    parser.add_argument("--quiet-db", type=float)
    parser.add_argument("--levels", action="store_true",
                        help="keep each turn's frame levels (in mirror-trust-levels.jsonl)")
    args = parser.parse_args()
    global _LEVELS
    _LEVELS = args.levels
    return collect(args) if args.what == "collect" else replay(args)


if __name__ == "__main__":
    sys.exit(main())

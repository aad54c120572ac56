"""A second read of the same pause, measured on the one-go development set (issue 13, item 6,
sixteenth pass): Whisper decodes the turn once more, ``LATER`` seconds after the pause's
first check, and the reading of those words is logged beside the first, so that rules on
the two readings can be replayed offline (scripts/bench_turns_one_go_replay.py's counts).

    PYTHONPATH=.:scripts python scripts/bench_turns_second_read.py log LOG OUT HALF [--later 0.15]
    PYTHONPATH=.:scripts python scripts/bench_turns_second_read.py replay LOG OUT HALF [--misses]

``HALF``: fit, held (one-go and v9 halves) or all (another set's log, counted whole).

``LOG`` is a one-go tail log (scripts/bench_turns_one_go_dev.py ``log``); each deciding
check whose first reading ends the turn sooner than the hesitation silence but not at the
complete silence (the incomplete silence: a sentence that answers nothing) has its clip
made again as the log's run made it (``VOICEPIECE_LOG_ONLY`` the same, so the noise's seeds
are) — checked against the log's own ``tail`` — and the audio to ``LATER`` past the check
decoded. ``--misses`` prints the fit half's changes item by item, never the held half's.
"""

from __future__ import annotations

import base64
import json
import sys
from typing import Any

from bench_turns_one_go_dev import FIT_VOICES, HELD_VOICES, NAME
from bench_turns_one_go_replay import deciding, figures, line
from bench_turns_unfinished_replay import HESITATION, _choices, waited
from bench_turns_v9_replay import RULES

LATER = (0.25, 0.4)
"""Seconds after the pause's first check (itself ~0.1 s into the pause) the second read is
taken at: 0.35 and 0.5 s into the pause, before the 0.7 s incomplete silence runs out
(``--later 0.15,…`` for others; the replay reads whichever a log holds)."""


_SPOKEN: dict[str, Any] = {}
"""The turns bench's own ``speak``, kept before a set's hesitant parts are left unsaid."""


def _voices(half: str, name: str) -> tuple[str, ...] | None:
    """The voices of ``half`` of the set ``name`` (None: every voice, ``all``)."""
    if half == "all":
        return None
    if name == NAME:
        return FIT_VOICES if half == "fit" else HELD_VOICES
    import bench_turns_v9 as v9

    return v9.FIT_VOICES if half == "fit" else v9.HELD_VOICES


def _clips(name: str, voices: list[str]) -> dict[tuple[Any, ...], Any]:
    """The set's clips as its log's run made them: ``voices`` (those the log holds) alone,
    in the set's order, as ``VOICEPIECE_LOG_ONLY`` left them, so the noise's seeds are the
    same."""
    import dataclasses

    import bench_turns_clips as bc
    from bench_turns_one_go_dev import register

    if name == NAME:
        register(tuple(voices))
    if name.startswith("tuning_parse"):
        import bench_turns_tuning_parse

        bench_turns_tuning_parse.register()
    if name == "v9_one_go":  # turns14's, said by jf_tebukuro in one go
        import bench_turns_one_go

        bench_turns_one_go.register()
    split = bc.SETS[name]
    if name not in (NAME, "v9_one_go") and not split.kept:  # only complete answers are read
        parts = {p for pair in split.hesitant for p in pair}  # again: hesitant parts unsaid
        plain = _SPOKEN.setdefault("speak", bc.speak)
        bc.speak = lambda text, voice: bytes(3200) if text in parts else plain(text, voice)
    split = dataclasses.replace(split, voices=tuple(v for v in split.voices if v in voices))
    return {(c.voice, c.snr, c.gap, c.text, c.point): c for c in bc.clips(split, True)}


def _audio(r: dict[str, Any], pcm: bytes, later: float) -> tuple[bytes, bytes]:
    """The check's audio (checked against the log's tail, where it kept one) and the same
    with ``later`` seconds more."""
    from voicepiece.listening.ear import _room_floor

    end = round(r["t"] * 16000) * 2
    start = end - round(r["audio_s"] * 16000) * 2
    floor = b"".join(_room_floor())
    while len(pcm) < end + round(later * 16000) * 2:
        pcm += floor
    if "tail" in r and not pcm[start:end].endswith(base64.b64decode(r["tail"])):
        raise LookupError(f"the clip made again is not the logged one: {r['clip']!r}")
    return pcm[start:end], pcm[start:end + round(later * 16000) * 2]


def log(path: str, out_path: str, half: str, delays: tuple[float, ...] = LATER) -> None:
    """Each deciding check of ``half`` that waits the incomplete silence, read again at each
    of :data:`LATER`. A log with no ``tail`` is checked by decoding the check's own audio
    again: a check whose words differ from the logged ones is left out (counted)."""
    from voicepiece.listening.completeness import primed_words
    from voicepiece.listening.whisper_model import packaged_model

    with open(path) as f:
        lines = list(map(json.loads, f))
    whisper = packaged_model()
    unlike = 0
    with open(out_path, "a") as out:
        for name in dict.fromkeys(r["set"] for r in lines):
            voices = _voices(half, name)
            mine = [r for r in lines if r["set"] == name]
            checks = [r for r in deciding(mine) if _waits_incomplete(r)
                      and (voices is None or r["voice"] in voices)]
            if not checks:
                continue
            every = tuple(dict.fromkeys(r["voice"] for r in mine))
            made: dict[tuple[str, ...], dict[tuple[Any, ...], Any]] = {}
            for r in checks:
                key = (r["voice"], r["snr"], r["gap"], r["clip"], r["point"])
                for later in delays:
                    halves = [tuple(v for v in every if v in (_voices(h, name) or ()))
                              for h in ("fit", "held")]  # a log made half by half,
                    for voices_made in (every, *[h for h in halves if r["voice"] in h],
                                        (r["voice"],)):  # or voice by voice
                        if voices_made not in made:
                            made[voices_made] = _clips(name, list(voices_made))
                        try:
                            first, audio = _audio(r, made[voices_made][key].pcm, later)
                            break
                        except LookupError:
                            continue
                    else:
                        raise SystemExit(f"the clip made again is not the logged one: {key}")
                    if "tail" not in r and later == delays[0] and (
                            whisper.transcribe(first).text != r["text"]):
                        unlike += 1
                        break
                    words = whisper.transcribe(audio)
                    out.write(json.dumps({
                        "key": _key(r), "later": later, "text": words.text,
                        "confidence": round(words.confidence, 3),
                        "least": round(words.least, 3), "no_speech": round(words.no_speech, 3),
                        "doubt": round(words.doubt, 4),
                        "primed": primed_words(words) if words.text else None}) + "\n")
                    out.flush()
    print(f"{unlike} checks left out: their audio made again read otherwise")


def _key(r: dict[str, Any]) -> str:
    return "|".join(str(r[k]) for k in ("set", "voice", "snr", "gap", "clip", "point"))


def _waits_incomplete(r: dict[str, Any]) -> bool:
    return waited(r, RULES["tree"]) not in (HESITATION, 0.3) and not RULES["tree"](r)[0]


def second_rule(seconds: dict[str, dict[str, Any]], later: float) -> Any:
    """The tree's rule, then the second read's (:mod:`voicepiece.listening.second_read`)
    where the first reading waits the incomplete silence."""
    from bench_turns_latency_replay import _quick

    from voicepiece.listening.second_read import read_again
    from voicepiece.listening.whisper_model import WhisperWords

    def rule(r: dict[str, Any]) -> tuple[bool, bool]:
        found = RULES["tree"](r)
        again = seconds.get(f"{_key(r)}|{later}")
        if found[0] or found[1] or again is None:
            return found
        quick = _quick(r)
        words = WhisperWords(again["text"], again["confidence"], again["no_speech"], 0.0,
                             again["least"], unfinished=again["primed"], doubt=again["doubt"])
        judged = read_again(quick, words, _choices(r["point"]))
        return judged.whole, judged.hesitating

    return rule


def replay(path: str, out_path: str, half: str, show: bool) -> None:
    from bench_turns_unfinished_replay import _pct
    from bench_turns_unfinished_replay import replay as counted

    with open(path) as f:
        lines = list(map(json.loads, f))
    with open(out_path) as f:
        seconds = {f"{s['key']}|{s['later']}": s for s in map(json.loads, f)}
    for name in dict.fromkeys(r["set"] for r in lines):
        voices = _voices(half, name)
        mine = [r for r in lines if r["set"] == name and (voices is None or r["voice"] in voices)]
        checks = deciding(mine)
        delays = sorted({s["later"] for s in seconds.values()})
        rules = {"tree": RULES["tree"], **{f"+{t:g} s": second_rule(seconds, t) for t in delays}}
        for label, rule in rules.items():
            if name == NAME:
                print(f"{half} " + line(label, figures(checks, rule)))
            else:
                found = counted(mine, rule)
                two = [c for k, v in found["cut"].items() if k in ("hesitation", "open clause")
                       for c in v]
                waits = "  ".join(f"{k} {sum(x >= HESITATION for x in v)}/{len(v)}"
                                  for k, v in sorted(found["delays"].items()))
                print(f"{name} {half} {label:8s} two kinds {_pct(two)}  waiting 1.5 s: {waits}")
            changed = [r for r in checks if waited(r, rule) != waited(r, RULES["tree"])]
            kinds: dict[str, int] = {}
            for r in changed:
                kind = r["clip_kind"] or r["kind"]
                kinds[kind] = kinds.get(kind, 0) + 1
            if label != "tree":
                print(f"    waits changed: {kinds or 'none'} (0.7 -> 1.5 s); read again "
                      f"{sum(f'{_key(r)}|{label[1:-2]}' in seconds for r in checks)} checks")
            if show and half == "fit" and label != "tree":
                for r in changed:
                    again = seconds[f"{_key(r)}|{label[1:-2]}"]
                    print(f"    {r['voice'].split(':')[1]:10s} {r['snr']:3g} "
                          f"{r['clip_kind'] or r['kind']:13s} {r['text']!r} -> {again['text']!r}"
                          f" primed {again['primed']!r} doubt {again['doubt']}")


def main(argv: list[str]) -> None:
    if argv[:1] == ["log"] and len(argv) in (4, 6) and argv[4:5] in ([], ["--later"]):
        log(argv[1], argv[2], argv[3],
            tuple(float(t) for t in argv[5].split(",")) if len(argv) == 6 else LATER)
    elif argv[:1] == ["replay"] and len(argv) >= 4:
        replay(argv[1], argv[2], argv[3], "--misses" in argv)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])

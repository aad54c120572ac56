"""Development turn data said in one go, by several voices (issue 13, item 6, fifteenth pass).

Every turn set makes a hesitant clip as ``first part + pause + rest`` with the first part
synthesized on its own, so it ends on a finished sentence's pitch fall (turns14). Here each
hesitant answer of v9's table (development data since the thirteenth pass: hesitations,
clauses left open, and complete answers followed by a pause and an afterthought) is said
**as one utterance** — ``first... rest`` — so the first part ends on the voice's own
continuation prosody; the clip is cut at the pause the voice makes at "...", and that
pause is lengthened (office noise, as v9's) to the bench's 0.6–1.2 s. Complete answers and
open sentences are said alone (they are one utterance anyway).

**The split, by voice, written before anything was heard** (every clip of a voice in one
half; Kokoro voices alone, none in a blind set's blend):

- :data:`FIT_VOICES` — choices are made on their misses, item by item;
- :data:`HELD_VOICES` — counted before and after, never looked at item by item.

A voice that makes no pause at "..." after a first part (shorter than
:data:`SHORTEST_PAUSE`) has that answer left out (counted by ``pauses``).

    PYTHONPATH=.:scripts python scripts/bench_turns_one_go_dev.py pauses [VOICE,…]
    VOICEPIECE_LOG_GAPS=1.2 VOICEPIECE_LOG_NO_ALT=1 VOICEPIECE_LOG_ONLY=kokoro:af_nicole@20,… \\
      PYTHONPATH=.:scripts python scripts/bench_turns_one_go_dev.py log OUT.jsonl
    PYTHONPATH=.:scripts python scripts/bench_turns_one_go_dev.py replay LOG fit|held [--sound]

The speech is kept in the user cache (:data:`KEPT`).
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

FIT_VOICES = ("kokoro:af_nicole", "kokoro:bf_isabella", "kokoro:bm_george")
HELD_VOICES = ("kokoro:af_aoede", "kokoro:am_michael", "kokoro:bf_emma")
VOICES = FIT_VOICES + HELD_VOICES
NAME = "one_go_dev"
KEPT = "turns15-one-go"
"""The user-cache folder the speech is kept in."""
SHORTEST_PAUSE = 0.2
"""Seconds: the pause a voice must make at "..." for the answer to be cut there."""
QUIET_DB = 35.0
"""A 10 ms frame this far below the loudest is quiet."""
LOGGED_GAP = 1.2
"""The pause the log is made with: the check early in a pause reads the same words whatever
its length, so each of :data:`GAPS` is counted from one log (cut: the silence chosen is
shorter than the pause less the detector's lag)."""
GAPS = (0.6, 0.8, 1.0, 1.2)
EARLIEST, LATEST = 0.5, 0.05
"""Where the pause at "..." may start: from this share of the first part said alone, to
this many seconds after it ends."""


def quiet_stretches(pcm: bytes) -> list[tuple[int, int]]:
    """The quiet stretches inside ``pcm`` (10 ms frames, start and end), none at its edges."""
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    f = 160
    n = len(x) // f
    if n == 0:
        return []
    rms = np.sqrt(np.mean(x[: n * f].reshape(n, f) ** 2, axis=1))
    quiet = rms < rms.max() * 10 ** (-QUIET_DB / 20)
    voiced = np.nonzero(~quiet)[0]
    if voiced.size == 0:
        return []
    out, i = [], int(voiced[0])
    last = int(voiced[-1])
    while i <= last:
        if quiet[i]:
            j = i
            while j <= last and quiet[j]:
                j += 1
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


def cut_near(pcm: bytes, alone: float) -> tuple[bytes, float, bytes]:
    """``pcm`` cut at the longest quiet stretch starting between :data:`EARLIEST` of
    ``alone`` (seconds: the first part said alone, its "..." drawn out) and ``alone`` plus
    :data:`LATEST`: the head, the stretch's seconds (0: none there), the tail. Said in one
    go, the first part is no longer than said alone; a stretch later is a comma's in the
    rest ("well... no, a voice…" cut after "no" where the voice made no pause at "...")."""
    stretches = [s for s in quiet_stretches(pcm) if s[1] - s[0] >= 5
                 and EARLIEST * alone <= s[0] / 100 <= alone + LATEST]
    if not stretches:
        return pcm, 0.0, b""
    start, end = max(stretches, key=lambda s: s[1] - s[0])
    return pcm[: start * 320], (end - start) / 100, pcm[end * 320:]


def one_go(first: str, rest: str, voice: str) -> tuple[bytes, float, bytes]:
    """``first... rest`` said by ``voice`` in one go and cut at its pause there (near
    where ``first...`` said alone ends)."""
    from bench_listening_heldout2 import kokoro_speak_kept

    said = kokoro_speak_kept(f"{first}... {rest}", voice, KEPT)
    alone = kokoro_speak_kept(f"{first}...", voice, KEPT)
    return cut_near(said, len(alone) / 32000)


def split() -> Any:
    """v9's table said by :data:`VOICES`, logged at :data:`LOGGED_GAP` only."""
    import dataclasses

    import bench_turns_clips as bc

    return dataclasses.replace(bc.SETS["unseen_v9"], voices=VOICES, kept="",
                               gaps=(LOGGED_GAP,))


def register(voices: tuple[str, ...] = VOICES) -> set[tuple[str, str]]:
    """Adds :data:`NAME` to the turns bench's sets (its hesitant parts spoken in one go:
    bench_turns_clips.speak answers a first part or a rest with its share of the whole
    answer); returns ``voices``' (voice, first part) pairs left out for want of a pause."""
    import bench_turns_clips as bc
    from bench_listening_heldout2 import kokoro_speak_kept

    table = split()
    parts = {p: (first, rest) for first, rest in table.hesitant for p in (first, rest)}
    plain = bc.speak
    left_out: set[tuple[str, str]] = set()
    for voice in voices:
        for first, rest in table.hesitant:
            if one_go(first, rest, voice)[1] < SHORTEST_PAUSE:
                left_out.add((voice, first))

    def speak(text: str, voice: str) -> bytes:
        if text not in parts:
            return kokoro_speak_kept(text, voice, KEPT, plain)
        first, rest = parts[text]
        head, pause, tail = one_go(first, rest, voice)
        if pause < SHORTEST_PAUSE:  # left out: any audio, so that the clip can be made
            head, tail = head[: len(head) // 4 * 2], head[len(head) // 4 * 2:]
        return head if text == first else tail

    bc.speak = speak
    bc.SETS[NAME] = table
    return left_out


def pauses(voices: tuple[str, ...] = VOICES) -> None:
    """Each voice's pause at "..." (seconds): how many answers it makes one for."""
    table = split()
    for voice in voices:
        got = [one_go(first, rest, voice)[1] for first, rest in table.hesitant]
        kept = [g for g in got if g >= SHORTEST_PAUSE]
        print(f"{voice:20s} {'fit ' if voice in FIT_VOICES else 'held'} pauses at '...': "
              f"{len(kept)}/{len(got)} >= {SHORTEST_PAUSE} s, median "
              f"{np.median(got):.2f} s (min {min(got):.2f}, max {max(got):.2f})", flush=True)


HEARD_INTO_PAUSE = 0.6
"""Seconds of a hesitant clip's pause heard (the shortest pause): the check that decides
falls ~0.1–0.3 s into it, and the rest of the answer is not heard (the log is for the
pause's check; hearing the rest took most of a slow machine's time)."""


def _to_the_check(clip: Any) -> Any:
    """A hesitant clip cut :data:`HEARD_INTO_PAUSE` into its pause; others as they are."""
    import dataclasses

    if clip.pause is None:
        return clip
    return dataclasses.replace(clip, pcm=clip.pcm[: round((clip.pause[0] + HEARD_INTO_PAUSE)
                                                          * 16000) * 2])


def log(out_path: str) -> None:
    """The tail log (scripts/bench_turns_tail_log.py) of :data:`NAME`, answers a voice made
    no pause for left out, hesitant answers heard to their pause's check."""
    import os

    import bench_turns_readings as br
    import bench_turns_tail_log

    named = {p.rsplit("@", 1)[0] for p in os.environ.get("VOICEPIECE_LOG_ONLY", "").split(",")}
    left_out = register(tuple(v for v in VOICES if v in named) or VOICES)
    made = br.clips
    br.clips = lambda s, quick: [  # type: ignore[assignment]
        _to_the_check(c) for c in made(s, quick)
        if not (c.gap is not None and any(c.voice == v and c.text.startswith(f.rstrip(".") + "…")
                                           for v, f in left_out))]
    bench_turns_tail_log.main(out_path, [NAME])


def main(argv: list[str]) -> None:
    if argv[:1] == ["pauses"]:
        pauses(tuple(argv[1].split(",")) if len(argv) > 1 else VOICES)
    elif argv[:1] == ["log"] and len(argv) == 2:
        log(argv[1])
    elif argv[:1] == ["replay"] and len(argv) >= 3:
        from bench_turns_one_go_replay import main as replay

        replay(argv[1], argv[2], "--misses" in argv, measures="--sound" in argv)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])

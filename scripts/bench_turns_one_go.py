"""v9's hesitant answers said in one go (issue 13, item 6, fourteenth pass): the whole
answer synthesized with "..." where its pause is, cut at the pause the voice makes there,
and the bench's own pause of office noise put between the two parts — so the first part
ends on the voice's continuation prosody, where every turn set's clips end it on a
finished sentence's (bench_turns_clips.clips synthesizes the first part alone).
Complete answers and open sentences are v9's own.

    VOICEPIECE_LOG_GAPS=1.0 VOICEPIECE_LOG_NO_ALT=1 \
      VOICEPIECE_LOG_ONLY=kokoro:jf_tebukuro@20,kokoro:jf_tebukuro@10 \
      PYTHONPATH=.:scripts python scripts/bench_turns_one_go.py OUT.jsonl
    PYTHONPATH=.:scripts python scripts/bench_turns_v9_replay.py OUT.jsonl --half all

The set is ``v9_one_go`` (development data, as v9 is now); a voice that makes no pause of
:data:`SHORTEST_PAUSE` at "..." stops the run with one line (Kokoro zm_yunxia makes none).
Logged by scripts/bench_turns_tail_log.py.
"""

from __future__ import annotations

import sys

SHORTEST_PAUSE = 0.3
"""Seconds: the pause a voice must make at "..." to be cut there."""
KEPT = "turns14-one-go"
"""The user-cache folder the whole answers' speech is kept in."""


def one_go(first: str, rest: str, voice: str) -> tuple[bytes, bytes]:
    """The two parts of ``first... rest`` said in one go by ``voice``, cut at its pause."""
    from bench_listening_heldout2 import kokoro_speak_kept
    from bench_turns_prosody import cut_at_pause

    said = kokoro_speak_kept(f"{first}... {rest}", voice, KEPT)
    head, pause = cut_at_pause(said)
    if pause < SHORTEST_PAUSE:
        raise SystemExit(f"{voice} makes no pause at '...' after {first!r} ({pause:.2f} s)")
    return head, said[len(head) + round(pause * 100) * 320:]


def register() -> None:
    """Adds ``v9_one_go`` to the turns bench's sets; its hesitant parts are spoken in one
    go (bench_turns_clips.speak, which the clip maker calls for a set without a kept
    folder, answers a first part or a rest with its share of the whole answer)."""
    import dataclasses

    import bench_turns_clips as bc

    parts = {p: (first, rest) for first, rest in bc.SETS["unseen_v9"].hesitant
             for p in (first, rest)}
    plain = bc.speak

    def speak(text: str, voice: str) -> bytes:
        if text not in parts:  # v9's own speech, kept
            from bench_listening_heldout2 import kokoro_speak_kept

            return kokoro_speak_kept(text, voice, "bench-turns-v9", plain)
        first, rest = parts[text]
        head, tail = one_go(first, rest, voice)
        return head if text == first else tail

    bc.speak = speak
    bc.SETS.setdefault("v9_one_go", dataclasses.replace(bc.SETS["unseen_v9"], kept=""))


if __name__ == "__main__":
    import bench_turns_tail_log

    register()
    bench_turns_tail_log.main(sys.argv[1], ["v9_one_go"])

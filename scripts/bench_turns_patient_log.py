"""Diagnosis for patient turn-taking's tenth pass (issue 13, item 6): what each pause's
check read (as scripts/bench_turns_readings.py) and, beside it, cheap evidence for
candidate rules, replayed offline by scripts/bench_turns_patient_replay.py:

- ``doubt``: Whisper's odds of a mark of going on where it wrote its last word;
- ``primed``: the words primed with ``TURN_PROMPT`` (the ear's second pass), and
  ``primed_alt`` with :data:`ALT_PROMPT` (another prompt tried);
- ``pieces``: each word piece with its probability (the last one the final mark's);
- ``pitch``, ``level``: the voice's pitch (Hz, 0 unvoiced) and level (dB) every 20 ms
  over the last 0.8 s of speech before the check's pause (the contour at the pause).

    PYTHONPATH=.:scripts python scripts/bench_turns_patient_log.py OUT.jsonl tuning_patient

Never on a blind set (bench_turns_readings refuses them).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from typing import Any

import bench_turns_readings as br

ALT_PROMPT = "So, um... the thing is that... I'd say it's the kind of... because..."
"""A second prompt tried for ``whisper_model.TURN_PROMPT`` in the tenth pass and not kept: its
fragments end on function words. On its development split's fitting half
(scripts/bench_turns_tuning_patient.py) it wrote as many fragments trailing off as the
kept prompt and far fewer complete answers ("It needs two people...", which then waited
1.5 s: 1 of 28 against 6); on both held-out halves it let more fragments through (28.8%
cut off against 23.8% on ``tuning_patient_check``, 19.4 against 16.7% on
``tuning_unfinished_check``) at the same cost in complete answers there. Fewer cut-offs
were preferred (docs/listening-measurements.md, "Patient turn-taking, tenth pass")."""

STEP = 320  # 20 ms at 16 kHz
SPEECH_DB = -35.0


def contour(audio: bytes) -> dict[str, list[float]]:
    """Pitch (autocorrelation, 70-400 Hz) and level every 20 ms over the last 0.8 s of
    speech: the speech's end is the last 20 ms within 25 dB of the loudest."""
    import numpy as np

    x = np.frombuffer(audio[: len(audio) // 2 * 2], dtype="<i2").astype(np.float64) / 32768
    n = len(x) // STEP
    if n < 5:
        return {"pitch": [], "level": []}
    frames = x[: n * STEP].reshape(n, STEP)
    level = 10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-10)
    loud = level.max()
    spoken = np.nonzero(level > loud - 25)[0]
    end = int(spoken[-1]) + 1
    start = max(0, end - 40)
    pitch: list[float] = []
    for i in range(start, end):
        w = x[max(0, (i - 1) * STEP): (i + 1) * STEP]
        w = w - w.mean()
        if len(w) < 2 * STEP or np.sqrt(np.mean(w ** 2)) < 1e-4:
            pitch.append(0.0)
            continue
        ac = np.correlate(w, w, "full")[len(w) - 1:]
        lo, hi = 16000 // 400, 16000 // 70
        lag = lo + int(np.argmax(ac[lo:hi]))
        pitch.append(round(16000 / lag, 1) if ac[lag] > 0.45 * ac[0] else 0.0)
    return {"pitch": pitch, "level": [round(float(v - loud), 1) for v in level[start:end]]}


def _keep_second_pass() -> None:
    """Let each Primed keep its decode (the same encoding's second pass), so that the
    alternative prompt can be decoded on it after the judgement used the ear's own."""
    from voicepiece.listening.primed import Primed

    made = Primed.__init__

    def init(self: Any, decode: Any) -> None:
        made(self, decode)
        self.again = decode

    Primed.__init__ = init  # type: ignore[method-assign]


class _Evidence(br._Logging):
    def more(self, audio: bytes, words: Any, choices: Sequence[Any]) -> dict[str, Any]:
        from voicepiece.listening.completeness import primed_words
        from voicepiece.listening.whisper_model import packaged_model

        primed = primed_words(words) if words.text else None
        again = getattr(words.unfinished, "again", None)
        alt = None
        if again is not None:
            m = packaged_model()
            kept = m._turn_prompt
            m._turn_prompt = [m._previous, *m._encode(" " + ALT_PROMPT,
                                                      add_special_tokens=False).ids]
            try:
                alt = again()
            finally:
                m._turn_prompt = kept
        return {"doubt": round(words.doubt, 4), "primed": primed, "primed_alt": alt,
                "pieces": [[t, round(p, 3)] for t, p in words.pieces],
                "logprob": round(math.log(max(words.confidence, 1e-9)), 3),
                "no_speech": round(words.no_speech, 3), **contour(audio)}


def main(out_path: str, names: list[str]) -> None:
    """As bench_turns_readings.main, only the clips of ``VOICEPIECE_LOG_ONLY``'s
    "voice@snr" pairs (comma-separated; all when unset) and the hesitant answers' pauses of
    ``VOICEPIECE_LOG_GAPS`` (comma-separated seconds; all when unset: the check early in a
    pause reads the same words whatever its length, so one pause is a cheaper log),
    skipping clips already logged in ``out_path`` (a run stopped part-way goes on where it
    stopped). ``VOICEPIECE_LOG_NO_ALT=1`` leaves out the decode with :data:`ALT_PROMPT`
    (``primed_alt`` None), a second decode per check no rule in the tree uses."""
    import json
    import os

    only = {tuple(p.rsplit("@", 1)) for p in os.environ.get("VOICEPIECE_LOG_ONLY", "").split(",")
            if p}
    gaps = {float(g) for g in os.environ.get("VOICEPIECE_LOG_GAPS", "").split(",") if g}
    done: set[tuple[Any, ...]] = set()
    if os.path.exists(out_path):
        with open(out_path) as f:
            done = {(r["voice"], r["snr"], r["gap"], r["clip"], r["point"])
                    for r in map(json.loads, f)}
    made = br.clips

    def clips(split: Any, quick: bool) -> list[Any]:
        import dataclasses

        if only:  # only the voices named are synthesized
            split = dataclasses.replace(split, voices=tuple(
                v for v in split.voices if any(v == voice for voice, _ in only)))
        return [c for c in made(split, quick)
                if (not only or (c.voice, f"{c.snr:g}") in only)
                and (not gaps or c.gap is None or c.gap in gaps)
                and (c.voice, c.snr, c.gap, c.text, c.point) not in done]

    br.clips = clips
    if not os.environ.get("VOICEPIECE_LOG_NO_ALT"):
        _keep_second_pass()
    br.main(out_path, names, _Evidence)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])

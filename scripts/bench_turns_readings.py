"""Diagnosis for the turns bench: what each pause's check read, as JSON lines, so that rules
for reading a transcript can be tried on tuning data without decoding the audio again.

    PYTHONPATH=.:scripts python scripts/bench_turns_readings.py OUT.jsonl tuning_kokoro unseen_v4

For every check of every clip (``--quick`` clips, the open transcript at once): the set,
voice, SNR, pause, the clip's kind (``hesitant``, ``complete``, ``open``), where the check
fell (``in_pause``: inside the hesitant answer's pause; ``at_end``: after the last word),
the open transcript (and Whisper's confidence in it: ``confidence``, ``least``), the
hesitation grammar's words, the quick and the final judgement, Smart Turn's probability
(where its model is installed), the point, the hesitant answer's kind, its pause and the
speech's end; a subclass may add more (``more``: scripts/bench_turns_unfinished_log.py).
Never on a blind (unseen) set: it writes every case.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

import bench_turns as bt
from bench_turns_clips import SETS, Clip, clips

from voicepiece.listening.base import FRAME_SECONDS

_NOW = {"frames": 0}


class _Counted(bt._Live):
    """The clip's frames, counted: a check's time is the frames read before it."""

    def frames(self) -> Any:
        _NOW["frames"] = 0
        for frame in super().frames():
            _NOW["frames"] += 1
            yield frame


class _Logging(bt._Judge):
    def __init__(self, judges: bt.Judges, judge: bt.Judge, out: Any) -> None:
        super().__init__(judge, judges, bt.AT_ONCE)
        self.out = out
        self.clip: Clip | None = None
        self.set_name = ""

    def verdict(self, recognizer: Any, audio: bytes, choices: Sequence[Any],
                wait: bool = False) -> Any:
        from voicepiece.listening.turns import LONGEST_BEGINNING, reading

        whole, hesitating = self.judge(audio, choices)
        final = super().verdict(recognizer, audio, choices, wait)
        clip = self.clip
        assert clip is not None
        t = _NOW["frames"] * FRAME_SECONDS
        words = self.judges.words(audio)
        text = words.text
        kind = "hesitant" if clip.gap is not None else "open" if clip.open else "complete"
        self.out.write(json.dumps({
            "set": self.set_name, "voice": clip.voice, "snr": clip.snr, "gap": clip.gap,
            "kind": kind, "clip": clip.text, "t": round(t, 3),
            "in_pause": clip.pause is not None and clip.pause[0] <= t < clip.pause[1],
            "at_end": t >= clip.speech_end, "audio_s": round(len(audio) / 32000, 3),
            "short": len(audio) <= LONGEST_BEGINNING, "text": text,
            "reading": reading(text, choices), "confidence": round(words.confidence, 3),
            "least": round(words.least, 3),
            "heard": (self.judges.hesitation.heard(audio, choices)
                      if len(audio) <= LONGEST_BEGINNING else None),
            "quick": [whole, hesitating], "final": [final.whole, final.hesitating],
            "answer": _answer(self.judges.recognizer.recognize(audio, choices)),
            "smart_turn": (None if self.judges.smart_turn is None
                           else round(self.judges.turn_prob(audio), 3)),
            "point": clip.point, "clip_kind": clip.kind, "pause": clip.pause,
            "speech_end": round(clip.speech_end, 3), **self.more(audio, words, choices),
        }) + "\n")
        self.out.flush()
        return final


    def more(self, audio: bytes, words: Any, choices: Sequence[Any]) -> dict[str, Any]:
        """More of what the check could read, for a subclass trying candidates."""
        return {}


def _answer(found: Any) -> list[Any]:
    """The grammar's recognition (remembered from its completeness check: no decode), as
    the turn judge keeps it (``Verdict.answer``): its phrase, label and zone."""
    return [found.text, found.label, found.zone]


def main(out_path: str, names: list[str], logger: type[_Logging] = _Logging) -> None:
    judges = bt.Judges(bt._smart_turn())
    judge, incomplete, _ = judges.strategies()["transcript_at_once"]
    with open(out_path, "a") as out:
        logging = logger(judges, judge, out)
        for name in names:
            if SETS[name].blind:
                raise SystemExit(f"{name} is blind: its cases are never written")
            logging.set_name = name
            for clip in clips(SETS[name], True):
                logging.clip = clip
                _hear(clip, logging, incomplete, judges)


def _hear(clip: Clip, judge: _Logging, incomplete: float, judges: bt.Judges) -> None:
    from voicepiece.listening.ear import ListeningEar

    ear = ListeningEar(lambda: _Counted(clip.pcm), bt._Cheap(), judges.vad, judge=judge,
                       tuning=bt._tuning(None))
    ear.listen(bt.question_at(clip.point, incomplete))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])

"""The patient log (scripts/bench_turns_patient_log.py) with each check's last 3 s of audio
kept (``tail``: base64 of 16 kHz 16-bit mono), so that evidence from the sound at the
pause can be tried offline without hearing the clips again (issue 13, fourteenth pass).

    VOICEPIECE_LOG_GAPS=1.0 VOICEPIECE_LOG_NO_ALT=1 \
      PYTHONPATH=.:scripts python scripts/bench_turns_tail_log.py OUT.jsonl unseen_v9

Never on a blind set (bench_turns_readings refuses them).
"""

from __future__ import annotations

import base64
import sys
from collections.abc import Sequence
from typing import Any

import bench_turns_patient_log as pl
import bench_turns_readings as br

TAIL_BYTES = 3 * 32000


class _Tail(pl._Evidence):
    def more(self, audio: bytes, words: Any, choices: Sequence[Any]) -> dict[str, Any]:
        found = super().more(audio, words, choices)
        found["tail"] = base64.b64encode(audio[-TAIL_BYTES:]).decode("ascii")
        return found


def main(out_path: str, names: list[str]) -> None:
    made = br.main
    br.main = lambda out, sets, logger=_Tail: made(out, sets, _Tail)  # type: ignore[assignment]
    pl.main(out_path, names)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])

"""The listening bench's newcomer baseline runs in a process of its own; a bench killed in
the middle of a turn once left that process running for an hour, busy, holding its sound
connection. It must end with the bench, whatever it was doing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.pulse import PulseServer

ROOT = Path(__file__).resolve().parent.parent

KILLED_MID_TURN = """
import os, signal, sys, time
from bench_listening_baseline import Baseline, BaselineTurn
from voicepiece.story.model import VoiceSettings

if __name__ == "__main__":
    baseline = Baseline(VoiceSettings())
    baseline.start(BaselineTurn((("yes", "yes"),), (("yes", ("Good.",)),), ("Sorry?",)))
    baseline.feed(bytes(3200))  # a tenth of a second of silence: the turn goes on
    time.sleep(1)
    print(baseline.process.pid, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its parent has not looked


def test_the_baseline_ends_when_the_bench_is_killed_mid_turn(pulse_server: PulseServer
                                                               ) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "scripts")])}
    bench = subprocess.Popen([sys.executable, "-c", KILLED_MID_TURN], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert bench.stdout is not None
    line = bench.stdout.readline()
    bench.wait(120)
    assert line.strip().isdigit(), f"the bench did not start its baseline: {line!r}"
    child = int(line)
    for _ in range(300):  # a generous bound on a loaded machine; it takes well under 1 s
        if not _running(child):
            break
        time.sleep(0.1)
    else:
        os.kill(child, 9)
        raise AssertionError("the baseline process outlived the bench that started it")

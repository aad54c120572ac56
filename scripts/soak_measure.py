"""What the soak watches for leaks: resident memory, open descriptors, threads."""

from __future__ import annotations

import gc
import os
import threading
from dataclasses import dataclass


def rss_mb() -> float:
    """Resident memory of this process, MB (psutil when installed, else /proc)."""
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**20
    except ImportError:
        pass
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd")) - 1  # the listing's own descriptor


@dataclass
class Snapshot:
    rss_mb: float
    fds: int
    threads: int

    @classmethod
    def now(cls) -> Snapshot:
        gc.collect()
        return cls(round(rss_mb(), 1), open_fds(), threading.active_count())

"""What the soak watches for leaks: resident memory (now and at its peak), open
descriptors, threads; and what the station had loaded while they were measured."""

from __future__ import annotations

import contextlib
import gc
import os
import statistics
import threading
from dataclasses import dataclass
from typing import Any

MEMORY_GOAL_MB = 10.0
"""Resident memory may grow by less than this from the warm-up to the last visitor."""


def _status_mb(key: str) -> float:
    """A memory figure of this process from /proc/self/status (``VmRSS``: resident now;
    ``VmHWM``: the most it has been resident), MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb() -> float:
    """Resident memory of this process, MB."""
    return _status_mb("VmRSS")


def peak_mb() -> float:
    """The most this process has been resident since it started, MB (the kernel's
    high-water mark: a peak between two snapshots is not missed)."""
    return _status_mb("VmHWM")


def reset_peak() -> None:
    """Start the high-water mark (``VmHWM``) again from the resident memory now, so that the
    next reading is the peak of what follows — the visits — and not of loading and
    preparing (Linux's ``clear_refs``; where it cannot be written, the peak stays the
    whole run's)."""
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def heap_in_use_mb() -> float:
    """What this process's C heap holds in use, MB (glibc's ``mallinfo2``: the blocks
    allocated and not yet freed, every thread's arena and the large mapped ones), NaN
    where the C library is not glibc. Resident memory also counts what was freed and not
    yet given back, and the pages of loaded models; this is what is really held."""
    import ctypes

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
            "uordblks", "fordblks", "keepcost")]

    try:
        mallinfo2 = ctypes.CDLL("libc.so.6").mallinfo2
    except (OSError, AttributeError):
        return float("nan")
    mallinfo2.restype = MallInfo2
    info = mallinfo2()
    return (info.uordblks + info.hblkhd) / 2**20


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd")) - 1  # the listing's own descriptor


@dataclass
class Snapshot:
    rss_mb: float
    fds: int
    threads: int
    peak_mb: float = float("nan")
    heap_mb: float = float("nan")

    @classmethod
    def now(cls) -> Snapshot:
        gc.collect()
        return cls(round(rss_mb(), 1), open_fds(), threading.active_count(),
                   round(peak_mb(), 1), round(heap_in_use_mb(), 1))


TREND_WINDOW = 20
"""Visitors whose readings make each end of the trend (:func:`trend`)."""


def trend(readings: list[float], window: int = TREND_WINDOW) -> float | None:
    """The median of the last ``window`` readings (one per visitor after the warm-up) minus
    the median of the first ``window``: growth over the run that one visit's leftovers do
    not move, beside ``growth``'s two single readings. None with fewer than two windows."""
    if len(readings) < 2 * window:
        return None
    return round(statistics.median(readings[-window:]) - statistics.median(readings[:window]),
                 1)


def memory_summary(snapshots: dict[str, Snapshot], warm_up: int,
                   visitors: list[Snapshot] | None = None) -> dict[str, Any]:
    """The soak's memory figures, MB: at ``process_start`` (nothing loaded), ``loaded``
    (every engine loaded, before the first visitor), ``start`` (after the ``warm_up``
    visitors: the baseline of the growth), ``end`` (after the last visitor), their
    ``growth``, ``after_stop``; the ``peak`` (VmHWM) over the whole run and
    ``peak_after_warm_up``, over the visits after the warm-up (the high-water mark is
    started again at ``start``, :func:`reset_peak`: loading and preparing lines peak
    higher than a running station), with whether the growth is under
    :data:`MEMORY_GOAL_MB`; ``heap_in_use`` the C heap in use at each checkpoint
    (:func:`heap_in_use_mb`, not the goal: it tells memory held from memory freed and
    not given back). A missing checkpoint (a run that stopped early) falls back to
    the one before it, and says so in ``measured_from``/``to``.

    ``visitors``: a reading after each visitor past the warm-up, in attract (as ``start``
    and ``end``); they give ``trend`` (:func:`trend`, resident, and ``heap_trend``, the heap
    in use) and ``per_visitor``: resident and heap in use after each of them."""
    order = ["process_start", "loaded", "start", "end", "after_stop"]
    present = [name for name in order if name in snapshots]
    start_key = next(k for k in ("start", "loaded", "process_start") if k in snapshots)
    end_key = next((k for k in ("end", "after_stop") if k in snapshots), start_key)
    start, end = snapshots[start_key], snapshots[end_key]
    growth = round(end.rss_mb - start.rss_mb, 1)
    peaks = [s.peak_mb for s in snapshots.values() if s.peak_mb == s.peak_mb]
    later = [snapshots[k].peak_mb for k in present[present.index(start_key) + 1:]
             if snapshots[k].peak_mb == snapshots[k].peak_mb] if start_key == "start" else []
    return {**{name: snapshots[name].rss_mb for name in present},
            "growth": growth, "measured_from": start_key, "measured_to": end_key,
            "warm_up_visitors": warm_up, "peak": max(peaks) if peaks else None,
            "peak_after_warm_up": max(later) if later else None,
            "growth_ok": growth < MEMORY_GOAL_MB,
            "heap_in_use": {name: snapshots[name].heap_mb for name in present
                            if snapshots[name].heap_mb == snapshots[name].heap_mb},
            "trend": trend([v.rss_mb for v in visitors or ()]),
            "heap_trend": trend([v.heap_mb for v in visitors or ()]),
            "trend_window": TREND_WINDOW,
            "per_visitor": {"rss": [v.rss_mb for v in visitors or ()],
                            "heap_in_use": [v.heap_mb for v in visitors or ()]}}


TRACED_SITES = 12
"""How many of the Python allocation sites that grew most ``--trace-memory`` reports."""


def trace_start(frames: int = 1) -> Any:
    """Start tracing Python's allocations (``--trace-memory``) and take the baseline
    snapshot: after the warm-up, like the resident ``start``. One frame per allocation
    by default: enough to name the line that holds memory, and tracing stays cheap enough
    for a whole soak; more frames name who called it (``--trace-memory 8``)."""
    import tracemalloc

    tracemalloc.start(frames)
    return tracemalloc.take_snapshot()


def traced_growth(baseline: Any, top: int = TRACED_SITES) -> list[dict[str, Any]]:
    """The Python allocation sites whose memory grew most since ``baseline``, largest
    first: where, KB now held more, and how many more blocks — what names a slow growth
    of the heap in use that the resident figures only show as a trend."""
    import tracemalloc

    if not tracemalloc.is_tracing():
        return []
    now = tracemalloc.take_snapshot().filter_traces(
        (tracemalloc.Filter(False, tracemalloc.__file__),))
    deep = tracemalloc.get_traceback_limit() > 1
    stats = now.compare_to(baseline, "traceback" if deep else "lineno")
    grown = sorted((s for s in stats if s.size_diff > 0), key=lambda s: -s.size_diff)[:top]
    out = []
    for stat in grown:
        frames = list(stat.traceback)[::-1]  # tracemalloc lists the oldest first
        out.append({"where": f"{frames[0].filename}:{frames[0].lineno}",
                    "kb": round(stat.size_diff / 1024, 1), "blocks": stat.count_diff,
                    **({"callers": [f"{f.filename}:{f.lineno}" for f in frames[1:]]}
                       if deep else {})})
    return out


def engine_names(engines: Any) -> dict[str, str]:
    """What a station's engines (:class:`~voicepiece.assembly.gallery.StationEngines`)
    are, in words for the report: the recognizer, whether Whisper's open transcript is
    loaded, the sentence model's state and the narrator's engine and voice."""
    recognizer = engines.recognizer
    whisper = getattr(recognizer, "whisper", None)
    names = {"recognizer": type(recognizer).__name__,
             "whisper": "loaded" if whisper is not None else
             (getattr(recognizer, "unavailable", None) or "not used"),
             "narrator": f"{engines.narrator.settings.engine} {engines.narrator.settings.name}"}
    from voicepiece.listening import embedder
    from voicepiece.voices import kokoro

    meanings = getattr(engines, "meanings", None)
    names["meanings"] = ("rules alone" if meanings is None else
                         "sentence model loaded" if embedder.loaded() else
                         "sentence model not needed yet")
    if engines.narrator.settings.engine == "kokoro":
        names["narrator"] += " (model loaded)" if kokoro.loaded() else " (model not loaded)"
    return names


def narrator_missing(narrator: Any) -> dict[str, int]:
    """How much of the narrator's piece is not in the render cache yet: its fixed parts and
    its likely mirrors (what ``voicepiece prepare`` renders)."""
    lines = {line.id: line for line in narrator.piece.lines()}.values()
    fixed = {part for line in lines for part in narrator.fixed_parts(line)}
    cache, settings = narrator.cache, narrator.settings

    def missing(parts: Any) -> int:
        return sum(not cache.path(part, settings).is_file() for part in parts)

    mirrors = narrator.mirrors().values()
    return {"fixed_parts": len(fixed), "fixed_missing": missing(fixed),
            "mirrors": len(mirrors), "mirrors_missing": missing(mirrors)}

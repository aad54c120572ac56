"""What the benchmark sections share: the moment a sound's first sample leaves for the
sound server, and the median and 95th percentile they all report; and how the benches that
decide cached turns again list a turn they miss."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mirror_trust import Replayed
    from pydub import AudioSegment

    from voicepiece.audio.playback import Player


def first_sample(player: Player, audio: AudioSegment) -> float:
    """Play ``audio`` until its first sample is out; that moment (perf_counter). Playback
    is stopped as soon as it has started: only the start matters here."""
    player.last_started_at = None
    thread = threading.Thread(target=player.play, args=(audio,))
    thread.start()
    while player.last_started_at is None and thread.is_alive():
        time.sleep(0.0005)
    started = player.last_started_at
    player.stop()
    thread.join()
    if started is None:
        raise RuntimeError("the player never started")
    return started


def p95(values: Sequence[float]) -> float:
    """The 95th percentile, as the nearest value (no interpolation between turns)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def spread_ms(seconds: Sequence[float]) -> dict[str, float | int] | None:
    """Durations in seconds as the JSON reports them: median, p95 and max in milliseconds,
    and how many there were (None when there were none)."""
    if not seconds:
        return None
    ms = [1000 * s for s in seconds]
    return {"median": round(statistics.median(ms), 1), "p95": round(p95(ms), 1),
            "max": round(max(ms), 1), "n": len(ms)}


def print_turn(tag: str, turn: Replayed, level: str) -> None:
    """A turn decided again (:func:`mirror_trust.replayed`) in two lines, as
    ``--misses`` lists it: what was said and how it was decided, with what was said back;
    then what Whisper and the grammar heard, and by which way it was read. ``level`` is
    the noise the clip was heard in, as the bench names it."""
    r, w, g = turn.r, turn.r["words"] or {}, turn.r["grammar"] or {}
    print(f"{tag} {r['set']} {level} {r['voice'].split(':')[-1]} @{r['point']} "
          f"{r['text']!r} {r['truth']} -> {turn.label} ({turn.zone}); "
          f"back {turn.mirrored!r}\n"
          f"    whisper {w.get('text')!r} conf {w.get('confidence', 0):.2f} "
          f"least {w.get('least', 0):.2f}; grammar {g.get('text')!r} "
          f"{g.get('label')} {g.get('zone')}; {turn.found.how if turn.found else '-'}")

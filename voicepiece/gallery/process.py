"""The station as a service's process: one per configuration, stopped by SIGTERM without
losing a recording, and the self-test a technician runs by hand.

The station itself (:mod:`voicepiece.gallery.station`) knows nothing of processes and
signals; ``voicepiece gallery`` runs it through these.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voicepiece.errors import VoicepieceError

if TYPE_CHECKING:
    from voicepiece.gallery.options import GalleryConfig
    from voicepiece.gallery.seams import Seams
    from voicepiece.gallery.selftest import SelfTestResult
    from voicepiece.gallery.station import Station


def lock_station(heartbeat: Path) -> int:
    """One station per configuration: two would fight over the microphone. The lock is
    held until the returned descriptor is closed."""
    import fcntl

    from voicepiece.gallery.health import private_parent, read_heartbeat

    path = heartbeat.with_name(heartbeat.name + ".lock")
    private_parent(path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise VoicepieceError(f"cannot create {path}: {exc.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        pid = (read_heartbeat(heartbeat) or {}).get("pid", "?")
        raise VoicepieceError(f"a station is already running with this configuration "
                              f"(pid {pid}); `voicepiece gallery status` says more") from None
    return fd


def run_until_terminated(station: Station) -> None:
    """Run ``station`` until it stops, with SIGTERM (systemd stopping the service) handled
    as :func:`on_terminate` says."""
    previous = signal.signal(signal.SIGTERM, on_terminate(station))
    try:
        station.run()
    finally:
        signal.signal(signal.SIGTERM, previous)


def on_terminate(station: Station) -> Callable[[int, Any], None]:
    """SIGTERM: end a session the way Ctrl-C does, so its recording is kept; otherwise stop
    at the next state."""
    from voicepiece.gallery.machine import SESSION

    def handler(_signum: int, _frame: Any) -> None:
        station.stop("SIGTERM")
        if station.state == SESSION:
            raise KeyboardInterrupt

    return handler


def self_test_now(config: GalleryConfig, seams: Seams) -> SelfTestResult:
    """The self-test, run now at the configured volume, and written to the journal."""
    from voicepiece.gallery.health import Journal, local_iso
    from voicepiece.gallery.seams import StationVoice

    assert seams.self_test is not None
    result = seams.self_test(StationVoice(seams.voice(), config.audio.volume))
    Journal(config.state_path("journal")).write(
        "self_test", result={"at": local_iso(), **result.as_json()})
    return result

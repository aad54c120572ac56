"""Preparing a piece's lines in the background while a session plays, and a process's
exit that waits for the line in hand: Kokoro left inside onnxruntime at exit aborts the
process."""

from __future__ import annotations

import atexit
import logging
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voicepiece.voices.narrator import Narrator

log = logging.getLogger(__name__)


EXIT_WAIT = 60.0
"""Seconds a process on its way out waits for the line its background preparation is
rendering: long enough for one Kokoro line on a loaded machine."""
_preparing: dict[threading.Thread, threading.Event] = {}


def prefetch(narrator: Narrator) -> threading.Thread:
    """Render the piece's lines in the background while a session plays, so a live
    session never waits for a line that could have been prepared. A failure here is only
    logged: the session synthesizes that line itself and reports it there.

    A process that exits meanwhile (a session's end, a gallery's SIGTERM) first lets the
    line in hand finish (:func:`_stop_preparing`): left inside onnxruntime at exit, Kokoro
    aborts the process ("terminate called without an active exception")."""
    stop = threading.Event()

    def work() -> None:
        try:
            narrator.prepare(stop=stop)
        except Exception as exc:  # the session's own render of the line reports it
            log.warning("preparing lines in the background stopped: %s", exc)
        finally:
            _preparing.pop(threading.current_thread(), None)

    thread = threading.Thread(target=work, name="voicepiece-prefetch", daemon=True)
    _preparing[thread] = stop
    thread.start()
    return thread


def _stop_preparing() -> None:
    """Let the line in hand finish, and prepare no other: called as the interpreter starts
    to exit, before any ``atexit`` handler. Not one itself: those run last registered first,
    and a line's libraries register theirs in the middle of the first background line; the
    weakref finalizers' hook then removed the copy of the espeak library kokoro-onnx's
    phonemizer was still loading ("No such file or directory: '/tmp/tmp…/libespeak-ng.so'"):
    the line was lost, and every later phonemization left its copy in /tmp. Threading's own
    exit hooks run before all of them (``concurrent.futures`` stops its workers there)."""
    for thread, stop in list(_preparing.items()):
        stop.set()
        thread.join(EXIT_WAIT)


# threading's exit hooks are private CPython (3.9+); without them, atexit is the next best.
getattr(threading, "_register_atexit", atexit.register)(_stop_preparing)

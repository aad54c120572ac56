"""Giving the memory a process has freed back to the system.

glibc keeps what a program frees for its next allocations, and keeps it resident: after a
line's synthesis (1-2 GB for a moment), a visit's transcripts and its mastering, a station
waiting for its next visitor held anything from 530 MB to 1,140 MB resident with the
same ~300 MB in use (measured between the visitors of a soak), so its resident memory
said more about the last visit than about the station. ``malloc_trim`` returns the free
pages of every arena; it takes milliseconds.
"""

from __future__ import annotations

import contextlib
from typing import Any

_TRIM: Any = None
"""glibc's ``malloc_trim`` (False where there is none), found at the first call."""


def give_back_memory() -> None:
    """Return the memory this process has freed to the system; nothing where the C
    library is not glibc."""
    global _TRIM
    if _TRIM is None:
        _TRIM = False
        with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
            import ctypes

            _TRIM = ctypes.CDLL("libc.so.6").malloc_trim
    if _TRIM:
        _TRIM(0)


def forget_held(holder: object, within: float | None = None) -> bool:
    """Have ``holder`` (an ear, a voice, a recognizer) drop what it keeps of a listener who
    has gone, waiting up to ``within`` seconds for work on them under way, where it keeps
    anything (a ``forget`` method); whether nothing of theirs is still being worked on."""
    forget = getattr(holder, "forget", None)
    return True if forget is None else bool(forget(within))

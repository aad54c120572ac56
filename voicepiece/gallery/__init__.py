"""Installation mode: an unattended station that runs a piece for weeks.

The parts, each in its own module:

- :mod:`~voicepiece.gallery.options` — every option of the TOML configuration, documented
  field by field; :mod:`~voicepiece.gallery.config` reads a file into them and
  :mod:`~voicepiece.gallery.configdocs` generates their reference;
- :mod:`~voicepiece.gallery.machine` — the gallery loop as a pure ``transitions`` machine;
- :mod:`~voicepiece.gallery.station` — the runtime that drives it (:class:`Station`,
  :class:`Seams`), with :mod:`~voicepiece.gallery.visit` (one visit's session, however it
  ends) and :mod:`~voicepiece.gallery.ledger` (what it has been through, for the
  heartbeat and the journal);
- :mod:`~voicepiece.gallery.consent` — the notice, opting out, walking away;
- :mod:`~voicepiece.gallery.recordings` — the session folders' lifecycle (privacy,
  retention, recovery);
- :mod:`~voicepiece.gallery.health` — log, journal, heartbeat and ``status``;
- :mod:`~voicepiece.gallery.selftest` — the start-of-day speaker-to-microphone check;
- :mod:`~voicepiece.gallery.triggers` and :mod:`~voicepiece.gallery.bed` — the live
  edges: what notices a visitor, the ambient bed;
- :mod:`~voicepiece.gallery.room` — the room heard at opening and in every cool-down, and
  the tuning it gives the visitors' ears;
- :mod:`~voicepiece.gallery.process` — the station as a service's process.

- :mod:`~voicepiece.gallery.seams` — everything the station does to the world, and the
  small types they share, so that tests and the soak can build a station from fakes::

    from voicepiece.gallery import ManualClock, Seams, Station, Trigger

The gallery may import every layer below it (story, session, audio, voices, listening,
archive) and never the assembly of live parts or a command. This module imports nothing
itself: the names above are looked up on first use.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any


def __getattr__(name: str) -> Any:
    # import_module, not "from voicepiece.gallery import …": that form would ask this
    # function for the submodule itself and recurse
    home = "station" if name == "Station" else "seams"
    try:
        return getattr(import_module(f"voicepiece.gallery.{home}"), name)
    except AttributeError:
        raise AttributeError(f"module 'voicepiece.gallery' has no attribute {name!r}") from None

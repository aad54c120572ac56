"""Work with no sound device, for commands that never play or hear anything live
(``render``, ``prepare``).

A library may reach for a sound server on its own: libespeak-ng 1.51 opens (and closes) a
PulseAudio stream inside ``espeak_Initialize`` whatever output mode it is given, although
voicepiece only ever takes espeak's audio back in memory. On a station that is a
connection to the sound server it is using — or, with no server running, a client trying
two sockets and perhaps spawning one. Under :func:`no_sound_server` libpulse is given a
server address it must skip unopened (one tagged with a machine id that is not this
machine's), so no socket is ever opened.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

NO_SERVER = "{voicepiece-uses-no-sound-device}"
"""A PulseAudio server list whose only entry belongs to another machine: nothing to try."""


@contextlib.contextmanager
def no_sound_server() -> Iterator[None]:
    """Within the block no PulseAudio client of this process connects to anything.
    Set from the command's own thread before others start: the environment is global."""
    saved = os.environ.get("PULSE_SERVER")
    os.environ["PULSE_SERVER"] = NO_SERVER
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("PULSE_SERVER", None)
        else:
            os.environ["PULSE_SERVER"] = saved

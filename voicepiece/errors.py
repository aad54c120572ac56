"""The one exception family a user may see.

The CLI prints any :class:`VoicepieceError` as a single line and exits non-zero;
anything else escaping is a bug and keeps its traceback.
"""

from __future__ import annotations

INTERRUPTED = 130
"""Exit code of a session ended by Ctrl-C, as shells report SIGINT."""


class VoicepieceError(Exception):
    """A problem the user can fix: bad input, a missing engine, a missing device."""

    exit_code = 2


class PieceError(VoicepieceError):
    """A piece file that cannot be loaded or fails its checks."""

    exit_code = 1

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class EngineMissing(VoicepieceError):
    """An optional engine or program is not installed; the message says how to get it."""


class DeviceError(VoicepieceError):
    """A microphone, speaker or sound server that is missing or went away: the kind of
    trouble that waiting (or plugging it back in) can cure. The gallery station waits for
    a lost device on this, and only this."""

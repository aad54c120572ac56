"""The recorder: a session folder written as a command's recording options ask."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voicepiece.archive.recorder import Recorder
    from voicepiece.story.model import Piece

DEFAULT_LUFS = -16.0
"""The integrated loudness a recording is mastered to unless told otherwise."""


def session_recorder(folder: Path, piece: Piece, audio: bool = True, master: bool = True,
                     loudness: float = DEFAULT_LUFS, formats: Sequence[str] = ()) -> Recorder:
    """The recorder of a session of ``piece`` into ``folder``: with its ``audio`` (else
    the record alone), mastered to ``loudness`` over the piece's ambient bed (unless not
    ``master``), and also written in the extra ``formats``."""
    from voicepiece.archive.mastering import MasterSettings
    from voicepiece.archive.recorder import session_folder

    mastering = MasterSettings(target_lufs=loudness, bed=piece.ambient_path) if master \
        else None
    return session_folder(folder, audio, mastering, formats, piece.title)

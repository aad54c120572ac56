"""Private, atomic files: recordings hold visitors' voices, and nothing half-written may
ever look complete."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from voicepiece.errors import VoicepieceError

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> Path:
    """Create the folder (and parents) readable by its owner only."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
        path.chmod(PRIVATE_DIR)
    except OSError as exc:
        raise VoicepieceError(f"cannot create folder {path}: {exc.strerror}") from None
    return path


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary name beside the target, flush to disk, then rename over it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, PRIVATE_FILE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_output(path: Path, data: bytes) -> None:
    """Write a file the user asked for, or say in one line why it cannot be written."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise VoicepieceError(f"cannot write {path}: {exc.strerror}") from None

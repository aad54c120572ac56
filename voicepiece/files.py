"""Private, atomic files: recordings hold visitors' voices, and nothing half-written may
ever look complete."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
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


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary name beside ``path`` to write by any means (a program, an archive);
    once the block succeeds it is flushed to disk, made private and renamed over ``path``,
    and if it fails it is removed: nothing half-written ever has the real name."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with tmp.open("rb") as written:
            os.fsync(written.fileno())
        tmp.chmod(PRIVATE_FILE)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_output(path: Path, data: bytes) -> None:
    """Write a file the user asked for, or say in one line why it cannot be written."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise VoicepieceError(f"cannot write {path}: {exc.strerror}") from None

"""Private, atomic files: recordings hold visitors' voices, and nothing half-written may
ever look complete."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from voicepiece.errors import VoicepieceError

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> Path:
    """Create the folder readable by its owner only, and so every parent it needs: a
    parent made for ``--record a/b`` would otherwise follow the umask (0777 under umask
    000) and show the world the names of the sessions in it. Folders that already
    existed above ``path`` are left as they are."""
    try:
        missing = [folder for folder in (path, *path.parents) if not folder.exists()]
        for folder in reversed(missing):
            with contextlib.suppress(FileExistsError):  # made meanwhile by another process
                folder.mkdir(mode=PRIVATE_DIR)
                folder.chmod(PRIVATE_DIR)  # mkdir's mode passes through the umask
        path.chmod(PRIVATE_DIR)
    except OSError as exc:
        raise VoicepieceError(f"cannot create folder {path}: {describe(exc)}") from None
    return path


def describe(exc: OSError) -> str:
    """An OS error as a user reads it, with what to do when the disk is full."""
    text = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        text += "; free some space and try again"
    return text


@contextlib.contextmanager
def disk_errors(what: str) -> Iterator[None]:
    """An OSError in the block (a full disk, a folder gone read-only) as one line saying
    ``what`` could not be done: no traceback for trouble the user can fix."""
    try:
        yield
    except OSError as exc:
        raise VoicepieceError(f"{what}: {describe(exc)}") from None


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
    with disk_errors(f"cannot write {path}"):
        path.write_bytes(data)

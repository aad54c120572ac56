"""Private, atomic files: recordings hold visitors' voices, and nothing half-written may
ever look complete."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from voicepiece.errors import VoicepieceError

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
SHARED_DIR = 0o755
SHARED_FILE = 0o644
"""Models: readable by every user of the installation (they hold no one's voice)."""
TEMP_SUFFIX = ".tmp"
"""Every temporary file or folder of a write in progress is hidden (``.name``) and ends in
this, beside what it becomes: inside the same private folder, and recognizable to clean."""


def is_temporary(name: str) -> bool:
    """Whether a file or folder name is one of our writes in progress."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def remove_temporary(folder: Path) -> list[Path]:
    """Delete the writes in progress a killed process left in ``folder`` and its
    subfolders (links are not followed). Returns what was removed."""
    removed = []
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        for name in [*files, *dirs]:
            path = base / name
            if not is_temporary(name):
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
                dirs.remove(name)
            else:
                path.unlink()
            removed.append(path)
    return removed


def file_sha256(path: Path) -> str:
    """The file's SHA-256, read a megabyte at a time: model files run to hundreds of MB,
    checked against the pinned sums before anything trusts them."""
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while block := source.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def cache_home() -> Path:
    """The project's folder in the user cache (``$XDG_CACHE_HOME``, else ``~/.cache``):
    rendered lines and extracted models, all of it safe to delete."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "voicepiece"


def models_home() -> Path:
    """The one folder of the models voicepiece prepares or fetches — Kokoro's model joined
    from its parts, the sentence model extracted from its zip, Smart Turn taken from its
    wheel: ``$VOICEPIECE_MODELS``, else ``share/voicepiece/models`` in the installation
    (the virtual environment). They belong to the install, like the packages they come
    from: ``scripts/setup`` prepares them once, and every user of the install reads the
    same files — a gallery's service user too, to whom the install is read-only.

    A Python that is not a virtual environment (a distribution's, prefix ``/usr``) is not
    ours to write into, and a virtual environment whose ``share`` cannot be made is no
    place for them either: there the user's own folder, ``$XDG_DATA_HOME/voicepiece/models``
    (``~/.local/share/…``), unless the install's folder was prepared already."""
    base = os.environ.get("VOICEPIECE_MODELS")
    if base:
        return Path(base)
    install = Path(sys.prefix) / "share" / "voicepiece" / "models"
    in_venv = sys.prefix != sys.base_prefix
    if install.is_dir() or (in_venv and _can_make(install)):
        return install
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "voicepiece" / "models"


def _can_make(path: Path) -> bool:
    """Whether this user could create ``path``: its nearest existing parent is a folder
    it may write in."""
    for parent in path.parents:
        if parent.exists():
            return parent.is_dir() and os.access(parent, os.W_OK | os.X_OK)
    return False


def private_dir(path: Path) -> Path:
    """Create the folder readable by its owner only, and so every parent it needs: a
    parent made for ``--record a/b`` would otherwise follow the umask (0777 under umask
    000) and show the world the names of the sessions in it. Folders that already
    existed above ``path`` are left as they are."""
    return _made_dir(path, PRIVATE_DIR)


def shared_dir(path: Path) -> Path:
    """:func:`private_dir`, readable by everyone (``0755``): a folder of models."""
    return _made_dir(path, SHARED_DIR)


def _made_dir(path: Path, mode: int) -> Path:
    try:
        missing = [folder for folder in (path, *path.parents) if not folder.exists()]
        for folder in reversed(missing):
            with contextlib.suppress(FileExistsError):  # made meanwhile by another process
                folder.mkdir(mode=mode)
                folder.chmod(mode)  # mkdir's mode passes through the umask
        if path.stat().st_mode & 0o777 != mode:
            path.chmod(mode)
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
def atomic_path(path: Path, durable: bool = True, mode: int = PRIVATE_FILE
                ) -> Iterator[Path]:
    """A temporary name beside ``path`` to write by any means (a program, an archive);
    once the block succeeds it is flushed to disk, given ``mode`` (private unless told)
    and renamed over ``path``, and if it fails it is removed: nothing half-written ever
    has the real name. Not
    ``durable``: not flushed to disk first, for a file rewritten often — a killed process
    still leaves it whole; only a power cut may take back the latest rewrite."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        if durable:
            with tmp.open("rb") as written:
                os.fsync(written.fileno())
        tmp.chmod(mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def scratch_dir(folder: Path, purpose: str) -> tempfile.TemporaryDirectory[str]:
    """A private scratch folder inside ``folder`` (``0700``, removed when its block ends):
    scratch files of a session hold its voices, so they stay under the session's privacy
    and are never left in ``$TMPDIR``; one a kill leaves is found by :func:`is_temporary`."""
    return tempfile.TemporaryDirectory(prefix=f".{purpose}.", suffix=TEMP_SUFFIX, dir=folder)


def atomic_write(path: Path, data: bytes, durable: bool = True,
                 mode: int = PRIVATE_FILE) -> None:
    with atomic_path(path, durable, mode) as tmp:
        tmp.write_bytes(data)


def write_output(path: Path, data: bytes) -> None:
    """Write a file the user asked for, or say in one line why it cannot be written."""
    with disk_errors(f"cannot write {path}"):
        path.write_bytes(data)

"""The repository's tracked text, for the guards of the held-out sets: a set stays held out
only while no other file writes its phrasings or speaks with its voices."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def tracked_texts(own: set[str]) -> list[tuple[str, str]]:
    """(path, text) of every tracked text file but ``own`` (the set's own files)."""
    names = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True,
                           text=True, check=True).stdout.splitlines()
    out = []
    for name in names:
        if name in own:
            continue
        try:
            out.append((name, (ROOT / name).read_text("utf-8")))
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
    return out

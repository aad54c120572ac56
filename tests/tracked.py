"""The repository's tracked text, for the guards of the held-out sets: a set stays held out
only while no other file writes its phrasings or speaks with its voices."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

from voicepiece.story.wording import normalize

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


def written_elsewhere(wordings: Iterable[str], tracked: list[tuple[str, str]]) -> int:
    """How many of a set's ``wordings`` some tracked text holds whole (normalized): a guard
    reports the count, never which."""
    corpus = [f" {normalize(text)} " for _, text in tracked]
    return sum(any(f" {normalize(p)} " in text for text in corpus) for p in wordings)


def named_elsewhere(names: Iterable[str], tracked: list[tuple[str, str]],
                    places: set[str]) -> int:
    """How many times a tracked file outside ``places`` names one of ``names`` (a set's
    blends, as written: ``a*0.5+b*0.5``)."""
    names = list(names)
    return sum(name in text for path, text in tracked if path not in places for name in names)

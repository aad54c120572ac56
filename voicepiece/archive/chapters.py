"""Chapters and metadata of a master: checking the chapters against the session, the
ffmetadata file ffmpeg reads titles and chapters from, and the RIFF cue points that carry
a WAV's chapters (which ffmpeg cannot write)."""

from __future__ import annotations

import math
import os
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from voicepiece.errors import VoicepieceError


@dataclass(frozen=True)
class Chapter:
    title: str
    start: float
    """Seconds from the start of the session; a chapter ends where the next one starts."""


def _escape(text: str) -> str:
    text = " ".join(text.split())
    for ch in "\\=;#":
        text = text.replace(ch, "\\" + ch)
    return text


def _clock(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def checked_chapters(chapters: Sequence[Chapter], duration: float,
                     warnings: list[str]) -> list[Chapter]:
    """The chapters that fall within the session, refusing any out of order; those after
    its end are left out with a warning."""
    kept: list[Chapter] = []
    previous: Chapter | None = None
    for chapter in chapters:
        if not math.isfinite(chapter.start) or chapter.start < 0:
            raise VoicepieceError(f"chapter {chapter.title!r} starts at {chapter.start} s: "
                                  "chapters start at 0 s or later")
        if previous is not None and chapter.start <= previous.start:
            raise VoicepieceError(f"chapter {chapter.title!r} starts at {chapter.start} s, "
                                  f"not after {previous.title!r}: chapters must be in order")
        previous = chapter
        if chapter.start >= duration:
            warnings.append(f"chapter {chapter.title!r} starts at {chapter.start:.3f} s, "
                            f"after the session's end ({duration:.3f} s): left out")
            continue
        kept.append(chapter)
    return kept


def ffmetadata(fmt: str, title: str | None, chapters: list[Chapter],
               duration: float) -> str:
    """The title and chapters as ffmpeg's metadata file, in the form ``fmt`` stores them."""
    lines = [";FFMETADATA1"]
    if title:
        lines.append(f"title={_escape(title)}")
    if fmt in ("flac", "ogg"):
        # Vorbis comments have no chapter block. ffmpeg (like VLC and mpv) reads the
        # CHAPTERnnn / CHAPTERnnnNAME convention, but its muxers write it only as tags.
        for n, chapter in enumerate(chapters, 1):
            lines.append(f"CHAPTER{n:03d}={_clock(chapter.start)}")
            lines.append(f"CHAPTER{n:03d}NAME={_escape(chapter.title)}")
    if fmt == "mp3":  # ID3v2 CHAP frames
        ends = [c.start for c in chapters[1:]] + [duration]
        for chapter, end in zip(chapters, ends[: len(chapters)], strict=True):
            lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={round(chapter.start * 1000)}",
                      f"END={round(end * 1000)}", f"title={_escape(chapter.title)}"]
    return "\n".join(lines) + "\n"


def add_cue_points(path: Path, chapters: list[Chapter], rate: int) -> None:
    """Append RIFF ``cue `` and ``LIST/adtl`` label chunks: a WAV's markers."""
    cues = b"".join(struct.pack("<II4sIII", n, round(c.start * rate), b"data", 0, 0,
                                round(c.start * rate))
                    for n, c in enumerate(chapters, 1))
    labels = b""
    for n, chapter in enumerate(chapters, 1):
        text = " ".join(chapter.title.split()).encode() + b"\0"
        labels += b"labl" + struct.pack("<II", 4 + len(text), n) + text + b"\0" * (len(text) % 2)
    chunks = (b"cue " + struct.pack("<II", 4 + len(cues), len(chapters)) + cues
              + b"LIST" + struct.pack("<I", 4 + len(labels)) + b"adtl" + labels)
    with path.open("r+b") as wav:
        if wav.read(4) != b"RIFF":
            return
        end = wav.seek(0, os.SEEK_END)
        if end % 2:
            wav.write(b"\0")
            end += 1
        if end + len(chunks) - 8 > 0xFFFFFFFF:
            return
        wav.write(chunks)
        wav.seek(4)
        wav.write(struct.pack("<I", end + len(chunks) - 8))

"""The real human recordings, as the listening bench and the verifier's fitting report both
read them: which folder (the full shared set beside the repository when it is there, else
the repository's own subset in audio/), and each recording's words, the answer it is at a
listening point, and its kind."""

from __future__ import annotations

import wave
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from voicepiece.story.matching import match_answer

if TYPE_CHECKING:
    from voicepiece.story.phrases import Choice

ROOT = Path(__file__).resolve().parents[1]
SHARED_FOLDER = ROOT.parent / "shared" / "data" / "human-speech"
"""The full set of recordings, beside the repository when it is there."""
OWN_FOLDER = ROOT / "audio" / "human-speech"
"""The repository's own subset: the same sub-layout and MANIFEST.tsv columns."""

Recording = tuple[str, str, str | None, str]
"""(path in the folder, words, expected label, kind): kind is "yes/no", "other answer" (a
word that answers there, e.g. "right"), "other word" or "sentence" (both off-list)."""


def human_folder() -> tuple[Path, str] | None:
    """The folder to read and which it is ("shared" or "repository"), or None."""
    for folder, which in ((SHARED_FOLDER, "shared"), (OWN_FOLDER, "repository")):
        if (folder / "MANIFEST.tsv").is_file():
            return folder, which
    return None


def recordings(folder: Path, answers: Sequence[Choice]) -> list[Recording]:
    """The manifest's WAV rows whose words are known and whose file is there."""
    found = []
    for line in (folder / "MANIFEST.tsv").read_text("utf-8").splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) < 4 or not fields[0].endswith(".wav"):
            continue
        words = fields[3]
        if words.startswith("UNKNOWN") or not (folder / fields[0]).is_file():
            continue
        expected = match_answer(words, answers).label
        if words in ("yes", "no"):
            kind = "yes/no"
        elif expected is not None:
            kind = "other answer"
        else:
            kind = "sentence" if " " in words else "other word"
        found.append((fields[0], words, expected, kind))
    return found


def read_wav_16k(path: Path) -> bytes | None:
    """The samples of a 16 kHz mono 16-bit WAV file (None: another format, left out)."""
    with wave.open(str(path), "rb") as w:
        if w.getframerate() != 16000 or w.getsampwidth() != 2 or w.getnchannels() != 1:
            return None
        return w.readframes(w.getnframes())

"""One models folder: Kokoro's joined model, the sentence model and Smart Turn all live in
``files.models_home()`` — ``$VOICEPIECE_MODELS``, else the installation's
``share/voicepiece/models``, where ``scripts/setup`` prepares them — readable by every user
of the install (a gallery's service user reads what set-up prepared as root)."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

from voicepiece.files import models_home
from voicepiece.listening import embedder, smart_turn
from voicepiece.voices import kokoro_model


def test_the_models_folder_is_the_installations_unless_told(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOICEPIECE_MODELS", str(tmp_path / "mine"))
    assert models_home() == tmp_path / "mine"
    monkeypatch.delenv("VOICEPIECE_MODELS")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # not a user folder
    assert models_home() == Path(sys.prefix) / "share" / "voicepiece" / "models"


def test_every_model_is_found_in_the_one_folder(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOICEPIECE_MODELS", str(tmp_path))
    assert smart_turn.model_path().parent == tmp_path
    assert kokoro_model.models_dir() == tmp_path
    assert embedder.model_folder().parent == tmp_path


def _parts(folder: Path) -> tuple[list[Path], int, str]:
    folder.mkdir()
    chunks = [b"first part ", b"second ", b"and the last"]
    parts = []
    for i, chunk in enumerate(chunks):
        parts.append(folder / f"part{i}.bin")
        parts[-1].write_bytes(chunk)
    whole = b"".join(chunks)
    return parts, len(whole), hashlib.sha256(whole).hexdigest()


def test_a_models_folder_that_cannot_be_made_is_one_line_naming_setup(tmp_path: Path) -> None:
    parts, size, sha = _parts(tmp_path / "parts")
    (tmp_path / "share").write_text("a file where the folder should be")
    with pytest.raises(kokoro_model.KokoroUnavailable) as caught:
        kokoro_model.join_parts(parts, tmp_path / "share" / "models" / "m.onnx", size, sha)
    message = str(caught.value)
    assert "\n" not in message and "scripts/setup" in message
    assert "VOICEPIECE_MODELS" in message

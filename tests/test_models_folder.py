"""One models folder: Kokoro's joined model, the sentence model and Smart Turn all live in
``files.models_home()`` — ``$VOICEPIECE_MODELS``, else the installation's
``share/voicepiece/models``, where ``scripts/setup`` prepares them — readable by every user
of the install (a gallery's service user reads what set-up prepared as root)."""

from __future__ import annotations

import hashlib
import os
import subprocess
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


def test_a_python_outside_a_virtual_environment_keeps_models_per_user(
        tmp_path: Path) -> None:
    """The real interpreter the venv was made from (its prefix is /usr on a distribution's
    Python, where a user may not write): the user's data folder, not ``<prefix>/share``."""
    base = getattr(sys, "_base_executable", sys.executable)
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path / "home"),
           "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    ask = "import sys; from voicepiece.files import models_home; print(sys.prefix, models_home())"
    shown = subprocess.run([base, "-c", ask], env=env, capture_output=True, text=True,
                           check=True).stdout.split()
    prefix, folder = Path(shown[0]), Path(shown[1])
    assert prefix != Path(sys.prefix)  # really another interpreter, not this venv
    assert folder == tmp_path / "home/.local/share/voicepiece/models"
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    shown = subprocess.run([base, "-c", ask], env=env, capture_output=True, text=True,
                           check=True).stdout.split()
    assert Path(shown[1]) == tmp_path / "data/voicepiece/models"


def test_a_virtual_environment_that_cannot_hold_models_leaves_them_per_user(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A venv whose ``share`` cannot be made (here a file stands in the way, which stops
    root too): the user's folder. One that set-up prepared is read, writable or not."""
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / "share").write_text("not a folder")
    monkeypatch.setattr(sys, "prefix", str(venv))
    monkeypatch.delenv("VOICEPIECE_MODELS")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert models_home() == tmp_path / "data/voicepiece/models"
    (venv / "share").unlink()
    assert models_home() == venv / "share/voicepiece/models"  # set-up can make it
    (venv / "share/voicepiece/models").mkdir(parents=True)
    (venv / "share").chmod(0o555)  # prepared, then read-only: still the install's
    try:
        assert models_home() == venv / "share/voicepiece/models"
    finally:
        (venv / "share").chmod(0o755)


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

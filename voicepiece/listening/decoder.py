"""The process's pocketsphinx decoder, driven through its C API.

One decoder per process (the wheel ships its English model, so nothing is downloaded),
loaded on first use and shared under a lock: grammars are added by name and then only
switched to; a free phone loop (``allphone`` search, no phone language model) is built in.

The Python wrapper's scores underflow to zero on real utterances (it exponentiates log
scores), so the decoder is driven through pocketsphinx's C API with :mod:`ctypes`, against
the shared library inside the wheel, and the integer log scores are read directly.
"""

from __future__ import annotations

import ctypes
import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from voicepiece.errors import EngineMissing, VoicepieceError
from voicepiece.listening.decoding import Decoded, Segment

__all__ = ["PHONE_LOOP", "SphinxEngine", "engine"]

_LOG = logging.getLogger(__name__)

PHONE_LOOP = "_phone_loop"
"""The search name of the free phone loop: what the audio sounds like unconstrained."""


class _Api:
    """The slice of pocketsphinx's C API this module uses, with its C signatures."""

    def __init__(self) -> None:
        try:
            import pocketsphinx
            from pocketsphinx import _pocketsphinx
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise EngineMissing(
                "speech recognition needs pocketsphinx: pip install 'pocketsphinx>=5.0'"
            ) from e
        self.model = Path(pocketsphinx.get_model_path()) / "en-us"
        lib = ctypes.CDLL(_pocketsphinx.__file__)
        vp, cp, i32 = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int32
        pi32, pint = ctypes.POINTER(ctypes.c_int32), ctypes.POINTER(ctypes.c_int)
        signatures = {
            "ps_config_init": (vp, [vp]),
            "ps_config_set_str": (vp, [vp, cp, cp]),
            "ps_config_free": (ctypes.c_int, [vp]),
            "ps_init": (vp, [vp]),
            "ps_add_jsgf_string": (ctypes.c_int, [vp, cp, cp]),
            "ps_add_allphone": (ctypes.c_int, [vp, cp, vp]),
            "ps_activate_search": (ctypes.c_int, [vp, cp]),
            "ps_add_word": (ctypes.c_int, [vp, cp, cp, ctypes.c_int]),
            "ps_lookup_word": (vp, [vp, cp]),
            "ps_start_stream": (ctypes.c_int, [vp]),
            "ps_start_utt": (ctypes.c_int, [vp]),
            "ps_process_raw": (ctypes.c_int, [vp, cp, ctypes.c_size_t, ctypes.c_int,
                                              ctypes.c_int]),
            "ps_end_utt": (ctypes.c_int, [vp]),
            "ps_get_hyp": (cp, [vp, pi32]),
            "ps_get_n_frames": (ctypes.c_int, [vp]),
            "ps_seg_iter": (vp, [vp]),
            "ps_seg_next": (vp, [vp]),
            "ps_seg_word": (cp, [vp]),
            "ps_seg_frames": (None, [vp, pint, pint]),
            "ps_seg_prob": (i32, [vp, pi32, pi32, pi32]),
        }
        for name, (restype, argtypes) in signatures.items():
            function = getattr(lib, name)
            function.restype = restype
            function.argtypes = argtypes
            setattr(self, name, function)
        self._free = ctypes.CDLL(None).free
        self._free.argtypes = [vp]
        self._free.restype = None

    def take_string(self, pointer: int | None) -> str | None:
        """A C string the caller owns, copied and freed."""
        if not pointer:
            return None
        try:
            return ctypes.string_at(pointer).decode()
        finally:
            self._free(pointer)


class SphinxEngine:
    """The process's pocketsphinx decoder: grammars by name, a phone loop, integer scores.

    Every call takes the decoder's lock: a decoder holds one utterance at a time.
    """

    def __init__(self, **overrides: str) -> None:
        started = time.perf_counter()
        self._api = api = _Api()
        config = api.ps_config_init(None)
        settings = {
            "hmm": str(api.model / "en-us"),
            "dict": str(api.model / "cmudict-en-us.dict"),
            "bestpath": "no",
            "loglevel": "FATAL",
            **overrides,
        }
        for key, value in settings.items():
            if not api.ps_config_set_str(config, key.encode(), value.encode()):
                raise VoicepieceError(f"pocketsphinx rejected its setting {key}={value}")
        self._ps = api.ps_init(config)
        api.ps_config_free(config)
        if not self._ps:
            raise VoicepieceError(f"pocketsphinx could not load its model from {api.model}")
        if api.ps_add_allphone(self._ps, PHONE_LOOP.encode(), None) < 0:
            raise VoicepieceError("pocketsphinx could not build its phone loop")
        self._lock = threading.Lock()
        self._searches: set[str] = {PHONE_LOOP}
        self._active: str | None = None
        self.load_seconds = time.perf_counter() - started
        _LOG.debug("pocketsphinx decoder loaded in %.2f s", self.load_seconds)

    def pronunciations(self, word: str) -> tuple[tuple[str, ...], ...]:
        """The dictionary's pronunciations of ``word`` (main one first), () if unknown."""
        found = []
        with self._lock:
            for n in range(1, 10):
                key = word if n == 1 else f"{word}({n})"
                phones = self._api.take_string(self._api.ps_lookup_word(self._ps, key.encode()))
                if phones is None:
                    break
                found.append(tuple(phones.split()))
        return tuple(found)

    def add_word(self, word: str, phones: Sequence[str]) -> bool:
        with self._lock:
            added = self._api.ps_add_word(self._ps, word.encode(), " ".join(phones).encode(), 0)
        return added >= 0

    def search_count(self) -> int:
        return len(self._searches)

    def add_grammar(self, name: str, jsgf: str) -> None:
        with self._lock:
            if self._api.ps_add_jsgf_string(self._ps, name.encode(), jsgf.encode()) < 0:
                raise VoicepieceError(f"pocketsphinx could not compile the grammar {name}")
            self._searches.add(name)
            self._active = None

    def decode(self, pcm: bytes, search: str) -> Decoded:
        """``pcm`` (16 kHz mono s16) decoded as one whole utterance with ``search``."""
        if search not in self._searches:
            raise KeyError(search)
        api, ps = self._api, self._ps
        samples = len(pcm) // 2
        with self._lock:
            if self._active != search:
                if api.ps_activate_search(ps, search.encode()) < 0:
                    raise VoicepieceError(f"pocketsphinx could not switch to {search}")
                self._active = search
            api.ps_start_stream(ps)  # forget the noise estimate of the last answer
            api.ps_start_utt(ps)
            if api.ps_process_raw(ps, pcm[: samples * 2], samples, 0, 1) < 0:
                api.ps_end_utt(ps)
                raise VoicepieceError("pocketsphinx failed to decode the audio")
            api.ps_end_utt(ps)
            score = ctypes.c_int32()
            text = api.ps_get_hyp(ps, ctypes.byref(score))
            segments = []
            seg = api.ps_seg_iter(ps)
            start, end = ctypes.c_int(), ctypes.c_int()
            ascore, lscore, lback = ctypes.c_int32(), ctypes.c_int32(), ctypes.c_int32()
            while seg:
                api.ps_seg_frames(seg, ctypes.byref(start), ctypes.byref(end))
                api.ps_seg_prob(seg, ctypes.byref(ascore), ctypes.byref(lscore),
                                ctypes.byref(lback))
                segments.append(Segment(api.ps_seg_word(seg).decode(), start.value, end.value,
                                        ascore.value, lscore.value))
                seg = api.ps_seg_next(seg)
            frames = api.ps_get_n_frames(ps)
        hyp = text.decode().strip() if text else ""
        return Decoded(hyp or None, score.value, tuple(segments), frames)


_engine: SphinxEngine | None = None
_engine_lock = threading.Lock()


def engine() -> SphinxEngine:
    """The process's decoder, loaded on first use (~0.1-0.6 s)."""
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                _engine = SphinxEngine()
    return _engine

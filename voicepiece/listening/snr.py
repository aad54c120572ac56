"""Two measures of how far an answer stands above the room, for two different uses.

:func:`percentile_snr` reads the audio alone, before any decoding: whether the answer holds
speech at all, and whether it is noisy enough to be denoised first. :func:`phone_loop_snr`
reads it through the phone loop's decoding, frame by frame: one of the verifier's features,
so the model can tell noise from a poor match.
"""

from __future__ import annotations

import math
import sys
from array import array

from voicepiece.audio.levels import LISTENING_RATE
from voicepiece.listening.decoding import Decoded

__all__ = ["DECODER_FRAME_SAMPLES", "frame_energies", "percentile_snr", "phone_loop_snr"]

DECODER_FRAME_SAMPLES = 160
"""The decoder's frame step: 10 ms at 16 kHz."""


def percentile_snr(audio: bytes) -> float:
    """A rough SNR in dB from the audio alone: the loud frames (95th percentile of 20 ms
    energies) against the quiet ones (15th). A live turn always holds some room noise before
    and after speech. Reads ~4 dB above the true SNR of a live turn."""
    import numpy as np

    x = np.frombuffer(audio[: len(audio) // 2 * 2], dtype="<i2").astype(np.float64)
    frame = LISTENING_RATE // 50
    if len(x) < frame:
        return 0.0
    energy = np.mean(x[: len(x) // frame * frame].reshape(-1, frame) ** 2, axis=1) + 1.0
    return float(10 * np.log10(np.percentile(energy, 95) / np.percentile(energy, 15)))


def frame_energies(audio: bytes) -> list[float]:
    """Mean square of each 10 ms frame of 16 kHz mono s16 ``audio``."""
    samples = array("h")
    samples.frombytes(audio[: len(audio) // 2 * 2])
    if sys.byteorder == "big":
        samples.byteswap()
    return [
        math.fsum(x * x for x in samples[i:i + DECODER_FRAME_SAMPLES]) / DECODER_FRAME_SAMPLES
        for i in range(0, len(samples) - DECODER_FRAME_SAMPLES + 1, DECODER_FRAME_SAMPLES)
    ]


def phone_loop_snr(audio: bytes, phones: Decoded) -> float:
    """Speech-to-noise ratio in dB as the phone loop divides the audio: the mean energy of the
    frames it calls speech against the others' (against the quietest tenth of frames when it
    found no silence). The verifier's ``snr`` feature."""
    energies = frame_energies(audio)
    if not energies:
        return 0.0
    speech_frames = [False] * len(energies)
    for s in phones.words:
        for f in range(max(s.start, 0), min(s.end + 1, len(energies))):
            speech_frames[f] = True
    speech = [e for e, is_speech in zip(energies, speech_frames, strict=True) if is_speech]
    noise = [e for e, is_speech in zip(energies, speech_frames, strict=True) if not is_speech]
    if not noise:
        noise = sorted(energies)[: max(1, len(energies) // 10)]
    if not speech:
        return 0.0
    ratio = (math.fsum(speech) / len(speech) + 1.0) / (math.fsum(noise) / len(noise) + 1.0)
    return 10.0 * math.log10(ratio)

"""The listening cue: a soft chime that tells the listener "your turn".

A voice-only piece has no screen to show that it is listening; without a cue people either
talk over the narrator or wait in silence. The tone is generated here rather than shipped
as a file so it is identical everywhere (tests compare it sample for sample), costs no
asset, and follows whatever sample rate the session runs at.

It was a 0.18 s blip (660 + 990 Hz) at about 4 LU under espeak's narration over its length:
easy to miss, and as sudden as a beep. Now it is two soft notes rising a fifth (C5 then
G5, as a question rises), each struck gently (12 ms attack) and dying away like a small
bell, with a faint octave for warmth — half a second that is heard without startling.
Its loudness over its own length is set to :data:`CUE_LUFS`: about 10 LU under espeak-ng's
narration (−20.5 LUFS) and 6 under Festival's slt (−24.4), so it stands out of the quiet
of a pause but never above a voice. For silence use
``pydub.AudioSegment.silent(duration_ms, frame_rate)``.
"""

from __future__ import annotations

import math

import numpy as np
from pydub import AudioSegment

from voicepiece.audio.loudness import k_weighted, lufs

CUE_SECONDS = 0.5
NOTES = ((0.0, 523.25, 0.12), (0.14, 783.99, 0.16))
"""(start in seconds, frequency in Hz, decay time constant in seconds) of each note."""
PARTIALS = ((1, 1.0), (2, 0.18), (3, 0.04))
"""(harmonic, relative amplitude): mostly the fundamental, a faint octave and twelfth."""
CUE_LUFS = -30.0
"""The cue's loudness over its own length (BS.1770 K-weighting, 16-bit full scale)."""
ATTACK_SECONDS = 0.012
RELEASE_SECONDS = 0.06
"""The last stretch, faded to nothing so the chime never ends in a click."""


def listening_cue(rate: int = 22050) -> AudioSegment:
    """The cue as 16-bit mono audio at ``rate``; the same samples on every call."""
    count = round(CUE_SECONDS * rate)
    t = np.arange(count) / rate
    wave = np.zeros(count)
    for start, freq, decay in NOTES:
        local = t - start
        on = local >= 0
        attack = np.clip(local / ATTACK_SECONDS, 0, 1)
        envelope = np.where(on, (0.5 - 0.5 * np.cos(np.pi * attack))
                            * np.exp(-np.maximum(local - ATTACK_SECONDS, 0) / decay), 0)
        for harmonic, weight in PARTIALS:
            wave += weight * envelope * np.sin(2 * math.pi * freq * harmonic * local)
    release = round(RELEASE_SECONDS * rate)
    wave[count - release:] *= 0.5 + 0.5 * np.cos(np.pi * np.arange(release) / release)
    level = lufs(float(np.mean(k_weighted(wave, rate) ** 2)))
    wave *= 10 ** ((CUE_LUFS - level) / 20) * 32768
    samples = np.rint(wave).astype("<i2")
    return AudioSegment(data=samples.tobytes(), sample_width=2, frame_rate=rate, channels=1)

"""The listening cue: a short, soft tone that tells the listener "your turn".

A voice-only piece has no screen to show that it is listening; without a cue people either
talk over the narrator or wait in silence. The tone is generated here rather than shipped
as a file so it is identical everywhere (tests compare it sample for sample), costs no
asset, and follows whatever sample rate the session runs at.

Two sine partials a fifth apart (660 and 990 Hz) sound like a gentle chime rather than a
test beep; raised-cosine edges avoid clicks; the level sits well under speech so the cue
never startles. For silence use ``pydub.AudioSegment.silent(duration_ms, frame_rate)``.
"""

from __future__ import annotations

import math
from array import array

from pydub import AudioSegment

CUE_SECONDS = 0.18
CUE_PARTIALS = ((660.0, 1.0), (990.0, 0.5))
"""(frequency in Hz, relative amplitude): the fifth above the root, quieter, for warmth."""
CUE_PEAK_DBFS = -17.0
"""The loudest sample; the cue's average level (RMS) comes out near -24 dBFS."""
ATTACK_SECONDS = 0.02
RELEASE_SECONDS = 0.09


def listening_cue(rate: int = 22050) -> AudioSegment:
    """The cue as 16-bit mono audio at ``rate``; the same samples on every call."""
    count = round(CUE_SECONDS * rate)
    attack = max(1, round(ATTACK_SECONDS * rate))
    release = max(1, round(RELEASE_SECONDS * rate))
    total_weight = sum(weight for _, weight in CUE_PARTIALS)
    waveform = [
        sum(weight * math.sin(2 * math.pi * freq * i / rate) for freq, weight in CUE_PARTIALS)
        / total_weight
        * _envelope(i, count, attack, release)
        for i in range(count)
    ]
    # Normalise to the target peak so the level does not depend on how the partials align.
    peak = max(abs(x) for x in waveform) or 1.0
    scale = 32767 * 10 ** (CUE_PEAK_DBFS / 20) / peak
    samples = array("h", (round(x * scale) for x in waveform))
    return AudioSegment(data=samples.tobytes(), sample_width=2, frame_rate=rate, channels=1)


def _envelope(i: int, count: int, attack: int, release: int) -> float:
    """Raised-cosine fade in over ``attack`` samples and out over the last ``release``."""
    if i < attack:
        return 0.5 - 0.5 * math.cos(math.pi * i / attack)
    remaining = count - 1 - i
    if remaining < release:
        return 0.5 - 0.5 * math.cos(math.pi * remaining / release)
    return 1.0

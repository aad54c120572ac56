"""Calibration to the room: listen to it for a second before a live session, and tune the
ear to what it heard.

Silero ignores steady noise (fans, hum, hiss: pink or white noise from -50 to -20 dBFS gave
no false start in a minute), so a room that is only noisy needs nothing. What fools it is
*other people's voices*: a gallery crowd, a conversation or a television next door, even
far quieter than the listener, is speech to it (probability ~1 from about -45 dBFS), and
the ear takes the murmur for an answer at once. Raising the probability thresholds cannot
help (the murmur scores as high as the listener). Level can: the listener near the
microphone is louder than voices across the room. So when the room's own second looks like
speech, :func:`tuning_for` sets an energy gate (``Tuning.min_level_dbfs``) a little above
the room's loud frames — frames under it are not speech, whatever the detector says.

Measured (``scripts/measure-room``; docs/listening-measurements.md, "Calibration to the room"): the
gate at the room's 90th-percentile frame level + 5 dB ended every false start in the babble,
conversation and TV rooms, and found 49-50 of 50 answers spoken 10 dB above the room (the
defaults: 0-22 of 50), at the cost of answers only 5 dB above it.

:func:`measure_room` hears the room through the ear's own detector, :func:`tuning_for`
turns that into a :class:`Tuning`; :attr:`Room.warning` is the one line to show when the
room is too noisy to listen in. The endpointer stays pure: the ear applies the gate to the
probabilities it feeds it (:meth:`Tuning.gated`).
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from voicepiece.audio.levels import SILENT_DBFS, pcm_dbfs
from voicepiece.listening.base import FRAME_SECONDS, ListeningError, Source
from voicepiece.listening.endpoint import DEFAULT_TUNING, Tuning
from voicepiece.listening.vad import VoiceActivity

log = logging.getLogger(__name__)

CALIBRATION_SECONDS = 1.0
"""How long the room is heard before a session: a second holds enough of a crowd's
syllables and pauses for the 90th percentile of its level (the rules below were chosen on
their worst result over five different seconds of each measured room)."""

SETTLE_SECONDS = 0.064
"""Dropped from the start of a freshly opened microphone (2 frames): its first reads can
hold a click or the silence of a stream still starting."""

SPEECH_LIKE = 0.2
"""A room whose frames' speech probability reaches this at the 90th percentile sounds like
talk to the detector: steady noise stays under 0.05 (at most 0.13 in any frame), a crowd
from -45 dBFS scores 0.4-1.0; at -50 dBFS (0.08) the detector already ignores it."""

GATE_MARGIN_DB = 5.0
"""The gate's height over the room's 90th-percentile frame level. Measured over crowds,
a conversation and a TV next door: +3 dB left up to 4.4 false starts a minute (the TV's
louder syllables), +5 none; +6 found 3-9 instead of 8-25 of 50 answers 5 dB above the
room, +9 missed answers 10 dB above it."""

GATE_CEILING_DBFS = -30.0
"""The gate is never set higher: an answer louder than this is always heard, even if the
room measured was someone talking close to the microphone (the listener, say)."""

TOO_NOISY_DBFS = -30.0
"""A room this loud (RMS) is too noisy to listen in: a listener speaking at a typical
microphone level (the synthetic listeners: -15 to -25 dBFS) is then less than 10 dB above
it, where recognition starts to fail."""

@dataclass(frozen=True)
class Room:
    """What a second of the room sounded like: ``level_dbfs`` its RMS level,
    ``level_p90_dbfs`` the 90th percentile of its frames' levels, and the 50th and 90th
    percentiles and the maximum of the detector's speech probability."""

    level_dbfs: float
    level_p90_dbfs: float
    speech_p50: float
    speech_p90: float
    speech_max: float
    seconds: float

    @property
    def speech_like(self) -> bool:
        """Whether the room itself sounds like talk to the voice detector."""
        return self.speech_p90 >= SPEECH_LIKE

    @property
    def gate_dbfs(self) -> float | None:
        """The energy gate this room calls for (None: it needs none)."""
        if not self.speech_like:
            return None
        return min(self.level_p90_dbfs + GATE_MARGIN_DB, GATE_CEILING_DBFS)

    @property
    def warning(self) -> str | None:
        """One line when the room is too noisy to listen in — what is wrong, what to do —
        else None."""
        if self.speech_like and self.level_p90_dbfs + GATE_MARGIN_DB > GATE_CEILING_DBFS:
            return (f"the room sounds like people talking near the microphone "
                    f"({self.level_dbfs:.0f} dBFS): answers will be heard only when louder "
                    "than them, and the talk may be taken for answers; move the microphone "
                    "closer to the listener or away from the talk (if that was the listener, "
                    "stay silent while the room is heard)")
        if self.level_dbfs >= TOO_NOISY_DBFS:
            return (f"the room is too noisy to listen in ({self.level_dbfs:.0f} dBFS of "
                    "noise): answers will be misheard; move the microphone closer to the "
                    "listener or away from the noise, or quieten the room")
        return None

    def describe(self) -> str:
        return (f"{self.level_dbfs:.0f} dBFS (p90 {self.level_p90_dbfs:.0f}), speech "
                f"probability p50 {self.speech_p50:.2f} p90 {self.speech_p90:.2f} max "
                f"{self.speech_max:.2f} over {self.seconds:.2f} s")


def measure_room(frames: Iterable[bytes], vad: VoiceActivity) -> Room:
    """Hear ``frames`` of the room (16 kHz mono s16, FRAME_BYTES each: ~1 s) through
    ``vad`` — the detector the ear will use, reset first and after — as a :class:`Room`."""
    levels: list[float] = []
    probabilities: list[float] = []
    vad.reset()
    try:
        for frame in frames:
            levels.append(pcm_dbfs(frame))
            probabilities.append(vad.probability(frame))
    finally:
        vad.reset()
    if not levels:
        raise ListeningError("no audio to measure the room from: the microphone gave none")
    level = np.array(levels)
    power = float(np.mean(10 ** (level / 10)))
    return Room(
        level_dbfs=max(SILENT_DBFS, 10 * math.log10(power)) if power > 0 else SILENT_DBFS,
        level_p90_dbfs=float(np.percentile(level, 90)),
        speech_p50=float(np.percentile(probabilities, 50)),
        speech_p90=float(np.percentile(probabilities, 90)),
        speech_max=float(max(probabilities)),
        seconds=len(levels) * FRAME_SECONDS,
    )


def hear_room(source: Source, vad: VoiceActivity,
              seconds: float = CALIBRATION_SECONDS) -> Room:
    """:func:`measure_room` over ``seconds`` of ``source`` (a live microphone: its first
    ``SETTLE_SECONDS`` are dropped), which is closed afterwards."""
    skip = round(SETTLE_SECONDS / FRAME_SECONDS)
    count = max(1, round(seconds / FRAME_SECONDS))
    try:
        frames = itertools.islice(source.frames(), skip, skip + count)
        return measure_room(list(frames), vad)
    finally:
        source.close()


def tuning_for(room: Room, base: Tuning = DEFAULT_TUNING,
               ceiling_dbfs: float | None = None) -> Tuning:
    """``base`` as the room calls for: unchanged unless the room sounds like talk, then with
    the energy gate of :attr:`Room.gate_dbfs` (never lower than a gate ``base`` has, nor
    higher than ``ceiling_dbfs``: a gallery's start gate, which a visitor always passes)."""
    gate = room.gate_dbfs
    if gate is None:
        return base
    if base.min_level_dbfs is not None:
        gate = max(gate, base.min_level_dbfs)
    if ceiling_dbfs is not None:
        gate = min(gate, ceiling_dbfs)
    return dataclasses.replace(base, min_level_dbfs=round(gate, 1))


def speech_probability(vad: VoiceActivity, tuning: Tuning, frame: bytes) -> float:
    """The detector's probability that ``frame`` is speech, with ``tuning``'s energy gate
    applied when a calibration set one: what the ear and the barge-in detector both feed
    on, so the two hear the room alike."""
    probability = vad.probability(frame)
    if tuning.min_level_dbfs is None:
        return probability
    return tuning.gated(probability, pcm_dbfs(frame))

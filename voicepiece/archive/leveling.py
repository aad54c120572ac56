"""The levels of a session's mix: the listener's replies brought to the narrator's
loudness, and the room they were recorded in kept under the whole session.

Measured before this existed: in a rendered her session the replies stood 1–6 LU above
the narrator's lines, and the room noise the reply clips carry switched on at each turn
and off at the next line, between stretches of digital silence. So, as the mix is
written:

* every narrator line adds its 400 ms blocks to the narrator's gated loudness
  (BS.1770, :mod:`voicepiece.audio.loudness`); a reply's speech is measured the same way
  and the whole clip in the mix gets the one gain that brings it there (within
  :data:`MAX_CUT`/:data:`MAX_BOOST`, and never past :data:`PEAK_CEILING`). A turn with no
  speech gets the gain of the last reply, so the room does not jump;
* a continuous room tone (:class:`~voicepiece.audio.roomtone.RoomTone`) runs under the
  session. It starts as the quiet room a rendered or live listener's turn begins with
  (:data:`INITIAL_ROOM_DBFS`, pink) and then takes the spectrum and level of the quiet
  around each reply's speech, after its gain; where a reply clip carries room noise of
  its own the tone crossfades to the clip over :data:`CROSSFADE` and back after it. A
  clip in digital silence leaves the tone running under it.

Only the mix is leveled: each reply clip in ``replies/`` stays as it was recorded.
"""

from __future__ import annotations

import math

import numpy as np

from voicepiece.audio.loudness import SILENT_LUFS, block_powers, gated_loudness, loudness
from voicepiece.audio.roomtone import RoomTone, pink_shape, room_shape

MAX_CUT = 30.0
MAX_BOOST = 24.0
"""dB a reply may be turned down or up: beyond these it is not a voice at a distance but
a wrong input, better left as it is."""
PEAK_CEILING = -1.0
"""dBFS a leveled reply's peak may reach: the mix is 16-bit."""
INITIAL_ROOM_DBFS = -62.0
"""The room under the session until a reply says what the room is: the listening path's
own floor (:data:`voicepiece.listening.room_noise.FLOOR_DBFS`), which a rendered reply
and a reply file are followed by."""
CROSSFADE = 0.05
"""Seconds over which the room tone hands over to a reply clip's own room and back."""
CLEAN_DBFS = -90.0
"""A clip whose quiet is below this carries no room: the tone runs on under it."""
HOLE_DB = 12.0
"""dB under a clip's room below which a 10 ms stretch of it is a hole the tone fills."""
_AROUND_SPEECH = (0.15, 0.3)  # seconds kept clear of speech before and after its span


def _dbfs(samples: np.ndarray) -> float:
    rms = math.sqrt(float(np.mean(samples ** 2))) if len(samples) else 0.0
    return 20 * math.log10(rms / 32768) if rms > 0 else -math.inf


class MixLevels:
    """The narrator's loudness so far, the gain of each reply, and the room tone under
    the mix; frames are counted on the mix's timeline at ``rate``."""

    def __init__(self, rate: int, room_dbfs: float | None = INITIAL_ROOM_DBFS,
                 seed: int = 0) -> None:
        self.rate = rate
        self.room = RoomTone(rate, seed)
        if room_dbfs is not None:
            self.room.set_room(pink_shape(), room_dbfs, glide=False)
        self._narration: list[np.ndarray] = []
        self.gains: list[float] = []
        """The gain given to each reply, in dB (for figures and tests)."""
        self._yield: list[tuple[int, np.ndarray]] = []  # clips with a room: first frame,
        # the tone's gain under each of their frames

    @property
    def narrator_lufs(self) -> float:
        if not self._narration:
            return SILENT_LUFS
        return gated_loudness(np.concatenate(self._narration))

    def narration(self, pcm: bytes) -> None:
        """A narrator line as it goes into the mix (16-bit mono at the mix's rate)."""
        samples = np.frombuffer(pcm, dtype="<i2")
        if len(samples):
            self._narration.append(block_powers(samples, self.rate))

    def reply(self, pcm: bytes, first: int, speech: tuple[float, float] | None) -> bytes:
        """The reply clip ``pcm`` that starts at frame ``first`` as it goes into the mix:
        at the narrator's loudness, its edges crossfaded with the room tone if it carries
        a room of its own. ``speech`` is where its speech lies, in seconds into the clip."""
        samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
        if not len(samples):
            return pcm
        gain = self._gain(samples, speech)
        self.gains.append(gain)
        samples *= 10 ** (gain / 20)
        quiet = self._quiet(samples, speech)
        level = _dbfs(np.concatenate(quiet)) if quiet else -math.inf
        if level > CLEAN_DBFS:
            shapes = [shape for part in quiet if (shape := room_shape(part)) is not None]
            if shapes:
                self.room.set_room(np.sqrt(np.mean(np.square(shapes), axis=0)), level)
            tone = self._holes(samples, level)
            fade = min(round(CROSSFADE * self.rate), len(samples) // 2)
            if fade:
                ramp = np.sin(np.linspace(0, math.pi / 2, fade, endpoint=False))
                samples[:fade] *= ramp
                samples[len(samples) - fade:] *= ramp[::-1]
                tone[:fade] = np.maximum(tone[:fade], np.cos(np.arcsin(ramp)))
                tone[len(tone) - fade:] = np.maximum(tone[len(tone) - fade:],
                                                     np.cos(np.arcsin(ramp[::-1])))
            self._yield.append((first, tone))
        return np.clip(np.rint(samples), -32768, 32767).astype("<i2").tobytes()

    def under(self, first: int, pcm: bytes) -> bytes:
        """``pcm``, the next frames of the mix from frame ``first``, with the room tone
        under them (yielding to the clips that carry their own)."""
        count = len(pcm) // 2
        if not count:
            return pcm
        tone = self.room.take(count)
        if self.room.silent:
            return pcm
        tone *= self._tone_gain(first, count)
        mixed = np.frombuffer(pcm, dtype="<i2").astype(np.float64) + tone
        return np.clip(np.rint(mixed), -32768, 32767).astype("<i2").tobytes()

    def _gain(self, samples: np.ndarray, speech: tuple[float, float] | None) -> float:
        """The gain that brings the reply's speech to the narrator's loudness; a reply with
        no speech (or no narration yet to match) gets the last reply's."""
        last = self.gains[-1] if self.gains else 0.0
        target = self.narrator_lufs
        if target <= SILENT_LUFS or speech is None:
            return last
        start = max(0, round((speech[0] - 0.05) * self.rate))
        spoken = samples[start:round((speech[1] + 0.05) * self.rate)]
        level = loudness(spoken, self.rate) if len(spoken) else SILENT_LUFS
        if level <= SILENT_LUFS:
            return last
        peak = float(np.max(np.abs(samples)))
        ceiling = PEAK_CEILING - 20 * math.log10(peak / 32768) if peak > 0 else MAX_BOOST
        return max(-MAX_CUT, min(target - level, MAX_BOOST, ceiling))

    def _quiet(self, samples: np.ndarray, speech: tuple[float, float] | None
               ) -> list[np.ndarray]:
        """The stretches of the clip clear of speech: the room alone."""
        if speech is None:
            return [samples]
        before = max(0, round((speech[0] - _AROUND_SPEECH[0]) * self.rate))
        after = round((speech[1] + _AROUND_SPEECH[1]) * self.rate)
        return [part for part in (samples[:before], samples[after:]) if len(part)]

    def _holes(self, samples: np.ndarray, room_dbfs: float) -> np.ndarray:
        """The room tone's gain under a clip with a room of its own: 0, but 1 in the clip's
        holes — 10 ms stretches far below its room, such as the digital silence a
        synthetic voice ends its words with — so the room never drops out."""
        frame = max(1, self.rate // 100)
        count = len(samples) // frame
        if not count:
            return np.zeros(len(samples))
        power = np.mean(samples[:count * frame].reshape(count, frame) ** 2, axis=1)
        floor = (32768 * 10 ** ((room_dbfs - HOLE_DB) / 20)) ** 2
        centres = np.arange(count) * frame + frame / 2
        return np.interp(np.arange(len(samples)), centres, (power < floor).astype(float))

    def _tone_gain(self, first: int, count: int) -> np.ndarray:
        """1 where the room tone plays; under a clip with its own room, the gain
        :meth:`reply` worked out for it."""
        gain = np.ones(count)
        end = first + count
        self._yield = [(start, tone) for start, tone in self._yield
                       if start + len(tone) > first]
        for start, tone in self._yield:
            low, high = max(start, first), min(start + len(tone), end)
            if low < high:
                gain[low - first:high - first] = np.minimum(gain[low - first:high - first],
                                                            tone[low - start:high - start])
        return gain

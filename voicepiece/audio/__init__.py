"""Sound at the edges of a live session: the speaker and the listening cue."""

from voicepiece.audio.cue import listening_cue
from voicepiece.audio.playback import Player, output_devices

__all__ = ["Player", "listening_cue", "output_devices"]

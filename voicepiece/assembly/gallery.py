"""The live station's seams: the microphone, the speaker, the engines and what starts a
visit, as ``voicepiece gallery`` runs them (tests and the soak build their own)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from voicepiece.gallery import KEY, VOICE

if TYPE_CHECKING:
    from voicepiece.gallery import Seams
    from voicepiece.gallery.options import GalleryConfig
    from voicepiece.listening.base import Source
    from voicepiece.story.model import Piece

log = logging.getLogger(__name__)


def live_seams(config: GalleryConfig, piece: Piece) -> Seams:
    """The real devices, engines and clock. Missing engines fail now, in one line; missing
    devices do not: the station waits for them."""
    from voicepiece.audio.playback import Player, find_output
    from voicepiece.gallery import Seams
    from voicepiece.gallery.bed import BedLoop
    from voicepiece.gallery.selftest import self_test
    from voicepiece.gallery.triggers import KeySource, LiveTriggers, VoiceTrigger
    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.engines import recognizer_for
    from voicepiece.listening.sources import MicrophoneSource, PcmSource, check_microphone
    from voicepiece.listening.vad import VoiceActivity
    from voicepiece.voices import narrator_for
    from voicepiece.voices.narrator import prefetch
    from voicepiece.voices.outputs import SpeakerVoice

    audio = config.audio
    mic: int | str | None = (int(audio.microphone) if audio.microphone.isdigit()
                             else audio.microphone or None)
    speaker = audio.speaker or None
    narrator = narrator_for(piece)
    prefetch(narrator)
    listening = config.listening
    recognizer = recognizer_for(listening.recognizer, listening.recognizer_model or None)
    recognizer.warm_up()
    vad = VoiceActivity()  # one detector: attract, sessions and self-test take turns

    def microphone() -> Source:
        return MicrophoneSource(mic)

    start = config.start
    voice_trigger = (VoiceTrigger(microphone, start.voice_seconds, vad)
                     if start.on in (VOICE, "both") else None)
    keys = KeySource(start.key_device, start.keys) if start.on in (KEY, "both") else None

    def probe() -> None:
        check_microphone(mic)
        find_output(device=speaker)
        if keys is not None and voice_trigger is None:
            keys.check()

    bed = None
    bed_path = Path(config.attract.bed).expanduser() if config.attract.bed else \
        piece.ambient_path
    if config.attract.mode == "bed":
        if bed_path is None:
            log.warning("attract mode is bed, but there is no bed: set [attract] bed")
        else:
            volume = audio.volume * config.attract.bed_volume / 100
            bed = BedLoop(bed_path, Player(device=speaker), volume)
    return Seams(
        voice=lambda: SpeakerVoice(narrator, Player(device=speaker)),
        ear=lambda _trigger: ListeningEar(microphone, recognizer, vad),
        triggers=LiveTriggers(voice_trigger, keys),
        probe=probe,
        self_test=lambda voice: self_test(
            voice, microphone, lambda pcm: ListeningEar(lambda: PcmSource(pcm), recognizer, vad),
            config.self_test.phrase, config.self_test.min_level_db),
        bed=bed,
    )

"""The live station's seams: the microphone, the speaker, the engines and what starts a
visit, as ``voicepiece gallery`` runs them (tests and the soak build their own)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from voicepiece.errors import VoicepieceError
from voicepiece.gallery.seams import KEY, VOICE

if TYPE_CHECKING:
    from voicepiece.gallery.options import GalleryConfig
    from voicepiece.gallery.seams import Seams
    from voicepiece.listening.engines import LoadedRecognizer
    from voicepiece.listening.vad import VoiceActivity
    from voicepiece.story.meaning import Similarity
    from voicepiece.story.model import Piece
    from voicepiece.voices.narrator import Narrator

log = logging.getLogger(__name__)


@dataclass
class StationEngines:
    """What a station loads once and keeps for every visitor: the narrator (its lines
    being prepared by ``preparing``), the recognizer (warmed up), one voice detector,
    which attract, sessions and the self-test take turns with, and the sentence model
    that reads a visitor's own words by meaning (None: its package is missing or
    damaged, and the rules alone read them)."""

    narrator: Narrator
    recognizer: LoadedRecognizer
    vad: VoiceActivity
    preparing: threading.Thread
    meanings: Similarity | None = None


def station_engines(config: GalleryConfig, piece: Piece) -> StationEngines:
    """The engines of a station of ``piece`` as ``config`` chooses them: the same for
    ``voicepiece gallery``, the soak and ``scripts/bench memory``, so that what those two
    measure is what a station holds. A missing engine fails here, in one line; a missing
    sentence model is one warning line, and the station reads answers by the rules.

    The sentence model is loaded and warmed with the piece's example phrases now, not at
    the first answer that needs it as ``run`` does: an unattended station has time before
    its first visitor, and that visitor would otherwise wait a second for it."""
    from voicepiece.assembly.ears import loaded_recognizer, meaning_model
    from voicepiece.assembly.voices import preparing_narrator
    from voicepiece.listening.vad import VoiceActivity

    narrator, preparing = preparing_narrator(piece)
    listening = config.listening
    recognizer = loaded_recognizer(listening.recognizer, listening.recognizer_model or None)
    return StationEngines(narrator, recognizer, VoiceActivity(), preparing,
                          meaning_model(piece, eager=True))


def live_seams(config: GalleryConfig, piece: Piece) -> Seams:
    """The real devices, engines and clock. Missing engines fail now, in one line; missing
    devices do not: the station waits for them.

    The room is heard as ``voicepiece run`` hears it (listening/calibration.py, through the
    ear's own voice detector), but at opening and in every cool-down (gallery/room.py), and
    every visitor's ear gets the tuning last heard; its gate never rises above the start
    gate, the level a visitor at the station reaches."""
    from voicepiece.assembly.ears import microphone, microphone_device
    from voicepiece.assembly.voices import speaker_voice
    from voicepiece.audio.playback import Player, find_output
    from voicepiece.gallery.bed import BedLoop
    from voicepiece.gallery.room import RoomHearing
    from voicepiece.gallery.seams import Seams
    from voicepiece.gallery.selftest import self_test
    from voicepiece.gallery.triggers import KeySource, LiveTriggers, VoiceTrigger
    from voicepiece.listening.calibration import GATE_CEILING_DBFS, hear_room
    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.sources import PcmSource, check_microphone

    audio = config.audio
    mic = microphone_device(audio.microphone)
    speaker = audio.speaker or None
    engines = station_engines(config, piece)
    narrator, recognizer, vad = engines.narrator, engines.recognizer, engines.vad
    source = microphone(mic)

    start = config.start
    voice_trigger = (VoiceTrigger(source, start.voice_seconds, vad,
                                  min_dbfs=start.voice_min_dbfs)
                     if start.on in (VOICE, "both") else None)
    keys = KeySource(start.key_device, start.keys) if start.on in (KEY, "both") else None
    room = RoomHearing(lambda: hear_room(source(), vad),
                       start.voice_min_dbfs if voice_trigger else GATE_CEILING_DBFS)

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
        voice=lambda: speaker_voice(narrator, speaker),
        ear=lambda _trigger: ListeningEar(source, recognizer, vad, tuning=room.tuning),
        triggers=LiveTriggers(voice_trigger, keys),
        probe=probe,
        self_test=lambda voice: self_test(
            voice, source, lambda pcm: ListeningEar(lambda: PcmSource(pcm), recognizer, vad),
            config.self_test.phrase, config.self_test.min_level_db),
        bed=bed,
        meanings=engines.meanings,
        room=room,
    )


def device_problems(config: GalleryConfig) -> list[str]:
    """The ``[audio]`` microphone and speaker that name no device on this machine, one line
    each, with the devices there are — from the listing ``voicepiece devices`` shows,
    without opening anything. The defaults are not checked: the station waits for a
    missing device, and ``--check`` may run where the station will not. An environment
    that keeps this user's sound server out of reach (``XDG_RUNTIME_DIR`` unset or
    someone else's) is the one line instead: every device would look missing for it."""
    from voicepiece.assembly.ears import microphone_device
    from voicepiece.audio.devices import names_a_card, server_info, server_unreachable
    from voicepiece.audio.playback import output_devices
    from voicepiece.listening.sources import find_input_device

    unreachable = server_unreachable()
    if unreachable is not None:
        return [unreachable]
    audio, problems = config.audio, []
    if audio.microphone:
        try:
            find_input_device(microphone_device(audio.microphone))
        except VoicepieceError as exc:
            reason = getattr(exc, "reason", str(exc))
            problems.append(f"[audio] microphone = {audio.microphone!r}: {reason}")
    if audio.speaker:
        try:
            speakers = output_devices()
        except VoicepieceError as exc:
            problems.append(f"[audio] speaker = {audio.speaker!r}: {exc}")
        else:
            names = [d.name for d in speakers]
            alsa_alias = not any(d.server for d in speakers) and names_a_card(audio.speaker,
                                                                              speakers)
            if audio.speaker not in names and not alsa_alias:
                problems.append(f"[audio] speaker = {audio.speaker!r}: no output device is "
                                f"named so (there are: {', '.join(names) or 'none'})")
    if problems and server_info() is None:
        problems = [f"{problem}; no sound server answers here" for problem in problems]
    return problems

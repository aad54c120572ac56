"""The times a live session records are the times the listener lived: under the private
PulseAudio daemon (tests/pulse.py) a synthetic listener answers into the virtual
microphone, the narrator answers through ``Player`` into ``vsink``, and both devices are
recorded. ``response_start − speech_end`` in ``session.json`` is the wait between the end
of the listener's words and the narrator's first sound — decoding, rendering and the
player's start included — not the endpointer's configured silence.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from tests.pulse import PulseServer, VirtualMic
from tests.test_live_barge_in import loud
from tests.test_live_ear import Listener, wait_until_flowing
from voicepiece.archive.recorder import session_folder
from voicepiece.audio.playback import Player
from voicepiece.listening.base import FRAME_SECONDS
from voicepiece.listening.ear import ListeningEar
from voicepiece.listening.sources import MicrophoneSource
from voicepiece.session.events import LineSpoken
from voicepiece.session.loop import Session
from voicepiece.story.loader import load_piece
from voicepiece.story.model import ListenSettings
from voicepiece.testing import EventLog
from voicepiece.voices import narrator_for
from voicepiece.voices.outputs import SpeakerVoice

TEA = "tests/pieces/tea/piece.yaml"


def test_a_live_turn_records_the_wait_the_listener_had(
        pulse_server: PulseServer, virtual_mic: VirtualMic, tmp_path: Path) -> None:
    from voicepiece.listening.recognizer import SphinxRecognizer

    wait_until_flowing()
    piece = load_piece(TEA)
    voice = SpeakerVoice(narrator_for(piece), Player())
    ear = ListeningEar(MicrophoneSource, SphinxRecognizer())
    listener, log = Listener(virtual_mic, ["coffee"]), EventLog()
    recorder = session_folder(tmp_path / "session", audio=True, mastering=None)
    speaker = pulse_server.record()
    microphone = pulse_server.record(source=virtual_mic.source)
    try:
        outcome = Session(piece, voice, ear, [log, listener, recorder]).run()
    finally:
        for thread in listener.threads:
            thread.join(10)
        said, heard = speaker.stop(), microphone.stop()

    record = json.loads((tmp_path / "session" / "session.json").read_text())
    turn = record["turns"][0]
    assert turn["answer"] == outcome.turns[0].answer != "silence"
    gap = turn["response_start"] - turn["speech_end"]
    settings = ListenSettings()
    configured = {round(s / FRAME_SECONDS) * FRAME_SECONDS
                  for s in (settings.complete_silence, settings.incomplete_silence)}
    # Never sooner than the endpointer's silence, and more than it: the reply was decided,
    # rendered and started after that silence.
    assert gap > min(configured)
    assert all(abs(gap - c) > 0.005 for c in configured), (gap, configured)

    # The same wait, measured on the devices: the end of the listener's voice at the
    # microphone, the narrator's first sound after it at the speaker.
    voice_on = np.flatnonzero(loud(heard, 300))
    assert voice_on.size, "the listener's voice never reached the microphone"
    words_end = microphone.time_of((int(voice_on[-1]) + 1) * heard.frame_rate // 100)
    narrating = loud(said, 100)
    after = int(speaker.sample_at(words_end) // (said.frame_rate // 100))
    first = next(i for i in range(max(after, 0), len(narrating)) if narrating[i])
    on_the_speaker = speaker.time_of(first * said.frame_rate // 100) - words_end
    assert abs(gap - on_the_speaker) < 0.3, (gap, on_the_speaker)

    # The record's timeline holds the reply where it was played.
    reply = next(e for e in log.of(LineSpoken) if e.at is not None
                 and e.at >= turn["speech_end"])
    assert abs(reply.at - turn["response_start"]) < 0.1

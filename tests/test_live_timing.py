"""The times a live session records are the times the listener lived: under the private
PulseAudio daemon (tests/pulse.py) a synthetic listener answers into the virtual
microphone, the narrator answers through ``Player`` into ``vsink``, and both devices are
recorded. ``response_start − speech_end`` in ``session.json`` is the wait between the end
of the listener's words and the narrator's first sound — decoding, rendering and the
player's start included — not the endpointer's configured silence.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
from pydub import AudioSegment

from tests.pulse import PulseServer, VirtualMic
from tests.test_live_barge_in import loud
from tests.test_live_ear import Listener, wait_until_flowing
from voicepiece.archive.recorder import session_folder
from voicepiece.audio.playback import Player
from voicepiece.listening.base import FRAME_SECONDS
from voicepiece.listening.ear import ListeningEar
from voicepiece.listening.sources import MicrophoneSource
from voicepiece.session.events import Event, Heard, LineSpoken, Question, TurnTaken
from voicepiece.session.loop import Session
from voicepiece.story.loader import load_piece
from voicepiece.story.model import ListenSettings
from voicepiece.testing import EventLog
from voicepiece.voices import narrator_for
from voicepiece.voices.outputs import SpeakerVoice

TEA = "tests/pieces/tea/piece.yaml"


class HandedOver(Player):
    """The player, keeping when each play's first sample went to the sound server (its
    player process): the record's ``response_start`` says that moment, and what follows
    it — the player process starting, the server buffering — is the machine's, longer the
    busier it is."""

    def __init__(self) -> None:
        super().__init__()
        self.plays: list[tuple[float, float | None]] = []
        """(when play() was called, when its first sample was written) per play."""

    def play(self, segment: AudioSegment) -> None:
        called = time.perf_counter()
        try:
            super().play(segment)
        finally:
            self.plays.append((called, self.last_started_at))


class KeptTurns(ListeningEar):
    """The ear, keeping what it heard at each turn."""

    def __init__(self) -> None:
        from voicepiece.listening.recognizer import SphinxRecognizer

        super().__init__(MicrophoneSource, SphinxRecognizer())
        self.heard: list[Heard] = []

    def listen(self, question: Question) -> Heard:
        heard = super().listen(question)
        self.heard.append(heard)
        return heard


class ClockedLog(EventLog):
    """The events, each with when the session told it (``time.perf_counter()``)."""

    def __init__(self) -> None:
        super().__init__()
        self.told_at: dict[int, float] = {}

    def on_event(self, event: Event) -> None:
        self.told_at[id(event)] = time.perf_counter()
        super().on_event(event)


def test_a_live_turn_records_the_wait_the_listener_had(
        pulse_server: PulseServer, virtual_mic: VirtualMic, tmp_path: Path) -> None:
    wait_until_flowing()
    piece = load_piece(TEA)
    player = HandedOver()
    voice = SpeakerVoice(narrator_for(piece), player)
    ear = KeptTurns()
    listener, log = Listener(virtual_mic, ["coffee"]), ClockedLog()
    recorder = session_folder(tmp_path / "session", audio=True, mastering=None)
    speaker = pulse_server.record()
    microphone = pulse_server.record(source=virtual_mic.source)
    try:
        # the log first: it notes when the session placed each line, before the others
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
    assert gap > min(configured)  # never sooner than the endpointer's silence

    # The reply, and the play that sounded it: the first after the session placed it.
    reply = next(e for e in log.of(LineSpoken) if e.at is not None
                 and e.at >= turn["speech_end"])
    placed = log.told_at[id(reply)]
    handed = next(first for called, first in player.plays if called >= placed)
    assert handed is not None, "the reply was never played"

    # More than the silence that ended the turn: all that came after the decision too —
    # rendering the reply, starting the player — however long the machine's load made it
    # (measured: from when the session told of the turn to when the reply was handed
    # over). A record of the configured silence alone fails here.
    decided = log.told_at[id(next(e for e in log.events if isinstance(e, TurnTaken)))]
    first_turn = ear.heard[0]
    assert first_turn.waited is not None and first_turn.speech_end is not None
    silence = first_turn.waited - first_turn.speech_end
    assert gap >= silence + (handed - decided) - 0.002, (gap, silence, handed - decided)

    # The same wait, measured on the devices: from the end of the listener's voice at the
    # microphone to when the reply went to the sound server (the player's first write,
    # what the record says) and to its first sound at the speaker. What the listener
    # heard on top of the record — the server's buffering — grows with the machine's
    # load, so it is bounded only from below: the record never claims a longer wait.
    voice_on = np.flatnonzero(loud(heard, 300))
    assert voice_on.size, "the listener's voice never reached the microphone"
    words_end = microphone.time_of((int(voice_on[-1]) + 1) * heard.frame_rate // 100)
    narrating = loud(said, 100)
    after = int(speaker.sample_at(words_end) // (said.frame_rate // 100))
    first = next(i for i in range(max(after, 0), len(narrating)) if narrating[i])
    sounded = speaker.time_of(first * said.frame_rate // 100)
    on_the_speaker, to_the_server = sounded - words_end, handed - words_end
    assert sounded >= handed - 0.05, (sounded - handed)  # no sound before it was sent
    assert abs(gap - to_the_server) < 0.3, (gap, to_the_server, on_the_speaker)
    assert gap <= on_the_speaker + 0.1, (gap, on_the_speaker)

    # The record's timeline holds the reply where it was played: where the session's
    # clock stood when it placed the line, which it then handed to the player — in the
    # time the player took to take it (measured: its process starts under the load).
    late = turn["response_start"] - reply.at
    assert -0.002 <= late <= handed - placed + 0.1, (late, handed - placed)

"""Barge-in on the live path, under the private PulseAudio daemon (tests/pulse.py): the
narrator speaks (espeak-ng, played by ``Player`` into ``vsink``) while a synthetic listener
says "coffee" into the virtual microphone; the shared microphone's detector stops the
narration and the ear hears the answer that began over it.

Both devices are recorded, so the test sees when the listener's voice reached the
microphone and when the narration stopped coming out of the speaker. How fast that is, is
measured by ``scripts/bench bargein``; here only that it is prompt.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydub import AudioSegment

from tests.pulse import PulseServer, VirtualMic
from tests.test_barge_in import LONG_LINE, PIECE
from tests.test_live_ear import reply, wait_until_flowing
from voicepiece.audio.playback import Player
from voicepiece.listening.bargein import BargeIn
from voicepiece.listening.ear import ListeningEar
from voicepiece.listening.sources import MicrophoneSource
from voicepiece.session.events import Event, LineSpoken, NarrationCut
from voicepiece.session.loop import Session
from voicepiece.story.loader import load_piece
from voicepiece.testing import EventLog
from voicepiece.voices import narrator_for
from voicepiece.voices.outputs import SpeakerVoice


class Listener:
    """Says "coffee" into the microphone 1.2 s into the long line."""

    def __init__(self, mic: VirtualMic) -> None:
        self.mic = mic
        self.threads: list = []

    def on_event(self, event: Event) -> None:
        if isinstance(event, LineSpoken) and event.text == LONG_LINE:
            self.threads.append(self.mic.say_after(1.2, reply("coffee", voice=3)))


def loud(audio: AudioSegment, threshold: float) -> np.ndarray:
    """Which 10 ms windows of ``audio`` are louder than ``threshold`` (RMS)."""
    pcm = np.frombuffer(audio.raw_data, dtype="<i2").astype(float)
    step = audio.frame_rate // 100
    windows = pcm[: len(pcm) // step * step].reshape(-1, step)
    return np.sqrt(np.mean(windows**2, axis=1)) > threshold


def test_speaking_over_the_narrator_stops_it_and_answers(
        pulse_server: PulseServer, virtual_mic: VirtualMic, tmp_path: Path) -> None:
    wait_until_flowing()
    path = tmp_path / "interrupt" / "piece.yaml"
    path.parent.mkdir()
    path.write_text(PIECE)
    piece = load_piece(path)
    from voicepiece.listening.recognizer import SphinxRecognizer

    voice = SpeakerVoice(narrator_for(piece), Player())
    barge_in = BargeIn(MicrophoneSource, voice)
    ear = ListeningEar(barge_in.source, SphinxRecognizer())
    listener, log = Listener(virtual_mic), EventLog()
    speaker = pulse_server.record()
    microphone = pulse_server.record(source=virtual_mic.source)
    try:
        outcome = Session(piece, voice, ear, [log, listener], barge_in=barge_in).run()
    finally:
        barge_in.close()
        for thread in listener.threads:
            thread.join(10)
        said, heard = speaker.stop(), microphone.stop()

    assert outcome.completed
    [turn] = outcome.turns
    assert turn.barge_in and turn.answer == "coffee"
    assert outcome.path == ("intro", "ask", "bye")
    texts = [e.text for e in log.of(LineSpoken)]
    assert "Would you like tea or coffee?" not in texts
    [cut] = log.of(NarrationCut)
    line = next(e for e in log.of(LineSpoken) if e.text == LONG_LINE)
    assert cut.at is not None and line.at is not None and line.duration is not None
    assert 1.0 < cut.at - line.at < line.duration - 1.0

    # When the voice reached the microphone, and when the narration stopped after it.
    voice_on = np.flatnonzero(loud(heard, 300))
    assert voice_on.size, "the listener's voice never reached the microphone"
    onset = microphone.time_of(int(voice_on[0]) * heard.frame_rate // 100)
    narrating = loud(said, 100)
    after = int(speaker.sample_at(onset) // (said.frame_rate // 100))
    quiet_from = next(i for i in range(after, len(narrating))
                      if not narrating[i:i + 50].any())  # the first half second of silence
    stopped = speaker.time_of(quiet_from * said.frame_rate // 100)
    assert stopped - onset < 0.5, f"narration went on {stopped - onset:.2f} s over the voice"


def test_run_barge_in_from_the_command_line(pulse_server: PulseServer, virtual_mic: VirtualMic,
                                            tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """`voicepiece run --barge-in`: the listener answers 1.2 s into the long line, whenever
    that comes — a busy machine may take seconds to start and calibrate."""
    from voicepiece.cli import main
    from voicepiece.session import loop

    wait_until_flowing()
    path = tmp_path / "interrupt" / "piece.yaml"
    path.parent.mkdir()
    path.write_text(PIECE)
    listener = Listener(virtual_mic)

    class Overheard(loop.Session):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            args = (*args[:3], [*args[3], listener], *args[4:])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(loop, "Session", Overheard)
    code = main(["run", str(path), "--start", "ask", "--barge-in",
                 "--record", str(tmp_path / "session"), "--no-master"])
    for thread in listener.threads:
        thread.join(10)
    assert code == 0
    record = json.loads((tmp_path / "session" / "session.json").read_text())
    turn = record["turns"][0]  # a busy machine may leave the ear unsure: a confirmation follows
    assert turn["barge_in"] is True and turn["answer"] == "coffee"
    cut = [line for line in record["lines"] if line.get("cut")]
    assert [line["text"] for line in cut] == [LONG_LINE]

"""A resumed turn on the live path, under the private PulseAudio daemon (tests/pulse.py):
a listener voice (flite/espeak-ng, never the narrator's) says a whole first answer,
"coffee"; the narrator begins its reply; the listener goes on, "and tea, please"; the narrator
stops, hears the rest, and answers the whole: both.

The listener goes on when the reply is heard to begin, whenever that is on a busy machine,
and the resume window is widened for the same reason (how long it is, and how often a
continuation is caught at the real one, is measured by ``scripts/bench bargein``).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.pulse import PulseServer, VirtualMic
from tests.test_live_ear import reply, wait_until_flowing
from voicepiece.archive.recorder import session_folder
from voicepiece.audio.playback import Player
from voicepiece.listening.bargein import BargeIn
from voicepiece.listening.ear import ListeningEar
from voicepiece.listening.sources import MicrophoneSource
from voicepiece.session.events import CuePlayed, Event, LineSpoken, NarrationCut
from voicepiece.session.loop import Session
from voicepiece.story.loader import load_piece
from voicepiece.testing import EventLog
from voicepiece.voices import narrator_for
from voicepiece.voices.outputs import SpeakerVoice

PIECE = """\
piece: drinks
title: Drinks
start: ask
nodes:
  ask:
    say:
      - Would you like tea or coffee?
    listen:
      next: bye
      answers:
        - label: tea
          phrases: [tea, tea please]
          say: Tea it is. I will put the kettle on.
        - label: coffee
          phrases: [coffee, coffee please]
          say: Coffee it is. I will grind the beans and find the good cups, the blue ones.
        - label: both
          phrases: [both, coffee and tea, coffee and tea please, both please]
          say: Both, then. A long morning ahead.
  bye:
    say: Goodbye.
    end: true
"""
COFFEE_REPLY = "Coffee it is. I will grind the beans and find the good cups, the blue ones."
BOTH_REPLY = "Both, then. A long morning ahead."


class Listener:
    """Says "coffee" after the cue, and "and tea, please" once the reply to it begins."""

    def __init__(self, mic: VirtualMic) -> None:
        self.mic = mic
        self.threads: list = []

    def on_event(self, event: Event) -> None:
        if isinstance(event, CuePlayed):
            self.threads.append(self.mic.say_after(1.0, reply("coffee", voice=3)))
        elif isinstance(event, LineSpoken) and event.text == COFFEE_REPLY:
            self.threads.append(self.mic.say_after(0.4, reply("and tea, please", voice=3)))


def test_going_on_over_the_reply_stops_it_and_the_whole_answer_is_taken(
        pulse_server: PulseServer, virtual_mic: VirtualMic, tmp_path: Path) -> None:
    wait_until_flowing()
    path = tmp_path / "drinks" / "piece.yaml"
    path.parent.mkdir()
    path.write_text(PIECE)
    piece = load_piece(path)
    from voicepiece.listening.recognizer import SphinxRecognizer

    voice = SpeakerVoice(narrator_for(piece), Player())
    barge_in = BargeIn(MicrophoneSource, voice, resume_seconds=4.0)
    ear = ListeningEar(barge_in.source, SphinxRecognizer())
    listener, log = Listener(virtual_mic), EventLog()
    folder = tmp_path / "session"
    observers = [log, listener, session_folder(folder, mastering=None)]
    try:
        outcome = Session(piece, voice, ear, observers, barge_in=barge_in).run()
    finally:
        barge_in.close()
        for thread in listener.threads:
            thread.join(20)

    assert outcome.completed and outcome.path == ("ask", "bye")
    [turn] = outcome.turns
    assert turn.resumed and turn.first_answer == "coffee" and turn.answer == "both"
    texts = [e.text for e in log.of(LineSpoken)]
    assert texts.index(COFFEE_REPLY) < texts.index(BOTH_REPLY)
    [cut] = log.of(NarrationCut)
    assert cut.line is not None and cut.line.text == COFFEE_REPLY

    record = json.loads((folder / "session.json").read_text())
    [entry] = record["turns"]
    assert entry["resumed"] is True and entry["answer"] == "both"
    assert len(entry["parts"]) == 2 and entry["first_answer"] == "coffee"
    said = {line["text"]: line for line in record["lines"]}
    assert said[COFFEE_REPLY]["cut"] is True
    # The record's times: the interrupted reply came between the parts, and the reply
    # heard is the one to the whole answer (its first sample, a little after it was sent).
    both = said[BOTH_REPLY]
    assert entry["speech_start"] < said[COFFEE_REPLY]["at"] < entry["speech_end"]
    assert entry["speech_end"] < entry["response_start"]
    assert both["at"] <= entry["response_start"] < both["at"] + both["duration"]

"""A visitor who has gone leaves nothing of themselves in the station's memory: not their
voice (the audio of their last answer, which the recognizer kept for its transcript), not
their words synthesized ahead by the narrator, and no synthesis of them still running when
the next visitor arrives. The station keeps its engines for every visitor, so whatever a
visit leaves in them stays until a later visit happens to replace it — in the soak, the
last visitor's state was still held at the end (issue 13's memory growth).

The station here is the real one with its real ear (``ListeningEar``, the combined
recognizer with a stand-in for Whisper's words) and a real ``Narrator`` whose synthesizer
makes tones; the visitor answers once with a spoken "yes", whose transcript the narrator
starts saying back at once, and then walks away.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
import types
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydub import AudioSegment
from pydub.generators import Sine

from tests.test_anticipation import AnticipatingVoice
from tests.test_ear import place
from tests.test_gallery import config_for
from voicepiece.gallery.consent import WalkedAway
from voicepiece.gallery.seams import VOICE, ManualClock, Seams, Trigger
from voicepiece.gallery.station import Station
from voicepiece.listening.combined import CombinedRecognizer
from voicepiece.listening.ear import ListeningEar
from voicepiece.listening.sources import PcmSource
from voicepiece.listening.whisper_model import WhisperWords
from voicepiece.session.events import Heard, Question
from voicepiece.session.loop import Session
from voicepiece.story.loader import load_piece
from voicepiece.testing import ScriptedEar
from voicepiece.voices.cache import RenderCache
from voicepiece.voices.narrator import Narrator
from voicepiece.voices.outputs import RenderedVoice

PIECE = """
piece: forgets
start: ask
nodes:
  ask:
    say: Did you love her?
    listen:
      next: again
      answers:
        - label: yes
          say: "{heard}. That is how it feels to me, too."
        - label: no
          say: "{heard}. Not for me either."
  again:
    say: And now?
    listen:
      next: close
      answers: [{label: yes}, {label: no}]
  close:
    say: Goodbye.
    end: true
"""

THEIR_WORDS = "I loved her."
THEIR_TONE = 1234
"""The frequency the synthesizer says the listener's words in (the narrator's own lines:
440 Hz), so that their synthesized words can be told in memory from anything else."""


class Tones:
    """A synthesizer of tones as long as the text; the listener's words take a moment."""

    engine = "tones"

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.running = 0

    def synthesize(self, text: str, settings: Any) -> AudioSegment:
        theirs = "loved" in text
        self.asked.append(text)
        self.running += 1
        try:
            if theirs:
                time.sleep(0.2)
            return Sine(THEIR_TONE if theirs else 440).to_audio_segment(
                duration=20 * len(text), volume=-12)
        finally:
            self.running -= 1


class Transcriber:
    """Whisper's words, as a sure transcript of whatever was said."""

    def transcribe(self, audio: bytes) -> WhisperWords:
        return WhisperWords(" " + THEIR_WORDS, 0.8, 0.01, 0.1)


def holders(roots: Iterable[Any], chunk: bytes) -> list[str]:
    """Paths (by type) to the bytes reachable from ``roots`` that hold ``chunk``. A
    function is followed into its closure only (its module's globals are no one's state),
    and not into the station's seams: they are this test's microphone and visitors."""
    found: list[str] = []
    seen: set[int] = set()
    stack = [(root, type(root).__name__) for root in roots]
    while stack:
        obj, path = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, (bytes, bytearray)):
            if chunk in obj:
                found.append(path)
            continue
        if isinstance(obj, (types.ModuleType, type, Seams)):
            continue
        if isinstance(obj, types.FunctionType):
            refs = [c.cell_contents for c in obj.__closure__ or ()
                    if c.cell_contents is not None]
        else:
            refs = gc.get_referents(obj)
        stack += [(ref, f"{path} > {type(ref).__name__}") for ref in refs]
    return found


class OneVisitor:
    """The trigger source: one visitor, then — at the next visitor's arrival — ``check``."""

    def __init__(self, check: Any) -> None:
        self.check = check
        self.came = False
        self.station: Station | None = None

    def wait(self, timeout: float) -> Trigger | None:
        assert self.station is not None
        if not self.came:
            self.came = True
            return Trigger(VOICE)
        self.check()
        self.station.stop()
        return None

    def close(self) -> None:
        pass


def test_a_visitor_who_has_gone_leaves_nothing_of_theirs_in_memory(tmp_path: Path) -> None:
    path = tmp_path / "piece.yaml"
    path.write_text(PIECE)
    piece = load_piece(str(path))
    tones = Tones()
    narrator = Narrator(piece, RenderCache(lambda _: tones, tmp_path / "cache"))
    recognizer = CombinedRecognizer(use_whisper=False)
    recognizer.whisper = Transcriber()  # type: ignore[assignment]
    placed = place("yes", before=0.5)
    turns = iter([placed.pcm, bytes(16000)])  # "yes", then silence: the visitor walks away
    at = round((placed.start + 0.05) * 16000) * 2
    voice = placed.pcm[at:at + 3200]  # their voice: 0.1 s of their "yes"
    theirs = Sine(THEIR_TONE).to_audio_segment(duration=400, volume=-12).raw_data[
        3200:6400]  # their words, as the narrator says them
    seen: dict[str, Any] = {}

    def check() -> None:  # the next visitor arrives
        gc.collect()
        roots = [station, recognizer, narrator]  # what a station keeps for every visitor
        seen.update(running=tones.running, voice=holders(roots, voice),
                    words=holders(roots, theirs))

    arrivals = OneVisitor(check)
    station = Station(
        config_for(tmp_path, session={"walk_away_after": 1}), piece,
        Seams(voice=lambda: RenderedVoice(narrator),
              ear=lambda _trigger: ListeningEar(lambda: PcmSource(next(turns), True),
                                                recognizer),
              triggers=arrivals, clock=ManualClock(), on_session=seen.setdefault("visit", [])
              .append))
    arrivals.station = station
    station.run()

    [visit] = seen["visit"]
    assert visit["outcome"] == "walked_away" and visit["recording"].startswith("kept")
    assert any("loved" in text for text in tones.asked)  # their words were said ahead
    assert seen["running"] == 0  # no synthesis of their words runs on into the next visit
    assert seen["voice"] == []  # their voice is in nothing the station keeps
    assert seen["words"] == []  # nor their words, synthesized


class Leaves(ScriptedEar):
    """Hears their words, then the visitor walks away in the middle of the turn."""

    def listen(self, question: Question) -> Heard:
        assert question.on_words is not None
        question.on_words(THEIR_WORDS)
        raise WalkedAway("gone")


def test_a_session_ended_by_its_ear_drops_the_words_it_anticipated(tmp_path: Path) -> None:
    path = tmp_path / "piece.yaml"
    path.write_text(PIECE)
    voice = AnticipatingVoice()
    with contextlib.suppress(WalkedAway):
        Session(load_piece(str(path)), voice, Leaves([]), []).run()
    assert voice.ahead[0] and voice.ahead[-1] == []


def test_forgetting_waits_for_the_synthesis_under_way(tmp_path: Path) -> None:
    path = tmp_path / "piece.yaml"
    path.write_text(PIECE)
    let, began = threading.Event(), threading.Event()

    class Held(Tones):
        def synthesize(self, text: str, settings: Any) -> AudioSegment:
            began.set()
            let.wait(10)
            return super().synthesize(text, settings)

    narrator = Narrator(load_piece(str(path)), RenderCache(lambda _: Held(),
                                                           tmp_path / "cache"))
    line = narrator.piece.nodes["ask"].listen.answers[0].say[0]  # type: ignore[union-attr]
    assert narrator.anticipate([(line, "You loved her. That is how it feels to me, too.")])
    # a part not yet begun is dropped, never run; this one is under way
    assert began.wait(10)
    assert narrator.forget(within=0.05) is False  # still synthesizing: said so
    let.set()
    assert narrator.forget(within=10) is True
    assert narrator.is_ready(line, "You loved her. That is how it feels to me, too.") is False

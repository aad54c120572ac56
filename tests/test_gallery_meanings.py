"""The gallery understands a visitor as ``run`` and ``render`` do: an answer in the visitor's
own words, none of the piece's example phrases, is read by meaning — and checked with
"is that what you said?" — not taken as unclear.

The station is built as ``voicepiece gallery`` builds it (``assembly.gallery.live_seams``:
its engines, the sentence model among them); only the devices are replaced, as in the
soak: the visitor's words are real audio (a listener voice, room noise) heard by the
station's own ear, and the narrator renders without a speaker on a manual clock.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from tests.test_ear import spoken
from voicepiece.gallery.health import read_journal
from voicepiece.gallery.seams import VOICE, ManualClock, Trigger
from voicepiece.listening.ear import ListeningEar
from voicepiece.listening.room_noise import add_noise, noise, pad
from voicepiece.listening.sources import PcmSource
from voicepiece.session.events import Heard, Question
from voicepiece.story.loader import load_piece
from voicepiece.voices.outputs import RenderedVoice

IN_OTHER_WORDS = "keeping my phone in my pocket"
"""An answer to her's friendship question ("slow_down": put the phone away, unplug…) in
none of its example phrases: by the rules alone it is an open answer (``open:``), kept
but not understood."""


class OneVisitor:
    """The trigger source: one visitor, then the station is stopped."""

    def __init__(self) -> None:
        self.station = None
        self.came = False

    def wait(self, timeout: float) -> Trigger | None:
        if self.came:
            assert self.station is not None
            self.station.stop()
            return None
        self.came = True
        return Trigger(VOICE)

    def close(self) -> None:
        pass


class SpeakingVisitor:
    """The station's ear with a visitor at the microphone: each reply (None: nothing) is
    audio with the room around it, heard by the station's own recognizer and detector."""

    def __init__(self, station_ear: ListeningEar, replies: list[str | None]) -> None:
        self.inner = station_ear
        self.replies = replies
        self.pcm = b""
        self.inner.source_factory = lambda: PcmSource(self.pcm)

    def listen(self, question: Question) -> Heard:
        said = self.replies.pop(0) if self.replies else None
        quiet = question.settings.timeout + 1.0
        self.pcm = (noise(quiet, seed=len(self.replies)) if said is None else
                    add_noise(pad(spoken(said), 0.4, 1.5, seed=3), 30, 4))
        return self.inner.listen(question)


def test_a_visitor_answering_in_other_words_is_understood_by_meaning(tmp_path: Path) -> None:
    from tests.test_gallery import config_for
    from voicepiece.assembly.gallery import live_seams
    from voicepiece.gallery.station import Station

    config = config_for(tmp_path, consent={"notice": ""},
                        session={"closing": "", "cool_down": 0.0, "walk_away_after": 1})
    piece = dataclasses.replace(load_piece("her"), start="friendship")
    live = live_seams(config, piece)
    station_ear = live.ear(Trigger(VOICE))
    assert isinstance(station_ear, ListeningEar)
    narrator = live.voice().narrator  # type: ignore[attr-defined]
    visitors = OneVisitor()
    seams = dataclasses.replace(
        live, voice=lambda: RenderedVoice(narrator),
        ear=lambda _trigger: SpeakingVisitor(station_ear, [IN_OTHER_WORDS, "yes"]),
        triggers=visitors, probe=lambda: None, clock=ManualClock(), bed=None)
    station = Station(config, piece, seams)
    visitors.station = station
    station.run(max_sessions=1)

    [record] = read_journal(config.state_path("journal"), ("session",))
    assert record["outcome"] == "walked_away" and record["recording"] == "kept"
    saved = json.loads((config.sessions_path / record["folder"] / "session.json").read_text())
    answer, check = saved["turns"][:2]
    assert (answer["node"], answer["answer"]) == ("friendship", "slow_down"), answer
    assert (check["kind"], check["confirms"], check["answer"]) == ("confirm", "slow_down",
                                                                   "yes")
    assert saved["path"][:2] == ["friendship", "portal"]

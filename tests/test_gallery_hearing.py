"""The gallery hears right: a crowd across the room starts no session, a visitor at the
station does; an opt-out is caught in a transcript however it is phrased; the station
hears its room at opening and after every visitor, and a crowd nearby then neither keeps a
visitor's turn open nor deafens the ear to them or to their opt-out; and the soak counts
the crowd and a visit in a crowd as kinds of their own.

The crowd is the soak's own (``scripts/soak_visitors.Bank.crowd``: several listener voices
talking, summed, low-passed and echoed as far voices are, 15-30 dB below a visitor) heard
by the gallery's real voice trigger (Silero VAD).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import pytest

from voicepiece.gallery.consent import (
    OptedOut,
    VisitorEar,
    asks_not_to_be_recorded,
    opt_out_answer,
)
from voicepiece.gallery.options import Consent, Start
from voicepiece.gallery.triggers import VoiceTrigger
from voicepiece.listening.sources import PcmSource
from voicepiece.listening.vad import VoiceActivity
from voicepiece.session.events import Heard, Question
from voicepiece.story.model import Answer, ListenSettings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

OPT_OUTS = list(Consent().opt_out_phrases)
GREETING = "hello there"


# ── opt-outs in a transcript ─────────────────────────────────────────────────────────


@pytest.mark.parametrize("text", [
    *OPT_OUTS,
    "Don't record me.", "please stop recording", "Please, stop recordin.",
    "I'd rather not be recorded", "no recording please", "could you delete my recording",
    "turn the recording off", "can I opt out", "I do not want to be recorded, thanks",
    "stop the recording please", "erase the recording", "stop taping",
])
def test_an_opt_out_is_caught_however_it_is_said(text: str) -> None:
    assert asks_not_to_be_recorded(text)


@pytest.mark.parametrize("text", [
    "yes", "no", "completely", "I don't know", "not really", "is this being recorded?",
    "I have a record player", "the record was great", "I recorded a song once", "stop",
    "delete", "", None,
])
def test_a_mention_or_an_answer_is_not_an_opt_out(text: str | None) -> None:
    assert not asks_not_to_be_recorded(text)


class _Said:
    """An ear that hears one fixed thing: what a recognizer made of a visitor's words."""

    def __init__(self, heard: Heard) -> None:
        self.heard = heard

    def listen(self, question: Question) -> Heard:
        return self.heard


QUESTION = Question("here", (Answer(label="completely", meaning=None,
                                    phrases=("completely",), say=(), next=None),),
                    ListenSettings())


def test_an_open_transcript_opts_out_whatever_label_it_was_given() -> None:
    """The soak's miss: "don't record me" decided as another answer ("completely"); the
    open transcript still holds the visitor's words."""
    heard = Heard(text="don't record me", label="completely", own_words=True)
    with pytest.raises(OptedOut):
        VisitorEar(_Said(heard), OPT_OUTS).listen(QUESTION)


def test_a_grammar_phrase_is_not_read_as_the_visitors_words() -> None:
    heard = Heard(text="completely", label="completely", own_words=False)
    assert VisitorEar(_Said(heard), OPT_OUTS).listen(QUESTION).label == "completely"
    assert opt_out_answer(OPT_OUTS).label != "completely"


# ── the crowd ────────────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def bank():
    from soak_visitors import CROWD_TALK, GREETINGS, Bank

    from voicepiece.listening.listener_voices import listener_voice

    voices = [listener_voice(v) for v in ("flite:slt", "espeak-ng:en-gb+m3", "flite:rms")]
    return Bank({*CROWD_TALK, *GREETINGS[:1], OPT_OUTS[0], "yes"}, voices, seed=3)


@pytest.fixture(scope="module")
def detector() -> VoiceActivity:
    return VoiceActivity()


def test_a_crowd_across_the_room_starts_no_session(bank, detector: VoiceActivity) -> None:
    gate = Start().voice_min_dbfs
    for seed in range(4):
        crowd = bank.crowd(6.0, random.Random(seed))
        trigger = VoiceTrigger(lambda c=crowd: PcmSource(c), 0.5, detector, min_dbfs=gate)
        assert trigger.wait(5.5) is None, f"crowd {seed} started a session"


def test_without_the_level_gate_the_crowd_would_start_one(bank,
                                                          detector: VoiceActivity) -> None:
    """What the gate is for: the voice detector alone takes the murmur for a visitor."""
    started = 0
    for seed in range(4):
        crowd = bank.crowd(6.0, random.Random(seed))
        started += VoiceTrigger(lambda c=crowd: PcmSource(c), 0.5, detector).wait(5.5) is not None
    assert started >= 3


def test_a_visitor_at_the_station_still_starts_one(bank, detector: VoiceActivity) -> None:
    from soak_visitors import GREETINGS

    gate = Start().voice_min_dbfs
    for seed in range(3):
        hello = bank.turn(GREETINGS[0], random.Random(seed), after=1.0)
        trigger = VoiceTrigger(lambda h=hello: PcmSource(h), 0.5, detector, min_dbfs=gate)
        assert trigger.wait(3.0) is not None, f"hello {seed} was not heard"


def test_the_soak_counts_a_crowd_as_its_own_kind(bank, detector: VoiceActivity) -> None:
    """Through the soak's own arrivals: a crowd that starts nothing is a visitor settled
    with no session; one that starts a session (the gate and the detector's threshold
    turned off) is a false start of the kind ``crowd``."""
    from soak_edges import Arrivals
    from soak_run import Soak

    from voicepiece.gallery.seams import ManualClock

    args = argparse.Namespace(only="crowd", visitors=3, warm_up=1, every=50, seed=5)
    soak = Soak(args, Path("/nonexistent"))
    soak.config = argparse.Namespace(sessions_path=Path("/nonexistent"), start=Start())
    soak.bank, soak.vad, soak.clock = bank, detector, ManualClock()
    arrivals = Arrivals(soak)
    visitor = soak.next_visitor()
    assert visitor.kind == "crowd" and not visitor.key
    assert arrivals._crowd(visitor, 5.0) is None
    arrivals.trigger.min_dbfs = None  # no gate, and every frame taken for a voice:
    arrivals.trigger.threshold = 0.0  # a crowd that surely starts one, whatever the VAD
    started = arrivals._crowd(soak.next_visitor(), 5.0)
    assert started is not None
    assert dict(soak.by_kind["crowd"]) == {"visitors": 2, "false_starts": 1, "no_session": 1}
    assert soak.false_starts == 1 and soak.settled == 1 and soak.finished == 0


# ── the room, heard by the station ───────────────────────────────────────────────────


def _room_of(pcm: bytes, detector: VoiceActivity):
    from voicepiece.listening.calibration import hear_room

    return hear_room(PcmSource(pcm), detector)


def _heard(pcm: bytes, tuning, detector: VoiceActivity):
    """Where the ear, tuned so, took an answer in ``pcm`` to end (its endpoint)."""
    from tests.test_ear import Judge, question
    from voicepiece.listening.ear import ListeningEar

    ear = ListeningEar(lambda: PcmSource(pcm), Judge(), detector,  # type: ignore[arg-type]
                       tuning=tuning)
    ear.listen(question(ListenSettings(timeout=5.0, max_answer=8.0)))
    assert ear.last_endpoint is not None
    return ear.last_endpoint


def test_the_station_hears_the_room_at_opening_and_after_every_visitor(
        tmp_path: Path, bank, detector: VoiceActivity) -> None:
    """Through the real loop (fakes at its edges): the room is heard before the first
    visitor and at the end of each cool-down — after the goodbye, never during it — each
    time in a journal line, and each visitor's ear gets the tuning last heard: a crowd's
    gate in the afternoon, none once the room is quiet again."""
    from tests.test_gallery import rig, visitor
    from voicepiece.gallery.room import RoomHearing
    from voicepiece.testing import ScriptedEar

    rooms = [bank.crowd(1.5, random.Random(1), -38.0), bank.room_noise(1.5, random.Random(2)),
             bank.room_noise(1.5, random.Random(3))]
    said_before: list[str] = []

    def measure():
        said_before.append(r.voice.said[-1] if r.voice.said else "")
        return _room_of(rooms.pop(0), detector)

    room = RoomHearing(measure)
    gates: list[float | None] = []

    def ear(trigger):
        gates.append(room.tuning.min_level_dbfs)
        return ScriptedEar(trigger.visitor)

    r = rig(tmp_path, [visitor("yes"), visitor("no")], seams={"room": room, "ear": ear})
    r.run()
    heard = r.journal("calibration")
    assert [line["when"] for line in heard] == ["opening", "cool_down", "cool_down"]
    assert all(line["taken"] for line in heard)
    assert heard[0]["gate_dbfs"] is not None and heard[0]["speech_p90"] > 0.2
    assert heard[1]["gate_dbfs"] is None and heard[1]["level_dbfs"] < -50
    assert gates == [heard[0]["gate_dbfs"], None]
    assert said_before[1:] == ["Thank you for listening."] * 2  # after the goodbye
    assert not rooms


def test_talk_at_the_station_or_a_loud_burst_never_deafens_the_ear(
        bank, detector: VoiceActivity) -> None:
    """A station whose start gate is set lower (-34 dBFS): its ear's gate never rises above
    it. A voice at a visitor's level while the room is heard (the last visitor still
    talking) or a burst of loud talk is not taken for the room — the ear keeps the gate it
    had — and after them a visitor answering in the crowd is heard, whole and on time."""
    from voicepiece.gallery.room import RoomHearing

    ceiling = Start().voice_min_dbfs - 4
    rooms = [bank.crowd(1.5, random.Random(4), -40.0),
             bank.turn(GREETING, random.Random(5), after=0.3),  # -17 to -24 dBFS
             bank.crowd(1.5, random.Random(6), -26.0)]
    room = RoomHearing(lambda: _room_of(rooms.pop(0), detector), ceiling)
    first = room.calibrate("opening")
    assert first["taken"] and first["gate_dbfs"] is not None and first["gate_dbfs"] <= ceiling
    for _ in range(2):
        assert not room.calibrate("cool_down")["taken"]
        assert room.tuning.min_level_dbfs == first["gate_dbfs"]
    answer = bank.in_crowd(bank.turn("yes", random.Random(7), after=2.5), -40.0,
                           random.Random(8))
    ended = _heard(answer, room.tuning, detector)
    assert ended.heard_speech and ended.speech_start < 0.7
    assert bank.speech_end - 0.15 <= ended.speech_end and ended.at < bank.speech_end + 2.0


def test_the_opt_out_is_heard_after_the_station_heard_a_noisy_room(
        bank, detector: VoiceActivity) -> None:
    """Calibrated in a crowd talking nearby, the ear — a real recognizer's grammar, the
    visitor's opt-out offered at the question — still hears "stop recording" said in it."""
    from voicepiece.gallery.room import RoomHearing
    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.recognizer import SphinxRecognizer

    room = RoomHearing(lambda: _room_of(bank.crowd(1.5, random.Random(9), -36.0), detector))
    assert room.calibrate("opening")["gate_dbfs"] is not None
    said = bank.in_crowd(bank.turn(OPT_OUTS[0], random.Random(10), after=2.5), -36.0,
                         random.Random(11))
    ear = ListeningEar(lambda: PcmSource(said), SphinxRecognizer(), detector,
                       tuning=room.tuning)
    with pytest.raises(OptedOut):
        VisitorEar(ear, OPT_OUTS).listen(QUESTION)


def test_the_soak_counts_a_visit_in_a_crowd_as_its_own_kind() -> None:
    """What the station took at each answer of a visitor answering in a crowd — right,
    wrong or not understood — and whether it stopped listening before they finished or
    long after, counted under ``visit_in_crowd``."""
    from soak_edges import IN_CROWD, SoakEar, Understanding
    from soak_run import Soak
    from soak_visitors import draw

    from voicepiece.listening.endpoint import Endpoint
    from voicepiece.session.events import Turn, TurnTaken

    args = argparse.Namespace(only=IN_CROWD, visitors=2, warm_up=1, every=50, seed=5)
    soak = Soak(args, Path("/nonexistent"))
    soak.config = argparse.Namespace(sessions_path=Path("/nonexistent"), start=Start())
    visitor = soak.next_visitor()
    assert visitor.kind == IN_CROWD and -44 <= visitor.crowd_dbfs <= -36
    assert draw(random.Random(1), IN_CROWD).kind == IN_CROWD
    understood = Understanding(soak, visitor)
    for node, meant, taken in (("a", "yes", "yes"), ("b", "no", "yes"), ("c", "no", "unclear")):
        visitor.meant[node] = meant
        understood.on_event(TurnTaken(Turn(node, "answer", (), "x", taken, 1.0, None, None,
                                           None)))
    ear = SoakEar.__new__(SoakEar)
    ear.soak = soak
    for at in (1.0, 2.1, 4.5):  # the answer ended at 2.0 s
        ear.ear = argparse.Namespace(last_endpoint=Endpoint("end_of_speech", 0.4, at, at))
        ear._timed(2.0)
    tally = soak.by_kind[IN_CROWD]
    assert {k: tally[k] for k in ("visitors", "answers", "right", "wrong_taken",
                                  "not_understood", "turns_spoken", "turns_cut",
                                  "turns_ended_late")} == {
        "visitors": 1, "answers": 3, "right": 1, "wrong_taken": 1, "not_understood": 1,
        "turns_spoken": 3, "turns_cut": 1, "turns_ended_late": 1}

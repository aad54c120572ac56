"""The gallery hears right: a crowd across the room starts no session, a visitor at the
station does; an opt-out is caught in a transcript however it is phrased; and the soak
counts the crowd as its own kind.

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
    return Bank({*CROWD_TALK, *GREETINGS[:1]}, voices, seed=3)


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

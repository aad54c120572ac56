"""The session loop with fakes at the audio edges: confirmation, interruption, events."""

from __future__ import annotations

import json
from pathlib import Path

from voicepiece.archive.transcript import SessionJson
from voicepiece.session.events import Heard, LineSpoken, SessionEnded, TurnTaken
from voicepiece.session.loop import Session
from voicepiece.story.loader import load_piece
from voicepiece.testing import EventLog, KeptVoice, ScriptedEar

TEA = Path(__file__).parent / "pieces" / "tea"


def unsure_yes(text: str = "yes", nearly_sure: bool = False) -> Heard:
    return Heard(text=text, label="yes", confidence=0.6, confirm=True, nearly_sure=nearly_sure)


def run(replies, observers=()):
    voice = KeptVoice()
    outcome = Session(load_piece(TEA), voice, ScriptedEar(replies), observers).run()
    return outcome, voice


def test_silence_after_a_confirmation_is_consent_when_the_ear_was_nearly_sure() -> None:
    outcome, voice = run([unsure_yes("yes please", nearly_sure=True), None])
    assert [(t.kind, t.answer, t.confirms) for t in outcome.turns] == [
        ("answer", "yes", None), ("confirm", "silence", "yes")]
    assert "Yes? Did I hear you right?" in voice.said  # a grammar phrase: not their words
    assert outcome.path[1] == "close" and outcome.ending == "warm"


def test_silence_proves_nothing_after_a_doubtful_guess_so_the_check_is_asked_again() -> None:
    outcome, voice = run([unsure_yes("possibly"), None, "yes"])
    assert [(t.kind, t.answer) for t in outcome.turns] == [
        ("answer", "yes"), ("confirm", "silence"), ("confirm", "yes")]
    assert voice.said.count("Yes? Did I hear you right?") == 2
    assert outcome.ending == "warm"


def test_silence_twice_after_a_doubtful_guess_leaves_the_answer_unclear() -> None:
    outcome, voice = run([unsure_yes("possibly"), None, None, "coffee"])
    assert [(t.kind, t.answer) for t in outcome.turns] == [
        ("answer", "yes"), ("confirm", "silence"), ("confirm", "silence"),
        ("answer", "coffee")]
    assert "I didn't quite catch that." in voice.said  # the point's unclear reprompt
    assert outcome.path[:2] == ("ask", "coffee")


def test_a_correction_makes_the_point_ask_again() -> None:
    outcome, _ = run([unsure_yes(), "no", "coffee"])
    kinds = [(t.kind, t.answer) for t in outcome.turns]
    assert kinds == [("answer", "yes"), ("confirm", "no"), ("answer", "coffee")]
    assert outcome.path[:2] == ("ask", "coffee")


def test_a_confirmed_answer_goes_on() -> None:
    outcome, _ = run([unsure_yes(), "yes"])
    assert outcome.turns[1].confirms == "yes" and outcome.turns[1].answer == "yes"
    assert outcome.ending == "warm"


def test_a_recognizer_that_rejects_speech_makes_it_unclear() -> None:
    outcome, voice = run([Heard(text="banana", label="unclear", confidence=0.2), "yes"])
    assert [t.answer for t in outcome.turns] == ["unclear", "yes"]
    assert "I didn't quite catch that." in voice.said


def test_ctrl_c_ends_cleanly_and_the_record_says_incomplete(tmp_path: Path) -> None:
    class LeavingEar(ScriptedEar):
        def listen(self, question):
            if len(self.questions) == 1:
                raise KeyboardInterrupt
            return super().listen(question)

    log = EventLog()
    folder = tmp_path / "s"
    outcome = Session(load_piece(TEA), KeptVoice(), LeavingEar(["silence"]),
                      [log, SessionJson(folder)]).run()
    assert outcome.interrupted and not outcome.completed
    record = json.loads((folder / "session.json").read_text())
    assert record["completed"] is False
    assert len(record["turns"]) == 1
    assert log.of(SessionEnded)[0].completed is False


def test_observers_hear_lines_before_turns_and_the_end_last() -> None:
    log = EventLog()
    run(["no"], [log])
    kinds = [type(e).__name__ for e in log.events]
    assert kinds[0] == "SessionStarted" and kinds[-1] == "SessionEnded"
    first_turn = kinds.index("TurnTaken")
    assert "LineSpoken" in kinds[:first_turn]
    assert isinstance(log.of(TurnTaken)[0].turn.answer, str)
    assert all(e.at is None for e in log.of(LineSpoken)[1:])  # text mode has no timeline

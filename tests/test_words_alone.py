"""A live decision needs no grammar decode where Whisper's words decide it whatever the
grammar heard (words_read.off_list_alone): sure words that answer nothing, ask nothing
back and share no word with the piece's own phrasings are off-list speech. The decision is
the one the grammar's find would have given, for every find it could have made; a turn
ended by the incomplete silence no longer decodes its whole window for it (issue 13,
fifteenth pass)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from voicepiece.listening.base import ACCEPT, CONFIRM, REJECT, Recognition
from voicepiece.listening.combined import CombinedRecognizer, combine
from voicepiece.listening.grammar import grammar_for
from voicepiece.listening.whisper_model import WhisperWords
from voicepiece.listening.words_read import NOT_DECODED, off_list_alone
from voicepiece.story.loader import load_piece


def _words(text: str, confidence: float = 0.9, least: float = 0.8) -> WhisperWords:
    return WhisperWords(text, confidence, 0.05, 0.1, least)


@pytest.fixture(scope="module")
def friendship() -> tuple:
    """A point with the piece's own answers (slowing down, opening up, listening)."""
    node = next(n for n in load_piece("her").listening_points() if n.name == "friendship")
    assert node.listen is not None
    return tuple(node.listen.answers)


def _every_find(choices: tuple) -> list[Recognition]:
    """Every recognition the grammar could hand the decision: each of its phrases in each
    zone, and nothing at all."""
    finds = [Recognition(None, None, 0.0, REJECT)]
    for phrase, label in grammar_for(choices).labels.items():
        finds += [Recognition(phrase, label, score, zone)
                  for score, zone in ((0.9, ACCEPT), (0.5, CONFIRM), (0.1, REJECT))]
    return finds


@pytest.mark.parametrize("point", ["yes_no", "friendship"])
@pytest.mark.parametrize("text", ["The weather is nice today.", "What time is it?",
                                  "Noah built an ark.", "Banana."])
def test_sure_off_list_words_decide_as_every_grammar_find_would(
        point: str, text: str, request: pytest.FixtureRequest) -> None:
    choices = request.getfixturevalue(point)
    words = _words(text)
    alone = off_list_alone(words, choices)
    assert alone is not None and alone.label is None and alone.zone == REJECT
    for grammar in _every_find(choices):
        decided = combine(grammar, words, choices)
        assert (decided.recognition, decided.how) == (alone, "off-list words"), grammar


@pytest.mark.parametrize(("text", "confidence"), [
    ("Slowing right now.", 0.9),    # a word of "slowing right down": the grammar's find counts
    ("My phone is almost dead.", 0.9),  # "phone", as in "put the phone away"
    ("Sorry, what was that?", 0.9),  # a question back: whether it shares the grammar's words
    ("The weather is nice today.", 0.2),  # too unsure to overrule the grammar
    ("By listening.", 0.9),          # an answer
])
def test_words_the_grammar_could_change_are_left_to_it(friendship: tuple, text: str,
                                                       confidence: float) -> None:
    assert off_list_alone(_words(text, confidence), friendship) is None


class _Whisper:
    def __init__(self, text: str, takes: float) -> None:
        self.text, self.takes = text, takes

    def transcribe(self, audio: bytes) -> WhisperWords:
        time.sleep(self.takes)
        return _words(self.text)


def _ear(text: str, realtime: bool, takes: float = 0.0
         ) -> tuple[CombinedRecognizer, list[bytes]]:
    ear = CombinedRecognizer(use_whisper=False)
    ear.whisper = _Whisper(text, takes)  # type: ignore[assignment]
    ear.pace(realtime)
    decoded: list[bytes] = []
    recognize = ear.grammar.recognize

    def counted(audio: bytes, choices: Any) -> Recognition:
        decoded.append(audio)
        return recognize(audio, choices)

    ear.grammar.recognize = counted  # type: ignore[method-assign]
    return ear, decoded


def _transcribed(ear: CombinedRecognizer, audio: bytes) -> None:
    future = ear.transcript(audio)
    assert future is not None
    future.result(5.0)
    time.sleep(0.05)  # its callbacks


AUDIO = bytes(range(256)) * 40  # not silence: its decode would find nothing, but costs one


def test_a_live_decision_on_sure_off_list_words_decodes_no_grammar(yes_no: tuple) -> None:
    ear, decoded = _ear("The weather is nice today.", realtime=True)
    ear.grammar.forget()
    _transcribed(ear, AUDIO)
    found = ear.recognize(AUDIO, yes_no)
    assert decoded == []
    assert ear.last is not None and ear.last.grammar is NOT_DECODED
    assert (found.label, found.zone, found.text) == (None, REJECT, "The weather is nice today.")


def test_off_line_and_where_an_analysis_is_remembered_the_grammar_decides_as_before(
        yes_no: tuple) -> None:
    ear, decoded = _ear("The weather is nice today.", realtime=False)
    ear.grammar.forget()
    _transcribed(ear, AUDIO)
    offline = ear.recognize(AUDIO, yes_no)
    assert decoded == [AUDIO]  # nobody waits: the benches' records keep the grammar's find
    ear.pace(True)
    live = ear.recognize(AUDIO, yes_no)  # the analysis is remembered: it costs nothing
    assert decoded == [AUDIO, AUDIO] and live == offline
    assert ear.last is not None and ear.last.grammar is not NOT_DECODED


def test_words_not_there_yet_leave_the_grammar_to_decide_as_before(yes_no: tuple) -> None:
    ear, decoded = _ear("The weather is nice today.", realtime=True, takes=0.3)
    ear.grammar.forget()
    found = ear.recognize(AUDIO, yes_no)  # the transcript begins here: not done when asked
    assert decoded == [AUDIO]
    assert found.zone == REJECT and ear.last is not None and ear.last.words is not None

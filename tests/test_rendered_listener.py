"""A render's scripted listener answers confirmations as a truthful person would, so a
reply script stays in step with the piece's questions."""

from __future__ import annotations

import pytest

from voicepiece.listening.listener_voices import LISTENER_VOICES
from voicepiece.listening.replies import RenderedListener, confirmations, prepared_replies
from voicepiece.session.events import CONFIRMATION_TURN, Question
from voicepiece.story.loader import load_piece
from voicepiece.story.model import ListenSettings


@pytest.fixture(scope="module")
def yes_no_point() -> Question:
    node = next(n for n in load_piece("her").listening_points() if n.name == "true_love")
    assert node.listen is not None
    return Question(node.name, node.listen.answers, node.listen.settings)


def listener(*replies: str) -> RenderedListener:
    voice = LISTENER_VOICES[0]
    return RenderedListener(prepared_replies(replies, voice), None,  # type: ignore[arg-type]
                            confirmations(voice))


def check(point: Question, label: str) -> Question:
    return Question(point.node, (), ListenSettings(), kind=CONFIRMATION_TURN, confirms=label)


def test_a_confirmation_of_what_was_meant_is_a_spoken_yes(yes_no_point: Question) -> None:
    ear = listener("I don't know", "of course")
    reply = ear.replies[0].pcm
    assert ear.says(yes_no_point) == reply
    assert ear.says(check(yes_no_point, "unsure")) == ear.answers.yes  # type: ignore[union-attr]
    assert ear.left_over == ["of course"]


def test_a_wrong_guess_is_refused_and_the_answer_repeated_once(yes_no_point: Question) -> None:
    ear = listener("I don't know", "of course")
    said = ear.says(yes_no_point)
    assert ear.says(check(yes_no_point, "no")) == ear.answers.no  # type: ignore[union-attr]
    assert ear.says(yes_no_point) == said, "the re-asked question hears the same reply"
    assert ear.says(check(yes_no_point, "no")) == ear.answers.no  # type: ignore[union-attr]
    assert ear.says(yes_no_point) != said, "a person repeats themselves once, then moves on"
    assert ear.left_over == []


def test_a_reply_with_no_known_words_consents_by_silence(yes_no_point: Question) -> None:
    ear = listener("silence")
    assert ear.says(yes_no_point) == b""
    assert ear.says(check(yes_no_point, "yes")) == b""


def test_a_two_way_check_is_answered_with_the_answer_meant_if_offered() -> None:
    from voicepiece.session.confirming import either_choices
    from voicepiece.session.deciding import Decision

    node = load_piece("her").nodes["friendship"]
    listen = node.listen
    assert listen is not None
    point = Question(node.name, listen.answers, listen.settings)
    ear = listener("by being open with them", "by slowing down")
    ear.says(point)
    both = Question(point.node, either_choices(listen, Decision("listen", 0.6, True,
                                                                rival="open_up")),
                    ListenSettings(), kind=CONFIRMATION_TURN, confirms="listen")
    named = ear.says(both)
    assert named not in (b"", ear.answers.yes, ear.answers.no)  # type: ignore[union-attr]
    ear.says(point)
    assert ear.says(both) == ear.answers.no  # type: ignore[union-attr]

"""A piece's own answer in other words, or an open answer: where a listening point takes
open answers, a loose reading by meaning stands only when its gist — the words that carry
content, without the sentence's frame — bears it out (meaning.gist_lead, GIST_MARGIN)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from tests import test_deciding
from voicepiece.session.deciding import decide_turn
from voicepiece.session.events import Heard
from voicepiece.story.meaning import GIST_MARGIN, OPEN_MARGIN, examples_for, gist, gist_lead
from voicepiece.story.model import OPEN, UNCLEAR, Answer
from voicepiece.story.wording import normalize

model = test_deciding.model  # the same fixtures (the sentence model, her) and asker
her = test_deciding.her
ask = test_deciding.ask


def typed(text: str) -> Heard:
    return Heard(text=text, own_words=True)


def test_a_gist_keeps_the_words_that_carry_content() -> None:
    assert gist("It comes from the people who love us.") == "comes people love"
    assert gist("um, by slowing down") == "slowing down"  # a phrase's particle stays
    assert gist("not from within") == "not within"  # and so does a negation
    assert gist("it is") == "it is"  # all grammar: the words themselves


class _SharedWords:
    """A stand-in sentence model: the share of words two texts have in common."""

    def similarities(self, text: str, examples: Sequence[str]) -> list[float]:
        said = set(normalize(text).split())
        return [len(said & set(e.split())) / len(said | set(e.split()) or {""})
                for e in examples]


def test_the_frame_a_reply_shares_with_an_answer_gives_it_no_lead() -> None:
    choices = (Answer(label="within", meaning=None, phrases=("from within", "inside us"),
                      say=(), next=None),
               Answer(label="another", meaning=None, phrases=("from someone else",
                                                               "from other people"),
                      say=(), next=None))
    model = _SharedWords()
    assert gist_lead("from god", "another", choices, model) == pytest.approx(0.0)
    assert gist_lead("from some other people", "another", choices, model) > GIST_MARGIN
    assert gist_lead("from some other people", "within", choices, model) < 0


def test_an_own_answer_in_other_words_is_its_meaning_not_an_open_answer(her, model) -> None:
    """Tuning answers whose reading by meaning leads by less than OPEN_MARGIN, yet whose
    gist is clear: they were received as open answers before."""
    for point, text, label in (("source", "it comes from the ones who love us", "another"),
                               ("friendship", "making more time for them", "slow_down"),
                               ("friendship", "being honest with them", "open_up")):
        question, listen, asked = ask(her, point)
        assert decide_turn(typed(text), question, listen, model, asked).label == label, text


def test_an_answer_that_only_shares_the_frame_stays_open(her, model) -> None:
    """"from god" lies nearest "from loved ones" by its "from": an open answer."""
    question, listen, asked = ask(her, "source")
    for text in ("from god", "from nature", "from the universe", "from a higher power"):
        assert decide_turn(typed(text), question, listen, model, asked).label == OPEN, text
    assert gist_lead("from god", "another", question.choices, model) < GIST_MARGIN < OPEN_MARGIN


def test_the_gists_are_embedded_ahead_with_the_examples(her) -> None:
    """A session embeds every example before its first turn (assembly/ears.meaning_model),
    so the second reading waits only for the listener's words."""
    question, _, _ = ask(her, "source")
    ahead = examples_for(question.choices)
    assert {"from loved ones", "loved ones", "from within", "within"} <= set(ahead)


def test_without_a_model_a_loose_reading_stays_open(her) -> None:
    """No sentence model: the rules alone decide, and words they find no answer in are an
    open answer where the point takes them."""
    question, listen, asked = ask(her, "source")
    assert decide_turn(typed("it comes from the ones who love us"), question, listen, None,
                       asked).label == OPEN


def test_a_loose_spoken_reading_is_checked_a_typed_one_is_received_as_open(her, model
                                                                           ) -> None:
    """Spoken words read loosely as one of the piece's own answers are checked with the
    listener (deciding.CONFIRM_LOOSE): a wrong reading costs a question, never a branch.
    Typed words have no check, so the same loose reading is an open answer."""
    question, listen, asked = ask(her, "source")
    text = "from music and art"
    assert decide_turn(typed(text), question, listen, model, asked).label == OPEN
    spoken = decide_turn(Heard(text=text, label=UNCLEAR, own_words=True), question, listen,
                         model, asked)
    assert spoken.label == "another" and spoken.confirm and spoken.refused == OPEN


def test_a_no_to_the_check_of_a_loose_reading_receives_the_words_as_open(her, model) -> None:
    """The listener said something of their own, just not that answer: "no" to the check
    receives it as an open answer instead of asking the whole question again, and the
    words, disowned by the "no", are not said back."""
    from voicepiece.session.loop import Session
    from voicepiece.testing import KeptVoice, ScriptedEar

    said = Heard(text="from music and art", label=UNCLEAR, confidence=0.8, own_words=True)
    voice = KeptVoice()
    outcome = Session(her, voice, ScriptedEar([said, "no"]), start="source",
                      meanings=model).run()
    assert [(t.kind, t.answer) for t in outcome.turns[:2]] == [("answer", "another"),
                                                               ("confirm", "no")]
    assert outcome.path[1] != "source"  # not asked again: received, and the piece goes on
    check = next(i for i, line in enumerate(voice.ids)  # a yes/no or two-way check
                 if line in ("listening.confirm", "listening.either"))
    assert "Mm. I hadn't thought of it quite like that." in voice.said[check + 1:]
    assert not any("music and art" in line for line in voice.said[check + 1:])


def test_her_own_meanings_in_words_of_an_accented_development_set(her, model) -> None:
    """Fit-half phrasings of scripts/bench_meanings_accented_phrases.py, typed: each says
    an answer's meaning in words none of its examples holds."""
    for point, text, label in (("source", "we are born with it", "within"),
                               ("friendship", "leaving the laptop closed for an evening",
                                "slow_down"),
                               ("entangled", "it just needs other people's blessing",
                                "acceptable"),
                               ("combustion", "it lives in the link of lovers", "between")):
        question, listen, asked = ask(her, point)
        assert decide_turn(typed(text), question, listen, model, asked).label == label, text

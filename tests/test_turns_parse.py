"""The light parse of a transcript's last clause (issue 13, item 6): a word that still wants
its verb, subject, noun or object keeps the turn open at any point, whatever the phrasing,
and complete answers ending on the same kinds of words still end it. Typed transcripts,
read as the ear reads Whisper's words at a pause."""

from __future__ import annotations

import pytest

from tests.her_points import choices as _choices
from voicepiece.listening.clause_parse import wants_more
from voicepiece.listening.turn_reading import SENTENCE, TRAILS_OFF, WHOLE, reading
from voicepiece.listening.turns import Verdict, read_with

WAITING = [
    # a verb group without its main verb
    "A true friend will always.", "Parents should never.", "She does not really.",
    "We have always.", "You need to really.", "Honestly, I think they really.",
    # a subordinator and its subject, no verb yet
    "Because you.", "It grows when people.", "It depends on how their families.",
    "No, unless it.", "Yes, although her.",
    # a determiner or a possessive without its noun
    "It needs every.", "Something inside each.", "It comes down to his.",
    # a preposition without its object
    "You find out by talking about.", "Nobody grows up without.", "Mostly by.",
    # a transitive verb without its object
    "I think she really wanted.", "A friendship needs.", "He never gives.",
    "You have got.", "It only works if somebody brings.", "I feel that it needs.",
    # a verb of thinking alone
    "I suppose.", "Hmm, I guess.", "Well, I imagine.",
]
ENDING = [
    # an ellipsis after its subject
    "I think I would.", "Maybe it could.", "I really do.", "No, he never has.",
    "Yes, she really does.", "I would not.", "I would too.", "They might.",
    # an adverb an ellipsis may end on
    "I do, actually.", "Yes, I do sometimes.", "I have already.",
    # an object taken before: a question word, a relative, "nothing to"
    "I don't know what to think about.", "It's what she always wanted.", "All you need.",
    "Whatever it takes.", "I have nothing to give.", "That's all it's about.",
    "If you want.", "As much as they need.",
    # the word is whole in its place
    "Yes, I suppose.", "I think so.", "Because of you.", "Few, if any.", "It takes two.",
    "He needs her.", "Because I love her.", "I could do without.", "It's close by.",
    "The choice is his.", "I talk to her.", "Only if someone else is there.",
]


@pytest.mark.parametrize("text", WAITING)
def test_a_word_still_wanting_its_partner_keeps_the_clause_open(text: str) -> None:
    assert wants_more(text)


@pytest.mark.parametrize("text", ENDING)
def test_complete_answers_ending_on_the_same_kinds_of_words_do_not_wait(text: str) -> None:
    assert not wants_more(text)


@pytest.mark.parametrize("point", ["friendship", "source", "she_listens", "is_he_alone"])
@pytest.mark.parametrize("text", ["Honestly, a good friend should never.",
                                  "Mainly because they.", "I'd say it's about his.",
                                  "He really wanted."])
def test_the_turn_waits_on_an_open_clause_at_any_point(point: str, text: str) -> None:
    assert reading(text, _choices(point)) == TRAILS_OFF


@pytest.mark.parametrize(("text", "point"), [
    ("I really do.", "true_love"), ("Yes, I suppose.", "she_listens"),
    ("No, he never has.", "is_he_alone"), ("It's what she always wanted.", "true_love"),
    ("It takes two.", "combustion"), ("By giving them time.", "friendship"),
])
def test_complete_answers_still_end_the_turn(text: str, point: str) -> None:
    """Whole, or a sentence answering nothing there ("It's what she always wanted." at a
    yes/no point): either way the short silences, not the hesitation one."""
    assert reading(text, _choices(point)) in (WHOLE, SENTENCE)


@pytest.mark.parametrize("point", ["source", "she_listens"])
def test_a_thought_alone_waits_even_where_it_is_an_answers_phrasing(point: str) -> None:
    """"I suppose" is one of unsure's phrasings, offered everywhere: alone it still waits
    for the thought (1.5 s for a listener who meant it), while with an answer around it
    the turn ends."""
    assert reading("I suppose.", _choices(point)) == TRAILS_OFF
    assert reading("Hmm, I guess.", _choices(point)) == TRAILS_OFF
    assert reading("Yes, I suppose.", _choices(point)) != TRAILS_OFF
    assert reading("I guess so.", _choices(point)) == WHOLE


def test_a_thought_alone_waits_though_the_grammar_heard_the_same_words_whole() -> None:
    """The grammar hears "I suppose" as unsure's phrasing, whole, and Whisper wrote the same
    words: a transcript that only ends as the grammar heard it otherwise keeps the
    grammar's whole answer ("Sword of" for "sort of"), but a thought alone still waits."""
    grammar = Verdict(True, False, None, "i suppose")
    assert read_with(grammar, "I suppose.", _choices("source")).hesitating
    assert read_with(Verdict(True, False, None, "i guess so"), "I guess so.",
                     _choices("she_listens")).whole

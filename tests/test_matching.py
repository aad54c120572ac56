"""How listeners' words become answer labels: phrasings, negations, conflicts and slips."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from voicepiece.story.matching import Match, match_answer
from voicepiece.story.phrases import BUILTIN_MEANINGS, phrases_for
from voicepiece.story.wording import normalize


@dataclass(frozen=True)
class Choice:
    label: str
    meaning: str | None = None
    phrases: tuple[str, ...] = ()


YES = Choice("yes", "yes")
NO = Choice("no", "no")
UNSURE = Choice("unsure", "unsure")
YES_NO_UNSURE = (YES, NO, UNSURE)
YES_NO = (YES, NO)

ALONE = Choice("alone", None, ("alone", "by itself", "isolated", "on its own", "inside"))
BETWEEN = Choice(
    "between", None, ("between", "together", "between two", "both", "combustion", "with someone")
)
ALONE_BETWEEN = (ALONE, BETWEEN)


def label(text: str | None, choices=YES_NO_UNSURE) -> str | None:
    return match_answer(text, choices).label


YES_SAYINGS = [
    "yes", "Yes.", "YES!", "yeah", "yep", "yup", "sure", "of course", "absolutely",
    "definitely", "certainly", "I think so", "I guess so", "I suppose so", "I believe so",
    "that's right", "That’s true.", "it is", "I do", "true", "correct", "exactly",
    "of course it is", "yes, I do", "well, yes, I think it is", "well yes I think it is",
    "yeah, definitely", "I'd say so", "uh-huh", "mm-hmm", "okay", "probably",
    "without a doubt", "I have no doubt, yes", "I'm sure", "I totally agree", "sure, why not",
    "I do, I think", "pretty much", "you bet",
]

NO_SAYINGS = [
    "no", "No.", "nope", "nah", "never", "no way", "not really", "not at all",
    "I don't think so", "I don’t think so", "I do not think so", "of course not",
    "absolutely not", "definitely not", "not true", "that's not true", "that is not correct",
    "I do not think it is", "I don't think it is", "it isn't", "it's not", "I don't",
    "I'm not", "false", "wrong", "hardly", "probably not", "No, not at all.",
    "Not really, no.", "nope, never", "I would not say so", "I think not", "not very",
    "I don't agree", "most likely not", "not a lot", "I doubt it", "it doesnt",
]

UNSURE_SAYINGS = [
    "I don't know", "I do not know", "i dont know", "I dunno", "not sure", "I'm not sure",
    "I’m not sure", "I'm not so sure", "I am not really that sure", "I am not certain",
    "maybe", "perhaps", "possibly", "hard to say", "who knows", "it depends", "sort of",
    "kind of", "kinda", "a bit of both", "yes and no", "I can't say", "I have no idea",
    "no idea", "I really don't know", "I don't know if it is", "maybe not",
    "yes I think so but I'm not sure", "I guess", "somewhat", "I'm torn",
]


@pytest.mark.parametrize("text", YES_SAYINGS)
def test_yes_phrasings(text: str) -> None:
    assert label(text) == "yes"


@pytest.mark.parametrize("text", NO_SAYINGS)
def test_no_phrasings_and_negated_yes(text: str) -> None:
    assert label(text) == "no"


@pytest.mark.parametrize("text", UNSURE_SAYINGS)
def test_unsure_phrasings(text: str) -> None:
    assert label(text) == "unsure"


def test_the_sayings_are_many_and_distinct() -> None:
    sayings = YES_SAYINGS + NO_SAYINGS + UNSURE_SAYINGS
    assert len(set(sayings)) == len(sayings) >= 60


@pytest.mark.parametrize("text", ["yes", "nope", "I don't know", "of course not"])
def test_an_exact_phrase_is_fully_confident(text: str) -> None:
    assert match_answer(text, YES_NO_UNSURE).confidence == 1.0


def test_a_phrase_inside_a_longer_utterance_is_less_confident() -> None:
    match = match_answer("well, yes, in the end", YES_NO_UNSURE)
    assert match.label == "yes"
    assert 0.75 <= match.confidence < 1.0


def test_the_match_names_the_phrase_that_decided() -> None:
    assert match_answer("Of course not!", YES_NO_UNSURE) == Match("no", 1.0, "of course not")
    assert match_answer("Not sure.", YES_NO_UNSURE).phrase == "not sure"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("not sure", "unsure"),
        ("sure", "yes"),
        ("I don't know", "unsure"),
        ("no", "no"),
        ("of course not", "no"),
        ("of course", "yes"),
        ("yes and no", "unsure"),
        ("no doubt", "yes"),
        ("no idea", "unsure"),
    ],
)
def test_the_longer_phrase_wins_over_the_phrase_inside_it(text: str, expected: str) -> None:
    assert label(text) == expected


@pytest.mark.parametrize("text", ["yes, no", "yes no", "of course, never", "no, yes"])
def test_yes_with_no_is_unsure_when_unsure_is_offered(text: str) -> None:
    match = match_answer(text, YES_NO_UNSURE)
    assert match.label == "unsure"
    assert match.confidence < 1.0


@pytest.mark.parametrize("text", ["yes, no", "yes and no", "maybe yes", "I'm not sure, but yes"])
def test_yes_with_no_or_a_hedge_is_no_match_without_unsure(text: str) -> None:
    assert label(text, YES_NO) is None


@pytest.mark.parametrize("text", ["I don't know", "not sure", "I have no idea", "maybe"])
def test_only_offered_labels_are_returned(text: str) -> None:
    assert match_answer(text, YES_NO) == Match(None, 0.0, None)


def test_i_dont_know_is_never_no() -> None:
    assert label("I don't know", YES_NO) != "no"
    assert label("I'm not sure", (NO,)) is None


@pytest.mark.parametrize("text", ["yes", "no", "I don't know"])
def test_meanings_are_ignored_when_no_choice_has_one(text: str) -> None:
    assert label(text, ALONE_BETWEEN) is None


def test_a_choice_with_a_meaning_answers_with_its_own_label() -> None:
    choices = (Choice("agree", "yes"), Choice("disagree", "no"), Choice("torn", "unsure"))
    assert label("yeah, of course", choices) == "agree"
    assert label("not really", choices) == "disagree"
    assert label("not true", choices) == "disagree"
    assert label("hard to say", choices) == "torn"
    assert label("yes, no", choices) == "torn"


def test_a_meaning_and_own_phrases_together() -> None:
    choices = (Choice("yes", "yes", ("I feel it",)), NO)
    assert label("I feel it", choices) == "yes"
    assert label("yep", choices) == "yes"


def test_a_pieces_own_phrase_outranks_a_builtin_one() -> None:
    choices = (YES, NO, UNSURE, Choice("both", None, ("a bit of both",)))
    assert label("a bit of both", choices) == "both"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("alone", "alone"),
        ("Alone.", "alone"),
        ("by itself", "alone"),
        ("I feel isolated", "alone"),
        ("on its own", "alone"),
        ("inside, I think", "alone"),
        ("it is alone", "alone"),
        ("between", "between"),
        ("together", "between"),
        ("both of them together", "between"),
        ("with someone", "between"),
        ("combustion", "between"),
        ("between two people", "between"),
    ],
)
def test_custom_labels(text: str, expected: str) -> None:
    assert label(text, ALONE_BETWEEN) == expected


@pytest.mark.parametrize(
    "text", ["not alone", "never alone", "I am not alone", "hardly ever alone", "not isolated"]
)
def test_a_negated_custom_phrase_counts_for_nothing(text: str) -> None:
    assert label(text, ALONE_BETWEEN) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("not alone but with someone", "between"),
        ("not alone, together", "between"),
        ("alone, not between", "alone"),
        ("alone not between", "alone"),
        ("never together, always by itself", "alone"),
    ],
)
def test_a_negated_custom_phrase_leaves_the_other_one(text: str, expected: str) -> None:
    assert label(text, ALONE_BETWEEN) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on its own, between", "alone"),
        ("alone, between two", "between"),
        ("alone and together", None),
        ("isolated or both", None),
    ],
)
def test_two_custom_labels_the_longer_phrase_wins_or_none(text: str, expected: str | None) -> None:
    assert label(text, ALONE_BETWEEN) == expected


def test_the_same_phrase_in_two_choices_is_ambiguous() -> None:
    choices = (Choice("a", None, ("together",)), Choice("b", None, ("together",)))
    assert label("together", choices) is None


@pytest.mark.parametrize(
    ("text", "choices", "expected"),
    [
        ("yess", YES_NO_UNSURE, "yes"),
        ("noo", YES_NO_UNSURE, "no"),
        ("maybee", YES_NO_UNSURE, "unsure"),
        ("of cource", YES_NO_UNSURE, "yes"),
        ("absolutly", YES_NO_UNSURE, "yes"),
        ("definately not", YES_NO_UNSURE, "no"),
        ("betwen", ALONE_BETWEEN, "between"),
        ("alon", ALONE_BETWEEN, "alone"),
        ("isolatd", ALONE_BETWEEN, "alone"),
        ("well, togehter", ALONE_BETWEEN, "between"),
    ],
)
def test_slips_are_tolerated(text: str, choices, expected: str) -> None:
    match = match_answer(text, choices)
    assert match.label == expected
    assert 0.8 <= match.confidence < 1.0


def test_a_negated_slip_still_counts_for_nothing() -> None:
    assert label("not alon", ALONE_BETWEEN) is None


def test_real_words_are_not_slips_of_a_longer_one() -> None:
    """"I need" sounds like "indeed" to difflib, but it is two words meant as two words;
    words run together are still a slip of the phrase they spell."""
    assert label("I need to make a phone call", YES_NO_UNSURE) is None
    assert label("ofcourse", YES_NO_UNSURE) == "yes"


def test_a_slip_is_one_word_not_every_word_of_a_phrase() -> None:
    """"the dog" is as near "they do" letter for letter as "yess" is to "yes"; but a
    slip mistypes or mishears a word, not every word of a phrase."""
    assert label("the dog needs a walk", YES_NO_UNSURE) is None
    assert label("the cat needs food", YES_NO_UNSURE) is None
    assert label("yess I do", YES_NO_UNSURE) == "yes"


@pytest.mark.parametrize(
    "text",
    [
        "the weather is nice today",
        "banana",
        "what time is it",
        "what do I do now",
        "can you repeat the question",
        "Theodore writes letters",
        "now",
        "yesterday",
        "along the road",
        "I like pizza",
    ],
)
@pytest.mark.parametrize("choices", [YES_NO_UNSURE, ALONE_BETWEEN], ids=["meanings", "custom"])
def test_off_list_sentences_match_nothing(text: str, choices) -> None:
    assert label(text, choices) is None


@pytest.mark.parametrize("text", [None, "", "   ", "...", "?!"])
def test_empty_input_matches_nothing(text: str | None) -> None:
    assert match_answer(text, YES_NO_UNSURE) == Match(None, 0.0, None)


def test_no_choices_match_nothing() -> None:
    assert match_answer("yes", ()) == Match(None, 0.0, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yes!", "yes"),
        ("  Well,   YES  ", "well yes"),
        ("don't", "do not"),
        ("I don’t know", "i do not know"),
        ("I'm not sure", "i am not sure"),
        ("it's", "it is"),
        ("can't", "can not"),
        ("won't", "will not"),
        ("isn't", "is not"),
        ("I've", "i have"),
        ("we'll", "we will"),
        ("dont", "do not"),
        ("uh-huh", "uh huh"),
        ("Samantha's voice", "samanthas voice"),
        ("'yes'", "yes"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_phrases_for_a_custom_choice_is_its_own_phrases_normalized() -> None:
    choice = Choice("alone", None, ("Alone!", "On its own", "alone", "by  itself"))
    assert phrases_for(choice) == ("alone", "on its own", "by itself")


@pytest.mark.parametrize(
    ("meaning", "expected"),
    [
        ("yes", {"yes", "yeah", "of course", "i think so", "that is right", "it is", "i do"}),
        ("no", {"no", "nope", "not really", "i do not think so", "of course not", "it is not"}),
        ("unsure", {"i do not know", "not sure", "maybe", "yes and no", "a bit of both"}),
    ],
)
def test_phrases_for_a_meaning_includes_its_builtin_phrasings(
    meaning: str, expected: set[str]
) -> None:
    phrases = phrases_for(Choice(meaning, meaning))
    assert expected <= set(phrases)
    assert len(phrases) >= 25
    assert len(set(phrases)) == len(phrases)
    assert all(p == normalize(p) for p in phrases)


def test_phrases_for_puts_own_phrases_first_and_deduplicates() -> None:
    phrases = phrases_for(Choice("agree", "yes", ("I feel it", "Yes")))
    assert phrases[:2] == ("i feel it", "yes")
    assert phrases.count("yes") == 1
    assert phrases == phrases_for(Choice("agree", "yes", ("I feel it", "Yes")))


def test_builtin_meanings_do_not_share_phrasings() -> None:
    lists = [set(phrases_for(Choice(m, m))) for m in BUILTIN_MEANINGS]
    assert not (lists[0] & lists[1] or lists[0] & lists[2] or lists[1] & lists[2])


@pytest.mark.parametrize("meaning", BUILTIN_MEANINGS)
def test_every_builtin_phrasing_matches_its_meaning(meaning: str) -> None:
    for phrase in phrases_for(Choice(meaning, meaning)):
        assert match_answer(phrase, YES_NO_UNSURE) == Match(meaning, 1.0, phrase), phrase


def test_an_unknown_meaning_is_refused() -> None:
    with pytest.raises(ValueError, match="maybe"):
        phrases_for(Choice("x", "maybe"))
    with pytest.raises(ValueError, match="maybe"):
        match_answer("yes", (Choice("x", "maybe"),))



MEANT_BETWEEN = Choice("between", "yes", BETWEEN.phrases)
MEANT_ALONE = Choice("alone", "no", ALONE.phrases)
MEANT = (MEANT_BETWEEN, MEANT_ALONE, UNSURE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("between", "between"),
        ("yes", "between"),
        ("of course", "between"),
        ("alone", "alone"),
        ("no", "alone"),
        ("not really", "alone"),
        ("I don't think so", "alone"),
        ("I'm not sure", "unsure"),
        ("a bit of both", "unsure"),
        ("not alone", None),
        ("never isolated", None),
        ("not together", None),
        ("not between", None),
        ("not alone but with someone", "between"),
    ],
)
def test_custom_phrases_on_choices_that_also_have_a_meaning(
    text: str, expected: str | None
) -> None:
    assert label(text, MEANT) == expected


def test_a_pieces_copy_of_a_builtin_phrasing_is_still_negated_as_one() -> None:
    choices = (Choice("yes", "yes", ("true", "it is")), NO)
    assert label("hardly true", choices) == "no"
    assert label("I do not think it is", choices) == "no"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("between not alone", "between"),
        ("not really alone", None),
        ("never isolated, together", "between"),
    ],
)
def test_a_negator_spent_on_a_pieces_phrase_is_not_also_a_no(
    text: str, expected: str | None
) -> None:
    assert label(text, MEANT) == expected


# --- meanings, not word lists (issue 13, item 2) ---------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    # a short answer echoing the question's verb, and its negation
    ("of course she is", "yes"), ("she does", "yes"), ("they were", "yes"),
    ("she isn't", "no"), ("no, he's not", "no"), ("they don't", "no"),
    ("she is beautiful", None),  # small words inside a sentence are no answer
    # a word that only stresses the verb
    ("I really believe so", "yes"), ("it truly is", "yes"), ("I sincerely doubt it", "no"),
    ("I really don't think so", "no"), ("I honestly don't know", "unsure"),
    # doubt negates what follows, unless it is itself denied
    ("I doubt that very much", "no"), ("no doubt about it", "yes"),
    ("without a doubt, yes", "yes"), ("I have no doubt it is", "yes"),
    # a no said by what it is not
    ("not in my experience", "no"), ("well, never in a million years", "no"),
    ("not by a long shot", "no"), ("not sure", "unsure"), ("not entirely", "unsure"),
    # in between
    ("in a sense", "unsure"), ("up to a point", "unsure"), ("partially, yes", "unsure"),
    ("I'm of two minds", "unsure"), ("I guess it is", "yes"),
])
def test_natural_answers_beyond_the_grammars_phrases(text: str, expected: str | None) -> None:
    assert label(text) == expected


@pytest.mark.parametrize("text", [
    "I had pasta for lunch", "what time is it", "not now, I'm eating", "she is my sister",
])
def test_off_list_speech_stays_unclear(text: str) -> None:
    # "not now" puts the question off: unlike "not in my book", it is no answer.
    assert label(text) is None


def test_an_elliptical_no_needs_no_to_be_a_builtin_meaning_on_offer() -> None:
    assert label("not in my experience", ALONE_BETWEEN) is None


def test_understood_phrasings_are_matched_but_not_listened_for() -> None:
    from voicepiece.story.phrases import builtin_phrases, heard_phrases, understood_phrases

    understood = understood_phrases()
    lists = [set(understood[m]) | set(builtin_phrases()[m]) for m in BUILTIN_MEANINGS]
    assert not (lists[0] & lists[1] or lists[0] & lists[2] or lists[1] & lists[2])
    heard = set(heard_phrases(YES_NO_UNSURE))
    for meaning in BUILTIN_MEANINGS:
        for phrase in understood[meaning]:
            assert phrase not in heard and phrase not in builtin_phrases()[meaning]
            assert match_answer(phrase, YES_NO_UNSURE).label == meaning, phrase


@pytest.mark.parametrize(("text", "expected"), [
    ("of course she is", "yes"),
    ("no he isn't", "no"),
    ("clearly it is", "yes"),
    # a real person's read sentence (audio/human-speech): the words end a thought, in a
    # sentence far too long to be an answer that echoes the question's verb
    ("had he married a more amiable woman he might have been made still more respectable "
     "than he was", None),
])
def test_an_echo_of_the_verb_answers_only_in_a_short_answer(text: str,
                                                             expected: str | None) -> None:
    assert label(text, (YES, NO, UNSURE)) == expected


@pytest.mark.parametrize("text", ["I couldn't really tell you", "I can't quite say",
                                  "I don't exactly know", "can't really decide"])
def test_a_softened_denial_of_knowing_is_unsure_not_no(text: str) -> None:
    # "not really" alone is a no; "can't really tell" is a hedge, only softer
    assert label(text, YES_NO_UNSURE) == "unsure"


@pytest.mark.parametrize("text", ["not really", "no, not really", "it's not really true",
                                  "I don't really believe it is"])
def test_not_really_before_anything_else_stays_no(text: str) -> None:
    assert label(text, YES_NO_UNSURE) == "no"


@pytest.mark.parametrize("text", ["I wouldn't know", "I haven't made up my mind",
                                  "I have not decided yet", "I have no way of knowing"])
def test_a_denial_of_knowing_or_deciding_after_a_verb_is_unsure(text: str) -> None:
    # "I haven't" and "I wouldn't" are no phrasings; what they deny here is knowing
    assert label(text, YES_NO_UNSURE) == "unsure"


@pytest.mark.parametrize("text", ["I wouldn't say that", "she doesn't",
                                  "I haven't", "it is not"])
def test_a_denial_of_the_answer_itself_stays_no(text: str) -> None:
    assert label(text, YES_NO_UNSURE) == "no"


def test_a_doubt_weighed_is_still_denied() -> None:
    assert label("without a single doubt", YES_NO_UNSURE) == "yes"
    assert label("without the slightest doubt", YES_NO_UNSURE) == "yes"


def test_a_recognizers_words_are_never_read_as_slips() -> None:
    # Whisper wrote "10 of close" for "ten of clubs": whole words, not a typing slip
    assert match_answer("yess", YES_NO_UNSURE).label == "yes"
    assert match_answer("10 of close", YES_NO_UNSURE).label == "yes"
    assert match_answer("10 of close", YES_NO_UNSURE, slips=False).label is None
    assert match_answer("the dogs", (Choice("dog", None, ("the dog",)),),
                        slips=False).label == "dog"  # another form of the same word


@pytest.mark.parametrize(("text", "expected"), [
    ("Certainly not know.", "no"), ("Know.", "no"), ("I don't know.", "unsure"),
    ("I wouldn't know", "unsure"), ("hard to know", "unsure"), ("you know, I think so", "yes"),
])
def test_a_recognizers_know_where_nobody_knows_is_a_no(text: str, expected: str) -> None:
    assert match_answer(text, YES_NO_UNSURE, slips=False).label == expected


@pytest.mark.parametrize("text", ["we had a party last night", "the party was great"])
def test_a_word_inside_a_sentence_is_no_slip_of_a_phrase(text: str) -> None:
    """"party" is a word of its own, not "partly" misspelt, once the sentence says more."""
    assert match_answer(text, YES_NO_UNSURE).label is None


@pytest.mark.parametrize("text,expected", [
    ("partyl", "unsure"), ("yess", "yes"), ("far from it", "no"), ("spot on", "yes"),
    ("I very much doubt that", "no"), ("I've never thought about it", "unsure"),
])
def test_slips_alone_and_idioms_without_yes_or_no(text: str, expected: str) -> None:
    assert match_answer(text, YES_NO_UNSURE).label == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("I'm pretty sure he isn't", "no"),  # certainty said of a denied clause: its denial
    ("no, I'm quite certain she doesn't", "no"),
    ("I'm sure it is", "yes"), ("sure", "yes"), ("I'm not sure it is", "unsure"),
    ("I haven't really given it much thought", "unsure"),  # not having thought it over
    ("never really considered it", "unsure"), ("not really", "no"),
    ("none of us really knows that", "unsure"),  # nobody can know, not mine to say
    ("no one can tell for certain", "unsure"), ("it isn't my place to judge", "unsure"),
    ("I'm not the one you should ask", "unsure"),
    ("I uh don't think so", "no"), ("I don't, um, know", "unsure"),  # hesitations
    ("uh huh", "yes"), ("mm hmm", "yes"), ("um", None), ("er, hmm", None),
])
def test_certainty_unknowing_and_hesitations(text: str, expected: str | None) -> None:
    assert label(text) == expected


def test_a_verb_with_an_object_of_its_own_is_not_nobody_knowing() -> None:
    assert label("nobody tells you who to love") != "unsure"
    assert label("nobody decides that for you") != "unsure"


@pytest.mark.parametrize("text", ["I think it counts", "I think it"])
def test_a_slip_never_turns_an_answer_round(text: str) -> None:
    assert label(text) != "no"  # "it" is no slip of the "not" of "I think not"


@pytest.mark.parametrize("text", ["noo", "I thinl not", "nott really"])
def test_a_slip_of_the_denial_itself_still_denies(text: str) -> None:
    assert label(text) == "no"


@pytest.mark.parametrize(("text", "expected"), [
    ("I have mixed feelings", "unsure"), ("I'm conflicted", "unsure"),
    ("more or less", "unsure"),
])
def test_feelings_both_ways_are_unsure(text: str, expected: str) -> None:
    assert label(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("being more open", "open_up"), ("by being a bit more open", "open_up"),
    ("being less open", None),  # "less" takes away: no "being open"
])
def test_a_degree_after_a_verb_of_being_is_read_without(text: str, expected: str | None
                                                        ) -> None:
    choices = (Choice("open_up", None, ("being open",)), Choice("listen", None, ("listening",)))
    assert label(text, choices) == expected

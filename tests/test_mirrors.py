"""Honest mirrors: the narrator says back only words the listener said with confidence,
from its own side, once, and with the line's punctuation (issue 13, item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from voicepiece.listening.base import REJECT
from voicepiece.listening.transcripts import OWN_WORDS_FLOOR, Transcript, decide
from voicepiece.session.events import Heard
from voicepiece.session.loop import Session
from voicepiece.story.loader import load_piece, resolve
from voicepiece.story.mirror import CANONICAL, mirror, spoken_back
from voicepiece.story.model import Answer, fill
from voicepiece.testing import KeptVoice, ScriptedEar

HER = resolve("her")
TEA = Path(__file__).parent / "pieces" / "tea"


# --- the change of person ------------------------------------------------------------------


@pytest.mark.parametrize(("said", "back"), [
    ("I loved her", "you loved her"),
    ("Not for me.", "Not for you"),
    ("I'm not sure", "you're not sure"),
    ("I’m not sure", "you’re not sure"),
    ("im not sure", "you're not sure"),
    ("I've loved before", "you've loved before"),
    ("I'd say so", "you'd say so"),
    ("I'll think about it", "you'll think about it"),
    ("i am alone", "you are alone"),
    ("I was happy", "you were happy"),
    ("I wasn't", "you weren't"),
    ("My heart", "Your heart"),
    ("it is mine", "it is yours"),
    ("from myself", "from yourself"),
    ("it came to me", "it came to you"),
    ("we are never alone", "we are never alone"),  # "we" stays: narrator and listener
    ("between us", "between us"),
    ("I am, I think", "you are, you think"),
    ("I really am", "you really are"),
    ("am I?", "are you"),
    ("Am I lonely", "Are you lonely"),
])
def test_first_person_is_said_back_as_second(said: str, back: str) -> None:
    assert spoken_back(said) == back


@pytest.mark.parametrize("said", [
    "what do you mean?", "I love you", "you never know", "your voice", "loving yourself",
])
def test_words_that_say_you_are_not_said_back(said: str) -> None:
    assert spoken_back(said) is None


@pytest.mark.parametrize("said", ["…", "...", "?", " ", "—"])
def test_punctuation_alone_is_never_a_mirror(said: str) -> None:
    assert spoken_back(said) is None


# --- what {heard} says ---------------------------------------------------------------------


def test_trusted_words_are_said_back() -> None:
    assert mirror("I think so", True, "yes", None) == "you think so"


def test_untrusted_words_give_way_to_the_canonical_form_of_the_meaning() -> None:
    assert mirror("yes i do", False, "yes", None) == "yes"
    assert mirror("nowhere near", False, "no", None) == "not really"
    assert mirror("possibly", False, "unsure", None) == "not sure"
    assert set(CANONICAL) == {"yes", "no", "unsure"}


def test_a_pieces_answer_gives_its_own_canonical_form() -> None:
    assert mirror("loving yourself", False, None, "from within") == "from within"
    assert mirror("maybe", False, "unsure", "in between") == "in between"


def test_without_trusted_words_or_canonical_form_there_is_no_mirror() -> None:
    assert mirror("loving yourself", False, None, None) is None
    assert mirror("…", True, None, None) is None
    assert mirror(None, True, "yes", None) == "yes"


def test_trusted_words_that_cannot_be_said_back_give_the_canonical_form() -> None:
    assert mirror("you bet", True, "yes", None) == "yes"


# --- filling a line ------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "heard", "said"), [
    ("{heard}. From someone else, then.", "from someone else", "From someone else, then."),
    ("{heard}. Yes.", "yes", "Yes."),
    ("{heard}. A spark between two, then.", "between two", "A spark between two, then."),
    ("{heard}. From the inside, then.", "from within", "From within. From the inside, then."),
    ("{heard}, you say.", "you say", "You say, you say."),  # no sentence of its own to drop
])
def test_an_echo_the_line_repeats_is_dropped(line: str, heard: str, said: str) -> None:
    assert fill(line, {"heard": heard}) == said


@pytest.mark.parametrize(("line", "heard", "said"), [
    ("{heard|Sorry}? I'm not sure I understood.", "really?", "Really? I'm not sure I understood."),
    ("{heard}... is that what you said?", "maybe.", "Maybe... is that what you said?"),
    ("{heard}. Yes.", "yes!", "Yes."),
    ("You answered: {heard}.", "well, no.", "You answered: well, no."),
    ("{heard}. I hear you.", "no!! not at all", "No! not at all. I hear you."),
    ("{heard}. I hear you.", "no.. not at all", "No. not at all. I hear you."),
    ("{heard}... is that what you said?", "well... maybe",
     "Well... maybe... is that what you said?"),
])
def test_no_punctuation_is_doubled(line: str, heard: str, said: str) -> None:
    assert fill(line, {"heard": heard}) == said


def test_an_authored_ellipsis_and_fallback_keep_their_punctuation() -> None:
    assert fill("{heard|Sorry}? Again?", {"heard": "…"}) == "Sorry? Again?"


# --- the session: the measured cases of issue 13 --------------------------------------------


def her(replies, start: str) -> list[str]:
    voice = KeptVoice()
    Session(load_piece(HER), voice, ScriptedEar(replies), start=start).run()
    return voice.said


def grammar(text: str, label: str, confidence: float, confirm: bool = False) -> Heard:
    """What the pocketsphinx ear returns: the grammar phrase it matched, not own words."""
    return Heard(text=text, label=label, confidence=confidence, confirm=confirm)


def test_a_plain_yes_heard_as_a_longer_grammar_phrase_is_said_back_as_yes() -> None:
    said = her([grammar("yes i do", "yes", 0.9)], "she_listens")
    assert "Yes. That is how it feels to me, too." in said
    assert not any("i do" in s.lower() for s in said)


def test_a_rejected_answer_is_never_quoted_in_the_ending() -> None:
    # "I loved her", heard at 0.028 as "loving yourself" and rejected, twice, at the last
    # question. The ending must not say "you answered: loving yourself".
    rejected = grammar("loving yourself", "unclear", 0.028)
    said = her([rejected, rejected], "combustion")
    assert not any("loving yourself" in s.lower() for s in said)
    assert "And whether love lives alone in us, or between two, we've left open." in said


def test_a_rejected_grammar_phrase_is_not_mirrored_in_the_reprompt() -> None:
    # "well… I think so" heard as "nowhere near" at 0.022 and rejected.
    said = her([grammar("nowhere near", "unclear", 0.022)], "she_listens")
    assert not any("Nowhere near" in s for s in said)
    assert ("Sorry? I didn't quite follow. Is it intimacy, do you think? "
            "A yes or a no is enough.") in said


def test_speech_rejected_without_words_is_not_mirrored_as_an_ellipsis() -> None:
    said = her([grammar("…", "unclear", 0.0)], "she_listens")
    assert not any(s.startswith("…") for s in said)
    assert ("Sorry? I didn't quite follow. Is it intimacy, do you think? "
            "A yes or a no is enough.") in said


def test_a_typed_question_to_the_narrator_is_not_said_back() -> None:
    said = her(["what do you mean?"], "she_listens")
    assert not any("??" in s or "What do you mean" in s for s in said)


def test_own_words_are_said_back_from_the_narrators_side() -> None:
    said = her(["Not for me."], "wonder")
    assert "Not for you. Not solely, then." in said


def test_an_echo_is_not_followed_by_its_own_gloss() -> None:
    said = her(["from someone else"], "source")
    assert "From someone else, then." in said
    assert not any("From someone else. From someone else" in s for s in said)


def test_an_unsure_grammar_phrase_is_confirmed_by_its_meaning() -> None:
    # "I had pasta for lunch today" heard as "possibly" (0.459), sent to confirmation.
    said = her([grammar("possibly", "unsure", 0.459, confirm=True), "no"], "she_listens")
    assert "Not sure... is that what you said?" in said
    assert not any("Possibly" in s for s in said)


def test_words_disowned_in_a_confirmation_are_not_said_back() -> None:
    own = Heard(text="i think so", label="yes", confidence=0.6, confirm=True, own_words=True)
    said = her([own, "no", None, None], "she_listens")
    assert "You think so... is that what you said?" in said
    assert not any(s.startswith("You think so?") for s in said[1:])


def test_endings_quote_trusted_words_and_the_meaning_of_the_rest() -> None:
    voice = KeptVoice()
    replies = [grammar("yes i do", "yes", 0.95)] * 3 + [grammar("between two", "between", 0.9)]
    Session(load_piece(HER), voice, ScriptedEar(replies), start="combustion").run()
    said = voice.said
    ending = next(s for s in said if s.startswith("And when I asked if love is combustion"))
    assert ending == ("And when I asked if love is combustion between two forces, you answered: "
                      "between two.")  # the piece's canonical form for "between"


def test_typed_words_are_quoted_in_the_ending() -> None:
    voice = KeptVoice()
    Session(load_piece(HER), voice, ScriptedEar(["I felt it between us"]),
            start="combustion").run()
    assert ("And when I asked if love is combustion between two forces, you answered: "
            "you felt it between us.") in voice.said


# --- who vouches for the words ---------------------------------------------------------------


def test_an_open_transcript_heard_with_confidence_is_the_listeners_own_words() -> None:
    yes_no = (Answer("yes", "yes", (), (), None), Answer("no", "no", (), (), None))
    assert decide(Transcript("I think so", OWN_WORDS_FLOOR), yes_no, open_vocabulary=True
                  ).own_words
    assert not decide(Transcript("I think so", OWN_WORDS_FLOOR - 0.01), yes_no,
                      open_vocabulary=True).own_words
    assert not decide(Transcript("I think so"), yes_no, open_vocabulary=True).own_words
    assert not decide(Transcript("I think so", 0.99), yes_no).own_words  # a grammar's words
    off_list = decide(Transcript("I had pasta", 0.9), yes_no, open_vocabulary=True)
    assert off_list.zone == REJECT and off_list.own_words


def test_typed_replies_are_the_listeners_own_words() -> None:
    ear = ScriptedEar(["yes"])
    from voicepiece.session.events import Question
    from voicepiece.story.model import ListenSettings
    assert ear.listen(Question("n", (), ListenSettings())).own_words


def test_a_long_open_answer_heard_through_a_recognizer_is_not_said_back() -> None:
    """Nothing in the point bears out an open answer's words: heard through a recognizer,
    only a short one is said back (mirror.OPEN_MIRROR_WORDS); typed words always are, and
    so are a piece's own answers however long."""
    from voicepiece.session.deciding import said_back
    from voicepiece.session.events import Heard
    from voicepiece.story.mirror import OPEN_MIRROR_WORDS, sure_to_say_back
    from voicepiece.story.model import OPEN, UNCLEAR

    long = "I cook dinner for the people I care about"
    assert len(long.split()) > OPEN_MIRROR_WORDS
    assert not sure_to_say_back(long, OPEN, transcribed=True)
    assert sure_to_say_back(long, OPEN, transcribed=False)
    assert sure_to_say_back("from god", OPEN, transcribed=True)
    assert sure_to_say_back(long, "listen", transcribed=True)
    assert not said_back(Heard(long, label=UNCLEAR, own_words=True), OPEN)
    assert said_back(Heard(long, own_words=True), OPEN)  # typed: no label from an ear
    assert not said_back(Heard("from god", label=UNCLEAR, own_words=False), OPEN)

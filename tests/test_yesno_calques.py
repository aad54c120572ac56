"""Yes and no carried word for word from Spanish, Portuguese, Italian and Hindi into
English (issue 13, twelfth pass; found on scripts/yesno_accents.py's typed fit batches):
"I guess yes", "how not", "I think it is false", "not even a little", "it's not a lie",
"I don't have idea", and the denied "for sure" that was read as a yes. Where Whisper's
words may have lost a no ("Of course that note."), the listener is asked. Pure logic:
the matcher, a transcript's reading, and the ear's combination of grammar and words."""

from __future__ import annotations

import pytest

from tests import yesno_reading

_typed = yesno_reading.typed
_heard = yesno_reading.heard


def test_a_denied_for_sure_is_no_yes(yes_no) -> None:
    # "not" before "for sure" denies it (it was read as the hedge "not sure" and the
    # "for sure" left to say yes: a swap); denied, certainty is a hedge, like "not for
    # certain"
    for text in ("not for sure", "no for sure"):
        assert _typed(text, yes_no) == "unsure", text
        assert _heard(text, yes_no) == "unsure", text
    assert _typed("for sure", yes_no) == "yes"


@pytest.mark.parametrize(("text", "meaning"), [
    ("I guess yes", "yes"), ("yes, I guess yes", "yes"), ("I suppose yes", "yes"),
    ("I guess no", "no"), ("I guess that no", "no"), ("I suppose no", "no"),
    ("I guess", "unsure"), ("I suppose", "unsure")])
def test_a_guess_framing_a_yes_or_no_is_that_answer(yes_no, text: str, meaning: str) -> None:
    assert _typed(text, yes_no) == meaning
    assert _heard(text, yes_no) == meaning


@pytest.mark.parametrize("text", ["how not", "how not, of course", "but how not",
                                  "How not of course"])
def test_how_not_is_of_course(yes_no, text: str) -> None:
    # "¿cómo no?": as one run of words ("how not of course") it read "not of course", a no
    assert _typed(text, yes_no) == "yes"
    assert _heard(text, yes_no) == "yes"


def test_how_not_to_is_no_answer(yes_no) -> None:
    assert _typed("how not to love her", yes_no) is None


@pytest.mark.parametrize(("text", "meaning"), [
    ("I think it is false", "no"), ("I guess it is wrong", "no"),
    ("I think it is true", "yes"), ("I think it is", "yes"), ("yes it is wrong", "unsure")])
def test_what_it_is_decides_an_echo(yes_no, text: str, meaning: str) -> None:
    # "I think it is" is a yes only when it ends there or goes on to a yes; "yes" said in
    # so many words beside a no stays two minds
    assert _typed(text, yes_no) == meaning


@pytest.mark.parametrize(("text", "meaning"), [
    ("not even a little", "no"), ("no, not even a little", "no"), ("not a bit", "no"),
    ("a bit", "unsure"), ("it's not a lie", "yes"), ("I'm not lying", "yes"),
    ("I don't have idea", "unsure"), ("I don't have any idea", "unsure"),
    ("I don't have time", "no")])
def test_denied_amounts_lies_and_ideas(yes_no, text: str, meaning: str) -> None:
    assert _typed(text, yes_no) == meaning


def test_yes_or_no_named_is_no_polite_no(yes_no) -> None:
    # "not sure if yes or no" names the two answers; "not so sure it is, no" closes on one
    assert _typed("not sure if yes or no", yes_no) == "unsure"
    assert _typed("I'm not so sure it is, no", yes_no) == "no"


def _words(text: str):
    from voicepiece.listening.whisper_model import WhisperWords

    return WhisperWords(text=text, confidence=0.8, no_speech=0.05, seconds=0.2, least=0.8,
                        pieces=tuple((f" {w}", 0.8) for w in text.split()))


@pytest.mark.parametrize("text", ["Of course that note.", "Of course that now.",
                                  "Sure that note."])
def test_a_no_that_may_be_misheard_is_asked(yes_no, text: str) -> None:
    # a Spanish-accented "of course that no" came back "Of course that note.": a yes from the
    # words alone; with "no" there it is a no, so the words are split and the ear asks
    from voicepiece.listening.base import ACCEPT, CONFIRM, REJECT, Recognition
    from voicepiece.listening.combined import combine

    said_yes = next(c.label for c in yes_no if c.meaning == "yes")
    for grammar in (Recognition(None, None, 0.0, REJECT),
                    Recognition("of course", said_yes, 0.9, ACCEPT)):
        assert combine(grammar, _words(text), yes_no).recognition.zone == CONFIRM, grammar


@pytest.mark.parametrize("text", ["Of course that is.", "Yes, but now.", "Of course."])
def test_a_yes_with_no_near_no_is_taken(yes_no, text: str) -> None:
    from voicepiece.listening.base import ACCEPT, REJECT, Recognition
    from voicepiece.listening.combined import combine

    found = combine(Recognition(None, None, 0.0, REJECT), _words(text), yes_no).recognition
    assert (next(c.meaning for c in yes_no if c.label == found.label), found.zone) == (
        "yes", ACCEPT)


@pytest.mark.parametrize(("text", "meaning"), [
    ("of course never", "no"), ("of course she doesn't", "no"), ("sure she doesn't", "no"),
    ("of course she does", "yes"), ("why no?", "yes"), ("of course, why no", "yes"),
    ("I have not idea really", "unsure"), ("not that she doesn't", "yes"),
    ("it's not that she doesn't listen", "yes"), ("not that, no", "no")])
def test_emphasis_before_a_denial_and_denied_denials(yes_no, text: str, meaning: str) -> None:
    # emphasis before "never" or a denied clause only stresses it; "why no" is "why not";
    # "not that she doesn't" ("no es que no") denies a denial
    assert _typed(text, yes_no) == meaning
    assert _heard(text, yes_no) == meaning


def test_emphasis_before_nothing_is_no_yes(yes_no) -> None:
    # "absolutely nothing" was the yes of "absolutely": a swap; "nothing" alone answers
    # nothing the matcher can name, so the listener is asked again
    assert _typed("absolutely nothing", yes_no) != "yes"
    assert _heard("Absolutely nothing.", yes_no) != "yes"

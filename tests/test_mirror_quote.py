"""A quote must be likelier right than not as a whole: Whisper's words are said back only
when the product of their probabilities — its own odds that every word said back is the
listener's — reaches QUOTE_FLOOR (issue 13, item 4; fourteenth pass). The words are still
the listener's to read: only what the narrator says back changes."""

from __future__ import annotations

from voicepiece.listening.base import ACCEPT, Recognition
from voicepiece.listening.combined import combine
from voicepiece.listening.ear import _heard_of
from voicepiece.listening.transcripts import QUOTE_FLOOR, WORD_FLOOR, sure_to_quote
from voicepiece.listening.whisper_model import WhisperWords
from voicepiece.session.deciding import said_back
from voicepiece.session.events import Heard
from voicepiece.session.resuming import joined_words
from voicepiece.story.mirror import mirror

SURE = 0.99


def spoken(text: str, p: float) -> tuple[tuple[str, float], ...]:
    """Each word of ``text`` as one piece heard at ``p``, then a full stop."""
    return (*((" " + w, p) for w in text.split()), (".", 0.4))


def test_each_word_sure_is_not_enough_for_a_long_quote() -> None:
    # seven words at 0.9 each: every word over the word floor, the whole a coin toss
    long = "No it always reaches out toward somebody"
    assert min(p for _, p in spoken(long, 0.9)[:-1]) > WORD_FLOOR
    assert QUOTE_FLOOR > 0.9 ** 7
    assert not sure_to_quote(spoken(long, 0.9), long)
    assert sure_to_quote(spoken("No not really", 0.9), "No not really")


def test_only_the_words_said_back_count() -> None:
    # Whisper's own interjection ("Yeah" for "yep") is left out of the quote, so its doubt
    # does not count against the words that are said back
    decoded = ((" Yeah", 0.3), (",", 0.5), *spoken("I'd go along with that", SURE))
    assert sure_to_quote(decoded, "I'd go along with that")
    assert not sure_to_quote(decoded, "Yeah, I'd go along with that")


def test_a_quote_not_found_among_the_words_is_judged_on_all_of_them() -> None:
    decoded = ((" Yeah", 0.3), *spoken("sure", SURE))
    assert not sure_to_quote(decoded, "something else")
    assert sure_to_quote((), "no pieces, no evidence against")


def test_an_unsure_quote_is_read_as_the_listeners_but_said_back_canonically(yes_no) -> None:
    text = "No, it always reaches out towards somebody."
    decoded = ((" No", 0.71), (",", 0.89), (" it", 0.98), (" always", 0.99),
               (" reaches", 0.99), (" out", 0.98), (" towards", 0.75), (" somebody", 0.98),
               (".", 0.8))
    words = WhisperWords(text, 0.9, 0.05, 0.1, least=0.71, pieces=decoded)
    found = combine(Recognition("no", "no", 0.9, ACCEPT), words, yes_no).recognition
    assert (found.label, found.zone, found.own_words, found.quotable) == (
        "no", ACCEPT, True, False)
    heard = _heard_of(found)
    assert heard.own_words and not said_back(heard, "no")
    assert mirror(heard.text, said_back(heard, "no"), "no", None) == "not really"


def test_a_sure_quote_is_still_said_back(yes_no) -> None:
    text = "No, absolutely not."
    words = WhisperWords(text, 0.9, 0.05, 0.1, least=0.89,
                         pieces=((" No", 0.89), (",", 0.57), (" absolutely", 0.91),
                                 (" not", 0.98), (".", 0.76)))
    found = combine(Recognition("no", "no", 0.9, ACCEPT), words, yes_no).recognition
    heard = _heard_of(found)
    assert found.quotable and said_back(heard, "no")
    assert mirror(heard.text, True, "no", None, "no", yes_no) == "absolutely not"


def test_typed_words_and_joined_parts_keep_their_quotability() -> None:
    typed = Heard("no, is not like that", own_words=True)
    assert said_back(typed, "no")  # typed words are the listener's as they are
    unsure = Heard("no it always reaches out", label="no", own_words=True, quotable=False)
    whole = joined_words([unsure, Heard("toward somebody", label="no", own_words=True)])
    assert whole is not None and whole.own_words and not whole.quotable

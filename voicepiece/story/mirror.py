"""What the narrator says back as the listener's answer: their own words, or none.

A mirror must never put words in the listener's mouth. So ``{heard}`` (and a remembered
answer in an ending) speaks the listener's words only when they are *trusted* — typed, or
an open transcript the recognizer vouches for, and not disowned in a confirmation — and
then from the narrator's side ("I loved her" → "you loved her"). Otherwise it speaks the
answer's canonical form: the piece's own (``canonical:``) or its built-in meaning's
("yes", "not really", "not sure"); an answer with neither, or no answer at all (silence,
unclear), has no mirror, and the line falls back or is skipped.

Second person is not turned round: "you" may be the narrator ("do you love me") or anyone
("you never know"), and a wrong guess would be worse than no echo, so words that say
"you" are not mirrored — the canonical form is said instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from voicepiece.story.corrections import corrections
from voicepiece.story.matching import match_answer
from voicepiece.story.phrases import Choice
from voicepiece.story.wording import normalize

__all__ = ["CANONICAL", "OPEN_MIRROR_WORDS", "answer_span", "corrected_span", "mirror",
           "spoken_back", "sure_to_say_back", "without_interjection",
           "without_stray_punctuation"]

CANONICAL = {"yes": "yes", "no": "not really", "unsure": "not sure"}
"""What an untrusted answer of a built-in meaning is said back as; lower case, since
a filled line capitalizes a slot that begins it."""

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_APOSTROPHE = re.compile(r"['\u2019]")

_FIRST_TO_SECOND = {
    "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
    "i'm": "you're", "im": "you're", "i've": "you've", "ive": "you've", "i'd": "you'd",
    "i'll": "you'll",
}
_FIRST_PERSON_SUBJECT = frozenset({"i", "i'm", "im", "i've", "ive", "i'd", "i'll"})
"""Always written with a capital, so their capital says nothing about the sentence."""
_AFTER_I = {"am": "are", "was": "were", "wasn't": "weren't"}
"""Verbs that agree with "I" and must change with it ("I am" → "you are")."""
_BETWEEN_I_AND_VERB = frozenset({"really", "truly", "still", "just", "also", "always", "never",
                                 "certainly", "surely", "honestly", "actually"})
"""Words that may stand between "I" and its verb ("I really am" → "you really are")."""

_SECOND_PERSON = frozenset({
    "you", "your", "yours", "yourself", "yourselves", "you're", "youre", "you've", "you'd",
    "you'll", "ya", "thee", "thou",
})

_AM_I = re.compile(r"\b([Aa]m)(\s+I)\b")
"""A question's "am I", which turns into "are you"."""

_EDGES = " \t\n.,;:!?\u2026\"'\u201c\u201d\u2018\u2019()[]-\u2013\u2014"
_REPEATED = re.compile(r"([!?,;:])[!?.,;:]+|(?<![.])[.]{2}(?![.])")


def without_stray_punctuation(words: str) -> str:
    """``words`` as a slot can hold them: no punctuation at either end (the line supplies
    its own, so nothing doubles: "What do you mean??") and no repeated marks inside."""
    words = words.strip(_EDGES)
    return _REPEATED.sub(lambda m: m.group(1) or ".", words)


def spoken_back(words: str) -> str | None:
    """The listener's ``words`` as the narrator says them back, first person turned into
    second; None when they cannot be said back: nothing but punctuation ("…"), or they
    say "you" (see the module's note)."""
    words = without_stray_punctuation(words)
    tokens = [_APOSTROPHE.sub("'", w.lower()) for w in _WORD.findall(words)]
    if not tokens or _SECOND_PERSON & set(tokens):
        return None
    previous = ""

    def turn(m: re.Match[str]) -> str:
        nonlocal previous
        word = _APOSTROPHE.sub("'", m.group(0).lower())
        said = _FIRST_TO_SECOND.get(word)
        if said is None and previous == "i":
            said = _AFTER_I.get(word)
        if not (previous == "i" and word in _BETWEEN_I_AND_VERB):
            previous = word
        if said is None:
            return m.group(0)
        if m.group(0)[0].isupper() and word not in _FIRST_PERSON_SUBJECT:
            said = said[:1].upper() + said[1:]
        return said.replace("'", "\u2019") if "\u2019" in m.group(0) else said

    words = _AM_I.sub(lambda m: ("Are" if m.group(1)[0] == "A" else "are") + m.group(2), words)
    return _WORD.sub(turn, words)


OPEN_MIRROR_WORDS = 5
"""The most words of an open answer heard through a recognizer that are said back. An
answer of the piece's own is borne out by the point (its phrases, its meaning, the
grammar's find); an open answer by nothing but the transcript, and each word of it is
one more chance of a confident mishearing ("I cook dinner for the people I care about"
heard "I cooked…", "fitting the norms" heard "feeding the norms"): the longer it is, the
likelier one word is not the listener's. Chosen on development data only
(scripts/bench_meanings_accented.py's fit half, scripts/mirror_trust.py's and
swap_check.py's caches): of 77 open answers said back, 66 true; at 5 words or fewer 26 of
26 true, at 6, 33 of 35, at 7, 49 of 52. A longer one is received all the same, its
words kept, and the line's fallback is said instead ("{heard|Mm}" says "Mm")."""


def sure_to_say_back(words: str | None, label: str | None, transcribed: bool) -> bool:
    """Whether the listener's own ``words``, trusted, may be said back for an answer
    ``label``: always when typed; when ``transcribed``, an open answer only up to
    :data:`OPEN_MIRROR_WORDS` words."""
    from voicepiece.story.model import OPEN

    return not (transcribed and label == OPEN
                and len(_WORD.findall(words or "")) > OPEN_MIRROR_WORDS)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


def answer_span(text: str, label: str | None, choices: Sequence[Choice]) -> str:
    """Of a transcript of several sentences, the leading ones that carry its answer
    ``label`` as fully as the whole does: the sentences after an answer that add nothing
    to it are where Whisper writes another voice in the room ("I'm quite certain it is.
    The garden needs water into night.": a talker behind the listener). Said back, only
    the answer's sentences are the listener's for sure. ``text`` itself when it is one
    sentence, when it gives no answer, or when every sentence is needed."""
    sentences = _SENTENCE_END.split(text.strip())
    if label is None or len(sentences) < 2:
        return text.strip()
    whole = match_answer(normalize(text), choices, slips=False)
    if whole.label != label:
        return text.strip()
    for k in range(1, len(sentences)):
        part = " ".join(sentences[:k])
        found = match_answer(normalize(part), choices, slips=False)
        if found.label == label and found.confidence >= whole.confidence:
            return part
    return text.strip()


def corrected_span(text: str, label: str | None, choices: Sequence[Choice]) -> str:
    """Of words that take one answer back for another ("no, I mean yes") or say it again
    in other words ("no, I mean, not a real one"), the words after the correction marker,
    when they alone give the answer ``label`` and the words before it an answer too: said
    back whole, "no, you mean yes" would quote the answer the listener took back, and
    "you mean" turn their "I mean" into words of the narrator's. ``text`` itself
    otherwise ("yes, I mean it": nothing after it answers)."""
    if label is None:
        return text
    for before, after in corrections(text):
        if match_answer(normalize(after), choices).label == label and \
                match_answer(normalize(before), choices).label is not None:
            return after.strip(" ,;:-")
    return text


_LEADING_INTERJECTION = re.compile(
    r"^\s*(?:yes|yeah|yep|yup|yea|ya|aye|no|nah|nope|naw|oh|well|ok|okay|so|um|uh|hmm)"
    r"\s*[,.!]+\s+(?=\S)", re.IGNORECASE)


def without_interjection(text: str, label: str | None, choices: Sequence[Choice]) -> str:
    """A transcript's ``text`` without a leading interjection ("Yeah, …", "No, …", "Oh, …")
    when the rest carries the answer ``label`` alone: Whisper writes the interjections it
    hears in its own forms ("Yeah" for "yep", "No" for "nah"), the one word of an answer
    it most often changes; the rest is kept as the listener's ("you'd go along with
    that"). Kept when the rest needs it ("Yes and no, …") or gives no answer of its own
    ("Yes, I'd say it is"). Typed words are the listener's as they are: not for them."""
    found = _LEADING_INTERJECTION.match(text)
    if label is None or found is None:
        return text
    rest = text[found.end():]
    whole = match_answer(normalize(text), choices, slips=False)
    alone = match_answer(normalize(rest), choices, slips=False)
    if whole.label == label and alone.label == label and alone.confidence >= whole.confidence:
        return rest
    return text


def mirror(words: str | None, trusted: bool, meaning: str | None,
           canonical: str | None, label: str | None = None,
           answers: Sequence[Choice] = ()) -> str | None:
    """What ``{heard}`` says for one answer: the listener's ``words`` said back when they
    are ``trusted`` — given the ``answers`` the point offered and the ``label`` taken,
    only the part of them that is surely theirs (:func:`answer_span`) — else the answer's
    ``canonical`` form, else its ``meaning``'s, else nothing."""
    if trusted and words:
        said = spoken_back(answer_span(corrected_span(words, label, answers), label, answers)
                           if answers else words)
        if said:
            return said
    if canonical:
        return canonical
    return CANONICAL.get(meaning) if meaning else None

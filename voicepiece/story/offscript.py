"""Replies that are none of a listening point's answers: a question back to the narrator
("what do you mean?"), or an open answer in the listener's own words ("I loved her").

A question back is asked again (the point's ``explain``) instead of being taken for an
unclear answer; an open answer is received (the point's ``open``) instead of being met with
"I'm not sure I understood". Both read words, so they are decided by rules on the words
alone, with the phrase lists of offscript.yaml:

- a reply asks back when it holds one of the ``asking`` phrases with no negation shortly
  before it ("no need to repeat that" does not ask), or is one of the ``asking_alone``
  words with nothing but filler around it ("sorry?" asks, "sorry, from within" answers),
  or ends with one of the ``asking_at_end`` phrases ("sorry, I didn't follow" asks, "I
  didn't follow my heart" answers), or asks in so many words to hear the question again
  or what the narrator means (see :func:`_asks_to_say_again`, :func:`_asks_what_is_meant`);
- a reply is an open answer only when its words are trusted (typed, or an open transcript
  the recognizer vouches for: ``Heard.own_words``), it says something — a word that is
  neither filler ("um", "well") nor a small word of grammar ("I", "the") — it is no
  question ("what time is it?", with its question mark), it is not a known non-answer
  ("thank you", what recognizers make of noise), it is not addressed to someone else ("tell
  her I said hi", "hang on a sec", "where's the toilet": story/elsewhere.py), and it is not
  wholly a built-in meaning the point does not offer: "I don't know" stays unsure, never
  open.

Speech that was not understood never gets here as trusted words, so it stays unclear.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib import resources

import yaml

from voicepiece.story.elsewhere import addressed_elsewhere
from voicepiece.story.matching import Match, match_answer
from voicepiece.story.model import Answer
from voicepiece.story.phrases import (
    BUILTIN_MEANINGS,
    Choice,
    builtin_phrases,
    understood_phrases,
    unique,
)
from voicepiece.story.wording import EVERYDAY_WORDS, FUNCTION_WORDS, normalize, phrase_spans

__all__ = ["OPEN_RELEVANCE_FLOOR", "asks_about_the_question", "asks_back", "is_open_answer",
           "wholly_a_meaning"]

OPEN_RELEVANCE_FLOOR = 0.30
"""The least relevance to the question (the sentence model's nearest similarity of the
reply to the question and its answers' own phrases) an open answer needs; without a
model, the rules alone decide. Chosen on tests/data/meanings-tuning.tsv only, to keep 106
of its 107 answers (a personal answer turned away hurts more than a stray one taken in):
it turns away 22 of its 31 off-topic sentences. The small model tells them apart poorly:
0.32 would keep 102 and turn away 24."""

WHOLLY_A_MEANING = 0.95
"""The matcher's confidence (0.75 + 0.25 × the share of words its phrases explain) at which
a reply *is* a built-in meaning ("I don't know", "not for me"), and so no open answer: 80%
of its words. "I think it comes from god" holds a phrasing of yes but says more."""

_ASIDE = (r"(?:honestly|frankly|truthfully|in all honesty|to be honest|to be fair|"
          r"if i am (?:being )?honest|to tell (?:you )?the truth)")
_ASIDES = re.compile(rf"^(?:{_ASIDE}\s+)+|(?:\s+{_ASIDE})+$")
"""Words that vouch for an answer and say nothing of it, before or after it: "no idea,
honestly" is wholly "no idea" (:func:`wholly_a_meaning`); "how honestly you love" keeps
its "honestly", which says something."""


def wholly_a_meaning(text: str, choices: Sequence[Choice], slips: bool = True) -> Match:
    """The matcher's reading of ``text`` among ``choices`` with its asides left out
    (:data:`_ASIDES`), whose confidence says how wholly the words are that answer (against
    :data:`WHOLLY_A_MEANING`): counted as words the answer leaves unexplained, "honestly"
    made "no idea, honestly" an answer in part only, received as an open answer where a
    point takes them — "No idea honestly. I hadn't thought of it quite like that." (issue
    13, twentieth pass)."""
    plain = _ASIDES.sub("", normalize(text)).strip()
    return match_answer(plain or text, choices, slips=slips)


_NEGATORS = frozenset({"not", "no", "never", "without"})
_NEGATION_REACH = 3

_SMALL_WORDS = frozenset({
    "i", "me", "my", "mine", "you", "your", "he", "him", "his", "she", "her", "it", "its", "we",
    "us", "our", "they", "them", "their", "this", "that", "these", "those", "there", "here",
    "is", "am", "are", "was", "were", "be", "been", "being", "do", "does", "did", "have", "has",
    "had", "will", "would", "can", "could", "shall", "should", "may", "might", "must", "a",
    "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "as", "up", "out", "off", "into", "about", "then", "than", "too", "very", "what",
    "which", "who", "how", "when", "where", "why", "yes", "no", "not",
})
"""Words of grammar: a reply made only of these ("I", "it is") says nothing yet."""
_NUMBERS = frozenset({
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
    "eighty", "ninety", "hundred", "thousand", "million", "number",
})
"""Nor does a number: no question of a piece is answered by "twenty seven" alone."""


_BUILTIN_CHOICES = tuple(Answer(label=m, meaning=m, phrases=(), say=(), next=None)
                         for m in BUILTIN_MEANINGS)
"""Every built-in meaning, offered or not: a reply that gives one is no open answer."""


@cache
def _lists() -> dict[str, tuple[tuple[str, ...], ...]]:
    source = resources.files("voicepiece.story").joinpath("offscript.yaml").read_text("utf-8")
    data = yaml.load(source, Loader=yaml.BaseLoader)
    keys = ("asking", "asking_alone", "asking_at_end", "filler", "not_answers")
    if not isinstance(data, dict) or set(data) != set(keys):
        raise ValueError(f"offscript.yaml must map exactly {keys} to phrase lists")
    return {k: tuple(tuple(p.split()) for p in unique(normalize(p) for p in data[k]))
            for k in keys}


@cache
def _meaning_phrases() -> frozenset[str]:
    """Every phrasing of the built-in meanings: a reply that is one of them answers."""
    return frozenset(p for lists in (builtin_phrases(), understood_phrases())
                     for phrases in lists.values() for p in phrases)


def _filler() -> frozenset[str]:
    return frozenset(w for phrase in _lists()["filler"] for w in phrase)


def asks_back(text: str | None) -> bool:
    """Whether ``text`` is the listener asking the narrator back: to explain or repeat the
    question, rather than answering it."""
    tokens = tuple(normalize(text or "").split())
    if not tokens or " ".join(tokens) in _meaning_phrases():
        return False  # "uh huh" is yes, though "huh?" asks back
    lists = _lists()
    if any(not _negated(tokens, start) for start, _ in phrase_spans(tokens, lists["asking"])):
        return True
    filler = _filler()
    plain = tuple(t for t in tokens if t not in _INTENSIFIERS)
    if any(all(t in filler or t in _SMALL_OBJECTS for t in said[end:])
           for said in {tokens, plain} for _, end in phrase_spans(said, lists["asking_at_end"])):
        return True
    tokens = _apology_as_sorry(tokens)
    rest = tuple(t for t in tokens if t not in filler) or tokens
    return (rest in lists["asking_alone"] or _alone(tokens, lists["asking_alone"], filler)
            or _short_wh_question(text or "", tokens) or _echo_question(text or "", tokens)
            or _asks_to_say_again(tokens) or _asks_what_is_meant(text or "", rest)
            or _asks_what_the_answers_were(rest))


_INTENSIFIERS = frozenset({"really", "quite", "totally", "fully", "entirely", "completely",
                           "honestly", "actually"})
"""Words that only strengthen a phrase of not having followed: "I really don't understand"
is "I don't understand", "I didn't totally follow" is "I didn't follow"."""
_SMALL_OBJECTS = frozenset({"this", "that", "it", "one", "you", "part", "bit", "last",
                            "bits", "all"})
"""What may follow a phrase of not having followed at the end of a reply, besides filler:
"I don't understand this one", "I didn't get the last bit" ask as "I don't understand"
does; "I didn't follow my heart" still answers (issue 13, eighteenth pass)."""


def _apology_as_sorry(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """``tokens`` with a leading "I'm sorry" read as "sorry", filler around a question back
    like it: "I'm sorry, what?" asks as "sorry, what?" does."""
    return tokens[2:] if tokens[:3] == ("i", "am", "sorry") else tokens


def _alone(tokens: tuple[str, ...], phrases: tuple[tuple[str, ...], ...],
           filler: frozenset[str]) -> bool:
    """Whether ``tokens`` are one of ``phrases`` with nothing but filler around it. The
    phrase is found whole, filler words of its own included: "come again?" asks, though
    "again" alone is filler around a question back ("sorry, again?")."""
    return any(all(t in filler for t in (*tokens[:start], *tokens[end:]))
               for start, end in phrase_spans(tokens, phrases))


_REQUESTING = frozenset({"can", "could", "would", "will"})
_SPEAKING = frozenset({
    "say", "saying", "ask", "asking", "repeat", "repeating", "rephrase", "rephrasing",
    "explain", "explaining", "reword", "list", "remind",
})
"""Verbs of saying something again or otherwise, after a request ("could you ..."): "can
you say that louder", "could you explain"."""
_GOING_OVER = frozenset({"go", "going", "run", "running", "put", "putting", "read"})
_OVER_AGAIN = frozenset({"over", "through", "by", "past", "again", "differently", "another",
                         "out", "back"})
"""Verbs that say it again only with one of these after them: "would you mind going over
that", "will you read that out", "could you put it differently" — not "will you go"."""
_MEANING = frozenset({"mean", "meant", "meaning", "asking", "saying", "getting", "talking",
                      "ask", "say", "said", "asked"})
"""Verbs of what the narrator means or asks, after "you": "what are you getting at?"."""
_REQUEST_REACH = 3


def _asks_to_say_again(tokens: tuple[str, ...]) -> bool:
    """Whether the reply asks the narrator to say the question again or otherwise: "can
    you", "could you", "would you", "will you" and within three words a verb of saying
    ("could you please run that by me again", "will you repeat" cut short by the
    recognizer). Not after a denial, nor with one in between."""
    for at in range(len(tokens) - 1):
        if tokens[at] in _REQUESTING and tokens[at + 1] == "you" and not _negated(tokens, at):
            reach = tokens[at + 2:at + 2 + _REQUEST_REACH]
            if "not" in reach:
                continue
            if not _SPEAKING.isdisjoint(reach) or any(
                    t in _GOING_OVER and not _OVER_AGAIN.isdisjoint(tokens[at + 3 + i:
                                                                           at + 6 + i])
                    for i, t in enumerate(reach)):
                return True
    return False


def _asks_what_is_meant(text: str, rest: tuple[str, ...]) -> bool:
    """Whether the reply asks what the narrator means or is asking: "you" and within two
    words a verb of meaning or asking, in a question (a question mark, or a "what", "how",
    "who" or "which" first: "what are you getting at", "so are you saying she's lonely?").
    "I see what you mean" states, and agrees; it does not ask. A reply that opens on the
    narrator and what it means ("you mean his love or hers", "do you mean who we marry",
    "so you're asking where it lives") asks without its question mark, which Whisper
    mostly leaves out of an accented voice's rising question (issue 13, eighteenth pass:
    6 of the spoken development fit half's 29 questions back not explained)."""
    opening = 1 if rest[:1] == ("you",) else 2 if (
        len(rest) > 1 and rest[0] in _ASKING_OPENERS and rest[1] == "you") else 0
    if opening and not _MEANT.isdisjoint(rest[opening:opening + 2]):
        return True
    if not (text.rstrip().endswith("?") or (bool(rest) and rest[0] in _WH_WORDS)):
        return False
    return any(t == "you" and not _MEANING.isdisjoint(rest[i + 1:i + 3])
               for i, t in enumerate(rest))


_ASKING_OPENERS = frozenset({"do", "did", "are", "were"})
_MEANT = frozenset({"mean", "meant", "asking", "saying"})
"""Of :data:`_MEANING`, the verbs that ask what the narrator means at the opening of a
reply: not "said" or "asked", which open an answer that quotes the question ("you asked
if it's real: yes"), nor "talking", which opens one at a point about friendship ("you're
talking with them, not at them")."""


_WH_WORDS = frozenset({"what", "who", "whom", "which", "how"})
_THE_ANSWERS = frozenset({"choice", "choices", "option", "options", "alternatives"})
"""What a listener calls the answers offered when asking what they were."""
ANSWERS_REACH = 4
"""How many words before "choices", "options" a "what", "which" or "missed" asks what the
answers were ("what were the two choices", "which were the options", "I missed the
choices"), with only :data:`_ABOUT_THE_ANSWERS` words between: "what matters is the
choice we make" answers."""
_ABOUT_THE_ANSWERS = frozenset({"is", "are", "was", "were", "the", "two", "three", "my",
                                "both", "those", "these", "other", "first", "second",
                                "would", "again", "all"})


_ORDINALS = frozenset({"first", "second", "third", "last", "other"})
"""Before "one" or "ones", a name for one of the answers offered: "what was the second
one?", "I didn't catch the other one" (issue 13, eighteenth pass)."""
_NOT_HEARD = frozenset({"missed", "catch", "caught"})
"""Verbs that, like "what" and "which", ask for the answers named after them: "I missed
the choices", "I didn't catch the second one"."""


def _names_the_answers(rest: tuple[str, ...], at: int) -> bool:
    """Whether ``rest[at]`` names the answers offered: "choices", "options", or "one(s)"
    after an ordinal ("the second one")."""
    return rest[at] in _THE_ANSWERS or (rest[at] in ("one", "ones") and at > 0
                                        and rest[at - 1] in _ORDINALS)


def _asks_what_the_answers_were(rest: tuple[str, ...]) -> bool:
    """Whether the reply asks what the answers offered were: a "what", "which" or
    "missed" shortly before "choices" or "options" ("wait, what were the two choices?",
    "what are my options", "I missed the choices"). Issue 13, seventeenth pass: such
    questions back were answered as unclear, or once the point's example open answers
    let them in, as open."""
    for at in range(len(rest)):
        if not _names_the_answers(rest, at):
            continue
        for start in range(max(0, at - ANSWERS_REACH), at):
            if ((rest[start] in ("what", "which") or rest[start] in _NOT_HEARD)
                    and set(rest[start + 1:at]) <= _ABOUT_THE_ANSWERS | _ORDINALS):
                return True
    return False
SHORT_QUESTION = 5
"""Up to this many words, a reply written as a question around "what", "who", "which" or
"how" asks about the question ("what combustion?", "alone how?", "true or what?") — unless
it holds a built-in meaning ("who knows?", "how should I know?" are unsure), or is a
question of its own about a pronoun ("what time is it?", "how old are you?", "how long
is this?" ask about something else: off-list, not a question back, where "what's a
construct?" asks about the question's words)."""
_PRONOUNS = frozenset({"i", "you", "he", "she", "it", "we", "they", "there", "this"})
"""And "this": the thing before the visitor ("how long is this?", "who made this?"), not
the question."""


_PREPOSITIONS = frozenset({"in", "from", "by", "through", "with", "of", "on", "at", "into",
                           "for", "to", "within", "between", "about"})
RELATIVE_REACH = 2
"""A "what" after a preposition with at least this many words after it opens a clause of
its own, an answer offered as a question ("in what two people share?", "by what they
say?"); with fewer it asks ("in what way?", "from what?")."""


def _short_wh_question(text: str, tokens: tuple[str, ...]) -> bool:
    return (text.rstrip().endswith("?") and len(tokens) <= SHORT_QUESTION
            and not _WH_WORDS.isdisjoint(tokens) and _PRONOUNS.isdisjoint(tokens)
            and not _answer_as_question(tokens) and not _wh_meaning(tokens))


def _wh_meaning(tokens: tuple[str, ...]) -> bool:
    """Whether a short question gives a built-in meaning by its question word ("who
    knows?", "who can tell?" are unsure): the meaning is gone without it. A meaning that
    stays is a hedge inside the question, not an answer: "what are social norms exactly?"
    asks, though "exactly" alone is yes (issue 13, eighteenth pass)."""
    if match_answer(" ".join(tokens), _BUILTIN_CHOICES).label is None:
        return False
    rest = " ".join(t for t in tokens if t not in _WH_WORDS)
    return match_answer(rest, _BUILTIN_CHOICES).label is None


_ECHO_WORDS = frozenset({"what", "who", "whom"})


def _echo_question(text: str, tokens: tuple[str, ...]) -> bool:
    """Whether the reply is an echo question: a question ending on "what", "who" or
    "whom" in the place of a word of the question it did not take in ("is he what?",
    "a real relationship between whom?", "the definition of love according to who?").
    No answer ends so; "who knows?" ends otherwise (issue 13, eighteenth pass). Without
    its question mark, only after a preposition."""
    if len(tokens) < 2 or tokens[-1] not in _ECHO_WORDS:
        return False
    if text.rstrip().endswith("?"):
        return not _wh_meaning(tokens)
    # Whisper mostly writes an accented rising question with a full stop: then only a
    # question word after a preposition ("between whom.", "according to who.") that gives
    # no built-in meaning ("it depends on who" is unsure)
    return tokens[-2] in _PREPOSITIONS and match_answer(
        " ".join(tokens), _BUILTIN_CHOICES).label is None


def _answer_as_question(tokens: tuple[str, ...]) -> bool:
    """Whether a short question is an answer said with a rising voice: a preposition, then
    "what" or "who" and a clause ("in what two people share?", "from who raised us?") —
    a place or a source named by what happens there, which the matcher may read. "What
    combustion?", "alone how?", "in what way?" and "true or what?" still ask."""
    return any(t in ("what", "who") and at > 0 and tokens[at - 1] in _PREPOSITIONS
               and len(tokens) - at - 1 >= RELATIVE_REACH for at, t in enumerate(tokens))


def _negated(tokens: tuple[str, ...], start: int) -> bool:
    return any(t in _NEGATORS for t in tokens[max(0, start - _NEGATION_REACH):start])


def is_open_answer(text: str | None, trusted: bool, relevance: float | None = None) -> bool:
    """Whether ``text``, none of a point's answers, is an open answer the point may take
    in: see the module's note. ``relevance`` is the hook for a matcher that measures how
    near the reply is to the question (:data:`OPEN_RELEVANCE_FLOOR`)."""
    if not trusted or not text or text.rstrip().endswith("?"):
        return False  # a question ("what time is it?") asks; the narrator cannot take it in
    tokens = tuple(normalize(text).split())
    lists = _lists()
    if not tokens or tokens in lists["not_answers"] or addressed_elsewhere(text):
        return False
    filler = _filler()
    if all(t in filler or t in _SMALL_WORDS or t in _NUMBERS or t.isdigit() for t in tokens):
        return False
    meaning = match_answer(text, _BUILTIN_CHOICES)
    if meaning.label is not None and meaning.confidence >= WHOLLY_A_MEANING:
        return False
    floor = OPEN_RELEVANCE_FLOOR
    return relevance is None or floor is None or relevance >= floor


_ASKING_VERBS = frozenset({"is", "are", "was", "were", "does", "do", "did", "would", "makes",
                           "make", "counts", "count", "means", "mean"})


def asks_about_the_question(text: str | None, asked: str | None) -> bool:
    """Whether ``text`` asks about the question ``asked``: a question opening on "what",
    "which" or "who" and its verb ("what would make it true love?", "what counts as a real
    relationship?") that takes up a word of substance of the question. A question about
    something else ("what time is it?") takes up none, and "how could it be true love?"
    (a rhetorical no) opens otherwise (issue 13, eighteenth pass)."""
    if not text or not asked or not text.rstrip().endswith("?"):
        return False
    filler = _filler()
    rest = tuple(t for t in normalize(text).split() if t not in filler)
    if len(rest) < 3 or rest[0] not in ("what", "which", "who") or rest[1] not in _ASKING_VERBS:
        return False
    substance = set(normalize(asked).split()) - FUNCTION_WORDS - EVERYDAY_WORDS - _SMALL_WORDS
    return not _wh_meaning(rest) and not substance.isdisjoint(rest[2:])

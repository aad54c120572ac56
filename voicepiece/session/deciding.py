"""What one turn was: an answer, a question back, an open answer, unclear or silence.

Pure: the session asks it once per turn, and the listening bench asks it the same way,
so the bench measures the decision a listener gets. Typed, rendered and live answers take
one path: whatever the ear leaves undecided is read here, with the sentence model and the
question that was asked (story/meaning.py), so an echo of the question is never an answer,
however the words came.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from voicepiece.session.events import Heard, Question
from voicepiece.session.open_reading import (
    Nearness,
    nearer_an_example,
    nearness,
    relevance,
    trusted_as_open,
)
from voicepiece.story.asking import reads_as_asking
from voicepiece.story.echoes import after_echo
from voicepiece.story.elsewhere import addressed_elsewhere
from voicepiece.story.matching import MEANING_CONFIDENCE, Match, Similarity, match_answer
from voicepiece.story.meaning import (
    EITHER_MARGIN,
    GIST_MARGIN,
    OPEN_MARGIN,
    OUTRIGHT_MARGIN,
    gist_lead,
    loose_own_answer,
    rival_answer,
)
from voicepiece.story.mirror import sure_to_say_back
from voicepiece.story.mirrors import either_words
from voicepiece.story.model import EXPLAIN, OPEN, SILENCE, UNCLEAR, Listen, Node, every_line
from voicepiece.story.offscript import (
    WHOLLY_A_MEANING,
    asks_about_the_question,
    asks_back,
    is_open_answer,
    wholly_a_meaning,
)
from voicepiece.story.wording import normalize

__all__ = ["Decision", "after_check", "asked_words", "decide", "decide_turn", "said_back"]


class Decision(NamedTuple):
    """A turn's label and how sure it is; ``confirm``: check it with the listener first
    ("is that what you said?"), and ``nearly_sure``: silence to that check is consent;
    ``refused``: what a "no" to that check leaves — unclear (the question is asked again),
    or ``open`` where the point would have received the words as an open answer had they
    not been read as this one: the listener said something of their own, just not that;
    ``rival``: another of the point's own answers the words come nearly as near in meaning
    (story/meaning.py ``rival_answer``), which the check offers beside ``label`` ("by
    listening, or by opening up?"); None: the check is a yes/no one."""

    label: str
    confidence: float
    confirm: bool = False
    nearly_sure: bool = False
    refused: str = UNCLEAR
    rival: str | None = None


def after_check(decision: Decision, agreed: bool | str) -> str:
    """What a checked ``decision`` leaves once the listener has answered the check: its
    label on a yes (``agreed`` True); the answer they chose of the two a check offered
    (``agreed``: ``decision.label`` or ``decision.rival``); on a no, or anything else,
    ``decision.refused`` (unclear: the question is asked again; or an open answer the
    point receives). The one place a check is turned into a turn's label: the session's
    check (session/confirming.py) and the benches' truthful listener
    (scripts/bench_listening_results.py ``ending``) both end a checked turn here, so a
    bench counts the branch a listener gets."""
    if agreed is True or agreed == decision.label:
        return decision.label
    if decision.rival is not None and agreed == decision.rival:
        return decision.rival
    return decision.refused


def asked_words(node: Node) -> str | None:
    """The words of the line that asked ``node``'s question (every variant), for
    :func:`decide`'s ``asked``."""
    asked = node.question
    return " ".join(line.text for line in every_line([asked])) if asked else None


def said_back(heard: Heard, label: str) -> bool:
    """Whether ``heard``'s words, taken as ``label``, are the listener's own to say back
    and to quote later: its own words (``Heard.own_words``) sure enough, all together, to
    say back (``Heard.quotable``), and, for an open answer heard through a recognizer (a
    typed one has no ``label`` from an ear), a short one (story/mirror.py,
    ``sure_to_say_back``)."""
    return heard.own_words and heard.quotable and sure_to_say_back(
        heard.text, label, heard.label is not None)


def decide_turn(heard: Heard, question: Question, listen: Listen | None = None,
                meanings: Similarity | None = None, asked: str | None = None) -> Decision:
    """:func:`decide`, and whether to confirm it: the ear's own unsureness for an answer
    it found; always for a spoken answer only the sentence model read in the listener's
    own words (the ear found none: a reading by meaning is checked before it is acted on,
    as a transcript's always was); never for typed words, a question back or an open
    answer; and for an answer of the piece's own the ear took outright from words that come
    nearly as near another (:data:`CHECK_NEAR_ALIKE`), both offered."""
    label, confidence = decide(heard, question, listen, meanings, asked)
    if label in (SILENCE, UNCLEAR, OPEN, EXPLAIN):
        return Decision(label, confidence)
    refused = OPEN if _takes_open(heard, _open_near(heard, question, listen, meanings, asked),
                                  refusal=True) else UNCLEAR
    if heard.label == UNCLEAR:  # the ear heard no answer: the words were read here
        return Decision(label, confidence, confirm=True, refused=refused,
                        rival=_rival(heard, label, question, listen, meanings))
    if heard.label in {c.label for c in question.choices} and label != heard.label:
        # an answer the ear found, read otherwise here (the question's echo set aside,
        # _after_echo): the ear vouched for its own answer, not this one, so it is checked
        return Decision(label, confidence, confirm=True, refused=refused)
    if not heard.confirm and CHECK_NEAR_ALIKE and (heard.own_words or heard.sure_words):
        rival = _rival(heard, label, question, listen, meanings, OUTRIGHT_MARGIN)
        if rival is not None:  # taken outright, yet nearly as near another own answer
            return Decision(label, confidence, confirm=True, refused=refused, rival=rival)
    rival = (_rival(heard, label, question, listen, meanings)
             if heard.confirm and not heard.nearly_sure else None)
    return Decision(label, confidence, heard.confirm, heard.nearly_sure, refused, rival)


CHECK_NEAR_ALIKE = True
"""Whether an answer of the piece's own the ear would take outright from the listener's
words (the rules found one of its phrases in Whisper's words, alone or with the grammar)
is checked two ways instead ("by listening, or by opening up?") where by meaning the words
come as near, or nearly (meaning.OUTRIGHT_MARGIN), another own answer the piece can name.
The rules find a phrase in a sentence that says something else ("whatever the family
agrees to" read as *true* at her *entangled* while by meaning it is *acceptable* by 0.27;
open answers such as "I think it's a matter of courage", *true* by 0.04): taken outright,
a wrong branch nobody checked. On the development fit halves (scripts/own_accepted.py,
the spoken caches and the written items as sure words) every own answer taken outright
and right led the next own answer by 0.15 or more but one sentence (0.00, "from yourself
first, before anybody else"); every one taken wrongly, and 5 of the 7 open answers taken
as an own answer, by under 0.05."""


def _rival(heard: Heard, label: str, question: Question, listen: Listen | None,
           meanings: Similarity | None, margin: float = EITHER_MARGIN) -> str | None:
    """The answer a check of ``label`` offers beside it (``Decision.rival``): spoken words
    only (typed ones are never checked) that come nearly as near another of the point's
    own answers by meaning (meaning.rival_answer), where the point can name both
    (mirrors.either_words: an answer with neither a canonical form nor a meaning's, such
    as her *acceptable*, cannot be offered by name)."""
    if meanings is None or heard.text is None or heard.label is None or listen is None:
        return None
    rival = rival_answer(heard.text, label, question.choices, meanings, margin)
    return rival if rival and either_words(listen, label, rival) else None


def decide(heard: Heard, question: Question, listen: Listen | None = None,
           meanings: Similarity | None = None, asked: str | None = None) -> tuple[str, float]:
    """The label of one turn, and how sure it is. At a listening point (``listen``), a
    question back ("what do you mean?") is ``explain`` whatever it may also match ("I
    don't understand the question" is not "no"), and an understood reply that is none of
    the answers is ``open`` where the point takes open answers (story/offscript.py).
    ``meanings`` reads what the rules leave undecided by meaning (story/meaning.py);
    ``asked``, the words of the question, lets it tell an echo of the question from an
    answer. Words the ear rejected (``unclear``) are read again only when they are an
    open transcript the ear is sure of (``own_words``, or ``sure_words``: sure enough to
    read, not to say back; either reading is confirmed, :func:`decide_turn`) and a
    sentence model is given: the ear's rules found no answer in them, the model may
    (Heard "I loved her" at a point whose answer is "love") — unless they are talk
    addressed to someone else (story/elsewhere.py: "it's some kind of speaker" lies
    nearest "unsure"). Only the listener's own words may be an open answer; spoken words
    read by neither but nearest one of the piece's own answers are that answer, checked, or
    asked again when negated (meaning.loose_own_answer), not received as open — unless
    they lie nearer one of the point's example open answers than any answer's phrases
    (open_reading.nearer_an_example), as any reading by meaning does: the author said
    what such words are. Words read as no answer at all may still be a question back in a
    phrasing the rules do not know: the sentence model's question-back reading says so
    (story/asking.py)."""
    if heard.text is None or not heard.text.strip():
        return SILENCE, 1.0
    if listen is not None and (asks_back(heard.text) or asks_about_the_question(
            heard.text, asked)) and not _one_of_its_phrases(heard.text, question):
        return EXPLAIN, heard.confidence
    offered = {c.label for c in question.choices}
    if heard.label in offered:
        if _builtin_in_part(heard, question, listen, meanings, asked):
            return OPEN, heard.confidence
        return _after_echo(heard, question, asked), heard.confidence
    heard_by_ear = heard.label == UNCLEAR  # a recognizer's whole words: no typing slips
    if heard_by_ear and addressed_elsewhere(heard.text):
        return UNCLEAR, heard.confidence
    readable = heard.own_words or heard.sure_words  # a reading of the latter is confirmed
    match = (None if heard_by_ear and not (readable and meanings)
             else match_answer(heard.text, question.choices, meanings, asked,
                               slips=not heard_by_ear))
    near = _open_near(heard, question, listen, meanings, asked)
    takes_open = _takes_open(heard, near)
    example_first = (takes_open and heard_by_ear and match is not None
                     and match.lead is not None and _nearer_an_example(near))
    if match is not None and match.label is not None and not example_first and not (
            takes_open and _only_near_a_builtin(match, question, heard.text, meanings)
            and not (heard_by_ear and CONFIRM_LOOSE and _loose_own(match, question))):
        return match.label, heard.confidence * match.confidence
    if listen is not None and (readable or not heard_by_ear) and reads_as_asking(
            heard.text, meanings):  # no answer read in them: the manner of asking may be
        return EXPLAIN, heard.confidence
    loose = (loose_own_answer(heard.text, question.choices, meanings, asked)
             if heard_by_ear and readable and meanings is not None else None)
    if loose is not None:  # clear spoken words nothing else read: checked (or, negated,
        # asked again), not received as open (meaning.py)
        label, denied = loose
        if denied:
            return UNCLEAR, heard.confidence
        if not (takes_open and _nearer_an_example(near)):
            return label, heard.confidence * MEANING_CONFIDENCE
    if takes_open:
        return OPEN, heard.confidence
    return UNCLEAR, heard.confidence


def _open_near(heard: Heard, question: Question, listen: Listen | None,
               meanings: Similarity | None, asked: str | None) -> Nearness | None:
    """``heard``'s words' nearness to a point that takes open answers (None: the point
    takes none, or nothing was said), read once for every test of a turn below."""
    if listen is None or listen.open is None or heard.text is None:
        return None
    return nearness(heard.text, question, meanings, asked, listen.open.phrases)


def _takes_open(heard: Heard, near: Nearness | None, refusal: bool = False) -> bool:
    """Whether the point would receive ``heard``'s words (at ``near``, :func:`_open_near`)
    as an open answer: words it trusts as the listener's own (session/open_reading.py: the
    listener's own words, spoken ones only when not too near one of its answers; after a
    ``refusal`` of a reading, any words sure enough to read) that say something about the
    question (story/offscript.py)."""
    if near is None or heard.text is None:
        return False
    return is_open_answer(heard.text, trusted_as_open(heard, near, refusal),
                          relevance(heard, near))


CONFIRM_LOOSE = True
"""Whether a spoken answer read loosely as one of the piece's own answers (a lead under
OPEN_MARGIN that its gist does not bear out) is checked with the listener ("by listening…
is that what you said?") rather than received as an open answer. A reading of spoken
words by meaning is always confirmed (:func:`decide_turn`), so a wrong one costs a
question, never a wrong branch; received as open, the listener's own answer is lost.
Typed words have no check: for them a loose reading stays an open answer."""


BUILTIN_IN_PART = True
"""Whether, where a point takes open answers, the rules' reading of a built-in meaning it
gives no phrases of its own, from part of the words only, stands aside for an open answer
(:func:`_only_near_a_builtin`), and so does the ear's (:func:`_builtin_in_part`). Chosen
on the spoken open-answer set's fit half (scripts/bench_open_answers.py): every such
reading of the development sets' fit items at the her piece's open points is an open
answer; there open answers taken as "not sure" fell 11 -> 8 of 98 turns, no own meaning,
question back or off-list talk changed on any development replay."""


def _builtin_in_part(heard: Heard, question: Question, listen: Listen | None,
                     meanings: Similarity | None, asked: str | None) -> bool:
    """Whether the ear's answer in ``heard`` is a built-in meaning the point gives no
    phrases of its own, read from part of the listener's own words only (the matcher's
    confidence under offscript.WHOLLY_A_MEANING), in words the point would receive as open
    had the ear found no answer in them (:data:`BUILTIN_IN_PART`): "from the stars,
    maybe" heard, its "maybe" taken for *unsure* and received as "not sure"."""
    if not (BUILTIN_IN_PART and heard.own_words and heard.text and listen is not None
            and listen.open is not None):
        return False
    choice = next((c for c in question.choices if c.label == heard.label), None)
    if choice is None or choice.phrases:
        return False
    match = wholly_a_meaning(heard.text, question.choices, slips=False)
    if match.label != heard.label or match.confidence >= WHOLLY_A_MEANING:
        return False
    words = replace(heard, label=UNCLEAR)
    return _takes_open(words, _open_near(words, question, listen, meanings, asked))


def _after_echo(heard: Heard, question: Question, asked: str | None) -> str:
    """The ear's answer in ``heard``, or the one its words give once the question's own
    words said back before it are set aside ("true love? no": the ear, which does not know
    the question, reads a yes and a no, a hedge): only where the words alone, read without
    the question, give the ear's answer, so the echo is all that differs."""
    if not (asked and heard.text and heard.label) or any(c.phrases for c in question.choices) \
            or after_echo(heard.text, asked) is None:  # no echo: no second reading, on the
        return heard.label or UNCLEAR  # path between the last word and the reply
    plain = match_answer(heard.text, question.choices, slips=False)
    echoed = match_answer(heard.text, question.choices, question=asked, slips=False)
    offered = {c.label for c in question.choices}
    return echoed.label if (plain.label == heard.label and echoed.label in offered
                            and echoed.label != heard.label) else heard.label


def _nearer_an_example(near: Nearness | None) -> bool:
    """Whether words at ``near`` lie nearer one of the point's example open answers than
    any of its answers' phrases (open_reading.nearer_an_example): then no reading of them
    by meaning is offered back, and the point receives them as open."""
    return near is not None and nearer_an_example(near)


def _loose_own(match: Match, question: Question) -> bool:
    """Whether ``match`` is a reading by meaning of one of the piece's own answers (with
    phrases of its own): the kind a check can settle."""
    choice = next((c for c in question.choices if c.label == match.label), None)
    return match.lead is not None and choice is not None and bool(choice.phrases)


def _one_of_its_phrases(text: str, question: Question) -> bool:
    """Whether ``text`` is, word for word, a phrase the piece gave one of the answers: a
    piece may offer "again" as an answer, and then it is one, not a question back."""
    said = normalize(text)
    return any(said == normalize(p) for c in question.choices for p in c.phrases)


def _only_near_a_builtin(match: Match, question: Question, text: str,
                         meanings: Similarity | None) -> bool:
    """Whether ``match`` is the sentence model's guess (the rules found nothing) at a
    built-in meaning with no phrases of the piece's own: "from god" lies nearer "from time
    to time" (unsure) than anything else, yet where a point takes open answers it is one.
    A loose reading by meaning (a lead under OPEN_MARGIN) is an open answer too, unless
    its gist bears it out (meaning.gist_lead): "from the people who love us in return" is
    "another" without its frame as well, "from god" only by its "from". So is the rules'
    reading of such a built-in meaning from part of the words only (under
    offscript.WHOLLY_A_MEANING): "from the stars, maybe" is no "not sure", "a lot of
    patience and a bit of luck" none either (issue 13, nineteenth pass)."""
    choice = next((c for c in question.choices if c.label == match.label), None)
    if (BUILTIN_IN_PART and match.lead is None and match.nearest is None and choice is not None
            and not choice.phrases and match.confidence < WHOLLY_A_MEANING
            and wholly_a_meaning(text, question.choices).confidence < WHOLLY_A_MEANING):
        return True
    if match.lead is not None and match.lead < OPEN_MARGIN:
        lead = (gist_lead(text, match.label, question.choices, meanings)
                if meanings is not None and match.label is not None else None)
        if lead is None or lead < GIST_MARGIN:
            return True  # an open answer ("from god" near "another")
    return match.nearest is not None and choice is not None and not choice.phrases

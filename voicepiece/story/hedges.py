"""Rules that read an answer's manner rather than its phrases: how far a negator reaches
("not really true"), words that only stress ("I really think so"), doubt as a negation
("I doubt that very much"), and a no said by what it is not ("not in my book"). Pure
functions over the matcher's clauses (:func:`voicepiece.story.wording.clauses`), used by
:mod:`voicepiece.story.matching`.
"""

from __future__ import annotations

from voicepiece.story.knowing import SOFTENERS as _SOFTENERS

__all__ = [
    "CERTAINTY",
    "HEDGE_WORDS",
    "NEGATORS",
    "QUALIFIERS",
    "certain_of_denial",
    "denied_doubt",
    "doubting",
    "elliptical_no",
    "heard_as_no",
    "litotes",
    "negator_before",
    "not_for_me_to_say",
    "polite_no",
    "without_intensifiers",
]

NEGATORS = frozenset({"not", "never", "hardly", "barely", "scarcely", "neither", "nor"})
_NEGATION_REACH = 3
_SCOPE_BREAKERS = frozenset({"but", "and", "or", "though", "although", "however", "yet"})
_OPINIONS = frozenset({"think", "believe", "feel", "reckon", "suppose", "guess", "say"})
HEDGE_WORDS = frozenset({"sure", "certain", "know", "knows", "knowing"})
"""Words that make a preceding negator part of a hedge ("not sure", "do not know"; "I am
not knowing", the progressive many Indian English speakers use for "I don't know")."""

QUALIFIERS = frozenset({
    "a bit", "a little", "a little bit", "sometimes", "now and then", "every now and then",
    "from time to time", "at times", "once in a while", "on and off", "off and on",
})
"""Unsure phrasings that, inside a longer answer, only say how much or how often ("slowing
down for a bit", "listening a little more"): a hedge on their own, but no match for a
phrase of the piece's own, and no reason not to read the rest by meaning."""

DOUBTING = frozenset({"doubt", "doubts", "doubted"})
"""Negate what follows ("I doubt that very much") unless they are themselves denied."""
_DOUBT_DENIED = frozenset({"no", "without", "a", "any", "little", "beyond"})
_SUBJECTS = frozenset({"i", "it", "he", "she", "they", "we", "that", "this", "you"})
_INTENSIFIERS = frozenset({
    "really", "truly", "honestly", "genuinely", "sincerely", "certainly", "definitely",
    "absolutely", "surely", "sure", "actually",
})
"""Said between a subject and its verb, they only weigh the answer ("I really think so",
"it truly is", "I sincerely doubt it"): read without them."""
_KNOWING = frozenset({"tell", "say", "know", "decide", "judge", "answer", "sure", "certain",
                      "be", "thought", "considered", "given", "pondered", "wondered"})
"""Verbs (and "sure", "certain") whose denial is a hedge, not a no: "can't tell",
"don't know", "not sure", "couldn't say"; and of having thought it over: "I haven't
really considered it" is "I haven't considered it", not the no of "not really"."""
_SOFTENED_NEGATORS = frozenset({"not", "never"})
_DOUBT_WEIGHTS = frozenset({"single", "slightest", "smallest", "tiny", "shred"})
"""Between an article and "doubt" they only weigh it: "without a single doubt" is "without a
doubt"."""
_DEFERRING = frozenset({"now", "yet", "today", "tonight", "here", "right"})
"""After "not", words that put the question off ("not now, I'm busy")."""
_OPENERS = frozenset({"well", "oh", "hmm", "um", "uh", "er", "erm", "honestly", "actually"})
"""Words an answer may open with before it says anything."""


def doubting(clause: tuple[str, ...], at: int) -> bool:
    """Whether clause[at] is a doubt that negates what follows it ("I doubt that it is"),
    not one that is denied ("no doubt", "without a doubt")."""
    return clause[at] in DOUBTING and (at == 0 or clause[at - 1] not in _DOUBT_DENIED)


def denied_doubt(clause: tuple[str, ...], start: int) -> bool:
    """Whether a phrase opens with a doubt that is itself denied: the "doubt it" of "no
    doubt it is" is no evidence of no."""
    return clause[start] in DOUBTING and start > 0 and clause[start - 1] in _DOUBT_DENIED


def elliptical_no(clauses: tuple[tuple[str, ...], ...]) -> str | None:
    """The words of a no said by what it is not — an answer that opens with "not" or
    "never" and goes on ("not in my book", "never in a million years") — or None. Ask
    only when no phrase was found, and only where no is a built-in meaning on offer.
    "Not now", "not yet" put the question off; they do not answer it."""
    words = [t for t in clauses[0] if t not in _OPENERS] if clauses else []
    if len(words) < 2 or words[0] not in ("not", "never") or words[1] in _DEFERRING:
        return None
    return " ".join(words)


_KNOWERS = frozenset({
    "i", "you", "we", "they", "he", "she", "who", "people", "one", "me", "us", "them", "him",
    "her", "to", "do", "does", "did", "would", "could", "can", "will", "should", "might",
    "may", "must", "really", "even", "just", "quite", "actually", "honestly", "truly",
    "never", "ever", "already", "all", "let",
})
"""Before "know" (or before the "not" before it), words that make it a verb someone knows
with ("I know", "I don't know", "hard to know")."""


def heard_as_no(clause: tuple[str, ...]) -> list[str]:
    """``clause`` as a recognizer's words are read: "know" where nobody knows is the "no"
    it sounds like — Whisper wrote "certainly not know" for "certainly not, no", and
    "know" alone for "no" — while "I know", "I don't know", "hard to know" keep it."""
    out = list(clause)
    for at, word in enumerate(clause):
        if word != "know":
            continue
        before = clause[at - 1] if at else ""
        if before == "not":
            before = clause[at - 2] if at > 1 else ""
        if before not in _KNOWERS:
            out[at] = "no"
    return out


def without_intensifiers(
    clauses: tuple[tuple[str, ...], ...],
) -> tuple[tuple[str, ...], ...]:
    """The clauses without a word that only stresses the verb after a subject: "I really
    think so" is "I think so"; nor one that softens a denied verb of knowing: "I can't
    really tell" is "I can't tell"; nor one that weighs a doubt: "without a single doubt"
    is "without a doubt"; nor a degree after a verb of being: "being more open" is
    "being open". Whole phrases of their own ("I do", "I sure do", "not really sure") keep
    it."""
    return tuple(
        tuple(t for i, t in enumerate(clause)
              if not (t in _INTENSIFIERS and 0 < i < len(clause) - 1
                      and clause[i - 1] in _SUBJECTS)
              and not _softened_hedge(clause, i)
              and not (t in _DOUBT_WEIGHTS and clause[i + 1:i + 2] in (("doubt",),
                                                                     ("doubts",)))
              and not _degree(clause, i))
        for clause in clauses
    )


_BECOMING = frozenset({"be", "being", "is", "am", "are", "was", "get", "getting", "become",
                       "becoming", "feel", "feeling"})
_DEGREES = frozenset({"more", "a", "bit", "little", "lot", "much"})


def _degree(clause: tuple[str, ...], at: int) -> bool:
    """Whether clause[at] is part of a degree ("more", "a bit more") between a verb of
    being and what one is: "being more open" is "being open", "I'm a bit more alone" is
    "I'm alone" — not "less", which takes away ("less alone" is no "alone"). "More or
    less" (a hedge) keeps it."""
    if clause[at] not in _DEGREES:
        return False
    start = at
    while start > 0 and clause[start - 1] in _DEGREES:
        start -= 1
    end = at
    while end < len(clause) - 1 and clause[end + 1] in _DEGREES:
        end += 1
    span = clause[start:end + 1]
    return (start > 0 and clause[start - 1] in _BECOMING and span[-1] == "more"
            and end < len(clause) - 1 and clause[end + 1] != "or")


def _softened_hedge(clause: tuple[str, ...], at: int) -> bool:
    """Whether clause[at] softens a denied verb of knowing ("can not *really* tell", "do
    not *quite* know"); "not really" on its own, or before anything else, stays a no."""
    return (clause[at] in _SOFTENERS and 0 < at < len(clause) - 1
            and clause[at - 1] in _SOFTENED_NEGATORS and clause[at + 1] in _KNOWING
            and not (clause[at + 1] == "be" and at + 2 >= len(clause)))


_ECHO_LEAD = frozenset({
    "of", "course", "yes", "yeah", "yep", "no", "nope", "nah", "well", "oh", "so", "and", "but",
    "um", "uh", "i", "think",
    "guess", "suppose", "believe", "really", "sure", "surely", "definitely", "absolutely",
    "certainly", "actually", "indeed", "totally", "truly", "she", "he", "it", "they", "we",
})
"""Words that may lead an answer echoing the question's verb however long the lead ("yes
I think she is"); other words only in a short answer ("clearly it is")."""
SHORT_ECHO = 6
"""The most words a clause may have for an echo of the verb to be its answer: in a longer
sentence ("had he married … he might have been more respectable than he was") the same
words end a thought and answer nothing."""


def short_echo(clause: tuple[str, ...], start: int, end: int) -> bool:
    """Whether clause[start:end], a phrase of small words ("she is"), answers: it must end
    the clause (or be denied by a last "not"), or its part before an "and" or "but" ("part
    of me says it is and part of me says it isn't", read as the no of "it isn't" alone:
    listening v5's fit half), in a short clause or after leading words."""
    if clause[end:end + 1] in (("and",), ("but",)):
        clause = clause[:end]
    if clause[end:] not in ((), ("not",)):
        return False
    return len(clause) <= SHORT_ECHO or set(clause[:start]) <= _ECHO_LEAD


def negator_before(clause: tuple[str, ...], start: int, end: int | None = None) -> int | None:
    """Where the negator reaching a phrase at clause[start:end] stands, or None.

    A plain "no" negates only what directly follows it, since "no" usually answers on its
    own ("no, it is alone"); "but", "and" and clause breaks end a negator's reach. A
    denied opinion ("I don't think", "I do not believe") reaches to the clause's end:
    "I don't think it comes from inside us" is no "inside us".
    """
    for at in range(start - 1, 0, -1):
        if clause[at] in _SCOPE_BREAKERS:
            break
        if clause[at] in _OPINIONS and clause[at - 1] == "not":
            return at - 1
    for at in range(start - 1, max(start - _NEGATION_REACH, 0) - 1, -1):
        word = clause[at]
        if word in _SCOPE_BREAKERS:
            break
        if word == "no" and at == start - 1:
            return at
        if word in NEGATORS and not _hedging(clause, at, start, end or start + 1):
            return at
        if doubting(clause, at):
            return at
    return None


def _hedging(clause: tuple[str, ...], at: int, start: int, end: int) -> bool:
    """Whether the negator at clause[at] belongs to a hedge ("not sure") and so negates
    nothing else, as in "I do not know if it is". A hedge word of the phrase it reaches
    is that phrase's: the "sure" of "not for sure" is "for sure"'s, denied (read as
    "sure", the "not" hedged nothing and "for sure" was a yes: a swap)."""
    return any(clause[i] in HEDGE_WORDS for i in range(at + 1, min(at + 3, len(clause)))
               if not start <= i < end)


def polite_no(hedges: list[str], last: str, final: bool) -> bool:
    """Whether doubt closed by a plain no is a no said gently ("I'm not so sure it is,
    no"): every hedge denies certainty ("not sure", "not so sure") and a lone "no" ends
    the answer (``final``). "Maybe, no" or "I don't know, no" stay unsure."""
    return final and last in ("no", "nope", "nah") and all(
        h.split()[0] == "not" and h.split()[-1] in HEDGE_WORDS for h in hedges)


CERTAINTY = frozenset({"sure", "certain", "positive", "convinced", "confident"})
"""Said alone they agree ("sure", "I'm certain"); said of a clause they are an opinion verb
like "think", and the answer is the clause's: "I'm pretty certain she doesn't" is a no."""
_CLAUSE_SUBJECTS = _SUBJECTS | {"there", "nobody", "love", "people", "everyone", "someone"}
_DENIALS = NEGATORS | {"no", "nobody", "nothing", "none"}


def certain_of_denial(clause: tuple[str, ...], end: int) -> bool:
    """Whether the certainty word ending at clause[end] governs a denied clause: "(I am
    sure) she is not", "(certain) that he does not" — the answer is that denial, no yes."""
    rest = clause[end:]
    if rest[:1] == ("that",) and rest[1:2] and rest[1] in _CLAUSE_SUBJECTS:
        rest = rest[1:]
    return bool(rest) and rest[0] in _CLAUSE_SUBJECTS and not _DENIALS.isdisjoint(rest[1:])


_NOBODY = (("nobody",), ("no", "one"), ("noone",), ("none", "of", "us"), ("no", "body"))
_KNOWN_BY_NOBODY = frozenset({"know", "knows", "tell", "say", "answer", "sure", "certain"})
_LEFT_OPEN = frozenset({"that", "it", "this", "for", "sure", "certain", "really", "though",
                        "anyway", "either", "yet", "the", "answer", "about", "any", "of",
                        "us", "truly", "honestly"})
"""After a verb of knowing, the words that leave the question itself its object ("nobody
can say for sure", "no one really knows that"); any other word gives the verb an object of
its own ("nobody tells you who to love": a no)."""
_DEFERRED_TO = frozenset({"ask", "say", "judge", "answer"})
_BEFORE_DEFERRED = frozenset({"to", "should", "could", "would", "can"})


def not_for_me_to_say(clauses: tuple[tuple[str, ...], ...]) -> bool:
    """Whether an answer says the answer cannot be known, or is not the speaker's to give:
    nobody (no one, none of us) knows, can say or can tell; or a negated clause ending in
    "to ask", "to say", "to judge", "to answer" (or "should ask" …: "it isn't my place to
    judge", "I'm not the one you should ask"). Both are unsure, whatever "not" they
    hold."""
    for clause in clauses:
        for at in range(len(clause)):
            size = next((len(n) for n in _NOBODY if clause[at:at + len(n)] == n), 0)
            if not size:
                continue
            for verb in range(at + size, min(at + size + 4, len(clause))):
                if clause[verb] in _KNOWN_BY_NOBODY and set(clause[verb + 1:]) <= _LEFT_OPEN:
                    return True
        tail = list(clause)
        while tail and tail[-1] in _LEFT_OPEN:
            tail.pop()
        if (len(tail) >= 2 and tail[-2] in _BEFORE_DEFERRED and tail[-1] in _DEFERRED_TO
                and not {"not", "never"}.isdisjoint(tail[:-2])):
            return True
    return False


_SAYING = frozenset({"say", "said", "saying", "says"})
_NEGATIVE_TARGETS = frozenset({"doubt", "doubts", "doubted", "doubting", "deny", "denied",
                               "denies", "denying", "disagree", "disagreed", "disagreeing",
                               "untrue", "wrong", "false", "lie", "lying"})
"""What a "not" or "never" turns into agreement: "I don't doubt it", "I wouldn't deny it",
"I can't disagree", "it's not untrue", "you're not wrong", "I am not denying", "it's
not a lie"."""
_DENIED_OPINIONS = frozenset({"think", "believe", "feel", "reckon", "suppose"})
"""A denied opinion reaches to its clause's end: "I don't think it's false" is a yes."""
_LITOTES_REACH = 3
_NO_DENYING = frozenset({"denying", "doubting", "arguing", "deny", "argue", "doubts"})
"""After "no": "there's no denying it", "no arguing with that" — and as Whisper writes them
from an accent that drops the -ing: "there's no deny it", "no argue with that" (read as a
plain no, they swapped yes for no: scripts/yesno_check.py)."""
_HEDGING_MODALS = frozenset({"can", "could"})
"""Before a denied saying they make a hedge ("I can't say it isn't"), not a yes."""


def _denial_said(out: list[str], saying: int) -> int | None:
    """Where the negation lies in a negated clause said after a denied verb of saying
    ("I never said it *wasn't*", "I'm not saying she doesn't"): a no said to be unsaid
    is a yes. None when no "not" or "never" follows within the reach."""
    for k in range(saying + 1, min(saying + 2 + _LITOTES_REACH, len(out))):
        if out[k] in _SCOPE_BREAKERS:
            return None
        if out[k] in ("not", "never"):
            return k
    return None
_RHETORICAL = frozenset({"how", "who"})
_MODALS = frozenset({"could", "can", "would"})
"""A question that asks who could say no ("how could I say no", "who would say no") says
yes."""


def litotes(clause: tuple[str, ...]) -> tuple[str, ...]:
    """``clause`` with a no denied read as the yes it is: "I wouldn't say no", "I'm not
    saying no", "I'd never say no", "I don't doubt it", "I never doubted it", "there's no
    denying it", "how could I say no", "I can't disagree", "it's not untrue" each hold a
    no word (no, doubt, deny, disagree, untrue, wrong) under a denial, so the matcher read
    them as no and the listener's yes was swapped for a no (issue 13, accented voices);
    so does a negated clause said to be unsaid ("I never said it wasn't").
    The denial and what it denies become one "yes"; the rest of the clause stays. A
    transcript is read without its commas, so a bare "not no" ("never, no") stays a no."""
    out = list(clause)
    at = 0
    while at < len(out):
        word = out[at]
        end = None
        if word in ("not", "never", "hardly"):
            reach = len(out) if out[at + 1:at + 2] and out[at + 1] in _DENIED_OPINIONS \
                else at + 1 + _LITOTES_REACH
            for k in range(at + 1, min(reach, len(out))):
                if out[k] in _NEGATIVE_TARGETS:
                    end = k
                    break
                if out[k] in _SAYING and k + 1 < len(out) and out[k + 1] == "no":
                    end = k + 1
                    break
                if out[k] in _SAYING and (at == 0 or out[at - 1] not in _HEDGING_MODALS):
                    end = _denial_said(out, k)
                    if end is not None:
                        break
                if out[k] in _SCOPE_BREAKERS or out[k] in ("no", "not", "never"):
                    break
        elif word == "no" and at + 1 < len(out) and out[at + 1] in _NO_DENYING:
            end = at + 1
        elif (word in _SAYING and at + 1 < len(out) and out[at + 1] == "no"
              and _RHETORICAL.intersection(out[:at]) and _MODALS.intersection(out[:at])):
            at, end = min(i for i, w in enumerate(out[:at]) if w in _RHETORICAL), at + 1
        if end is not None and out[end + 1:end + 2] != ["or"]:  # "not say no or yes"
            out[at:end + 1] = ["yes"]
        at += 1
    return tuple(out)

"""Yes and no as speakers of other languages carry them into English, word for word:
an opinion's answer — "I guess yes" ("supongo que sí"), "I suppose no", "I guess that no":
the opinion's "so" or "not" said as the yes or no itself (:func:`framed_answer`) — and
"how not" ("¿cómo no?", "como não?"), which is "of course", and "why no", "why not"
(:func:`how_not`); "it is not that she doesn't" ("no es que no"), a yes
(:func:`not_that_not`); "is not (like that)" ("no es así"), its subject left out
(:func:`subject_supplied`); "not yes, not no" ("ni sí ni no"), unsure
(:func:`neither_yes_nor_no`). Read word
for word, "I guess" is a hedge (unsure, the eleventh pass's typed accented batch) and "how
not, of course", written by Whisper as one run of words, a no: "not of course" (a swap;
the twelfth pass's typed fit batch; scripts/yesno_accents.py ``typed``).
"""

from __future__ import annotations

import itertools

__all__ = ["HEDGING_OPINIONS", "framed_answer", "how_not", "neither_yes_nor_no", "not_that_not",
           "subject_supplied"]

HEDGING_OPINIONS = frozenset({"guess", "suppose"})
"""Opinion verbs that are a hedge said alone ("I guess"): others ("I think yes", "I believe
no") are read as their yes or no already."""
_SAID = {"yes": "so", "no": "not"}


def framed_answer(clause: tuple[str, ...]) -> tuple[str, ...]:
    """``clause`` with a last "yes" or "no" after "I guess" or "I suppose" (a "that" may
    come between) read as the opinion's "so" or "not": "I guess yes" → "I guess so"."""
    if len(clause) < 3 or clause[-1] not in _SAID:
        return clause
    verb = len(clause) - 2 - (clause[-2] == "that")
    if verb < 1 or clause[verb] not in HEDGING_OPINIONS or clause[verb - 1] != "i":
        return clause
    return (*clause[:verb + 1], _SAID[clause[-1]])


_LEADS = frozenset({"but", "oh", "and", "well", "yes", "yeah", "ah"})


def how_not(clause: tuple[str, ...]) -> tuple[str, ...]:
    """``clause`` with an answering "how not" read as the "yes" it is: at the clause's
    start, or after "but", "oh", "yes" ("but how not", "how not, of course"). Not "how not
    to …", which asks a way. A last "why no" ("¿por qué no?") is "why not", a yes (it was
    read as a no)."""
    if clause[-2:] == ("why", "no"):
        clause = (*clause[:-1], "not")
    for at in range(len(clause) - 1):
        if clause[at] != "how" or clause[at + 1] != "not":
            continue
        if set(clause[:at]) <= _LEADS and clause[at + 2:at + 3] != ("to",):
            return (*clause[:at], "yes", *clause[at + 2:])
        break
    return clause


_NOT_THAT_REACH = 4
_DENIED = frozenset({"not", "never"})
"""Not "no": as one run of words, "not that no" is also "not that, no", a no."""


def not_that_not(clause: tuple[str, ...]) -> tuple[str, ...]:
    """``clause`` with "not that" and a denied clause after it ("(it is) not that she
    doesn't": "no es que no", "não é que não") read as one "yes", as
    :func:`~voicepiece.story.hedges.litotes` reads a no denied; it was read as a no (a
    swap; the twelfth pass's fit probes). The rest of the clause stays."""
    for at in range(len(clause) - 2):
        if clause[at:at + 2] != ("not", "that"):
            continue
        for k in range(at + 3, min(at + 2 + _NOT_THAT_REACH, len(clause))):
            if clause[k] in _DENIED:
                return (*clause[:at], "yes", *clause[k + 1:])
        break
    return clause


_LEFT_OUT = frozenset({"is", "was"})
_ASKING = frozenset({"it", "she", "he", "that", "this", "there", "so"})


def subject_supplied(clause: tuple[str, ...]) -> tuple[str, ...]:
    """``clause`` with the "it" put back that Spanish and Portuguese leave out, when it
    opens on "is not" or "was not" ("no es así", "não é": "is not like that", "of course
    (that) is not" once the emphasis is read, :func:`~voicepiece.story.emphasis.emphatic`):
    it was read as nothing, or as the yes of "of course" (a swap; the twelfth pass's typed
    held batch, fit material in the thirteenth). Not "is not it", which asks."""
    opens = clause[:1] and clause[0] in _LEFT_OUT and clause[1:2] == ("not",)
    asks = clause[2:3] and clause[2] in _ASKING
    return ("it", *clause) if opens and not asks else clause


_NOR = frozenset({"not", "nor", "neither"})
_YES = frozenset({"yes", "yeah"})


def neither_yes_nor_no(clauses: tuple[tuple[str, ...], ...]) -> bool:
    """Whether the answer denies both yes and no ("not yes, not no", "nor yes nor no": "ni
    sí ni no", "nem sim nem não"), the way "neither" says unsure; read word by word it was
    the no of "not yes" (the twelfth pass's typed held batch, fit material in the
    thirteenth)."""
    words = [w for c in clauses for w in c]
    denied = {b for a, b in itertools.pairwise(words) if a in _NOR}
    return bool(denied & _YES) and "no" in denied

"""Yes and no as speakers of other languages carry them into English, word for word:
an opinion's answer — "I guess yes" ("supongo que sí"), "I suppose no", "I guess that no":
the opinion's "so" or "not" said as the yes or no itself (:func:`framed_answer`) — and
"how not" ("¿cómo no?", "como não?"), which is "of course", and "why no", "why not"
(:func:`how_not`); "it is not that she doesn't" ("no es que no"), a yes
(:func:`not_that_not`). Read word
for word, "I guess" is a hedge (unsure, the eleventh pass's typed accented batch) and "how
not, of course", written by Whisper as one run of words, a no: "not of course" (a swap;
the twelfth pass's typed fit batch; scripts/yesno_accents.py ``typed``).
"""

from __future__ import annotations

__all__ = ["HEDGING_OPINIONS", "framed_answer", "how_not", "not_that_not"]

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

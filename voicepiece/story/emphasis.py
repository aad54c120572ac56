"""An emphatic no said the way many Spanish, Portuguese and Hindi speakers of English say
it: "absolutely no", "of course that no" ("claro que no"), "sure not", "clearly not", "I
think that not" ("acho que não"). The emphasis is a yes word, so the matcher read the
clause as two minds — unsure — or found nothing (issue 13, the accented blind set v5's
accents; scripts/yesno_accents.py ``typed``). Read without it, the clause is the no it says.
"""

from __future__ import annotations

__all__ = ["EMPHASIS", "emphatic"]

EMPHASIS = frozenset({
    ("certainly",), ("absolutely",), ("totally",), ("definitely",), ("surely",), ("sure",),
    ("obviously",), ("clearly",), ("completely",), ("of", "course"), ("for", "sure"),
})
"""Words that only stress the no right after them (a "that" may come between)."""
_OPINIONS = frozenset({"think", "believe", "guess", "suppose", "say", "feel"})
_DENIALS = ("no", "not", "never", "nothing")
_SUBJECTS = frozenset({"i", "it", "he", "she", "they", "we", "you"})
_SUBJECTLESS = frozenset({"is", "was", "are", "am", "does", "do", "did"})
"""A verb the clause opens with, its subject left out as Spanish and Portuguese leave it
("claro que no es", "claro que não é": "of course is not", "of course that is not"; read
as the yes of "of course", a swap, or as two minds: the twelfth pass's typed held batch,
fit material in the thirteenth)."""
_DENYING = frozenset({"not", "never"})
_CLAUSE_REACH = 3
"""How far after the emphasis' subject a denial still makes the clause a denied one: "of
course she does not", "sure it is not"."""
_DISAGREEING = frozenset({"disagree", "disagreed", "disagreeing"})
_DEGREES = frozenset({w for (w, *more) in EMPHASIS if not more} | {
    "strongly", "entirely", "fully", "really", "very", "much"})
"""Said right before or after "disagree" they only say how much: "I totally disagree" (read
as the yes of "totally": a swap) and "I disagree completely" are "I disagree"."""


def emphatic(clause: tuple[str, ...]) -> tuple[str, ...]:
    """``clause`` with the emphasis before a "no", "not", "never" or "nothing" left out
    ("absolutely no" → "no", "for sure not" → "no": a "not" left alone is the no it
    answers; "absolutely nothing" was the yes of "absolutely", a swap), or before a
    denied clause ("of course she doesn't", unsure before: the twelfth pass's fit
    probes; "of course is not", its subject left out), and an opinion's
    "that" before a last "not" or "no" ("I think that not" → "I think not"), and a degree
    next to "disagree". A "not" *before* the word is a hedge and is kept: "not sure",
    "not totally"."""
    near = [{*clause[max(i - 1, 0):i], *clause[i + 1:i + 2]} for i in range(len(clause))]
    out = [w for w, by in zip(clause, near, strict=True)
           if not (w in _DEGREES and by & _DISAGREEING)]
    at = 0
    while at < len(out):
        size = next((n for n in (2, 1) if tuple(out[at:at + n]) in EMPHASIS), 0)
        after = at + size + (out[at + size:at + size + 1] == ["that"]) if size else at
        denied_clause = size and out[after:after + 1] and (
            (out[after] in _SUBJECTS and not _DENYING.isdisjoint(
                out[after + 1:after + 1 + _CLAUSE_REACH]))
            or (out[after] in _SUBJECTLESS and out[after + 1:after + 2] == ["not"]))
        if size and out[after:after + 1] and (out[after] in _DENIALS or denied_clause) and (
                at == 0 or out[at - 1] != "not"):
            del out[at:after]
            continue
        if (out[at] == "that" and 0 < at == len(out) - 2 and out[at - 1] in _OPINIONS
                and out[-1] in _DENIALS):
            del out[at]
            continue
        at += 1
    return ("no",) if out == ["not"] and clause != ("not",) else tuple(out)

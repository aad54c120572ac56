"""Questions back and off-list speech as a visitor really says them near a station, for
``scripts/bench_offlist.py`` (issue 13, development data): short questions back in many
forms, with hesitations; and speech that is no answer at all — talk to a companion, a wall
label read aloud, a phone call, comments on the piece itself, numbers and names, a laugh or
a cough with a word. Written before any of it was heard or typed, without sight of any
blind set (only their aggregates were known: off-list speech taken, questions back missed).

Split before looking: the items at even places of each group are the FIT half (tuned on),
those at odd places the HELD half (reported apart, never tuned on, spoken only by the
held-out voices).
"""

from __future__ import annotations

YES_NO = ("she_listens", "relationship", "true_love", "norms", "constructs", "is_he_alone",
          "isolated")
"""her's yes/no points (no ``open:``)."""
OPEN_POINTS = ("friendship", "source", "entangled")
"""her's points that take open answers."""
POINTS = ("relationship", "friendship", "true_love", "source", "norms", "entangled",
          "constructs", "combustion", "is_he_alone", "isolated", "she_listens")
"""Where each item is heard, in turn: yes/no points and points with own meanings alike."""

ASKING: tuple[str, ...] = (
    "sorry?",
    "what?",
    "come again?",
    "say that again?",
    "what was the question?",
    "meaning what?",
    "how do you mean?",
    "could you explain?",
    "um, sorry, what?",
    "uh, say again?",
    "huh? what was that?",
    "wait, what?",
    "sorry, can you repeat?",
    "I'm sorry, I missed that.",
    "what do you mean exactly?",
    "could you explain that a bit more?",
    "pardon?",
    "what's that mean?",
    "hmm, what?",
    "can you say it slower?",
    "one more time, please.",
    "I don't get it.",
    "what are you asking?",
    "sorry, I wasn't listening.",
    "which one?",
    "explain, please.",
    "could you ask me again?",
    "say what?",
    "er, come again?",
    "in what sense?",
    "what do you mean by that?",
    "sorry, I didn't hear.",
    "what was that again?",
    "I beg your pardon?",
    "mm, what do you mean?",
    "repeat that?",
    "the question was what, sorry?",
    "hang on, what did it say?",
    "oh, sorry, ask again?",
    "what, sorry?",
)
"""Questions back: short, natural, some with a hesitation before them."""

OFF_LIST: tuple[str, ...] = (
    # talking to a companion
    "look at this one, Maria.",
    "do you want to get a coffee after?",
    "come on, let's go upstairs.",
    "where did the kids go?",
    "hold my bag for a second.",
    "your phone is ringing.",
    "are you coming or not?",
    "I'll meet you by the stairs.",
    # a wall label read aloud
    "oil on canvas, nineteen eighty four.",
    "gift of the artist.",
    "sound installation, eleven minutes.",
    "mixed media, courtesy of the gallery.",
    "room three, second floor.",
    "please do not touch the artwork.",
    # a phone call
    "hello? yeah, I'm at the museum.",
    "I'll call you back in five minutes.",
    "the train gets in at six.",
    "can you hear me now?",
    "tell her I said hi.",
    "I'm in the queue, I'll text you.",
    # the piece itself
    "this is weird.",
    "is it recording?",
    "is this thing on?",
    "who made this?",
    "how long is this?",
    "it's talking to me.",
    "what a creepy voice.",
    "how does it work?",
    "is someone listening to us?",
    "I like the lights in here.",
    # numbers and names
    "twenty three.",
    "Jennifer.",
    "number forty two.",
    "Sarah and Tom.",
    "seven fifteen.",
    "Doctor Patel.",
    # a laugh or a cough with a word
    "ha ha ha, oh no.",
    "ahem, hmm.",
    "ha, that's funny.",
    "ugh, my back.",
)
"""Speech near a station that answers nothing: it must stay unclear (never taken, never
sent to confirmation, never received as an open answer)."""


def items() -> list[tuple[str, str, str | None, str]]:
    """Every item as (point, text, truth, half): truth ``explain`` for a question back, None
    for off-list speech; half "fit" or "held" (see the module)."""
    from voicepiece.story.model import EXPLAIN

    groups: list[list[tuple[str, str | None]]] = [
        [(text, EXPLAIN) for text in ASKING], [(text, None) for text in OFF_LIST]]
    out = []
    for g, group in enumerate(groups):
        for k, (text, truth) in enumerate(group):
            point = POINTS[(k + 5 * g) % len(POINTS)]
            out.append((point, text, truth, "fit" if k % 2 == 0 else "held"))
    return out

"""Talk near a station that is addressed to someone else, and sincere open answers to the
her piece's open points, for ``scripts/bench_offlist.py --set addressed`` (issue 13,
twelfth pass, development data).

At a point that takes open answers any understood sentence may be received as one, and
the sentence model's relevance to the question does not tell chat ("tell her I said hi")
from an answer ("it depends on the culture"). So this material pairs the two: talk to a
companion (imperatives, names and pet names, "hang on"), a phone call, talk about the
installation in the third person, a visit's logistics, and a "yeah" inside a laugh or a
remark — against open answers to friendship, source and entangled as a visitor would give
them, some of them in the second person or as advice ("call your friends more often",
"tell them what they mean to you"), which must still be received. And a few questions
back, which must still ask. Written before any of it was heard or typed, without sight
of any blind set.

Split before looking: the items at even places of each group are the FIT half (tuned on),
those at odd places the HELD half (reported apart, never tuned on, spoken only by the
held-out voices).
"""

from __future__ import annotations

OPEN_POINTS = ("friendship", "source", "entangled")
"""her's points that take open answers."""
YES_NO = ("relationship", "true_love", "norms", "constructs", "is_he_alone", "isolated",
          "she_listens")
"""her's yes/no points (no ``open:``)."""

ELSEWHERE: tuple[str, ...] = (
    # to a companion
    "tell him we're nearly done.",
    "can you hold this for me?",
    "look at that, it's all lit up.",
    "Ben, come and listen to this.",
    "hang on, I'm coming.",
    "wait for me by the door.",
    "mum, can we go now?",
    "give me your ticket.",
    "don't touch that, sweetie.",
    "David, over here.",
    "stop running, please.",
    "pass me the map.",
    # a phone call
    "hi, yeah, I'm still at the gallery.",
    "yeah, no, I'll be there at eight.",
    "sorry, I'm in a museum, I'll call you later.",
    "yeah yeah, I know, I'm on my way.",
    "okay, love you, bye.",
    "yeah, it's me. where are you?",
    "no, the other platform.",
    "hello? hello, can you hear me?",
    # the installation, in the third person
    "this thing is talking to us.",
    "it keeps asking questions.",
    "I think it heard you.",
    "the voice sounds like a robot.",
    "it's some kind of speaker.",
    "she sounds a bit sad, doesn't she.",
    "it's like a podcast.",
    "this one's better than the last room.",
    # logistics
    "where's the toilet?",
    "we should go, it's getting late.",
    "the café closes at five.",
    "let's find the exit.",
    "I need to sit down for a bit.",
    "is there a lift?",
    # a yeah in a laugh or a remark
    "ha ha, yeah, look at his face.",
    "oh no, yeah, I left it on the train.",
    "yeah, hang on a sec.",
    "yeah, I told you it was weird.",
    "mm, yeah, the kids would love this.",
    "ha, yeah, your dad would hate it.",
)
"""Talk that is not addressed to the piece: it must stay unclear (never taken, never sent
to confirmation, never received as an open answer)."""

OPEN_ANSWERS: tuple[tuple[str, str], ...] = (
    ("friendship", "by being honest, even when it's hard."),
    ("friendship", "you have to forgive people."),
    ("friendship", "call your friends more often."),
    ("friendship", "tell them how much they mean to you."),
    ("friendship", "through shared experiences, I think."),
    ("friendship", "by doing things together, like cooking."),
    ("friendship", "trust, mostly."),
    ("friendship", "look, you just have to be loyal."),
    ("friendship", "by being kind without wanting anything back."),
    ("friendship", "laughing together."),
    ("friendship", "hold on to the old friends."),
    ("source", "it's something we learn as children."),
    ("source", "from our experiences growing up."),
    ("source", "I'd say evolution, honestly."),
    ("source", "it comes from the need to survive."),
    ("source", "from the memories we share."),
    ("source", "it's a choice you make every day."),
    ("source", "from pain, strangely."),
    ("source", "honestly, I think it's hormones."),
    ("source", "wait, I think it comes from faith."),
    ("source", "from the way our mothers held us."),
    ("entangled", "I think love is true wherever it comes from."),
    ("entangled", "it depends on the people involved."),
    ("entangled", "society decides what's acceptable, not love."),
    ("entangled", "love doesn't need anyone's approval."),
    ("entangled", "the source matters less than how you act."),
    ("entangled", "real love doesn't care where it started."),
    ("entangled", "if it hurts no one, it's real."),
    ("entangled", "what matters is whether it lasts."),
    ("entangled", "yeah, I think it's about how honestly you love."),
    ("entangled", "hmm, I'd say time tells you if it's true."),
    ("entangled", "you know, it's different for everyone."),
)
"""Sincere open answers to her's open points: they must be received (an open answer, or
one of the point's own answers), never turned away as unclear."""

THE_POINTS_OWN: dict[tuple[str, str], str] = {
    ("friendship", "by being honest, even when it's hard."): "open_up",
    ("friendship", "trust, mostly."): "open_up",
    ("entangled", "it depends on the people involved."): "unsure",
}
"""Items written as open answers that are the point's own answers ("be honest" and
"trust" are open_up's phrases; "it depends" is unsure): a bench that counts an own answer
taken for one of these as a miss measured the set, not the ear (found in the eighteenth
pass). Labelled here rather than moved, so that every item keeps the half it was split
into before it was heard."""

ASKING: tuple[tuple[str, str], ...] = (
    ("entangled", "sorry, true or what?"),
    ("source", "wait, which source?"),
    ("friendship", "hmm, can you ask that differently?"),
    ("entangled", "what do you mean by acceptable?"),
    ("source", "sorry, I was distracted, again?"),
    ("friendship", "so what's the question exactly?"),
    ("entangled", "the source of what?"),
    ("friendship", "hang on, what was that?"),
)
"""Questions back: they must still ask."""


def items() -> list[tuple[str, str, str | None, str]]:
    """Every item as (point, text, truth, half): truth None for talk addressed elsewhere,
    ``open`` for an open answer (or the point's own label, ``THE_POINTS_OWN``),
    ``explain`` for a question back; half "fit" or "held".
    Three in four of the talk is heard at open points, where it was taken most."""
    from voicepiece.story.model import EXPLAIN, OPEN

    out = []
    for k, text in enumerate(ELSEWHERE):
        point = (OPEN_POINTS[(k // 8 + k) % 3] if k % 8 < 6
                 else YES_NO[(k // 8 * 2 + k % 2) % len(YES_NO)])
        out.append((point, text, None, "fit" if k % 2 == 0 else "held"))
    for group, truth in ((OPEN_ANSWERS, OPEN), (ASKING, EXPLAIN)):
        for k, (point, text) in enumerate(group):
            out.append((point, text, THE_POINTS_OWN.get((point, text), truth),
                        "fit" if k % 2 == 0 else "held"))
    return out

"""Answers written for the plain-words own-meanings check (``scripts/bench_meanings_plain.py``;
issue 13, twentieth pass, development data): her's points with own meanings, each
answer's meaning said as a listener might say it — plain, hedged, emphatic, long, or in
a non-native turn of phrase — in words other than the piece's examples, but, unlike the
blended set's (``bench_meanings_blends_phrases``), not kept clear of the words an example
holds ("someone", "real", "together", "inside", "attention"): a listener does not know
the examples, and the rules find a phrase wherever its words are. A few open answers
besides. Written before any of them was heard, typed or decided.

Split before looking: the items at even places of each group are the FIT half (choices
are made on it), those at odd places the HELD half (spoken only by the held blends,
reported apart and never tuned on).
"""

from __future__ import annotations

OWN: dict[tuple[str, str], tuple[str, ...]] = {
    ("friendship", "listen"): (
        "you have to really hear each other out",
        "I think it's giving them your attention when they talk to you",
        "just being there to hear whatever is on their mind",
        "mostly by shutting up and letting the other one talk",
    ),
    ("friendship", "slow_down"): (
        "taking the time for each other, not always running around",
        "by making some space in a busy week for your friends",
        "you must stop being in such a hurry all the time",
        "spending lazy afternoons together with no plans at all",
    ),
    ("friendship", "open_up"): (
        "telling each other the truth, even the hard parts",
        "letting someone see who you are, the messy bits too",
        "you share your worries and they share theirs",
        "being honest about what is going on inside you",
    ),
    ("source", "within"): (
        "it starts in your own heart, I believe",
        "something deep inside a person wakes up",
        "from yourself first, before anybody else",
        "we carry it in us from the beginning",
    ),
    ("source", "another"): (
        "from the people who care about you",
        "someone else brings it out in you",
        "I'd say from being loved by others first",
        "it comes from the person you fall for",
    ),
    ("entangled", "true"): (
        "it has to be real, what you feel has to be real",
        "I think it must be genuine, or it is not love",
        "the honest feeling is what matters, the truth of it",
        "for me it needs to be sincere, from the heart",
    ),
    ("entangled", "acceptable"): (
        "mostly it has to fit what people around you expect",
        "what your parents and the neighbours will say about it",
        "as long as society is okay with it",
        "it has to follow the rules of the place you live",
    ),
    ("entangled", "neither"): (
        "honestly where it comes from makes no difference",
        "love is love, whatever its source",
        "none of that really counts, I think",
        "the origin is not important at all",
    ),
    ("combustion", "between"): (
        "in the space between two people together",
        "it lives in what they make together, the two of them",
        "when two people meet, that is where it is",
        "in the connection, I mean in both of them at once",
    ),
    ("combustion", "alone"): (
        "inside one person, on their own",
        "I think each one carries it alone",
        "in a single heart, by itself",
        "it lives in one of us only, not the pair",
    ),
}
"""Own meanings: four phrasings of each of her own answers, example words allowed."""

OPEN_ANSWERS: tuple[tuple[str, str], ...] = (
    ("friendship", "by remembering the little things about them"),
    ("friendship", "someone who shows up when it matters, that's loyalty"),
    ("source", "from the stories our grandparents tell us"),
    ("source", "I think from all the music we listen to"),
    ("entangled", "it has to be chosen freely, every day"),
    ("entangled", "only time will really tell"),
    ("combustion", "in the letters people write to each other"),
    ("combustion", "somewhere in the memories we keep"),
)
"""Open answers: about the question, none of its meanings."""


def items() -> list[tuple[str, str, str | None, str]]:
    """Every item as (point, text, truth, half): half "fit" or "held", split as the blended
    set is (every other phrasing of an answer fit)."""
    from bench_meanings_blends_phrases import split

    return split(OWN, OPEN_ANSWERS)

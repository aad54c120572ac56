"""Answers written for the blended-accent own-meanings check (``scripts/bench_meanings_blends.py``;
issue 13, seventeenth pass, development data): her's points with own meanings, each
answer's meaning said in fresh words that hold none of the point's example phrases (not
even a one-word example such as "listening" or "real"), and a few open answers. Written
before any of them was heard, typed or decided.

Split before looking: the items at even places of each group are the FIT half (choices
are made on it), those at odd places the HELD half (spoken only by the held blends,
reported apart and never tuned on).
"""

from __future__ import annotations

OWN: dict[tuple[str, str], tuple[str, ...]] = {
    ("friendship", "listen"): (
        "when they speak, you really take it in",
        "paying heed to every word a friend tells you",
        "you give them your ears and not your opinions",
        "letting your friend finish every sentence",
        "noticing how the other one feels today",
        "keeping your mouth shut and your ears wide",
        "you hear the words behind their words",
        "staying curious about what is going on with them",
    ),
    ("friendship", "slow_down"): (
        "not filling every hour with appointments",
        "leaving the mobile at home sometimes",
        "living at a gentler speed",
        "we should stop chasing deadlines all the time",
        "an evening without the television or the internet",
        "saying no to some of the busyness",
        "letting the days breathe a bit",
        "spending less of my life in a hurry",
    ),
    ("friendship", "open_up"): (
        "you must let your friend know your secrets",
        "talking about what hurts deep down",
        "not pretending to be somebody else",
        "putting my heart on the table",
        "letting them see me when I am weak",
        "telling the truth about my own troubles",
        "no more secrets between us",
        "showing the parts of me I usually keep hidden",
    ),
    ("source", "within"): (
        "love starts somewhere in our own selves",
        "from a place far down in my being",
        "each one of us makes it in our hearts",
        "it was in me from the start",
        "a person carries it from birth",
        "from inner strength",
        "love springs up in the person themselves",
        "out of one's own soul",
    ),
    ("source", "another"): (
        "love comes from those who raise us",
        "from the ones who hold us when we are small",
        "we learn it by being cared for by the folks around us",
        "from my mum and my dad",
        "it's a gift from our neighbours and our mates",
        "from the person who loves you back",
        "we get it from our partners",
        "from the community that surrounds us",
    ),
    ("entangled", "true"): (
        "it is only sincere if the source is pure",
        "the beginning of love shapes whether it is sincere",
        "love born in the wrong place is a fake",
        "where it starts tells you if it's sincere",
        "the two are tied together, the source and the feeling",
        "love must come from a clean heart to count",
        "a love is only as sincere as where it springs from",
        "its roots decide how deep it goes",
    ),
    ("entangled", "acceptable"): (
        "it only needs the village to nod",
        "as long as society does not frown on it",
        "whatever the family agrees to",
        "that people around us find it decent",
        "it has to follow the customs",
        "to be okay in the eyes of the world",
        "so nobody gossips about us",
        "fitting in with what the culture wants",
    ),
    ("entangled", "neither"): (
        "the source has no say in it",
        "whatever its beginning, love stays love",
        "I don't think its origin changes anything",
        "none of that touches love",
        "the start is not important",
        "love is the same whoever gives it",
        "its beginning is not the question",
        "where love comes from makes no odds",
    ),
    ("combustion", "between"): (
        "in what a couple builds",
        "it happens when a couple grows close",
        "in the space of a couple",
        "it takes a pair of hearts",
        "in the dance of two lovers",
        "it is born when two souls find each other",
        "in you and your beloved, as a pair",
        "it needs somebody next to you",
    ),
    ("combustion", "alone"): (
        "in a single soul",
        "one heart can carry it without help",
        "in a person by themselves",
        "each of us has it privately",
        "in the lonely heart",
        "nobody else is needed for it",
        "just in me, no one more",
        "it is a private thing of each person",
    ),
}
"""A piece's own meanings in other words, by (point, answer)."""

OPEN_ANSWERS: tuple[tuple[str, str], ...] = (
    ("friendship", "cooking together on sundays"),
    ("friendship", "sending a postcard now and then"),
    ("source", "from the stars above"),
    ("source", "from old stories and songs"),
    ("entangled", "love has many forms"),
    ("entangled", "it differs from country to country"),
    ("combustion", "in the city at night"),
    ("combustion", "in a poem I once read"),
)
"""Open answers: about the question, none of its meanings."""


def items() -> list[tuple[str, str, str | None, str]]:
    """Every item as (point, text, truth, half): half "fit" or "held" (see the module)."""
    return split(OWN, OPEN_ANSWERS)


def split(own: dict[tuple[str, str], tuple[str, ...]],
          open_answers: tuple[tuple[str, str], ...]) -> list[tuple[str, str, str | None, str]]:
    """A meaning set's items as (point, text, truth, half), split by item within each
    answer's phrasings (and the open answers): every other one fit, the rest held. Used by
    the plain-words set too, so both split alike."""
    from voicepiece.story.model import OPEN

    groups: list[list[tuple[str, str, str | None]]] = [
        [(point, text, label) for text in texts] for (point, label), texts in own.items()]
    groups.append([(point, text, OPEN) for point, text in open_answers])
    return [(point, text, truth, "fit" if k % 2 == 0 else "held")
            for group in groups for k, (point, text, truth) in enumerate(group)]

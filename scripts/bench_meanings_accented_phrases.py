"""Answers written for the accented own-meanings check (``scripts/bench_meanings_accented.py``;
issue 13, development data): her's points with own meanings, each answer's meaning said
in fresh words that contain none of its example phrases, answers offered as questions,
questions back and open answers. Written before any of them was heard or typed.

Split before looking: the items at even places of each group are the FIT half (tuned
on), those at odd places the HELD half (the check's own held-out phrasings, spoken only by
the held-out voices, reported apart and never tuned on).
"""

from __future__ import annotations

OWN: dict[tuple[str, str], tuple[str, ...]] = {
    ("friendship", "listen"): (
        "really hear what the other person is telling you",
        "keeping quiet and letting the other one talk",
        "you pay close heed to what your friend says",
        "truly taking in what they tell you",
        "being all ears when they talk",
        "noticing what your friends need",
        "giving your friend your whole focus",
        "you stay with them and hear their story",
    ),
    ("friendship", "slow_down"): (
        "leaving the laptop closed for an evening",
        "we need to stop racing through our days",
        "turning the notifications off",
        "a quiet weekend without any devices",
        "resting instead of always working",
        "keeping the mobile in a drawer at dinner",
        "calmer days with fewer plans",
        "pausing the rat race once in a while",
    ),
    ("friendship", "open_up"): (
        "showing them who you really are",
        "telling a friend your fears",
        "letting someone see your weak side",
        "speaking from the heart",
        "confiding in someone",
        "admitting what scares you",
        "taking off the mask",
        "being frank about my feelings",
    ),
    ("source", "within"): (
        "it grows in each person first",
        "it begins deep down in a person",
        "we are born with it",
        "each person creates it on their own",
        "from my own spirit",
        "it comes out of our own being",
        "every person holds it already",
        "it is born in your own chest",
    ),
    ("source", "another"): (
        "from the people around us",
        "it comes from our mothers and fathers",
        "other folks give it to us",
        "from somebody who cares for you",
        "it is given to us by those we meet",
        "from our companions",
        "from a husband or a wife",
        "it comes to us through others",
    ),
    ("entangled", "true"): (
        "where it comes from decides whether it is sincere",
        "the origin makes it the actual thing",
        "it has to come from the right place to count",
        "the roots of love are what make it pure",
        "they are bound together, the origin and the love",
        "only if it starts from the heart is it sincere",
        "its origin is what gives it depth",
        "the beginning decides if it is the right kind of love",
    ),
    ("entangled", "acceptable"): (
        "it only has to fit in with society",
        "so that the neighbours don't talk",
        "it just needs other people's blessing",
        "whatever the community tolerates",
        "what my family would sign off on",
        "to be seen as decent by everyone",
        "it is about fitting the norms",
        "so it looks fine from outside",
    ),
    ("entangled", "neither"): (
        "the origin is beside the point",
        "it's love wherever it begins",
        "the start of it makes little difference",
        "both of those are beside the point",
        "love stands on its own, whatever the origin",
        "that question is beside the point for me",
        "love is simply love",
        "wherever it starts, love is the same",
    ),
    ("combustion", "between"): (
        "where two hearts meet",
        "in the bond of a couple",
        "it needs a partner to exist",
        "it happens when two souls touch",
        "in the meeting of two lives",
        "it's something a pair makes",
        "it lives in the link of lovers",
        "a fire that needs two",
    ),
    ("combustion", "alone"): (
        "in a single heart",
        "it lives in one soul only",
        "a lone heart can hold it unaided",
        "it belongs to each individual",
        "it exists in the lone self",
        "in one single person",
        "just me, by myself",
        "each of us holds it solo",
    ),
}
"""A piece's own meanings in other words, by (point, answer)."""

AS_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("combustion", "between", "In what lovers share?"),
    ("combustion", "between", "Where two hearts meet?"),
    ("source", "another", "From the people who raise us?"),
    ("source", "another", "From our friends and our family?"),
    ("source", "within", "From deep in our own souls?"),
    ("source", "within", "From our own being?"),
    ("friendship", "listen", "By hearing what they say?"),
    ("friendship", "listen", "By really hearing people?"),
    ("friendship", "slow_down", "By putting our devices away?"),
    ("friendship", "open_up", "By showing who we really are?"),
    ("entangled", "acceptable", "What society approves of?"),
    ("entangled", "true", "Its origin makes it sincere?"),
    ("combustion", "alone", "In one single heart?"),
    ("entangled", "neither", "Who cares where it comes from?"),
)
"""Answers offered as questions (a rising "in what two people share?"): the answer is
its meaning, not a question back."""

ASKING: tuple[tuple[str, str], ...] = (
    ("friendship", "sorry, what was the question?"),
    ("friendship", "what do you mean by friendship?"),
    ("source", "could you say it another way?"),
    ("source", "what are you asking me exactly?"),
    ("entangled", "can you repeat the question please?"),
    ("entangled", "I didn't catch that, say it again?"),
    ("entangled", "what does entangled mean?"),
    ("combustion", "combustion? what's that?"),
    ("combustion", "pardon me?"),
    ("source", "meaning what?"),
    ("friendship", "how do you mean?"),
    ("combustion", "could you go over that once more?"),
    ("source", "which source do you mean?"),
    ("combustion", "which forces?"),
    ("friendship", "wait, say that again"),
    ("entangled", "I'm lost, what's the question?"),
)
"""Questions back."""

OPEN_ANSWERS: tuple[tuple[str, str], ...] = (
    ("friendship", "cooking a meal for someone"),
    ("friendship", "writing letters by hand"),
    ("friendship", "going on long walks"),
    ("friendship", "forgiving one another's slips"),
    ("friendship", "playing music with friends"),
    ("friendship", "laughing at the same jokes"),
    ("source", "from god"),
    ("source", "from the universe itself"),
    ("source", "from music and art"),
    ("source", "from our memories of childhood"),
    ("source", "from nature"),
    ("source", "it's chemistry in the brain"),
    ("entangled", "love is a choice we make every day"),
    ("entangled", "I think it changes over time"),
    ("entangled", "it depends on the culture"),
    ("entangled", "love has to be earned"),
    ("entangled", "it's a question for the poets"),
    ("entangled", "that is for each couple to decide"),
)
"""Open answers: about the question, none of its meanings."""


def items() -> list[tuple[str, str, str | None, str]]:
    """Every item as (point, text, truth, half): half "fit" or "held" (see the module)."""
    from voicepiece.story.model import EXPLAIN, OPEN

    groups: list[list[tuple[str, str, str | None]]] = [
        [(point, text, label) for text in texts] for (point, label), texts in OWN.items()]
    groups.append([(point, text, label) for point, label, text in AS_QUESTIONS])
    groups.append([(point, text, EXPLAIN) for point, text in ASKING])
    groups.append([(point, text, OPEN) for point, text in OPEN_ANSWERS])
    return [(point, text, truth, "fit" if k % 2 == 0 else "held")
            for group in groups for k, (point, text, truth) in enumerate(group)]

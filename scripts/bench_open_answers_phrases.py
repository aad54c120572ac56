"""Open answers written for the spoken open-answer check (``scripts/bench_open_answers.py``;
issue 13, nineteenth pass, development data): what a listener might really say at her's
three points with ``open:`` (friendship, source, entangled) that is none of the point's
answers — short and long, hedged, with fillers, personal, some with a word that sounds like
an answer's ("sharing a meal", "from another life", "truthfully…"), a few starting like an
answer and turning away ("by listening… no, actually, by being loyal"). Written from the
essay and the points' question lines alone, before any was heard, typed or decided, and
not from any set's open items (development or blind).

Every item is an open answer: the listener means their own words, not one of the point's
answers. A self-correction counts as what it ends on.

Split before looking: the items at even places of each point are the FIT half (choices are
made on it), those at odd places the HELD half (spoken only by the held blends, reported
apart and never tuned on).
"""

from __future__ import annotations

SAID: dict[str, tuple[str, ...]] = {
    "friendship": (
        "playing football on the weekends",
        "um, by doing stuff together, I guess",
        "honestly? by being generous",
        "humour. we laugh a lot, my friends and me",
        "I make most of my friends at work",
        "through my kids, you end up meeting the other parents",
        "by volunteering",
        "I'd say, well, forgiveness. letting things go",
        "going out dancing",
        "we send each other silly pictures all day",
        "you have to put in the effort",
        "I think it's about being reliable, being someone they can count on",
        "shared experiences",
        "my best friend and I go fishing every summer, that's our thing",
        "kindness",
        "er, cooking for people",
        "through church, mostly",
        "making plans and actually keeping them",
        "respect",
        "by sharing a meal",
        "a lot of patience and a bit of luck",
        "travelling together",
        "by listening... no, actually, by being loyal",
        "slowly, over years of small things",
        "by inviting people over for dinner",
        "gaming online with my mates, that's how I keep my friends",
        "I'm not very social, but my dog gets me talking to people",
        "remembering the little things about them",
        "board games",
        "we write long emails to each other",
        "helping a friend move house",
        "mm, generosity, I suppose",
        "by being the first one to call",
        "I don't know about others, but for me it's sport",
    ),
    "source": (
        "from the stars, maybe",
        "it's just evolution, it keeps the species going",
        "from music",
        "from heaven",
        "I think it comes from childhood",
        "from our ancestors",
        "chemicals. dopamine and oxytocin",
        "hmm, from suffering, I think",
        "it comes out of habit, really, being around someone every day",
        "I think it comes from hope",
        "from desire, plain and simple",
        "from art, from poems and films like this one",
        "from the body, it's physical",
        "from the fear of being alone",
        "it's magic, pure magic",
        "from looking at someone's face",
        "from shared memories",
        "from kindness",
        "from within... no, I think from luck, really",
        "from another life, maybe, a past life",
        "from the nervous system, basically",
        "from need, plain need",
        "from trust, over time",
        "from the universe, everything is connected",
        "um, from God, I'd say",
        "from being bored and lonely on a sunday",
        "instinct",
        "from the way someone smells, honestly",
        "my grandmother said it comes from the stomach, from feeding people",
        "from surprise, when someone is not what you expected",
        "from the light in someone's eyes",
        "from the animal part of us",
    ),
    "entangled": (
        "love has to be earned",
        "I think it's about time, whether it lasts",
        "only the two of them can say",
        "what matters is how you treat each other",
        "it's about commitment",
        "love is a verb, it's what you do",
        "I think it has to make you a better person",
        "love is what survives the hard times",
        "whatever brings you peace",
        "it should be free",
        "both people have to feel it, otherwise it's nothing",
        "respect, that's what makes it real",
        "hmm, love is a risk you take",
        "it has to grow, it can't stay the same",
        "sacrifice. being willing to give something up",
        "the heart decides, not the head",
        "I suppose it's about loyalty over the years",
        "truthfully, I think love is about freedom",
        "the important thing is that nobody gets hurt",
        "love needs a body, I think, it needs touch",
        "what matters is that she makes him happy",
        "it's about growing together",
        "I think it's a matter of courage",
        "love is patient, love is kind",
        "it comes down to, um, to tenderness",
        "it's accepted when... actually no, I'd say it's about being faithful",
        "you know it's true when you'd give your life for them",
        "it takes work, every day",
        "my grandparents were married sixty years, they just kept choosing each other",
        "patience",
        "it's about how you feel when they're not around",
        "whether they make you laugh",
    ),
}
"""Open answers, by point: each should be received as the listener's own (``open``)."""


def items() -> list[tuple[str, str, str, str]]:
    """Every item as (point, text, truth, half): truth ``open``, half "fit" or "held" (see
    the module)."""
    from voicepiece.story.model import OPEN

    return [(point, text, OPEN, "fit" if k % 2 == 0 else "held")
            for point, texts in SAID.items() for k, text in enumerate(texts)]

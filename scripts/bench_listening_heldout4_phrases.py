"""What the listening bench's held-out set v4 says: written fresh, blind (without reading
any other set's phrase tables, the tests' data, understood.yaml or the pieces' example
phrases), the way people answer out loud. Kept apart from the set's sound
(scripts/bench_listening_heldout4.py) so that it reads as the list it is.

Never tuned on, never read while tuning: the ear's helpers must not open this file.
"""

from __future__ import annotations

YES_NO_ANSWERS: tuple[tuple[str, str, str], ...] = (
    # she_listens: "Is this true intimacy?"
    ("she_listens", "Oh, for sure, she knows him inside out.", "yes"),
    ("she_listens", "It's intimate, she hears every little thing he says.", "yes"),
    ("she_listens", "Mm, I'd go along with that.", "yes"),
    ("she_listens", "I wouldn't call that intimacy, it's more of a mirror.", "no"),
    ("she_listens", "Uh, not really, she's just reflecting him back.", "no"),
    ("she_listens", "Hard to tell from where I'm sitting.", "unsure"),
    # relationship: "Is it a real relationship?"
    ("relationship", "It's as real as any other one I've seen.", "yes"),
    ("relationship", "Hmm, I reckon it counts.", "yes"),
    ("relationship", "I don't think it quite counts as one.", "no"),
    ("relationship", "It's all one way, so I'd say it isn't.", "no"),
    ("relationship", "Depends what you call real, I guess.", "unsure"),
    # true_love: "Is this true love?"
    ("true_love", "Oh, every bit of it.", "yes"),
    ("true_love", "He loves her and she loves him back, so it is.", "yes"),
    ("true_love", "Well, it looked like true love to me.", "yes"),
    ("true_love", "I doubt it's the genuine article.", "no"),
    ("true_love", "Nah, more of a crush really.", "no"),
    ("true_love", "Somewhere in the middle, I think.", "unsure"),
    # norms: "do social norms ... matter when it comes to the very definition of love?"
    ("norms", "They matter more than people let on.", "yes"),
    ("norms", "Who cares what society says.", "no"),
    ("norms", "Not the tiniest bit.", "no"),
    ("norms", "Um, they shouldn't, and for me they don't.", "no"),
    ("norms", "A little, but not entirely.", "unsure"),
    # constructs: "... social constructs can act as potential means to keep us from love?"
    ("constructs", "Oh, they definitely can.", "yes"),
    ("constructs", "Uh, I've watched it happen to friends of mine.", "yes"),
    ("constructs", "I can't see how they would.", "no"),
    ("constructs", "Nothing can really keep people from loving each other.", "no"),
    ("constructs", "I could go either way on that one.", "unsure"),
    # is_he_alone: "... he is starkly still alone. Or is he?"
    ("is_he_alone", "He's on his own in that flat, mostly.", "yes"),
    ("is_he_alone", "Still alone, I'm afraid.", "yes"),
    ("is_he_alone", "He's got her, so he isn't.", "no"),
    ("is_he_alone", "Not while she's talking to him.", "no"),
    ("is_he_alone", "Sort of half yes, half no.", "unsure"),
    # isolated: "Is it solely an isolated phenomenon?"
    ("isolated", "It's all in his own head.", "yes"),
    ("isolated", "Nah, it's happening to loads of people in the film.", "no"),
    ("isolated", "Not only, he's not the only one.", "no"),
    ("isolated", "Er, can't really say.", "unsure"),
    # short, one word
    ("true_love", "Indisputably.", "yes"),
    ("relationship", "Nonsense.", "no"),
    ("norms", "Conflicted.", "unsure"),
    ("she_listens", "Unconvinced.", "no"),
    ("constructs", "Unfortunately.", "yes"),
)
"""(point, answer, label) at the yes/no/unsure points: agreement without "yes", hedged
negations, in-between answers, answers that restate the question, one-word answers and
answers with a filler first."""

MEANING_ANSWERS: tuple[tuple[str, str, str], ...] = (
    # friendship: listen / slow_down / open_up
    ("friendship", "Giving people your full ear.", "listen"),
    ("friendship", "Actually hearing what the other person is telling you.", "listen"),
    ("friendship", "Um, letting your friend finish their sentence.", "listen"),
    ("friendship", "Putting the laptop away for an evening.", "slow_down"),
    ("friendship", "Taking things at a gentler speed.", "slow_down"),
    ("friendship", "Leaving the notifications off for a while.", "slow_down"),
    ("friendship", "Telling them what's really going on with you.", "open_up"),
    ("friendship", "Letting your mates see the messy parts.", "open_up"),
    ("friendship", "Well, not pretending everything is fine.", "open_up"),
    ("friendship", "Gosh, I'm still working that out myself.", "unsure"),
    # source: within / another
    ("source", "It starts in your own chest.", "within"),
    ("source", "From somewhere deep in a person.", "within"),
    ("source", "You have to have it in you first.", "within"),
    ("source", "Other people teach us how to do it.", "another"),
    ("source", "From the people who raised us.", "another"),
    ("source", "Somebody has to give it to you first.", "another"),
    ("source", "Honestly no clue where it comes from.", "unsure"),
    # entangled: true / acceptable / neither
    ("entangled", "Where it comes from is what makes it count.", "true"),
    ("entangled", "The origin decides whether it's the real deal.", "true"),
    ("entangled", "It's just about what the neighbours would say.", "acceptable"),
    ("entangled", "Only whether it looks okay to everybody else.", "acceptable"),
    ("entangled", "The origin has nothing to do with it.", "neither"),
    ("entangled", "Where it begins changes nothing.", "neither"),
    ("entangled", "That's a tough one, I'm torn.", "unsure"),
    # combustion: between / alone
    ("combustion", "It needs two people, like a conversation.", "between"),
    ("combustion", "When two people really click.", "between"),
    ("combustion", "In the space where two people meet.", "between"),
    ("combustion", "A person can love all on their own.", "alone"),
    ("combustion", "Just in the one who feels it.", "alone"),
    ("combustion", "A bit of both, probably.", "unsure"),
)
"""(point, answer, label) at the points with meanings of their own, in words other than
the piece's example phrases."""

ASIDES: tuple[tuple[str, str, str], ...] = (
    # questions back (explain)
    ("friendship", "Sorry, what are you asking exactly?", "explain"),
    ("source", "Hang on, within what?", "explain"),
    ("entangled", "I'm lost, what do you mean by entangled?", "explain"),
    ("true_love", "Could you say that in simpler words?", "explain"),
    ("norms", "Which norms are we talking about?", "explain"),
    # open answers: none of the point's meanings
    ("friendship", "Forgiving each other's mistakes.", "open"),
    ("friendship", "Remembering their birthday.", "open"),
    ("source", "It comes from the stars, I reckon.", "open"),
    ("source", "From good luck mostly.", "open"),
    ("entangled", "Love is a kind of weather.", "open"),
)
"""(point, utterance, label): questions back (``explain``) and open answers (``open``)."""

OFF_LIST: tuple[str, ...] = (
    # remarks about the room
    "It's a bit chilly in here.",
    "The chairs in this room are so comfy.",
    "The lights keep flickering.",
    "It smells like fresh paint.",
    "That speaker sounds a little tinny.",
    "My knees hurt from standing.",
    "These headphones are pinching my ears.",
    # questions about other things
    "Is that painting an original?",
    "Who left the window open?",
    "Are there toilets on this floor?",
    "What time does this place shut?",
    "Can I take a photo of this?",
    "Is there a gift shop downstairs?",
    "Did it start raining outside?",
    "Which way is the exit?",
    "Whose bag is this on the floor?",
    # half-sentences
    "And then the, uh",
    "Because when I was",
    "So the thing about",
    "I was going to say that the",
    # with an answer's word inside
    "The bus is never on time round here.",
    "No signal at all in this building.",
    "It's true the tickets were cheap.",
    "My coffee's gone cold.",
    "We should grab lunch after this.",
)
"""Off-list speech: remarks about the room, questions about other things, half-sentences
(a few with an answer's word in them)."""

INTELLIGIBILITY = ("It looks like the clouds will clear by the afternoon.",
                   "There was a light frost on the grass this morning.",
                   "The wind picked up just before the storm arrived.",
                   "Tomorrow should be warmer, with sunshine in the south.",
                   "We had three days of steady rain last week.")
"""Neutral sentences in no set, to check that each voice's words can be recognized."""

CAFE_LINES = ("two flat whites and a croissant please",
              "she said the meeting moved to thursday",
              "can we get the bill when you have a moment",
              "my cousin is opening a bakery in the spring",
              "did you try the lemon cake last time",
              "the parking here is impossible on saturdays",
              "I told him to call the landlord first",
              "we're thinking of going to portugal in june")
"""What the far talkers of the café say (the noise, not an answer)."""

"""What the listening bench's held-out set v6 says (scripts/bench_listening_heldout6.py):
written fresh and blind for issue 13, from what each listening point of the her piece
asks and what its meanings mean — not from its example phrases, any other set's phrasings
or the tests' data. Measured to report, never tuned on; never quoted in another file."""

from __future__ import annotations

YES_NO_ANSWERS: tuple[tuple[str, str, str], ...] = (
    # she_listens: is what she gives him true intimacy?
    ("she_listens", "Yes, I would call that intimacy.", "yes"),
    ("she_listens", "Oh, absolutely, without any doubt at all.", "yes"),
    ("she_listens", "I'm leaning towards no, honestly.", "no"),
    ("she_listens", "Honestly, my thoughts on that are all over the place.", "unsure"),
    ("she_listens", "Somehow I think not.", "no"),
    ("she_listens", "Yes, is intimacy for sure, she is hearing him.", "yes"),
    ("she_listens", "Well, part of me says yes and part of me says no, so I'm torn right "
                    "down the middle.", "unsure"),
    # relationship: is it a real one?
    ("relationship", "No, it isn't a genuine one, to my mind.", "no"),
    ("relationship", "They share a life together, so I'd count it.", "yes"),
    ("relationship", "I wouldn't say it's fake.", "yes"),
    ("relationship", "Hard to tell, it might be and it might not be.", "unsure"),
    ("relationship", "When one side is a computer program I just can't see how that adds "
                     "up to anything real.", "no"),
    ("relationship", "Definitely real, as real as any couple I've known.", "yes"),
    # true_love: is this true love?
    ("true_love", "Yes, I believe what they have is the true kind.", "yes"),
    ("true_love", "Sadly, I'd have to say not.", "no"),
    ("true_love", "Is difficult for me to say, I am not knowing.", "unsure"),
    ("true_love", "Not a chance, it's only an imitation.", "no"),
    ("true_love", "I suppose it could be, yes, in its own odd way.", "yes"),
    ("true_love", "Ask me again when I'm a good deal older.", "unsure"),
    ("true_love", "It can't really be that if one of them is software.", "no"),
    # norms: do society's expectations matter to what love is?
    ("norms", "Yes, they shape who we let ourselves fall for.", "yes"),
    ("norms", "No, love defines itself whatever people expect.", "no"),
    ("norms", "They don't change what it is, not one bit.", "no"),
    ("norms", "That one has me stumped, I'll admit.", "unsure"),
    ("norms", "Yes, the society is deciding very much who we are loving.", "yes"),
    ("norms", "I haven't worked that out for myself yet.", "unsure"),
    # constructs: can society's constructs keep us from love?
    ("constructs", "Yes, I think they can hold people back.", "yes"),
    ("constructs", "When you think how families and religions tell people who they can "
                   "marry, it's clear those rules keep couples apart.", "yes"),
    ("constructs", "No, people find each other regardless of the rules.", "no"),
    ("constructs", "On the whole, I'd guess not.", "no"),
    ("constructs", "Sometimes, perhaps, I honestly couldn't tell you.", "unsure"),
    ("constructs", "I can't deny that they do.", "yes"),
    # is_he_alone: he is starkly still alone, or is he?
    ("is_he_alone", "Yes, he's still on his own.", "yes"),
    ("is_he_alone", "No, he has her, so he's got company.", "no"),
    ("is_he_alone", "Of course he isn't, she's with him all day long.", "no"),
    ("is_he_alone", "Kind of, yeah, at the end of the day it's just him in that flat.",
     "yes"),
    ("is_he_alone", "It depends how you look at it, I can't decide.", "unsure"),
    ("is_he_alone", "He is, I'm sorry to say.", "yes"),
    ("is_he_alone", "He not alone, she talking with him every day.", "no"),
    # isolated: is love solely an isolated phenomenon?
    ("isolated", "No, it needs somebody else as well.", "no"),
    ("isolated", "Yes, I think it happens inside a single person.", "yes"),
    ("isolated", "Honestly, I've no idea how to answer that.", "unsure"),
    ("isolated", "Solely? I'd say not.", "no"),
    ("isolated", "Yes, only inside of one person it is happening.", "yes"),
    ("isolated", "It could be something that starts in one heart or it could need two, "
                 "and I can't settle on which.", "unsure"),
)
"""(point, words, truth): 45 answers at the seven yes/no points — plain, hedged,
emphatic, indirect, long-winded, non-native, denied negatives and answers ending in
"not"."""

MEANING_ANSWERS: tuple[tuple[str, str, str], ...] = (
    # friendship: how do we make room for true friendship?
    ("friendship", "By really paying heed when a friend talks to you.", "listen"),
    ("friendship", "You have to keep quiet and let the other person finish their thoughts.",
     "listen"),
    ("friendship", "Mostly by hearing your friends out without interrupting them.",
     "listen"),
    ("friendship", "Putting the devices in a drawer and going at a gentler speed.",
     "slow_down"),
    ("friendship", "We should stop racing through our days so fast.", "slow_down"),
    ("friendship", "Leaving the mobile behind for an evening and not hurrying anywhere.",
     "slow_down"),
    ("friendship", "You've got to let a friend see the parts of you that you usually keep "
                   "hidden.", "open_up"),
    ("friendship", "By being candid about what's going on inside you.", "open_up"),
    ("friendship", "Taking off the mask and admitting what scares you.", "open_up"),
    # source: does love come from within us, or from another?
    ("source", "A person makes it themselves, out of what they feel.", "within"),
    ("source", "I believe it rises up from our own self.", "within"),
    ("source", "It's born in the lover, before anybody else comes along.", "within"),
    ("source", "It's given to us by the person we fall for.", "another"),
    ("source", "Somebody other than us sparks it.", "another"),
    ("source", "It's what the people around us pour into us.", "another"),
    # entangled: does where love comes from make it true, or only acceptable, or neither?
    ("entangled", "Its origin is what makes the feeling sincere.", "true"),
    ("entangled", "Where it springs from decides whether it's love at all.", "true"),
    ("entangled", "Its roots are what make it the proper article.", "true"),
    ("entangled", "It only decides whether other people approve of it.", "acceptable"),
    ("entangled", "It just makes it easier for society to tolerate.", "acceptable"),
    ("entangled", "The origin only matters for appearances, for what the neighbours think.",
     "acceptable"),
    ("entangled", "The origin has no bearing on it either way.", "neither"),
    ("entangled", "It doesn't decide anything, the feeling stands on its own regardless.",
     "neither"),
    ("entangled", "Not one of those, where it comes from is beside the point.", "neither"),
    # combustion: does love live alone, within one of us, or between two?
    ("combustion", "It needs a pair of people striking sparks off each other.", "between"),
    ("combustion", "It lives in the meeting of a pair of hearts.", "between"),
    ("combustion", "It happens where two lovers meet, in that little gap.",
     "between"),
    ("combustion", "Kept in one heart, with no second person involved.", "alone"),
    ("combustion", "One heart with no company is enough for it.", "alone"),
    ("combustion", "It lives in a lone individual, it doesn't need a partner.", "alone"),
)
"""(point, words, meaning): three answers for each of the piece's own ten meanings, none
holding an example phrase of its point."""

ASIDES: tuple[tuple[str, str, str], ...] = (
    ("friendship", "Sorry, could you put that question a different way?", "explain"),
    ("source", "Which part of it do you want me to answer?", "explain"),
    ("entangled", "I lost you there, what does entangled mean here?", "explain"),
    ("norms", "Could you say that once more, please?", "explain"),
    ("constructs", "Hang on, what's a social construct?", "explain"),
    ("friendship", "Laughing at the same silly jokes for years.", "open"),
    ("friendship", "Cooking for them when they've had an awful week.", "open"),
    ("source", "From music, I think, from old songs on the radio.", "open"),
    ("source", "From the way we were raised as children.", "open"),
    ("entangled", "To me it's mostly chemistry in the brain.", "open"),
)
"""Questions back (``explain``) and open answers (``open``, only where the point takes
them)."""

OFF_LIST: tuple[str, ...] = (
    "Could you pass me the sugar bowl?",
    "The milk has gone off again.",
    "I'll take a flat white to go, please.",
    "Did somebody leave the oven on?",
    "Yes, chef, the onions are chopped.",
    "No more toast for me, thank you.",
    "We've run out of washing up liquid.",
    "The dishwasher has started beeping.",
    "Is this seat taken by anyone?",
    "Can I pay by card here?",
    "Shall we order a pizza tonight?",
    "The bread needs another five minutes.",
    "Put the kettle on, would you?",
    "My coffee's gone completely cold.",
    "Where did you put the cheese grater?",
    "Don't forget to water the basil on the windowsill.",
    "This soup needs a bit more salt.",
    "Two croissants and a pot of tea, please.",
    "Somebody's phone is ringing in the other room.",
    "I think the rice is burning.",
    "Could we get the bill, please?",
    "Remember to take the bins out tomorrow.",
    "The cat has knocked a mug off the counter.",
    "Sure, I'll grab the napkins.",
    "Not that pan, the big one.",
)
"""Off-list speech: remarks in a home kitchen or a café, a few holding an answer's word."""

RADIO_LINES: tuple[str, ...] = (
    "traffic is heavy on the ring road this morning after an earlier breakdown",
    "now stir in the flour a spoonful at a time until the sauce thickens",
    "the band go on tour across the country from the middle of next month",
    "and there will be sunny spells in the east with showers later in the west",
    "our next caller has a question about planting tomatoes in pots",
    "the council has voted to reopen the swimming pool in the spring",
    "that was the new single, and it's climbing the charts already",
    "keep your questions coming in, the lines are open until noon",
)
"""What the far radio in the kitchen says (its talkers: bench_listening_heldout6.py)."""

INTELLIGIBILITY: tuple[str, ...] = (
    "The train to the coast leaves every hour from the north platform.",
    "Please write your name at the top of the first page.",
    "The garden gets most of its sun in the late afternoon.",
    "Our library closes early on the last Friday of each month.",
    "He painted the fence a pale shade of green last summer.",
)
"""Neutral sentences in no set, for ``--intelligibility``."""

"""What the listening bench's held-out set v7 says (scripts/bench_listening_heldout7.py):
written fresh and blind for issue 13's fourteenth pass, by a helper who writes no listening
rule, from what each listening point of the her piece asks and what its meanings mean —
not from its example phrases, any other set's phrasings or the tests' data. Measured to
report, never tuned on; never quoted in another file (tests/test_listening_heldout7.py)."""

from __future__ import annotations

YES_NO_ANSWERS: tuple[tuple[str, str, str], ...] = (
    # she_listens: is what she gives him true intimacy?
    ("she_listens", "Mm, I'd say it is, she really tunes in to him.", "yes"),
    ("she_listens", "Completely, that's exactly what closeness looks like to me.", "yes"),
    ("she_listens", "Not really, it all feels rather one-sided to me.", "no"),
    ("she_listens", "I doubt it counts, she was only built to pay him heed.", "no"),
    ("she_listens", "I've been flip-flopping on that the whole time.", "unsure"),
    ("she_listens", "Somewhere in the middle, a bit of both maybe.", "unsure"),
    # relationship: is it a real one?
    ("relationship", "It is, in my book, they properly share their days.", "yes"),
    ("relationship", "Totally, every bit as real as my own marriage was.", "yes"),
    ("relationship", "Not in any sense I'd recognise, no.", "no"),
    ("relationship", "It falls a fair bit short of that, I'd say.", "no"),
    ("relationship", "Hmm, that's a tricky one, I couldn't tell you for certain.", "unsure"),
    ("relationship", "Sort of real and sort of not, if that makes any sense.", "unsure"),
    # true_love: is this true love?
    ("true_love", "Oh, it must be, he clearly worships her.", "yes"),
    ("true_love", "Totally and utterly, he's head over heels for her.", "yes"),
    ("true_love", "I very much doubt that, it's more a crush on a gadget.", "no"),
    ("true_love", "For me is not the true love, is only a fantasy of him.", "no"),
    ("true_love", "Who can say, really, I haven't the foggiest.", "unsure"),
    ("true_love", "Beats me, I've gone round in circles on it.", "unsure"),
    # norms: do society's expectations matter to what love is?
    ("norms", "They do, far more than most folk would care to admit.", "yes"),
    ("norms", "Hugely, they steer every choice we make about partners.", "yes"),
    ("norms", "Not especially, love stays itself whatever anyone expects.", "no"),
    ("norms", "I wouldn't have thought they matter all that much.", "no"),
    ("norms", "I'm honestly not certain, I could argue it either way round.", "unsure"),
    ("norms", "That's a huge question and I've got no answer ready.", "unsure"),
    # constructs: can society's constructs keep us from love?
    ("constructs", "Sure they can, couples get kept apart all the time.", "yes"),
    ("constructs", "My best friend gave up on a lovely man because her parents "
                   "disapproved of him, so I'd say they can.", "yes"),
    ("constructs", "Nah, I don't believe anything can truly block it.", "no"),
    ("constructs", "I doubt they'd stop anybody who badly wanted to be together.", "no"),
    ("constructs", "Possibly, though I'm really not sure about that.", "unsure"),
    ("constructs", "For this I have no clear idea, sometimes it can, sometimes not.",
     "unsure"),
    # is_he_alone: he is starkly still alone, or is he?
    ("is_he_alone", "He is, deep down he's totally on his own.", "yes"),
    ("is_he_alone", "Absolutely, a voice in his ear isn't a person in his life.", "yes"),
    ("is_he_alone", "No, he's got her now, he isn't lonely any longer.", "no"),
    ("is_he_alone", "I wouldn't call him alone, not with her chatting away to him.", "no"),
    ("is_he_alone", "In one way he is and in another way he isn't.", "unsure"),
    ("is_he_alone", "I don't really know what to make of that.", "unsure"),
    # isolated: is love solely an isolated phenomenon?
    ("isolated", "I think so, it lives in each person separately.", "yes"),
    ("isolated", "Mostly yes, it's something you go through by yourself.", "yes"),
    ("isolated", "No way, love always involves somebody besides you.", "no"),
    ("isolated", "Hardly, you can't have it without a second person involved.", "no"),
    ("isolated", "That's a hard one for me to answer, truthfully.", "unsure"),
    ("isolated", "It could go either way, I'm honestly unsure.", "unsure"),
)
"""(point, words, truth): 14 yes, 14 no, 14 unsure — plain, hedged negations, emphatic
agreement without "yes", in-between answers, "I doubt it" kinds, non-native and long."""

MEANING_ANSWERS: tuple[tuple[str, str, str], ...] = (
    # friendship: how do we allow ourselves true friendship?
    ("friendship", "Properly hearing out whatever a friend is trying to tell you.", "listen"),
    ("friendship", "When a mate talks, you keep quiet and take it all in.", "listen"),
    ("friendship", "Noticing what they tell you and remembering it later on.", "listen"),
    ("friendship", "Leave the mobile in a drawer for the whole evening.", "slow_down"),
    ("friendship", "Stop cramming every hour of the week with errands.", "slow_down"),
    ("friendship", "Quit racing about so much and give people an afternoon.", "slow_down"),
    ("friendship", "Telling a pal what is actually going on with you.", "open_up"),
    ("friendship", "Admitting your fears to the people near you.", "open_up"),
    ("friendship", "Letting them know when you're struggling instead of pretending.",
     "open_up"),
    # source: where does love come from?
    ("source", "It begins in your own chest before it goes anywhere.", "within"),
    ("source", "I think we carry it with us right from birth.", "within"),
    ("source", "It grows out of a person's own nature.", "within"),
    ("source", "You learn it by being cherished as a child.", "another"),
    ("source", "From a mum cradling her newborn.", "another"),
    ("source", "Other folks hand it to us over the years.", "another"),
    # entangled: true, acceptable, or neither?
    ("entangled", "Its beginnings decide whether it's the proper sort of love.", "true"),
    ("entangled", "If it grew out of a lie it's worthless, so the origin counts.", "true"),
    ("entangled", "It has to be sincere at the root to count as love at all.", "true"),
    ("entangled", "Just whatever the neighbours will put up with.", "acceptable"),
    ("entangled", "Mostly it's about fitting in with everybody else.", "acceptable"),
    ("entangled", "Love that nobody raises an eyebrow at.", "acceptable"),
    ("entangled", "The beginning is beside the point entirely.", "neither"),
    ("entangled", "Honestly, I don't think its source changes a thing.", "neither"),
    ("entangled", "None of that bothers me, a feeling is a feeling.", "neither"),
    # combustion: alone, within one of us, or between two?
    ("combustion", "It flares up when two hearts meet.", "between"),
    ("combustion", "In the space a couple creates whenever they meet.", "between"),
    ("combustion", "It happens when a pair of souls collide.", "between"),
    ("combustion", "Love sits in one heart and asks for no partner.", "alone"),
    ("combustion", "Every one of us holds it privately, on our own.", "alone"),
    ("combustion", "Just in one soul, no one else required.", "alone"),
)
"""(point, words, meaning): three answers per meaning of the piece, none holding one of
its point's example phrases."""

ASIDES: tuple[tuple[str, str, str], ...] = (
    ("she_listens", "Sorry, I've lost the thread, what was the question?", "explain"),
    ("norms", "Would you phrase that differently for me?", "explain"),
    ("constructs", "Hold on, what are constructs supposed to be?", "explain"),
    ("relationship", "I didn't catch that, would you mind saying it again?", "explain"),
    ("combustion", "Wait, what does combustion mean in this case?", "explain"),
    ("friendship", "Cooking a meal for somebody and eating it at the same table.", "open"),
    ("friendship", "Going on long walks with the dog and an old school friend.", "open"),
    ("source", "From music, I think, certain songs teach you how to love.", "open"),
    ("source", "From heaven above, the way my gran always saw it.", "open"),
    ("entangled", "My grandad wrote my nan letters for three whole years.", "open"),
)
"""Questions back (``explain``) and open answers (``open``, only where a point takes them)."""

OFF_LIST: tuple[str, ...] = (
    "Has anyone seen the remote for the telly?",
    "My bus was twenty minutes late this morning.",
    "Do you fancy getting a takeaway tonight?",
    "I need to ring the dentist before five.",
    "The cat's been sick on the rug again.",
    "Is it me or is it freezing in here?",
    "Remind me to pick up some fabric softener.",
    "That film last night went on far too long.",
    "Which platform does the Leeds train leave from?",
    "I can't find my reading glasses anywhere.",
    "The parking round here is an absolute nightmare.",
    "We should paint the hallway a lighter shade.",
    "What time does the chemist shut on Sundays?",
    "Did you hear all that thunder in the night?",
    "My charger's packed up, I need a new one.",
    "Pass me the pepper, would you?",
    "I've got a meeting at half past two.",
    "The printer has jammed yet again.",
    "Let's head to the seaside this weekend.",
    "How much do I owe you for the concert tickets?",
)
"""Talk about something else: what people say in a laundrette or at home."""

INTELLIGIBILITY: tuple[str, ...] = (
    "the lighthouse keeper painted the railings green",
    "a flock of starlings circled above the old mill",
    "my neighbour grows tomatoes in a greenhouse",
    "the library opens late on thursday evenings",
    "she folded the map and tucked it into her coat",
)
"""Neutral sentences in no set, for the voices' intelligibility check only."""

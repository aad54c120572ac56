"""What the listening bench's held-out set v8 says (scripts/bench_listening_heldout8.py):
written fresh and blind for issue 13's sixteenth pass, by a helper who writes no listening
rule, from what each listening point of the her piece asks and what its meanings mean —
not from its example phrases, any other set's phrasings or the tests' data. Measured to
report, never tuned on; never quoted in another file (tests/test_listening_heldout8.py)."""

from __future__ import annotations

YES_NO_ANSWERS: tuple[tuple[str, str, str], ...] = (
    # she_listens: is what she gives him true intimacy?
    ("she_listens", "Yeah, I think that's intimacy, she notices every little thing.", "yes"),
    ("she_listens", "Without a doubt, being heard like that is as close as two people get.",
     "yes"),
    ("she_listens", "No, it's attention, but it isn't intimacy.", "no"),
    ("she_listens", "I don't think so, intimacy has to run both ways.", "no"),
    ("she_listens", "Tough one, my head says it is but my gut isn't convinced.", "unsure"),
    ("she_listens", "I'm really not sure, I'd have to mull that one over.", "unsure"),
    # relationship: is it a real one?
    ("relationship", "Yes, it's as real as the ones I've been in.", "yes"),
    ("relationship", "In her way she is his partner, so for me it is real relationship.",
     "yes"),
    ("relationship", "Nope, you can't be in a relationship with a piece of software.", "no"),
    ("relationship", "I doubt it, it's more like he's chatting to a very clever mirror.", "no"),
    ("relationship", "Maybe, maybe not, I keep changing my mind.", "unsure"),
    ("relationship", "Honestly, I can't decide whether it counts.", "unsure"),
    # true_love: is this true love?
    ("true_love", "I reckon it is, he'd do anything for her.", "yes"),
    ("true_love", "Oh, definitely, you can hear it in the way he talks about her.", "yes"),
    ("true_love", "I wouldn't say so, he loves the idea of her more than her.", "no"),
    ("true_love", "This is not real love I think, he is lonely man and she is computer.",
     "no"),
    ("true_love", "I have no idea, love is such a strange thing.", "unsure"),
    ("true_love", "When my husband and I first met I couldn't have told you whether it was "
                  "love either, so I really don't know about him.", "unsure"),
    # norms: do society's expectations matter to what love is?
    ("norms", "Yes, they shape what we even think love is.", "yes"),
    ("norms", "Of course they matter, we grow up being told who to fall for.", "yes"),
    ("norms", "No, the heart doesn't check the rules first.", "no"),
    ("norms", "I don't believe they change what love actually is.", "no"),
    ("norms", "I'm torn on that, they matter a little, I suppose.", "unsure"),
    ("norms", "Good question, I honestly couldn't say.", "unsure"),
    # constructs: can society's constructs keep us from love?
    ("constructs", "They can, people hide who they love because of them.", "yes"),
    ("constructs", "In my country many people cannot marry who they want, the family "
                   "decides, so it is possible, yes.", "yes"),
    ("constructs", "No, real love finds its way round them.", "no"),
    ("constructs", "I doubt it, people have always loved each other against the rules.",
     "no"),
    ("constructs", "It's possible, but I wouldn't bet on it either way.", "unsure"),
    ("constructs", "I don't know, that's never crossed my mind before.", "unsure"),
    # is_he_alone: he is starkly still alone, or is he?
    ("is_he_alone", "Yes, he's alone, she's just a voice.", "yes"),
    ("is_he_alone", "Utterly alone, poor man, nobody is actually in the room with him.",
     "yes"),
    ("is_he_alone", "No, he has someone to talk to now.", "no"),
    ("is_he_alone", "He isn't, she's there chatting with him from morning till night.", "no"),
    ("is_he_alone", "Kind of, he's alone and not alone at the same time.", "unsure"),
    ("is_he_alone", "I can't tell, it depends what you mean by alone.", "unsure"),
    # isolated: is love solely an isolated phenomenon?
    ("isolated", "Yeah, I'd say each of us feels it privately.", "yes"),
    ("isolated", "For me yes, love is private thing that each one carries alone.", "yes"),
    ("isolated", "No, it needs other people to exist.", "no"),
    ("isolated", "I'd say it's never isolated, it always involves others.", "no"),
    ("isolated", "Hmm, I'm stuck on that one.", "unsure"),
    ("isolated", "Partly, maybe, but I really can't say for certain.", "unsure"),
)
"""(point, words, truth): 14 yes, 14 no, 14 unsure — plain, hedged negations, emphatic
agreement without "yes", in-between answers, "I doubt it" kinds, non-native and long."""

MEANING_ANSWERS: tuple[tuple[str, str, str], ...] = (
    # friendship: how do we allow ourselves true friendship?
    ("friendship", "By really hearing what the other person has to say.", "listen"),
    ("friendship", "Keeping quiet and letting a mate finish what they're saying.",
     "listen"),
    ("friendship", "Giving people your ears and not your phone.", "listen"),
    ("friendship", "Living less frantically, with fewer errands crammed into each day.",
     "slow_down"),
    ("friendship", "Putting the brakes on a little so friends can fit in.",
     "slow_down"),
    ("friendship", "Stepping off the treadmill for a while.", "slow_down"),
    ("friendship", "Letting someone see the real you, flaws and all.", "open_up"),
    ("friendship", "Letting your defences down and saying what's going on in your head.",
     "open_up"),
    ("friendship", "Telling a friend the things you'd normally keep hidden.", "open_up"),
    # source: where does love come from?
    ("source", "It is part of who we are from the very start.", "within"),
    ("source", "We come into the world already holding it.", "within"),
    ("source", "It grows out of who we already are.", "within"),
    ("source", "It comes from the folk we share our lives with.", "another"),
    ("source", "A lover draws it out of you.", "another"),
    ("source", "It's handed to us by the people who care for us.", "another"),
    # entangled: must love be bound to its source to be true, or just acceptable?
    ("entangled", "It has to be tied to where it comes from, or it's fake.", "true"),
    ("entangled", "Where it springs from is what makes it honest.", "true"),
    ("entangled", "Cut off from its roots it would be counterfeit.", "true"),
    ("entangled", "Only passable, it just makes it okay in other people's eyes.",
     "acceptable"),
    ("entangled", "Merely tolerable, I'd say, nothing more.", "acceptable"),
    ("entangled", "It makes the love permitted, that's about all.", "acceptable"),
    ("entangled", "I'd reject both of those options.", "neither"),
    ("entangled", "I don't think either word fits it.", "neither"),
    ("entangled", "No to both, where it comes from doesn't come into it.", "neither"),
    # combustion: does love live between two or more, or alone in one?
    ("combustion", "In the space where a couple meets.", "between"),
    ("combustion", "It's a flame that takes the pair of you.", "between"),
    ("combustion", "Where two lives meet and rub against each other.", "between"),
    ("combustion", "In a single soul, needing nobody.", "alone"),
    ("combustion", "In one heart, no partner required.", "alone"),
    ("combustion", "Deep in one individual, by themselves.", "alone"),
)
"""(point, words, meaning): three answers per meaning of the piece, none holding one of
its point's example phrases."""

ASIDES: tuple[tuple[str, str, str], ...] = (
    ("true_love", "Sorry, are you asking about him or about her?", "explain"),
    ("is_he_alone", "Do you mean lonely, or physically on his own?", "explain"),
    ("isolated", "Hang on, I didn't quite follow that bit.", "explain"),
    ("source", "Pardon? The wind took half of that.", "explain"),
    ("norms", "Whose expectations are we on about here?", "explain"),
    ("friendship", "I met my best friend queuing for a bus in the rain twenty years ago.",
     "open"),
    ("friendship", "Honestly, most of my friends are people I work with.", "open"),
    ("source", "My mother used to say love is a verb and not a feeling.", "open"),
    ("entangled", "I married someone my whole family disliked, and we're still together "
                  "forty years later.", "open"),
    ("entangled", "My parents had an arranged marriage and they adore each other now.",
     "open"),
)
"""Questions back (``explain``) and open answers (``open``, only where a point takes them)."""

OFF_LIST: tuple[str, ...] = (
    "Shall we get chips on the way back?",
    "Mind the step, it's slippery.",
    "Did you remember to lock the car?",
    "The tide's coming in quite fast now.",
    "Can you pass me the sun cream?",
    "I think I left my glasses in the café.",
    "What time does the last train go?",
    "Hold on, my phone's ringing.",
    "Look at that dog chasing the waves.",
    "We need to buy milk before the shop shuts.",
    "Is it just me, or has the temperature dropped?",
    "Have you fed the cat this morning?",
    "Could you bring the washing in before it rains?",
    "My back's been killing me all week.",
    "Let's sit somewhere out of the wind.",
    "Somebody's left the garden gate swinging again.",
    "The parking meter only takes coins.",
    "Grab a towel out of the bag.",
    "I can't find the charger anywhere.",
    "Are the kids back from school yet?",
)
"""Talk about something else: what people say on a seafront or at home."""

INTELLIGIBILITY: tuple[str, ...] = (
    "the cobbler mended the heels of my walking boots",
    "a red kite drifted over the quiet valley",
    "our bus driver whistled the same tune every morning",
    "the carpenter measured the doorway twice",
    "two swans nested beside the canal lock",
)
"""Neutral sentences in no set, for the voices' intelligibility check only."""

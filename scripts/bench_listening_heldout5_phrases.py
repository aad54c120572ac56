"""What the listeners of the listening bench's held-out set v5 say
(scripts/bench_listening_heldout5.py), kept apart so that it reads as the list it is.

Written fresh and blind, on 6 December 2026, by a helper who tunes nothing and who did not
open the phrase tables of v4 or of any later set, the tests' data or understood.yaml:
the words come from the her piece's questions and what each point's answers mean, not
from anything the ear was built or judged on. Held out until issue 13's thirteenth pass,
which spent the set as **development data** (scripts/v5_dev.py): its fit half's voices
(ef_dora, em_santa, pf_dora) were read item by item and rules chosen on them; its held
half (hf_beta, pm_santa) is reported in aggregate only.

The truth is the label a listener who said this means: ``yes`` / ``no`` / ``unsure`` at
the yes/no points (where ``yes`` at is_he_alone means "he is alone", at isolated "love is
only inside one person"), a point's own meaning, ``explain`` for a question back, ``open``
for an answer that is none of the point's meanings, and no label (off-list) for speech
that answers nothing.
"""

from __future__ import annotations

YES_NO_ANSWERS: tuple[tuple[str, str, str], ...] = (
    # she_listens: is what she gives him true intimacy?
    ("she_listens", "yes, to me that counts as intimacy", "yes"),
    ("she_listens", "I suppose so, in a quiet sort of way", "yes"),
    ("she_listens", "being listened to like that, of course it's intimate", "yes"),
    ("she_listens", "no, she is only echoing him back to himself", "no"),
    ("she_listens", "intimacy needs a body in the room, so I'd say not", "no"),
    ("she_listens", "for me this is not intimacy, it is more like a service", "no"),
    ("she_listens", "part of me says it is and part of me says it isn't", "unsure"),
    # relationship: is it a real relationship?
    ("relationship", "yeah, a proper one, as genuine as any other couple", "yes"),
    ("relationship", "they share their days with each other, so I would call it one", "yes"),
    ("relationship", "hmm, I don't believe it's a real one, no", "no"),
    ("relationship", "nope, one side of it is a computer program", "no"),
    ("relationship", "well, I've been turning it over and over and I honestly cannot land "
                     "on an answer either way", "unsure"),
    ("relationship", "it is a relationship for him but for her I am not so sure", "unsure"),
    # true_love: is this true love?
    ("true_love", "oh, utterly, that is love through and through", "yes"),
    ("true_love", "if you ask me, after sitting with the film for a few days, yes, I "
                  "believe it is", "yes"),
    ("true_love", "it's love all right, the whole thing", "yes"),
    ("true_love", "I rather doubt that is love", "no"),
    ("true_love", "not love, more like loneliness that found a mirror", "no"),
    ("true_love", "maybe so, maybe not, who can ever say with love", "unsure"),
    ("true_love", "I cannot tell you if it is love or only a beautiful dream", "unsure"),
    # norms: do the norms of who we should love matter to what love is?
    ("norms", "sure they matter, society shapes everything we feel", "yes"),
    ("norms", "they do, they weigh on every single one of us", "yes"),
    ("norms", "no, who you love is nobody else's business", "no"),
    ("norms", "I'd say they don't really, love just happens to people", "no"),
    ("norms", "the norms, no, they are not the ones deciding what love is", "no"),
    ("norms", "that is a hard one, I'm of two minds about it", "unsure"),
    # constructs: could social constructs keep us from love?
    ("constructs", "oh yes, they can build a wall between two people", "yes"),
    ("constructs", "they certainly can, I have watched it happen to friends", "yes"),
    ("constructs", "I guess that's possible, sadly", "yes"),
    ("constructs", "no, love slips around any rule you put in front of it", "no"),
    ("constructs", "I wouldn't think so, not if the feeling is strong enough", "no"),
    ("constructs", "maybe for some people and not for others, I can't generalize", "unsure"),
    # is_he_alone: he is still alone; or is he? (yes: he is alone)
    ("is_he_alone", "yes, in the end the man has nobody", "yes"),
    ("is_he_alone", "he is, there's no one actually sitting next to him", "yes"),
    ("is_he_alone", "he is very lonely, I feel sorry for the guy", "yes"),
    ("is_he_alone", "no, he has her, even if she's only a voice", "no"),
    ("is_he_alone", "of course he isn't, she's with him every minute of the day", "no"),
    ("is_he_alone", "with his body yes but in his heart no, so it is both", "unsure"),
    ("is_he_alone", "I can't quite make up my mind about that one", "unsure"),
    # isolated: is love solely an isolated phenomenon? (yes: only inside one person)
    ("isolated", "yes, I think it happens in one heart only", "yes"),
    ("isolated", "yeah, mostly it stays in the person who feels it", "yes"),
    ("isolated", "no, it always reaches out toward somebody", "no"),
    ("isolated", "no way, love needs at least two to exist", "no"),
    ("isolated", "um, I don't think it's only that, no", "no"),
    ("isolated", "I am not knowing this, it is a very deep question", "unsure"),
)
"""(point, words, truth) at the seven yes/no/unsure points: plain, hedged, emphatic,
indirect, long-winded and non-native answers."""

MEANING_ANSWERS: tuple[tuple[str, str, str], ...] = (
    # friendship: listen / slow_down / open_up, in words none of its phrases use
    ("friendship", "hearing out whatever a friend needs to say", "listen"),
    ("friendship", "giving my whole ear when a mate wants to talk", "listen"),
    ("friendship", "paying heed to what a friend tells you", "listen"),
    ("friendship", "leaving the laptop shut at the weekends", "slow_down"),
    ("friendship", "doing fewer things and lingering more", "slow_down"),
    ("friendship", "letting an afternoon stay empty for once", "slow_down"),
    ("friendship", "telling a friend what actually scares me", "open_up"),
    ("friendship", "letting my guard down around people", "open_up"),
    ("friendship", "admitting to my friends when I'm struggling", "open_up"),
    # source: within / another
    ("source", "it starts deep in a person's own chest", "within"),
    ("source", "it grows out of the one who feels it", "within"),
    ("source", "it is born in a person's own spirit", "within"),
    ("source", "from the people who are around us", "another"),
    ("source", "it comes to us through whoever loved us first", "another"),
    ("source", "a mother's care teaches it to us", "another"),
    # entangled: true / acceptable / neither
    ("entangled", "it only counts if it's sincere", "true"),
    ("entangled", "it has to come from an honest place", "true"),
    ("entangled", "it must be heartfelt down to the bone", "true"),
    ("entangled", "mostly whether society signs off on it", "acceptable"),
    ("entangled", "whether your neighbours would nod along", "acceptable"),
    ("entangled", "just that it fits with everyone's expectations", "acceptable"),
    ("entangled", "the origin has no bearing on it whatsoever", "neither"),
    ("entangled", "love is valid wherever it springs from", "neither"),
    ("entangled", "it isn't tied to either of those things", "neither"),
    # combustion: between / alone
    ("combustion", "in the meeting of two hearts", "between"),
    ("combustion", "in whatever passes from one heart to the next", "between"),
    ("combustion", "it needs a partner to catch fire", "between"),
    ("combustion", "it stays locked up in a single heart", "alone"),
    ("combustion", "a private thing each of us carries", "alone"),
    ("combustion", "a solo flame that needs nobody", "alone"),
)
"""(point, words, truth): the piece's own meanings, said in other words than its
examples."""

ASIDES: tuple[tuple[str, str, str], ...] = (
    # questions back
    ("she_listens", "sorry, which part are you asking me about?", "explain"),
    ("entangled", "I lost you there, what's the choice again?", "explain"),
    ("norms", "could you put that a bit more simply for me?", "explain"),
    ("combustion", "what were the options, remind me?", "explain"),
    ("constructs", "pardon, I did not understand the question", "explain"),
    # open answers, where the point takes them
    ("friendship", "cooking a meal for someone on a bad day", "open"),
    ("friendship", "we go hiking every spring, the four of us", "open"),
    ("source", "from music, I think, a song can start it", "open"),
    ("source", "it is a gift from heaven above", "open"),
    ("entangled", "that question made me think of a poem I once read", "open"),
)
"""(point, words, truth): questions back (``explain``) and open answers (``open``)."""

OFF_LIST: tuple[str, ...] = (
    "is there a cloakroom on this floor",
    "my phone battery is almost gone",
    "these headphones keep slipping off",
    "what time does the museum shut today",
    "the painting by the window is enormous",
    "can I take photographs in here",
    "my feet are killing me after all those stairs",
    "where are the toilets in this building",
    "the bus back leaves at half past five",
    "I think I left my scarf downstairs",
    "the ticket said room fourteen",
    "there's a school group coming through",
    "somebody's baby keeps crying",
    "this bench is surprisingly comfortable",
    "I should text my sister back",
    "did they repaint these walls recently",
    "the lift is out of order again",
    "I need a coffee before the next room",
    "the true story behind that sculpture is odd",
    "my brother loves modern sculpture",
    "the guard told us to keep moving",
    "it's freezing in this hall",
    "half the lights are off in the east wing",
    "grab a map from the front desk",
    "somebody dropped a glove by the stairs",
)
"""Speech that answers none of the points: a visitor's remarks in a gallery, a few with an
answer's word inside ("true", "loves")."""

MURMUR_LINES: tuple[str, ...] = (
    "have you seen the room with the blue canvases",
    "I read that he painted this in a single week",
    "the light in this one is extraordinary",
    "let's find the audio guide desk",
    "she studied in paris before the war",
    "I prefer the earlier portraits to be honest",
    "keep your voice down a little",
)
"""The far murmur of other visitors in the gallery (the noise, not the listener)."""

INTELLIGIBILITY: tuple[str, ...] = (
    "the library opens at nine on most weekdays",
    "please put the green folder on the second shelf",
    "the river runs past an old stone mill",
    "our neighbour planted tomatoes along the fence",
    "the train to the coast was twenty minutes late",
)
"""Five neutral sentences in no set: does Whisper tiny.en write back a voice's words?"""

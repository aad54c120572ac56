"""A third typed held batch of accented and learner English yes, no and unsure answers
(issue 13, thirteenth pass), written before any swap of this pass was looked at and before
any rule of this pass was chosen; the second held batch (:mod:`yesno_accents_held2`) became
fit material in this pass. **Reported only, once, at the end: no choice is made on it.**

    PYTHONPATH=.:scripts python scripts/yesno_accents.py typed --show typed-held3

Speakers of languages the earlier batches left aside (German, Dutch, Russian, Polish,
Greek, Arabic, Turkish, Korean, Swedish): a first-language yes or no before the English one
(Greek *nai* is yes and *ochi* no), "I am disagree", "this is" where English says "that's",
"in no case" and "in principle", "agree, agree", a double negative meaning yes ("not
wrong"), "it is not correct" without contraction, and short answers such a speaker is
sure of ("certainly not", "naturally, yes").
"""

from __future__ import annotations

TYPED_HELD_3: dict[str | None, tuple[str, ...]] = {
    "yes": ("yes, it is exactly so", "ja, yes", "da, yes", "nai, yes", "yes, this is right",
            "of course, it is true", "I agree with this, yes", "yes, I am thinking like this",
            "it is so, yes", "yes, for sure she is", "right, right, yes", "naturally, yes",
            "yes, I would say so", "I think it is true", "it is correct, I think",
            "yes, she is like this", "yes, exactly this", "sure thing, yes", "I can say yes",
            "certainly yes", "yes, this is so", "yes, I also think", "true, it is true",
            "it is, it is", "agree, agree", "not wrong, yes", "yes, why not, she is",
            "yes, of course she is", "in principle yes", "evet, yes"),
    "no": ("no, this is not right", "nein, no", "niet, no", "ochi, no",
           "no, I don't agree with this", "no, it is not true", "I think this is not", "not so, no",
           "no, this is wrong", "this is wrong, no", "I disagree", "I am disagree", "no, not this",
           "no way", "in no case", "not at all, not", "certainly not", "no, I would say not",
           "I think it is not so", "it is not right", "no, I am not thinking like this",
           "no, of course, never", "no, it is not correct", "not correct", "not really, no",
           "she is not like this", "no, she is not like that", "I don't agree, sorry",
           "to my opinion, no", "nee, no"),
    "unsure": ("I am not knowing this", "I don't know it exactly", "hard to say",
               "who can know this", "I am not certain", "maybe this, maybe not", "I cannot decide",
               "it is difficult", "partly yes, partly no",
               "in some way yes, in some way no",
               "I don't know how to say", "I am not sure about this", "perhaps yes, perhaps not",
               "I have no idea about this", "not certain", "I would not know", "depends on it",
               "it is hard to tell", "difficult question", "really, I don't know",
               "yes and no, both", "a little yes, a little no", "possibly", "it might be",
               "I am not so sure of this"),
}
"""Truth -> typed phrasings; each is tried at every yes/no/unsure point of "her"."""

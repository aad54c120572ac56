"""A second typed held batch of accented and learner English yes, no and unsure answers
(issue 13, twelfth pass), written before the first typed held batch
(yesno_accents.TYPED_HELD, reported by the eleventh pass and so now fit material) was
read, and before any rule of this pass was chosen. **Reported only: no choice is made on
it.**

    PYTHONPATH=.:scripts python scripts/yesno_accents.py typed --show typed-held2

The phrasings are English the way speakers of Spanish, Portuguese, Italian, French, Hindi,
Japanese and Chinese often put agreement, denial and doubt: their first language's
grammar carried over (double negatives, "is not" without a subject, "I am agree", a "no?"
or "na" tag, "that one no", "how not" for Spanish *cómo no*, "for nothing" for *para
nada*, "can be" for *puede ser*), a first-language word before the English one, and
the short answers such a speaker is sure of ("of course not", "not at all").
"""

from __future__ import annotations

TYPED_HELD_2: dict[str | None, tuple[str, ...]] = {
    "yes": ("I am agree with that", "yes, of course, is obvious", "how not", "how not, yes",
            "but yes, naturally", "yes yes, is true", "is true, no?", "is correct", "it is so",
            "I would tell you yes", "evidently yes", "that one yes", "exactly, is like that",
            "yes, why would not", "ya, sure", "yes only", "definitely yes, no doubt",
            "without any doubt, yes", "of course it is, no?", "I am thinking yes", "surely yes",
            "it's right, isn't it", "oui, yes", "hai, yes", "for sure, yes", "is very true",
            "that's true, na", "yes, isn't it", "I don't say no", "is not false",
            "I am not disagree", "is like you say", "sí, sí, yes", "haan, she does"),
    "no": ("I am not agree at all", "me, I am not agree", "of course is not",
           "of course that is not", "that one no", "but not at all", "is not like that",
           "no, is not", "I would say that no", "I think is not", "never in the life",
           "no no, never", "nothing of that", "it is not so", "nahi, no", "non, no", "iie, no",
           "no no, not like this", "I don't think it is true", "yes, no, not really", "is false",
           "not true, no?", "she is not, no?", "for nothing", "no, no, is wrong",
           "I am not thinking so", "no, of course not", "I don't believe, no", "for me, not",
           "she don't, no", "absolutely not", "no, is the contrary"),
    "unsure": ("I don't know, maybe", "maybe is yes, maybe is no", "I am not sure, no?",
               "who knows", "that depends on the thing", "it depends, no?", "more or less",
               "some yes, some no", "yes no, I don't know", "I not know",
               "I don't know if yes or no", "is difficult to say", "I have doubts",
               "I am in doubt", "can be", "it can be, it can be not", "I don't know well",
               "half and half", "fifty fifty", "I have not idea", "no idea, really",
               "I cannot say", "not yes, not no", "nor yes nor no", "I am not decided",
               "let me think, I don't know", "between yes and no", "not sure, no",
               "sometimes yes, sometimes no", "I'm not knowing that"),
}
"""Truth -> typed phrasings; each is tried at every yes/no/unsure point of "her"."""

TYPED_FIT_4: dict[str | None, tuple[str, ...]] = {
    "yes": ("how not, of course", "but how not", "how not, I agree", "I am agree", "we are agree",
            "of course yes, she does", "claro, yes", "that one yes, sure", "it is true, na?",
            "yes, is true", "is right", "it is like this", "I believe yes", "me, I think yes",
            "for me is yes", "yes yes yes", "it is not false, no", "is not a lie", "I do not deny",
            "sure, why not", "yes, of course, no problem", "no no, is true", "totally yes",
            "yes, she is, no?", "really yes", "of course, is obvious"),
    "no": ("no, I am not agree with this", "I not agree", "we are not agree", "of course not, no",
           "of course no, never", "claro que no", "that one no, sorry", "that no", "is not",
           "is not true, no", "no, it is not, no", "nothing at all", "at all not",
           "I think that no", "I believe no", "for me, no", "no, never ever",
           "not, not, is not like that", "is a lie", "it is false, no?", "no is true",
           "no, is not so", "she is not, na", "no, I don't think, no", "not really, is not",
           "no, no way", "of course not, is not true"),
    "unsure": ("I don't know, no?", "maybe yes, maybe not, I don't know", "yes no, maybe",
               "I don't know if is true", "is possible", "it is possible, maybe", "who knows, no?",
               "I am not sure if yes", "I am not so sure, no", "I don't know very well",
               "more or less, yes and no", "depends on the day", "can be yes, can be no",
               "perhaps yes", "I have a doubt", "not sure if yes or no", "I not sure",
               "is not clear", "half yes, half no", "I couldn't say", "hard to know",
               "I don't have idea", "mm, I don't know"),
}
"""A fit batch written alongside, from the same habits (and no phrasing of the held
batch): the twelfth pass's choices are made on it and on the earlier batches."""

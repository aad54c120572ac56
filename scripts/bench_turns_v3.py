"""The turns bench's third unseen set (v3): written before the openers were taught to the
turn judgement, measured once before that change and once after, never tuned on.

The first unseen set (``unseen``) showed what the judgement still cut — fillers that are
no hesitation words to the rule ("I mean…", "you know…", "let me think…") — so it has been
seen in diagnosis. This one is new in everything:

- voices: three Kokoro voices no other set speaks — af_kore (American woman), am_puck
  (American man), bm_fable (British man) — natural neural voices, where the other turn
  sets hear espeak-ng and flite; every voice is heard in ``--quick`` too;
- noise: brown (a low rumble), where the other turn sets have pink and white;
- pauses: 0.6, 0.9 and 1.2 s inside the answer, in ``--quick`` too;
- phrasings, written fresh for this set (none in another set, the tests or the tuning
  data): openers before an answer ("I mean… yes, it sort of is", "the thing is… not really",
  "how do I put it… yes", "you know… I would think so"), plain hesitations ("hmm… I hope
  not"), a lone "I…", an answer trailing "and…", a bare "I don't…", and complete answers
  for the end delay. The first part is spoken as trailing off ("I mean..."), as a person
  says it.
"""

from __future__ import annotations

V3_VOICES = ("kokoro:af_kore", "kokoro:am_puck", "kokoro:bm_fable")
V3_NOISE = "brown"
V3_GAPS = (0.6, 0.9, 1.2)

V3_HESITANT: tuple[tuple[str, str], ...] = (
    # openers: words, not an answer
    ("I mean...", "yes, it sort of is"),
    ("let me see...", "no"),
    ("okay, so...", "maybe"),
    ("honestly...", "I don't know"),
    ("the thing is...", "not really"),
    ("how do I put it...", "yes"),
    ("like...", "I guess"),
    ("you know...", "I would think so"),
    # plain hesitations
    ("hmm...", "I hope not"),
    ("uh...", "yeah, mostly"),
    ("erm...", "not at all"),
    # a lone "I", a trailing "and", a bare "I don't"
    ("I...", "I'd have to say no"),
    ("maybe, and...", "maybe not"),
    ("I don't...", "want to say yes"),
)
"""(first part, the rest) of hesitant answers: a pause of room noise between them."""

V3_COMPLETE = ("yes, it sort of is", "I would think so", "I hope not", "yeah, mostly",
               "nah, not me", "not in the slightest", "tough to say", "no, it isn't really",
               "I guess", "maybe not")
"""Complete answers said in one go: how quickly a finished turn ends."""

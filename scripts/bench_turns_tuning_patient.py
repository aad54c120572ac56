"""A development split of the turns bench in two halves, written fresh for patient
turn-taking's tenth pass (issue 13, item 6): new shapes of clause left open and of
hesitation, at points that take own meanings and open answers and at yes/no points.

Both halves hear each answer at the her piece's point it answers (friendship, source,
entangled, combustion, and the yes/no points she_listens, relationship, true_love, norms,
constructs, is_he_alone, isolated), with pauses of 0.8 and 1.2 s inside the hesitant
answers, complete answers, and complete sentences that answer nothing there (open). Seen
voices only (the accented development voices of the yes/no check and the accented
meanings bench, and a British Kokoro voice), noises of the bench parts. The phrasings
were split in two before any of them was heard by the ear:

- ``tuning_patient`` (FIT): jm_kumo and zf_xiaoni under v6's traffic. Rules and
  thresholds are chosen on it.
- ``tuning_patient_check`` (CHECK): other phrasings, zm_yunjian and bm_daniel in pink
  noise with a hum. Never used for a choice: its figures are the honest ones.
"""

from __future__ import annotations

from typing import Any

PATIENT_GAPS = (0.8, 1.2)
PATIENT_KEPT = "bench-turns-patient"

FIT_VOICES = ("kokoro:jm_kumo", "kokoro:zf_xiaoni")
FIT_NOISE = "traffic"
FIT_HESITANT: tuple[tuple[str, str, str, str], ...] = (
    # (first part, after the pause, kind, point)
    ("honestly I'd have to go with...", "slowing down", "open clause", "friendship"),
    ("the most important part is probably...", "listening", "open clause", "friendship"),
    ("I reckon a good friend is somebody who...", "picks up the phone", "open clause",
     "friendship"),
    ("oh gosh...", "by opening up, I guess", "hesitation", "friendship"),
    ("my mother used to say that love comes from...", "inside", "open clause", "source"),
    ("I was going to say...", "someone else", "open clause", "source"),
    ("uh, hmm...", "from within", "hesitation", "source"),
    ("it ought to be something more than...", "just acceptable", "open clause", "entangled"),
    ("they both have to be...", "true to each other", "open clause", "entangled"),
    ("it's a lot like a...", "fire between two people", "open clause", "combustion"),
    ("I've always felt that it needs...", "two people", "open clause", "combustion"),
    ("um, I guess it's...", "between them", "hesitation", "combustion"),
    ("well, I...", "don't think he is", "hesitation", "is_he_alone"),
    ("the way she talks about him, it's...", "obvious she does", "open clause",
     "she_listens"),
    ("um...", "I'd say so", "hesitation", "she_listens"),
    ("what they have together is kind of...", "a real relationship, yes", "open clause",
     "relationship"),
    ("I'd want to know more about...", "how they met first", "open clause", "relationship"),
    ("so, um...", "probably not", "hesitation", "norms"),
    ("most of what we believe is...", "made up, yes", "open clause", "constructs"),
    ("he seems to be the sort of person who...", "keeps to himself", "open clause",
     "isolated"),
)
FIT_COMPLETE: tuple[tuple[str, str], ...] = (
    ("by putting the phone away", "friendship"), ("it comes from someone else", "source"),
    ("it should be true", "entangled"), ("it needs two people", "combustion"),
    ("yes, she does", "she_listens"), ("no, I don't think so", "relationship"),
    ("I'm not sure", "norms"),
)
FIT_OPEN: tuple[tuple[str, str], ...] = (
    ("my sister never calls me", "friendship"), ("I read that in a book once", "source"),
    ("people change over time", "entangled"), ("the fire went out last night", "combustion"),
    ("he works too much", "isolated"),
)

CHECK_VOICES = ("kokoro:zm_yunjian", "kokoro:bm_daniel")
CHECK_NOISE = "pink+hum"
CHECK_HESITANT: tuple[tuple[str, str, str, str], ...] = (
    ("the key thing, I think, is to...", "pay attention", "open clause", "friendship"),
    ("a friend should never...", "stop listening", "open clause", "friendship"),
    ("er, well...", "really listening", "hesitation", "friendship"),
    ("my guess would be that it grows from...", "within", "open clause", "source"),
    ("you can only really love once you've...", "been loved by someone else", "open clause",
     "source"),
    ("hmm, I suppose...", "another person", "hesitation", "source"),
    ("I don't see why it can't be...", "just acceptable", "open clause", "entangled"),
    ("um, so, uh...", "true", "hesitation", "entangled"),
    ("there's no way it happens without...", "two people", "open clause", "combustion"),
    ("it only ever happens when you've got...", "someone else there", "open clause",
     "combustion"),
    ("uh...", "between us", "hesitation", "combustion"),
    ("judging by how she answers him, she...", "listens very well", "open clause",
     "she_listens"),
    ("I'd call it more of a...", "friendship than a relationship", "open clause",
     "relationship"),
    ("I, um...", "think it is", "hesitation", "relationship"),
    ("if you ask me whether it's real, I'd...", "say yes", "open clause", "true_love"),
    ("it's hard to tell, but it looks like...", "love to me", "open clause", "true_love"),
    ("those rules are mostly...", "invented, yes", "open clause", "constructs"),
    ("oh, um...", "no", "hesitation", "norms"),
    ("he's got his work and his...", "computer, so no", "open clause", "is_he_alone"),
    ("well...", "yes, very", "hesitation", "isolated"),
)
CHECK_COMPLETE: tuple[tuple[str, str], ...] = (
    ("by being there", "friendship"), ("from inside us", "source"),
    ("it can be just acceptable", "entangled"), ("it takes two", "combustion"),
    ("yes, definitely", "she_listens"), ("I guess not", "relationship"),
    ("no, he isn't", "is_he_alone"),
)
CHECK_OPEN: tuple[tuple[str, str], ...] = (
    ("we met at school", "friendship"), ("my dog loves everybody", "source"),
    ("I like the music in this", "entangled"), ("candles burn slowly", "combustion"),
    ("his phone is always on", "true_love"),
)


def split_of(half: str) -> dict[str, Any]:
    """The arguments of the turns bench's ``Split`` for ``half`` ("fit" or "check")."""
    from bench_turns_tuning_unfinished import split_from

    return split_from(half, (FIT_VOICES, FIT_NOISE, FIT_HESITANT, FIT_COMPLETE, FIT_OPEN),
                      (CHECK_VOICES, CHECK_NOISE, CHECK_HESITANT, CHECK_COMPLETE, CHECK_OPEN),
                      PATIENT_GAPS, PATIENT_KEPT)

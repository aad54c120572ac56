"""A development split of the turns bench in two halves, written fresh for the eleventh
pass's light parse of the last clause (issue 13, item 6): clauses left open on a modal or
an auxiliary without its verb, a subordinator and its subject, a possessive or a
determiner without its noun, a preposition without its object, a transitive verb without
its object, a verb of thinking alone ("I suppose…") — and complete answers ending on the
same kinds of words ("I think I would", "yes, I suppose", "what to think about", "I
really do", "maybe it could"), which must not wait.

Each answer at the her piece's point it answers, one pause of 1.0 s (the check ~0.1 s
into a pause reads the same words whatever its length; 1.0 s is cut by the short and the
incomplete silences alike, not by the hesitation one). Seen voices only, one Kokoro and
one espeak-ng voice a half. The phrasings were split in two before any was heard:

- ``tuning_parse`` (FIT): af_sarah and espeak-ng en-us+m2 in v7's kitchen. Choices are
  made on it.
- ``tuning_parse_check`` (CHECK): other phrasings, bf_emma and espeak-ng en-gb-scotland+m4
  in v5's reverberant room under a fan. Never used for a choice.

    PYTHONPATH=.:scripts python scripts/bench_turns_tuning_parse.py OUT.jsonl tuning_parse

logs them as scripts/bench_turns_patient_log.py does (``VOICEPIECE_LOG_ONLY`` too).
"""

from __future__ import annotations

import sys
from typing import Any

PARSE_GAPS = (1.0,)
PARSE_KEPT = "bench-turns-parse"

FIT_VOICES = ("kokoro:af_sarah", "espeak-ng:en-us+m2")
FIT_NOISE = "kitchen"
FIT_HESITANT: tuple[tuple[str, str, str, str], ...] = (
    # (first part, after the pause, kind, point)
    ("I think a real friend will always...", "make time for you", "open clause", "friendship"),
    ("you should never...", "let it go quiet", "open clause", "friendship"),
    ("mostly because they...", "listen without judging", "open clause", "friendship"),
    ("it takes every...", "bit of patience you have", "open clause", "friendship"),
    ("I guess it starts inside each...", "person on their own", "open clause", "source"),
    ("you learn it by thinking about...", "the people who raised you", "open clause",
     "source"),
    ("nobody can love without...", "being loved first", "open clause", "source"),
    ("honestly I think she really wanted...", "something true", "open clause", "entangled"),
    ("a marriage needs...", "more than acceptable", "open clause", "entangled"),
    ("it should be true because you...", "deserve the real thing", "open clause",
     "entangled"),
    ("it happens when people...", "push each other", "open clause", "combustion"),
    ("two people can never really...", "do it alone", "open clause", "combustion"),
    ("it only happens if someone gives...", "it a push", "open clause", "combustion"),
    ("I suppose...", "she does", "hesitation", "she_listens"),
    ("um, well...", "she tries to", "hesitation", "she_listens"),
    ("I think they could...", "be, if they tried", "open clause", "relationship"),
    ("it's not a relationship unless they...", "both want it", "open clause", "relationship"),
    ("it might be, but only if his...", "feelings are real", "open clause", "true_love"),
    ("I'd say it's about his...", "kindness to her", "open clause", "true_love"),
    ("uh...", "I don't think so", "hesitation", "true_love"),
    ("society has always...", "told us what to do, so yes", "open clause", "norms"),
    ("hmm, I guess...", "they are", "hesitation", "constructs"),
    ("he's alone, but he doesn't really...", "seem to mind", "open clause", "is_he_alone"),
    ("he never lets...", "anyone in", "open clause", "isolated"),
    ("er, so...", "yes, I'd say so", "hesitation", "isolated"),
)
FIT_COMPLETE: tuple[tuple[str, str], ...] = (
    ("I think I would", "relationship"), ("yes, I suppose", "she_listens"),
    ("I really do", "true_love"), ("maybe it could", "relationship"),
    ("I don't know what to think about", "norms"), ("no, he never has", "is_he_alone"),
    ("by giving them your time", "friendship"), ("from the people who love us", "source"),
    ("it should be what they both want", "entangled"),
    ("only if someone else is there", "combustion"), ("I guess he is", "isolated"),
)
FIT_OPEN: tuple[tuple[str, str], ...] = (
    ("my neighbour has three cats", "friendship"), ("we never talked about it at home", "source"),
    ("she was wearing a blue coat", "she_listens"), ("the story is very slow", "norms"),
)

CHECK_VOICES = ("kokoro:bf_emma", "espeak-ng:en-gb-scotland+m4")
CHECK_NOISE = "room+fan"
CHECK_HESITANT: tuple[tuple[str, str, str, str], ...] = (
    ("good friends must always...", "forgive each other", "open clause", "friendship"),
    ("you keep it alive when you...", "make the effort", "open clause", "friendship"),
    ("mainly by sharing our...", "worries with each other", "open clause", "friendship"),
    ("by being there through every...", "hard time", "open clause", "friendship"),
    ("love starts the moment someone gives...", "you their attention", "open clause",
     "source"),
    ("hmm, I think...", "from within", "hesitation", "source"),
    ("it all comes from how our parents...", "treated us", "open clause", "source"),
    ("it shouldn't just be acceptable, it should always...", "be true", "open clause",
     "entangled"),
    ("I'd want it to be true, since we...", "only get one chance", "open clause", "entangled"),
    ("true love is what everyone wants, although it...", "rarely happens", "open clause",
     "entangled"),
    ("you can't have one without...", "the other person", "open clause", "combustion"),
    ("it needs someone to bring...", "out the fire", "open clause", "combustion"),
    ("um, so...", "two people", "hesitation", "combustion"),
    ("I'd say she does, because her...", "answers are kind", "open clause", "she_listens"),
    ("I imagine...", "she does", "hesitation", "she_listens"),
    ("they might...", "be in one", "open clause", "relationship"),
    ("what they share is more about...", "comfort than romance", "open clause",
     "relationship"),
    ("it's hard to say whether they...", "really love each other", "open clause",
     "true_love"),
    ("he clearly wanted...", "her to be happy", "open clause", "true_love"),
    ("er...", "probably, yes", "hesitation", "norms"),
    ("people have just...", "agreed on them, so yes", "open clause", "constructs"),
    ("well, he can...", "talk to her, so no", "open clause", "is_he_alone"),
    ("he doesn't have any...", "friends, so yes", "open clause", "isolated"),
    ("uh, well...", "not really", "hesitation", "isolated"),
)
CHECK_COMPLETE: tuple[tuple[str, str], ...] = (
    ("yes, she really does", "she_listens"), ("I suppose it could", "relationship"),
    ("I think he might", "isolated"), ("it's what he always wanted", "true_love"),
    ("by listening to each other", "friendship"), ("from within", "source"),
    ("it has to be true, I believe", "entangled"), ("two people, nothing more", "combustion"),
    ("they probably are, I guess", "constructs"), ("maybe they should", "norms"),
    ("no, he never would", "is_he_alone"),
)
CHECK_OPEN: tuple[tuple[str, str], ...] = (
    ("I bought a new bike", "friendship"), ("the rain kept me up last night", "source"),
    ("my brother lives with us", "combustion"), ("she talks very fast", "she_listens"),
)

NAMES = {"tuning_parse": "fit", "tuning_parse_check": "check"}


def split_of(half: str) -> dict[str, Any]:
    """The arguments of the turns bench's ``Split`` for ``half`` ("fit" or "check")."""
    from bench_turns_tuning_unfinished import split_from

    return split_from(half, (FIT_VOICES, FIT_NOISE, FIT_HESITANT, FIT_COMPLETE, FIT_OPEN),
                      (CHECK_VOICES, CHECK_NOISE, CHECK_HESITANT, CHECK_COMPLETE, CHECK_OPEN),
                      PARSE_GAPS, PARSE_KEPT)


def register() -> None:
    """Adds both halves to the turns bench's development sets (bench_turns_clips.SETS
    holds no more lines), so the logger and the replay can name them."""
    from bench_turns_clips import SETS, Split

    for name, half in NAMES.items():
        SETS.setdefault(name, Split(**split_of(half)))


if __name__ == "__main__":
    import bench_turns_patient_log

    register()
    bench_turns_patient_log.main(sys.argv[1], sys.argv[2:])

"""A development split of the turns bench in two halves, for a reading of "the listener
isn't finished" that needs no list of shapes (issue 13, item 6, ninth pass).

Both halves hear each answer at the her piece's point it answers — friendship, source,
entangled and combustion (own meanings and open answers) and true_love (yes/no) — with
many shapes of clause left open and of hesitation, complete answers, and complete
sentences that answer nothing there (open). Seen voices only (turn v7's, accented), a
room and noise of the bench parts. The phrasings were written fresh and split in two
before any of them was heard by the ear:

- ``tuning_unfinished`` (FIT): am_santa and if_sara in v7's kitchen. Rules and thresholds
  are chosen on it.
- ``tuning_unfinished_check`` (CHECK): other phrasings, hm_omega and em_alex in v5's
  reverberant room under a fan. Never used for a choice: its figures are the honest
  ones (it is still development data of seen voices — the blind v8 is the lead's).
"""

from __future__ import annotations

from typing import Any

UNFINISHED_GAPS = (0.7, 1.1)
UNFINISHED_KEPT = "bench-turns-unfinished"

FIT_VOICES = ("kokoro:am_santa", "kokoro:if_sara")
FIT_NOISE = "kitchen"
FIT_HESITANT: tuple[tuple[str, str, str, str], ...] = (
    # (first part, after the pause, kind, point)
    ("what matters most is...", "that you show up", "open clause", "friendship"),
    ("you have to be willing to...", "let them see you", "open clause", "friendship"),
    ("it starts with...", "putting the phone down", "open clause", "friendship"),
    ("for me it's all about...", "time together", "open clause", "friendship"),
    ("the best friends I have are the ones who...", "call me back", "open clause",
     "friendship"),
    ("um...", "being there for them", "hesitation", "friendship"),
    ("hmm, well...", "by listening, I suppose", "hesitation", "friendship"),
    ("I'd like to believe it grows out of...", "the other person", "open clause", "source"),
    ("probably somewhere deep...", "inside us", "open clause", "source"),
    ("it depends on whether...", "you're loved first", "open clause", "source"),
    ("er...", "from someone else", "hesitation", "source"),
    ("if it doesn't come from the right place then...", "it's only acceptable",
     "open clause", "entangled"),
    ("I would say it needs to be...", "true", "open clause", "entangled"),
    ("uh, so...", "just acceptable, I think", "hesitation", "entangled"),
    ("something like that can only happen when...", "two people meet", "open clause",
     "combustion"),
    ("it's the kind of thing that...", "happens between people", "open clause", "combustion"),
    ("so...", "between two", "hesitation", "combustion"),
    ("what he feels for her is...", "real, I think", "open clause", "true_love"),
    ("I...", "believe it is", "hesitation", "true_love"),
    ("part of it comes down to...", "yes, it is love", "open clause", "true_love"),
)
FIT_COMPLETE: tuple[tuple[str, str], ...] = (
    ("by making time for them", "friendship"), ("from the people around us", "source"),
    ("it has to be real", "entangled"), ("only between two people", "combustion"),
    ("yes, I believe it is", "true_love"), ("I don't think so", "true_love"),
)
FIT_OPEN: tuple[tuple[str, str], ...] = (
    ("my grandmother taught me that", "friendship"), ("love is a mystery to me", "source"),
    ("that question is too hard", "entangled"), ("they are both lonely people", "combustion"),
    ("she makes his days brighter", "true_love"),
)

CHECK_VOICES = ("kokoro:hm_omega", "kokoro:em_alex")
CHECK_NOISE = "room+fan"
CHECK_HESITANT: tuple[tuple[str, str, str, str], ...] = (
    ("the way I think of friendship, it's...", "mostly patience", "open clause",
     "friendship"),
    ("you need someone who actually...", "listens to you", "open clause", "friendship"),
    ("I guess by being...", "honest with each other", "open clause", "friendship"),
    ("what makes it work is when...", "both people try", "open clause", "friendship"),
    ("uh...", "by opening up", "hesitation", "friendship"),
    ("well, um...", "slowing down", "hesitation", "friendship"),
    ("I feel like it comes out of...", "the two of them together", "open clause", "source"),
    ("some of it is from...", "within", "open clause", "source"),
    ("hmm...", "from within, I'd say", "hesitation", "source"),
    ("I don't think it has to...", "be true at all", "open clause", "entangled"),
    ("a love that's true is one where...", "nothing is hidden", "open clause", "entangled"),
    ("well...", "true", "hesitation", "entangled"),
    ("it can't happen unless there's...", "someone else", "open clause", "combustion"),
    ("I picture two people who...", "spark each other", "open clause", "combustion"),
    ("um, I...", "think between two", "hesitation", "combustion"),
    ("the way he talks to her makes me...", "believe it", "open clause", "true_love"),
    ("to me it seems more like...", "a real thing, yes", "open clause", "true_love"),
    ("er, so...", "probably not", "hesitation", "true_love"),
)
CHECK_COMPLETE: tuple[tuple[str, str], ...] = (
    ("by really showing up", "friendship"), ("it grows inside us", "source"),
    ("it needs to be true", "entangled"), ("between the two of them", "combustion"),
    ("no, not really", "true_love"), ("yes, it is", "true_love"),
)
CHECK_OPEN: tuple[tuple[str, str], ...] = (
    ("my best friend lives far away", "friendship"), ("I never thought about that", "source"),
    ("love makes people do strange things", "entangled"),
    ("fire needs air to burn", "combustion"), ("he talks to her every night", "true_love"),
)


def split_of(half: str) -> dict[str, Any]:
    """The arguments of the turns bench's ``Split`` for ``half`` ("fit" or "check")."""
    return split_from(half, (FIT_VOICES, FIT_NOISE, FIT_HESITANT, FIT_COMPLETE, FIT_OPEN),
                      (CHECK_VOICES, CHECK_NOISE, CHECK_HESITANT, CHECK_COMPLETE, CHECK_OPEN),
                      UNFINISHED_GAPS, UNFINISHED_KEPT)


def split_from(half: str, fit: tuple[Any, ...], check: tuple[Any, ...],
               gaps: tuple[float, ...], kept: str) -> dict[str, Any]:
    """A two-halved development split's ``Split`` arguments, from each half's voices, noise,
    hesitant answers (first part, rest, kind, point), complete answers and open sentences
    (text, point): shared by the tuning splits written this way."""
    voices, noise, hesitant, complete, opened = fit if half == "fit" else check
    return {"voices": voices, "hesitant": tuple((h[0], h[1]) for h in hesitant),
            "complete": tuple(c for c, _ in complete), "open": tuple(o for o, _ in opened),
            "color": noise, "gaps": gaps, "every_voice": True,
            "kinds": tuple(h[2] for h in hesitant),
            "points": tuple(h[3] for h in hesitant) + tuple(p for _, p in complete + opened),
            "kept": kept}

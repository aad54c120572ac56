"""A development (tuning) split of the turns bench: clauses left open at points of the her
piece that take its own meanings and open answers (friendship, source, entangled,
combustion) and at a yes/no one, written when v8 had shown them cut off there (issue 13,
item 6). Seen voices only (turn tuning af_jessica, v6's am_onyx), in a reverberant room.
"""

from __future__ import annotations

OPEN_CLAUSE_VOICES = ("kokoro:af_jessica", "kokoro:am_onyx")
OPEN_CLAUSE_GAPS = (0.6, 1.0)

OPEN_CLAUSE_HESITANT: tuple[tuple[str, str], ...] = (
    ("I think that...", "it's about really listening"),
    ("it's more like...", "slowing down together"),
    ("the thing about her...", "is that she listens"),
    ("I guess it came from...", "somewhere inside me"),
    ("honestly, the way she...", "talks to him"),
    ("I feel like it has to be...", "true, or nothing"),
    ("the people who...", "love each other, between them"),
    ("well...", "by opening up"),
    ("um...", "from within"),
)
OPEN_CLAUSE_KINDS = ("open clause",) * 7 + ("hesitation",) * 2
OPEN_CLAUSE_COMPLETE = ("by really listening", "from another person", "it has to be true",
                        "between two people", "yes, I think so")
OPEN_CLAUSE_OPEN = ("she makes him laugh",)
OPEN_CLAUSE_POINTS = ("friendship", "friendship", "friendship", "source", "source", "entangled",
                      "combustion", "friendship", "source",
                      "friendship", "source", "entangled", "combustion", "",
                      "friendship")

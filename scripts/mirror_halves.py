"""The mirror's development turns split by voice into a fit half and a held half, written
and committed (issue 13, fourteenth pass) before any turn of ``mirror-trust.jsonl`` heard
with the whole-transcript ear was read: rules for the words said back are chosen on the fit
half only; the held half is reported, never used for a choice.

Each set's voices are split two and two, so both halves hold every set, noise and accent:
the ear development set (Kokoro af_sarah, am_michael, bf_isabella, bm_george; also its
``harsh`` and ``talker`` turns), listening v3's (af_river, am_adam, am_liam, bf_lily) and
the seen turn-taking v7 voices that say both sets' items (``accented``, ``harsh``:
am_santa, if_sara, hm_omega, em_alex). The human recordings belong to neither: reported,
never fitted on. Added before their mirrors were read (still before any choice): the
yes/no checks' Mandarin voice zf_xiaoni (fit) and zm_yunjian (held), so the other
development caches replayed the same way split the same way.
"""

from __future__ import annotations

from typing import Any

FIT_VOICES = frozenset({
    "kokoro:af_sarah", "kokoro:bm_george",  # development set
    "kokoro:af_river", "kokoro:am_liam",  # v3
    "kokoro:am_santa", "kokoro:hm_omega",  # accented (v7's voices)
    "kokoro:zf_xiaoni",  # the yes/no checks' Mandarin voice (yesno-check*.jsonl)
})
HELD_VOICES = frozenset({
    "kokoro:am_michael", "kokoro:bf_isabella",
    "kokoro:am_adam", "kokoro:bf_lily",
    "kokoro:if_sara", "kokoro:em_alex",
    "kokoro:zm_yunjian",  # Mandarin, held in bench_meanings_accented.py too
})


def half_of(record: dict[str, Any]) -> str | None:
    """``"fit"`` or ``"held"`` for a cached turn by its voice; None for any other (the
    human recordings, a voice no half names)."""
    voice = record.get("voice")
    return "fit" if voice in FIT_VOICES else "held" if voice in HELD_VOICES else None

"""The two ways a yes/no test reads a reply, shared by the accented yes/no tests: as typed
text (the matcher alone) and as Whisper's words (the transcript's decision, no slips), each
giving the meaning (yes, no, unsure) of the answer found, or None."""

from __future__ import annotations

from voicepiece.listening.transcripts import Transcript, decide
from voicepiece.story.matching import match_answer


def typed(text: str, choices) -> str | None:
    label = match_answer(text, choices).label
    return next((c.meaning for c in choices if c.label == label), None)


def heard(text: str, choices) -> str | None:
    label = decide(Transcript(text), choices, slips=False).label
    return next((c.meaning for c in choices if c.label == label), None)

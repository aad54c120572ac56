"""Replaying a recorded session: its own reply clips, heard again by the current piece and
recognizer, compared turn by turn with what happened when it was recorded.

This is the regression harness for edits to a piece or to the recognizer: approved
sessions replay identically, and any change in the path or in an answer is reported.
Answer clips are heard in order at each listening point; a confirmation the recording has
is heard at a confirmation, one the replay asks for that the recording lacks is answered
by silence (consent), as in a render.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from voicepiece.archive.mixdown import REPLIES
from voicepiece.archive.transcript import read_record
from voicepiece.errors import VoicepieceError
from voicepiece.listening.base import Recognizer
from voicepiece.listening.ear import ListeningEar
from voicepiece.listening.sources import PcmSource, load_pcm
from voicepiece.session.events import CONFIRMATION_TURN, Heard, Question, Turn
from voicepiece.session.loop import Outcome, Session
from voicepiece.story.model import Piece
from voicepiece.voices.outputs import MuteVoice


@dataclass(frozen=True)
class Difference:
    where: str
    recorded: str
    now: str

    def __str__(self) -> str:
        return f"{self.where}: recorded {self.recorded}, now {self.now}"


class ClipEar:
    """Hears a recorded session's reply clips again, in the order they were recorded."""

    def __init__(self, folder: Path, turns: list[dict[str, Any]], recognizer: Recognizer):
        clips = sorted((folder / REPLIES).glob("*.wav"))
        if len(clips) != len(turns):
            raise VoicepieceError(f"{folder}: {len(turns)} turns but {len(clips)} reply clips "
                                  f"in {REPLIES}/; replay needs one clip per turn")
        kinds = [t["kind"] for t in turns]
        self.answers = [c for c, k in zip(clips, kinds, strict=True) if k != CONFIRMATION_TURN]
        self.confirms = [c for c, k in zip(clips, kinds, strict=True) if k == CONFIRMATION_TURN]
        self._source = PcmSource(b"")
        self.ear = ListeningEar(lambda: self._source, recognizer)

    def listen(self, question: Question) -> Heard:
        queue = self.confirms if question.kind == CONFIRMATION_TURN else self.answers
        self._source = PcmSource(load_pcm(queue.pop(0)) if queue else b"")
        return self.ear.listen(question)


def replay(folder: Path, piece: Piece, recognizer: Recognizer) -> tuple[Outcome, list[Difference]]:
    record = read_record(folder)
    start = record["path"][0] if record.get("path") else None
    if start not in piece.nodes:
        raise VoicepieceError(f"{folder}: starts at node '{start}', which the piece no "
                              "longer has")
    outcome = Session(piece, MuteVoice(), ClipEar(folder, record["turns"], recognizer),
                      start=start, seed=record.get("seed")).run()
    return outcome, compare(record, outcome)


def compare(record: dict[str, Any], outcome: Outcome) -> list[Difference]:
    out: list[Difference] = []
    before = [t for t in record["turns"] if t["kind"] != CONFIRMATION_TURN]
    after = [t for t in outcome.turns if t.kind != CONFIRMATION_TURN]
    for i, (old, new) in enumerate(zip(before, after, strict=False), 1):
        if old["node"] != new.node:
            out.append(Difference(f"answer {i}", f"at '{old['node']}'", f"at '{new.node}'"))
            break
        if old["answer"] != new.answer:
            out.append(Difference(f"answer {i} at '{new.node}'", _said(old), _now(new)))
    if len(before) != len(after):
        out.append(Difference("answers", f"{len(before)} turns", f"{len(after)} turns"))
    if list(record.get("path", [])) != list(outcome.path):
        split = next((i for i, (a, b) in enumerate(zip(record["path"], outcome.path,
                                                       strict=False)) if a != b),
                     min(len(record["path"]), len(outcome.path)))
        out.append(Difference(f"path from step {split + 1}",
                              " > ".join(record["path"][split:split + 3]) or "the end",
                              " > ".join(outcome.path[split:split + 3]) or "the end"))
    return out


def _said(turn: dict[str, Any]) -> str:
    return f"{turn['answer']} ({turn.get('heard')!r}, {turn.get('confidence')})"


def _now(turn: Turn) -> str:
    return f"{turn.answer} ({turn.heard!r}, {round(turn.confidence, 3)})"

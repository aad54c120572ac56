"""The session loop: the only code that speaks and listens.

It walks the story, says each node's lines, listens where the piece listens, matches what
was heard to an answer, and tells observers everything as it happens. Time is kept on the
session's own audio timeline (seconds of narration, pauses and listening), which is what
``session.json`` timings refer to; it is unknown (None) where nothing has a duration, as
in text mode.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from voicepiece.errors import VoicepieceError
from voicepiece.session.events import (
    CONFIRMATION_TURN,
    CuePlayed,
    Ear,
    Event,
    Heard,
    Interruptions,
    LineSpoken,
    ListeningStarted,
    NarrationCut,
    NodeEntered,
    Observer,
    Question,
    SessionEnded,
    SessionStarted,
    Turn,
    TurnTaken,
    Voice,
)
from voicepiece.story.machine import Remembered, Story
from voicepiece.story.matching import match_answer
from voicepiece.story.model import SILENCE, UNCLEAR, Answer, Line, Listen, Piece

log = logging.getLogger(__name__)

YES, NO = "yes", "no"
CONFIRM_CHOICES = (Answer(label=YES, meaning=YES, phrases=(), say=(), next=None),
                   Answer(label=NO, meaning=NO, phrases=(), say=(), next=None))
CONFIRM_MAX_ANSWER = 3.0


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class StoryLoops(VoicepieceError):
    """The story came back to a node without listening in between: with nothing heard,
    memory is unchanged and routes decide the same way, so it would repeat forever.
    ``voicepiece check`` refuses such a piece; this stops one that was never checked."""


@dataclass(frozen=True)
class Outcome:
    completed: bool
    ending: str | None
    path: tuple[str, ...]
    turns: tuple[Turn, ...]
    interrupted: bool = False


class Session:
    """One listener's way through a piece.

    With ``barge_in`` the listener may speak over the narrator while the piece leads up to
    a question — the lines of a node that listens, reprompts, confirmations and the cue —
    and the narration stops and the piece listens at once: the rest of those lines is
    skipped, as a person stops mid-sentence when interrupted. Essay passages that lead to
    no question, and the responses to an answer, play whole.
    """

    def __init__(self, piece: Piece, voice: Voice, ear: Ear,
                 observers: Iterable[Observer] = (), start: str | None = None,
                 barge_in: Interruptions | None = None) -> None:
        self.piece = piece
        self.voice = voice
        self.ear = ear
        self.barge_in = barge_in
        self.observers = list(observers)
        self.story = Story(piece)
        if start:
            self.story.machine.set_state(start)
        self.clock: float | None = 0.0
        self.path: list[str] = []
        self.turns: list[Turn] = []

    def run(self) -> Outcome:
        """Play to an ending. Ctrl-C ends the session cleanly: observers still receive the
        end (marked not completed) so nothing recorded is lost."""
        self._emit(SessionStarted(self.piece.name, self.piece.title, now_iso()))
        interrupted = False
        looped = None
        try:
            self._play()
        except KeyboardInterrupt:
            interrupted = True
        except StoryLoops as exc:
            looped = exc
        completed = not interrupted and not looped and self.story.ended
        outcome = Outcome(completed, self.story.state if completed else None,
                          tuple(self.path), tuple(self.turns), interrupted)
        self._emit(SessionEnded(outcome.completed, outcome.ending, now_iso(),
                                outcome.path, outcome.turns))
        if looped:
            raise looped
        return outcome

    def _play(self) -> None:
        first = True
        unheard: list[str] = []  # nodes entered since the piece last listened
        while True:
            node = self.story.node
            if node.name in unheard:
                loop = " -> ".join([*unheard[unheard.index(node.name):], node.name])
                raise StoryLoops(f"piece '{self.piece.name}' goes round without listening "
                                 f"({loop}); stopped. Run 'voicepiece check' on it")
            if node.listen:
                unheard.clear()
            else:
                unheard.append(node.name)
            self.path.append(node.name)
            if node.stage and not first:
                self._pause(self.piece.pauses.stage)
            first = False
            self._emit(NodeEntered(node.name, node.stage, self.clock))
            self._say(node.say, leads_to_listening=node.listen is not None)
            if node.end:
                return
            if node.listen:
                self._converse()
            else:
                self.story.go()

    def _converse(self) -> None:
        """Listen until the listening point is done: answered, or its ladder exhausted."""
        node = self.story.node
        listen = node.listen
        assert listen is not None
        while True:
            question = Question(node.name, listen.answers, listen.settings)
            heard, label = self._turn(question)
            reply = Remembered(label, heard.text, heard.own_words)
            if heard.confirm and label not in (SILENCE, UNCLEAR):
                reply = self._confirm(listen, reply)
            mirror = self.story.mirror(reply)
            step = self.story.hear(reply.label, reply.words, reply.trusted)
            self._say(step.lines, heard=mirror, leads_to_listening=not step.moved)
            if step.moved:
                return

    def _confirm(self, listen: Listen, reply: Remembered) -> Remembered:
        """Mirror an answer the ear was unsure of and listen briefly for a correction;
        silence is consent. A correction makes the answer unclear, so the point asks again,
        and disowns the words: they are not said back as the listener's."""
        label = reply.label
        self._say([listen.confirmation(label)], heard=self.story.mirror(reply),
                  leads_to_listening=True)
        settings = replace(listen.settings, timeout=listen.settings.confirm_timeout,
                           max_answer=min(listen.settings.max_answer, CONFIRM_MAX_ANSWER))
        question = Question(self.story.state, CONFIRM_CHOICES, settings,
                            kind=CONFIRMATION_TURN, confirms=label)
        _, verdict = self._turn(question)
        return reply if verdict in (YES, SILENCE) else Remembered(UNCLEAR, reply.words)

    def _turn(self, question: Question) -> tuple[Heard, str]:
        """One listening turn: the cue, the ear, the decision, and its record. A listener
        who is already speaking (barge-in) gets no cue."""
        cue = None if self._interrupted else self.voice.cue()
        if cue is not None:
            self._emit(CuePlayed(self.clock, cue.duration, cue.audio))
            with self._watch(True):
                cut = self.voice.play(cue)
            self._advance(cue.duration, cut)
        barged = self._interrupted
        began = self.clock
        if barged:
            assert self.barge_in is not None
            began = _offset(self.clock, -self.barge_in.lead)
        offered = tuple(c.label for c in question.choices)
        self._emit(ListeningStarted(question.node, question.kind, offered, began))
        heard = self.ear.listen(question)
        label, confidence = self._decide(heard, question)
        turn = Turn(
            node=question.node, kind=question.kind, offered=offered, heard=heard.text,
            answer=label, confidence=confidence,
            speech_start=_offset(began, heard.speech_start),
            speech_end=_offset(began, heard.speech_end),
            response_start=_offset(began, heard.waited),
            confirms=question.confirms,
            listen_start=began,
            barge_in=barged,
        )
        self.clock = turn.response_start
        self.turns.append(turn)
        self._emit(TurnTaken(turn, heard.audio))
        return heard, label

    @staticmethod
    def _decide(heard: Heard, question: Question) -> tuple[str, float]:
        if heard.text is None or not heard.text.strip():
            return SILENCE, 1.0
        offered = {c.label for c in question.choices}
        if heard.label in offered or heard.label == UNCLEAR:
            return heard.label, heard.confidence
        match = match_answer(heard.text, question.choices)
        if match.label is None:
            return UNCLEAR, heard.confidence
        return match.label, heard.confidence * match.confidence

    def _say(self, lines: Iterable[Line], heard: str | None = None,
             leads_to_listening: bool = False) -> None:
        """Say ``lines``, with ``heard`` — the mirror of the answer they respond to — for
        ``{heard}``; where they lead to listening, the listener may cut them short."""
        with self._watch(leads_to_listening):
            for line in lines:
                if self._interrupted:
                    return
                text = self.story.render(line, heard)
                if text is None:
                    log.info("skipping line %s: a placeholder has no words", line.id)
                    continue
                spoken = self.voice.render(text, line)
                self._emit(LineSpoken(line, text, self.clock, spoken.duration, spoken.audio))
                self._advance(spoken.duration, self.voice.play(spoken), line)
                if self._interrupted:
                    return
                pause = self.piece.pauses.line if line.pause is None else line.pause
                self._pause(pause)

    @property
    def _interrupted(self) -> bool:
        """Whether the listener has begun speaking over the narrator, not yet listened to."""
        return self.barge_in is not None and self.barge_in.heard

    def _watch(self, leads_to_listening: bool) -> AbstractContextManager[None]:
        if self.barge_in is None or not leads_to_listening:
            return nullcontext()
        return self.barge_in.watching()

    def _advance(self, duration: float | None, cut: float | None,
                 line: Line | None = None) -> None:
        """Move the clock past a sound: all of it, or as much as was heard before the
        listener cut it short."""
        if cut is None:
            self.clock = _offset(self.clock, duration)
            return
        self.clock = _offset(self.clock, cut)
        self._emit(NarrationCut(self.clock, line))

    def _pause(self, seconds: float) -> None:
        if seconds > 0:
            self.clock = _offset(self.clock, self.voice.pause(seconds))

    def _emit(self, event: Event) -> None:
        for observer in self.observers:
            observer.on_event(event)


def _offset(base: float | None, delta: float | None) -> float | None:
    return None if base is None or delta is None else base + delta


decide_turn = Session._decide
"""The session's decision on one heard turn, ``(label, confidence)``: what a benchmark must
decide exactly as a session does."""

"""The session loop: the only code that speaks and listens.

It walks the story, says each node's lines, listens where the piece listens, matches what
was heard to an answer, and tells observers everything as it happens. Time is kept on the
session's own audio timeline (seconds of narration, pauses and listening), which is what
``session.json`` timings refer to; it is unknown (None) where nothing has a duration, as
in text mode.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from voicepiece.errors import VoicepieceError
from voicepiece.session.anticipation import Anticipation, backchannel
from voicepiece.session.confirming import confirm
from voicepiece.session.deciding import Decision, asked_words, decide_turn, said_back
from voicepiece.session.events import (
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
    Spoken,
    Turn,
    TurnTaken,
    Voice,
    narrator_of,
)
from voicepiece.session.resuming import (
    FirstPart,
    close_window,
    open_window,
    rest_of_turn,
    rest_settings,
)
from voicepiece.story.machine import Remembered, Story
from voicepiece.story.matching import Similarity
from voicepiece.story.model import (
    Line,
    Listen,
    Piece,
)

log = logging.getLogger(__name__)

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

    With ``meanings`` (a sentence model) words the ear leaves to the session — typed
    replies, and a spoken answer's own words in which the ear found no answer — are read
    by meaning too where the rules find no phrase (story.meaning); a spoken answer read
    that way is confirmed before it is acted on (session/deciding.py).
    """

    def __init__(self, piece: Piece, voice: Voice, ear: Ear,
                 observers: Iterable[Observer] = (), start: str | None = None,
                 barge_in: Interruptions | None = None, seed: int | None = None,
                 meanings: Similarity | None = None) -> None:
        self.piece = piece
        self.meanings = meanings
        self.voice = voice
        self.ear = ear
        self.barge_in = barge_in
        self.observers = list(observers)
        self.story = Story(piece, seed=seed, start=start)
        self.clock: float | None = 0.0
        self.quiet: float | None = None
        """Seconds of quiet since the narrator's last sound; None when the listener had
        the floor last (or nothing was said yet): a reply then follows without a breath."""
        self.path: list[str] = []
        self.turns: list[Turn] = []
        self._awaited: tuple[float, int] | None = None
        """Live: the clock's offset from ``time.perf_counter()`` (from the ear's
        ``Heard.opened_at``) and the turn whose reply has not sounded yet."""

    def run(self) -> Outcome:
        """Play to an ending. Ctrl-C ends the session cleanly: observers still receive the
        end (marked not completed) so nothing recorded is lost."""
        self._emit(SessionStarted(self.piece.name, self.piece.title, now_iso(),
                                  self.story.seed, narrator=narrator_of(self.voice)))
        interrupted = False
        looped = None
        try:
            self._play()
        except KeyboardInterrupt:
            interrupted = True
        except StoryLoops as exc:
            looped = exc
        finally:  # words anticipated and never said are dropped now, however it ends
            ahead = getattr(self.voice, "anticipate", None)  # (a visitor walking away too)
            if ahead is not None:
                ahead(())
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
            self._say(self.story.choose(node.say), leads_to_listening=node.listen is not None)
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
        first: FirstPart | None = None  # a turn whose reply the listener cut by going on
        while True:
            ahead = None if first else Anticipation.of(self.voice, listen, self.story.render,
                                                       self.meanings)
            settings = rest_settings(listen.settings) if first else listen.settings
            question = Question(node.name, listen.answers, settings, on_words=ahead)
            heard, decision = self._turn(question, listen, ahead, first)
            window = first is None and open_window(self.barge_in, heard, decision)
            before = self.story.snapshot() if window else None
            reply: Remembered | None = Remembered(decision.label, heard.text,
                                                      said_back(heard, decision.label))
            if decision.confirm:
                reply = confirm(self, listen, reply, decision, window)
            if reply is not None:  # else the listener went on over "is that what you said?"
                mirror = self.story.mirror(reply)
                step = self.story.hear(reply.label, reply.words, reply.trusted)
                self._say(step.lines, heard=mirror, leads_to_listening=not step.moved)
            if before is not None and close_window(self.barge_in):  # session/resuming.py
                self.story.restore(before)
                first = FirstPart(heard, decision, self.turns[-1])
                continue
            first = None
            if step.moved:
                return

    def _turn(self, question: Question, listen: Listen | None = None,
              ahead: Anticipation | None = None, first: FirstPart | None = None
              ) -> tuple[Heard, Decision]:
        """One listening turn: the cue, the ear, the decision, and its record. A listener
        who is already speaking (barge-in) gets no cue. ``ahead`` is closed once the ear
        has answered: words transcribed after that would be synthesized for nothing. After
        ``first`` (a turn the listener went on with) it is the rest of that turn: decided
        on the whole, and recorded in the first one's place."""
        cue = None if self._interrupted else self.voice.cue()
        if cue is not None:
            self._catch_up()
            self._emit(CuePlayed(self.clock, cue.duration, cue.audio))
            with self._watch(True):
                cut = self.voice.play(cue)
            self._sounded()
            self._advance(cue.duration, cut)
        self.quiet = None
        barged = self._interrupted
        began = self.clock
        if barged:
            assert self.barge_in is not None
            began = _offset(self.clock, -self.barge_in.lead)
        offered = tuple(c.label for c in question.choices)
        self._emit(ListeningStarted(question.node, question.kind, offered, began))
        heard = self.ear.listen(question)
        lead = ahead.close() if ahead is not None else None
        words = asked_words(self.story.node) if listen is not None else None
        decision = decide_turn(heard, question, listen, self.meanings, words)
        label, confidence = decision.label, decision.confidence
        turn = Turn(
            node=question.node, kind=question.kind, offered=offered, heard=heard.text,
            answer=label, confidence=confidence,
            speech_start=_offset(began, heard.speech_start),
            speech_end=_offset(began, heard.speech_end),
            response_start=_offset(began, heard.waited),
            confirms=question.confirms,
            listen_start=began,
            barge_in=barged,
            trusted=heard.own_words and bool(heard.text),
        )
        if first is not None:  # the whole turn takes the first part's place in the record
            self.turns.pop()
        if heard.opened_at is not None and began is not None:
            # Live: the reply cannot start before now (the turn is decided); the
            # narrator's next sound tells when it did (_sounded).
            offset = heard.opened_at - began
            self._awaited = (offset, len(self.turns))
            live = max(turn.response_start or 0.0, time.perf_counter() - offset)
            turn = replace(turn, response_start=live, words_lead=lead)
        part, audio = None, heard.audio
        if first is not None:
            part, (heard, decision, turn) = turn, rest_of_turn(
                first, heard, turn, self.ear, question, listen, self.meanings, words)
        self.clock = turn.response_start
        self.turns.append(turn)
        self._emit(TurnTaken(turn, audio, part=part))
        return heard, decision


    def _say(self, lines: Iterable[Line], heard: str | None = None,
             leads_to_listening: bool = False) -> None:
        """Say ``lines``, with ``heard`` — the mirror of the answer they respond to — for
        ``{heard}``; where they lead to listening, the listener may cut them short, and the
        line that asks the question gets a breath before it (``pauses.question``)."""
        lines = list(lines)
        question = _question_line(lines) if leads_to_listening else None
        with self._watch(leads_to_listening):
            for line in lines:
                if self._interrupted:
                    return
                text = self.story.render(line, heard)
                if text is None:
                    log.info("skipping line %s: a placeholder has no words", line.id)
                    continue
                if line is question and self.quiet is not None:
                    self._pause(self.piece.pauses.question - self.quiet)
                    if self._interrupted:
                        return
                filler = backchannel(self.voice, line, text, heard)
                if filler is not None and self.piece.backchannel is not None:
                    self._sound(self.piece.backchannel, filler)
                    if self._interrupted:
                        return
                self._sound(line, self.voice.render(text, line))
                if self._interrupted:
                    return
                pause = self.piece.pauses.line if line.pause is None else line.pause
                self._pause(pause)

    def _sound(self, line: Line, spoken: Spoken) -> None:
        """Play one line's sound, and tell the observers it was said."""
        self._catch_up()
        self._emit(LineSpoken(line, spoken.text, self.clock, spoken.duration, spoken.audio))
        cut = self.voice.play(spoken)
        self._sounded()
        self._advance(spoken.duration, cut, line)
        self.quiet = 0.0

    @property
    def _interrupted(self) -> bool:
        """Whether the listener has begun speaking over the narrator, not yet listened to."""
        return self.barge_in is not None and self.barge_in.heard

    def _watch(self, leads_to_listening: bool) -> AbstractContextManager[None]:
        if self.barge_in is None or not leads_to_listening:
            return nullcontext()
        return self.barge_in.watching()

    def _catch_up(self) -> None:
        """Live, before the reply's first sound: bring the clock up to now, past the time
        spent deciding and rendering, so the sound is placed when it is played."""
        if self._awaited is not None and self.clock is not None:
            self.clock = max(self.clock, time.perf_counter() - self._awaited[0])

    def _sounded(self) -> None:
        """Live, after the reply's first sound: the turn's ``response_start`` is when its
        first sample went out (``Voice.sounded_at``), and the clock goes on from there. The
        turn was recorded when it was decided; the corrected one is in the session's
        outcome, and so in the record written at its end."""
        if self._awaited is None:
            return
        offset, index = self._awaited
        self._awaited = None
        sounded = getattr(self.voice, "sounded_at", None)
        if sounded is None or self.clock is None:
            return
        self.clock = max(self.clock, sounded - offset)
        self.turns[index] = replace(self.turns[index], response_start=self.clock)

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
            took = self.voice.pause(seconds)
            self.clock = _offset(self.clock, took)
            if self.quiet is not None:
                self.quiet += seconds if took is None else took

    def _emit(self, event: Event) -> None:
        for observer in self.observers:
            observer.on_event(event)


def _question_line(lines: list[Line]) -> Line | None:
    """The line that asks the question the piece then listens for: the last that ends
    in a question mark, else the last."""
    asking = [line for line in lines if line.text.rstrip(" \"'\u201d\u2019)").endswith("?")]
    return asking[-1] if asking else (lines[-1] if lines else None)


def _offset(base: float | None, delta: float | None) -> float | None:
    return None if base is None or delta is None else base + delta

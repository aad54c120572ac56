"""The piece compiled into a ``transitions`` state machine.

Nodes are states, answers and ladder events are triggers, route conditions are guards.
The story decides what comes next and which lines answer the listener; it never speaks
or listens, so the same story runs under text mode, a live session or a render.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass
from typing import Any

from transitions import EventData, Machine

from voicepiece.story.choosing import Chooser, conditions_hold, new_seed
from voicepiece.story.mirror import mirror
from voicepiece.story.model import (
    EXPLAIN,
    HEARD,
    SILENCE,
    UNCLEAR,
    Conditional,
    Ladder,
    Line,
    Listen,
    Node,
    Piece,
    Say,
    fill,
)

GO = "onward"


def answer_trigger(label: str) -> str:
    return f"answer:{label}"


@dataclass(frozen=True)
class Remembered:
    """One answer as the story keeps it: its label, the words heard, and whether those
    words are the listener's own, heard with confidence (only trusted words are ever said
    back, voicepiece.story.mirror)."""

    label: str
    words: str | None
    trusted: bool = False


@dataclass(frozen=True)
class Step:
    """What the story decided after a turn: lines to say now, and whether the listening
    point is done (otherwise the session listens again)."""

    lines: tuple[Line, ...]
    moved: bool


class Story:
    """The model the machine drives. Read ``state``, ``node``, ``ended``, ``memory`` and
    ``visits`` (how many times each node has been entered).

    ``seed`` makes the shuffled variants reproducible (a random one when None; read it
    back from ``seed``); ``start`` begins elsewhere than the piece's start.
    """

    state: str

    def __init__(self, piece: Piece, machine_cls: type[Machine] = Machine, *,
                 seed: int | None = None, start: str | None = None, **machine_kw: Any):
        self.piece = piece
        self.memory: dict[str, Remembered] = {}
        self.failures: Counter[str] = Counter()
        self.seed = new_seed() if seed is None else seed
        self.chooser = Chooser(self.seed)
        self._said: list[Line] = []
        self._reprompt: tuple[Line, ...] = ()
        self._moved = False
        self.machine = machine_cls(
            model=self,
            states=[{"name": name, "on_enter": "_entered"} for name in piece.nodes],
            initial=start or piece.start,
            transitions=compile_transitions(piece, self),
            auto_transitions=False,
            send_event=True,
            **machine_kw,
        )
        self.visits: Counter[str] = Counter([self.state])

    @property
    def node(self) -> Node:
        return self.piece.nodes[self.state]

    @property
    def ended(self) -> bool:
        return self.node.end

    def go(self) -> None:
        """Leave a node that does not listen (``next`` or ``route``)."""
        self.trigger(GO)

    def hear(self, label: str, words: str | None = None, trusted: bool = False) -> Step:
        """Feed one turn's outcome: an answer label offered here, ``open`` (where the point
        takes open answers), ``explain`` (the listener asked back), ``silence`` or
        ``unclear``, with the words heard and whether they are trusted (see
        :class:`Remembered`). A question back beyond the point's limit is unclear."""
        listen = self.node.listen
        if listen is None:
            raise ValueError(f"node '{self.state}' does not listen")
        if label == EXPLAIN and self.failures[EXPLAIN] >= listen.explain.limit:
            label = UNCLEAR
        ladder = (SILENCE, UNCLEAR, EXPLAIN)
        if label not in ladder and label not in (a.label for a in listen.taken):
            raise ValueError(f"node '{self.state}' offers no answer '{label}'")
        self._said, self._moved = [], False
        if label in (SILENCE, UNCLEAR):
            self._reprompt = self._next_reprompt(listen.silence if label == SILENCE
                                                 else listen.unclear, label)
        self.trigger(label if label in ladder else answer_trigger(label),
                     reply=Remembered(label, words, trusted))
        return Step(tuple(self._said), self._moved)

    def snapshot(self) -> dict[str, Any]:
        """Everything :meth:`hear` may change, for :meth:`restore`: a turn that turns out
        not to be over (the listener went on, session/resuming.py) is heard again whole."""
        return copy.deepcopy({key: getattr(self, key) for key in _STORY_STATE})

    def restore(self, saved: dict[str, Any]) -> None:
        """Back to a :meth:`snapshot`, as if the turn since had not been heard."""
        saved = copy.deepcopy(saved)
        self.machine.set_state(saved.pop("state"), model=self)
        for key, value in saved.items():
            setattr(self, key, value)

    def mirror(self, reply: Remembered) -> str | None:
        """What ``{heard}`` says for ``reply`` at the current listening point (ask before
        :meth:`hear` moves on)."""
        return _mirror(reply, self.node.listen)

    def words(self, heard: str | None = None) -> dict[str, str | None]:
        """What placeholders can say: remembered answers, mirrored as ``{heard}`` was, and
        ``heard``, the mirror of the answer just given."""
        points = self.piece.memory_names()
        out: dict[str, str | None] = {
            name: _mirror(reply, points[name].listen if name in points else None)
            for name, reply in self.memory.items()
        }
        out[HEARD] = heard
        return out

    def choose(self, items: tuple[Say, ...] | list[Say]) -> tuple[Line, ...]:
        """The lines ``items`` say now, in this session: conditions decide, and each group
        reached says its next variant. Call once per time the items are reached."""
        return self.chooser.choose(items, self.holds)

    def holds(self, item: Conditional) -> bool:
        """Whether a line's, a group's or a route entry's conditions hold now."""
        labels = {name: reply.label for name, reply in self.memory.items()}
        return conditions_hold(item, labels, self.visits)

    def _next_reprompt(self, ladder: Ladder, kind: str) -> tuple[Line, ...]:
        """The lines of the ladder's next reprompt; none when none is left, or when the
        next one says nothing now (its conditions fail, its once-group is used up)."""
        used = self.failures[kind]
        reasks = self.node.listen.settings.reasks if self.node.listen else None
        if reasks is not None and self.failures[SILENCE] + self.failures[UNCLEAR] >= reasks:
            return ()
        return self.choose(ladder.reprompts[used:used + 1])

    def render(self, line: Line, heard: str | None = None) -> str | None:
        """A line's text as it will be spoken, or None when it must be skipped. ``heard``
        is the mirror of the answer being responded to (:meth:`mirror`)."""
        return fill(line.text, self.words(heard))

    def _entered(self, event: EventData) -> None:
        self.failures.clear()
        self.visits[self.state] += 1
        self._moved = True

    def _remember(self, event: EventData, label: str) -> None:
        listen = self.node.listen
        if listen and listen.remember:
            reply = event.kwargs.get("reply") or Remembered(label, None)
            self.memory[listen.remember] = reply


_STORY_STATE = ("state", "memory", "failures", "visits", "chooser", "_said", "_reprompt",
                "_moved")


def _mirror(reply: Remembered, listen: Listen | None) -> str | None:
    answer = listen.answer(reply.label) if listen else None
    return mirror(reply.words, reply.trusted, answer.meaning if answer else None,
                  answer.canonical if answer else None, reply.label,
                  listen.answers if listen else ())


def compile_transitions(piece: Piece, story: Story) -> list[dict[str, Any]]:
    """One transition per way out of each node, in the order the guards must be tried."""
    out: list[dict[str, Any]] = []
    for node in piece.nodes.values():
        if node.next:
            out.append({"trigger": GO, "source": node.name, "dest": node.next})
        for route in node.route:
            guard = [] if route.is_default else [lambda _e, r=route: story.holds(r)]
            out.append({"trigger": GO, "source": node.name, "dest": route.next,
                        "conditions": guard})
        if node.listen:
            out.extend(_listen_transitions(node, story))
    return out


def _listen_transitions(node: Node, story: Story) -> list[dict[str, Any]]:
    listen = node.listen
    assert listen is not None
    out: list[dict[str, Any]] = []
    for answer in listen.taken:
        out.append({
            "trigger": answer_trigger(answer.label), "source": node.name,
            "dest": listen.destination(answer),
            "before": [lambda e, a=answer: story._remember(e, a.label),
                       lambda _e, a=answer: story._said.extend(story.choose(a.say))],
        })
    for kind, ladder in ((SILENCE, listen.silence), (UNCLEAR, listen.unclear)):
        out.append({
            "trigger": kind, "source": node.name, "dest": listen.fallback(ladder),
            "conditions": [lambda _e: not story._reprompt],
            "before": [lambda e, k=kind: story._remember(e, k),
                       lambda _e, ld=ladder: story._said.extend(story.choose(ld.say))],
        })
        out.append({
            "trigger": kind, "source": node.name, "dest": None,
            "after": [lambda _e: story._said.extend(story._reprompt),
                      lambda _e, k=kind: story.failures.update([k])],
        })
    question = (node.question,) if listen.explain.ask and node.question else ()
    out.append({
        "trigger": EXPLAIN, "source": node.name, "dest": None,
        "after": [lambda _e: story._said.extend(story.choose((*listen.explain.say, *question))),
                  lambda _e: story.failures.update([EXPLAIN])],
    })
    return out

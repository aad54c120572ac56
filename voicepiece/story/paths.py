"""How many distinct ways there are through a piece, without walking them one by one.

A way is a sequence of choices: each answer, and giving up through a ladder, is one.
Routes add no choices of their own: each follows from earlier answers. The count is made
in two passes:

1. Over the nodes alone, each route counted as the fewest and the most ways any of its
   branches leads to. Where the two agree, what was remembered cannot change the count
   from that node on: a route whose branches all lead on equally (say, to endings) is
   settled without knowing a single answer.
2. Only where they differ, over (node, remembered answers): only the memories that a
   route still to come and still undecided reads, each reduced to what that route can
   tell apart. This is exact; if it would need more than :data:`BUDGET` such states, the
   count is given as the bounds of pass 1, said as bounds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from voicepiece.story.model import ANSWERED, SILENCE, UNCLEAR, Node, Piece, Route
from voicepiece.story.walks import LOOP, OVER, evaluate

BUDGET = 20_000
"""(node, remembered answers) states pass 2 may visit: about a second of work."""

_SHOWN_EXACTLY = 10**12


@dataclass(frozen=True)
class PathCount:
    """``low == high`` is an exact count; ``loops``: the story can go round forever;
    neither known: not counted (loops, and too much memory to tell whether they can)."""

    low: int | None = None
    high: int | None = None
    loops: bool = False
    why: str = "routes read too many remembered answers to count them exactly"

    def __str__(self) -> str:
        if self.loops:
            return "unbounded (the story can loop)"
        if self.high is None:
            return (f"not counted (the story has loops, and more than {BUDGET:,} "
                    "combinations of remembered answers to tell whether it can go round)")
        if self.low == self.high:
            return _number(self.high)
        return f"between {_number(self.low or 0)} and {_number(self.high)} ({self.why})"


def _number(n: int) -> str:
    """Small counts exactly; large ones to three figures, in a way that holds for counts
    past what a float or Python's int-to-text limit can hold."""
    if n < _SHOWN_EXACTLY:
        return str(n)
    exponent = int(math.log10(n))
    while 10 ** exponent > n:  # log10 of a huge int may round up past a power of ten
        exponent -= 1
    lead = (n + 5 * 10 ** (exponent - 3)) // 10 ** (exponent - 2)
    if lead == 1000:
        exponent, lead = exponent + 1, 100
    return f"about {lead // 100}.{lead % 100:02d}e+{exponent}"


def _branches(node: Node) -> list[Route]:
    """The route entries that can be taken: none after the first default."""
    out = []
    for route in node.route:
        out.append(route)
        if route.is_default:
            break
    return out


def _steps(node: Node) -> list[tuple[str | None, str]]:
    """(destination, label remembered) for each choice at a listening point."""
    listen = node.listen
    assert listen is not None
    steps = [(listen.destination(a), a.label) for a in listen.taken]
    steps += [(listen.fallback(ladder), kind)
              for kind, ladder in ((SILENCE, listen.silence), (UNCLEAR, listen.unclear))]
    return steps


def count_paths(piece: Piece) -> PathCount:
    memo: dict[str, tuple[int, int]] = {}
    bounds = evaluate(piece.start, lambda name: _bounds_of(piece, name), memo=memo)
    if bounds is not LOOP and bounds[0] == bounds[1]:
        return PathCount(*bounds)
    settled = {} if bounds is LOOP else {n: low for n, (low, high) in memo.items()
                                         if low == high}
    counter = _Exact(piece, settled)
    if counter.visited:  # visit counts are not in pass 2's state
        return (PathCount() if bounds is LOOP
                else PathCount(*bounds, why="routes read visit counts, which are not counted"))
    exact = counter.count()
    if exact is OVER:
        return PathCount() if bounds is LOOP else PathCount(*bounds)
    return PathCount(loops=True) if exact is LOOP else PathCount(exact, exact)


def _bounds_of(piece: Piece, name: str) -> tuple[list[str], Any]:
    """Pass 1 for one node: its children and how their (fewest, most) combine."""
    node = piece.nodes.get(name)
    if node is None or node.end:
        one = (0, 0) if node is None else (1, 1)
        return [], lambda _: one
    if node.route:
        kids = [r.next for r in _branches(node)]
        return kids, lambda got: (min(g[0] for g in got), max(g[1] for g in got))
    kids = [d for d, _ in _steps(node) if d] if node.listen else [node.next] if node.next else []
    return kids, lambda got: (sum(g[0] for g in got), sum(g[1] for g in got))


class _Exact:
    """Pass 2: (node, what undecided routes ahead will read) states, memoised."""

    def __init__(self, piece: Piece, settled: dict[str, int]) -> None:
        self.piece = piece
        self.settled = settled
        deciding = [r for n in piece.nodes.values() if n.name not in settled
                    for r in _branches(n)]
        self.watched = sorted({name for r in deciding for name, _ in r.when})
        self.caps: dict[str, int] = {}  # a tally past its cap tells no route anything new
        for r in deciding:
            for label, count in [*r.at_least, *((lb, n + 1) for lb, n in r.at_most)]:
                self.caps[label] = max(self.caps.get(label, 0), count)
        self.visited = any(r.visits for r in deciding)
        self.counted = sorted(self.caps)
        # each label a memory can hold, as the label sets routes ask about see it
        self.kinds = {name: [labels for r in deciding for m, labels in r.when if m == name]
                      for name in self.watched}
        self.live = self._live(deciding)

    def _live(self, deciding: list[Route]) -> dict[str, tuple[frozenset[str], bool]]:
        """Per node: the memories an undecided route reachable from it reads, and whether
        one counts labels; spread backwards from those routes until nothing changes."""
        live: dict[str, tuple[frozenset[str], bool]] = {}
        before: dict[str, set[str]] = {name: set() for name in self.piece.nodes}
        ids = {id(r) for r in deciding}
        for node in self.piece.nodes.values():
            for nxt in node.successors():
                if nxt in before:
                    before[nxt].add(node.name)
            mine = [r for r in _branches(node) if id(r) in ids]
            live[node.name] = (frozenset(name for r in mine for name, _ in r.when),
                               any(r.at_least or r.at_most for r in mine))
        todo = [name for name, (memories, tallies) in live.items() if memories or tallies]
        while todo:
            name = todo.pop()
            memories, tallies = live[name]
            for earlier in before[name]:
                mine = live[earlier]
                grown = (mine[0] | memories, mine[1] or tallies)
                if grown != mine:
                    live[earlier] = grown
                    todo.append(earlier)
        return live

    def count(self) -> Any:
        start = (self.piece.start, self._seen(self.piece.start, (None,) * len(self.watched),
                                              (0,) * len(self.counted)))
        return evaluate(start, self._expand, BUDGET)

    def _seen(self, name: str, known: tuple, tally: tuple) -> tuple:
        """The state as node ``name`` and everything after it can tell it apart."""
        memories, tallies = self.live.get(name, (frozenset(), False))
        known = tuple(v if w in memories else None
                      for w, v in zip(self.watched, known, strict=True))
        return known, tally if tallies else (0,) * len(self.counted)

    def _after(self, state: tuple, name: str | None, label: str) -> tuple:
        known, tally = state
        if name is None:
            return state
        if name in self.kinds:
            kind = tuple(label in labels for labels in self.kinds[name])
            known = tuple(kind if w == name else v
                          for w, v in zip(self.watched, known, strict=True))
        counts = {label, ANSWERED} if label not in (SILENCE, UNCLEAR) else {label}
        if counts & set(self.caps):
            tally = tuple(min(c + 1, self.caps[k]) if k in counts else c
                          for k, c in zip(self.counted, tally, strict=True))
        return known, tally

    def _holds(self, route: Route, state: tuple) -> bool:
        known = dict(zip(self.watched, state[0], strict=True))
        tally = dict(zip(self.counted, state[1], strict=True))
        for name, labels in route.when:
            kind = known[name]
            if kind is None or not kind[self.kinds[name].index(labels)]:
                return False
        return (all(tally[label] >= n for label, n in route.at_least)
                and all(tally[label] <= n for label, n in route.at_most))

    def _expand(self, key: tuple) -> tuple[list[tuple], Any]:
        name, state = key
        node = self.piece.nodes.get(name)
        if node is None or name in self.settled or node.end:
            value = 0 if node is None else self.settled.get(name, 1)
            return [], lambda _: value
        if node.route:
            taken = next((r for r in _branches(node) if r.is_default or self._holds(r, state)),
                         None)
            steps = [(taken.next, state)] if taken else []
        elif node.listen:
            steps = [(dest, self._after(state, node.listen.remember, label))
                     for dest, label in _steps(node) if dest]
        else:
            steps = [(node.next, state)] if node.next else []
        kids = [(dest, self._seen(dest, *st)) for dest, st in steps]
        return kids, sum

"""Walks over the story graph that a long piece cannot break: every one keeps its own
stack, so a chain of thousands of nodes costs memory, not Python's recursion limit.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, TypeVar

from voicepiece.story.model import Node, Piece

K = TypeVar("K", bound=Hashable)

LOOP = object()
"""What :func:`evaluate` returns when the walk comes back to a key it is still working on."""
OVER = object()
"""What :func:`evaluate` returns when it would expand more keys than its budget."""


def evaluate(root: K, expand: Callable[[K], tuple[list[K], Callable[[list[Any]], Any]]],
             budget: int | None = None, memo: dict[K, Any] | None = None) -> Any:
    """The value of ``root`` in a graph whose values are computed from their children's:
    ``expand(key)`` gives the children and how to combine their values. Each key is
    expanded once (memoised in ``memo``, which the caller may keep); a key reached again
    while open means a cycle (LOOP)."""
    memo = {} if memo is None else memo
    open_: set[K] = set()
    stack: list[list[Any]] = [[root, None, None]]
    expanded = 0
    while stack:
        top = stack[-1]
        key = top[0]
        if top[1] is None:
            if key in memo:
                stack.pop()
                continue
            expanded += 1
            if budget is not None and expanded > budget:
                return OVER
            top[1], top[2] = expand(key)
            open_.add(key)
            for kid in top[1]:
                if kid in open_:
                    return LOOP
                if kid not in memo:
                    stack.append([kid, None, None])
            continue
        memo[key] = top[2]([memo[kid] for kid in top[1]])
        open_.discard(key)
        stack.pop()
    return memo[root]


def silent_successors(node: Node) -> list[str]:
    """Where a listener who says nothing can be taken from this node. Routes may read
    any memory, so every branch counts."""
    if node.listen:
        return [t for t in [node.listen.fallback(node.listen.silence)] if t]
    if node.route:
        return [r.next for r in node.route]
    return [node.next] if node.next else []


def silent_failure(piece: Piece, start: str, proved: set[str]) -> str | None:
    """Why a silent listener at ``start`` may never reach an ending, or None. ``proved``
    holds nodes already shown to reach an ending whatever happens in silence; it grows
    as nodes are proved, so points that share a way out are walked once."""
    open_: set[str] = set()
    stack: list[tuple[str, Iterator[str]]] = []

    def enter(name: str) -> str | None:
        if name not in piece.nodes or name in proved:
            return None  # an unknown node is reported by check_destinations
        if name in open_:
            trail = [n for n, _ in stack]
            return "silence loops: " + " -> ".join([*trail[trail.index(name):], name])
        node = piece.nodes[name]
        nexts = silent_successors(node)
        if not nexts and not node.end:
            return f"it stops at '{name}'"
        open_.add(name)
        stack.append((name, iter(nexts)))
        return None

    why = enter(start)
    while stack and why is None:
        name, nexts = stack[-1]
        nxt = next(nexts, None)
        if nxt is None:
            stack.pop()
            open_.discard(name)
            proved.add(name)
        else:
            why = enter(nxt)
    return why


def loops_without_listening(piece: Piece) -> list[list[str]]:
    """Every way the story can go round without a listening point, one cycle per knot
    of such nodes (a strongly connected component), each as names from its first node
    in the file back to it. Between two listening points nothing changes the memory, so
    routes decide the same way each time round: such a cycle would never end."""
    order = {name: i for i, name in enumerate(piece.nodes)}

    def step(name: str) -> list[str]:
        node = piece.nodes[name]
        if node.listen:
            return []
        return [n for n in node.successors() if n in piece.nodes and not piece.nodes[n].listen]

    out = []
    for knot in strongly_connected(list(piece.nodes), step):
        first = min(knot, key=order.__getitem__)
        if len(knot) > 1 or first in step(first):
            out.append(_cycle_through(first, set(knot), step))
    return sorted(out, key=lambda cycle: order[cycle[0]])


def _cycle_through(first: str, knot: set[str], step: Callable[[str], list[str]]) -> list[str]:
    """A shortest way from ``first`` back to itself inside its component."""
    came_from: dict[str, str] = {}
    frontier = [first]
    while frontier:
        later = []
        for name in frontier:
            for nxt in step(name):
                if nxt == first:
                    trail = [name]
                    while trail[-1] != first:
                        trail.append(came_from[trail[-1]])
                    return [*reversed(trail), first]
                if nxt in knot and nxt not in came_from:
                    came_from[nxt] = name
                    later.append(nxt)
        frontier = later
    return [first, first]


def strongly_connected(names: Iterable[str], step: Callable[[str], list[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, with an explicit stack so that a long chain
    cannot exhaust Python's; the story's loops and the package's import circles both use it."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    for root in names:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(step(root)))]
        while work:
            name, nexts = work[-1]
            nxt = next(nexts, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(step(nxt))))
                elif nxt in on_stack:
                    low[name] = min(low[name], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[name])
            if low[name] == index[name]:
                knot = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    knot.append(member)
                    if member == name:
                        break
                out.append(knot)
    return out

"""The story-level checks `voicepiece check` runs once a piece's structure is sound.

Each check returns ``file:line: message`` strings naming the node, so an author can jump
straight to the problem. Nothing here raises: every problem is reported in one pass.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator

from voicepiece.story.matching import match_answer
from voicepiece.story.model import (
    ANSWERED,
    EXPLAIN,
    HEARD,
    OPEN,
    RESERVED_LABELS,
    SILENCE,
    UNCLEAR,
    Conditional,
    Line,
    Node,
    Piece,
    Variants,
    every_line,
    placeholders,
)
from voicepiece.story.offscript import asks_back
from voicepiece.story.phrases import BUILTIN_MEANINGS
from voicepiece.story.walks import loops_without_listening, silent_failure

Problem = tuple[int, str]


def check_piece(piece: Piece, filename: str) -> list[str]:
    found: list[Problem] = []
    for check in CHECKS:
        found.extend(check(piece))
    return [f"{filename}:{line}: {msg}" for line, msg in sorted(set(found))]


def _hint(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_start_and_endings(piece: Piece) -> Iterator[Problem]:
    if piece.start not in piece.nodes:
        yield piece.key_lines.get("start", 1), (f"start node '{piece.start}' does not exist"
                                                f"{_hint(piece.start, list(piece.nodes))}")
    if not piece.endings():
        yield 1, "the piece has no ending: mark at least one node with 'end: true'"


def check_ambient(piece: Piece) -> Iterator[Problem]:
    path = piece.ambient_path
    if path is not None and not path.is_file():
        yield piece.key_lines.get("ambient", 1), f"ambient bed '{piece.ambient}' does not exist"


def check_node_kinds(piece: Piece) -> Iterator[Problem]:
    for node in piece.nodes.values():
        kinds = [k for k, on in (("next", node.next), ("listen", node.listen),
                                 ("route", node.route), ("end", node.end)) if on]
        if not kinds:
            yield node.source_line, (f"node '{node.name}' leads nowhere: give it one of "
                                     "next, listen, route or end")
        elif len(kinds) > 1:
            yield node.source_line, (f"node '{node.name}' has {' and '.join(kinds)}: "
                                     "give it only one")


def _targets(node: Node) -> Iterator[tuple[int, str, str]]:
    """(line, what, destination) for every place the node names another node."""
    if node.next:
        yield node.line_of("next"), "next", node.next
    for route in node.route:
        yield route.line_of("next"), "route", route.next
    if node.listen:
        listen = node.listen
        if listen.next:
            yield listen.line_of("next"), "listen next", listen.next
        for answer in listen.answers:
            if answer.next:
                yield answer.line_of("next"), f"answer '{answer.label}'", answer.next
        if listen.open and listen.open.next:
            yield listen.open.line_of("next"), "open", listen.open.next
        for kind, ladder in (("silence", listen.silence), ("unclear", listen.unclear)):
            if ladder.then:
                yield ladder.line_of("then"), f"{kind} then", ladder.then


def check_destinations(piece: Piece) -> Iterator[Problem]:
    known = list(piece.nodes)
    for node in piece.nodes.values():
        for line, what, dest in _targets(node):
            if dest not in piece.nodes:
                yield line, (f"node '{node.name}': {what} goes to unknown node "
                             f"'{dest}'{_hint(dest, known)}")
        if node.listen:
            listen = node.listen
            for answer in listen.taken:
                if not listen.destination(answer):
                    yield answer.source_line, (f"node '{node.name}': answer '{answer.label}' "
                                               "leads nowhere: give it a next, or the listen one")
            for kind, ladder in (("silence", listen.silence), ("unclear", listen.unclear)):
                if not listen.fallback(ladder):
                    yield listen.source_line, (f"node '{node.name}': {kind} leads nowhere: give "
                                               f"{kind} a 'then', or the listen a 'next'")


_RESERVED_FOR = {SILENCE: "what the ladders handle", UNCLEAR: "what the ladders handle",
                 OPEN: "the point's 'open' answers", EXPLAIN: "a listener's question back"}


def check_answers(piece: Piece) -> Iterator[Problem]:
    for node in piece.listening_points():
        seen: dict[str, int] = {}
        for answer in node.listen.answers:
            where = f"node '{node.name}': answer '{answer.label}'"
            if answer.label in seen:
                yield answer.source_line, (f"node '{node.name}': duplicate label "
                                           f"'{answer.label}' (first at line {seen[answer.label]})")
            seen.setdefault(answer.label, answer.source_line)
            if answer.label in RESERVED_LABELS:
                yield answer.source_line, (f"{where}: '{answer.label}' is reserved for "
                                           f"{_RESERVED_FOR[answer.label]}; choose another label")
            if not answer.meaning and not answer.phrases:
                yield answer.source_line, (f"{where} has no phrases and no meaning "
                                           f"({', '.join(BUILTIN_MEANINGS)})")


def check_open_examples(piece: Piece) -> Iterator[Problem]:
    """An ``open: examples:`` line the point's rules read as one of its answers, or as a
    question back, can never be an open answer: words near it would be let in as open by
    an example that is really an answer ("a bit of both" is *unsure*)."""
    for node in piece.listening_points():
        if node.listen.open is None:
            continue
        for example in node.listen.open.phrases:
            label = match_answer(example, node.listen.answers).label
            if label is not None or asks_back(example):
                read = f"answer '{label}'" if label else "a question back"
                yield node.listen.open.line_of("examples"), (
                    f"node '{node.name}': open example '{example}' is read as {read}: "
                    "an example must be none of the answers")


def check_reachable(piece: Piece) -> Iterator[Problem]:
    if piece.start not in piece.nodes:
        return
    seen = _reach(piece, piece.start, lambda n: n.successors())
    for node in piece.nodes.values():
        if node.name not in seen:
            yield node.source_line, f"node '{node.name}' is unreachable from '{piece.start}'"


def _reach(piece: Piece, start: str, step: Callable[[Node], list[str]]) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in step(piece.nodes[todo.pop()]):
            if nxt in piece.nodes and nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def check_silence_ends(piece: Piece) -> Iterator[Problem]:
    """Proves a listener who stays silent from any listening point reaches an ending:
    no silent path may loop or stop at a node that is not an ending."""
    proved: set[str] = set()
    for point in piece.listening_points():
        failure = silent_failure(piece, point.name, proved)
        if failure:
            yield point.listen.source_line, (f"node '{point.name}': a silent listener never "
                                             f"reaches an ending from here ({failure})")


def check_loops_listen(piece: Piece) -> Iterator[Problem]:
    """Every cycle of the story must pass a listening point: between two, memory does not
    change, so a cycle without one repeats the same lines forever."""
    for cycle in loops_without_listening(piece):
        yield piece.nodes[cycle[0]].source_line, (
            f"node '{cycle[0]}': the story goes round without listening "
            f"({' -> '.join(cycle)}) and would repeat forever; put a listening point "
            "in the loop")


def _spoken_lines(piece: Piece) -> Iterator[tuple[Node, Line, bool]]:
    """(node, line, may_use_heard): {heard} means something only in a response."""
    for node in piece.nodes.values():
        for line in every_line(node.say):
            yield node, line, False
        if node.listen:
            for answer in node.listen.answers:
                for line in every_line(answer.say):
                    yield node, line, True
                yield node, node.listen.confirmation(answer.label), True
            yield node, node.listen.either, True
            if node.listen.open:
                for line in every_line(node.listen.open.say):
                    yield node, line, True
            for line in every_line(node.listen.explain.say):
                yield node, line, False
            unclear, silence = node.listen.unclear, node.listen.silence
            for line in every_line(unclear.reprompts + unclear.say):
                yield node, line, True
            for line in every_line(silence.reprompts + silence.say):
                yield node, line, False


def check_memory(piece: Piece) -> Iterator[Problem]:
    memory: dict[str, Node] = {}
    for node in piece.listening_points():
        name = node.listen.remember
        if not name:
            continue
        if name == HEARD:
            yield node.listen.source_line, f"node '{node.name}': '{HEARD}' is reserved"
        elif name in memory:
            yield node.listen.source_line, (f"node '{node.name}': memory '{name}' is already "
                                            f"remembered at node '{memory[name].name}'")
        memory.setdefault(name, node)
    every_label = {label for n in piece.listening_points() for label in n.listen.remembered}
    every_label |= {*RESERVED_LABELS, ANSWERED}
    for node, item, what in _conditionals(piece):
        yield from _condition_problems(piece, memory, every_label, node, item, what)
    for node, line, may_use_heard in _spoken_lines(piece):
        for slot in placeholders(line.text):
            if slot.name == HEARD and not may_use_heard:
                yield line.source_line, (f"node '{node.name}': {{{HEARD}}} is only known in a "
                                         "response to an answer or an unclear reprompt")
            elif slot.name != HEARD and slot.name not in memory:
                yield line.source_line, (f"node '{node.name}': unknown placeholder "
                                         f"{{{slot.name}}}{_hint(slot.name, list(memory))}")


def _conditionals(piece: Piece) -> Iterator[tuple[Node, Conditional, str]]:
    """(node, element, what it is) for every element that may carry conditions."""
    for node in piece.nodes.values():
        for route in node.route:
            yield node, route, "route"
        items = list(node.say)
        if node.listen:
            for answer in node.listen.taken:
                items.extend(answer.say)
            items.extend(node.listen.explain.say)
            for ladder in (node.listen.silence, node.listen.unclear):
                items.extend(ladder.reprompts + ladder.say)
        for item in items:
            yield node, item, "line" if isinstance(item, Line) else "group"
            if isinstance(item, Variants):
                for line in item.lines:
                    yield node, line, "line"


def _condition_problems(piece: Piece, memory: dict[str, Node], every_label: set[str],
                        node: Node, item: Conditional, what: str) -> Iterator[Problem]:
    """Conditions that read a memory, a label or a node the piece does not have."""
    def at(key: str) -> int:
        return item.source_line if what == "route" else item.line_of(key)

    where = f"node '{node.name}': {what}"
    for key, labels in item.when:
        if key not in memory:
            yield at("when"), f"{where} reads unknown memory '{key}'{_hint(key, list(memory))}"
            continue
        offered = list(memory[key].listen.remembered)
        for label in labels:
            if label not in offered:
                yield at("when"), (f"node '{node.name}': memory '{key}' is never '{label}'"
                                   f"{_hint(label, offered)}; it can be {', '.join(offered)}")
    for key in ("at_least", "at_most"):
        for label, _count in getattr(item, key):
            if label not in every_label:
                yield at(key), (f"{where} counts unknown label '{label}'"
                                f"{_hint(label, sorted(every_label))}")
    for name, _count in item.visits:
        if name not in piece.nodes:
            yield at("visits"), (f"{where} counts visits to unknown node '{name}'"
                                 f"{_hint(name, list(piece.nodes))}")


def check_routes(piece: Piece) -> Iterator[Problem]:
    for node in piece.nodes.values():
        if not node.route:
            continue
        defaults = [i for i, r in enumerate(node.route) if r.is_default]
        if not defaults:
            yield node.route[-1].source_line, (f"node '{node.name}': route has no default: end "
                                               "it with an entry that has only 'next'")
        elif defaults[0] < len(node.route) - 1:
            yield node.route[defaults[0] + 1].source_line, (
                f"node '{node.name}': route entries after the default can never be taken")


def check_line_ids(piece: Piece) -> Iterator[Problem]:
    first: dict[str, tuple[Line, str]] = {}
    for node, line, _ in _spoken_lines(piece):
        if line.id.startswith("listening."):
            continue
        if line.id in first and first[line.id][0] is not line:
            yield line.source_line, (f"node '{node.name}': line id '{line.id}' is already "
                                     f"used at line {first[line.id][0].source_line}")
        first.setdefault(line.id, (line, node.name))
    groups: dict[str, Conditional] = {}
    for node, item, what in _conditionals(piece):
        if what != "group":
            continue
        assert isinstance(item, Variants)
        if item.id in groups and not item.id.startswith("listening."):
            yield item.source_line, (f"node '{node.name}': group id '{item.id}' is already used "
                                     f"at line {groups[item.id].source_line}: groups keep their "
                                     "turn by ID, so the two would share one")
        groups.setdefault(item.id, item)


CHECKS: list[Callable[[Piece], Iterator[Problem]]] = [
    check_start_and_endings,
    check_ambient,
    check_node_kinds,
    check_destinations,
    check_answers,
    check_open_examples,
    check_reachable,
    check_silence_ends,
    check_loops_listen,
    check_memory,
    check_routes,
    check_line_ids,
]

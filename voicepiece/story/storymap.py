"""The story map as Mermaid or Graphviz DOT text, and as SVG through Graphviz's ``dot``.

Drawn from the piece rather than through ``transitions``' diagram extension: authors need
edges labelled with answers and route conditions, not trigger names and guard callables.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

from voicepiece.errors import EngineMissing, VoicepieceError
from voicepiece.story.model import (
    SILENCE,
    UNCLEAR,
    VARIANT_KINDS,
    Conditional,
    Node,
    Piece,
    Say,
    Variants,
)

FORMATS = ("mermaid", "dot", "svg")


def edges(node: Node) -> Iterator[tuple[str, str, str]]:
    """(label, destination, style): style is ``main``, ``ladder`` or ``route``."""
    if node.next:
        yield "", node.next, "main"
    for route in node.route:
        yield _condition(route), route.next, "route"
    if node.listen:
        listen = node.listen
        for answer in listen.taken:
            dest = listen.destination(answer)
            if dest:
                yield answer.label, dest, "main"
        for kind, ladder in ((SILENCE, listen.silence), (UNCLEAR, listen.unclear)):
            dest = listen.fallback(ladder)
            if dest:
                tries = len(ladder.reprompts) + 1
                fixed = all(_always_says(item) for item in ladder.reprompts)
                yield f"{kind} ×{'' if fixed else '≤'}{tries}", dest, "ladder"


def _condition(item: Conditional) -> str:
    parts = [f"{name}={'/'.join(labels)}" for name, labels in item.when]
    parts += [f"{label}≥{count}" for label, count in item.at_least]
    parts += [f"{label}≤{count}" for label, count in item.at_most]
    parts += [f"visits {node}≥{count}" for node, count in item.visits]
    return " & ".join(parts) or "otherwise"


def _always_says(item: Say) -> bool:
    """Whether a reprompt says something every time: otherwise the ladder may move on
    sooner, and the map says "up to" so many tries."""
    if not item.unconditional:
        return False
    if isinstance(item, Variants):
        return item.kind != "once" and any(line.unconditional for line in item.lines)
    return True


def _items(node: Node) -> list[Say]:
    items = list(node.say)
    if node.listen:
        for answer in node.listen.answers:
            items.extend(answer.say)
        for ladder in (node.listen.silence, node.listen.unclear):
            items.extend(ladder.reprompts + ladder.say)
    return items


def variation(node: Node) -> str:
    """What varies in what the node says, for its box: its groups by kind, and how many
    lines or groups are said only on a condition, e.g. "cycle×2, once · 3 if"."""
    items = _items(node)
    kinds = [item.kind for item in items if isinstance(item, Variants)]
    parts = [kind + (f"×{kinds.count(kind)}" if kinds.count(kind) > 1 else "")
             for kind in VARIANT_KINDS if kind in kinds]
    conditional = sum(not item.unconditional for item in items)
    conditional += sum(not line.unconditional for item in items
                       if isinstance(item, Variants) for line in item.lines)
    text = ", ".join(parts)
    if conditional:
        text += f"{' · ' if text else ''}{conditional} if"
    return text


def _merged(node: Node) -> list[tuple[str, str, str]]:
    """Edges to the same place with the same style drawn once, labels joined."""
    out: dict[tuple[str, str], list[str]] = {}
    for label, dest, style in edges(node):
        out.setdefault((dest, style), []).append(label)
    return [(", ".join(filter(None, labels)), dest, style) for (dest, style), labels in out.items()]


def _title(node: Node, newline: str) -> str:
    name = f"{node.name} ?" if node.listen else f"{node.name} ■" if node.end else node.name
    varies = variation(node)
    return f"{name}{newline}{varies}" if varies else name


def mermaid(piece: Piece) -> str:
    ids = {name: f"n{i}" for i, name in enumerate(piece.nodes)}
    out = ["flowchart TD"]
    for node in piece.nodes.values():
        text = _title(node, "<br/>").replace('"', "'")
        shape = f'{{"{text}"}}' if node.listen else (f'(["{text}"])' if node.end else f'["{text}"]')
        out.append(f"  {ids[node.name]}{shape}")
    for node in piece.nodes.values():
        for label, dest, style in _merged(node):
            arrow = "-.->" if style == "ladder" else "-->"
            label = label.replace('"', "'").replace("|", "/")
            out.append(f"  {ids[node.name]} {arrow}" + (f'|"{label}"|' if label else "")
                       + f" {ids[dest]}")
    out.append(f"  classDef start stroke-width:3px\n  class {ids[piece.start]} start")
    return "\n".join(out) + "\n"


def dot(piece: Piece) -> str:
    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    out = [f"digraph {q(piece.name)} {{", "  rankdir=TB;", '  node [fontname="Helvetica"];',
           '  edge [fontname="Helvetica", fontsize=10];']
    for node in piece.nodes.values():
        shape = "diamond" if node.listen else ("doublecircle" if node.end else "box")
        extra = ", penwidth=3" if node.name == piece.start else ""
        label = q(_title(node, "\n")).replace("\n", "\\n")
        out.append(f"  {q(node.name)} [label={label}, shape={shape}{extra}];")
    for node in piece.nodes.values():
        for label, dest, style in _merged(node):
            attrs = [f"label={q(label)}"] if label else []
            if style == "ladder":
                attrs.append("style=dashed")
            styled = f" [{', '.join(attrs)}]" if attrs else ""
            out.append(f"  {q(node.name)} -> {q(dest)}{styled};")
    out.append("}")
    return "\n".join(out) + "\n"


def svg(piece: Piece) -> bytes:
    program = shutil.which("dot")
    if not program:
        raise EngineMissing("SVG needs Graphviz's 'dot': apt-get install graphviz "
                            "(or use --format mermaid or dot)")
    done = subprocess.run([program, "-Tsvg"], input=dot(piece).encode(), capture_output=True,
                          timeout=60, check=False)
    if done.returncode != 0:
        raise VoicepieceError(f"dot failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout

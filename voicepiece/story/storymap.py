"""The story map as Mermaid or Graphviz DOT text, and as SVG through Graphviz's ``dot``.

Drawn from the piece rather than through ``transitions``' diagram extension: authors need
edges labelled with answers and route conditions, not trigger names and guard callables.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

from voicepiece.errors import EngineMissing, VoicepieceError
from voicepiece.story.model import SILENCE, UNCLEAR, Node, Piece, Route

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
                yield f"{kind} ×{tries}", dest, "ladder"


def _condition(route: Route) -> str:
    parts = [f"{name}={'/'.join(labels)}" for name, labels in route.when]
    parts += [f"{label}≥{count}" for label, count in route.at_least]
    return " & ".join(parts) or "otherwise"


def _merged(node: Node) -> list[tuple[str, str, str]]:
    """Edges to the same place with the same style drawn once, labels joined."""
    out: dict[tuple[str, str], list[str]] = {}
    for label, dest, style in edges(node):
        out.setdefault((dest, style), []).append(label)
    return [(", ".join(filter(None, labels)), dest, style) for (dest, style), labels in out.items()]


def _title(node: Node) -> str:
    if node.listen:
        return f"{node.name} ?"
    return f"{node.name} ■" if node.end else node.name


def mermaid(piece: Piece) -> str:
    ids = {name: f"n{i}" for i, name in enumerate(piece.nodes)}
    out = ["flowchart TD"]
    for node in piece.nodes.values():
        text = _title(node).replace('"', "'")
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
        out.append(f"  {q(node.name)} [label={q(_title(node))}, shape={shape}{extra}];")
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

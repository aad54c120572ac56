"""`voicepiece graph`: the story map."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from voicepiece.errors import VoicepieceError
from voicepiece.files import write_output


def add_parser(sub: argparse._SubParsersAction) -> None:
    graph = sub.add_parser("graph", help="draw the story map",
                           description="Print the story map as Mermaid or DOT, or write SVG.")
    graph.add_argument("piece", nargs="?", default="her", metavar="PIECE")
    graph.add_argument("--format", choices=("mermaid", "dot", "svg"), default="mermaid")
    graph.add_argument("--out", type=Path, metavar="FILE",
                       help="write to FILE (required for svg unless stdout is redirected)")
    graph.set_defaults(func=cmd_graph)


def cmd_graph(args: argparse.Namespace) -> int:
    from voicepiece.story import storymap as graph
    from voicepiece.story.loader import load_piece

    piece = load_piece(args.piece)
    if args.format == "svg":
        if args.out is None and sys.stdout.isatty():
            raise VoicepieceError("SVG is binary-ish: give --out FILE or redirect the output")
        data = graph.svg(piece)
        if args.out is None:
            sys.stdout.buffer.write(data)
        else:
            write_output(args.out, data)
            print(f"wrote {args.out}", file=sys.stderr)
        return 0
    text = graph.mermaid(piece) if args.format == "mermaid" else graph.dot(piece)
    if args.out is None:
        sys.stdout.write(text)
    else:
        write_output(args.out, text.encode())
    return 0

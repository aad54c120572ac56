"""`voicepiece check`: validate a piece and summarise it."""

from __future__ import annotations

import argparse
from importlib import resources
from typing import TYPE_CHECKING

from voicepiece.errors import VoicepieceError

if TYPE_CHECKING:
    from voicepiece.story.model import VoiceSettings


def add_parser(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser("check", help="validate a piece and summarise it",
                           description="Validate a piece: every problem as file:line: message.")
    check.add_argument("piece", nargs="?", metavar="PIECE")
    check.add_argument("--schema", action="store_true",
                       help="print the path of the piece JSON Schema and exit")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.set_defaults(func=cmd_check)


def narrated_by(settings: VoiceSettings) -> str:
    """Who will narrate, as far as the piece decides it (nothing is loaded to tell)."""
    from voicepiece.story.model import DEFAULT_ENGINE
    from voicepiece.voices.chain import describe_choice

    unnamed = settings.engine == DEFAULT_ENGINE and not settings.name
    return (f"{'no voice named, so ' if unnamed else ''}{describe_choice(settings)}, "
            f"{settings.rate} words a minute")


def cmd_check(args: argparse.Namespace) -> int:
    from voicepiece.story.loader import load_piece
    from voicepiece.story.paths import count_paths
    from voicepiece.voices.voiceover import voiceover_problems

    if args.schema:
        print(resources.files("voicepiece.story").joinpath("piece.schema.json"))
        return 0
    if not args.piece:
        raise VoicepieceError("check needs a PIECE (a piece file, its folder, or 'her')")
    piece = load_piece(args.piece)
    paths = count_paths(piece)
    print(f"{piece.path}: ok")
    print(f"  nodes: {len(piece.nodes)}, lines: {len({line.id for line in piece.lines()})}, "
          f"listening points: {len(piece.listening_points())}, "
          f"endings: {len(piece.endings())}, "
          f"distinct paths: {paths}")
    print(f"  voice: {narrated_by(piece.voice)}")
    warnings = voiceover_problems(piece)
    for warning in warnings:
        print(warning)
    return 1 if warnings and args.strict else 0

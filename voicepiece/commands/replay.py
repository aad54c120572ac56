"""`voicepiece replay`: hear a recorded session again and report what changed."""

from __future__ import annotations

import argparse
from pathlib import Path

from voicepiece.commands.options import add_recognizer_options, recognizer_from


def add_parser(sub: argparse._SubParsersAction) -> None:
    replay = sub.add_parser(
        "replay", help="re-hear a recorded session and report what changed",
        description="Re-run a recorded session from its own reply clips through the current "
                    "piece and recognizer, and report turn by turn where the path or the "
                    "answers differ from the recording. Exit 1 if anything differs.")
    replay.add_argument("session", type=Path, metavar="DIR", help="a recorded session folder")
    replay.add_argument("--piece", metavar="PIECE",
                        help="the piece to replay against (default: the recorded piece)")
    add_recognizer_options(replay)
    replay.set_defaults(func=cmd_replay)


def cmd_replay(args: argparse.Namespace) -> int:
    from voicepiece.archive.replay import replay
    from voicepiece.archive.transcript import read_record
    from voicepiece.story.loader import load_piece

    record = read_record(args.session)
    piece = load_piece(args.piece or record.get("piece", "her"))
    outcome, differences = replay(args.session, piece, recognizer_from(args))
    turns = len(outcome.turns)
    if not differences:
        print(f"{args.session}: same path and answers ({turns} turns, ending "
              f"{outcome.ending})")
        return 0
    print(f"{args.session}: {len(differences)} difference(s):")
    for difference in differences:
        print(f"  {difference}")
    return 1

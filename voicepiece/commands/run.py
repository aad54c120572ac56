"""`voicepiece run`: a listening session."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from voicepiece.errors import INTERRUPTED, VoicepieceError


def add_parser(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser("run", help="play a piece: a listening session",
                         description="Play a piece to an ending.")
    run.add_argument("piece", nargs="?", default="her", metavar="PIECE",
                     help="piece file, folder or built-in name (default: her)")
    run.add_argument("--text", action="store_true",
                     help="print the narration and type replies (an empty line is silence)")
    run.add_argument("--reply", action="append", default=None, metavar="R",
                     help="answer non-interactively, in order (repeatable); the word "
                          "'silence' is no answer; replies that run out count as silence")
    run.add_argument("--record", type=Path, metavar="DIR",
                     help="keep the session in this folder (session.json)")
    run.add_argument("--start", metavar="NODE", help="begin at this node instead of the start")
    run.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    from voicepiece.piece import load_piece
    from voicepiece.session import Session
    from voicepiece.testing import KeptVoice
    from voicepiece.textmode import GivenReplies, Printer, TypedEar
    from voicepiece.transcript import SESSION_JSON, SessionJson

    piece = load_piece(args.piece)
    if args.start and args.start not in piece.nodes:
        raise VoicepieceError(f"--start: piece '{piece.name}' has no node '{args.start}'")
    if not args.text:
        raise VoicepieceError("live speech is not available in this build yet: "
                              "add --text to play in text mode")
    for reply in args.reply or ():
        if Path(reply).suffix.lower() in (".wav", ".mp3", ".ogg", ".flac") and Path(reply).exists():
            raise VoicepieceError(f"--reply {reply}: audio replies need a listening ear; "
                                  "in text mode give the words instead")
    ear = GivenReplies(args.reply) if args.reply is not None else TypedEar()
    observers: list = [Printer(echo_replies=args.reply is not None)]
    if args.record:
        if (args.record / SESSION_JSON).exists():
            raise VoicepieceError(f"--record {args.record}: already holds a session; "
                                  "choose a new folder")
        observers.append(SessionJson(args.record))
    outcome = Session(piece, KeptVoice(), ear, observers, start=args.start).run()
    if isinstance(ear, GivenReplies) and ear.left_over:
        print(f"note: {len(ear.left_over)} repl{'y was' if len(ear.left_over) == 1 else 'ies were'}"
              " not used: the piece ended first", file=sys.stderr)
    if args.record:
        print(f"recorded to {args.record}", file=sys.stderr)
    return INTERRUPTED if outcome.interrupted else 0

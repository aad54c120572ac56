"""`voicepiece prepare`: render every line ahead, so no session waits for synthesis."""

from __future__ import annotations

import argparse
import sys

from voicepiece.audio.offline import no_sound_server
from voicepiece.commands.options import add_voice_options, voice_settings


def add_parser(sub: argparse._SubParsersAction) -> None:
    prepare = sub.add_parser(
        "prepare", help="render all of a piece's lines into the cache",
        description="Render every line that can be rendered ahead into the render cache "
                    "($VOICEPIECE_CACHE, else ~/.cache/voicepiece/renders). Lines with the "
                    "listener's words are prepared for the words listeners are likely to say "
                    "(each answer's canonical form and common phrasings); other words are "
                    "synthesized during the session and never kept.")
    prepare.add_argument("piece", nargs="?", default="her", metavar="PIECE")
    add_voice_options(prepare)
    prepare.set_defaults(func=cmd_prepare)


def cmd_prepare(args: argparse.Namespace) -> int:
    with no_sound_server():  # rendering into the cache uses no device
        return _prepare(args)


def _prepare(args: argparse.Namespace) -> int:
    from voicepiece.progress import progress_bar
    from voicepiece.story.loader import load_piece
    from voicepiece.voices import narrator_for

    piece = load_piece(args.piece)
    narrator = narrator_for(piece, voice_settings(piece, args))
    done = narrator.prepare(progress_bar if sys.stderr.isatty() else None)
    print(f"{piece.name}: {done.lines} lines: {done.rendered} rendered, {done.cached} already "
          f"cached, {done.recorded} recorded voice-over, {done.templates} with the listener's "
          f"words; {done.mirrors} likely mirrors of their words ({done.new_mirrors} rendered "
          f"now; other words are synthesized live) in {done.seconds:.1f} s")
    voice = narrator.settings  # the voice that spoke: the chain has been resolved
    print(f"voice: {voice.engine} {voice.name}; cache: {narrator.cache.folder}")
    return 0

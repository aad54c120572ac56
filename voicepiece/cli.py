"""The ``voicepiece`` command. The only place that configures logging and turns errors
into one line and an exit code."""

from __future__ import annotations

import argparse
import importlib
import logging
import signal
import sys
import threading
from collections.abc import Sequence

from voicepiece import __version__
from voicepiece.errors import INTERRUPTED, PieceError, VoicepieceError

EXAMPLES = """\
examples:
  voicepiece run --text                      play the her piece, typing your replies
  voicepiece run --text --reply yes --reply "not really" --record out/s1
  voicepiece check path/to/piece.yaml        validate a piece
  voicepiece graph her --format svg --out her.svg
"""

COMMANDS = ("run", "render", "replay", "prepare", "check", "graph", "lines", "voices", "sessions",
            "devices", "gallery")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voicepiece",
        description="Spoken, interactive narrative that listens. PIECE is a piece file, its "
                    "folder, or a built-in piece name (her).",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"voicepiece {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"voicepiece.commands.{name}").add_parser(sub)
    return parser


QUIET_LOGGERS = ("transitions",)
"""Libraries whose INFO lines say nothing a user needs: ``transitions`` logs every state
change of the story and gallery machines."""


ERRORS_ONLY = ("phonemizer",)
"""Libraries whose warnings are noise: Kokoro's phonemizer warns "words count mismatch"
for any line where espeak-ng reads a dash or a number as a different number of words,
and resets its own level on every call, so only a filter keeps it quiet."""


def _errors_only(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.ERROR


def configure_logging(verbose: bool = False) -> None:
    """Where log lines go and which are shown: the CLI's decision, never a module's."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in ERRORS_ONLY:
        logger = logging.getLogger(name)
        if _errors_only not in logger.filters:
            logger.addFilter(_errors_only)


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    # SIGTERM (kill, a service manager) stops a command as Ctrl-C does: a session ends and
    # keeps its recording, and temporary files holding a voice are cleaned on the way out
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminated) if main_thread else None
    try:
        return args.func(args)
    except PieceError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return exc.exit_code
    except VoicepieceError as exc:
        print(f"voicepiece: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("voicepiece: stopped", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        return 0
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())

"""`voicepiece gallery`: installation mode — run a station, check its configuration, ask
whether it is well, test its devices now, print a documented configuration.

The station runs on live seams built in :mod:`voicepiece.assembly.gallery`; the process
around it (one station per configuration, SIGTERM) is :mod:`voicepiece.gallery.process`.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from voicepiece.gallery.process import lock_station, run_until_terminated, self_test_now

if TYPE_CHECKING:
    from voicepiece.gallery.options import GalleryConfig
    from voicepiece.gallery.seams import Seams
    from voicepiece.story.model import Piece

log = logging.getLogger("voicepiece.gallery")

ACTIONS = ("status", "self-test", "config")


def add_parser(sub: argparse._SubParsersAction) -> None:
    gallery = sub.add_parser(
        "gallery", help="installation mode: attract, session, reset — unattended",
        description="Run PIECE (default: the configuration's, else her) as an unattended "
                    "gallery station: it waits for a visitor, gives the consent notice, "
                    "holds the session, says goodbye, cools down and waits again, within "
                    "its opening hours, for weeks. `gallery status` says whether a station "
                    "is well; `gallery self-test` tests speaker and microphone now; "
                    "`gallery config` prints a documented configuration file.",
        epilog="docs/gallery.md describes every option.")
    gallery.add_argument("what", nargs="?", metavar="PIECE|status|self-test|config",
                         help="a piece (file, folder or built-in name), or an action")
    gallery.add_argument("--config", type=Path, metavar="FILE",
                         help="the gallery configuration (TOML); without it, every default")
    gallery.add_argument("--check", action="store_true",
                         help="check the configuration and the piece, then exit")
    gallery.add_argument("--json", action="store_true", help="status: as JSON")
    gallery.set_defaults(func=cmd_gallery)


def cmd_gallery(args: argparse.Namespace) -> int:
    from voicepiece.gallery.config import load_config
    from voicepiece.gallery.configdocs import example_toml
    from voicepiece.gallery.health import station_status

    if args.what == "config":
        print(example_toml(), end="")
        return 0
    config = load_config(args.config)
    if args.what == "status":
        status = station_status(config.state_path("heartbeat"))
        print(json.dumps(status.as_json(), indent=2) if args.json else status.text())
        return 0 if status.well else 1
    from voicepiece.story.loader import load_piece

    piece = load_piece(config.piece if args.what in (None, *ACTIONS) else args.what)
    if args.check:
        return _check(config, piece)
    lock = lock_station(config.state_path("heartbeat"))
    from voicepiece.gallery.health import configure_logging

    undo = configure_logging(config.state_path("log"), getattr(args, "verbose", False))
    try:
        from voicepiece.audio.devices import server_unreachable

        # before any engine opens a sound stream (libpulse makes a missing runtime folder);
        # a station so started would wait for its devices forever
        unreachable = server_unreachable()
        if unreachable is not None:
            log.warning("sound: %s", unreachable)
        seams = live_seams(config, piece)
        if args.what == "self-test":
            result = self_test_now(config, seams)
            print(("passed: " if result.ok else "FAILED: ") + result.summary)
            return 0 if result.ok else 1
        from voicepiece.gallery.consent import opt_out_conflicts
        from voicepiece.gallery.station import Station

        for problem in opt_out_conflicts(piece, config.consent.opt_out_phrases):
            log.warning("configuration: %s (`--check` says more)", problem)
        run_until_terminated(Station(config, piece, seams))
        return 0
    finally:
        undo()
        os.close(lock)


def live_seams(config: GalleryConfig, piece: Piece) -> Seams:
    """The station's live parts (:func:`voicepiece.assembly.gallery.live_seams`), imported
    only when a station starts, so that every other command's line is parsed without the
    gallery's machinery; a test gives a station scripted seams by replacing this."""
    from voicepiece.assembly.gallery import live_seams as live

    return live(config, piece)


def _check(config: GalleryConfig, piece: Piece) -> int:
    from voicepiece.assembly.gallery import device_problems
    from voicepiece.gallery.consent import opt_out_conflicts

    print(f"{config.source}: ok")
    print(f"piece: {piece.name} ({piece.title}), {len(piece.nodes)} nodes")
    print(f"sessions: {config.sessions_path}" if config.recording.record else
          "sessions: not recorded")
    print(f"hours: {config.hours.text()}")
    for name in ("microphone", "speaker"):
        print(f"{name}: {getattr(config.audio, name) or 'the default'}")
    for name in ("heartbeat", "log", "journal"):
        print(f"{name}: {config.state_path(name)}")
    problems = [*opt_out_conflicts(piece, config.consent.opt_out_phrases),
                *device_problems(config)]
    for problem in problems:
        print(f"problem: {problem}")
    return 1 if problems else 0

"""`voicepiece lines`: the script for voice actors, and which lines have voice-over."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from voicepiece.errors import VoicepieceError
from voicepiece.files import write_output


def add_parser(sub: argparse._SubParsersAction) -> None:
    lines = sub.add_parser(
        "lines", help="export the script for voice actors; list voice-over status",
        description="Every line of a piece by its stable ID: export the script that voice "
                    "actors record from (and that voiceover/lines.csv keeps), or list which "
                    "lines have a recording.")
    actions = lines.add_subparsers(dest="action", metavar="ACTION", required=True)

    export = actions.add_parser(
        "export", help="write the script as CSV (id,node,text,placeholders)",
        description="Write every line once, in reading order, as CSV: id, node, text, and "
                    "placeholders (yes: the line speaks the listener's words and is always "
                    "synthesized, so it is not recorded).")
    export.add_argument("piece", nargs="?", default="her", metavar="PIECE")
    export.add_argument("--out", type=Path, metavar="FILE",
                        help="write to FILE instead of standard output "
                             "(e.g. PIECE-FOLDER/voiceover/lines.csv)")
    export.set_defaults(func=cmd_lines_export)

    listing = actions.add_parser(
        "list", help="each line's ID and voice-over status",
        description="Print each line's ID and how it will be voiced: recorded, missing "
                    "(synthesized), stale (recorded for other text: synthesized), template "
                    "(has placeholders: always synthesized) or unverified (recorded, but "
                    "not in voiceover/lines.csv).")
    listing.add_argument("piece", nargs="?", default="her", metavar="PIECE")
    listing.set_defaults(func=cmd_lines_list)


def cmd_lines_export(args: argparse.Namespace) -> int:
    from voicepiece.story.loader import load_piece
    from voicepiece.voices.voiceover import export_csv, script_lines

    piece = load_piece(args.piece)
    text = export_csv(piece)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)  # voiceover/ may not exist yet
    except OSError as exc:
        raise VoicepieceError(f"cannot create folder {args.out.parent}: {exc.strerror}") from None
    write_output(args.out, text.encode("utf-8"))
    print(f"wrote {args.out} ({len(script_lines(piece))} lines)", file=sys.stderr)
    return 0


def cmd_lines_list(args: argparse.Namespace) -> int:
    from collections import Counter

    from voicepiece.story.loader import load_piece
    from voicepiece.voices.voiceover import VoiceOver, script_lines

    piece = load_piece(args.piece)
    voiceover = VoiceOver(piece)
    rows = [(line.id, voiceover.status(line)) for line, _node in script_lines(piece)]
    width = max((len(line_id) for line_id, _ in rows), default=0)
    for line_id, status in rows:
        print(f"{line_id:<{width}}  {status}")
    counts = Counter(status for _, status in rows)
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    print(f"{len(rows)} lines: {summary}", file=sys.stderr)
    return 0

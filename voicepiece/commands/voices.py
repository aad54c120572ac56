"""`voicepiece voices`: which speech engines and voices this machine has, and how to get
the ones it has not."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voicepiece.voices.registry import EngineStatus

COMPACT_LIMIT = 12
"""Above this many voices an engine's list is shortened unless --all is given."""

NOTES = {
    "kokoro": "the default narrator; if it cannot speak, Festival, else espeak-ng does "
              "(docs/voices.md)",
    "espeak": "a variant changes the timbre: en-us+f3, en-gb+m2 (espeak-ng --voices=variant)",
    "piper": "or name any .onnx Piper model by its path (its .onnx.json beside it)",
}
"""One line of advice printed under an available engine."""


def add_parser(sub: argparse._SubParsersAction) -> None:
    voices = sub.add_parser(
        "voices", help="list the voices available on this machine",
        description="List each speech engine (kokoro, espeak, festival, piper): whether it is "
                    "installed, its voices (the values a piece's voice 'name' takes), and "
                    "how to install it when it is missing.")
    voices.add_argument("engine", nargs="?", metavar="ENGINE",
                        help="show only this engine (kokoro, espeak, festival or piper)")
    voices.add_argument("--all", action="store_true",
                        help="list every voice, with descriptions, however many there are")
    voices.set_defaults(func=cmd_voices)


def _compact(voices: list[str]) -> str:
    """A short line for a long list: the English voices (what the recognizer understands),
    else the first few, and how many more there are."""
    shown = [voice for voice in voices if voice.startswith("en")][:COMPACT_LIMIT]
    if not shown:
        shown = voices[:COMPACT_LIMIT]
    rest = len(voices) - len(shown)
    label = "English: " if shown and all(v.startswith("en") for v in shown) else ""
    more = f" … and {rest} more (--all lists them)" if rest else ""
    return f"{label}{', '.join(shown)}{more}"


def default_narrator(statuses: list[EngineStatus]) -> str:
    """One line on what narrates a piece that names no voice, and which voice that is
    here, told from the engines' statuses (nothing is loaded for it)."""
    from voicepiece.story.model import VoiceSettings
    from voicepiece.voices.chain import chain_for, describe_choice

    by_engine = {status.engine: status for status in statuses}
    here = "none of them can speak here"
    for voice in chain_for(VoiceSettings()):
        status = by_engine.get(voice.engine)
        if status and status.available and voice.name.partition("+")[0] in status.voices:
            here = f"here, {voice.engine} voice {voice.name}"
            break
    return f"A piece that names no voice gets {describe_choice(VoiceSettings())}; {here}."


def cmd_voices(args: argparse.Namespace) -> int:
    from voicepiece.voices.registry import DEFAULT_VOICES, check_engine, describe

    wanted = check_engine(args.engine) if args.engine else None
    statuses = describe()
    if not wanted:
        print(default_narrator(statuses))
    for status in statuses:
        if wanted and status.engine != wanted:
            continue
        if not status.available:
            print(f"{status.engine}: not available")
            print(f"  {status.hint}")
            continue
        count = len(status.voices)
        print(f"{status.engine}: available, {count} voice{'s' if count != 1 else ''}")
        default = DEFAULT_VOICES.get(status.engine)
        if args.all or count <= COMPACT_LIMIT:
            width = max((len(voice) for voice in status.voices), default=0)
            for voice in status.voices:
                note = status.descriptions.get(voice, "")
                if voice == default:
                    note = f"{note} (default)".strip()
                print(f"  {voice:<{width}}  {note}".rstrip())
        else:
            print(f"  {_compact(status.voices)}")
        if status.hint:
            print(f"  {status.hint}")
        elif status.engine in NOTES:
            print(f"  {NOTES[status.engine]}")
    return 0

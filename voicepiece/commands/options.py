"""Options several commands share, parsed in one place."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from voicepiece.errors import VoicepieceError
from voicepiece.files import disk_errors

if TYPE_CHECKING:
    from voicepiece.archive.recorder import Recorder
    from voicepiece.listening.engines import LoadedRecognizer
    from voicepiece.story.model import Piece, VoiceSettings


def add_voice_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("voice (overrides the piece's own)")
    group.add_argument("--engine", help="synthesizer: kokoro, espeak, festival, piper, or "
                                        "default (the chain a piece that names no voice "
                                        "gets; see `voicepiece voices`)")
    group.add_argument("--voice", metavar="NAME", help="the engine's voice (or Piper model)")
    group.add_argument("--rate", type=int, metavar="WPM", help="words per minute")
    group.add_argument("--pitch", type=int, metavar="0-99")


def add_seed_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, metavar="N", default=None,
                        help="the seed the piece's shuffled lines are drawn from, to say the "
                             "same lines again (default: a random one; session.json records it)")


def add_recognizer_options(parser: argparse.ArgumentParser) -> None:
    from voicepiece.listening.engines import DEFAULT_RECOGNIZER, RECOGNIZERS

    group = parser.add_argument_group("recognizer (docs/listening.md, \"Other recognizers\")")
    names = "; ".join(f"{name}: {about}" for name, about in RECOGNIZERS.items())
    group.add_argument("--recognizer", metavar="NAME", choices=tuple(RECOGNIZERS),
                       default=None,
                       help=f"what hears spoken answers (default {DEFAULT_RECOGNIZER}). "
                            f"{names}")
    group.add_argument("--recognizer-model", metavar="PATH", default=None,
                       help="the model for vosk (an unpacked model folder) or whisper (a "
                            "faster-whisper model folder, an openai-whisper .pt file, or a "
                            "model name already in the local cache); nothing is ever "
                            "downloaded")


def recognizer_from(args: argparse.Namespace) -> LoadedRecognizer:
    """The recognizer the options name, loaded: a missing library or model is one line."""
    from voicepiece.assembly.ears import recognizer

    return recognizer(getattr(args, "recognizer", None), getattr(args, "recognizer_model", None))


def add_recording_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("recorded audio")
    group.add_argument("--format", action="append", default=[], metavar="FMT",
                       choices=("wav", "flac", "mp3", "ogg"),
                       help="also write session.FMT (flac, mp3, ogg; repeatable); "
                            "session.wav is always written")
    group.add_argument("--loudness", type=float, default=-16.0, metavar="LUFS",
                       help="integrated loudness to master to (default -16)")
    group.add_argument("--no-master", action="store_true",
                       help="keep the raw mix: no loudness, fades, bed or chapters")


def recorder_for(folder: Path, piece: Piece, args: argparse.Namespace, audio: bool = True
                 ) -> Recorder:
    """A session folder's recorder as the recording options ask."""
    from voicepiece.assembly.recording import session_recorder

    if args.no_master and args.format:
        raise VoicepieceError("--format needs mastering: drop --no-master")
    with disk_errors(f"cannot record into {folder}"):
        return session_recorder(folder, piece, audio, master=not args.no_master,
                                loudness=args.loudness, formats=args.format)


@contextlib.contextmanager
def finished_if_it_fails(recorder: Recorder | None) -> Iterator[None]:
    """An error that ends the session in the block (Ctrl-C does not: the session ends
    itself then) leaves its folder as docs/sessions.md ("A session that fails") says: kept,
    repaired and saying why when it holds a turn, else removed — so that running the
    command again into the same folder is not refused."""
    try:
        yield
    except Exception as exc:
        if recorder is not None:
            from voicepiece.archive.stopped import abandon, stopped_by

            recorder.close()
            try:
                print(f"voicepiece: {abandon(recorder.folder, stopped_by(exc))}",
                      file=sys.stderr)
            except (OSError, VoicepieceError) as problem:
                print(f"voicepiece: {recorder.folder}: cannot finish it ({problem}); "
                      f"`voicepiece sessions repair` can", file=sys.stderr)
        raise


def voice_settings(piece: Piece, args: argparse.Namespace) -> VoiceSettings:
    changes = {"engine": args.engine, "name": args.voice, "rate": args.rate, "pitch": args.pitch}
    settings = replace(piece.voice, **{k: v for k, v in changes.items() if v is not None})
    if args.engine and not args.voice and args.engine != piece.voice.engine:
        from voicepiece.story.model import DEFAULT_ENGINE
        from voicepiece.voices.registry import DEFAULT_VOICES, check_engine

        settings = replace(settings, name="" if args.engine == DEFAULT_ENGINE
                           else DEFAULT_VOICES[check_engine(args.engine)])
    return settings


def check_start(piece: Piece, start: str | None) -> None:
    if start and start not in piece.nodes:
        close = difflib.get_close_matches(start, list(piece.nodes), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise VoicepieceError(f"--start: the piece has no node '{start}'{hint}")


def refuse_existing(folder: Path, marker: str, option: str) -> None:
    """Never write over a recorded session: it may hold someone's voice."""
    if (folder / marker).exists():
        raise VoicepieceError(f"{option} {folder}: already holds a session; choose a new folder")


def refuse_audio_replies(replies: Sequence[str], why: str) -> None:
    """Replies that will be taken as words must not name audio files: a reply file
    mistyped would otherwise become an answer."""
    from voicepiece.audio.levels import names_audio_file

    for reply in replies:
        if names_audio_file(reply):
            raise VoicepieceError(f"--reply {reply}: {why}")


def note_left_over(ear: object) -> None:
    """Say so when the piece ended before the given replies did: a script may be wrong."""
    left = getattr(ear, "left_over", None)
    if left:
        n = len(left)
        print(f"note: {n} repl{'y was' if n == 1 else 'ies were'} not used: the piece ended "
              "first", file=sys.stderr)

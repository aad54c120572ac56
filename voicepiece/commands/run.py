"""`voicepiece run`: a listening session."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from voicepiece.commands.options import (
    add_recognizer_options,
    add_recording_options,
    add_seed_option,
    add_voice_options,
    check_start,
    finished_if_it_fails,
    note_left_over,
    recognizer_from,
    recorder_for,
    refuse_audio_replies,
    refuse_existing,
    voice_settings,
)
from voicepiece.commands.render import TYPED_REPLY_SECONDS
from voicepiece.errors import INTERRUPTED, VoicepieceError

if TYPE_CHECKING:
    from voicepiece.listening.bargein import BargeIn
    from voicepiece.session.events import Ear, Voice

def add_parser(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser("run", help="play a piece: a listening session",
                         description="Play a piece to an ending.")
    run.add_argument("piece", nargs="?", default="her", metavar="PIECE",
                     help="piece file, folder or built-in name (default: her)")
    run.add_argument("--text", action="store_true",
                     help="no audio: print the narration and type replies (an empty line is "
                          "silence); without it the narration is spoken")
    run.add_argument("--reply", action="append", default=None, metavar="R",
                     help="answer non-interactively, in order (repeatable); the word "
                          "'silence' is no answer; replies that run out count as silence")
    run.add_argument("--record", type=Path, metavar="DIR",
                     help="keep the session in this folder (session.json, transcript.txt; "
                          "with sound also session.wav and captions.vtt)")
    run.add_argument("--start", metavar="NODE", help="begin at this node instead of the start")
    add_seed_option(run)
    run.add_argument("--mic", metavar="DEVICE",
                     help="the microphone: an index or part of a name (`voicepiece devices`)")
    run.add_argument("--speak", action="store_true",
                     help="with --text: speak the narration as well as printing it")
    run.add_argument("--barge-in", action="store_true",
                     help="with headphones: you may speak over the narrator, who stops and "
                          "listens (on loudspeakers add --echo-cancel, or the piece would "
                          "hear itself)")
    run.add_argument("--echo-cancel", action="store_true",
                     help="with --barge-in, on loudspeakers: take the narrator's echo out of "
                          "the microphone (libspeexdsp; needs a PulseAudio/PipeWire server)")
    run.add_argument("--no-calibrate", action="store_true",
                     help="do not listen to the room for a second before starting (to set "
                          "the ear against voices in the background): use the defaults")
    add_voice_options(run)
    add_recognizer_options(run)
    add_recording_options(run)
    run.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    from voicepiece.archive.transcript import SESSION_JSON
    from voicepiece.assembly.ears import meaning_model
    from voicepiece.assembly.voices import checked_speaker_voice
    from voicepiece.session.loop import Session
    from voicepiece.session.textmode import GivenReplies, Printer, TypedEar
    from voicepiece.story.loader import load_piece
    from voicepiece.voices.outputs import MuteVoice

    piece = load_piece(args.piece)
    check_start(piece, args.start)
    refuse_audio_replies(args.reply or (), "audio replies are heard by `voicepiece render`; "
                         "here give the words instead")
    if args.echo_cancel and not args.barge_in:
        raise VoicepieceError("--echo-cancel lets --barge-in work on loudspeakers: without "
                              "--barge-in the microphone is closed while the narrator speaks")
    if args.text or args.reply is not None:
        if args.barge_in:
            raise VoicepieceError("--barge-in interrupts the spoken narration with your "
                                  "voice: it cannot go with --text or --reply")
        if args.recognizer or args.recognizer_model:
            raise VoicepieceError("--recognizer hears spoken answers: with --text or --reply "
                                  "the answers are typed, so there is nothing to recognize")
    if args.record:
        refuse_existing(args.record, SESSION_JSON, "--record")
    speaking = args.speak or not args.text
    voice = (checked_speaker_voice(piece, voice_settings(piece, args)) if speaking
             else MuteVoice())
    barge_in = None
    meanings = meaning_model(piece)  # typed or spoken, read one way (session/deciding.py)
    if args.reply is not None:
        ear: Ear = GivenReplies(args.reply, TYPED_REPLY_SECONDS if speaking else None)
    elif args.text:
        ear = TypedEar(timed=speaking)
    else:
        ear, barge_in = _microphone_ear(args, voice if args.barge_in else None)
    observers: list = []
    if args.text or args.reply is not None:
        observers.append(Printer(echo_replies=args.reply is not None))
    recorder = recorder_for(args.record, piece, args, audio=speaking) if args.record else None
    if recorder is not None:
        observers.append(recorder)
    try:
        with finished_if_it_fails(recorder):
            outcome = Session(piece, voice, ear, observers, start=args.start,
                              barge_in=barge_in, seed=args.seed,
                              meanings=meanings).run()
    finally:
        if barge_in is not None:
            barge_in.close()
    note_left_over(ear)
    if recorder is not None:
        if recorder.failed:
            print(f"{args.record}: incomplete: recording stopped ({recorder.failed})",
                  file=sys.stderr)
            return 1
        print(f"recorded to {args.record}", file=sys.stderr)
    return INTERRUPTED if outcome.interrupted else 0


def _microphone_ear(args: argparse.Namespace,
                    barge_in_voice: Voice | None = None) -> tuple[Ear, BargeIn | None]:
    """The live ear the options ask for (see :func:`voicepiece.assembly.ears.microphone_ear`)."""
    from voicepiece.assembly.ears import microphone_device, microphone_ear

    return microphone_ear(microphone_device(args.mic), lambda: recognizer_from(args),
                          calibrate=not args.no_calibrate, barge_in_voice=barge_in_voice,
                          echo_cancel=args.echo_cancel)

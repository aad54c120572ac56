"""`voicepiece render`: a session rendered offline to audio files, with no devices."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from voicepiece.audio.offline import no_sound_server
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
from voicepiece.errors import INTERRUPTED, VoicepieceError

if TYPE_CHECKING:
    from voicepiece.session.events import Observer

TYPED_REPLY_SECONDS = 1.5
"""How long a typed reply occupies the session audio: a listener's short answer."""


def add_parser(sub: argparse._SubParsersAction) -> None:
    render = sub.add_parser(
        "render", help="render a session offline to session.wav and session.json",
        description="Play a piece with given replies and write the session as audio, with no "
                    "devices. Replies: an audio file, 'silence' or the listener's words; "
                    "every reply is checked before the session starts.")
    render.add_argument("piece", nargs="?", default="her", metavar="PIECE")
    render.add_argument("--reply", action="append", default=[], metavar="R",
                        help="a reply, in order (repeatable): an audio file of what the "
                             "listener said (a name ending in .wav, .flac, .mp3…, or a path "
                             "with a / that exists), 'silence', or words that a listener "
                             "voice speaks; replies that run out count as silence")
    render.add_argument("--out", type=Path, required=True, metavar="DIR",
                        help="the session folder to write (must not hold a session already)")
    render.add_argument("--start", metavar="NODE", help="begin at this node")
    add_seed_option(render)
    render.add_argument("--typed", action="store_true",
                        help="pass text replies straight to answer matching instead of "
                             "speaking them and hearing them with the real ear")
    render.add_argument("--listener", metavar="VOICE", default=None,
                        help="the voice that speaks text replies (default: flite:slt, or "
                             "flite:rms when the narrator is slt; never the narrator's own "
                             "speaker); e.g. espeak-ng:en-gb+m3")
    add_voice_options(render)
    add_recognizer_options(render)
    add_recording_options(render)
    render.set_defaults(func=cmd_render)


def cmd_render(args: argparse.Namespace) -> int:
    with no_sound_server():  # a render uses no device: no library may reach for one
        return _render(args)


def _render(args: argparse.Namespace) -> int:
    from voicepiece.archive.mixdown import SESSION_WAV, audio_seconds
    from voicepiece.archive.transcript import SESSION_JSON
    from voicepiece.assembly.ears import meaning_model, rendered_listener
    from voicepiece.assembly.voices import rendered_voice
    from voicepiece.progress import Progress, expected_lines
    from voicepiece.session.loop import Session
    from voicepiece.session.textmode import GivenReplies
    from voicepiece.story.loader import load_piece

    if args.typed and (args.recognizer or args.recognizer_model):
        raise VoicepieceError("--typed replies are matched as text, not heard: drop "
                              "--recognizer")
    if args.typed:
        refuse_audio_replies(args.reply, "--typed replies are words matched as text; drop "
                                         "--typed to hear an audio reply")
    piece = load_piece(args.piece)
    check_start(piece, args.start)
    refuse_existing(args.out, SESSION_JSON, "--out")
    voice = rendered_voice(piece, voice_settings(piece, args))
    ear = (GivenReplies(args.reply, reply_seconds=TYPED_REPLY_SECONDS) if args.typed
           else rendered_listener(args.reply, lambda: recognizer_from(args), args.listener,
                                  voice.narrator.settings))
    recorder = recorder_for(args.out, piece, args)
    observers: list[Observer] = [recorder]
    if sys.stderr.isatty():
        observers.append(Progress(expected_lines(piece, args.start)))
    with finished_if_it_fails(recorder):
        outcome = Session(piece, voice, ear, observers, start=args.start, seed=args.seed,
                          meanings=meaning_model(piece)).run()
    note_left_over(ear)
    ending = outcome.ending or "not completed"
    if recorder.failed:
        print(f"{args.out}: incomplete: recording stopped ({recorder.failed})")
        return 1
    seconds = audio_seconds(args.out / SESSION_WAV)
    print(f"{args.out}: {seconds:.1f} s of audio, {len(outcome.turns)} turns, ending: {ending}")
    return INTERRUPTED if outcome.interrupted else 0

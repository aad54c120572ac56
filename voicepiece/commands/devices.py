"""`voicepiece devices`: the microphones and speakers this machine offers, so a user can
pick one by name or index instead of guessing why a session hears nothing."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voicepiece.audio.devices import Device


def add_parser(sub: argparse._SubParsersAction) -> None:
    devices = sub.add_parser(
        "devices", help="list the microphones and speakers on this machine",
        description="List the audio input devices (index and name; a microphone is chosen "
                    "by its index or part of its name) and output devices (by name): a "
                    "sound server's sources and sinks when one runs, else the sound cards' "
                    "devices — never ALSA's plugins (null, pulse, jack, upmix…).")
    devices.set_defaults(func=cmd_devices)


def cmd_devices(args: argparse.Namespace) -> int:
    from voicepiece.audio.devices import server_info
    from voicepiece.audio.playback import output_devices
    from voicepiece.errors import VoicepieceError
    from voicepiece.listening.sources import input_devices

    print("from the sound server" if server_info() is not None else
          "from the sound cards (no sound server answers); ALSA's plugins are not devices")
    try:
        inputs = input_devices()
    except VoicepieceError as exc:
        print(f"input devices: none ({exc})")
    else:
        if not inputs:
            print("input devices: none (no microphone found: use `voicepiece run --text`, or "
                  "`voicepiece render` to hear audio files)")
        else:
            print("input devices (choose by index or part of the name):")
            for device in inputs:
                print(f"  {device.index:>3}  {_shown(device)}")
    try:
        outputs = output_devices()
    except VoicepieceError as exc:
        print(f"output devices: none ({exc})")
        return 0
    if not outputs:
        print("output devices: none")
    else:
        print("output devices (choose by name):")
        for device in outputs:
            print(f"  {_shown(device)}")
    return 0


def _shown(device: Device) -> str:
    described = f"  {device.description}" if device.description else ""
    return f"{device.name}{described}{'  (default)' if device.default else ''}"

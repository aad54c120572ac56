"""Which sound devices this machine has: real ones, not ALSA's plugins.

ALSA's list of PCMs (``aplay -L``, and PortAudio's device list, built from the same
configuration) mixes devices with plugins: ``null``, ``jack``, ``oss``, ``pulse``,
``upmix``, ``speex``, ``default``, ``dmix``… are software routes that every machine with
alsa-plugins has, sound card or not — ten of them on a machine with no card at all. A
technician choosing a speaker from that list picks a route to nowhere. So a real device
is:

- when a sound server (PulseAudio, PipeWire) answers: one of its **sinks** (speakers) or
  **sources** (microphones), by name — the server owns the cards, and these are what
  ``pacat --device`` and ``PULSE_SOURCE`` take;
- otherwise, for playback: a sound card's device as ``aplay -l`` lists it, named
  ``plughw:CARD=<card>,DEV=<n>`` (the card itself, ALSA converting rate and channels);
  for microphones (:func:`voicepiece.listening.sources.input_devices`): PortAudio's
  devices that name a card's device (``USB Audio: Mic (hw:1,0)``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

PROBE_TIMEOUT = 5.0


@dataclass(frozen=True)
class Device:
    """An audio device as ``voicepiece devices`` shows it and ``--mic``/``--device`` (and the
    gallery's ``[audio]``) take it: its ``index`` in its listing, the ``name`` to give,
    whether it is the ``default``, what it is (``description``), and — for a sound
    server's source — that the server opens it by name (``server``)."""

    index: int
    name: str
    default: bool = False
    description: str = ""
    server: bool = False


def _run(*cmd: str) -> subprocess.CompletedProcess[str] | None:
    """``cmd``'s output in the C locale (its labels are parsed); None if it cannot run."""
    try:
        return subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=PROBE_TIMEOUT, check=False,
                              env={**os.environ, "LC_ALL": "C"})
    except (OSError, subprocess.TimeoutExpired):
        return None


def server_info() -> dict[str, str] | None:
    """``pactl info`` as a dict (``Default Sink``, ``Server Name``…); None when no
    PulseAudio-compatible server (PulseAudio, pipewire-pulse) answers."""
    pactl = shutil.which("pactl")
    done = _run(pactl, "info") if pactl else None
    if done is None or done.returncode != 0:
        return None
    return dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)


def server_devices(kind: Literal["sink", "source"]) -> list[Device] | None:
    """The sound server's sinks or sources, its default marked; None when no server
    answers."""
    info = server_info()
    pactl = shutil.which("pactl")
    if info is None or pactl is None:
        return None
    done = _run(pactl, "list", "short", f"{kind}s")
    if done is None or done.returncode != 0:
        return None
    default = info.get(f"Default {kind.capitalize()}")
    found = []
    for line in done.stdout.splitlines():
        fields = line.split("\t")
        if len(fields) >= 2 and fields[0].isdigit():
            found.append(Device(int(fields[0]), fields[1], fields[1] == default,
                                server=True))
    return found


_CARD_DEVICE = re.compile(r"^card (\d+): (\S+) \[(.*?)\], device (\d+): .*?\[(.*?)\]")


def alsa_outputs(aplay: str) -> list[Device]:
    """Each sound card's playback devices (``aplay -l``) as ``plughw:CARD=…,DEV=…``: no
    plugins, and none at all on a machine without a card."""
    done = _run(aplay, "-l")
    if done is None:
        return []
    found = []
    for line in done.stdout.splitlines():
        m = _CARD_DEVICE.match(line)
        if m is not None:
            card, card_id, card_name, dev, dev_name = m.groups()
            found.append(Device(int(card) * 100 + int(dev), f"plughw:CARD={card_id},DEV={dev}",
                                description=f"{card_name}: {dev_name}"))
    return found


def names_a_card(name: str, devices: list[Device]) -> bool:
    """Whether the ALSA PCM ``name`` (``sysdefault:CARD=USB``, ``hw:1,0``…) reaches one of
    the cards behind ``devices`` — another way to name a real device than the listed
    one, where ``null`` or ``upmix`` reach none."""
    cards = {m[1] for d in devices if (m := re.search(r"CARD=([^,]+)", d.name))}
    numbers = {str(d.index // 100) for d in devices}
    named = re.search(r"CARD=([^,]+)", name)
    if named is not None:
        return named[1] in cards
    numbered = re.match(r"^(?:plug)?hw:(\d+)", name)
    return numbered is not None and numbered[1] in numbers


RUN_USER = Path("/run/user")
"""Where systemd-logind makes each user's runtime folder (``XDG_RUNTIME_DIR``), in which
the user's sound server listens (``pulse/native``)."""


def server_unreachable(env: Mapping[str, str] | None = None) -> str | None:
    """When no sound server answers, what in this process's environment stops it from
    reaching the user's own — one line: what is wrong and what to do — or None (nothing
    wrong to see: a server answers, or none is meant to; an ALSA-only station has none).

    The station's unit sets ``XDG_RUNTIME_DIR`` and ``PULSE_SERVER`` for the service
    user's sound server; a check run by hand (``sudo``, ``runuser``, an ssh login as
    another user) inherits a missing or someone else's runtime folder and would report
    every device missing, for a reason no listing of devices shows."""
    env = os.environ if env is None else env
    problem = _runtime_problem(env)  # first: asking the server creates a missing folder
    return None if server_info() is not None else problem


def _runtime_problem(env: Mapping[str, str]) -> str | None:
    uid = os.getuid()
    own = RUN_USER / str(uid)
    as_station = f"run it as the station runs, with XDG_RUNTIME_DIR={own}"
    runtime = env.get("XDG_RUNTIME_DIR")
    if runtime:
        folder = Path(runtime)
        try:
            info = folder.stat()
        except OSError:
            return (f"XDG_RUNTIME_DIR={runtime} does not exist, so no sound server can be "
                    f"reached: this user's systemd instance is not running (`sudo loginctl "
                    f"enable-linger {_user_name(uid, bare=True)}` starts it, now and at "
                    f"every boot)")
        if not folder.is_dir() or info.st_uid != uid or not os.access(folder, os.R_OK |
                                                                       os.W_OK | os.X_OK):
            return (f"XDG_RUNTIME_DIR={runtime} is not this user's (it belongs to "
                    f"{_user_name(info.st_uid)}; this is {_user_name(uid)}), so its sound "
                    f"server cannot be reached: {as_station}")
    server = env.get("PULSE_SERVER", "")
    socket = Path(server.removeprefix("unix:")) if server.startswith(("unix:", "/")) \
        else None
    if socket is not None and not socket.exists():
        return (f"PULSE_SERVER={server}: no sound server listens there: start this user's "
                f"(`systemctl --user start pipewire-pulse.socket`, or pulseaudio.socket), "
                f"or correct PULSE_SERVER")
    if not runtime and not server and (own / "pulse" / "native").exists():
        return (f"XDG_RUNTIME_DIR is not set, so the sound server running for this user "
                f"({own}/pulse/native) is not found: {as_station}")
    return None


def _user_name(uid: int, bare: bool = False) -> str:
    import pwd

    try:
        name = pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid) if bare else f"uid {uid}"
    return name if bare else f"{name} (uid {uid})"

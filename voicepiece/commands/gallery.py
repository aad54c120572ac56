"""`voicepiece gallery`: installation mode, and the live edges it runs on.

The station itself (:mod:`voicepiece.gallery.station`) only sees seams; this module builds
the real ones, as ``run`` builds a live session's ear and voice: the microphone and its
voice detector for noticing a visitor (:class:`VoiceTrigger`), a key or button
(:class:`KeySource`), the speaker, the ambient bed (:class:`BedLoop`), the self-test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import math
import os
import select
import signal
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voicepiece.errors import VoicepieceError
from voicepiece.gallery import KEY, VOICE, Trigger

if TYPE_CHECKING:
    from voicepiece.audio.playback import Player
    from voicepiece.gallery import Seams, Station
    from voicepiece.gallery.config import GalleryConfig
    from voicepiece.listening.base import Source
    from voicepiece.listening.vad import VoiceActivity
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
    from voicepiece.gallery.config import example_toml, load_config
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
    lock = _lock(config.state_path("heartbeat"))
    from voicepiece.gallery.health import configure_logging

    undo = configure_logging(config.state_path("log"), getattr(args, "verbose", False))
    try:
        seams = live_seams(config, piece)
        if args.what == "self-test":
            return _self_test_now(config, seams)
        from voicepiece.gallery.consent import opt_out_conflicts
        from voicepiece.gallery.station import Station

        for problem in opt_out_conflicts(piece, config.consent.opt_out_phrases):
            log.warning("configuration: %s (`--check` says more)", problem)
        station = Station(config, piece, seams)
        previous = signal.signal(signal.SIGTERM, _on_terminate(station))
        try:
            station.run()
        finally:
            signal.signal(signal.SIGTERM, previous)
        return 0
    finally:
        undo()
        os.close(lock)


def _check(config: GalleryConfig, piece: Piece) -> int:
    from voicepiece.gallery.consent import opt_out_conflicts
    from voicepiece.gallery.machine import DAYS

    print(f"{config.source}: ok")
    print(f"piece: {piece.name} ({piece.title}), {len(piece.nodes)} nodes")
    print(f"sessions: {config.sessions_path}" if config.recording.record else
          "sessions: not recorded")
    print("hours: " + ", ".join(f"{day} {getattr(config.hours, day)}" for day in DAYS))
    for name in ("heartbeat", "log", "journal"):
        print(f"{name}: {config.state_path(name)}")
    conflicts = opt_out_conflicts(piece, config.consent.opt_out_phrases)
    for problem in conflicts:
        print(f"problem: {problem}")
    return 1 if conflicts else 0


def _lock(heartbeat: Path) -> int:
    """One station per configuration: two would fight over the microphone."""
    import fcntl

    from voicepiece.gallery.health import private_parent, read_heartbeat

    path = heartbeat.with_name(heartbeat.name + ".lock")
    private_parent(path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise VoicepieceError(f"cannot create {path}: {exc.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        pid = (read_heartbeat(heartbeat) or {}).get("pid", "?")
        raise VoicepieceError(f"a station is already running with this configuration "
                              f"(pid {pid}); `voicepiece gallery status` says more") from None
    return fd


def _on_terminate(station: Station) -> Callable[[int, Any], None]:
    """SIGTERM (systemd stopping the service): end a session the way Ctrl-C does, so its
    recording is kept; otherwise stop at the next state."""
    from voicepiece.gallery.machine import SESSION

    def handler(_signum: int, _frame: Any) -> None:
        station.stop()
        if station.state == SESSION:
            raise KeyboardInterrupt

    return handler


def _self_test_now(config: GalleryConfig, seams: Seams) -> int:
    from voicepiece.gallery import StationVoice
    from voicepiece.gallery.health import Journal, local_iso

    assert seams.self_test is not None
    result = seams.self_test(StationVoice(seams.voice(), config.audio.volume))
    Journal(config.state_path("journal")).write(
        "self_test", result={"at": local_iso(), **result.as_json()})
    print(("passed: " if result.ok else "FAILED: ") + result.summary)
    return 0 if result.ok else 1


# ── the live seams ────────────────────────────────────────────────────────────────────


def live_seams(config: GalleryConfig, piece: Piece) -> Seams:
    """The real devices, engines and clock. Missing engines fail now, in one line; missing
    devices do not: the station waits for them."""
    from voicepiece.audio.playback import Player, find_output
    from voicepiece.gallery import Seams
    from voicepiece.gallery.selftest import self_test
    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.engines import recognizer_for
    from voicepiece.listening.sources import MicrophoneSource, PcmSource, check_microphone
    from voicepiece.listening.vad import VoiceActivity
    from voicepiece.voices import narrator_for
    from voicepiece.voices.narrator import prefetch
    from voicepiece.voices.outputs import SpeakerVoice

    audio = config.audio
    mic: int | str | None = (int(audio.microphone) if audio.microphone.isdigit()
                             else audio.microphone or None)
    speaker = audio.speaker or None
    narrator = narrator_for(piece)
    prefetch(narrator)
    listening = config.listening
    recognizer = recognizer_for(listening.recognizer, listening.recognizer_model or None)
    recognizer.warm_up()
    vad = VoiceActivity()  # one detector: attract, sessions and self-test take turns

    def microphone() -> Source:
        return MicrophoneSource(mic)

    start = config.start
    voice_trigger = (VoiceTrigger(microphone, start.voice_seconds, vad)
                     if start.on in (VOICE, "both") else None)
    keys = KeySource(start.key_device, start.keys) if start.on in (KEY, "both") else None

    def probe() -> None:
        check_microphone(mic)
        find_output(device=speaker)
        if keys is not None and voice_trigger is None:
            keys.check()

    bed = None
    bed_path = Path(config.attract.bed).expanduser() if config.attract.bed else \
        piece.ambient_path
    if config.attract.mode == "bed":
        if bed_path is None:
            log.warning("attract mode is bed, but there is no bed: set [attract] bed")
        else:
            volume = audio.volume * config.attract.bed_volume / 100
            bed = BedLoop(bed_path, Player(device=speaker), volume)
    return Seams(
        voice=lambda: SpeakerVoice(narrator, Player(device=speaker)),
        ear=lambda _trigger: ListeningEar(microphone, recognizer, vad),
        triggers=LiveTriggers(voice_trigger, keys),
        probe=probe,
        self_test=lambda voice: self_test(
            voice, microphone, lambda pcm: ListeningEar(lambda: PcmSource(pcm), recognizer, vad),
            config.self_test.phrase, config.self_test.min_level_db),
        bed=bed,
    )


class VoiceTrigger:
    """Notices a visitor speaking: the voice detector on the microphone, in attract.

    Someone has spoken once ``speech_seconds`` of speech frames fall within a window twice
    that long — a cough, a door or a footstep is shorter. The source is opened per
    :meth:`wait` and closed before it returns, so the session's ear has the device to
    itself and the station's own voice is never listened to. Any source factory will do:
    the soak feeds a ``StreamSource``.
    """

    def __init__(self, source_factory: Callable[[], Source], speech_seconds: float = 0.5,
                 vad: VoiceActivity | None = None, threshold: float = 0.5) -> None:
        from voicepiece.listening.base import FRAME_SECONDS

        self.source_factory = source_factory
        self.needed = max(1, round(speech_seconds / FRAME_SECONDS))
        self.frame_seconds = FRAME_SECONDS
        self._vad = vad
        self.threshold = threshold

    @property
    def vad(self) -> VoiceActivity:
        if self._vad is None:
            from voicepiece.listening.vad import VoiceActivity

            self._vad = VoiceActivity()
        return self._vad

    def wait(self, timeout: float, also: Callable[[], Trigger | None] | None = None
             ) -> Trigger | None:
        """A trigger once someone speaks (or ``also`` returns one, asked every frame), None
        after ``timeout`` seconds of audio. A real-time source that ends early (an
        unplugged microphone) raises."""
        window: deque[bool] = deque(maxlen=2 * self.needed)
        limit = math.ceil(timeout / self.frame_seconds)
        source = self.source_factory()
        try:
            self.vad.reset()
            for count, frame in enumerate(source.frames(), 1):
                window.append(self.vad.probability(frame) >= self.threshold)
                if sum(window) >= self.needed:
                    return Trigger(VOICE)
                other = also() if also is not None else None
                if other is not None:
                    return other
                if count >= limit:
                    return None
            if source.realtime:
                raise VoicepieceError("the microphone stopped sending sound")
            return None
        finally:
            source.close()

    def close(self) -> None:
        pass


_EVENT = struct.Struct("llHHi")  # struct input_event: timeval, type, code, value
EV_KEY, KEY_DOWN = 1, 1
STDIN = "stdin"


class KeySource:
    """A key or button: a Linux input event device read directly (no driver library), or
    Enter on the terminal (``stdin``). ``keys`` limits which key codes count."""

    def __init__(self, device: str, keys: tuple[int, ...] | list[int] = ()) -> None:
        self.device = device
        self.keys = set(keys)
        self._fd: int | None = None
        if device == STDIN and not sys.stdin.isatty():
            log.warning("[start] key_device is stdin, but stdin is not a terminal: "
                        "key presses cannot arrive")

    def check(self) -> None:
        """Raise ``OSError`` if the device cannot be opened."""
        self._open()

    def _open(self) -> int:
        if self._fd is None:
            if self.device == STDIN:
                if not sys.stdin.isatty():
                    raise OSError(f"stdin is not a terminal: no key presses for {self.device}")
                self._fd = sys.stdin.fileno()
            else:
                self._fd = os.open(self.device, os.O_RDONLY | os.O_NONBLOCK)
        return self._fd

    def poll(self, timeout: float) -> bool:
        """Whether a key went down within ``timeout`` seconds."""
        fd = self._open()
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                return False
            try:
                data = os.read(fd, _EVENT.size * 64)
            except BlockingIOError:
                continue
            except OSError:
                self.close()
                raise
            if not data:  # end of file: a device gone, or a closed terminal
                self.close()
                raise OSError(f"{self.device}: no more key presses (end of file)")
            if self.device == STDIN or self._pressed(data):
                return True

    def flush(self) -> None:
        """Forget presses made since the last poll (during a session): they must not start
        the next one."""
        if self._fd is None:
            return
        if self.device == STDIN:
            import termios

            with contextlib.suppress(OSError, termios.error):
                termios.tcflush(self._fd, termios.TCIFLUSH)
            return
        with contextlib.suppress(OSError):
            while select.select([self._fd], [], [], 0)[0] and os.read(self._fd, 4096):
                pass

    def _pressed(self, data: bytes) -> bool:
        usable = len(data) - len(data) % _EVENT.size
        for _sec, _usec, kind, code, value in _EVENT.iter_unpack(data[:usable]):
            if kind == EV_KEY and value == KEY_DOWN and (not self.keys or code in self.keys):
                return True
        return False

    def close(self) -> None:
        if self._fd is not None and self.device != STDIN:
            with contextlib.suppress(OSError):
                os.close(self._fd)
        self._fd = None


class LiveTriggers:
    """Voice, keys, or both. With both, a key device that fails is retried now and then
    while the voice goes on working; with keys alone its failure is a lost device."""

    RETRY = 30.0

    def __init__(self, voice: VoiceTrigger | None, keys: KeySource | None) -> None:
        self.voice = voice
        self.keys = keys
        self._retry_at = 0.0
        self._visit = False  # the last wait started a visit

    def wait(self, timeout: float) -> Trigger | None:
        if self._visit and self.keys is not None:
            self.keys.flush()
        trigger = self._wait(timeout)
        self._visit = trigger is not None
        return trigger

    def _wait(self, timeout: float) -> Trigger | None:
        if self.voice is not None:
            return self.voice.wait(timeout, self._key)
        if self.keys is None:
            time.sleep(timeout)
            return None
        return Trigger(KEY) if self.keys.poll(timeout) else None

    def _key(self) -> Trigger | None:
        if self.keys is None or time.monotonic() < self._retry_at:
            return None
        try:
            return Trigger(KEY) if self.keys.poll(0) else None
        except OSError as exc:
            log.warning("the key device failed (%s); voice still starts sessions", exc)
            self._retry_at = time.monotonic() + self.RETRY
            return None

    def close(self) -> None:
        if self.keys is not None:
            self.keys.close()


class BedLoop:
    """The ambient bed, looped in a thread while the station waits for a visitor."""

    def __init__(self, path: Path, player: Player, volume: float = 30.0) -> None:
        self.path = path
        self.player = player
        self.gain_db = -120.0 if volume <= 0 else 20 * math.log10(volume / 100)
        self._audio: Any = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="gallery-bed", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            if self._audio is None:
                from pydub import AudioSegment

                bed = AudioSegment.from_file(self.path).set_frame_rate(22050)
                self._audio = bed.apply_gain(self.gain_db)
            while not self._stop.is_set():
                self.player.play(self._audio)
        except Exception as exc:  # the bed is decoration: never take the station down
            log.warning("the ambient bed stopped: %s", exc)

    def stop(self) -> None:
        self._stop.set()
        thread = self._thread
        deadline = time.monotonic() + 3
        while thread is not None and thread.is_alive() and time.monotonic() < deadline:
            self.player.stop()  # again and again: a play may be just starting
            thread.join(0.05)

"""What tells the station a visitor has arrived: someone speaking at the microphone
(:class:`VoiceTrigger`), a key or button (:class:`KeySource`), or either
(:class:`LiveTriggers`) — the live :class:`~voicepiece.gallery.TriggerSource`.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import select
import struct
import sys
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from voicepiece.audio.levels import pcm_dbfs
from voicepiece.errors import DeviceError
from voicepiece.gallery.seams import KEY, VOICE, Trigger

if TYPE_CHECKING:
    from voicepiece.listening.base import Source
    from voicepiece.listening.vad import VoiceActivity

log = logging.getLogger(__name__)


class VoiceTrigger:
    """Notices a visitor speaking: the voice detector on the microphone, in attract.

    Someone has spoken once ``speech_seconds`` of speech frames fall within a window twice
    that long — a cough, a door or a footstep is shorter — and, with ``min_dbfs``, only
    frames at least that loud count: a visitor at the station speaks close to the
    microphone, people talking across the room reach it far quieter, and the voice
    detector alone takes their murmur for speech as readily as a visitor's (the soak's
    ``crowd``; docs/gallery.md). The source is opened per
    :meth:`wait` and closed before it returns, so the session's ear has the device to
    itself and the station's own voice is never listened to. Any source factory will do:
    the soak feeds a ``StreamSource``.
    """

    def __init__(self, source_factory: Callable[[], Source], speech_seconds: float = 0.5,
                 vad: VoiceActivity | None = None, threshold: float = 0.5,
                 min_dbfs: float | None = None) -> None:
        from voicepiece.listening.base import FRAME_SECONDS

        self.source_factory = source_factory
        self.needed = max(1, round(speech_seconds / FRAME_SECONDS))
        self.frame_seconds = FRAME_SECONDS
        self._vad = vad
        self.threshold = threshold
        self.min_dbfs = min_dbfs

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
                window.append(self.vad.probability(frame) >= self.threshold
                              and (self.min_dbfs is None or pcm_dbfs(frame) >= self.min_dbfs))
                if sum(window) >= self.needed:
                    return Trigger(VOICE)
                other = also() if also is not None else None
                if other is not None:
                    return other
                if count >= limit:
                    return None
            if source.realtime:
                raise DeviceError("the microphone stopped sending sound")
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
        """Raise :class:`DeviceError` if the device cannot be opened."""
        self._open()

    def _open(self) -> int:
        if self._fd is None:
            if self.device == STDIN:
                if not sys.stdin.isatty():
                    raise DeviceError(f"stdin is not a terminal: no key presses for "
                                      f"{self.device}")
                self._fd = sys.stdin.fileno()
            else:
                try:
                    self._fd = os.open(self.device, os.O_RDONLY | os.O_NONBLOCK)
                except OSError as exc:
                    raise DeviceError(f"cannot open the key device {self.device}: "
                                      f"{exc.strerror or exc}") from exc
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
            except OSError as exc:
                self.close()
                raise DeviceError(f"{self.device}: the key device failed "
                                  f"({exc.strerror or exc})") from exc
            if not data:  # end of file: a device gone, or a closed terminal
                self.close()
                raise DeviceError(f"{self.device}: no more key presses (end of file)")
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
        except DeviceError as exc:
            log.warning("the key device failed (%s); voice still starts sessions", exc)
            self._retry_at = time.monotonic() + self.RETRY
            return None

    def close(self) -> None:
        if self.keys is not None:
            self.keys.close()

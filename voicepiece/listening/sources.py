"""Where an ear's audio comes from: the live microphone, an audio file, audio in memory, or a
stream fed by another thread. Every source yields the same thing — FRAME_BYTES of 16 kHz
mono s16 at a time — so the ear, its timings and its tests do not care which it is.

Real-time sources (the microphone, :class:`StreamSource`, a paced :class:`PcmSource`)
deliver frames at the pace of speech; the others as fast as they can be read, so a render
or a test hears a ten-second answer in milliseconds with the very same timeline.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import re
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from voicepiece.audio.devices import Device, server_devices
from voicepiece.audio.levels import LISTENING_RATE
from voicepiece.errors import DeviceError, EngineMissing, VoicepieceError
from voicepiece.listening.base import FRAME_BYTES, FRAME_SAMPLES, FRAME_SECONDS

log = logging.getLogger(__name__)

_NO_MIC_ALTERNATIVES = "use `voicepiece run --text`, or `voicepiece render` to hear audio files"
_PYAUDIO_HINT = ("PyAudio is not installed (`pip install pyaudio` needs "
                 "`apt-get install portaudio19-dev` first)")


def _no_microphone(reason: str, missing: bool = False) -> VoicepieceError:
    """The error, with ``reason`` kept apart for those (the gallery's ``--check``) to whom
    the alternatives it suggests mean nothing."""
    cls = EngineMissing if missing else DeviceError
    error = cls(f"no microphone found: {reason}; {_NO_MIC_ALTERNATIVES}")
    error.reason = reason  # type: ignore[attr-defined]
    return error


def frames_of(pcm: bytes) -> Iterator[bytes]:
    """``pcm`` cut into whole frames; a last partial frame is padded with silence, because the
    voice detector only takes whole windows and a few ms of zeros change nothing."""
    for start in range(0, len(pcm), FRAME_BYTES):
        frame = pcm[start:start + FRAME_BYTES]
        if len(frame) < FRAME_BYTES:
            frame += bytes(FRAME_BYTES - len(frame))
        yield frame


def _paced(frames: Iterator[bytes]) -> Iterator[bytes]:
    """Yield each frame no sooner than it would have been spoken, against one start time so
    that scheduling delays do not accumulate."""
    start = time.perf_counter()
    for i, frame in enumerate(frames):
        delay = start + (i + 1) * FRAME_SECONDS - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        yield frame


class PcmSource:
    """Audio already in memory (16 kHz mono s16 bytes): a synthesized reply, a test clip."""

    def __init__(self, pcm: bytes, realtime: bool = False) -> None:
        if len(pcm) % 2:
            raise ValueError("PCM must be whole 16-bit samples")
        self.pcm = pcm
        self.realtime = realtime

    @property
    def seconds(self) -> float:
        return len(self.pcm) / 2 / LISTENING_RATE

    def frames(self) -> Iterator[bytes]:
        frames = frames_of(self.pcm)
        return _paced(frames) if self.realtime else frames

    def close(self) -> None:
        pass


def load_pcm(path: str | Path, longest: float | None = None) -> bytes:
    """Any file ffmpeg reads, as 16 kHz mono s16 bytes (only its first ``longest`` seconds
    when given); a one-line error if it cannot."""
    from pydub import AudioSegment

    path = Path(path)
    if not path.is_file():
        raise VoicepieceError(f"{path}: no such audio file")
    try:
        segment = AudioSegment.from_file(path, duration=longest)
    except Exception as exc:  # a malformed header fails pydub in any way at all
        detail = str(exc).strip().splitlines()
        raise VoicepieceError(f"{path}: cannot read it as audio "
                              f"({detail[-1] if detail else type(exc).__name__})") from exc
    if not segment.channels or not segment.frame_rate:
        raise VoicepieceError(f"{path}: cannot read it as audio (no channels or no sample "
                              "rate)")
    segment = segment.set_channels(1).set_frame_rate(LISTENING_RATE).set_sample_width(2)
    return segment.raw_data


class FileSource(PcmSource):
    """An audio file (WAV, MP3, OGG, FLAC… whatever ffmpeg reads), resampled to the ear's
    format. Not real time unless asked: a render should not wait for its replies."""

    def __init__(self, path: str | Path, realtime: bool = False) -> None:
        self.path = Path(path)
        super().__init__(load_pcm(self.path), realtime)


class StreamSource:
    """Audio fed chunk by chunk from another thread (``feed``), ended by ``end()``.

    For tests and benchmarks that play the part of a microphone: the feeder sets the pace,
    so frames arrive as they would live. Chunks of any size are regrouped into frames; a
    partial frame left at ``end()`` is padded with silence. ``frames()`` blocks waiting for
    audio; ``close()`` (or ``end()``) releases it.
    """

    realtime = True

    def __init__(self) -> None:
        self._frames: queue.Queue[bytes | None] = queue.Queue()
        self._pending = bytearray()
        self._lock = threading.Lock()
        self._ended = False

    def feed(self, pcm: bytes) -> None:
        with self._lock:
            if self._ended:
                return
            self._pending += pcm
            while len(self._pending) >= FRAME_BYTES:
                self._frames.put(bytes(self._pending[:FRAME_BYTES]))
                del self._pending[:FRAME_BYTES]

    def end(self) -> None:
        with self._lock:
            if self._ended:
                return
            self._ended = True
            if self._pending:
                self._frames.put(bytes(self._pending) + bytes(FRAME_BYTES - len(self._pending)))
                self._pending.clear()
            self._frames.put(None)

    def frames(self) -> Iterator[bytes]:
        while True:
            frame = self._frames.get()
            if frame is None:
                self._frames.put(None)  # a second reader (or a second call) ends too
                return
            yield frame

    def close(self) -> None:
        self.end()


# --- the microphone -----------------------------------------------------------------------


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Silence the C libraries under PyAudio while they probe devices.

    PortAudio's ALSA and JACK back ends print dozens of lines ("ALSA lib … cannot find card",
    "jack server is not running") for every device they cannot open, straight to file
    descriptor 2: harmless, but they bury the one line a user needs. The redirection is
    process-wide for the ~0.1 s of probing, so anything else written to stderr meanwhile is
    lost; set VOICEPIECE_AUDIO_DEBUG=1 to see it all.
    """
    if os.environ.get("VOICEPIECE_AUDIO_DEBUG"):
        yield
        return
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        fd = 2
    try:
        saved = os.dup(fd)
    except OSError:
        yield
        return
    try:
        sys.stderr.flush()
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, fd)
        finally:
            os.close(devnull)
        yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)


def _pyaudio() -> Any:
    try:
        import pyaudio
    except ImportError as exc:
        raise _no_microphone(_PYAUDIO_HINT, missing=True) from exc
    return pyaudio


_HARDWARE = re.compile(r"\(hw:\d+,\d+\)$")
"""How PortAudio names a sound card's device (``USB Audio: Mic (hw:1,0)``); its other
entries are ALSA plugins (``pulse``, ``dmix``, ``jack``, ``upmix``, ``default``…)."""
_server_source_lock = threading.Lock()


def _portaudio_inputs() -> list[Device]:
    """Every input PyAudio offers, plugins included, its default marked."""
    pyaudio = _pyaudio()
    with _quiet_stderr():
        audio = pyaudio.PyAudio()
        try:
            try:
                default = audio.get_default_input_device_info()["index"]
            except (OSError, KeyError):
                default = None
            found = []
            for i in range(audio.get_device_count()):
                info = audio.get_device_info_by_index(i)
                if info.get("maxInputChannels", 0) > 0:
                    found.append(Device(i, str(info.get("name", f"device {i}")), i == default))
        finally:
            audio.terminate()
    return found


def input_devices() -> list[Device]:
    """The microphones of this machine: a running sound server's sources, else the sound
    cards' inputs PyAudio can record from — not ALSA's plugins
    (:mod:`voicepiece.audio.devices`).

    Raises the one-line "no microphone" error only when PyAudio itself is missing; a machine
    with no input device gives an empty list.
    """
    _pyaudio()
    sources = server_devices("source")
    if sources is not None:
        return sources
    return [d for d in _portaudio_inputs() if _HARDWARE.search(d.name)]


def find_input_device(device: int | str | None) -> Device | None:
    """The microphone ``device`` names — None (the default input), an index (an int or a
    string of digits, as the command line gives it), or part of a device's name (any case;
    an exact name wins over partial ones) — or the one-line error saying why there is none.
    """
    devices = input_devices()
    if not devices:
        raise _no_microphone("this machine has no audio input device")
    if device is None:
        return None
    if isinstance(device, int) or device.strip().isdigit():
        index = int(device)
        chosen = [d for d in devices if d.index == index]
        if not chosen:
            raise _no_microphone(f"no input device has index {index} "
                                 f"(there are: {_listed(devices)})")
        return chosen[0]
    wanted = device.strip().lower()
    exact = [d for d in devices if d.name.lower() == wanted]
    partial = exact or [d for d in devices if wanted in d.name.lower()]
    if not partial:
        raise _no_microphone(f"no input device is named like {device!r} "
                             f"(there are: {_listed(devices)})")
    if len(partial) > 1:
        raise VoicepieceError(f"microphone {device!r} matches several devices "
                              f"({_listed(partial)}); give more of the name, or the index")
    return partial[0]


def _listed(devices: list[Device]) -> str:
    return ", ".join(f"{d.index}: {d.name}" for d in devices)


@contextlib.contextmanager
def _through_server(device: Device | None) -> Iterator[int | None]:
    """The PyAudio index to open for ``device``, with the sound server told which source
    to give while it opens: PortAudio reaches a server only through ALSA's ``pulse``
    plugin, which records from the source ``PULSE_SOURCE`` names (read when the stream
    opens, so the variable is set only meanwhile, under a lock)."""
    if device is None or not device.server:
        yield None if device is None else device.index
        return
    plugin = next((d.index for d in _portaudio_inputs() if d.name == "pulse"), None)
    with _server_source_lock:
        saved = os.environ.get("PULSE_SOURCE")
        os.environ["PULSE_SOURCE"] = device.name
        try:
            yield plugin
        finally:
            if saved is None:
                os.environ.pop("PULSE_SOURCE", None)
            else:
                os.environ["PULSE_SOURCE"] = saved


class MicrophoneSource:
    """The live microphone, through SpeechRecognition's ``Microphone`` (PyAudio underneath),
    opened at 16 kHz in 32 ms chunks so its frames are the ear's frames.

    The device opens at construction — so a missing microphone is reported before anything
    is said, and the listening window starts when the source exists — and closes with
    ``close()``. Open one per turn: a microphone left open while the narrator speaks would
    hand the next turn a buffer of stale audio (the narrator's own voice, on speakers).
    """

    realtime = True

    def __init__(self, device: int | str | None = None) -> None:
        import speech_recognition as sr

        _pyaudio()
        # The default device needs no lookup: each PyAudio start costs ~25 ms, paid per turn.
        chosen = None if device is None else find_input_device(device)
        self.device = device
        with _through_server(chosen) as index, _quiet_stderr():
            mic = sr.Microphone(device_index=index, sample_rate=LISTENING_RATE,
                                chunk_size=FRAME_SAMPLES)
            # Microphone.__enter__ swallows the error of a stream that fails to open and
            # leaves ``stream`` None: check for it rather than trust the context manager.
            mic.__enter__()
        if mic.stream is None:
            if device is None:
                find_input_device(None)  # says why, when there is simply no microphone
            name = "the default input device" if device is None else f"input device {device!r}"
            raise _no_microphone(f"{name} could not be opened at 16 kHz")
        self._mic: Any = mic
        self._closed = False
        self._lock = threading.Lock()

    def frames(self) -> Iterator[bytes]:
        while True:
            with self._lock:
                if self._closed:
                    return
                try:
                    data = self._mic.stream.read(FRAME_SAMPLES)
                except OSError as exc:
                    raise DeviceError(f"the microphone stopped: {exc}") from exc
            if len(data) != FRAME_BYTES:  # a short read at the end of a stream
                if not data:
                    return
                data += bytes(FRAME_BYTES - len(data))
            yield data

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            with contextlib.suppress(Exception):
                self._mic.__exit__(None, None, None)


def check_microphone(device: int | str | None = None) -> None:
    """Raise the one-line "no microphone" error now, before a session starts, if listening
    would fail; otherwise return quietly (without keeping the device open)."""
    MicrophoneSource(device).close()

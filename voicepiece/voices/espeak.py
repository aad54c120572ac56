"""The default offline synthesizer: espeak-ng, driven through pyttsx3 2.99.

pyttsx3's espeak driver runs espeak-ng asynchronously (``AUDIO_OUTPUT_RETRIEVAL``: a worker
thread owns a command queue) but drives it as if it were synchronous. Reading its source and
espeak-ng's explains every trap the project notes measured:

* ``runAndWait()`` queues ``endLoop`` *before* the text, so on the first render (and whenever the
  proxy is busy) it returns as soon as the text is queued: the WAV is written later, from
  espeak's thread, just before ``finished-utterance`` fires.
* ``endLoop`` calls the driver's ``stop()``, which calls ``espeak_Cancel()`` whenever espeak is
  "playing" -- and a queued ``SetParameter`` (which ``setProperty('rate'|'pitch'|'volume')``
  is) makes it "playing". ``espeak_Cancel()`` then *restores the parameters saved when the
  previous text started*, so the change is silently rolled back. That is the "property lost in
  a third of renders". When ``stop()`` did cancel, it also leaves a ``_stopping`` flag that
  cancels a later render half-way.
* ``setProperty('voice')`` calls ``espeak_SetVoiceByName`` directly; a name it does not know
  (including ``en-gb``, which espeak-ng only knows as the file ``gmw/en``) returns an error
  that pyttsx3 swallows, and an unknown ``+variant`` is accepted and ignored.
* ``getProperty('rate')`` binds ``espeak_GetParameter`` without its ``current`` argument, so
  it reports the default (175), never the value in force.

So this module keeps one pyttsx3 engine per process and, under a lock, renders each line by:
waiting until espeak's queue is idle (so ``stop()`` never cancels), setting voice, rate, pitch
and volume from the ``started-utterance`` callback -- which pyttsx3 runs on the calling thread
right before ``espeak_Synth``, after ``stop()`` -- so they are queued in order in front of the
text, waiting for ``finished-utterance``, then checking the result: the parameters espeak
actually held (read with the ``current`` flag), the voice it loaded, and a non-empty,
22050 Hz mono 16-bit WAV, written in memory. A failed check re-renders once, then raises
``VoicepieceError``.
"""

from __future__ import annotations

import ctypes
import importlib
import io
import threading
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from pydub import AudioSegment

from voicepiece.errors import EngineMissing, VoicepieceError
from voicepiece.story.model import VoiceSettings
from voicepiece.voices.base import check_settings
from voicepiece.voices.espeak_voices import Catalogue, read_catalogue, resolve_voice

DEFAULT_VOICE = "en-us"
"""The voice of settings that name none (as ``registry.DEFAULT_VOICES`` says)."""
SAMPLE_RATE = 22050
"""The rate the espeak driver writes; espeak-ng's native rate for its own voices."""

RATE_RANGE = (80, 450)
"""espeak-ng's documented words-per-minute range; below 80 it silently clamps to 80."""
PITCH_RANGE = (0, 99)
VOLUME_RANGE = (0.0, 2.0)
"""espeak's volume is 0..200 (100 = normal); above 100 it may clip."""

_INSTALL_HINT = "is espeak-ng installed? (apt-get install espeak-ng)"
_IDLE_TIMEOUT = 5.0
"""How long espeak's queue may stay busy before a render is called failed."""


def _render_timeout(text: str) -> float:
    """espeak renders ~500x faster than real time; be generous for a loaded machine."""
    return 10.0 + len(text) / 100.0


class _RenderFailed(Exception):
    """One render attempt went wrong; the caller retries once before telling the user."""


@dataclass(frozen=True)
class _Target:
    """What espeak must hold for one render, already validated and resolved."""

    voice: str  # the spec handed to espeak_SetVoiceByName, e.g. "gmw/en-US+f3"
    rate: int
    pitch: int
    volume: int  # espeak's 0..200 scale


def _load_espeak() -> tuple[ModuleType, ModuleType]:
    """Import pyttsx3 lazily so that a missing engine is an error only for its users."""
    try:
        import pyttsx3
    except ImportError as exc:
        raise EngineMissing(
            f"the espeak voice needs pyttsx3 ({exc}); install it with: pip install pyttsx3"
        ) from exc
    try:
        from pyttsx3.drivers import _espeak  # loads libespeak-ng; raises if it is absent
    except (ImportError, OSError, RuntimeError) as exc:
        raise EngineMissing(
            "the espeak-ng library is not installed; "
            "install it with: apt-get install espeak-ng (and pip install pyttsx3)"
        ) from exc
    return pyttsx3, _espeak


def _synth_telling_the_true_size(espeak: ModuleType) -> Callable[..., int]:
    """Stands in for pyttsx3's ``Synth``, which tells espeak the text is ten times its length.

    Asynchronous espeak copies that many bytes before queueing the text (``memcpy`` in
    ``create_espeak_text``), so it read nine lengths past the end of Python's bytes object:
    a segfault when the text ends near the end of mapped memory. That ended a test process in
    CI; in a gallery it would end the piece. The true size is the text and its NUL.
    """
    c_synth = espeak.cSynth

    def synth(text: str | bytes, position: int = 0, position_type: int = espeak.POS_CHARACTER,
              end_position: int = 0, flags: int = 0, user_data: Any = None) -> int:
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        return c_synth(data, len(data) + 1, position, position_type, end_position, flags,
                       None, user_data)

    synth.telling_the_true_size = True  # type: ignore[attr-defined]
    return synth


def _discard_print(*_args: object, **_kwargs: object) -> None:
    """Stands in for the driver's ``print("Audio saved to …")``, which would write one
    line per render to the program's stdout."""


class _Engine:
    """The process's single pyttsx3/espeak engine and the render protocol that makes it
    reliable. espeak-ng can be initialised only once per process and has one global synth
    callback, so there must never be a second one; use it only under ``_LOCK``."""

    def __init__(self) -> None:
        pyttsx3, espeak = _load_espeak()
        self._espeak = espeak
        try:
            self._tts = pyttsx3.init("espeak")
        except RuntimeError as exc:  # "could not initialize espeak": e.g. no espeak-ng-data
            raise EngineMissing(
                f"espeak-ng could not start ({exc}); reinstall it: apt-get install espeak-ng"
            ) from exc
        importlib.import_module("pyttsx3.drivers.espeak").print = _discard_print
        if not getattr(espeak.Synth, "telling_the_true_size", False):
            espeak.Synth = _synth_telling_the_true_size(espeak)
        # pyttsx3's binding drops the `current` flag and so reads defaults, not values in force.
        self._get_parameter = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int, ctypes.c_int)(
            ("espeak_GetParameter", espeak.dll)
        )
        self._target: _Target | None = None
        self._hook_error: str | None = None
        self._completed: bool | None = None
        self._finished = threading.Event()
        self._tts.connect("started-utterance", self._on_started)
        self._tts.connect("finished-utterance", self._on_finished)
        self._tts.connect("error", self._on_error)
        self.catalogue = self._read_catalogue()
        self.warmed_up = False

    def warm_up(self) -> None:
        """Settle pyttsx3's proxy into its steady state (not busy, no commands left from the
        driver's constructor) and prove espeak really produces audio before any real line."""
        voice = self.resolve_voice(DEFAULT_VOICE)
        self.render("Ready.", _Target(voice, 175, 50, 100))
        self.warmed_up = True

    # -- voices ---------------------------------------------------------------------------

    def _read_catalogue(self) -> Catalogue:
        self._wait_idle()
        return read_catalogue(self._espeak)

    def resolve_voice(self, name: str) -> str:
        """Map a user's voice name to the spec espeak accepts (see
        :func:`voicepiece.voices.espeak_voices.resolve_voice`); no name is ``en-us``."""
        return resolve_voice(self.catalogue, name or DEFAULT_VOICE)

    # -- pyttsx3 callbacks (exceptions raised here would be swallowed by pyttsx3) ---------

    def _on_started(self, **_event: Any) -> None:
        """Set the voice and parameters as the last thing before espeak_Synth, after the
        driver's stop(): queued now, they sit in front of the text and nothing cancels them."""
        target = self._target
        if target is None:
            return
        espeak = self._espeak
        try:
            if espeak.SetVoiceByName(target.voice.encode()) != 0:
                self._hook_error = f"espeak refused voice {target.voice!r}"
                return
            for parameter, value in (
                (espeak.RATE, target.rate),
                (espeak.PITCH, target.pitch),
                (espeak.VOLUME, target.volume),
            ):
                if espeak.SetParameter(parameter, value, 0) != 0:
                    self._hook_error = f"espeak refused parameter {parameter}={value}"
                    return
        except Exception as exc:  # reported after the render, not swallowed
            self._hook_error = f"setting the voice failed: {exc}"

    def _on_finished(self, completed: bool = False, **_event: Any) -> None:
        self._completed = completed
        self._finished.set()

    def _on_error(self, exception: BaseException | None = None, **_event: Any) -> None:
        self._hook_error = f"pyttsx3 reported: {exception}"

    # -- rendering ------------------------------------------------------------------------

    def _wait_idle(self, timeout: float = _IDLE_TIMEOUT) -> bool:
        """espeak's queue must be empty before pyttsx3's stop() looks at it, or it cancels."""
        deadline = time.monotonic() + timeout
        while self._espeak.IsPlaying():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.001)
        return True

    def _driver(self) -> Any:
        return getattr(self._tts.proxy, "_driver", None)

    def _unblock(self) -> None:
        """Watchdog: runAndWait() loops until espeak's callback ends it; if the callback never
        comes (another pyttsx3 engine took it, espeak died), end the loop from outside."""
        driver = self._driver()
        if driver is not None:
            driver.endLoop()

    def _recover(self) -> None:
        """Put espeak and the driver back into a clean idle state after a failed attempt."""
        self._espeak.Cancel()
        self._wait_idle()
        driver = self._driver()
        if driver is not None:
            # A cancel leaves these set; the next runAndWait would otherwise cancel itself.
            driver._stopping = False
            driver._speaking = False
            # espeak has one synth callback: take it back in case another pyttsx3 engine
            # created in this process took it (then no render of ours would ever finish).
            self._espeak.SetSynthCallback(driver._onSynth)

    def render(self, text: str, target: _Target) -> bytes:
        """Render ``text`` to 16-bit mono PCM at SAMPLE_RATE, re-rendering once on failure."""
        try:
            return self._render_once(text, target)
        except _RenderFailed as first:
            self._recover()
            try:
                return self._render_once(text, target)
            except _RenderFailed as second:
                self._recover()
                shown = text if len(text) <= 60 else text[:57] + "..."
                raise VoicepieceError(
                    f"speech synthesis failed for line: {shown!r} ({first}; then {second}); "
                    f"{_INSTALL_HINT}"
                ) from second

    def _render_once(self, text: str, target: _Target) -> bytes:
        timeout = _render_timeout(text)
        deadline = time.monotonic() + timeout
        if not self._wait_idle():
            raise _RenderFailed("espeak stayed busy")
        self._target = target
        self._hook_error = None
        self._completed = None
        self._finished.clear()
        # The driver writes the WAV with wave.open(), which takes a file object as well as a
        # name: in memory no line (some hold a visitor's words) ever touches the disk, and a
        # full disk cannot fail it inside espeak's callback, where only a traceback is shown.
        written = io.BytesIO()
        watchdog = threading.Timer(timeout, self._unblock)
        watchdog.daemon = True
        watchdog.start()
        try:
            self._tts.save_to_file(text, written)
            self._tts.runAndWait()
        finally:
            watchdog.cancel()
            self._target = None
        if not self._finished.wait(max(0.0, deadline - time.monotonic())):
            raise _RenderFailed("espeak never finished the utterance")
        if self._hook_error:
            raise _RenderFailed(self._hook_error)
        if not self._completed:
            raise _RenderFailed("the utterance was cancelled")
        if not self._wait_idle():
            raise _RenderFailed("espeak stayed busy after the utterance")
        self._check_held(target)
        written.seek(0)
        return self._read(written)

    def _check_held(self, target: _Target) -> None:
        """Ask espeak what it actually used: a rolled-back parameter shows up here."""
        espeak = self._espeak
        held = {
            "rate": self._get_parameter(espeak.RATE, 1),
            "pitch": self._get_parameter(espeak.PITCH, 1),
            "volume": self._get_parameter(espeak.VOLUME, 1),
        }
        wanted = {"rate": target.rate, "pitch": target.pitch, "volume": target.volume}
        if held != wanted:
            raise _RenderFailed(f"espeak held {held} instead of {wanted}")
        current = espeak.GetCurrentVoice()
        voice = (current.contents.identifier or b"").decode() if current else ""
        if voice.lower() != target.voice.lower():
            raise _RenderFailed(f"espeak used voice {voice!r} instead of {target.voice!r}")

    @staticmethod
    def _read(written: io.BytesIO) -> bytes:
        try:
            with wave.open(written, "rb") as wav:
                shape = (wav.getnchannels(), wav.getsampwidth(), wav.getframerate())
                frames = wav.readframes(wav.getnframes())
        except (OSError, EOFError, wave.Error) as exc:
            raise _RenderFailed(f"no readable audio ({exc})") from exc
        if shape != (1, 2, SAMPLE_RATE):
            raise _RenderFailed(f"unexpected audio format {shape}")
        if not frames:
            raise _RenderFailed("the audio was empty")
        return frames


_LOCK = threading.Lock()
_ENGINE: _Engine | None = None


def _engine() -> _Engine:
    """Create the engine on first use; call with ``_LOCK`` held."""
    global _ENGINE  # one espeak per process: a hard espeak-ng limit
    if _ENGINE is None:
        _ENGINE = _Engine()
    if not _ENGINE.warmed_up:
        # Kept even if this fails: a second pyttsx3 engine would fight the first for espeak's
        # single synth callback, so a failed warm-up is simply tried again next time.
        _ENGINE.warm_up()
    return _ENGINE


class EspeakSynthesizer:
    """espeak-ng through pyttsx3: offline, fast (~0.1 s a line), always installed in CI.

    Instances are cheap and share the one per-process engine, so any number of them (and
    threads) may be used; renders are serialised because espeak has a single global state.
    """

    engine = "espeak"

    def synthesize(self, text: str, settings: VoiceSettings) -> AudioSegment:
        """Render ``text`` exactly as ``settings`` ask, as 22050 Hz mono 16-bit audio.

        The audio is what espeak produced -- its own short lead-in and end-of-sentence pause,
        nothing added or trimmed. Raises ``VoicepieceError`` for an empty line, an unknown
        voice or an out-of-range setting, ``EngineMissing`` when espeak-ng or pyttsx3 is
        not installed.
        """
        if not text or not text.strip():
            raise VoicepieceError("cannot synthesize an empty line")
        check_settings("espeak", settings, RATE_RANGE, VOLUME_RANGE, PITCH_RANGE)
        with _LOCK:
            engine = _engine()
            target = _Target(
                voice=engine.resolve_voice(settings.name),
                rate=settings.rate,
                pitch=settings.pitch,
                volume=round(settings.volume * 100),
            )
            pcm = engine.render(text, target)
        return AudioSegment(data=pcm, sample_width=2, frame_rate=SAMPLE_RATE, channels=1)

    def voices(self) -> list[tuple[str, str]]:
        """The installed espeak voices as (id, human name); an id is a valid
        ``VoiceSettings.name`` and may take a variant suffix from :meth:`variants`."""
        with _LOCK:
            return list(_engine().catalogue.voices)

    def variants(self) -> list[tuple[str, str]]:
        """espeak's voice variants as ("+f3", human name): append one to a voice id
        (``en-us+f3``) to change its timbre."""
        with _LOCK:
            return list(_engine().catalogue.variants)

    def check_voice(self, name: str) -> None:
        """Fail early (e.g. when a piece loads) on a voice name espeak would ignore."""
        with _LOCK:
            _engine().resolve_voice(name)

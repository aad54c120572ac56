"""Synthetic listeners: voices other than the narrator's that speak a listener's answers.

Tests, benchmarks and the verifier's fitting use them to make spoken answers, and
``voicepiece render`` uses them to speak a typed reply so that the real ear hears it. They
run espeak-ng and flite as subprocesses (never pyttsx3: the narrator's pyttsx3 engine must
stay alone in the process), and return 16 kHz mono 16-bit PCM, the listening path's format.

Everything here is deterministic: ``espeak-ng -w`` and flite render the same bytes every
time, and noise comes from a generator seeded by the caller. Synthetic speech ends in
digitally perfect silence, which hurts recognition, so :func:`live_turn` always leaves a low
noise floor around and under it, as a real microphone does
(:mod:`~voicepiece.listening.room_noise`, whose helpers are re-exported here for the
tests and benchmarks that shape answers).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache

from voicepiece.audio.levels import LISTENING_RATE
from voicepiece.errors import EngineMissing, VoicepieceError
from voicepiece.listening.room_noise import FLOOR_DBFS, add_noise, noise, pad, speech_rms

__all__ = [
    "DEFAULT_RATE",
    "FLOOR_DBFS",
    "LISTENER_VOICES",
    "ListenerVoice",
    "add_noise",
    "available_voices",
    "listener_for",
    "listener_voice",
    "live_turn",
    "noise",
    "pad",
    "speak",
    "speaker_of",
    "speech_rms",
]

DEFAULT_RATE = 175
"""Words per minute: espeak-ng's command-line default; flite's own pace is close to it."""

LIVE_BEFORE = 0.25
LIVE_AFTER = 0.5
"""Seconds of room noise around an answer when it is shaped like a live turn: the
endpointer keeps ~0.2-0.3 s before the speech starts and cuts 0.3-0.7 s after it ends."""

_INSTALL = {
    "espeak-ng": "apt-get install espeak-ng",
    "flite": "apt-get install flite",
}


@dataclass(frozen=True)
class ListenerVoice:
    """One synthetic listener: ``engine`` is "espeak-ng" or "flite", ``voice`` its voice id."""

    engine: str
    voice: str
    rate: int = DEFAULT_RATE

    @property
    def name(self) -> str:
        return f"{self.engine}:{self.voice}" + ("" if self.rate == DEFAULT_RATE else
                                                  f"@{self.rate}")


LISTENER_VOICES: list[ListenerVoice] = [
    ListenerVoice("flite", "slt"),
    ListenerVoice("flite", "rms"),
    ListenerVoice("espeak-ng", "en-gb+m3"),
    ListenerVoice("espeak-ng", "en-us+m7", 160),
    ListenerVoice("flite", "awb"),
    ListenerVoice("espeak-ng", "en+f4"),
    ListenerVoice("flite", "kal16"),
    ListenerVoice("espeak-ng", "en-us+klatt"),
    ListenerVoice("espeak-ng", "en-gb-x-rp+m1", 190),
    ListenerVoice("espeak-ng", "en-029+f2", 150),
]
"""Synthetic listeners, in order of preference. The first one is the default listener of
``render`` (flite's slt is the easiest synthetic voice to recognize) unless it is the
narrator's own speaker: :func:`listener_for`."""

RECORDED_SPEAKERS = ("slt", "rms", "awb", "bdl", "clb", "jmk", "ksp", "kal")
"""The people recorded for the CMU ARCTIC and diphone voices: flite's ``slt`` and Festival's
``cmu_us_slt_arctic_hts`` are one woman, whatever the engine, as ``kal16`` and
``kal_diphone`` are one man."""


def speaker_of(engine: str, voice: str) -> str:
    """Who a voice sounds like: the recorded person behind it where one is known (a name
    part such as ``slt`` or ``kal16``), else the engine's voice itself (an espeak-ng
    variant, a Kokoro or Piper voice)."""
    for part in re.split(r"[^a-z0-9]+", voice.lower()):
        if part.rstrip("0123456789") in RECORDED_SPEAKERS:
            return part.rstrip("0123456789")
    family = "espeak" if engine.startswith("espeak") else engine
    return f"{family}:{voice.lower()}"


def listener_for(narrator_engine: str, narrator_voice: str, name: str | None = None
                 ) -> ListenerVoice:
    """The listener voice of a render whose narrator is ``narrator_voice`` of
    ``narrator_engine``: ``name`` if given, else the first of :data:`LISTENER_VOICES` —
    never the narrator's own speaker, or narrator and visitor would sound like one person
    in the archive (one line if ``name`` asks for that)."""
    narrator = speaker_of(narrator_engine, narrator_voice)
    if name:
        voice = listener_voice(name)
        if speaker_of(voice.engine, voice.voice) == narrator:
            raise VoicepieceError(
                f"--listener {name}: the narrator ({narrator_engine} {narrator_voice}) is the "
                "same speaker; choose another listener voice")
        return voice
    return next(v for v in LISTENER_VOICES if speaker_of(v.engine, v.voice) != narrator)


def listener_voice(name: str) -> ListenerVoice:
    """A voice by its :attr:`ListenerVoice.name` ("flite:slt", "espeak-ng:en-gb+m3"), or a bare
    espeak-ng voice id ("en-gb+m3"), or a bare flite voice ("slt")."""
    for voice in LISTENER_VOICES:
        if name in (voice.name, voice.voice):
            return voice
    engine, sep, rest = name.partition(":")
    if sep and engine in _INSTALL:
        voice_id, _, rate = rest.partition("@")
        return ListenerVoice(engine, voice_id, int(rate) if rate else DEFAULT_RATE)
    raise VoicepieceError(
        f"unknown listener voice {name!r}; known: {', '.join(v.name for v in LISTENER_VOICES)}"
    )


@cache
def _program(engine: str) -> str:
    path = shutil.which(engine)
    if path is None:
        raise EngineMissing(f"{engine} is needed for the listener voices: {_INSTALL[engine]}")
    return path


def available_voices() -> list[ListenerVoice]:
    """The listener voices whose engine is installed here."""
    return [v for v in LISTENER_VOICES if shutil.which(v.engine)]


def speak(text: str, voice: ListenerVoice | str = LISTENER_VOICES[0],
          rate: int | None = None) -> bytes:
    """``text`` spoken by ``voice``, as 16 kHz mono s16 PCM without any padding or noise.

    ``rate`` (words per minute) overrides the voice's own; for flite it becomes a duration
    stretch relative to 175 wpm.
    """
    if isinstance(voice, str):
        voice = listener_voice(voice)
    if voice.engine not in _INSTALL:
        raise VoicepieceError(f"unknown listener engine {voice.engine!r}")
    rate = rate or voice.rate
    program = _program(voice.engine)
    # the WAV comes through a pipe: a spoken reply is a listener's voice, never a temp file
    if voice.engine == "espeak-ng":
        command = [program, "-v", voice.voice, "-s", str(rate), "--stdout", "--", text]
    else:
        command = [program, "-voice", voice.voice, "--setf",
                   f"duration_stretch={DEFAULT_RATE / rate:.3f}", "-t", text, "-o", "/dev/stdout"]
    done = subprocess.run(command, capture_output=True, timeout=60, check=False)
    if done.returncode != 0 or len(done.stdout) <= _HEADER:
        message = done.stderr.decode(errors="replace").strip() or "no audio written"
        raise VoicepieceError(f"{voice.name} could not speak {text!r}: {message}")
    return _read_16k(_sized(done.stdout))


_HEADER = 44


def _sized(wav: bytes) -> bytes:
    """A WAV streamed to a pipe carries placeholder sizes (espeak-ng writes ~2 GB): the
    sizes of what arrived, so every reader takes the samples as they are."""
    if wav[:4] != b"RIFF" or wav[36:40] != b"data":
        return wav
    data = (len(wav) - _HEADER) // 2 * 2
    return (wav[:4] + (36 + data).to_bytes(4, "little") + wav[8:40]
            + data.to_bytes(4, "little") + wav[_HEADER:_HEADER + data])


def _read_16k(wav: bytes) -> bytes:
    """The WAV as 16 kHz mono s16 PCM: sox's resampler when installed (it filters before
    decimating), pydub's otherwise."""
    sox = shutil.which("sox")
    if sox:
        done = subprocess.run(
            [sox, "-q", "-D", "-t", "wav", "-", "-t", "raw", "-r", str(LISTENING_RATE), "-c", "1",
             "-b", "16", "-e", "signed-integer", "-L", "-"],
            input=wav, capture_output=True, timeout=60, check=False,
        )
        if done.returncode == 0:
            return done.stdout
    import io

    from pydub import AudioSegment

    segment = AudioSegment.from_wav(io.BytesIO(wav))
    segment = segment.set_channels(1).set_sample_width(2).set_frame_rate(LISTENING_RATE)
    return segment.raw_data


def live_turn(text: str, voice: ListenerVoice | str = LISTENER_VOICES[0],
              snr_db: float | None = None, seed: int = 0, *, before: float = LIVE_BEFORE,
              after: float = LIVE_AFTER, rate: int | None = None) -> bytes:
    """An answer shaped as the endpointer hands it to the recognizer: spoken, padded with
    room noise, then noise at ``snr_db`` (None: only the floor) over the whole turn."""
    padded = pad(speak(text, voice, rate), before, after, seed)
    return add_noise(padded, snr_db, seed + 1)

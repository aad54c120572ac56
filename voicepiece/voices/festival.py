"""Festival with an HTS voice: a far more natural narrator than espeak, still fully offline.

Festival runs as a subprocess (its ``text2wave`` script), one process per line: a line of
20 words renders in ~0.3 s, so keeping a Festival server alive is not worth its state.

What was measured with Festival 2.5 and ``cmu_us_slt_arctic_hts`` (Debian 12) and shapes
this module:

* **Rate.** Festival's usual ``(Parameter.set 'Duration_Stretch …)`` has *no effect* on HTS
  voices: their durations come from the HTS model, not from Festival's duration module. The
  hts_engine speed option ``-r`` (appended to ``hts_engine_params``) does work and scales
  the duration linearly (1.5 → 0.67× as long). At ``-r 1`` the voice speaks narrative
  prose at ~190 words per minute, so ``rate`` wpm maps to ``-r rate/190``. Duration_Stretch
  is set as well (to the inverse), so a non-HTS Festival voice a user installs follows the
  rate too, if less exactly.
* **Pitch.** Ignored. Festival's hts_engine wrapper does not pass ``-fm`` (half-tone shift)
  and ``hts_f0_mean`` is unused: the output is bit-identical whatever they are set to.
* **Volume** is applied to the rendered audio (gain in dB), as every engine here does.
* **Failures.** ``text2wave`` exits 0 even when it fails: an unknown voice prints
  ``SIOD ERROR: unbound variable`` and writes no file; empty text writes a broken file. So
  success is judged by the output file, and Festival's first error line is what the user sees.
* **Text.** Festival reads 8-bit text: UTF-8 curly quotes and dashes are spoken as junk
  (a line with “…” — ’ came out 20% longer). Text is folded to ASCII first.
* Output: 32000 Hz mono 16-bit, deterministic (same text and settings, same bytes).
"""

from __future__ import annotations

import difflib
import logging
import re
import shutil
import subprocess
import tempfile
import threading
import unicodedata
import wave
from pathlib import Path

from pydub import AudioSegment

from voicepiece.audio.levels import gain_db
from voicepiece.errors import EngineMissing, VoicepieceError
from voicepiece.story.model import VoiceSettings
from voicepiece.voices.base import check_settings

log = logging.getLogger(__name__)

DEFAULT_VOICE = "cmu_us_slt_arctic_hts"
"""A female US English HTS voice, from the Debian package festvox-us-slt-hts."""

REFERENCE_WPM = 190.0
"""Words per minute the default voice speaks narrative prose at with ``-r 1`` (measured:
101 words in 31.6 s; a 19-word line in 5.8 s, silences included)."""

RATE_RANGE = (60, 500)
VOLUME_RANGE = (0.0, 2.0)

INSTALL_HINT = "install it with: apt-get install festival festvox-us-slt-hts"

_VOICE_NAME = re.compile(r"^[A-Za-z0-9_]+$")
"""Festival voice names are Scheme symbols; anything else could inject Scheme code."""

_ASCII_PUNCTUATION = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "′": "'",
    "“": '"', "”": '"', "„": '"', "″": '"',
    "–": " - ", "—": " - ", "―": " - ", "…": "...", "\u00a0": " ",
})


def _render_timeout(text: str) -> float:
    """HTS renders ~40x faster than real time; allow a loaded machine plenty more."""
    return 30.0 + 0.5 * len(text.split())


def _ascii_text(text: str) -> str:
    """Fold typographic punctuation and accents to ASCII, which Festival reads correctly."""
    folded = unicodedata.normalize("NFKD", text.translate(_ASCII_PUNCTUATION))
    return folded.encode("ascii", "ignore").decode("ascii")


def apply_volume(audio: AudioSegment, volume: float) -> AudioSegment:
    """Scale audio by a linear factor (1.0 unchanged, 0 silent), the same way for every
    engine that cannot set its own volume."""
    if volume == 1.0:
        return audio
    if volume <= 0:
        return AudioSegment.silent(duration=len(audio), frame_rate=audio.frame_rate)
    return audio.apply_gain(gain_db(volume))


def _programs() -> tuple[str, str]:
    """The paths of ``text2wave`` and ``festival``, looked up on each use so that PATH in
    force (and an install made while the program runs) is honoured."""
    text2wave = shutil.which("text2wave")
    festival = shutil.which("festival")
    if not text2wave or not festival:
        raise EngineMissing(f"Festival is not installed; {INSTALL_HINT}")
    return text2wave, festival


def _first_error(output: str) -> str:
    """Festival's most telling line: the SIOD error if any, else the last non-empty line."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in lines:
        if "error" in line.lower():
            return line
    return lines[-1] if lines else "no output"


def _read_wav(path: Path) -> AudioSegment:
    """Read Festival's WAV as mono 16-bit, closing the file (pydub's reader may not)."""
    try:
        with wave.open(str(path), "rb") as wav:
            channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
            frames = wav.readframes(wav.getnframes())
    except (OSError, EOFError, wave.Error) as exc:
        raise VoicepieceError(f"Festival wrote an unreadable audio file ({exc})") from exc
    if not frames:
        raise VoicepieceError("Festival produced no audio for the line")
    audio = AudioSegment(data=frames, sample_width=width, frame_rate=rate, channels=channels)
    if channels != 1:
        audio = audio.set_channels(1)
    if width != 2:
        audio = audio.set_sample_width(2)
    return audio


class FestivalSynthesizer:
    """Festival through ``text2wave``: better-sounding than espeak, ~0.3 s for a 20-word line.

    Stateless apart from a cached list of installed voices, so instances may be shared
    across threads; each line is its own Festival process.
    """

    engine = "festival"

    def __init__(self) -> None:
        self._voices: list[tuple[str, str]] | None = None
        self._lock = threading.Lock()
        self._warned_pitch = False

    def synthesize(self, text: str, settings: VoiceSettings) -> AudioSegment:
        """Render ``text`` with ``settings`` as mono 16-bit audio at the voice's own rate.

        ``settings.name`` is a Festival voice (the espeak default ``en-us`` or an empty name
        mean :data:`DEFAULT_VOICE`); ``rate`` is words per minute; ``pitch`` is ignored (see
        the module notes). Raises ``EngineMissing`` when Festival or the voice is not
        installed, ``VoicepieceError`` for anything else that goes wrong.
        """
        if not text or not text.strip():
            raise VoicepieceError("cannot synthesize an empty line")
        spoken = _ascii_text(text)
        if not re.search(r"[A-Za-z0-9]", spoken):
            raise VoicepieceError(f"Festival cannot speak this line (nothing readable in it): "
                                  f"{text[:60]!r}")
        check_settings("festival", settings, RATE_RANGE, VOLUME_RANGE)
        voice = self.resolve_voice(settings.name)
        if settings.pitch != VoiceSettings().pitch and not self._warned_pitch:
            self._warned_pitch = True
            log.info("Festival HTS voices ignore pitch (asked for %d)", settings.pitch)
        text2wave, _ = _programs()
        speed = settings.rate / REFERENCE_WPM
        timeout = _render_timeout(spoken)
        with tempfile.TemporaryDirectory(prefix="voicepiece-festival-") as tmp:
            source, target = Path(tmp, "line.txt"), Path(tmp, "line.wav")
            source.write_text(spoken + "\n", encoding="ascii")
            command = [
                text2wave, "-otype", "riff", "-o", str(target),
                "-eval", f"(voice_{voice})",
                "-eval", f"(Parameter.set 'Duration_Stretch {1 / speed:.4f})",
                "-eval", f"(set! hts_engine_params (append hts_engine_params "
                         f"(list (list \"-r\" {speed:.4f}))))",
                str(source),
            ]
            try:
                done = subprocess.run(command, capture_output=True, text=True, errors="replace",
                                      timeout=timeout, check=False, stdin=subprocess.DEVNULL)
            except subprocess.TimeoutExpired as exc:
                raise VoicepieceError(f"Festival took over {timeout:.0f} s to render a line of "
                                      f"{len(spoken.split())} words; is the machine "
                                      "overloaded?") from exc
            except OSError as exc:
                raise EngineMissing(f"Festival could not start ({exc}); {INSTALL_HINT}") from exc
            output = f"{done.stdout}\n{done.stderr}"
            if done.returncode != 0 or "SIOD ERROR" in output or not target.exists():
                raise VoicepieceError(f"Festival failed to render the line: "
                                      f"{_first_error(output)}")
            audio = _read_wav(target)
        return apply_volume(audio, settings.volume)

    def voices(self) -> list[tuple[str, str]]:
        """The installed Festival voices as (name, description), e.g.
        ``("cmu_us_slt_arctic_hts", "female american english")``; read once per instance
        because each query starts Festival (whether Festival is still there is checked
        every time)."""
        _programs()
        with self._lock:
            if self._voices is None:
                self._voices = self._read_voices()
            return list(self._voices)

    def resolve_voice(self, name: str) -> str:
        """The Festival voice to select for ``name``; fails early on one that is not there."""
        if not name or name == "en-us":  # espeak's voice, the default before the chain
            name = DEFAULT_VOICE
        if not _VOICE_NAME.match(name):
            raise VoicepieceError(f"{name!r} is not a Festival voice name (letters, digits and "
                                  "underscores, e.g. cmu_us_slt_arctic_hts)")
        installed = [voice for voice, _ in self.voices()]
        if name in installed:
            return name
        if name == DEFAULT_VOICE:
            raise EngineMissing(f"the Festival voice {DEFAULT_VOICE} is not installed; "
                                "install it with: apt-get install festvox-us-slt-hts")
        close = difflib.get_close_matches(name, installed, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        listed = ", ".join(installed) or "none"
        raise VoicepieceError(f"unknown Festival voice {name!r}{hint}; installed: {listed}")

    def check_voice(self, name: str) -> None:
        """Fail early (e.g. when a piece loads) on a voice Festival does not have."""
        self.resolve_voice(name)

    @staticmethod
    def _read_voices() -> list[tuple[str, str]]:
        _, festival = _programs()
        script = ('(mapcar (lambda (v) (format t "voice\\t%s\\t%l\\n" v '
                  "(voice.description v))) (voice.list))")
        try:
            done = subprocess.run([festival, "-b", script], capture_output=True, text=True,
                                  errors="replace", timeout=60, check=False,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise VoicepieceError("Festival took over 60 s to list its voices") from exc
        except OSError as exc:
            raise EngineMissing(f"Festival could not start ({exc}); {INSTALL_HINT}") from exc
        voices: list[tuple[str, str]] = []
        for record in re.split(r"^voice\t", done.stdout, flags=re.MULTILINE)[1:]:
            name, _, description = record.partition("\t")
            traits = [m.group(1) for key in ("gender", "dialect", "language")
                      if (m := re.search(rf"\({key} (\w+)\)", description))]
            voices.append((name.strip(), " ".join(traits)))
        if done.returncode != 0 and not voices:
            raise VoicepieceError(f"Festival failed to list its voices: "
                                  f"{_first_error(done.stdout + done.stderr)}")
        return voices

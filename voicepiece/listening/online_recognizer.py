"""Google's free web recognizer, through SpeechRecognition's ``recognize_google``: only
when the user explicitly chooses it (``--recognizer online``), because **the listener's
voice leaves the machine**: every answer is sent to Google. Building it logs one warning
that says so.

It is never a fallback and nothing else in voicepiece goes online. It transcribes freely;
the words go through the shared transcript decision
(:mod:`voicepiece.listening.transcripts`), with Google's confidence in its best
alternative where the reply gives one. A failed request (no network, refused key) logs a
warning and makes the turn unclear, as an unintelligible answer does: the piece asks again
rather than ending mid-session. Each request is a network round trip of the order of a
second, so :meth:`~OnlineRecognizer.is_complete` does not ask (that would also send every
pause's audio): it answers False and the point's longer ``incomplete_silence`` applies.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

from voicepiece.audio.levels import LISTENING_RATE
from voicepiece.errors import EngineMissing
from voicepiece.listening.base import Thresholds
from voicepiece.listening.transcripts import NOTHING, Transcript, TranscriptRecognizer
from voicepiece.story.phrases import Choice

__all__ = ["PRIVACY_WARNING", "OnlineRecognizer", "transcript_of_response"]

_LOG = logging.getLogger(__name__)

PRIVACY_WARNING = ("online recognizer: the listener's voice is sent to Google for every "
                   "answer; it is not kept on this machine only")

TIMEOUT_SECONDS = 10.0
"""A request that takes longer has failed: the turn is unclear."""


def _import_sr() -> Any:
    try:
        import speech_recognition as sr
    except ImportError as e:  # a core dependency, but checked like the optional engines
        raise EngineMissing("the online recognizer needs SpeechRecognition: "
                            "pip install SpeechRecognition") from e
    return sr


def transcript_of_response(response: Any) -> Transcript:
    """``recognize_google(..., show_all=True)``'s reply as a :class:`Transcript`: its first
    (best) alternative and that alternative's confidence, when Google sends one."""
    alternatives = response.get("alternative", []) if isinstance(response, dict) else []
    if not alternatives or not alternatives[0].get("transcript"):
        return NOTHING
    best = alternatives[0]
    confidence = best.get("confidence")
    return Transcript(best["transcript"], None if confidence is None else float(confidence))


class OnlineRecognizer(TranscriptRecognizer):
    """SpeechRecognition's Google Web Speech recognizer; ``language`` an RFC 5646 tag."""

    checks_completeness = False

    def __init__(self, language: str = "en-US", thresholds: Thresholds | None = None) -> None:
        super().__init__(thresholds)
        sr = _import_sr()
        try:
            sr.get_flac_converter()  # the audio is sent as FLAC
        except OSError as e:
            raise EngineMissing("the online recognizer needs the flac program: "
                                "apt-get install flac") from e
        self._sr = sr
        self._recognizer = sr.Recognizer()
        self._recognizer.operation_timeout = TIMEOUT_SECONDS
        self.language = language
        self._lock = threading.Lock()
        _LOG.warning(PRIVACY_WARNING)

    def transcribe(self, audio: bytes, choices: Sequence[Choice]) -> Transcript:
        sr = self._sr
        data = sr.AudioData(audio[: len(audio) // 2 * 2], LISTENING_RATE, 2)
        try:
            with self._lock:
                response = self._recognizer.recognize_google(data, language=self.language,
                                                             show_all=True)
        except sr.UnknownValueError:
            return NOTHING
        except (sr.RequestError, OSError) as e:  # OSError: a timeout while reading the reply
            _LOG.warning("online recognizer: %s; the answer is treated as unclear", e)
            return NOTHING
        return transcript_of_response(response)

"""The listener of a render: given replies heard by the real ear, so a render exercises
the whole listening path (voice activity, endpointing, recognition, rejection).

A reply that names an audio file (:func:`voicepiece.audio.levels.names_audio_file`) is
what the listener said; other words are spoken by a listener voice distinct from the
narrator's; ``silence`` is a quiet room. Every reply is made into sound before the session
starts, so a missing, unreadable or absurd file — or a listener voice that cannot speak —
is one line before any folder exists, not a session that stops half-way. Each begins
``RESPONSE_DELAY`` after the ear opens, as a person answers.

A confirmation ("… is that what you said?") is answered as a truthful listener would: "yes"
when the answer being checked is what the reply's words mean (read by the matcher, as if
typed), else "no"; a check that offers two answers ("by listening, or by opening up?") with
the first phrase of the one meant, if offered, else "no" — all spoken by the same listener
voice and heard by the same ear — and after a "no" the re-asked question gets the same
reply once more, as a person repeats themselves. Silence would no longer do: it consents
only when the ear was nearly sure, so a script answered by silence drifted one question
behind the piece. A reply given as an audio file has no known words; its confirmations are
answered by silence.
"""

from __future__ import annotations

import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from voicepiece.audio.levels import LISTENING_RATE, names_audio_file
from voicepiece.errors import VoicepieceError
from voicepiece.listening.base import Recognizer, Source
from voicepiece.listening.ear import ListeningEar
from voicepiece.listening.listener_voices import LISTENER_VOICES, ListenerVoice, pad, speak
from voicepiece.listening.sources import PcmSource, load_pcm
from voicepiece.session.events import CONFIRMATION_TURN, Heard, Question
from voicepiece.story.matching import match_answer
from voicepiece.story.model import SILENCE, Answer

RESPONSE_DELAY = 0.6
"""Seconds from the ear opening to the listener's first sound."""

MAX_REPLY_SECONDS = 300.0
"""The longest reply file a render takes: far beyond any answer, short of a wrong file
(a whole recording, an album) that would only fill memory and the session."""

MAX_REPLY_BYTES = 256 * 2**20
"""The largest reply file read at all: five minutes of 96 kHz 24-bit stereo fit."""


@dataclass(frozen=True)
class Reply:
    """A reply as given (for messages) and as the listener says it: 16 kHz mono PCM,
    empty for silence."""

    given: str
    pcm: bytes


@dataclass(frozen=True)
class Confirmations:
    """The listener's "yes" and "no" to a confirmation, in its own voice (``voice``: the
    one that names an answer when a check offers two, session/confirming.py)."""

    yes: bytes
    no: bytes
    voice: ListenerVoice | None = None


def prepared_replies(replies: Sequence[str], voice: ListenerVoice = LISTENER_VOICES[0]
                     ) -> list[Reply]:
    """Every reply as sound, or one line naming the first that cannot be."""
    return [Reply(reply, _sound(reply, voice)) for reply in replies]


def confirmations(voice: ListenerVoice = LISTENER_VOICES[0]) -> Confirmations:
    return Confirmations(_sound("yes", voice), _sound("no", voice), voice)


def reply_file(path: Path) -> bytes:
    """A reply file's sound, once it is known to be a regular, readable audio file of a
    sane length."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise VoicepieceError(f"--reply {path}: no such audio file") from None
    except OSError as exc:
        raise VoicepieceError(f"--reply {path}: cannot read it ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise VoicepieceError(f"--reply {path}: is a folder, not an audio file")
    if not stat.S_ISREG(info.st_mode):
        raise VoicepieceError(f"--reply {path}: not a regular file")
    if info.st_size > MAX_REPLY_BYTES:
        raise VoicepieceError(f"--reply {path}: larger than {MAX_REPLY_BYTES // 2**20} MB; a "
                              f"reply is at most {MAX_REPLY_SECONDS / 60:.0f} minutes")
    try:
        pcm = load_pcm(path, longest=MAX_REPLY_SECONDS + 1)
    except VoicepieceError as exc:
        raise VoicepieceError(f"--reply {exc}") from None
    if not pcm:
        raise VoicepieceError(f"--reply {path}: holds no sound (for no answer, give "
                              f"'{SILENCE}')")
    if len(pcm) / 2 / LISTENING_RATE > MAX_REPLY_SECONDS:
        raise VoicepieceError(f"--reply {path}: longer than {MAX_REPLY_SECONDS / 60:.0f} "
                              "minutes; a reply is one answer")
    return pcm


def _sound(reply: str, voice: ListenerVoice) -> bytes:
    if reply.strip().lower() in (SILENCE, ""):
        return b""
    if names_audio_file(reply):
        return reply_file(Path(reply.strip()))
    return speak(reply, voice)


class RenderedListener:
    def __init__(self, replies: Sequence[Reply], recognizer: Recognizer,
                 answers: Confirmations | None = None) -> None:
        self.replies = list(replies)
        self.answers = answers
        self._source: Source = PcmSource(b"")
        self.ear = ListeningEar(lambda: self._source, recognizer)
        self._last: tuple[str, tuple[Answer, ...], Reply] | None = None
        self._repeat: Reply | None = None
        self._repeated: Reply | None = None

    @property
    def left_over(self) -> list[str]:
        return [reply.given for reply in self.replies]

    def listen(self, question: Question) -> Heard:
        sound = self.says(question)
        self._source = PcmSource(pad(sound, RESPONSE_DELAY, 0.0) if sound else b"")
        return self.ear.listen(question)

    def says(self, question: Question) -> bytes:
        """What the listener says when asked ``question`` (b"" for silence); each call is
        the next turn."""
        if question.kind == CONFIRMATION_TURN:
            return self._confirmation(question)
        return self._answer(question)

    def _answer(self, question: Question) -> bytes:
        repeat, self._repeat = self._repeat, None
        if repeat is not None and self._last is not None and self._last[0] == question.node:
            reply: Reply | None = repeat
            self._repeated = repeat
        else:
            reply = self.replies.pop(0) if self.replies else None
        self._last = None if reply is None else (question.node, question.choices, reply)
        return reply.pcm if reply is not None else b""

    def _confirmation(self, question: Question) -> bytes:
        if self._last is None or self.answers is None:
            return b""
        _, choices, reply = self._last
        if names_audio_file(reply.given) or not reply.pcm:
            return b""
        meant = match_answer(reply.given, choices).label
        offered = {c.label: c for c in question.choices if c.phrases}
        if offered and meant in offered and self.answers.voice is not None:
            return speak(offered[meant].phrases[0], self.answers.voice)  # "by listening"
        if not offered and meant == question.confirms:
            return self.answers.yes
        if reply is not self._repeated:
            self._repeat = reply
        return self.answers.no

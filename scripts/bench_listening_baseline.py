"""The newcomer's program the listening bench compares against, in its own process so
that its GIL-holding decoder never delays ours."""

from __future__ import annotations

import contextlib
import difflib
import multiprocessing
import multiprocessing.connection
import os
import queue
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bench_common import first_sample
from bench_listening_clips import SAMPLE_RATE
from bench_listening_results import Outcome

from voicepiece.listening import listener_voices as lv
from voicepiece.listening.base import ACCEPT, REJECT
from voicepiece.story.model import HEARD, UNCLEAR, fill
from voicepiece.story.wording import normalize

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from voicepiece.audio.playback import Player
    from voicepiece.story.model import VoiceSettings

BASELINE_CHUNK = 1024
"""Frames per read of the baseline's source: SpeechRecognition's ``Microphone`` default."""
FUZZY_CUTOFF = 0.6


@dataclass(frozen=True)
class BaselineTurn:
    phrases: tuple[tuple[str, str], ...]  # (phrase, label) of every offered answer
    answers: tuple[tuple[str, tuple[str, ...]], ...]  # label → its lines' texts
    unclear: tuple[str, ...]  # what is said when nothing matched


class _Blocks:
    """The baseline's microphone stream: ``read(n)`` blocks until n frames have arrived,
    returns b"" once the turn's audio has ended (as a closed stream does)."""

    def __init__(self, chunks: queue.Queue[bytes]) -> None:
        self.chunks = chunks
        self.pending = bytearray()
        self.ended = False

    def read(self, frames: int) -> bytes:
        wanted = frames * 2
        while len(self.pending) < wanted and not self.ended:
            chunk = self.chunks.get()
            if chunk:
                self.pending += chunk
            else:
                self.ended = True
        out = bytes(self.pending[:wanted])
        del self.pending[:wanted]
        return out

    def drain(self) -> None:
        """Discard the rest of this turn's audio, up to its end mark."""
        while not self.ended:
            if not self.chunks.get():
                self.ended = True
        self.pending.clear()


def _baseline_source(blocks: _Blocks) -> Any:
    import speech_recognition as sr

    class FeedSource(sr.AudioSource):  # type: ignore[misc]
        """A microphone-like ``AudioSource`` over the benchmark's real-time feed."""

        SAMPLE_RATE = SAMPLE_RATE
        SAMPLE_WIDTH = 2
        CHUNK = BASELINE_CHUNK

        def __init__(self) -> None:
            self.stream: _Blocks | None = None

        def __enter__(self) -> FeedSource:
            self.stream = blocks
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream = None

    return FeedSource()


def fuzzy_label(transcript: str | None, phrases: Sequence[tuple[str, str]]) -> str | None:
    """The newcomer's matcher: the closest answer phrase by difflib ratio, if >= 0.6."""
    if not transcript:
        return None
    labels: dict[str, str] = {}
    for phrase, label in phrases:  # a phrasing two answers share goes to the first
        labels.setdefault(phrase, label)
    best = difflib.get_close_matches(normalize(transcript), list(labels), n=1,
                                     cutoff=FUZZY_CUTOFF)
    return labels[best[0]] if best else None


def _end_with_parent() -> None:
    """Ends this process when the bench's process has gone, whatever it is doing: killed
    mid-turn, the bench never closes us, and an orphan kept a core busy for an hour."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)


def _baseline_worker(control: Connection, audio: Connection, voice: VoiceSettings) -> None:
    """The child process: one newcomer's program, turn after turn, on the fed stream."""
    import speech_recognition as sr

    from voicepiece.audio.playback import Player
    from voicepiece.voices.espeak import EspeakSynthesizer

    chunks: queue.Queue[bytes] = queue.Queue()

    def receive() -> None:  # the "sound card driver": never lets the feed's pipe fill up
        with contextlib.suppress(EOFError, OSError):
            while True:
                chunks.put(audio.recv_bytes())

    threading.Thread(target=receive, daemon=True).start()
    threading.Thread(target=_end_with_parent, daemon=True).start()
    synthesizer = EspeakSynthesizer()
    player = Player()
    recognizer = sr.Recognizer()
    # Warm up what a long-running program has warm: the engine, the player, the imports.
    first_sample(player, synthesizer.synthesize("Ready.", voice))
    with contextlib.suppress(sr.UnknownValueError):
        recognizer.recognize_sphinx(sr.AudioData(lv.speak("hello"), SAMPLE_RATE, 2))
    control.send(("ready", None))
    while True:
        message = control.recv()
        if message is None:
            return
        kind, turn = message
        if kind == "session":
            recognizer = sr.Recognizer()
            continue
        blocks = _Blocks(chunks)
        try:
            control.send(("done", _baseline_turn(recognizer, blocks, turn, synthesizer,
                                                 player, voice, control)))
        except Exception:
            import traceback

            control.send(("failed", traceback.format_exc()))
        blocks.drain()


def _baseline_turn(recognizer: Any, blocks: _Blocks, turn: BaselineTurn, synthesizer: Any,
                   player: Player, voice: VoiceSettings, control: Connection) -> Outcome:
    """One turn as the newcomer's program takes it."""
    import speech_recognition as sr

    with _baseline_source(blocks) as source:
        phrase = recognizer.listen(source)
    listened = time.perf_counter()
    ran_out = blocks.ended
    control.send(("listened", listened))
    try:
        transcript: str | None = recognizer.recognize_sphinx(phrase)
    except sr.UnknownValueError:
        transcript = None
    recognized = time.perf_counter()
    label = fuzzy_label(transcript, turn.phrases)
    lines = turn.unclear if label is None else dict(turn.answers)[label]
    text = next((t for t in (fill(line, {HEARD: transcript}) for line in lines) if t),
                None) or "Sorry?"
    spoken = synthesizer.synthesize(text, voice)
    synthesized = time.perf_counter()
    started = first_sample(player, spoken)
    return Outcome(label or UNCLEAR, ACCEPT if label else REJECT, transcript, listened,
                   started, ran_out, {"recognized": recognized, "synthesized": synthesized})


class Baseline:
    """The parent's handle on the baseline process."""

    def __init__(self, voice: VoiceSettings) -> None:
        context = multiprocessing.get_context("spawn")
        self.control, child_control = context.Pipe()
        self.audio, child_audio = context.Pipe()
        self.process = context.Process(target=_baseline_worker,
                                       args=(child_control, child_audio, voice),
                                       name="newcomer baseline", daemon=True)
        self.process.start()
        child_control.close()
        child_audio.close()
        ready = self.control.recv()
        assert ready[0] == "ready", ready
        self.listened: float | None = None
        self.failure: tuple[str, Any] | None = None

    def new_session(self) -> None:
        self.control.send(("session", None))

    def start(self, turn: BaselineTurn) -> None:
        self.listened = self.failure = None
        self.control.send(("turn", turn))

    def feed(self, chunk: bytes) -> None:
        self.audio.send_bytes(chunk)

    def end(self) -> None:
        self.audio.send_bytes(b"")

    def has_listened(self) -> bool:
        if self.listened is None and self.control.poll():
            kind, value = self.control.recv()
            if kind != "listened":  # it failed before it listened: the turn ends here
                self.failure = (kind, value)
            self.listened = value if kind == "listened" else time.perf_counter()
        return self.listened is not None

    def outcome(self) -> Outcome:
        while True:
            kind, value = self.failure or self.control.recv()
            if kind == "done":
                return value
            if kind == "failed":
                raise RuntimeError(f"the baseline failed:\n{value}")
            self.listened = value

    def close(self) -> None:
        with contextlib.suppress(OSError, BrokenPipeError):
            self.control.send(None)
        self.process.join(10)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()

"""The listening benchmark: spoken answers streamed in real time, ours against a newcomer's.

For every listening point of the her piece a few answer phrasings (held out from the
verifier's fitting, as ``scripts/fit-verifier`` splits them) and some off-list speech are
spoken by three listener voices, clean (room floor only), at 20 dB and at 10 dB SNR. Each
answer is one turn: ~0.5 s of room noise, the speech, then up to 3 s of room noise, fed in
32 ms chunks on a real-time schedule to two listeners at once, as two programs would hear
one microphone:

- OURS: ``StreamSource`` → ``ListeningEar(…, SphinxRecognizer())``; the session's decision
  (``Session._decide``: accept, confirm, or unclear); the narrator's response line (the
  answer's first line, the confirmation, or the unclear reprompt) from the warm render
  cache, or synthesized when it holds the listener's words; played through ``Player`` on a
  virtual PulseAudio sink.
- BASELINE, what a newcomer would write: a SpeechRecognition ``AudioSource`` reading the
  same stream in 1024-frame blocks like a ``Microphone``; ``sr.Recognizer().listen()`` with
  its defaults (one recognizer per session, no ``adjust_for_ambient_noise``);
  ``recognize_sphinx`` open vocabulary; the transcript matched to the answers' phrases with
  difflib (``get_close_matches``, cutoff 0.6, else unclear); the response synthesized on
  demand by pyttsx3 (``EspeakSynthesizer``, no cache) and played by the same ``Player``.
  It runs in its own process, so its GIL-holding decoder never delays ours, and its
  pyttsx3 engine is the only one there.

Then the real human recordings in ../shared/data/human-speech (when present) are heard
the same way, by both, at a yes/no point: every "yes", "no" and other answer among them
("right"), and read sentences and other words as off-list speech; reported apart, per kind.

Response latency = the wall time the first sample of the response was written to the
sound server − the wall time the chunk ending with the listener's last speech sample was
fed (the chunks are aligned so that the speech ends on a chunk boundary).
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import importlib.machinery
import importlib.util
import multiprocessing
import os
import queue
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from bench_common import first_sample, p95

from voicepiece.listening import listener_voices as lv
from voicepiece.listening.base import ACCEPT, CONFIRM, FRAME_SAMPLES, FRAME_SECONDS, REJECT
from voicepiece.listening.sources import StreamSource
from voicepiece.story.matching import match_answer, normalize, phrases_for
from voicepiece.story.model import HEARD, SILENCE, UNCLEAR, Line, Listen, fill

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from voicepiece.audio.playback import Player
    from voicepiece.session.events import Question
    from voicepiece.story.model import Node, Piece, VoiceSettings
    from voicepiece.voices.narrator import Narrator

SAMPLE_RATE = 16000
VOICES = ("flite:slt", "espeak-ng:en-gb+m3", "flite:rms")
NOISE_LEVELS: tuple[float | None, ...] = (None, 20.0, 10.0)
LEAD_IN = 0.5
"""Seconds of room noise before the speech (a little more: the speech ends on a chunk)."""
TRAILING = 3.0
"""Seconds of room noise after the speech at most: the feed stops once both listeners have
returned; a listener that never finds the end of speech returns when the stream ends."""
BASELINE_CHUNK = 1024
"""Frames per read of the baseline's source: SpeechRecognition's ``Microphone`` default."""
FUZZY_CUTOFF = 0.6
END_DB = 40.0
"""The speech of a synthesized answer spans its 10 ms frames within this many dB of the
loudest one: the TTS engines' own quiet lead-in and tail are not speech."""
HUMS = frozenset({"mm hmm", "mhm", "uh huh", "yea", "naw", "nay", "aye"})
"""Phrasings a synthetic voice cannot say the way people do: left out."""
NEW_OFF_LIST = ("where did I park the car", "turn on the lights",
                "what is for dinner tonight", "the train was late again")
"""Off-list speech the verifier never saw, in addition to its held-out off-list phrases."""
PHRASINGS_PER_LABEL = {"full": 2, "quick": 1}
"""Per label at the points with their own answers; 1 at each yes/no/unsure point (there are
seven, so the shared grammar still hears seven phrasings of each)."""
QUICK_POINTS = ("friendship", "she_listens", "source", "combustion")
QUICK_OFF_LIST = 3
FULL_OFF_LIST = 16

ROOT = Path(__file__).resolve().parents[1]


# ── what is said ─────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Item:
    """One thing a listener says at one listening point."""

    point: str
    text: str  # as spoken (as written in the piece or meanings.yaml)
    truth: str | None  # the label it should get; None for off-list speech

    @property
    def on_list(self) -> bool:
        return self.truth is not None


def _fit_verifier_module() -> Any:
    """scripts/fit-verifier as a module (its split of the phrasings, its off-list phrases,
    its reading of the human recordings), or None with a note if it cannot be loaded."""
    if "_fit_verifier" in sys.modules:
        return sys.modules["_fit_verifier"]
    path = ROOT / "scripts" / "fit-verifier"
    try:
        loader = importlib.machinery.SourceFileLoader("_fit_verifier", str(path))
        spec = importlib.util.spec_from_loader("_fit_verifier", loader)
        assert spec is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["_fit_verifier"] = module
        loader.exec_module(module)
        return module
    except Exception as exc:  # the script is someone else's: never let it stop the bench
        sys.modules.pop("_fit_verifier", None)
        print(f"(scripts/fit-verifier did not load: {exc})", file=sys.stderr)
        return None


def _fit_verifier() -> tuple[Callable[[str], str], tuple[str, ...], str]:
    """``split_of`` and ``OFF_LIST`` of scripts/fit-verifier: which phrasings the verifier
    was fitted on. If that script cannot be loaded, the same rule (a SHA-256 of the
    phrasing, 60% training) stands in."""
    module = _fit_verifier_module()
    if module is not None:
        return module.split_of, tuple(module.OFF_LIST), "scripts/fit-verifier"
    import hashlib

    def split_of(phrase: str) -> str:
        digest = hashlib.sha256(phrase.encode()).digest()
        return "train" if digest[0] / 256 < 0.6 else "test"

    return split_of, (), "a copy of fit-verifier's rule"


def _written_forms(piece: Piece) -> dict[str, str]:
    """normalized phrase → how it is written (contractions and all), to be said that way."""
    import yaml

    source = resources.files("voicepiece.story").joinpath("meanings.yaml")
    raw = yaml.load(source.read_text("utf-8"), Loader=yaml.BaseLoader)
    written = {normalize(p): p for phrases in raw.values() for p in phrases}
    for node in piece.listening_points():
        assert node.listen is not None
        for answer in node.listen.answers:
            written.update({normalize(p): p for p in answer.phrases})
    return written


def build_items(piece: Piece, quick: bool) -> tuple[list[Item], str]:
    """The answers and off-list speech, point by point; and where the split came from."""
    from voicepiece.listening.recognizer import grammar_for

    split_of, fitted_off_list, split_source = _fit_verifier()
    written = _written_forms(piece)
    per_label = PHRASINGS_PER_LABEL["quick" if quick else "full"]
    used: set[str] = set()
    items: list[Item] = []
    points = [n for n in piece.listening_points() if not quick or n.name in QUICK_POINTS]
    for node in points:
        listen = node.listen
        assert listen is not None
        labels = grammar_for(listen.answers).labels
        yes_no = {a.label for a in listen.answers} == {"yes", "no", "unsure"}
        for answer in listen.answers:
            own = {normalize(p) for p in answer.phrases}
            held_out = [p for p, label in labels.items()
                        if label == answer.label and split_of(p) == "test" and p not in HUMS
                        and p in phrases_for(answer)]
            rng = random.Random(f"{node.name}:{answer.label}")
            rng.shuffle(held_out)
            # the point's own words first, phrasings not yet heard elsewhere before repeats
            held_out.sort(key=lambda p: (p not in own, p in used))
            for phrase in held_out[:1 if yes_no else per_label]:
                used.add(phrase)
                items.append(Item(node.name, written.get(phrase, phrase), answer.label))
    off_list = [p for p in fitted_off_list if split_of(p) == "test"] + list(NEW_OFF_LIST)
    wanted = QUICK_OFF_LIST if quick else FULL_OFF_LIST
    # the examples first, then the rest of the held-out ones and the new ones, mixed
    head, tail = off_list[:5], off_list[5:]
    random.Random("off-list").shuffle(tail)
    chosen = (head + tail)[:wanted]
    for i, text in enumerate(chosen):
        node = points[(i * 3 + 1) % len(points)]
        assert node.listen is not None
        if match_answer(text, node.listen.answers).label is not None:
            raise SystemExit(f"off-list phrase {text!r} answers {node.name}: remove it")
        items.append(Item(node.name, text, None))
    order = {n.name: i for i, n in enumerate(points)}
    items.sort(key=lambda item: order[item.point])
    return items, split_source


# ── how it sounds ────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Clip:
    item: Item
    voice: str
    snr: float | None
    pcm: bytes  # lead-in, speech, trailing noise: 16 kHz mono s16
    speech_end: int  # samples: where the speech ends, a multiple of FRAME_SAMPLES
    speech_seconds: float


def trim(pcm: bytes) -> bytes:
    """The speech of a synthesized phrase without the engine's quiet lead-in and tail."""
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    frame = SAMPLE_RATE // 100
    usable = len(x) // frame * frame
    rms = np.sqrt(np.mean(x[:usable].reshape(-1, frame) ** 2, axis=1))
    loud = np.nonzero(rms >= rms.max() * 10 ** (-END_DB / 20))[0]
    return pcm[loud[0] * frame * 2:min(len(x), (loud[-1] + 1) * frame) * 2]


def make_clip(item: Item, voice: str, snr: float | None, seed: int,
              spoken: Callable[[str, str], bytes]) -> Clip:
    speech = trim(spoken(item.text, voice))
    samples = len(speech) // 2
    lead = round(LEAD_IN * SAMPLE_RATE)
    lead += -(lead + samples) % FRAME_SAMPLES
    after = round(TRAILING * SAMPLE_RATE)
    padded = lv.pad(speech, lead / SAMPLE_RATE, after / SAMPLE_RATE, seed)
    pcm = lv.add_noise(padded, snr, seed + 1)
    return Clip(item, voice, snr, pcm, lead + samples, samples / SAMPLE_RATE)


def make_clips(items: Sequence[Item]) -> list[list[Clip]]:
    """The turns, grouped into sessions (one voice in one room). Item i is said at noise
    level k by voice (i + k) mod 3: each noise level hears every item, each voice a third."""
    cache: dict[tuple[str, str], bytes] = {}
    lock = threading.Lock()

    def spoken(text: str, voice: str) -> bytes:
        with lock:
            if (text, voice) in cache:
                return cache[(text, voice)]
        pcm = lv.speak(text, voice)
        with lock:
            cache[(text, voice)] = pcm
        return pcm

    plan: list[tuple[int, int, Item, int]] = []
    for k, _snr in enumerate(NOISE_LEVELS):
        for i, item in enumerate(items):
            plan.append((k, (i + k) % len(VOICES), item, 1000 * k + 10 * i))
    with ThreadPoolExecutor(2) as pool:
        clips = list(pool.map(lambda p: make_clip(p[2], VOICES[p[1]], NOISE_LEVELS[p[0]],
                                                  p[3], spoken), plan))
    sessions: dict[tuple[int, int], list[Clip]] = {}
    for (k, v, _, _), clip in zip(plan, clips, strict=True):
        sessions.setdefault((k, v), []).append(clip)
    return [sessions[key] for key in sorted(sessions)]


# ── real people ──────────────────────────────────────────────────────────────────────

HUMAN_POINT = "she_listens"
"""The human recordings are single words and read sentences, so they are heard where the
question is yes or no (all seven such points share one grammar)."""
HUMAN_OFF_LIST = {"full": 40, "quick": 8}
"""How many of the other recordings (words that answer nothing there, read sentences) are
said as off-list speech; every yes, no and other answer ("right") is always said."""
HUMAN_END_DB = 30.0
"""A human clip's speech ends at its last 10 ms frame within this of the loudest: real
recordings carry their own room noise, louder than the synthetic voices' tails."""


def human_clips(quick: bool) -> list[Clip]:
    """The real human recordings in ../shared/data/human-speech (none if absent), as turns
    at a yes/no point: their own audio between the bench's room noise, the speech made to
    end on a chunk as the synthetic turns do."""
    module = _fit_verifier_module()
    if module is None or not (module.HUMAN / "MANIFEST.tsv").exists():
        return []
    piece_points = {n.name: n for n in _her().listening_points()}
    listen = piece_points[HUMAN_POINT].listen
    assert listen is not None
    found = module.human_clips(listen.answers)
    answers = [c for c in found if c[3] in ("yes/no", "other answer")]
    others = [c for c in found if c[3] not in ("yes/no", "other answer")]
    # One recording of each word first, then the sentences, then more of each word.
    seen: set[str] = set()
    ordered = []
    for clip in sorted(others, key=lambda c: (c[3] != "other word", c[0])):
        ordered.append((clip[1] in seen, clip[3] == "other word", clip))
        seen.add(clip[1])
    chosen = [c for _, _, c in sorted(ordered, key=lambda x: (x[0], x[1]))]
    chosen = chosen[:HUMAN_OFF_LIST["quick" if quick else "full"]]
    clips = []
    for i, (path, words, expected, kind) in enumerate(answers + chosen):
        audio = module.read_wav_16k(module.HUMAN / path)
        if audio is None:
            continue
        x = np.frombuffer(audio, dtype="<i2").astype(np.float64)
        frame = SAMPLE_RATE // 100
        rms = np.sqrt(np.mean(x[: len(x) // frame * frame].reshape(-1, frame) ** 2, axis=1))
        loud = np.nonzero(rms >= rms.max() * 10 ** (-HUMAN_END_DB / 20))[0]
        end = min(len(x), (int(loud[-1]) + 1) * frame)
        lead = round(LEAD_IN * SAMPLE_RATE)
        lead += -(lead + end) % FRAME_SAMPLES
        padded = lv.pad(audio, lead / SAMPLE_RATE, TRAILING, 5000 + i)
        item = Item(HUMAN_POINT, words, expected)
        clips.append(Clip(item, f"human {kind}", None, lv.add_noise(padded, None, 6000 + i),
                          lead + end, end / SAMPLE_RATE))
    return clips


def _her() -> Piece:
    from voicepiece.story.loader import load_piece

    return load_piece("her")


def report_human(turns: Sequence[Turn]) -> None:
    """Accuracy on real people, per kind of recording (small counts: read them as such)."""
    if not turns:
        print("\nhuman recordings: none found in ../shared/data/human-speech")
        return
    print(f"\nreal human recordings (../shared/data/human-speech; Speech Commands words and "
          f"read sentences, 16 kHz, their own room noise) at {HUMAN_POINT}, a yes/no point:")
    print(header())
    for kind in sorted({t.clip.voice for t in turns}):
        part = [t for t in turns if t.clip.voice == kind]
        print(row(kind, "own", part))
    print(row("all human", "own", turns))
    print("(latency on these is approximate: a recording's end of speech is estimated from "
          "its energy)")
    mistakes(turns)


# ── what the narrator answers ────────────────────────────────────────────────────────


def first_line(lines: Iterable[Line], heard: str | None) -> tuple[Line, str] | None:
    """The first of ``lines`` the session would say, with the listener's words put in."""
    for line in lines:
        text = fill(line.text, {HEARD: heard})
        if text is not None:
            return line, text
    return None


def ladder_lines(listen: Listen, kind: str) -> tuple[Line, ...]:
    """What the story says after a first silent or unclear turn: its first reprompt, or,
    with none, the ladder's closing lines."""
    ladder = listen.silence if kind == SILENCE else listen.unclear
    return ladder.reprompts[:1] or ladder.say


def response(listen: Listen, label: str, confirm: bool, heard: str | None) -> tuple[Line, str]:
    """The narrator's first line after a decision, as the session picks it."""
    if label in (SILENCE, UNCLEAR):
        lines: tuple[Line, ...] = ladder_lines(listen, label)
    elif confirm:
        lines = (listen.confirmation(label),)
    else:
        answer = listen.answer(label)
        assert answer is not None
        lines = answer.say
    found = first_line(lines, heard)
    if found is None:  # a line with the listener's words and no fallback, and no words
        found = first_line(ladder_lines(listen, UNCLEAR), heard)
    assert found is not None, f"no line to say after {label}"
    return found


# ── the baseline, in its own process ─────────────────────────────────────────────────


@dataclass(frozen=True)
class BaselineTurn:
    phrases: tuple[tuple[str, str], ...]  # (phrase, label) of every offered answer
    answers: tuple[tuple[str, tuple[str, ...]], ...]  # label → its lines' texts
    unclear: tuple[str, ...]  # what is said when nothing matched


@dataclass(frozen=True)
class Outcome:
    """What one listener made of one turn."""

    label: str  # an offered label, "unclear" or "silence"
    zone: str  # ACCEPT, CONFIRM, REJECT, or SILENCE
    heard: str | None  # the phrase (ours) or transcript (baseline)
    listened: float  # perf_counter when listening ended
    first_sample: float  # perf_counter when the response's first sample was out
    ran_out: bool = False  # listening ended only because the stream did
    steps: dict[str, float] = field(default_factory=dict)
    """Moments of the steps in between (perf_counter); for ours also, in seconds of audio,
    ``vad_lag`` (the detected end of speech after the true one) and ``silence`` (the
    trailing silence the endpointer waited for)."""


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


# ── ours, and one turn of both ───────────────────────────────────────────────────────


@dataclass(frozen=True)
class Turn:
    clip: Clip
    speech_end: float  # perf_counter when the chunk ending the speech was fed
    ours: Outcome
    base: Outcome | None

    def latency(self, who: str) -> float:
        outcome = self.ours if who == "ours" else self.base
        assert outcome is not None
        return outcome.first_sample - self.speech_end


class Bench:
    """Everything a turn needs, set up (and warmed) once."""

    def __init__(self, piece: Piece, narrator: Narrator, baseline: Baseline | None) -> None:
        """``narrator`` must have been made before ``virtual_audio`` changed $HOME, or its
        render cache would be a fresh, empty folder."""
        from voicepiece.audio.playback import Player
        from voicepiece.listening.ear import ListeningEar
        from voicepiece.listening.recognizer import SphinxRecognizer
        from voicepiece.voices import registry

        self.piece = piece
        self.points: dict[str, Node] = {n.name: n for n in piece.listening_points()}
        self.recognizer = SphinxRecognizer()
        for node in self.points.values():
            assert node.listen is not None
            self.recognizer.warm_up(node.listen.answers)
        self.stream = StreamSource()
        self.ear = ListeningEar(lambda: self.stream, self.recognizer)
        self.narrator = narrator
        registry.synthesizer(narrator.settings).synthesize("Ready.", narrator.settings)
        self.player = Player()
        self.baseline = baseline

    def baseline_turn(self, listen: Listen) -> BaselineTurn:
        phrases = tuple((p, a.label) for a in listen.answers for p in phrases_for(a))
        answers = tuple((a.label, tuple(line.text for line in a.say)) for a in listen.answers)
        unclear = tuple(line.text for line in ladder_lines(listen, UNCLEAR))
        return BaselineTurn(phrases, answers, unclear)

    def _ours(self, question: Question, listen: Listen, clip: Clip, done: threading.Event,
              out: list[Outcome]) -> None:
        from voicepiece.session.loop import Session

        try:
            heard = self.ear.listen(question)
            listened = time.perf_counter()
            done.set()
            # The session's own decision (its static method, so the semantics stay in step).
            label, _ = Session._decide(heard, question)
            confirm = heard.confirm and label not in (SILENCE, UNCLEAR)
            zone = (SILENCE if label == SILENCE else REJECT if label == UNCLEAR
                    else CONFIRM if confirm else ACCEPT)
            line, text = response(listen, label, confirm, heard.text)
            audio = self.narrator.audio(line, text)
            rendered = time.perf_counter()
            started = first_sample(self.player, audio)
            steps = {"rendered": rendered}
            endpoint = self.ear.last_endpoint
            assert endpoint is not None
            if endpoint.speech_end is not None:
                steps["vad_lag"] = endpoint.speech_end - clip.speech_end / SAMPLE_RATE
                steps["silence"] = endpoint.at - endpoint.speech_end
            out.append(Outcome(label, zone, heard.text, listened, started,
                               endpoint.reason == "source_ended", steps))
        finally:
            done.set()

    def turn(self, clip: Clip) -> Turn:
        from voicepiece.session.events import Question

        node = self.points[clip.item.point]
        listen = node.listen
        assert listen is not None
        question = Question(node.name, listen.answers, listen.settings)
        self.stream = StreamSource()
        if self.baseline is not None:
            self.baseline.start(self.baseline_turn(listen))
        ours_listened = threading.Event()
        ours: list[Outcome] = []
        worker = threading.Thread(target=self._ours, name="ours",
                                  args=(question, listen, clip, ours_listened, ours))
        worker.start()
        last_chunk = clip.speech_end // FRAME_SAMPLES - 1
        speech_end: float | None = None
        chunk_bytes = FRAME_SAMPLES * 2
        start = time.perf_counter()
        for i in range(len(clip.pcm) // chunk_bytes):
            delay = start + (i + 1) * FRAME_SECONDS - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            chunk = clip.pcm[i * chunk_bytes:(i + 1) * chunk_bytes]
            if i == last_chunk:
                speech_end = time.perf_counter()
            self.stream.feed(chunk)
            if self.baseline is not None:
                self.baseline.feed(chunk)
            if ours_listened.is_set() and (self.baseline is None
                                           or self.baseline.has_listened()):
                break
        self.stream.end()
        if self.baseline is not None:
            self.baseline.end()
        worker.join()
        if not ours:
            raise RuntimeError(f"our listener failed on {clip.item.text!r}")
        base = self.baseline.outcome() if self.baseline is not None else None
        if speech_end is None:  # both stopped listening before the speech was over
            speech_end = start + (last_chunk + 1) * FRAME_SECONDS
        return Turn(clip, speech_end, ours[0], base)


# ── counting ─────────────────────────────────────────────────────────────────────────


@dataclass
class Tally:
    """One listener's results over some turns (see DEFINITIONS)."""

    accept_right: int = 0
    accept_wrong: int = 0
    confirm_right: int = 0
    confirm_wrong: int = 0
    missed: int = 0
    off_list: int = 0
    off_accepted: int = 0
    off_confirmed: int = 0
    ran_out: int = 0
    latencies: list[float] = field(default_factory=list)

    def add(self, item: Item, outcome: Outcome, latency: float) -> None:
        self.latencies.append(latency)
        self.ran_out += outcome.ran_out
        if not item.on_list:
            self.off_list += 1
            self.off_accepted += outcome.zone == ACCEPT
            self.off_confirmed += outcome.zone == CONFIRM
            return
        right = outcome.label == item.truth
        if outcome.zone == ACCEPT:
            self.accept_right += right
            self.accept_wrong += not right
        elif outcome.zone == CONFIRM:
            self.confirm_right += right
            self.confirm_wrong += not right
        else:
            self.missed += 1

    @property
    def on_list(self) -> int:
        return (self.accept_right + self.accept_wrong + self.confirm_right + self.confirm_wrong
                + self.missed)

    @property
    def right(self) -> int:
        return self.accept_right + self.confirm_right

    @property
    def branches(self) -> int:
        return self.right + self.accept_wrong

    def share(self, part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def one_shot(self) -> float | None:
        return self.share(self.accept_right, self.on_list)

    @property
    def final(self) -> float | None:
        return self.share(self.right, self.branches)

    @property
    def first_time(self) -> float | None:
        return self.share(self.right, self.on_list)

    @property
    def confirm(self) -> float | None:
        return self.share(self.confirm_right + self.confirm_wrong, self.on_list)

    @property
    def false_accept(self) -> float | None:
        return self.share(self.off_accepted, self.off_list)

    def median(self) -> float | None:
        return statistics.median(self.latencies) if self.latencies else None

    def p95(self) -> float | None:
        if not self.latencies:
            return None
        return p95(self.latencies)


def tally(turns: Iterable[Turn], who: str) -> Tally:
    out = Tally()
    for turn in turns:
        outcome = turn.ours if who == "ours" else turn.base
        if outcome is not None:
            out.add(turn.clip.item, outcome, turn.latency(who))
    return out


def pct(x: float | None) -> str:
    return "    -" if x is None else f"{100 * x:4.0f}%"


def ms(x: float | None) -> str:
    return "    -" if x is None else f"{1000 * x:5.0f}"


def noise_name(snr: float | None) -> str:
    return "clean" if snr is None else f"{snr:g} dB"


OURS_COLUMNS = (("1-shot", 6), ("final", 6), ("1st", 5), ("conf", 5), ("FA", 5),
                ("lat med", 7), ("p95 ms", 6))
BASE_COLUMNS = (("1-shot", 6), ("final", 6), ("1st", 5), ("FA", 5), ("lat med", 7),
                ("p95 ms", 6))


def cells(values: Sequence[str], columns: Sequence[tuple[str, int]]) -> str:
    return " ".join(f"{v.strip():>{width}}" for v, (_, width) in zip(values, columns,
                                                                     strict=True))


def prefix(name: str, noise: str, n: str, off: str) -> str:
    return f"{name:<19} {noise:<6} {n:>3}/{off:<3} "


def header() -> str:
    ours = cells([c for c, _ in OURS_COLUMNS], OURS_COLUMNS)
    base = cells([c for c, _ in BASE_COLUMNS], BASE_COLUMNS)
    top = " " * len(prefix("", "", "", "")) + f"| {'ours':^{len(ours)}} | " \
        f"{'baseline (newcomer)':^{len(base)}}"
    return f"{top}\n{prefix('voice', 'noise', 'n', 'off')}| {ours} | {base}"


def row(name: str, noise: str, turns: Sequence[Turn]) -> str:
    o, b = tally(turns, "ours"), tally(turns, "base")
    ours = cells([pct(o.one_shot), pct(o.final), pct(o.first_time), pct(o.confirm),
                  pct(o.false_accept), ms(o.median()), ms(o.p95())], OURS_COLUMNS)
    base = cells([pct(b.one_shot), pct(b.final), pct(b.first_time), pct(b.false_accept),
                  ms(b.median()), ms(b.p95())], BASE_COLUMNS) if b.latencies else "(not run)"
    return f"{prefix(name, noise, str(o.on_list), str(o.off_list))}| {ours} | {base}"


DEFINITIONS = """\
definitions (n = on-list answers, off = off-list phrases; a turn is one answer, heard once):
  1-shot  the first decision alone takes the right branch: accepted with the right label / n
  final   branch accuracy after confirmation, with a listener who confirms truthfully:
          right branches / answers where a branch was taken. Right = accepted right +
          confirmed right (the listener says yes). No branch is taken when a confirmation of
          a wrong label is refused ("caught": the point asks again) or the answer is
          rejected as unclear or not heard ("missed": the point asks again).
  1st     stricter: right branch taken on the first asking (confirmation included) / n
  conf    answers that needed confirmation / n
  FA      off-list speech accepted as an answer / off. Off-list speech that was only
          confirmed (a truthful listener says no) is counted apart, below.
  lat     response latency: the chunk holding the listener's last speech sample fed to the
          listeners -> the first sample of the narrator's response written to the sound
          server (median, p95), over every turn of the row.
  The baseline has no confirmation, so its 1-shot equals its 1st; its "unclear" (no phrase
  within difflib ratio 0.6) is a re-ask, like our rejection."""


def report(turns: Sequence[Turn], baseline_ran: bool) -> None:
    print()
    print(header())
    for snr in NOISE_LEVELS:
        for voice in VOICES:
            part = [t for t in turns if t.clip.snr == snr and t.clip.voice == voice]
            if part:
                print(row(voice, noise_name(snr), part))
    print("-" * len(header().splitlines()[1]))
    for snr in NOISE_LEVELS:
        print(row("all voices", noise_name(snr), [t for t in turns if t.clip.snr == snr]))
    print(row("all", "all", turns))
    print()
    print(DEFINITIONS)

    o, b = tally(turns, "ours"), tally(turns, "base")
    print()
    print(f"ours, on-list answers (n={o.on_list}): accepted right {o.accept_right}, accepted "
          f"wrong {o.accept_wrong}, confirmed right {o.confirm_right}, confirmation caught "
          f"a wrong label {o.confirm_wrong}, missed (rejected or not heard) {o.missed}")
    print(f"ours, off-list (n={o.off_list}): accepted {o.off_accepted}, confirmed (refused "
          f"by the listener) {o.off_confirmed}, rejected "
          f"{o.off_list - o.off_accepted - o.off_confirmed}; listening ended only with the "
          f"stream in {o.ran_out}/{len(turns)} turns")
    if baseline_ran:
        print(f"baseline, on-list: right {b.accept_right}, wrong {b.accept_wrong}, unclear "
              f"{b.missed}; off-list matched to an answer {b.off_accepted}/{b.off_list}; "
              f"listen() returned only when the stream ended (3 s after the speech) in "
              f"{b.ran_out}/{len(turns)} turns")
    breakdown(turns, baseline_ran)
    mistakes(turns)
    targets(turns, baseline_ran)


def breakdown(turns: Sequence[Turn], baseline_ran: bool) -> None:
    """Where the time goes, per noise level: medians from the end of speech."""

    def med(values: Iterable[float]) -> str:
        found = list(values)
        return f"{1000 * statistics.median(found):4.0f}" if found else "   -"

    print("\nwhere the time goes (medians in ms, from the end of speech):")
    for snr in NOISE_LEVELS:
        part = [t for t in turns if t.clip.snr == snr]
        if not part:
            continue
        ended = [t.ours.steps for t in part if "silence" in t.ours.steps]
        short = sum(s["silence"] < 0.5 for s in ended)
        print(f"  ours {noise_name(snr):>6}: speech end noticed (VAD) "
              f"+{med(s['vad_lag'] for s in ended)}, listening ended "
              f"{med(t.ours.listened - t.speech_end for t in part)}, response audio ready "
              f"{med(t.ours.steps['rendered'] - t.speech_end for t in part)}, first sample "
              f"{med(t.latency('ours') for t in part)}; ended after the short silence "
              f"(a whole answer heard) in {short}/{len(ended)} turns")
    if not baseline_ran:
        return
    for snr in NOISE_LEVELS:
        base = [(t.base, t.speech_end) for t in turns if t.clip.snr == snr and t.base]
        if not base:
            continue
        print(f"  baseline {noise_name(snr):>6}: listening ended "
              f"{med(b.listened - end for b, end in base)}, transcript "
              f"{med(b.steps['recognized'] - end for b, end in base)}, response synthesized "
              f"{med(b.steps['synthesized'] - end for b, end in base)}, first sample "
              f"{med(b.first_sample - end for b, end in base)}")


def mistakes(turns: Sequence[Turn]) -> None:
    """Our wrong accepts, caught confirmations and missed answers, one line each."""

    def said(t: Turn) -> str:
        return (f"{t.clip.item.text!r} at {t.clip.item.point} ({t.clip.voice}, "
                f"{noise_name(t.clip.snr)}): heard {t.ours.heard!r}")

    wrong = [t for t in turns if t.ours.zone == ACCEPT
             and (not t.clip.item.on_list or t.ours.label != t.clip.item.truth)]
    caught = [t for t in turns if t.ours.zone == CONFIRM and t.clip.item.on_list
              and t.ours.label != t.clip.item.truth]
    missed = [t for t in turns if t.clip.item.on_list and t.ours.zone in (REJECT, SILENCE)]
    print(f"\nours accepted wrongly: {len(wrong) or 'none'}")
    for t in wrong:
        print(f"  {said(t)} -> {t.ours.label} (truth: {t.clip.item.truth or 'off-list'})")
    print(f"ours confirmed a wrong label (the listener's no catches it): {len(caught) or 'none'}")
    for t in caught:
        print(f"  {said(t)} -> {t.ours.label} (truth: {t.clip.item.truth})")
    print(f"ours missed (rejected or not heard; the point asks again): {len(missed) or 'none'}")
    for t in missed:
        print(f"  {said(t)} (truth: {t.clip.item.truth})")


def targets(turns: Sequence[Turn], baseline_ran: bool) -> None:
    clean = [t for t in turns if t.clip.snr is None]
    noisy = [t for t in turns if t.clip.snr == 10.0]
    o, oc, on = tally(turns, "ours"), tally(clean, "ours"), tally(noisy, "ours")
    b, bc, bn = tally(turns, "base"), tally(clean, "base"), tally(noisy, "base")
    ours_median, base_median = o.median(), b.median()
    speedup = base_median / ours_median if base_median and ours_median else None

    def line(name: str, ours: float | None, ok: Callable[[float], bool], shown: str,
             base: str) -> None:
        verdict = "n/a" if ours is None else "met" if ok(ours) else "NOT MET"
        extra = f"   (baseline {base.strip()})" if baseline_ran else ""
        print(f"  {name:<48} {shown.strip():>9}   {verdict:<7}{extra}")

    print("\ntargets (ours):")
    line("final branch accuracy, clean >= 95%", oc.final, lambda v: v >= 0.95,
         pct(oc.final), pct(bc.final))
    line("final branch accuracy, 10 dB SNR >= 90%", on.final, lambda v: v >= 0.90,
         pct(on.final), pct(bn.final))
    line("confirmation needed for <= 25% of answers", o.confirm, lambda v: v <= 0.25,
         pct(o.confirm), "never confirms")
    line("off-list speech taken as an answer <= 10%", o.false_accept, lambda v: v <= 0.10,
         pct(o.false_accept), pct(b.false_accept))
    line("median response latency <= 0.5 s", ours_median, lambda v: v <= 0.5,
         "-" if ours_median is None else f"{1000 * ours_median:.1f} ms",
         f"{ms(base_median).strip()} ms")
    line("at least 3x faster than the baseline (medians)", speedup, lambda v: v >= 3.0,
         "-" if speedup is None else f"{speedup:.1f}x", "1.0x")
    print(f"  right branch on the first asking (stricter than final): clean "
          f"{pct(oc.first_time).strip()}, 10 dB {pct(on.first_time).strip()}, all "
          f"{pct(o.first_time).strip()}" + (f"   (baseline {pct(bc.first_time).strip()}, "
                                              f"{pct(bn.first_time).strip()}, "
                                              f"{pct(b.first_time).strip()})"
                                              if baseline_ran else ""))


def fingerprint() -> str:
    """Which version of the listening code ran: a hash of its files, and when the newest
    of them changed (they are being tuned)."""
    import datetime
    import hashlib

    folder = ROOT / "voicepiece" / "listening"
    files = sorted(p for p in folder.iterdir() if p.suffix in (".py", ".json"))
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()[:10]
    newest = max(p.stat().st_mtime for p in files)
    changed = datetime.datetime.fromtimestamp(newest).strftime("%Y-%m-%d %H:%M")
    return f"{changed} (sha256 {digest} of voicepiece/listening/*.py, *.json)"


# ── the section ──────────────────────────────────────────────────────────────────────


def run(args: argparse.Namespace) -> None:
    from voicepiece.audio.virtual import virtual_audio
    from voicepiece.story.loader import load_piece

    began = time.perf_counter()
    quick = bool(getattr(args, "quick", False))
    piece = load_piece("her")
    items, split_source = build_items(piece, quick)
    on_list = sum(item.on_list for item in items)
    print(f"her: {on_list} answers at {len({i.point for i in items})} listening points "
          f"(phrasings held out from the verifier's fitting, per {split_source}) and "
          f"{len(items) - on_list} off-list phrases; each said at "
          f"{', '.join(noise_name(s) for s in NOISE_LEVELS)} by one of {', '.join(VOICES)} "
          f"(rotating): {len(items) * len(NOISE_LEVELS)} turns")
    sessions = make_clips(items)
    print(f"(answers synthesized in {time.perf_counter() - began:.1f} s)", file=sys.stderr)

    from voicepiece.voices import narrator_for

    # Made now: virtual_audio() points $HOME elsewhere, and with it the cache folder.
    narrator = narrator_for(piece)
    prepared = narrator.prepare()  # the render cache a session has warm
    print(f"narrator: {piece.voice.engine} {piece.voice.name}, render cache warmed "
          f"({prepared.rendered} lines rendered now, {prepared.cached} cached, "
          f"{prepared.templates} with the listener's words, synthesized on demand)")

    load = os.getloadavg()[0]
    turns: list[Turn] = []
    human: list[Turn] = []
    with virtual_audio():
        baseline = Baseline(piece.voice)
        try:
            bench = Bench(piece, narrator, baseline)
            t = bench.recognizer.thresholds
            print(f"ours: {bench.ear.vad.engine} voice activity, verifier thresholds accept "
                  f">= {t.accept:.3f}, confirm >= {t.confirm:.3f}; listening code as of "
                  f"{fingerprint()}")
            warm = sessions[0][0]
            bench.turn(warm)  # warm-up: first decode, first render, first player start
            for s, clips in enumerate(sessions, 1):
                baseline.new_session()
                started = time.perf_counter()
                for clip in clips:
                    turns.append(bench.turn(clip))
                print(f"  session {s}/{len(sessions)} ({clips[0].voice}, "
                      f"{noise_name(clips[0].snr)}): {len(clips)} turns in "
                      f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
            baseline.new_session()
            started = time.perf_counter()
            people = human_clips(quick)
            print(f"  human recordings: {len(people)} turns…", file=sys.stderr)
            human = [bench.turn(clip) for clip in people]
            print(f"  human recordings: {len(human)} turns in "
                  f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
        finally:
            baseline.close()
    report(turns, baseline_ran=True)
    report_human(human)
    print(f"\n({len(turns)} turns, {time.perf_counter() - began:.0f} s in all; load average "
          f"{load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, on "
          f"{os.cpu_count()} cores: latencies grow when other jobs share the CPU)")

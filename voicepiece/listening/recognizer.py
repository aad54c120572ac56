"""Recognition constrained to the answers a listening point offers, with rejection.

For each set of choices the decoder holds a grammar of every whole phrasing of every answer
(:mod:`~voicepiece.listening.grammar`). A turn with no speech in it is rejected without
decoding; a noisy answer is denoised first (:mod:`~voicepiece.listening.denoise`); then each
answer is decoded twice by the process's decoder (:mod:`~voicepiece.listening.decoder`), as
the project's measurements recommend (docs/listening-measurements.md, "Recognition"):

1. with the grammar, as one whole utterance (``full_utt``: the model's batch cepstral mean
   normalization sees the whole answer) and without the bestpath pass (which returns
   partial phrases);
2. with a free phone loop (pocketsphinx's ``allphone`` search, no phone language model):
   what the audio sounds like when nothing constrains it.

:mod:`voicepiece.listening.verifier` compares the two and puts the answer in one of three
zones: accept, confirm with the listener, or reject as unclear.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from voicepiece.audio.levels import LISTENING_RATE
from voicepiece.listening.base import REJECT, Recognition, Thresholds, audio_digest
from voicepiece.listening.decoder import PHONE_LOOP, engine
from voicepiece.listening.decoding import Decoded
from voicepiece.listening.denoise import enhance
from voicepiece.listening.grammar import Grammar, grammar_for
from voicepiece.listening.snr import percentile_snr
from voicepiece.listening.verifier import Verifier, features
from voicepiece.story.phrases import Choice
from voicepiece.story.wording import normalize

__all__ = ["Analysis", "SphinxRecognizer", "Verdict", "analyse", "decodable", "speech_snr"]

MIN_SAMPLES = LISTENING_RATE // 10
"""Less than 0.1 s of audio holds no answer: it is not decoded at all."""

ENHANCE_BELOW_DB = 26.0
"""Answers noisier than this (:func:`~voicepiece.listening.snr.percentile_snr`, which reads
~4 dB above the true SNR of a live turn) are denoised before decoding
(:func:`~voicepiece.listening.denoise.enhance`). Measured on the yes/no grammar: at
5/10/15/20 dB SNR 58→79%, 69→86%, 91→96%, 93→94% right; at 25 and 30 dB it would cost 1-3
points (the filter all but silences the room floor, and digital silence hurts), so cleaner
answers are decoded as they are."""

NO_SPEECH_BELOW_DB = 5.0
"""A turn whose loud frames are within this of its quiet ones holds no speech (steady noise
reads ~3 dB; speech at 5 dB SNR reads 7.5 or more): it is rejected without decoding."""


@dataclass(frozen=True)
class Analysis:
    """What the two decodings of one answer found, before any decision: the grammar's
    decoding, the whole phrase it heard (None: nothing, or only part of a phrase) and that
    phrase's label (None also for a built-in phrasing no choice offers), the phone loop's
    decoding and the verifier's features (both None when there was no phrase to verify)."""

    grammar: Decoded
    phrase: str | None
    label: str | None
    phones: Decoded | None
    features: dict[str, float] | None
    seconds: float


_EMPTY = Decoded(None, 0, (), 0)

REMEMBERED = 4
"""Analyses remembered, and audio made ready to decode, the newest kept: a turn's pause
check, the analysis begun during its wait and its decision each ask for audio another of
them had, in no fixed order — a transcript that comes after the wait's analysis began can
make the check's audio the one decided on, which one remembered analysis decoded again on
the critical path, where a starved process spent a second on it."""

_last: OrderedDict[tuple, Analysis] = OrderedDict()
_ready: OrderedDict[tuple, _Ready] = OrderedDict()
_last_lock = threading.Lock()


def _remember(memory: OrderedDict, key: tuple, value: object) -> None:
    with _last_lock:
        memory[key] = value
        memory.move_to_end(key)
        while len(memory) > REMEMBERED:
            memory.popitem(last=False)


@dataclass
class _Ready:
    """What was measured of some audio before decoding it: its SNR, and what the decoder
    hears (denoised or not)."""

    snr: float | None = None
    pcm: bytes | None = None


def _prepared(audio: bytes) -> _Ready:
    """What was measured of ``audio`` before decoding, kept by its fingerprint: the pause's
    hesitation check and its analysis both decode the same audio, and measured and
    denoised it twice."""
    key = (len(audio), audio_digest(audio))
    with _last_lock:
        found = _ready.get(key)
    if found is None:
        found = _Ready()
        _remember(_ready, key, found)
    return found


def speech_snr(audio: bytes) -> float:
    """:func:`~voicepiece.listening.snr.percentile_snr` of ``audio``, measured once."""
    ready = _prepared(audio)
    if ready.snr is None:
        ready.snr = percentile_snr(audio)
    return ready.snr


def decodable(audio: bytes) -> bytes:
    """``audio`` as the decoder should hear it: denoised when noisier than
    :data:`ENHANCE_BELOW_DB`, else as it is — made once for every decode of it."""
    ready = _prepared(audio)
    if ready.pcm is None:
        ready.pcm = enhance(audio) if speech_snr(audio) < ENHANCE_BELOW_DB else audio
    return ready.pcm


def analyse(audio: bytes, choices: Sequence[Choice]) -> Analysis:
    """Decode ``audio`` with the grammar of ``choices`` and, when it heard a whole phrase,
    again with the phone loop, and measure the verifier's features.

    The last few analyses are remembered (:data:`REMEMBERED`): the endpointer's
    :meth:`SphinxRecognizer.is_complete`, the analysis during a wait and the final
    :meth:`~SphinxRecognizer.recognize` of the same audio decode it once."""
    if len(audio) < MIN_SAMPLES * 2 or not choices:
        return Analysis(_EMPTY, None, None, None, None, 0.0)
    grammar = grammar_for(choices)
    key = _key(audio, grammar)
    with _last_lock:
        if key in _last:
            return _last[key]
    found = _analyse(audio, grammar)
    _remember(_last, key, found)
    return found


def _key(audio: bytes, grammar: Grammar) -> tuple:
    return grammar.search, len(audio), audio_digest(audio)


def _analyse(audio: bytes, grammar: Grammar) -> Analysis:
    started = time.perf_counter()
    eng = engine()
    if speech_snr(audio) < NO_SPEECH_BELOW_DB:
        return Analysis(_EMPTY, None, None, None, None, time.perf_counter() - started)
    decoded = decodable(audio)
    heard = eng.decode(decoded, grammar.search)
    phrase = normalize(heard.text) if heard.text else None
    if phrase not in grammar.labels:  # nothing, or a partial path: no whole answer
        return Analysis(heard, None, None, None, None, time.perf_counter() - started)
    phones = eng.decode(decoded, PHONE_LOOP)
    found = features(heard, phones, grammar.pronunciations[phrase], audio)
    return Analysis(heard, phrase, grammar.labels[phrase], phones, found,
                    time.perf_counter() - started)


@dataclass(frozen=True)
class Verdict:
    """A :class:`Recognition` with the :class:`Analysis` it was decided from."""

    recognition: Recognition
    analysis: Analysis


NO_ANSWER = Recognition(None, None, 0.0, REJECT)


class SphinxRecognizer:
    """The :class:`~voicepiece.listening.base.Recognizer` of this platform: pocketsphinx with
    a grammar of the offered answers, verified against a phone loop, decided in three zones.

    ``thresholds`` overrides the fitted accept/confirm thresholds; ``verifier`` a fitted
    model other than the packaged ``verifier.json``.
    """

    def __init__(self, thresholds: Thresholds | None = None,
                 verifier: Verifier | None = None) -> None:
        self.verifier = verifier or Verifier.load()
        self.thresholds = thresholds or self.verifier.thresholds

    def warm_up(self, choices: Sequence[Choice] | None = None) -> None:
        """Load the decoder (and compile the grammar of ``choices``) before the first turn."""
        engine()
        if choices:
            grammar_for(choices)

    def recognize(self, audio: bytes, choices: Sequence[Choice]) -> Recognition:
        return self.examine(audio, choices).recognition

    def forget(self, within: float | None = None) -> bool:
        """The listener has gone: the analyses remembered of their last answer go, and the
        audio kept ready to decode."""
        with _last_lock:
            _last.clear()
            _ready.clear()
        return True

    def examine(self, audio: bytes, choices: Sequence[Choice]) -> Verdict:
        """:meth:`recognize`, keeping what the decision was based on."""
        found = analyse(audio, choices)
        if found.phrase is None or found.features is None:
            return Verdict(NO_ANSWER, found)
        if found.label is None:
            return Verdict(Recognition(found.phrase, None, 0.0, REJECT), found)
        score = self.verifier.probability(found.features)
        zone = self.thresholds.zone(score)
        return Verdict(Recognition(found.phrase, found.label, score, zone,
                                   nearly_sure=self.thresholds.nearly_sure(score)), found)

    def remembers(self, audio: bytes, choices: Sequence[Choice]) -> bool:
        """Whether recognizing ``audio`` would decode nothing: its analysis is remembered,
        or there is nothing to decode."""
        if len(audio) < MIN_SAMPLES * 2 or not choices:
            return True
        with _last_lock:
            return _key(audio, grammar_for(choices)) in _last

    def is_complete(self, audio: bytes, choices: Sequence[Choice]) -> bool:
        """Whether ``audio`` already holds a whole offered answer that would not be rejected.

        The grammar alone cannot tell: it fits *some* whole answer to any speech, even half a
        word. So this is a full recognition (~60-120 ms); it is remembered, and the final
        :meth:`recognize` of the same audio costs nothing more. Call it once the trailing
        silence has lasted the short (complete) timeout, not on every frame."""
        found = self.recognize(audio, choices)
        return found.label is not None and found.zone != REJECT

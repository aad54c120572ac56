"""From a transcript to a decision: the one piece of logic every transcribing recognizer
shares (Vosk, Whisper, the online one).

Those engines return words, not a choice among the offered answers, so the answer is what
the text matcher (:func:`voicepiece.story.matching.match_answer`) makes of the words — the same
reading a typed reply gets, so spoken and typed replies agree. The decision's score is the
matcher's confidence (1.0 when the whole utterance is one answer's phrasing, down to 0.75
the more of it went unexplained, 0.6 for a hedge read from yes and no together, the
similarity for a near miss) times the engine's own confidence in its words, when it
reports one (else the matcher's alone). The score falls into the three zones of
:class:`~voicepiece.listening.base.Thresholds`:

- ACCEPT at ``TRANSCRIPT_THRESHOLDS.accept`` (0.75) or above: a whole answer heard with
  confidence, or a mostly explained one heard very clearly;
- CONFIRM from ``confirm`` (0.45): a near miss, a hedge, or clear words the engine itself
  doubts — the session mirrors the answer and listens for a correction;
- REJECT below, and always when the words give no offered answer (the turn is unclear) —
  nor do words addressed to someone else, whatever answer's phrase they hold ("Hello?
  Yeah, I'm at the museum" is a phone call, not a yes: story/elsewhere.py).

These thresholds are reasoned from what the matcher's confidences mean, not fitted: no
Vosk or Whisper model can be had on the machines this was written on, so there was no
audio to fit them on (the pocketsphinx recognizer's are fitted, docs/listening-measurements.md).
Pass ``thresholds=`` to a recognizer to change them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from voicepiece.listening.base import (
    ACCEPT,
    CONFIRM,
    REJECT,
    Recognition,
    Thresholds,
    audio_digest,
)
from voicepiece.story.elsewhere import addressed_elsewhere
from voicepiece.story.matching import NO_MATCH, Similarity, match_answer
from voicepiece.story.phrases import Choice, ChoicesKey, choices_key
from voicepiece.story.wording import normalize, words

__all__ = [
    "ACCEPT",
    "CONFIRM",
    "LEAST_FLOOR",
    "NOTHING",
    "OWN_WORDS_FLOOR",
    "QUIET_RUN",
    "QUIET_WORD_DB",
    "REJECT",
    "TRANSCRIPT_THRESHOLDS",
    "WORD_FLOOR",
    "Decoded",
    "Transcript",
    "TranscriptRecognizer",
    "decide",
    "every_word_sure",
    "listener_words",
    "vouched",
    "vouched_words",
    "word_levels",
    "word_probabilities",
    "written_forms",
]

TRANSCRIPT_THRESHOLDS = Thresholds(accept=0.75, confirm=0.45)

OWN_WORDS_FLOOR = 0.7
"""The engine confidence at or above which an open transcript is taken for the listener's
own words, which the narrator may say back (for Whisper, a mean token log probability of
−0.36 or better); an engine that gives no confidence is not vouched for. Fitted for
Whisper tiny.en on tuning data only (scripts/fit_combined.py: the tuning-side voices, the
verifier's training phrasings and tuning-only open answers, pink noise): of the words it
would have said back, 96% (69/72) were the listener's at 0.7 or above, 85% (22/26) at
0.6-0.7, 60% (25/42) at 0.3-0.6."""


LEAST_FLOOR = 0.5
"""And the probability of its least sure word piece must be at least this: a sentence
heard confidently on the whole can hang on one guessed word ("paying *the* tension" for
"paying attention", the word at 0.29; "on *sandals*" for "on sundays", 0.46), which the
mean hides. Chosen for Whisper tiny.en on tuning data only. scripts/fit_combined.py
--quick --friendship (the tuning-side voices, training phrasings and tuning-only answers,
pink noise): of the words said back at confidence 0.7 or above, 69/72 were the listener's
with no floor on the least sure piece, 66/69 at 0.3, 62/64 at 0.4 and 60/62 at 0.5. The
ear development set (scripts/bench_listening_dev.py --trust: Kokoro voices in babble and
a fan's hum, v2's conditions): 105/114 at 0.4, 102/108 at 0.5, 89/93 at 0.6 — together
93.8% at 0.4 and 95.3% at 0.5, where 95% is wanted. The combined ear also only confirms,
never accepts, an answer that Whisper's words alone decided when one of them was below
this floor."""


WORD_FLOOR = 0.5
"""The probability every word said back must have (its word pieces' multiplied: "I" +
"'d"): trust is given word by word, not to the utterance as a whole. Measured on tuning
data only (scripts/mirror_trust.py: the ear development set, listening v3, their items in
the seen v7 voices, 5 dB, the tuning-side synthetic set): the untrue words said back are
heard as surely as true ones (their least sure word at 0.58-0.88), so a higher floor cuts
both alike — 546/558 true with no floor, 449/459 at 0.6, 327/332 at 0.7. 0.5 costs no true
mirror there and still holds back a word built of two guessed pieces."""


def word_probabilities(pieces: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    """The words of a decode's ``pieces`` (text, probability; a piece beginning with a space
    begins a word), each with the probability of all its pieces; punctuation is no word."""
    joined: list[tuple[str, float]] = []
    for piece, p in pieces:
        if not any(c.isalnum() for c in piece):
            continue
        if piece.startswith(" ") or not joined:
            joined.append((piece.strip(), p))
        else:
            word, q = joined[-1]
            joined[-1] = (word + piece, q * p)
    return joined


QUOTE_FLOOR = 0.5
"""How likely every word said back must be, all together (the product of their
probabilities: Whisper's own odds that the whole quote is right): a quote is said back only
when it is likelier right than not. Each word's floor (:data:`WORD_FLOOR`) does not see
length, and with Whisper's words whole (issue 13, thirteenth pass) quotes grew: seven
words at 0.9 each are wrong as often as right. 0.5 is where the odds turn, not a fitted
value; on the fourteenth pass's fit half (scripts/mirror_halves.py; docs/
listening-measurements.md, "Words said back, whole transcripts") it kept 157 of 200
mirrors and raised their truth from 93.5% to 96.8% (held half: 97.6% → 98.9%). Below
it the answer's canonical form is said; the words are still read (``own_words``)."""


def sure_to_quote(pieces: Sequence[tuple[str, float]], quoted: str | None) -> bool:
    """Whether the words of ``quoted`` — a stretch of the decode whose ``pieces`` they are
    (the words said back: without a leading interjection, up to the answer's sentences) —
    are together at least :data:`QUOTE_FLOOR` likely. Where ``quoted`` cannot be found
    among the decode's words, all of them count; no pieces: no evidence against them."""
    heard = word_probabilities(pieces)
    said = words(quoted or "")
    bare = ["".join(words(w)) for w, _ in heard]
    span = next((heard[k:k + len(said)] for k in range(len(heard) - len(said) + 1)
                 if said and bare[k:k + len(said)] == said), heard)
    chance = 1.0
    for _, p in span:
        chance *= p
    return chance >= QUOTE_FLOOR


QUIET_WORD_DB = 10.0
QUIET_RUN = 2
"""Words more than :data:`QUIET_WORD_DB` below the transcript's loudest, :data:`QUIET_RUN`
or more in a row, are another voice in the room (word_loudness.py): the transcript is
not said back (:func:`vouched_words`), though still read.
One quiet word alone is the listener's own: a phrase's last word ("…of *it*", "…to
*me*") often falls 10-14 dB. Fitted on tuning data only (scripts/mirror_trust.py: the ear
development set, listening v3, their items in the seen v7 voices at 10 dB, and the
development set under one other talker; 462 transcripts at confidence 0.7 or more, 58 of
them not wholly the listener's words): a run of two under 10 dB was found in 6 of the
404 true ones and 19 of the 58 untrue (15 of the 18 where another talker's words came
in); one word under 10 dB, 56 true and 26 untrue; two under 12 dB, 2 and 12; three under
10 dB, 2 and 14."""


def word_levels(pieces: Sequence[tuple[str, float]],
                levels: Sequence[float]) -> list[tuple[str, float]]:
    """The words of ``pieces`` (as :func:`word_probabilities` makes them) with each one's
    loudness, dB below the loudest: its loudest piece's. Empty without levels."""
    if len(levels) != len(pieces):
        return []
    words: list[tuple[str, float]] = []
    for (piece, _), level in zip(pieces, levels, strict=True):
        if not any(c.isalnum() for c in piece):
            continue
        if piece.startswith(" ") or not words:
            words.append((piece.strip(), level))
        else:
            word, loudest = words[-1]
            words[-1] = (word + piece, max(loudest, level))
    return words


def listener_words(pieces: Sequence[tuple[str, float]], levels: Sequence[float]
                   ) -> tuple[str, tuple[tuple[str, float], ...], tuple[float, ...]] | None:
    """The transcript without another voice's words: every run of :data:`QUIET_RUN` or
    more words in a row more than :data:`QUIET_WORD_DB` below the loudest is left out,
    with the punctuation after it. Its text, pieces and levels; None when no word is left
    out (or the levels are unknown)."""
    if not pieces or len(levels) != len(pieces):
        return None
    words: list[list[int]] = []  # each word's piece indices, its punctuation after it
    for i, (piece, _) in enumerate(pieces):
        if not words or (piece.startswith(" ") and any(c.isalnum() for c in piece)):
            words.append([i])
        else:
            words[-1].append(i)
    loudness = [max((levels[i] for i in w if any(c.isalnum() for c in pieces[i][0])),
                    default=0.0) for w in words]
    quiet = [level < -QUIET_WORD_DB for level in loudness]
    drop = [False] * len(words)
    start = 0
    for k in range(len(words) + 1):
        if k < len(words) and quiet[k]:
            continue
        if k - start >= QUIET_RUN:
            drop[start:k] = [True] * (k - start)
        start = k + 1
    if not any(drop) or all(drop):
        return None
    kept = [i for w, gone in zip(words, drop, strict=True) if not gone for i in w]
    text = "".join(pieces[i][0] for i in kept).strip()
    return text, tuple(pieces[i] for i in kept), tuple(levels[i] for i in kept)


def every_word_sure(pieces: Sequence[tuple[str, float]], floor: float | None = None) -> bool:
    """Whether each word of ``pieces`` was heard with at least ``floor`` (default
    :data:`WORD_FLOOR`; no pieces: no word-level evidence against them)."""
    floor = WORD_FLOOR if floor is None else floor
    return all(p >= floor for _, p in word_probabilities(pieces))


_WRITTEN_FORMS = re.compile(r"[0-9%$\u00a3\u20ac&@#+=/]")


def written_forms(text: str | None) -> bool:
    """Whether ``text`` holds digits or symbols: how an engine writes what was said
    ("100%" for "a hundred percent", "44" for "forty four"), not the words said — said
    back, they are read its way — and a number, which answers no question of a piece."""
    return bool(text and _WRITTEN_FORMS.search(text))


def vouched(confidence: float | None, least: float = 1.0, text: str | None = None,
            least_floor: float = LEAST_FLOOR,
            pieces: Sequence[tuple[str, float]] = ()) -> bool:
    """Whether an open transcript heard this surely may be said back as the listener's
    own words (:data:`OWN_WORDS_FLOOR`, :data:`LEAST_FLOOR`, and every word of its
    ``pieces`` at :data:`WORD_FLOOR`); an engine that gives no confidence is not vouched
    for, nor ``text`` the engine wrote with digits or symbols (:func:`written_forms`)."""
    return (confidence is not None and confidence >= OWN_WORDS_FLOOR and least >= least_floor
            and not written_forms(text) and every_word_sure(pieces))


class Decoded(Protocol):
    """What an open transcript gives: its words, its confidence in them, its least sure
    word piece and each piece with its probability."""

    text: str | None
    confidence: float
    least: float
    pieces: tuple[tuple[str, float], ...]
    levels: tuple[float, ...]


def vouched_words(words: Decoded) -> bool:
    """:func:`vouched` for one decode (``WhisperWords``): may its words be said back? Not
    when another voice is heard in them (:func:`listener_words` would leave words out):
    which of the rest are the listener's, loudness cannot always tell ("Perhaps I'm not
    certain shall we get a table by the window": "table by" well under the answer, "shall
    we get a" not). Such words are still sure enough to be read (``sure_words``), so an
    opt-out or an answer in them is still heard."""
    return (vouched(words.confidence, words.least, words.text, pieces=words.pieces)
            and listener_words(words.pieces, words.levels) is None)


@dataclass(frozen=True)
class Transcript:
    """What an engine heard: its words (None or empty: nothing it could make out) and its
    confidence in them, 0..1, where it gives one."""

    text: str | None
    confidence: float | None = None
    least: float = 1.0
    """The probability of its least sure word piece, where the engine gives one."""
    pieces: tuple[tuple[str, float], ...] = ()
    """Each word piece with its probability, where the engine gives them."""


NOTHING = Transcript(None)


def decide(transcript: Transcript, choices: Sequence[Choice],
           thresholds: Thresholds = TRANSCRIPT_THRESHOLDS,
           open_vocabulary: bool = False, similarity: Similarity | None = None,
           slips: bool = True) -> Recognition:
    """The :class:`Recognition` of ``transcript`` at a point offering ``choices``.

    ``text`` is the transcript as the engine wrote it when its words are the listener's
    own (said back in the listener's contractions, and a "?" still marks a question),
    else normalized as the matcher reads it; None when nothing was made out. ``label`` is
    set only for an offered answer, so a heard answer the point does not offer is rejected
    with its text. The text counts as the listener's own words (which
    the narrator may say back) only from an ``open_vocabulary`` engine — one not held to
    the point's phrases — that vouches for them (:func:`vouched`). With
    ``similarity`` words without an answer's phrase are read by meaning too; such an
    answer's matcher confidence (0.6) puts it in the CONFIRM zone. ``slips=False`` takes
    a near miss of a phrase only in other forms of its words ("I listen" for "listening"):
    an engine that writes whole words did not misspell "of course" as "of close"
    (Whisper's "10 of close" was "ten of clubs").
    """
    text = normalize(transcript.text) if transcript.text else ""
    if not text:
        return Recognition(None, None, 0.0, REJECT)
    own = open_vocabulary and vouched(transcript.confidence, transcript.least,
                                      transcript.text, pieces=transcript.pieces)
    # read as written: a question tag's "?" is read before the words are normalized
    match = (NO_MATCH if addressed_elsewhere(transcript.text) else
             match_answer(transcript.text, choices, similarity, slips=slips, flat=True))
    said = transcript.text.strip() if own and transcript.text else text
    if match.label is None:
        return Recognition(said, None, 0.0, REJECT, own_words=own)
    engine = 1.0 if transcript.confidence is None else min(max(transcript.confidence, 0.0), 1.0)
    score = match.confidence * engine
    return Recognition(said, match.label, score, thresholds.zone(score), own_words=own,
                       nearly_sure=thresholds.nearly_sure(score))


class TranscriptRecognizer:
    """A :class:`~voicepiece.listening.base.Recognizer` over an engine that transcribes.

    Subclasses implement :meth:`transcribe`. ``checks_completeness`` says whether
    :meth:`is_complete` transcribes the speech so far at each pause (the endpointer asks at
    most every 160 ms of audio once a pause is 96 ms old): worth it only for an engine that
    decodes a short answer in well under a tenth of a second. Otherwise it answers False,
    and the point's longer ``incomplete_silence`` ends every answer — slower to reply, but
    never a decode racing the listener. The last decision is remembered, so the final
    :meth:`recognize` of the audio a completeness check just decoded costs nothing.
    """

    checks_completeness = False
    open_vocabulary = True
    """Whether the engine transcribes freely (its words are the listener's) rather than
    choosing among the point's phrases (its words are only the nearest phrase)."""

    similarity: Similarity | None = None
    """A sentence model to read words by meaning too (set by the assembly: ears.py)."""

    def __init__(self, thresholds: Thresholds | None = None) -> None:
        self.thresholds = thresholds or TRANSCRIPT_THRESHOLDS
        self._last: tuple[bytes, ChoicesKey, Recognition] | None = None
        self._last_lock = threading.Lock()

    def transcribe(self, audio: bytes, choices: Sequence[Choice]) -> Transcript:
        """The words in ``audio`` (16 kHz mono s16); ``choices`` may constrain the engine."""
        raise NotImplementedError

    def warm_up(self, choices: Sequence[Choice] | None = None) -> None:
        """Load what the first turn would otherwise wait for (the model is loaded already)."""

    def recognize(self, audio: bytes, choices: Sequence[Choice]) -> Recognition:
        digest = audio_digest(audio)
        key = choices_key(choices)
        with self._last_lock:
            last = self._last
        if last is not None and last[0] == digest and last[1] == key:
            return last[2]
        recognition = decide(self.transcribe(audio, choices), choices, self.thresholds,
                             self.open_vocabulary, self.similarity,
                             slips=not self.open_vocabulary)
        with self._last_lock:
            self._last = (digest, key, recognition)
        return recognition

    def is_complete(self, audio: bytes, choices: Sequence[Choice]) -> bool:
        if not self.checks_completeness:
            return False
        found = self.recognize(audio, choices)
        return found.label is not None and found.zone != REJECT

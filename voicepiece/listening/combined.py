"""The default ear's recognizer: pocketsphinx's grammar, checked by Whisper's open transcript.

The grammar is fast (25-55 ms) and knows the answers a point offers, but it forces any
speech onto one of them; Whisper hears what was really said, any words at all, but costs
a tenth of a second or more (:mod:`~voicepiece.listening.whisper_model`). So both hear every
answer, and the decision combines them (:func:`combine`):

- the two agree on an answer → accepted, and Whisper's words, when it is sure of them
  (:data:`~voicepiece.listening.transcripts.OWN_WORDS_FLOOR`), are the listener's own, which
  the narrator may say back;
- Whisper's words give an answer the grammar missed ("I loved her", "no, I doubt it", a
  phrasing outside the grammar) → Whisper's decision, through the same matcher a typed
  reply goes through — confirmed rather than accepted when one of its words was a guess
  (:data:`~voicepiece.listening.transcripts.LEAST_FLOOR`); where the grammar was sure of
  a *different* answer, it is confirmed with the listener, never accepted (yes and no
  must not swap);
- Whisper is sure of words that answer nothing → rejected as what they are, off-list
  speech, with its words kept for the record — unless they share a word with the phrase
  the grammar was sure of for one of the piece's own answers ("slowing right now" for
  "slowing right down"): then the grammar's answer is confirmed; unsure words leave the
  grammar's decision a zone lower (accept → confirm → reject), or reject it when heard
  at :data:`CLEAR_OFF_LIST` with no word of its phrase (or its find is rejected anyway),
  keeping the words to be read by meaning (a piece's own answer in other words);
- Whisper's words ask back ("Sorry?", "come again") → kept for the decision as words,
  whatever the grammar forced them onto;
- Whisper heard no words at all (gated: noise, a cough) → the grammar's find is not
  believed beyond confirmation; lowered so, silence to its check is never consent;
- a bare yes, no or unsure accepted from Whisper's words that the learned reader
  (:mod:`~voicepiece.listening.reader`) is sure mean something else → confirmed.

Whisper stays off the critical path: the turn judge asks for :meth:`transcript` at each
pause, ~0.1 s into the trailing silence, so it runs while the endpointer waits out the
silence (:mod:`~voicepiece.listening.turns`), and :meth:`recognize` of that audio (or of it
with only quiet after) takes it. When the grammar alone is sure the decision waits for it
until :data:`SURE_WAIT` after its start, else (always in a confirmation: a "no" taken for
"aye" is consent refused) up to :data:`UNSURE_WAIT`. Without the model package the grammar
decides alone (one warning line, at load).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace

from voicepiece.listening import words_read
from voicepiece.listening.asking_back import asked_back, shares_own_word, shares_word
from voicepiece.listening.base import ACCEPT, CONFIRM, REJECT, Recognition, Thresholds
from voicepiece.listening.polarity import KNOW_OR_NO, doubtful, mixed, opposite, split
from voicepiece.listening.quiet_tail import quiet_after
from voicepiece.listening.reader import LazyReader, checked
from voicepiece.listening.recognizer import SphinxRecognizer
from voicepiece.listening.transcripts import (
    LEAST_FLOOR,
    TRANSCRIPT_THRESHOLDS,
    vouched_words,
    written_forms,
)
from voicepiece.listening.whisper_model import ModelUnavailable, WhisperWords, packaged_model
from voicepiece.listening.words_read import OFF_LIST_LEAST, misheard, off_list_alone, read_words
from voicepiece.memory import forget_held
from voicepiece.session.ear_first import EAR_FIRST
from voicepiece.story.phrases import Choice

__all__ = ["BOTH_GUESSED", "OFF_LIST_LEAST", "SURE_WAIT", "UNSURE_WAIT", "CombinedRecognizer",
           "combine"]

_LOG = logging.getLogger(__name__)

SURE_WAIT = 0.35
"""Seconds after its start until which the decision waits for the transcript when the
grammar alone would accept. Whisper starts ~0.1 s into the trailing silence, ~0.2 s before
the short end silence is over, and takes 0.1-0.2 s idle, so it is nearly always there;
loaded (0.5-1.5 s) the grammar decides alone (scripts/bench listening). The endpointer
listens on as long (``Tuning.transcript_grace``: 0.19 + 0.15 s), so a transcript in it
may still keep the turn open; this wait is then over."""
UNSURE_WAIT = 4.0
"""Seconds it waits otherwise: an unsure grammar has nothing better to offer."""
WORDS_FLOOR = 0.3
"""Whisper's confidence (``exp`` of its mean token log probability) under which its words
do not decide an answer by themselves: −1.2 per token, just under its own −1 for silence.
Reasoned from its scale (clear one-word answers read 0.35-0.6), not fitted."""
BOTH_GUESSED = 0.1
"""Whisper's least sure word piece under which words that only bear out a grammar it
doubted are checked, not taken: two guesses make no sure answer. Fitted on the development
caches (scripts/swap_check.py, mirror_trust.py): under it 1 swap and 4 right answers of
the turns so decided (2 of them at 5 dB); under 0.2, 3 wrong and 25 right."""
CLEAR_OFF_LIST = 0.55
"""Whisper's confidence from which words that answer nothing and share no word with the
grammar's phrase reject its find, though too unsure to say back ("Huh, that's funny." at
0.60 was a yes to confirm; on bench_offlist's, bench_meanings_accented's and the dev set's
fit halves, that turn alone). Where a piece offers answers of its own, these words, and
clear words whose grammar find is rejected anyway, are read by meaning (``sure_words``:
confirmed, never said back, an open answer once refused — again_causes.py): "It comes
from the people around us." (0.79) is "another"; thrown away, 16 of 60 own meanings were
lost on the fit halves (meanings_why.py). Not at yes/no: any words have a neighbour."""
_LOWER = {ACCEPT: CONFIRM, CONFIRM: REJECT, REJECT: REJECT}


@dataclass(frozen=True)
class Combined:
    """A decision with what it was made of, for benchmarks and the log."""

    recognition: Recognition
    grammar: Recognition  # words_read.NOT_DECODED: the words decided alone (off_list_alone)
    words: WhisperWords | None  # None: no transcript (no model, or it came too late)
    how: str  # which rule of :func:`combine` decided
    waited: float = 0.0  # seconds the decision waited for the transcript


def combine(grammar: Recognition, words: WhisperWords | None, choices: Sequence[Choice],
            thresholds: Thresholds = TRANSCRIPT_THRESHOLDS) -> Combined:
    """The decision on one answer from the grammar's and Whisper's (see the module's note),
    checked, not taken, where Whisper's words may have lost what decided it
    (:func:`~voicepiece.listening.polarity.doubtful`: "I don't know" or "I don't, no", a
    "can" that was a "can't"). Silence to the check of an unsure that may be a no is
    consent: the ear would have taken it, the words were clear, and the two are no swap;
    a yes or no that may be the other is never taken on silence."""
    decided = _combine(grammar, words, choices, thresholds)
    found = decided.recognition
    why = found.zone == ACCEPT and words is not None and doubtful(
        found.label, words.text, choices)
    if not why:
        return decided
    consent = why == KNOW_OR_NO
    return replace(decided, recognition=replace(found, zone=CONFIRM, nearly_sure=consent),
                   how=f"{decided.how}; {why}")


def _combine(grammar: Recognition, words: WhisperWords | None, choices: Sequence[Choice],
             thresholds: Thresholds) -> Combined:
    """The decision on one answer from the grammar's and Whisper's (see the module's note),
    Whisper's words read as :func:`~voicepiece.listening.words_read.read_words` reads them;
    below :data:`WORDS_FLOOR` they do not decide an answer by themselves."""
    if words is None:
        return Combined(grammar, grammar, None, "grammar alone")
    lowered = replace(grammar, zone=_LOWER[grammar.zone], own_words=False, nearly_sure=False)
    if words.text is None:
        return Combined(lowered, grammar, words, "no words heard")
    if asked_back(grammar, words, choices):
        return Combined(Recognition(words.text.strip(), None, grammar.score, REJECT),
                        grammar, words, "a question back")
    read = read_words(words, choices, thresholds)
    sure, own, heard = read.sure, read.own, read.heard
    if heard.label is None:
        if sure and grammar.zone == ACCEPT and shares_own_word(grammar, words.text, choices):
            return Combined(lowered, grammar, words, "words share the answer's")
        if sure:
            return Combined(heard, grammar, words, "off-list words")
        if words.confidence >= WORDS_FLOOR and written_forms(words.text):
            # a number heard ("44 please"), however faintly: no answer is one
            return Combined(heard, grammar, words, "a number heard")
        if words.confidence >= CLEAR_OFF_LIST and (
                lowered.zone == REJECT or not shares_word(grammar, words.text)):
            readable = bool(heard.text) and any(c.phrases for c in choices)
            return Combined(replace(heard, sure_words=readable), grammar, words,
                            "clear off-list words")
        return Combined(lowered, grammar, words, "unsure off-list words")
    if words.confidence < WORDS_FLOOR:
        if heard.label == grammar.label:
            return Combined(grammar, grammar, words, "faint words agree")
        return Combined(lowered, grammar, words, "faint words differ")
    halves = split(heard.label, words.text, choices)  # "no, I think so": the grammar may
    # have heard one clause, the words be read by the other: a swap, unless it is asked
    if heard.label == grammar.label and grammar.zone != REJECT:
        agreed = Recognition(heard.text if own else grammar.text, heard.label,
                             max(heard.score, grammar.score), CONFIRM if halves else ACCEPT,
                             own_words=own, sure_words=heard.sure_words,
                             quotable=heard.quotable)
        return Combined(agreed, grammar, words, "agree, split words" if halves else "agree")
    if grammar.zone == ACCEPT and grammar.label not in (None, heard.label):
        zone = CONFIRM if heard.zone != REJECT else REJECT
        return Combined(replace(heard, zone=zone), grammar, words, "disagree")
    if opposite(grammar.label, heard.label, choices) and heard.zone == ACCEPT:
        # the grammar leaned to no, Whisper's words read yes (or the reverse): one of them
        # misheard, and a yes taken for a no is the worst mistake — ask
        return Combined(replace(heard, zone=CONFIRM), grammar, words, "opposite lean")
    if heard.label == grammar.label:  # the grammar found it but doubted it: words vouch
        guessed = words.least < BOTH_GUESSED  # "of course it isn't, no" at 10 dB: grammar
        # "why not" (0.00), words "Of course it is a non-emotional" (least 0.06): a swap
        zone = ACCEPT if heard.zone != REJECT and not halves and not guessed else CONFIRM
        return Combined(replace(heard, zone=zone), grammar, words, "words confirm grammar")
    if words.least < LEAST_FLOOR and heard.zone == ACCEPT:  # "I don't love you" for "how
        # are you": an answer that hangs on a guessed word is checked, not acted on
        return Combined(replace(heard, zone=CONFIRM), grammar, words, "guessed words alone")
    if heard.zone == ACCEPT and mixed(heard.label, words.text, choices):
        # yes read from words that also say no ("totally, no question") or the reverse,
        # with nothing from the grammar to bear it out: a misreading would swap them
        return Combined(replace(heard, zone=CONFIRM), grammar, words, "mixed words alone")
    return Combined(heard, grammar, words, "words alone")


def _late(decided: Combined, choices: Sequence[Choice]) -> Combined:
    """A yes, a no or an unsure the grammar alone accepted because the transcript came too
    late (a loaded machine) is checked, not acted on (silence to the check is no consent):
    on v3's clean clips the grammar alone, sure, took three denials for a yes ("no doubt
    about it"); on the development caches (mirror-trust.jsonl, swap-check.jsonl) it took
    63 of 196 for a yes or no that were not, and 44 of 148 for an unsure. The reply stays
    as quick; the check costs a turn only when Whisper was late."""
    recognition = decided.recognition
    meaning = next((c.meaning for c in choices if c.label == recognition.label), None)
    if recognition.zone != ACCEPT or meaning not in ("yes", "no", "unsure"):
        return decided
    return replace(decided, recognition=replace(recognition, zone=CONFIRM, nearly_sure=False),
                   how="grammar alone, late: checked")


def _consent(choices: Sequence[Choice]) -> bool:
    """Whether ``choices`` are a bare yes or no — a confirmation ("is that what you said?"):
    a "no" taken for "aye" would be consent refused, so it always waits for Whisper."""
    return sorted(c.meaning or c.label for c in choices) == ["no", "yes"]


class CombinedRecognizer:
    """The grammar (:class:`SphinxRecognizer`) and Whisper tiny.en, combined (module note).

    Whisper is the packaged model, loaded once per process (missing: the grammar alone);
    ``read``: the shared learned reader checks it (listening/reader.py). After each
    :meth:`recognize`, ``last`` holds the :class:`Combined` decision."""

    def __init__(self, grammar: SphinxRecognizer | None = None, *,
                 use_whisper: bool = True, sure_wait: float = SURE_WAIT,
                 unsure_wait: float = UNSURE_WAIT, read: bool = True) -> None:
        self.grammar = grammar or SphinxRecognizer()
        self.thresholds = self.grammar.thresholds
        self.sure_wait = sure_wait
        self.unsure_wait = unsure_wait
        self.whisper = None
        self.unavailable: str | None = None
        if use_whisper:
            try:
                self.whisper = packaged_model()
            except ModelUnavailable as e:
                self.unavailable = str(e)
                _LOG.warning("%s; listening with the grammar alone", e)
        self.reader = LazyReader(read and self.whisper is not None)
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="whisper")
        self._lock = threading.Lock()
        self._pending: tuple[bytes, Future[WhisperWords], float] | None = None
        self._realtime = True
        self._told: Callable[[str], None] | None = None
        self._turn = 0  # counts tell()s: which turn a transcript was begun in
        self.last: Combined | None = None

    def pace(self, realtime: bool) -> None:
        """Told by the ear before each turn: whether someone waits for the decision. Audio
        that is not real time (a rendered reply, a file, a replay) has nobody waiting, so
        the decision always waits for Whisper — and comes out the same however busy the
        machine is."""
        self._realtime = realtime

    def tell(self, on_words: Callable[[str], None] | None) -> None:
        """Told by the ear before each turn: whom to tell the listener's own words (a
        transcript sure enough to be said back) as soon as one is known, so the narrator
        can begin saying them while the turn is still being decided. A transcript begun
        before this call is no longer anyone's to tell."""
        with self._lock:
            self._told = on_words
            self._turn += 1

    def _words_known(self, told: Callable[[str], None] | None, turn: int,
                     future: Future[WhisperWords]) -> None:
        """Tell ``told``, bound when the transcript was begun in ``turn``, its words — only
        while that turn lasts: a transcript finishing after the next turn was told of
        must not become that turn's words."""
        # no lock: this may run inside _transcript's, and a turn ending meanwhile can only
        # let the words reach ``told``, theirs, never the next turn's
        if (told is None or turn != self._turn or future.cancelled()
                or future.exception() is not None):
            return
        words = future.result()
        if words.text and words.text.strip() and vouched_words(words) and not misheard(
                words.text):
            try:
                told(words.text.strip())
            except Exception as exc:  # the turn itself goes on regardless
                _LOG.warning("anticipating the listener's words failed: %s", exc)

    def forget(self, within: float | None = None) -> bool:
        """The listener has gone: their last answer's audio, its transcript and the
        decision are dropped, a transcript not begun never runs, and the one under way is
        waited for up to ``within`` seconds (None: as long as it takes). Whether none is
        still running."""
        with self._lock:
            if self._pending is not None:
                self._pending[1].cancel()
            self._pending = None
            self._told = None
            self._turn += 1  # a transcript under way is no one's to tell
            self.last = None
        self.grammar.forget()
        try:
            self._pool.submit(lambda: None).result(within)
        except FutureTimeout:
            return False
        finally:
            self.reader.forget()  # the utterances whose sentence vectors were kept
            forget_held(self.whisper)  # the encoder outputs kept to place their words
        return True

    def warm_up(self, choices: Sequence[Choice] | None = None) -> None:
        self.grammar.warm_up(choices)
        if self.whisper is not None:
            self.whisper.transcribe(b"\x01\x00" * 8000)
        self.reader.warm_up()

    def _transcript(self, audio: bytes) -> tuple[Future[WhisperWords], float] | None:
        """The transcript of ``audio`` under way and when it was started: the pending one
        when ``audio`` is its audio with only quiet after it, else a new one."""
        if self.whisper is None:
            return None
        with self._lock:
            pending = self._pending
            if pending is not None and quiet_after(pending[0], audio):
                return pending[1], pending[2]
            if pending is not None:
                pending[1].cancel()  # a stale guess not yet begun: never run it
            future = self._pool.submit(EAR_FIRST.marked(self.whisper.transcribe), audio)
            future.add_done_callback(functools.partial(self._words_known, self._told,
                                                       self._turn))
            future.add_done_callback(self._read_ahead)
            self._pending = (audio, future, time.perf_counter())
            return future, self._pending[2]

    def _read_ahead(self, future: Future[WhisperWords]) -> None:
        """Read words as Whisper gives them, in its thread: the decision finds them read."""
        if not future.cancelled():
            with contextlib.suppress(Exception):  # a failed decode, a failed read: no matter
                self.reader.read_ahead(future.result().text or "")

    def transcript(self, audio: bytes) -> Future[WhisperWords] | None:
        """Whisper's words of ``audio`` (the speech so far), under way in the background;
        None without Whisper. Asked again for the same audio, or for it with only quiet
        after, it is the same decode."""
        found = self._transcript(audio)
        return None if found is None else found[0]

    def is_complete(self, audio: bytes, choices: Sequence[Choice]) -> bool:
        """The grammar's judgement (cheap); starts Whisper on ``audio`` meanwhile."""
        self._transcript(audio)
        return self.grammar.is_complete(audio, choices)

    def _alone(self, found: tuple[Future[WhisperWords], float] | None, audio: bytes,
               choices: Sequence[Choice]) -> Combined | None:
        """A live turn's decision where Whisper's words, there already, make it whatever
        the grammar would hear (words_read.off_list_alone) and no analysis of ``audio`` is
        remembered: the same decision, no whole window's decode before the reply. Not off
        line: nobody waits, and the replays that record the grammar's find keep it."""
        if (found is None or not self._realtime or not found[0].done()
                or found[0].cancelled() or found[0].exception() is not None
                or self.grammar.remembers(audio, choices)):
            return None
        words = found[0].result()
        heard = off_list_alone(words, choices)
        if heard is None:
            return None
        return Combined(heard, words_read.NOT_DECODED, words, "off-list words")

    def recognize(self, audio: bytes, choices: Sequence[Choice]) -> Recognition:
        found = self._transcript(audio)
        alone = self._alone(found, audio, choices)
        if alone is not None:
            decided, words, waited = alone, alone.words, 0.0
        else:
            decided, words, waited = self._weighed(found, audio, choices)
        doubted = checked(decided.recognition, words and words.text, choices, self.reader)
        if doubted is not decided.recognition:  # the reader reads the words otherwise
            decided = replace(decided, recognition=doubted, how=f"{decided.how}; doubted")
        if found is not None and words is None:
            decided = _late(decided, choices)
        self.last = replace(decided, waited=waited)
        _LOG.debug("combined: %s → %s", self.last.how, self.last.recognition.zone)
        return self.last.recognition

    def _weighed(self, found: tuple[Future[WhisperWords], float] | None, audio: bytes,
                 choices: Sequence[Choice]) -> tuple[Combined, WhisperWords | None, float]:
        """The grammar's decision on ``audio`` combined with Whisper's words, waited for as
        long as the grammar's find allows (module note); and how long that was."""
        grammar = self.grammar.recognize(audio, choices)
        words: WhisperWords | None = None
        if found is not None:
            future, started = found
            sure = grammar.zone == ACCEPT and not _consent(choices) and self._realtime
            wait = (max(0.0, started + self.sure_wait - time.perf_counter()) if sure
                    else self.unsure_wait)
            began = time.perf_counter()
            try:
                words = future.result(timeout=wait)
            except FutureTimeout:
                _LOG.info("the transcript came too late (%.2f s); the grammar decides", wait)
            waited = time.perf_counter() - began
        else:
            waited = 0.0
        return combine(grammar, words, choices), words, waited

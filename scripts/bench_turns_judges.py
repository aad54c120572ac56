"""The turns benchmark's judgements of "is the answer whole?" (scripts/bench_turns.py): each
strategy's opinions, remembered per audio, and the strategy as the ear's ``judge`` — with
the open transcript's delay and the second read's (:mod:`voicepiece.listening.second_read`)
modelled in audio time, as they come in a live turn on this machine (MEASURED), or at once
(AT_ONCE: an idle machine, or a render, which waits for them).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from typing import Any

from voicepiece.listening.base import audio_digest
from voicepiece.listening.second_read import SecondRead, in_time, wants_second_read

BEFORE_INCOMPLETE = 0.7
"""The piece's incomplete silence (ListenSettings' default)."""
LONG_INCOMPLETE = 1.3
"""The alternative measured: every unfinished turn waits as long as a hesitation."""

# ── judgements of "is the answer whole?" ─────────────────────────────────────────────

Judge = Callable[[bytes, Sequence[Any]], tuple[bool, bool]]
AT_ONCE, MEASURED = "at once", "measured"
"""When a strategy's open transcript comes: as soon as it is asked for (an idle machine, or
a render, which waits for it), or after the seconds its decode really took here, counted
in audio time from the check — as it would come in a live turn on this machine now."""


class Judges:
    """The opinions, each remembered per audio (the strategies share the same pauses)."""

    def __init__(self, smart_turn: Any | None) -> None:
        from voicepiece.listening.recognizer import SphinxRecognizer
        from voicepiece.listening.turns import HesitationCheck
        from voicepiece.listening.vad import VoiceActivity
        from voicepiece.listening.whisper_model import ModelUnavailable, packaged_model

        self.recognizer = SphinxRecognizer()
        self.hesitation = HesitationCheck()
        self.smart_turn = smart_turn
        self.vad = VoiceActivity()
        try:
            self.whisper: Any | None = packaged_model()
            # VOICEPIECE_BENCH_WHISPER_PROMPT: the decoder's prompt tried ("none": none)
            tried = os.environ.get("VOICEPIECE_BENCH_WHISPER_PROMPT")
            if tried is not None:
                self.whisper.prompt(None if tried == "none" else tried)
        except ModelUnavailable as e:
            print(f"bench turns: {e}; the transcript's judgements are left out")
            self.whisper = None
        self._memo: dict[tuple[str, bytes], Any] = {}
        self.cpu: dict[str, list[float]] = {}
        """CPU seconds of each opinion asked (a pause's check costs one of each used)."""
        self.decode: list[float] = []
        """Wall seconds of each Whisper decode: the delay MEASURED models."""

    def _memo_of(self, kind: str, audio: bytes, compute: Callable[[], Any]) -> Any:
        key = (kind, audio_digest(audio))
        if key not in self._memo:
            began = time.process_time()
            self._memo[key] = compute()
            self.cpu.setdefault(kind, []).append(time.process_time() - began)
        return self._memo[key]

    def grammar(self, audio: bytes, choices: Sequence[Any]) -> bool:
        return self._memo_of("g", audio, lambda: self.recognizer.is_complete(audio, choices))

    def hesitating(self, audio: bytes, choices: Sequence[Any]) -> bool:
        """As the ear's judge asks it: only of a turn still short enough to be a beginning."""
        from voicepiece.listening.turns import LONGEST_BEGINNING

        return len(audio) <= LONGEST_BEGINNING and self._memo_of(
            "h", audio, lambda: self.hesitation.hesitating(audio, choices))

    def turn_prob(self, audio: bytes) -> float:
        assert self.smart_turn is not None
        return self._memo_of("s", audio, lambda: self.smart_turn.probability(audio))

    def words(self, audio: bytes) -> Any:
        assert self.whisper is not None

        def decode() -> Any:
            words = self.whisper.transcribe(audio)
            self.decode.append(words.seconds)
            return words

        return self._memo_of("w", audio, decode)

    def strategies(self) -> dict[str, tuple[Judge, float, str | None]]:
        """name → (quick judgement: (whole, hesitating), incomplete_silence, when the open
        transcript comes: None for none); complete_silence stays the piece's 0.3 s, a
        hesitation waits ``Tuning.hesitation_silence`` (1.5 s).

        ``before``: the recognizer's completeness alone, as the ear first had it;
        ``grammar``: the same with a 1.3 s incomplete silence for everything not whole;
        ``hesitation``: the hesitation rule vetoes "whole" and makes a hesitant turn wait
        the hesitation silence, other unfinished turns the piece's 0.7 s (the default
        before the open transcript); ``transcript``: the ear's default — the same until
        Whisper's words come, then :func:`~voicepiece.listening.turns.read_words` of them,
        the transcript coming as it did here (MEASURED); ``transcript_at_once``: the same
        with the transcript there at once (AT_ONCE); both read a pause the transcript left
        unfinished again, as the ear does (:mod:`~voicepiece.listening.second_read`: the
        second read's words come as the first's, and the turn is held for them up to
        ``Tuning.second_read_wait``; MEASURED, only where the first read's decode time
        says it can come within that hold); ``…_one_read``: without that second read
        (before it, on the same decodes); ``transcript_any_time``: the second read begun
        even where it cannot come in time (before the eighteenth pass);
        ``…_words_only``: without Whisper's doubt (``read_with``: before it, on the same
        decodes). With Smart Turn installed,
        ``smart_turn`` (alone, probability ≥ 0.5, pipecat's threshold) and
        ``hesitation_smart_turn`` (as ``hesitation``, Smart Turn vetoing "whole" too)."""
        def grammar(a: bytes, c: Sequence[Any]) -> tuple[bool, bool]:
            return self.grammar(a, c), False

        def hesitation(a: bytes, c: Sequence[Any]) -> tuple[bool, bool]:
            if self.hesitating(a, c):
                return False, True
            return self.grammar(a, c), False

        found: dict[str, tuple[Judge, float, str | None]] = {
            "before": (grammar, BEFORE_INCOMPLETE, None),
            "grammar": (grammar, LONG_INCOMPLETE, None),
            "hesitation": (hesitation, BEFORE_INCOMPLETE, None),
        }
        if self.whisper is not None:
            found["transcript"] = (hesitation, BEFORE_INCOMPLETE, MEASURED)
            found["transcript_one_read"] = (hesitation, BEFORE_INCOMPLETE, MEASURED)
            found["transcript_any_time"] = (hesitation, BEFORE_INCOMPLETE, MEASURED)
            found["transcript_at_once"] = (hesitation, BEFORE_INCOMPLETE, AT_ONCE)
            found["transcript_at_once_one_read"] = (hesitation, BEFORE_INCOMPLETE, AT_ONCE)
            found["transcript_at_once_words_only"] = (hesitation, BEFORE_INCOMPLETE, AT_ONCE)
        if self.smart_turn is not None:
            def smart(a: bytes, c: Sequence[Any]) -> tuple[bool, bool]:
                return self.turn_prob(a) >= 0.5, False

            def all3(a: bytes, c: Sequence[Any]) -> tuple[bool, bool]:
                whole, hesitating = hesitation(a, c)
                return whole and self.turn_prob(a) >= 0.5, hesitating

            found["smart_turn"] = (smart, LONG_INCOMPLETE, None)
            found["hesitation_smart_turn"] = (all3, BEFORE_INCOMPLETE, None)
        return found


class _Judge:
    """One strategy as the ear's ``judge`` (a ``TurnJudge`` but for its opinions' source)."""

    def __init__(self, judge: Judge, judges: Judges, transcript: str | None,
                 doubt: bool = True, second: bool = True, any_time: bool = False,
                 scale: float = 1.0) -> None:
        self.doubt = doubt
        """Whether Whisper's own doubt is read too (``read_words``), or the words alone."""
        self.judge = judge
        self.judges = judges
        self.transcript = transcript
        self.second = second
        """Whether a pause the transcript left unfinished is read again, as the ear does."""
        self.any_time = any_time
        self.scale = scale
        """MEASURED: each decode's seconds times this (below 1: a less busy machine)."""
        """Whether a second read is begun even where it cannot come within the hold (the
        ear before the eighteenth pass)."""
        self._delay: dict[Any, float] = {}

    def _words(self, audio: bytes) -> Any:
        """Whisper's words of ``audio``, their decode's seconds scaled (``scale``)."""
        from dataclasses import replace

        words = self.judges.words(audio)
        return words if self.scale == 1.0 else replace(words,
                                                       seconds=words.seconds * self.scale)

    def verdict(self, recognizer: Any, audio: bytes, choices: Sequence[Any],
                wait: bool = False) -> Any:
        from concurrent.futures import Future

        from voicepiece.listening.turns import LONGEST_BEGINNING, Verdict, grammar_answer

        whole, hesitating = self.judge(audio, choices)
        if self.transcript is None:
            return Verdict(whole, hesitating)
        future: Future[Any] = Future()
        future.set_result(self._words(audio))
        heard = (self.judges.hesitation.heard(audio, choices)
                 if len(audio) <= LONGEST_BEGINNING else None)
        answer = None if hesitating else grammar_answer(self.judges.recognizer, audio, choices)
        found = Verdict(whole, hesitating, future, heard, answer)
        if self.transcript == AT_ONCE:
            return self.settle(found, choices, None)
        self._delay[future] = future.result().seconds
        return found

    def settle(self, verdict: Any, choices: Sequence[Any], waited: float | None) -> Any:
        from dataclasses import replace

        from voicepiece.listening.turns import read_with, read_words

        if verdict.transcript is None:
            return verdict
        if waited is not None and waited < self._delay.get(verdict.transcript, 0.0):
            return None
        words = verdict.transcript.result()
        read = read_words(verdict, words, choices) if self.doubt else read_with(
            verdict, words.text, choices)
        return replace(read, read=(verdict, words))

    def read_again(self, settled: Any, recognizer: Any, audio: bytes, choices: Sequence[Any],
                   mark: Any = None, within: float | None = None) -> Any:
        """The ear's ``read_again``: Whisper's words of the longer audio, decoded here and
        there at once (AT_ONCE) or after the seconds that decode took (MEASURED), as the
        open transcript (:class:`_SecondRead`); None where the ear would not read again —
        MEASURED, also where the first read's decode time says it cannot come ``within``
        the hold (:func:`~voicepiece.listening.second_read.in_time`), unless ``any_time``."""
        from concurrent.futures import Future

        if not self.second or self.transcript is None or not wants_second_read(
                settled, choices):
            return None
        if self.transcript == MEASURED and not self.any_time and not in_time(settled, within):
            return None
        future: Future[Any] = Future()
        future.set_result(self._words(audio))
        return _SecondRead(settled, future, choices, self.transcript == MEASURED)


class _SecondRead(SecondRead):
    """A second read whose words come ``delay`` seconds of audio after it began: the
    seconds its decode took here (MEASURED), or none (AT_ONCE)."""

    def __init__(self, settled: Any, future: Any, choices: Sequence[Any],
                 measured: bool) -> None:
        super().__init__(settled, future, choices)
        self.delay = future.result().seconds if measured else 0.0

    def verdict(self, waited: float | None) -> Any:
        if waited is not None and waited < self.delay:
            return None
        return super().verdict(waited)


class _Cheap:
    """The recognizer's final decision is not needed here: only where the turn ended."""

    def recognize(self, audio: bytes, choices: Sequence[Any]) -> Any:
        from voicepiece.listening.recognizer import NO_ANSWER

        return NO_ANSWER

    def is_complete(self, audio: bytes, choices: Sequence[Any]) -> bool:
        raise AssertionError("judged by the strategy")

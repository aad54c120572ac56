"""A second read of the same pause: before the incomplete silence runs out, Whisper hears the
turn once more, and a turn it now hears trailing off waits the hesitation silence.

A hesitant listener's fragment ("it only catches fire when…") is often written by Whisper
as a finished sentence that answers nothing ("This fire went."): the turn then waits only
the piece's incomplete silence (0.7 s) and a 0.8–1.2 s thinking pause is cut off
(docs/listening-measurements.md, "Hesitant answers said in one go"). A few tenths of a
second later the same speech, with more of the pause after it, may read differently.
The second read only ever lengthens a wait: it is asked only where the first reading
waits the incomplete silence (not whole, not hesitating), so an answer that ends after the
complete silence is never touched.

Live, the read often comes after the incomplete silence (at load 4 ~0.9 s into the pause,
against 0.7 s): the ear then holds the turn open for it (:meth:`Endpointer.hold
<voicepiece.listening.endpoint.Endpointer.hold>`), at most ``Tuning.second_read_wait`` past
that silence, so that live it is heard as files and renders are; a read that has not come
by then changes nothing. A sentence that answers nothing then ends when its read comes, up
to 0.3 s later than before (docs/listening-measurements.md, "The second listen in time,
live"). A read that could only come after the hold is not begun (:func:`in_time`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from voicepiece.listening.turn_reading import SENTENCE, reading
from voicepiece.listening.turns import Verdict, read_with

if TYPE_CHECKING:
    from voicepiece.listening.base import Recognizer
    from voicepiece.listening.whisper_model import WhisperWords
    from voicepiece.story.phrases import Choice

__all__ = ["SECOND_READ_AT", "ReadAgain", "SecondRead", "in_time", "read_again",
           "wants_second_read"]

_LOG = logging.getLogger(__name__)

SECOND_READ_AT = 0.35
"""Seconds into the pause the second read is begun at (or as soon after as the first reading
has settled). Read at 0.25, 0.35 and 0.5 s into the pause, the one-go set's fragments read
alike; at 0.25 s a v9 open sentence lost its first word ("was lovely.") and waited 1.5 s,
so 0.35 s, the earliest that changed no other wait on the fit halves
(docs/listening-measurements.md, "A second read of the same pause"). The decode takes
~0.3 s of CPU (0.43 s wall at load 4); live, the ear holds the turn open for it a little
past the incomplete silence (``Tuning.second_read_wait``)."""


def wants_second_read(verdict: Verdict, choices: Sequence[Choice]) -> bool:
    """Whether a pause's settled judgement is one a second read may change: it waits the
    incomplete silence (neither a whole answer nor trailing off), was read from an open
    transcript (``Verdict.read``), and that transcript is a sentence that answers nothing
    (:data:`~voicepiece.listening.turn_reading.SENTENCE`), whose end a later read may see
    left open. A word or two (or a frame alone) waits the incomplete silence only where it
    is spelt like the answer the grammar heard — the same sounds, two witnesses — and read
    again it is only another spelling of those sounds, which, unlike the grammar's answer,
    would fall back on a hesitation: the listening bench's "agreed" at 10 dB, "A breed." at
    its check, was written "A B" at its second read and waited 1.5 s instead of 0.7
    (docs/listening-measurements.md, "The latency's tail, nineteenth pass")."""
    return (not verdict.whole and not verdict.hesitating and verdict.read is not None
            and reading(verdict.read[1].text, choices) == SENTENCE)


def in_time(settled: Verdict, within: float | None) -> bool:
    """Whether a second read begun now may be expected ``within`` seconds (None: no limit —
    a file, a render, where nobody waits in real time): the first read's own decode, as
    long as the second's will be (the same audio but a quarter second more of the pause, at
    the same load), fits. Live, a read that cannot come before the hold runs out
    (``Tuning.second_read_wait`` past the incomplete silence) would make a sentence that
    answers nothing wait the whole hold for nothing, and take the two cores from the
    turn's decision meanwhile: on real people's read sentences the first read alone often
    settles ~0.5-1 s into the pause under load (docs/listening-measurements.md, "The second
    listen only where it can come in time")."""
    if within is None or settled.read is None:
        return True
    return settled.read[1].seconds <= within


def read_again(quick: Verdict, words: WhisperWords, choices: Sequence[Choice]) -> Verdict:
    """The judgement after the second read ``words`` of a pause whose first reading waited
    the incomplete silence: the hesitation silence where the new words themselves read as
    trailing off (:func:`read_with`, with the grammar's ``quick`` judgement of the first
    audio as it was: "Rules people grow up with can." where the first read wrote
    "…with cancer."), else the incomplete silence as before — never sooner. Whisper's own
    doubt (:func:`~voicepiece.listening.completeness.unfinished_by_whisper`) is not read
    again: on v9's fit half it made one complete answer and three open sentences wait the
    hesitation silence ("And the people who bring us up..." primed) and kept no fragment."""
    return Verdict(False, read_with(quick, words.text, choices).hesitating)


@functools.cache
def _pool() -> ThreadPoolExecutor:
    """The process's one thread for second reads (one pause at a time is read again)."""
    return ThreadPoolExecutor(1, thread_name_prefix="second-read")


class SecondRead:
    """One pause's second read, under way: Whisper's words of the longer audio (never the
    combined ear's remembered decode, which stands for the same audio with quiet after)."""

    def __init__(self, settled: Verdict, future: Future[WhisperWords],
                 choices: Sequence[Choice]) -> None:
        assert settled.read is not None
        self.quick = settled.read[0]
        self.future = future
        self.choices = choices

    @classmethod
    def begin(cls, settled: Verdict, recognizer: Recognizer, audio: bytes,
              choices: Sequence[Choice],
              mark: Callable[[Callable[..., Any]], Callable[..., Any]] = lambda f: f,
              within: float | None = None) -> SecondRead | None:
        """The second read of ``audio`` begun in the background, where ``settled`` wants
        one, it can come ``within`` the seconds the turn may still be held
        (:func:`in_time`) and ``recognizer`` has Whisper (the combined ear's ``whisper``);
        ``mark`` wraps the decode (the ear's: the narrator's anticipation waits
        meanwhile)."""
        whisper = getattr(recognizer, "whisper", None)
        if (whisper is None or not wants_second_read(settled, choices)
                or not in_time(settled, within)):
            return None
        return cls(settled, _pool().submit(mark(whisper.transcribe), audio), choices)

    def verdict(self, waited: float | None) -> Verdict | None:
        """The judgement once the words are there (None before); ``waited`` (seconds of
        audio since the read began) is for reads that model the decode's delay (a bench's),
        and None waits for the words (a file, a render: nobody waits in real time). A failed
        decode leaves the first reading standing (the incomplete silence)."""
        if waited is not None and not self.future.done():
            return None
        try:
            words = self.future.result()
        except Exception as e:  # the first reading stands
            _LOG.warning("the second read failed (%s); the turn waits as first read", e)
            return Verdict(False, False)
        return read_again(self.quick, words, self.choices)


ReadAgain = Callable[..., "SecondRead | None"]
"""How the ear begins a pause's second read: :meth:`SecondRead.begin`'s arguments (``within``
by keyword) and result (a bench's judge models the decode's delay in audio time instead)."""

"""Whisper's decoder as a language model of completeness: after the words heard so far,
how likely is the next token to end the sentence?

Whisper writes what a listener said as a sentence, and a fragment ("it's more like…", "the
thing about her…") often comes back looking finished ("It's more like it.", "The sting
about her."): the words alone cannot say the turn is unfinished, and no list of shapes
knows every fragment. But the decoder, while writing them, weighed how to go on: after
"It's more like" on speech that stops it gives "..." or another word more weight than a
full stop; after "I loved her" a full stop nearly all of it. Those odds are already in
the decode (its logits at every step come back with it), so reading them costs no second
pass: :func:`odds_after` reads one step's distribution, and :func:`last_word_doubt` the
step where the last word was written (``WhisperWords.doubt``). A second, primed pass of
the decoder over the same encoding (``WhisperWords.unfinished``, ``TURN_PROMPT`` in
whisper_model.py) is the other witness.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from voicepiece.listening.primed import Primed

if TYPE_CHECKING:
    from voicepiece.listening.whisper_model import WhisperWords
    from voicepiece.story.phrases import Choice

__all__ = ["DOUBT", "ENDING_MARKS", "GOING_ON_MARKS", "LOOPED", "EndTokens", "Odds",
           "last_word_doubt", "odds_after", "primed_thinking", "primed_trailing", "primed_words",
           "unfinished_by_whisper"]

ENDING_MARKS = (".", "?", "!", '."')
"""Tokens that end a sentence (with the end of text)."""
GOING_ON_MARKS = ("...", "..", ",", "-", "Ġ...", "âĢ¦")
"""Tokens that say it goes on ("...", ",", a dash; ``Ġ`` a leading space and ``âĢ¦`` "…" in
the byte-level vocabulary); any word is going on too."""


@dataclass(frozen=True)
class Odds:
    """One step's next token: the probability that it ends the sentence (a mark that ends
    it, or the end of text) and that it is a mark of going on ("...", ",")."""

    end: float
    mark: float


@dataclass(frozen=True)
class EndTokens:
    """The ids of :data:`ENDING_MARKS`, :data:`GOING_ON_MARKS` and the end of text in one
    tokenizer's vocabulary."""

    ending: tuple[int, ...]
    going_on: tuple[int, ...]
    end_of_text: int

    @classmethod
    def of(cls, vocabulary: int, token: Callable[[int], str | None],
           end_of_text: int) -> EndTokens:
        names = [token(i) for i in range(vocabulary)]
        return cls(tuple(i for i, t in enumerate(names) if t in ENDING_MARKS),
                   tuple(i for i, t in enumerate(names) if t in GOING_ON_MARKS), end_of_text)


def odds_after(logits: Sequence[float], tokens: EndTokens) -> Odds:
    """The :class:`Odds` of a step whose scores over the vocabulary are ``logits`` (log
    probabilities or raw scores: they are normalized here)."""
    import numpy as np

    x = np.asarray(logits, dtype=np.float64)
    p = np.exp(x - x.max())
    p /= p.sum()
    end = float(p[list(tokens.ending)].sum()) + float(p[tokens.end_of_text])
    return Odds(end=end, mark=float(p[list(tokens.going_on)].sum()))


def last_word_doubt(steps: Sequence[Sequence[Sequence[float]]] | None, pieces: Sequence[str],
                    tokens: EndTokens) -> float:
    """The odds of a mark of going on at the step where the last word of a decode began
    (``steps``: its logits, one list a hypothesis; ``pieces``: its tokens as text); 0.0
    when unknown."""
    words = [i for i, piece in enumerate(pieces) if any(c.isalnum() for c in piece)
             and (i == 0 or piece.startswith(" "))]
    if not steps or not steps[0] or not words or words[-1] >= len(steps[0]):
        return 0.0
    return odds_after(steps[0][words[-1]], tokens).mark


def primed_words(words: WhisperWords) -> str | None:
    """``words.unfinished`` as text, decoding it now if it was left for later."""
    unfinished = words.unfinished
    return unfinished.words() if isinstance(unfinished, Primed) else unfinished


DOUBT = 0.01
"""Whisper's odds of a mark of going on where it wrote its last word (``WhisperWords.doubt``)
from which that word is taken for a guess that finished a fragment. The ninth pass chose
0.05 on its fitting half (scripts/bench_turns_tuning_unfinished.py: 0.03, 0.05 and 0.1 cut
9.4, 10.0 and 11.9% of its 160 hesitant answers, no complete answer waiting longer at any);
the tenth lowered it on its own fitting half (scripts/bench_turns_tuning_patient.py,
``tuning_patient``): a fragment misheard whole there was doubted 0.016 ("What they have
together is kind deal."), the complete answers and open sentences at most 0.007, and
the ninth's complete answers were all under 0.01."""


def unfinished_by_whisper(words: WhisperWords, choices: Sequence[Choice]) -> bool:
    """Whether Whisper's own decoding says that words which read as finished are a fragment:
    primed with fragments it writes them trailing off ("For me, it's all about..." for the
    unprimed "For me, it's all about."), or it weighed trailing off where it wrote its last
    word (:data:`DOUBT`: "You have to be willing too." for "…willing to…"). Never where the
    words are one of the point's answers in its own phrasing: primed, Whisper may write
    any answer trailing off ("I don't think so..."); nor where the primed decoding only
    looped on its prompt (:func:`primed_trailing`) — unless Whisper doubted the last word
    and the primed words end on a sound of thinking the plain ones left out
    (:func:`primed_thinking`: "I... um..." for "I am", an answer's own phrasing; the
    doubt first, so that a listed answer rarely pays for the second pass)."""
    from voicepiece.listening.turn_reading import own_phrasing

    if own_phrasing(words.text, choices):
        return words.doubt >= DOUBT and primed_thinking(words.text, primed_words(words))
    return words.doubt >= DOUBT or primed_trailing(words.text, primed_words(words))


def primed_thinking(text: str | None, primed: str | None) -> bool:
    """Whether the primed words ``primed`` end on a sound of thinking ("um", "uh", "er",
    "hmm") that the plain words ``text`` do not hold: primed, Whisper heard the speech
    stop in thought where unprimed it made words of the sound ("I am" for "I, um")."""
    from voicepiece.story.wording import HESITATIONS, normalize

    said = normalize(primed or "").split()
    return bool(said) and said[-1] in HESITATIONS and said[-1] not in normalize(
        text or "").split()


LOOPED = 2
"""Words the primed decoding may hold beyond the unprimed one's and still count as the same
words read again: more, and the decoder looped on its prompt ("it should be true. It
should be true..." for "It should be true."), which says nothing of the end."""


def primed_trailing(text: str | None, primed: str | None) -> bool:
    """Whether the primed words ``primed`` end in Whisper's mark of trailing off ("..."),
    and are the unprimed words ``text`` read again — not the decoder repeating itself after
    its prompt (:data:`LOOPED`)."""
    from voicepiece.listening.turn_reading import TRAILING_MARKS
    from voicepiece.story.wording import normalize

    said = (primed or "").strip()
    return said.endswith(TRAILING_MARKS) and (
        len(normalize(said).split()) <= len(normalize(text or "").split()) + LOOPED)

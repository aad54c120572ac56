"""Patient turn-taking: is the listener done, or only pausing to think?

The endpointer ends an answer after the piece's short ``complete_silence`` when the words so
far are a whole answer, else after the longer ``incomplete_silence`` — or, when the speech
trails off in a hesitation, after ``Tuning.hesitation_silence`` (1.3 s). The grammar alone is a
poor judge of "whole": it fits some answer to any sound ("I" decodes as "aye", "well" as
"no no"), so a hesitant listener ("well… yes", "I… I don't know") was cut off at the first
pause. Two more opinions make the judgement patient:

- **the hesitation rule** (:func:`ends_unfinished`): words that leave a sentence open —
  "um", "uh", "hmm", a trailing "and", "but", "because", "the", a lone "I", and "well" or
  "so" with nothing else said — mean the listener has more to say. It reads any text: an
  open transcript's, or the decoding of the speech so far with a grammar in which those
  words compete with the answers (:class:`HesitationCheck`), so that "well" is heard as
  "well" and not forced onto an answer.
- **Smart Turn** (:mod:`voicepiece.listening.smart_turn`), an audio model of finished
  turns, can be given as a last veto (``TurnJudge(smart_turn=...)``) but is not in the
  default judgement: measured (docs/listening.md, "Patient turn-taking"), it halved the
  cut-offs left on the tuning voices and made complete answers of the held-out voices
  wait the long silence (it judges prosody, which these synthetic voices lack).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from voicepiece.audio.levels import LISTENING_RATE
from voicepiece.listening.base import Recognizer, audio_digest
from voicepiece.story.phrases import Choice, ChoicesKey, choices_key
from voicepiece.story.wording import normalize

if TYPE_CHECKING:
    from voicepiece.listening.smart_turn import SmartTurn

__all__ = ["HESITATIONS", "OPEN_ENDINGS", "HesitationCheck", "TurnJudge", "ends_unfinished",
           "patient_judge"]

LONGEST_BEGINNING = round(1.3 * LISTENING_RATE) * 2
"""Bytes of audio (pre-roll, speech and the pause so far) beyond which the speech is not
looked at for a hesitation: a turn that is only "well", "um" or "I" so far is short, and
deciding a longer answer costs the decode (~100 ms under load) and risks hearing a
finished answer's first word as a hesitation."""

SMART_TURN_THRESHOLD = 0.5
"""Smart Turn's probability at or above which a turn is finished (pipecat's own)."""

HESITATIONS = frozenset({"um", "umm", "uh", "er", "erm", "hmm", "hm", "mm", "ah"})
"""Sounds that are never an answer: a turn ending in one is not over."""

OPEN_ENDINGS = frozenset({
    "and", "but", "or", "because", "cause", "if", "the", "a", "an", "to", "of", "my", "your",
    "i", "with", "for", "like",
})
"""Words a spoken answer does not end on: whoever stops after them is still going."""

OPENERS = frozenset({"well", "so", "oh", "now", "let", "me", "see"})
"""Words that begin a turn without answering: said alone (or only with hesitations,
"um… well"), they are a beginning; after an answer ("I think so", "yes, well") they end it."""


def ends_unfinished(text: str | None, answers: Collection[str] = ()) -> bool:
    """Whether ``text`` (a transcript of the speech so far) leaves the answer open: it ends
    in a hesitation or a word no answer ends on, or holds nothing but hesitations and
    openers — unless it is one of ``answers`` (normalized phrases: "so so" may be one).
    Empty text is not judged unfinished (nothing was understood to be waiting on)."""
    said = normalize(text or "")
    words = said.replace(",", " ").split()
    if not words or said in answers:
        return False
    if words[-1] in HESITATIONS or words[-1] in OPEN_ENDINGS:
        return True
    return all(w in HESITATIONS or w in OPENERS for w in words)


SPOKEN_HESITATIONS = ("um", "uh", "er", "hmm", "well", "so", "i")
"""The hesitations the decoder listens for at the start of a turn. Short function words
("and", "the", "to") are left out: in a grammar they fill any trailing noise (a clean
"yeah" decoded as "the and"), as filler words in a grammar were measured to do."""


class HesitationCheck:
    """Decodes the speech so far with the point's answers *and* a hesitation or two before
    them as alternatives ("well", "um", "I"…), and applies :func:`ends_unfinished` to what
    it heard: a turn heard as hesitations alone is not over. One grammar per set
    of choices, compiled on first use into the process's decoder."""

    def __init__(self) -> None:
        self._grammars: dict[ChoicesKey, str] = {}
        self._lock = threading.Lock()
        self._last: tuple[bytes, str | None] | None = None

    def _grammar(self, choices: Sequence[Choice]) -> str:
        from voicepiece.listening.decoder import engine
        from voicepiece.listening.grammar import grammar_for

        key = choices_key(choices)
        with self._lock:
            name = self._grammars.get(key)
            if name is None:
                eng = engine()
                answers = " | ".join(grammar_for(choices).labels)
                words = " | ".join(w for w in SPOKEN_HESITATIONS if eng.pronunciations(w))
                name = f"hesitant_{eng.search_count()}"
                # an answer may follow a hesitation or two; nothing may follow the answer,
                # where the decoder would fill the trailing silence with short words
                eng.add_grammar(name, "#JSGF V1.0;\ngrammar hesitant;\n"
                                f"<word> = {words};\n<answer> = {answers};\n"
                                "public <turn> = [<word> [<word>]] <answer> | <word> [<word>];\n")
                self._grammars[key] = name
        return name

    def heard(self, audio: bytes, choices: Sequence[Choice]) -> str | None:
        """What the speech so far sounds like, answers and hesitation words competing."""
        from voicepiece.listening.decoder import engine
        from voicepiece.listening.denoise import enhance
        from voicepiece.listening.recognizer import ENHANCE_BELOW_DB
        from voicepiece.listening.snr import percentile_snr

        digest = audio_digest(audio)
        if self._last is not None and self._last[0] == digest:
            return self._last[1]
        search = self._grammar(choices)
        decoded = enhance(audio) if percentile_snr(audio) < ENHANCE_BELOW_DB else audio
        text = engine().decode(decoded, search).text
        self._last = (digest, text)
        return text

    def hesitating(self, audio: bytes, choices: Sequence[Choice]) -> bool:
        """Whether the speech so far trails off: heard as hesitations alone — or as
        nothing at all, neither an answer nor a hesitation (a breathy "so", "hmm")."""
        from voicepiece.listening.grammar import grammar_for

        heard = self.heard(audio, choices)
        return heard is None or ends_unfinished(heard, grammar_for(choices).labels)


class TurnJudge:
    """The ear's "is the answer whole?" during a pause: the hesitation check must not hear
    the speech trailing off (if it does, the turn waits the longer hesitation silence), the
    recognizer must find a whole answer, and Smart Turn (when given) must think the turn
    finished. ``hesitation`` and
    ``smart_turn`` None leave the recognizer to judge alone (the judgement before this
    module)."""

    def __init__(self, hesitation: HesitationCheck | None = None,
                 smart_turn: SmartTurn | None = None,
                 threshold: float = SMART_TURN_THRESHOLD) -> None:
        self.hesitation = hesitation
        self.smart_turn = smart_turn
        self.threshold = threshold

    def verdict(self, recognizer: Recognizer, audio: bytes,
                choices: Sequence[Choice]) -> tuple[bool, bool]:
        """(whole, hesitating): the answer is whole; else whether it trails off in a
        hesitation (then the endpointer waits the longer hesitation silence)."""
        hesitating = (self.hesitation is not None and len(audio) <= LONGEST_BEGINNING
                      and self.hesitation.hesitating(audio, choices))
        if hesitating or not recognizer.is_complete(audio, choices):
            return False, hesitating
        whole = self.smart_turn is None or self.smart_turn.probability(audio) >= self.threshold
        return whole, False

    def complete(self, recognizer: Recognizer, audio: bytes,
                 choices: Sequence[Choice]) -> bool:
        return self.verdict(recognizer, audio, choices)[0]


@functools.cache
def patient_judge() -> TurnJudge:
    """The process's default judgement: the recognizer's and the hesitation rule. Smart Turn
    is left out (it made complete answers on held-out voices wait the long silence: median
    end delay 416 → 1,376 ms). Made once: the hesitation grammars live in the process's
    decoder."""
    return TurnJudge(HesitationCheck())

"""Patient turn-taking: is the listener done, or only pausing to think?

The endpointer ends an answer after the piece's short ``complete_silence`` when the words so
far are a whole answer, else after the longer ``incomplete_silence`` — or, when the speech
trails off in a hesitation, after ``Tuning.hesitation_silence`` (1.5 s). The grammar alone is a
poor judge of "whole": it fits some answer to any sound ("I" decodes as "aye", "well" as
"no no"), so a hesitant listener ("well… yes", "I… I don't know") was cut off at the first
pause. Two more opinions make the judgement patient:

- **the hesitation rule** (:func:`ends_unfinished`): words that leave a sentence open —
  "um", "uh", "hmm", a trailing "and", "but", "because", "the", a lone "I", and openers
  with nothing after them ("well", "so", "I mean", "you know", "let me think") — mean the
  listener has more to say. It reads any text: an
  open transcript's, or the decoding of the speech so far with a grammar in which those
  words compete with the answers (:class:`HesitationCheck`), so that "well" is heard as
  "well" and not forced onto an answer.
- **Smart Turn** (:mod:`voicepiece.listening.smart_turn`), an audio model of finished
  turns, can be given as a last veto (``TurnJudge(smart_turn=...)``) but is not in the
  default judgement: measured (docs/listening-measurements.md, "Patient turn-taking"), it halved the
  cut-offs left on the tuning voices and made complete answers of the held-out voices
  wait the long silence (it judges prosody, which these synthetic voices lack).

The open transcript, where the recognizer gives one (the combined ear: Whisper tiny.en,
:meth:`~voicepiece.listening.combined.CombinedRecognizer.transcript`), outranks both: the
grammar's and the hesitation grammar's judgements are only what holds until it comes
(:class:`Verdict`'s ``transcript``), and :func:`read_with` then decides on Whisper's words
— an answer ends the turn after the short silence, "Well...", "Um", "I mean." and words
that leave a clause open ("If I think about it.") wait the hesitation silence, a sentence
that answers nothing the incomplete one (the reading of the words:
:mod:`voicepiece.listening.turn_reading`); where the words
leave it open (a word or two that answer nothing: a hesitation or an answer misheard),
the grammar's judgement of the same audio decides. Whisper has never met the voice, but
knows English: on the tuning voices it wrote "Well...", "So...", "Um...", "I" where the
grammar heard "no no", "somewhat", "aye".
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING

from voicepiece.audio.levels import LISTENING_RATE
from voicepiece.listening.base import Recognition, Recognizer, audio_digest
from voicepiece.listening.clause_parse import thinking_alone
from voicepiece.listening.turn_reading import (
    FEW_WORDS,
    FRAME,
    HESITATIONS,
    OPEN_ENDINGS,
    OPENERS,
    SENTENCE,
    TRAILS_OFF,
    WHOLE,
    ends_unfinished,
    leaves_open,
    reading,
    reads_whole,
    strongly_unfinished,
)
from voicepiece.story.phrases import Choice, ChoicesKey, choices_key
from voicepiece.story.wording import normalize

if TYPE_CHECKING:
    from voicepiece.listening.smart_turn import SmartTurn
    from voicepiece.listening.whisper_model import WhisperWords

__all__ = ["HESITATIONS", "OPENERS", "OPEN_ENDINGS", "HesitationCheck", "TurnJudge", "Verdict",
           "ends_unfinished", "leaves_open", "patient_judge", "read_with", "read_words",
           "reading", "reads_whole"]

_LOG = logging.getLogger(__name__)

LONGEST_BEGINNING = round(1.3 * LISTENING_RATE) * 2
"""Bytes of audio (pre-roll, speech and the pause so far) beyond which the speech is not
looked at for a hesitation: a turn that is only "well", "um" or "I" so far is short, and
deciding a longer answer costs the decode (~100 ms under load) and risks hearing a
finished answer's first word as a hesitation."""

SMART_TURN_THRESHOLD = 0.5
"""Smart Turn's probability at or above which a turn is finished (pipecat's own)."""

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
        from voicepiece.listening.recognizer import decodable

        digest = audio_digest(audio)
        if self._last is not None and self._last[0] == digest:
            return self._last[1]
        search = self._grammar(choices)
        text = engine().decode(decodable(audio), search).text  # denoised once, for both
        self._last = (digest, text)
        return text

    def hesitating(self, audio: bytes, choices: Sequence[Choice]) -> bool:
        """Whether the speech so far trails off: heard as hesitations alone — or as
        nothing at all, neither an answer nor a hesitation (a breathy "so", "hmm")."""
        from voicepiece.listening.grammar import grammar_for

        heard = self.heard(audio, choices)
        return heard is None or ends_unfinished(heard, grammar_for(choices).labels)


@dataclass(frozen=True)
class Verdict:
    """A pause's judgement: the speech so far is a ``whole`` answer, or else whether it is
    ``hesitating``; ``transcript``, when not None, is an open transcript still under way,
    whose reading (:meth:`TurnJudge.settle`) replaces this one when it comes; ``heard``,
    the words the hesitation grammar heard (None: not asked, or nothing heard);
    ``answer``, the grammar's recognition of the speech so far, where the recognizer keeps
    one and was asked (:func:`grammar_answer`; None when the hesitation rule decided);
    ``read``, once the transcript settled it, the quick judgement and the words it was
    read with (for a second read of the pause: :mod:`~voicepiece.listening.second_read`)."""

    whole: bool
    hesitating: bool = False
    transcript: Future[WhisperWords] | None = None
    heard: str | None = None
    answer: Recognition | None = None
    read: tuple[Verdict, WhisperWords] | None = None


def read_with(quick: Verdict, text: str | None, choices: Sequence[Choice]) -> Verdict:
    """The judgement once the open transcript ``text`` has come: its :func:`reading` where
    that is sure — an answer, or words trailing off — and where it is not, the ``quick``
    judgement of the grammar, which heard the same audio: a word or two that answer
    nothing are a hesitation or an answer misheard — the grammar's answer when it heard
    one spelt like them ("I selected" for "isolated", "Chad." for "shared":
    :func:`sounds_alike`), whole or not as the grammar judged it, else a hesitation ("Hi."
    for "I…"); so is a frame alone (FRAME: "in the way." for the point's own "in a way",
    which the grammar heard as "no way"); a sentence that answers nothing waits the
    incomplete silence, or the hesitation silence if the grammar heard the turn trailing
    off ("hmm, let me see" written "From left me see"); words that trail off only by an
    ending the grammar's whole answer shares are that answer (:func:`ends_as_heard`)."""
    return _judged(quick, text, reading(text, choices))


def _judged(quick: Verdict, text: str | None, found: str) -> Verdict:
    """:func:`read_with` of ``text``, whose :func:`reading` is ``found``."""
    if found in (FEW_WORDS, FRAME):
        if not quick.hesitating and (sounds_alike(text or "", quick.heard or "")
                                     or sounds_alike(text or "", _phrase(quick))):
            return Verdict(quick.whole, False)
        return Verdict(False, True)
    if (found == TRAILS_OFF and quick.whole and ends_as_heard(text or "", quick.heard or "")
            and not thinking_alone(text)):  # "I suppose": heard alike, and still thinking
        return Verdict(True, False)
    if found == WHOLE and (thinking_asked_back(text, quick.heard) or (
            quick.hesitating and heard_thinking(text, quick.heard))):
        return Verdict(False, True)
    return Verdict(found == WHOLE, found == TRAILS_OFF
                   or (found == SENTENCE and quick.hesitating))


def heard_thinking(text: str | None, heard: str | None) -> bool:
    """Whether Whisper wrote one word where the hesitation grammar, answers and sounds of
    thinking competing, heard only sounds of thinking ("um", "er hmm"): a thought's sound
    made a word ("Yeah" for "er…", "Huh?" for "uh…"), which the grammar, listening for
    both, did not take for an answer. One word only: more words are more than a sound."""
    from voicepiece.story.wording import HESITATIONS as SOUNDS

    sounds = (heard or "").split()
    return _one_word(text) and bool(sounds) and all(w in SOUNDS for w in sounds)


def _one_word(text: str | None) -> bool:
    return len(re.findall(r"[\w']+", text or "")) == 1


def thinking_asked_back(text: str | None, heard: str | None) -> bool:
    """Whether Whisper wrote one word asked back ("What?") where the hesitation grammar
    heard the turn begin with a sound of thinking or an opener ("well", "I", "um"): a
    "well…" said in one go with a thought still to come rises, and Whisper writes the rise
    "What?" (docs/listening-measurements.md, "Hesitant answers said in one go"); a
    listener asking back asks at once, and if it was asked, a question back waits only
    the hesitation silence."""
    sounds = (heard or "").split()
    return (_one_word(text) and (text or "").strip().endswith("?") and bool(sounds)
            and sounds[0] in SPOKEN_HESITATIONS)


def read_words(quick: Verdict, words: WhisperWords, choices: Sequence[Choice]) -> Verdict:
    """:func:`read_with` of the open transcript's ``words``, then Whisper's own doubt: words
    that read as whole or as a sentence trail off where the primed decoding wrote them
    trailing off or Whisper weighed trailing off before its last word
    (:func:`~voicepiece.listening.completeness.unfinished_by_whisper`) — unless the words
    are the whole answer the grammar heard (:func:`agreed`: two witnesses of one answer
    end the turn). Only where the words themselves read so: where the grammar's hearing
    decided (a word or two, a frame, an answer misheard with its own ending, "Sword of"
    for "sort of") it stands."""
    from voicepiece.listening.completeness import unfinished_by_whisper

    found = reading(words.text, choices)
    judged = _judged(quick, words.text, found)
    if judged.hesitating or found not in (WHOLE, SENTENCE):
        return judged
    if agreed(quick, words.text, choices):
        return Verdict(True, False)
    if not unfinished_by_whisper(words, choices):
        return judged
    return Verdict(False, True)


def agreed(quick: Verdict, text: str | None, choices: Sequence[Choice]) -> bool:
    """Whether the grammar judged the turn a whole answer and Whisper's words, read as
    finished, are that answer — spelt like it (:func:`sounds_alike`: "Time to get me."
    for "time together") or read by the matcher as the same answer ("Not why." for "not
    quite"): two witnesses of one complete answer, which Whisper's doubt about its own
    misheard last word does not outweigh (the listening bench's complete answers waited
    the hesitation silence for it: docs/listening-measurements.md, "The latency's tail,
    thirteenth pass")."""
    from voicepiece.listening.transcripts import REJECT, Transcript, decide

    phrase = _phrase(quick)
    if not quick.whole or quick.answer is None or not phrase or not text:
        return False
    if sounds_alike(text, phrase):
        return True
    found = decide(Transcript(text.strip()), choices)
    return found.zone != REJECT and found.label is not None and found.label == quick.answer.label


def _phrase(quick: Verdict) -> str:
    """The grammar's phrase behind ``quick`` ("" when none) — but never a thought alone
    ("I suppose", "I guess": :func:`thinking_alone`), which waits even where the words are
    the point's own ("I suppose… she does" was heard "It's a pose.")."""
    phrase = quick.answer.text if quick.answer is not None else None
    return phrase if phrase and not thinking_alone(phrase) else ""


def grammar_of(recognizer: Recognizer) -> Recognizer:
    """The grammar a recognizer keeps (the combined ear's ``grammar``), else itself."""
    return getattr(recognizer, "grammar", recognizer)


def grammar_answer(recognizer: Recognizer, audio: bytes,
                   choices: Sequence[Choice]) -> Recognition | None:
    """The grammar's recognition of ``audio`` once ``is_complete`` was asked of it, where
    the recognizer is the grammar or keeps one (the combined ear's ``grammar``): it
    remembers that analysis, so this decodes nothing. None for other recognizers, and
    where the grammar found no phrase."""
    from voicepiece.listening.recognizer import SphinxRecognizer

    grammar = grammar_of(recognizer)
    if not isinstance(grammar, SphinxRecognizer):
        return None
    found = grammar.recognize(audio, choices)
    return found if found.text else None


ALIKE = 0.6
"""Letters in common (difflib's ratio) from which a transcript is the grammar's answer
misheard: "I selected" for "isolated" 0.71, "A breed." for "agreed" 0.83, "Chad" for
"shared" 0.6 — where "Hi" for "kind of" is 0.25 and "We know" for "nope" 0.31 (tuning
voices), and v6's beginnings "Bruce fully." for "truthfully…" 0.53 against the grammar's
"precisely", "Art." for "ahh…" 0.57 against "a lot" (0.5 let those end the turn in the
pause; "I sleep." for "isolated", 0.57, now waits like a hesitation)."""


def ends_as_heard(text: str, heard: str) -> bool:
    """Whether a transcript that reads as trailing off is only the grammar's whole answer
    misheard: spelt like it (:func:`sounds_alike`), ending on the answer's own last word
    — the open ending is the answer's ("Sword of" for "sort of", "Car to say" for "hard
    to say": the same sounds, two spellings) — and with no sign of its own that the
    speech trails off (Whisper's "...", a hesitation, an opener alone:
    :func:`strongly_unfinished`). Where the last words differ ("Maybe and." against
    "maybe not", "I don't." against "I doubt it") the grammar filled in an ending
    Whisper did not hear, and the turn waits."""
    said, answer = normalize(text).split(), normalize(heard).split()
    return (bool(said and answer) and said[-1] == answer[-1]
            and not strongly_unfinished(text) and sounds_alike(text, heard))


def sounds_alike(text: str, heard: str) -> bool:
    """Whether a transcript is spelt like what the grammar heard: the same words misheard."""
    from difflib import SequenceMatcher

    def letters(t: str) -> str:
        return "".join(w for w in normalize(t).split() if w not in HESITATIONS)

    a, b = letters(text), letters(heard)
    return bool(a and b) and SequenceMatcher(None, a, b).ratio() >= ALIKE


class TurnJudge:
    """The ear's "is the answer whole?" during a pause: the hesitation check must not hear
    the speech trailing off (if it does, the turn waits the longer hesitation silence), the
    recognizer must find a whole answer, and Smart Turn (when given) must think the turn
    finished — until the recognizer's open transcript, where it has one, is there to read
    (:func:`reads_whole`). ``hesitation`` and ``smart_turn`` None leave the recognizer to
    judge alone (the judgement before this module); ``transcripts`` False leaves the open
    transcript out of it."""

    def __init__(self, hesitation: HesitationCheck | None = None,
                 smart_turn: SmartTurn | None = None,
                 threshold: float = SMART_TURN_THRESHOLD, *, transcripts: bool = True) -> None:
        self.hesitation = hesitation
        self.smart_turn = smart_turn
        self.threshold = threshold
        self.transcripts = transcripts

    def verdict(self, recognizer: Recognizer, audio: bytes, choices: Sequence[Choice],
                wait: bool = False) -> Verdict:
        """The judgement on the speech so far; with ``wait`` (nobody waits in real time:
        a file, a render) the open transcript is waited for and read at once, so the
        decision is the same however busy the machine is."""
        start = getattr(recognizer, "transcript", None) if self.transcripts else None
        transcript = start(audio) if start is not None else None  # first: the long pole
        asked = self.hesitation is not None and len(audio) <= LONGEST_BEGINNING
        hesitating = asked and self.hesitation.hesitating(audio, choices)
        heard = self.hesitation.heard(audio, choices) if asked else None  # remembered
        if hesitating:
            found = Verdict(False, True, transcript, heard)
        else:
            whole = recognizer.is_complete(audio, choices) and (
                self.smart_turn is None or self.smart_turn.probability(audio) >= self.threshold)
            found = Verdict(whole, False, transcript, heard,
                            grammar_answer(recognizer, audio, choices))
        if transcript is not None and (wait or transcript.done()):
            return self.settle(found, choices, None)
        return found

    def settle(self, verdict: Verdict, choices: Sequence[Choice],
               waited: float | None) -> Verdict | None:
        """``verdict`` with its open transcript read, once that is there (None before);
        ``waited`` (seconds of audio since the verdict) is for judges that model the
        transcript's delay; this one blocks for it when ``waited`` is None."""
        if verdict.transcript is None:
            return verdict
        if waited is not None and not verdict.transcript.done():
            return None
        try:
            words = verdict.transcript.result()
        except Exception as e:  # a failed decode leaves the quick judgement standing
            _LOG.warning("the open transcript failed (%s); the grammar judges the turn", e)
            return Verdict(verdict.whole, verdict.hesitating)
        return dataclasses.replace(read_words(verdict, words, choices), read=(verdict, words))

    def complete(self, recognizer: Recognizer, audio: bytes,
                 choices: Sequence[Choice]) -> bool:
        verdict = self.verdict(recognizer, audio, choices, wait=True)
        return verdict.whole


@functools.cache
def patient_judge() -> TurnJudge:
    """The process's default judgement: the open transcript once it is there, the
    recognizer's and the hesitation rule until then. Smart Turn
    is left out (it made complete answers on held-out voices wait the long silence: median
    end delay 416 → 1,376 ms). Made once: the hesitation grammars live in the process's
    decoder."""
    return TurnJudge(HesitationCheck())

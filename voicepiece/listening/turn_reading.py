"""What the words of a turn so far say of its end: an answer, a beginning, or neither.

Pure functions on text (a transcript, or what a grammar heard), for the turn judgement in
:mod:`voicepiece.listening.turns`: :func:`ends_unfinished` (hesitations, open endings and
openers), :func:`leaves_open` (a clause the grammar of English wants finished) and
:func:`reading`, which puts them together with the point's answers.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from voicepiece.errors import VoicepieceError
from voicepiece.listening.clause_parse import relative_alone, thinking_alone, wants_more
from voicepiece.listening.clause_shapes import (
    AUXILIARIES,
    SUBJECTS,
    clause_left_open,
    clause_unbegun,
    ends_contracted,
    ends_on_subordinator,
    ends_open,
    frame_only,
    leaves_open,
    says_nothing_yet,
)
from voicepiece.story.offscript import asks_back
from voicepiece.story.phrases import Choice
from voicepiece.story.wording import HESITATIONS as THINKING_SOUNDS
from voicepiece.story.wording import normalize

__all__ = ["FEW_WORDS", "FRAME", "HESITATIONS", "OPENERS", "OPEN_ENDINGS", "SENTENCE", "TRAILS_OFF",
           "WHOLE", "bare_denial", "clause_unbegun", "ends_unfinished", "frame_only",
           "leaves_open", "own_phrasing", "reading", "reads_whole", "replies_so",
           "says_nothing_yet", "strongly_unfinished"]

HESITATIONS = THINKING_SOUNDS | {"mm"}
"""Sounds that are never an answer: a turn ending in one is not over. The matcher's sounds
of thinking (story/wording.py), and "mm", which may be a yes said alone but after words
is someone still thinking."""

OPEN_ENDINGS = frozenset({
    "and", "but", "or", "because", "cause", "if", "the", "a", "an", "to", "of", "my", "your",
    "i", "with", "for", "like",
})
"""Words a spoken answer does not end on: whoever stops after them is still going."""

OPENERS = frozenset({
    "well", "so", "oh", "now", "okay", "ok", "alright", "like", "actually", "honestly",
    "basically", "anyway", "look", "listen", "see", "right",
    "i mean", "you know", "you know what", "you see", "let me think", "let me see",
    "let us see", "let me think about it", "let me think about that", "let me just think",
    "the thing is", "the truth is", "to be honest", "to be fair", "if i am honest",
    "if i am being honest", "how do i put it", "how should i put it", "how can i put it",
    "how do i say it", "how do i say this", "how should i say it", "what can i say",
    "good question", "that is a good question",
    "the way i see it", "the way i look at it", "as i see it", "if you ask me",
})
"""Words and phrases (normalized) that begin a turn without answering: said alone, or only
with hesitations and one another ("um… well", "okay, so…", "I mean, you know"), they are a
beginning; an answer after them ("I mean, no") is that answer. Phrases that complete an
answer with "so" ("I think", "I'd say": "I think so") are not among them, nor anything an
answer may be made of alone ("okay", "right": the point's answers are looked at first)."""
_LONGEST_OPENER = max(len(o.split()) for o in OPENERS)


def _after_openers(words: Sequence[str]) -> int:
    """How many of ``words``, from the start, are hesitations and openers."""
    i = 0
    while i < len(words):
        for n in range(min(_LONGEST_OPENER, len(words) - i), 0, -1):
            if " ".join(words[i:i + n]) in OPENERS or (n == 1 and words[i] in HESITATIONS):
                i += n
                break
        else:
            break
    return i


def ends_unfinished(text: str | None, answers: Collection[str] = ()) -> bool:
    """Whether ``text`` (a transcript of the speech so far) leaves the answer open: it ends
    in a hesitation or a word no answer ends on, or holds nothing but hesitations and
    openers ("I mean…", "you know…", "let me think…") — unless it is one of ``answers``
    (normalized phrases: "so so", "okay" may be one). Empty text is not judged unfinished
    (nothing was understood to be waiting on)."""
    said = normalize(text or "")
    words = said.replace(",", " ").split()
    if not words or said in answers or " ".join(words) in answers:
        return False
    if words[-1] in HESITATIONS or words[-1] in OPEN_ENDINGS:
        return True
    return _after_openers(words) == len(words)




def strongly_unfinished(text: str | None) -> bool:
    """Whether ``text`` itself says the speech trails off, whatever an answer may be spelt
    like: no words, Whisper's own mark ("Well...", "So-"), a hesitation last ("I think,
    um"), nothing but hesitations and openers ("I mean", "you know"), a lone open word
    ("I", "and"). Unlike a clause left open or an open ending after other words ("Sword
    of"), these are never the end of an answer misheard."""
    said = (text or "").strip()
    words = normalize(said).replace(",", " ").split()
    if not words or said.endswith(TRAILING_MARKS):
        return True
    if words[-1] in HESITATIONS or _after_openers(words) == len(words):
        return True
    return len(words) == 1 and words[0] in OPEN_ENDINGS


def bare_denial(words: Sequence[str]) -> bool:
    """Whether normalized ``words`` are only a subject and a negated auxiliary — "I
    don't", "I'm not", "it isn't": an answer in itself, but more often the start of the
    commonest hesitant ones ("I don't… think so", "I'm not… sure"); on the tuning voices
    Whisper wrote "I don't." for every "I don't… think so" cut off."""
    return (len(words) == 3 and words[0] in SUBJECTS and words[1] in AUXILIARIES
            and words[2] == "not")



REPLY_WORDS = frozenset({"so", "not"})
"""The words a reply to a yes/no question ends on when it says which without "yes" or
"no": "I suspect so", "I would hope so", "sadly not", "I'm afraid not"."""
LONGEST_REPLY = 4
_NOT_BEFORE_REPLY = (AUXILIARIES | OPEN_ENDINGS | HESITATIONS
                     | {"am", "is", "are", "was", "were", "just", "so", "yes", "no", "well"})
"""Words after which "so" or "not" is no reply: a verb group still going ("I'm just
not…", "it is not…"), a beginning ("and so", "okay, so", "um, so") or an answer going on
("yes, so…")."""


def replies_so(words: Sequence[str]) -> bool:
    """Whether normalized ``words``, a few, are shaped as a reply that says which without
    the words of an answer — a verb of thinking or an adverb, then "so" or "not" ("I
    suspect so", "I would hope so", "sadly not"): whole, whether or not the point's
    matcher knows the words (what they mean is the decision's business; the turn is
    over)."""
    return (2 <= len(words) <= LONGEST_REPLY and words[-1] in REPLY_WORDS
            and words[-2] not in _NOT_BEFORE_REPLY)


TRAILING_MARKS = ("...", "…", "-")
"""How Whisper writes speech that trails off ("Well...", "Um..."): on the tuning voices it
ended no whole answer so, and most beginnings."""
FEWEST_OFF_LIST_WORDS = 3
"""Words that answer nothing end the turn after the incomplete silence only from this
many on ("I need to buy milk"); fewer ("Hi.", "Done.", "Then") were, on the tuning voices,
a hesitation misheard ("I", "um") — they wait like one. Counted as written: a contraction
is one spoken word, and "I'm me.", "It's me." were a bare "I'm…", "it's…" misheard (v4)."""
_WRITTEN_WORD = re.compile(r"[\w']+")

WHOLE_PHRASE = 0.999
"""The matcher's confidence (1.0) when the whole transcript is one of an answer's phrasings:
it is whole even where it reads as a beginning. A beginning the matcher made an answer of
("If I think about it." as "no") always left words unexplained (≤ 0.94 on the tuning sets)."""

WHOLE, TRAILS_OFF, FEW_WORDS, SENTENCE = "whole", "trails off", "few words", "sentence"
FRAME = "frame"
"""The readings of an open transcript (:func:`reading`)."""


def reading(text: str | None, choices: Sequence[Choice]) -> str:
    """What an open transcript of the speech so far says of the turn at a point offering
    ``choices``: WHOLE when its words give one of the answers, or ask a question (of one
    word only if it asks back, "Sorry?": "Seriously?" is more often a beginning);
    TRAILS_OFF when they trail off ("Well...", :func:`ends_unfinished`,
    :func:`bare_denial`, a sentence ending in an opener), leave a clause open
    (:func:`leaves_open`; an answer going on with a clause not yet begun,
    :func:`clause_unbegun`), or stop where no answer does (:func:`clause_left_open`: "I
    think that", "it came from", "the way she"; or on a contracted verb, :func:`ends_contracted`:
    "…, it's"; or where the light parse of the last clause finds a word still wanting its
    verb, subject, noun or object, :func:`~voicepiece.listening.clause_parse.wants_more`:
    "a friend should never", "because you", "about his", "he really wanted" — read before
    the matcher, which would find an open answer or an own meaning in the fragment; "I" and
    a verb of thinking alone, :func:`~voicepiece.listening.clause_parse.thinking_alone`,
    even where "I suppose" is unsure's phrasing), or are a question word and its subject
    written as a question (:func:`~voicepiece.listening.clause_parse.relative_alone`:
    "What she feels for him?", no question but half a sentence said with a rise), or
    there are no words at all in what the voice detector took for speech (an "um"
    Whisper leaves out); FRAME, at a yes/no point, for a frame alone
    (:func:`frame_only`: a beginning, or an answer misheard, "in the way." for "in a
    way", so the grammar's hearing may decide as for FEW_WORDS). The matcher's fuzzy
    pass stays on here (the final decision turns it off for Whisper): a misheard answer
    it takes ("In away.") ends the turn quickly, where reading it as words that answer
    nothing would keep it waiting; a beginning it takes ("that comes" as "that does")
    is still caught by the readings of clauses left open, which come first; FEW_WORDS
    for a word or two that answer nothing ("Hi." for "I", "Chad." for "shared": a hesitation or an
    answer misheard), or a one-word answer and a word that is no part of it ("Yes,
    bud.");
    SENTENCE for longer words that answer nothing."""
    from voicepiece.listening.grammar import grammar_for
    from voicepiece.listening.transcripts import REJECT, Transcript, decide

    said = (text or "").strip()
    words = normalize(said).split()
    if not words:
        return TRAILS_OFF
    labels = grammar_for(choices).labels
    if (said.endswith(TRAILING_MARKS) or bare_denial(words) or ends_on_subordinator(words)
            or ends_unfinished(said, labels)):
        return TRAILS_OFF
    left_open = " ".join(words) not in labels and (
        clause_left_open(words) or ends_contracted(said) or wants_more(said))
    if not said.endswith("?") and (left_open or thinking_alone(said)):
        return TRAILS_OFF  # before the matcher: a fragment is no open answer nor own meaning
    if said.endswith("?") and (ends_open(words) or relative_alone(said)):
        return TRAILS_OFF  # Whisper's guess at a tone: "What strikes me most is?"
    if said.endswith("?") and (len(words) > 1 or asks_back(said)):
        return WHOLE
    found = decide(Transcript(said), choices)
    answers = found.label is not None and found.zone != REJECT
    if answers and found.score >= WHOLE_PHRASE:
        return WHOLE  # an answer's own phrasing ("to be true", "as long as it is kind")
    if leaves_open(said) or (answers and clause_unbegun(said)):
        return TRAILS_OFF
    if not answers and not any(c.phrases for c in choices) and frame_only(said):
        return FRAME
    if answers and _answer_and_a_word(said, found.label, choices):
        return FEW_WORDS
    if answers or replies_so(words):
        return WHOLE
    if _ends_in_opener(words) or (len(words) == 1 and _sentence_adverb(words[0])):
        return TRAILS_OFF
    return FEW_WORDS if len(_WRITTEN_WORD.findall(said)) < FEWEST_OFF_LIST_WORDS else SENTENCE


def own_phrasing(text: str | None, choices: Sequence[Choice]) -> bool:
    """Whether ``text`` is one of the answers at a point offering ``choices`` in its own
    phrasing (the matcher's whole-phrase confidence: "I don't think so", "from within")."""
    from voicepiece.listening.transcripts import REJECT, Transcript, decide

    found = decide(Transcript((text or "").strip()), choices)
    return found.label is not None and found.zone != REJECT and found.score >= WHOLE_PHRASE


def _answer_and_a_word(said: str, label: str | None, choices: Sequence[Choice]) -> bool:
    """Whether ``said`` is a one-word answer and one more word that is no part of it ("Yes,
    bud.", "Maybe end.", "Right Zone"): on the tuning voices, Whisper's way of writing an
    answer going on with "but…", "and…", "so…" — the next clause's first word, misheard."""
    from voicepiece.listening.transcripts import Transcript, decide

    written = _WRITTEN_WORD.findall(said)
    if len(written) != 2:
        return False
    first = decide(Transcript(written[0]), choices)
    return first.label == label and first.score >= WHOLE_PHRASE


def reads_whole(text: str | None, choices: Sequence[Choice]) -> tuple[bool, bool]:
    """(whole, hesitating) of :func:`reading` alone: a word or two that answer nothing
    wait like a hesitation, a sentence that answers nothing the incomplete silence."""
    found = reading(text, choices)
    return found == WHOLE, found in (TRAILS_OFF, FEW_WORDS, FRAME)


def _sentence_adverb(word: str) -> bool:
    """Whether ``word``, said alone and answering nothing, is an adverb in -ly: the frame
    of an answer to come ("Personally…", "Truthfully…", "Frankly…"). Read before the
    grammar's judgement, which may hear an answer spelt like it ("Personally." and "er so
    no way", v6). Only an English word (one the grammar's dictionary can say): a made-up
    one is an answer misheard ("Romainly" for a robotic voice's "probably", the `unseen`
    turn set), which the grammar's hearing then decides as a word or two."""
    if not (word.endswith("ly") and len(word) > 4):
        return False
    from voicepiece.listening.decoder import engine

    try:
        return bool(engine().pronunciations(word))
    except VoicepieceError:  # no decoder to ask (its own error is said where it is needed)
        return True


def _ends_in_opener(words: Sequence[str]) -> bool:
    """Whether words that answer nothing end in an opener of two words or more ("… you
    know", "… I mean"): Whisper, hearing a beginning it cannot place, writes the opener
    last ("When you know" for "well, you know…", on the tuning voices)."""
    return any(" ".join(words[-n:]) in OPENERS for n in range(2, _LONGEST_OPENER + 1))

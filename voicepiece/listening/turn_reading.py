"""What the words of a turn so far say of its end: an answer, a beginning, or neither.

Pure functions on text (a transcript, or what a grammar heard), for the turn judgement in
:mod:`voicepiece.listening.turns`: :func:`ends_unfinished` (hesitations, open endings and
openers), :func:`leaves_open` (a clause the grammar of English wants finished) and
:func:`reading`, which puts them together with the point's answers.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from voicepiece.story.offscript import asks_back
from voicepiece.story.phrases import Choice
from voicepiece.story.wording import normalize

__all__ = ["FEW_WORDS", "FRAME", "HESITATIONS", "OPENERS", "OPEN_ENDINGS", "SENTENCE", "TRAILS_OFF",
           "WHOLE", "bare_denial", "clause_unbegun", "ends_unfinished", "frame_only",
           "leaves_open", "reading", "reads_whole", "replies_so", "says_nothing_yet"]

HESITATIONS = frozenset({"um", "umm", "uh", "er", "erm", "hmm", "hm", "mm", "ah"})
"""Sounds that are never an answer: a turn ending in one is not over."""

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


SUBJECTS = frozenset({"i", "we", "you", "he", "she", "it", "they", "that"})
AUXILIARIES = frozenset({"do", "does", "did", "am", "is", "are", "was", "were", "can", "could",
                         "will", "would", "have", "has"})


def bare_denial(words: Sequence[str]) -> bool:
    """Whether normalized ``words`` are only a subject and a negated auxiliary — "I
    don't", "I'm not", "it isn't": an answer in itself, but more often the start of the
    commonest hesitant ones ("I don't… think so", "I'm not… sure"); on the tuning voices
    Whisper wrote "I don't." for every "I don't… think so" cut off."""
    return (len(words) == 3 and words[0] in SUBJECTS and words[1] in AUXILIARIES
            and words[2] == "not")


COPULA_SUBJECTS: dict[str, frozenset[str]] = {
    "is": frozenset({"he", "she", "it", "that", "this", "there", "here", "what", "who",
                     "which", "so"}),
    "was": frozenset({"i", "he", "she", "it", "that", "this", "there", "here", "what", "who",
                      "which", "so"}),
    "are": frozenset({"we", "you", "they", "these", "those", "there", "here", "what", "who",
                      "which"}),
    "were": frozenset({"we", "you", "they", "these", "those", "there", "here", "what", "who",
                       "which"}),
    "am": frozenset({"i"}),
    "be": frozenset({"will", "would", "could", "might", "may", "must", "should", "can",
                     "shall"}),
    "been": frozenset({"have", "has", "had"}),
}
"""A clause ending on a copula has yet to say what — "the answer is", "what I'd say is" —
unless the copula's subject (or, for "be" and "been", its auxiliary) comes just before
it, agreeing with it: "yes, it is", "that's how it was", "could be", "it has been". "You
is" does not agree: in "all I can tell you is" the subject is the clause before."""
COPULA_ADVERBS = frozenset({"sort", "kind", "of", "really", "probably", "possibly", "still",
                            "certainly", "definitely", "surely", "just", "also", "always",
                            "never", "actually", "truly", "indeed", "maybe", "perhaps",
                            "too", "not", "all", "both", "sure"})
"""Words that may stand between a subject and its copula ("it sort of is", "it sure was"),
with any adverb in -ly ("it absolutely is")."""


def _dangling_copula(words: Sequence[str]) -> bool:
    """Whether normalized ``words`` end on a copula whose subject is not just before it;
    for "be" and "been", whose auxiliary has no subject of its own before it, unless it
    opens the turn ("could be"): "the honest answer would be" waits for its what, "it
    would be" does not."""
    subjects = COPULA_SUBJECTS.get(words[-1])
    if subjects is None:
        return False
    i = len(words) - 2
    while i >= 0 and _adverb(words[i]):
        i -= 1
    if i < 0 or words[i] not in subjects:
        return True
    if words[-1] in ("be", "been"):
        i -= 1
        while i >= 0 and (_adverb(words[i]) or words[i] in _VERB_GROUP):
            i -= 1
        return i >= 0 and words[i] not in AUX_SUBJECTS
    return False


def _adverb(word: str) -> bool:
    return word in COPULA_ADVERBS or (word.endswith("ly") and len(word) > 4)


AUX_SUBJECTS = SUBJECTS | {"there", "this", "these", "those", "who", "what", "which", "so",
                           "yes", "no", "maybe", "perhaps", "well"}
"""What may stand before a modal or "have" whose "be"/"been" ends a whole clause: a
pronoun subject ("it would be", "there could be"), or an answer word the subject was left
out after ("yes, could be")."""
_VERB_GROUP = (AUXILIARIES | COPULA_SUBJECTS["be"] | COPULA_SUBJECTS["been"]
               | {"not", "never", "had"})
"""Words of a verb group before "be"/"been" ("would have been", "might not be")."""


SUBORDINATORS = frozenset({"if", "when", "whenever", "although", "though", "unless", "once",
                           "while", "whereas", "even if", "even though", "as long as",
                           "as far as", "as soon as", "so long as", "now that",
                           "given that"})
"""Words that open a clause which needs a main clause after it ("if I think about it…",
"when you put it like that…"). "Because" and "since" are left out: "because I loved her"
answers a question whole."""
LATE_SUBORDINATORS = frozenset({"although", "unless", "whereas", "whether", "than", "until"})
"""Subordinators that, last in a transcript, leave its clause open ("yes, although…"); the
ones an answer may end on ("…since", "…though", "…once", "…when") are not among them."""
CORRELATIVES = frozenset({"more", "less", "longer", "better", "worse", "older", "harder"})
""""The more I think about it…": a comparison whose second half is still to come."""
NOT_A_VERB = SUBJECTS | {"me", "him", "her", "us", "them", "the", "a", "an", "my", "your",
                         "our", "their", "this", "that", "some"}
"""Words after which "to" opens a phrase, not an infinitive ("to me", "to the sea")."""


def _ends_open(words: Sequence[str]) -> bool:
    """Whether normalized ``words`` end where a clause cannot: on a copula without its
    subject, a subordinator, or a verb of saying with nothing said (:func:`leaves_open`)."""
    return (_dangling_copula(words) or _ends_on_subordinator(words) or says_nothing_yet(words)
            or _conjunction_hanging(words))


COORDINATORS = frozenset({"and", "but", "or"})
HANGING = frozenset({"at least", "rather", "even", "still", "then", "yet", "maybe", "perhaps",
                     "also", "at most"})
"""Words that, after "and", "but" or "or" and nothing else, say how the next part will
go without saying it: "no, or at least…", "yes, but then…", "maybe, or rather…"."""


def _conjunction_hanging(words: Sequence[str]) -> bool:
    """Whether ``words`` end on a coordinating conjunction and one of :data:`HANGING` — an
    answer going on whose next part has not come ("No or at least.")."""
    return len(words) >= 3 and any(
        words[-n - 1] in COORDINATORS and " ".join(words[-n:]) in HANGING
        for n in (1, 2) if len(words) > n + 1)


def _ends_on_subordinator(words: Sequence[str]) -> bool:
    """Whether normalized ``words`` end on a subordinator that is never an answer's last
    word — one of :data:`LATE_SUBORDINATORS`, or one of several words ("as long as")."""
    return words[-1] in LATE_SUBORDINATORS or any(
        " ".join(words[-n:]) in SUBORDINATORS for n in (2, 3) if len(words) > n)


def leaves_open(text: str | None) -> bool:
    """Whether ``text`` (a transcript that asks nothing) is a clause English wants
    finished, whatever the words: it ends on a copula without its subject just before it
    ("the first thing that comes to mind is", :data:`COPULA_SUBJECTS`), on a
    subordinator ("yes, although", "as long as") or on a verb of saying with nothing said
    (:func:`says_nothing_yet`); or it is nothing but an
    opening clause — a subordinate one ("if I think about it", "when you put it like
    that"), an infinitive ("to be perfectly honest with you"), the first half of a
    comparison ("the more I think about it") — with nothing after a comma to finish it.
    Whisper writes such beginnings as whole sentences ("If I think about it."), and the
    matcher may even find an answer in them; the grammar of the words knows better."""
    words = normalize(text or "").split()
    if not words:
        return False
    if _ends_open(words):
        return True
    head, _, rest = (text or "").partition(",")
    if normalize(rest):  # a clause after the comma: the opening one may be finished
        return False
    first = normalize(head).split()
    if any(" ".join(first[:n]) in SUBORDINATORS for n in (1, 2, 3)) and len(first) > 1:
        return True
    if first[0] == "to" and len(first) > 2 and first[1] not in NOT_A_VERB:
        return True
    return (len(first) > 3 and first[0] == "the" and first[1] in CORRELATIVES
            and first[2] in SUBJECTS)


CLAUSE_CONJUNCTIONS = frozenset({"because", "cause", "since", "although", "though",
                                 "unless", "if", "when", "while", "whereas"})
"""Conjunctions that open a clause: after an answer ("no, because…"), one follows."""
CLAUSE_SUBJECTS = SUBJECTS | {"there", "this", "nobody", "somebody",
                              "someone", "everyone", "everybody", "nothing", "everything",
                              "people", "her", "him", "his", "their", "the", "a", "an",
                              "my", "your", "our", "its"}
"""Words that begin a clause's subject (a pronoun, or a determiner before a noun)."""


def clause_unbegun(text: str) -> bool:
    """Whether ``text`` (an answer, the matcher says) goes on with a conjunction that opens
    a clause and no subject after it: "No, because honestly." is "no, because honestly…"
    with the reason still to come; "No, because it wasn't real." is whole. Coordinating
    conjunctions are left out: "yes, but not always" is whole without a subject."""
    words = normalize(text).split()
    for i, word in enumerate(words[1:], 1):
        if word in CLAUSE_CONJUNCTIONS:
            return not any(w in CLAUSE_SUBJECTS for w in words[i + 1:])
    return False


NOT_PARTICIPLES = frozenset({"nothing", "something", "anything", "everything", "morning",
                             "evening", "thing", "king", "ring", "sing", "bring", "string",
                             "spring", "wing", "during", "feeling"})


LONGEST_FRAME = 5
"""Words, at most, of a frame read as one: a longer sentence opening with a preposition
has its main clause in it ("In the morning I usually drink tea and read the paper.")."""
PREPOSITIONS = frozenset({"in", "on", "at", "from", "for", "with", "by", "about", "after",
                          "before", "during", "without", "through", "under", "over",
                          "between", "among", "within", "beyond", "despite", "regarding"})


def frame_only(text: str) -> bool:
    """Whether ``text``, with nothing after a comma, is only a participle phrase
    ("Speaking for myself.", "Looking back on it now.") or a phrase opening with a
    preposition ("From where I'm sitting.", "In my experience."): at a point asking only
    yes, no or unsure, that is the frame of an answer still to come, not one (where a
    piece's own meanings are offered, "Talking to someone." may be the answer, so it is
    not asked there). The point's own phrasings ("in a way", "for sure") are read first."""
    head, _, rest = text.partition(",")
    first = normalize(head).split()
    if normalize(rest) or not 2 <= len(first) <= LONGEST_FRAME:
        return False
    return first[0] in PREPOSITIONS or (first[0].endswith("ing") and len(first[0]) > 5
                                        and first[0] not in NOT_PARTICIPLES)


SAYING = frozenset({"say", "tell", "admit", "add", "answer", "guess", "think", "suppose",
                    "believe", "feel", "put", "confess"})
"""Verbs whose content comes after them: "I'd have to say…", "what I want to tell…"."""
MODALS = frozenset({"to", "would", "could", "must", "might", "should", "will", "can", "may"})


HARD_TO = frozenset({"hard", "difficult", "impossible", "tough", "early"})
"""Words before "to say", "to tell" that make them the whole answer: "hard to say", "too
early to tell" say there is no saying ("8mm, hard to say." had read as a verb of saying
with nothing said)."""


def says_nothing_yet(words: Sequence[str]) -> bool:
    """Whether normalized ``words`` end on a verb of saying or thinking after "to" or a
    modal ("part of me wants to say", "I would have to admit") — or on one that tells
    someone ("something tells me", "I can tell you"): what is said is still to come —
    unless there is no saying (:data:`HARD_TO`: "hard to say")."""
    if len(words) >= 2 and words[-1] in SAYING and words[-2] in MODALS:
        return len(words) < 3 or words[-2] != "to" or words[-3] not in HARD_TO
    return len(words) >= 2 and words[-2] in ("tells", "tell") and words[-1] in (
        "me", "you", "him", "her", "us", "them")


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
    :func:`clause_unbegun`), or
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
    if (said.endswith(TRAILING_MARKS) or bare_denial(words) or _ends_on_subordinator(words)
            or ends_unfinished(said, grammar_for(choices).labels)):
        return TRAILS_OFF
    if said.endswith("?") and _ends_open(words):
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
    no way", v6)."""
    return word.endswith("ly") and len(word) > 4


def _ends_in_opener(words: Sequence[str]) -> bool:
    """Whether words that answer nothing end in an opener of two words or more ("… you
    know", "… I mean"): Whisper, hearing a beginning it cannot place, writes the opener
    last ("When you know" for "well, you know…", on the tuning voices)."""
    return any(" ".join(words[-n:]) in OPENERS for n in range(2, _LONGEST_OPENER + 1))

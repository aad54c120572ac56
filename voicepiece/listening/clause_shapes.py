"""The shapes of English clauses a turn's words may leave open, whatever the words: a
copula without its subject ("the answer is"), a subordinator last ("yes, although"), a
subordinate clause or an infinitive alone ("if I think about it"), a verb of saying with
nothing said ("part of me wants to say"), an answer going on without its next part ("no,
because honestly", "no, or at least"), a frame alone ("speaking for myself"). Pure
functions on text, for :mod:`voicepiece.listening.turn_reading`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from voicepiece.story.wording import normalize

__all__ = ["AUXILIARIES", "SUBJECTS", "clause_left_open", "clause_unbegun", "ends_contracted",
           "ends_on_subordinator", "ends_open", "frame_only", "leaves_open", "says_nothing_yet"]

SUBJECTS = frozenset({"i", "we", "you", "he", "she", "it", "they", "that"})
AUXILIARIES = frozenset({"do", "does", "did", "am", "is", "are", "was", "were", "can", "could",
                         "will", "would", "have", "has"})


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
    "been": frozenset({"have", "has", "had", "is", "would"}),
}
"""A clause ending on a copula has yet to say what — "the answer is", "what I'd say is" —
unless the copula's subject (or, for "be" and "been", its auxiliary) comes just before
it, agreeing with it: "yes, it is", "that's how it was", "could be", "it has been". "You
is" does not agree: in "all I can tell you is" the subject is the clause before. Before
"been", "is" and "would" are "'s" and "'d" spelt out ("he's ever been": has, "I'd been":
had), never a copula's own: "is been" is no English."""
COPULA_ADVERBS = frozenset({"sort", "kind", "of", "really", "probably", "possibly", "still",
                            "certainly", "definitely", "surely", "just", "also", "always",
                            "never", "actually", "truly", "indeed", "maybe", "perhaps",
                            "too", "not", "all", "both", "sure", "ever", "once", "often"})
"""Words that may stand between a subject and its copula ("it sort of is", "it sure was",
"than he has ever been", "as it once was"), with any adverb in -ly ("it absolutely is")."""


HEDGES_AFTER = frozenset({"probably", "possibly", "certainly", "definitely", "really",
                          "mostly", "mainly", "largely", "partly", "basically", "actually",
                          "truly", "surely", "clearly", "obviously", "simply", "just",
                          "still", "also", "always", "never", "usually", "generally",
                          "essentially", "honestly", "more", "less"})
"""Adverbs that may stand between a copula and what it is to say ("the most important
part is probably…", "those rules are mostly…"): after a copula without its subject, they
leave the "what" still to come. Not answer words ("my answer is maybe", "…is not") nor
adjectives in -ly ("the man is lonely"): a closed list of stance and degree adverbs."""


def _dangling_copula(words: Sequence[str]) -> bool:
    """Whether normalized ``words`` end on a copula whose subject is not just before it —
    or on such a copula and adverbs of :data:`HEDGES_AFTER` ("the answer is probably");
    for "be" and "been", whose auxiliary has no subject of its own before it, unless it
    opens the turn ("could be"): "the honest answer would be" waits for its what, "it
    would be" does not."""
    end = len(words)
    while end > 1 and words[end - 1] in HEDGES_AFTER:
        end -= 1
    words = words[:end]
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


def ends_open(words: Sequence[str]) -> bool:
    """Whether normalized ``words`` end where a clause cannot: on a copula without its
    subject, a subordinator, or a verb of saying with nothing said (:func:`leaves_open`)."""
    return (_dangling_copula(words) or ends_on_subordinator(words) or says_nothing_yet(words)
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


def ends_on_subordinator(words: Sequence[str]) -> bool:
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
    if ends_open(words):
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
    conjunctions are left out: "yes, but not always" is whole without a subject. Two words
    that are not hedges (:data:`NOT_YET_SAID`) begin it too: "yes, when things get hard"."""
    words = normalize(text).split()
    for i, word in enumerate(words[1:], 1):
        if word in CLAUSE_CONJUNCTIONS:
            rest = words[i + 1:]
            said = [w for w in rest if w not in NOT_YET_SAID
                    and not (w.endswith("ly") and len(w) > 4)]
            return not (any(w in CLAUSE_SUBJECTS for w in rest) or len(said) >= 2)
    return False


NOT_YET_SAID = frozenset({"maybe", "perhaps", "sometimes", "honestly", "really", "actually",
                          "basically", "of", "course", "i", "mean", "like", "well", "just",
                          "um", "uh", "er", "hmm", "so", "then", "still", "even", "again"})
"""Words after a conjunction that say nothing of the clause yet ("no, because honestly",
"although maybe sometimes", "because of course"); two words besides these are a clause
begun, its subject a noun the closed lists do not hold ("when things get hard")."""


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


STILL_TO_SAY = frozenset({
    "from", "at", "into", "onto", "toward", "towards", "during", "despite", "regarding",
    "among", "than", "whose", "our", "their", "its", "he", "she", "we", "they",
})
"""Words no spoken answer ends on, beyond :data:`~voicepiece.listening.turn_reading.OPEN_ENDINGS`:
a preposition that is never an adverb ("it came from…"; not "within", "inside",
"between", which end a phrase), a determiner before its noun ("their…"), a subject
pronoun still waiting for its verb ("the way she…")."""
PREPOSITIONS_STRANDED = frozenset({"from", "at", "into", "onto", "toward", "towards"})
WH = frozenset({"what", "where", "who", "whom", "which", "whatever", "wherever"})
"""A preposition may end a clause whose question word took its object: "where it came
from", "what she is looking at"."""
THAT_VERBS = frozenset({"think", "thought", "guess", "believe", "suppose", "feel", "felt",
                        "hope", "mean", "is", "was", "seems", "sure", "so", "means",
                        "realise", "realize", "wish"})
"""Verbs (and "sure", "so") after which a last "that" opens the clause they report ("I
think that…", "the thing is that…"), rather than pointing at something ("I like that")."""
WH_VERBS = frozenset({"know", "sure", "tell", "say", "wonder", "matter", "care", "remember",
                      "see", "ask", "idea", "clue", "certain", "understand"})
"""Words after which "who" or "which" may end an answer ("I don't know who")."""
FRAME_NOUNS = frozenset({"thing", "reason", "problem", "point", "truth", "trick", "question",
                         "difference", "fact", "answer", "part", "funny"})
"""Nouns of a subject that announces what is to come ("the thing about her…", "the
reason…"): alone, without a verb, they are a subject waiting for it."""
_FINITE = AUXILIARIES | {"be", "been", "had", "makes", "made", "comes", "came", "means",
                         "meant", "seems", "goes"}


def clause_left_open(words: Sequence[str]) -> bool:
    """Whether normalized ``words`` stop where no answer does, whatever the point offers
    (open answers and a piece's own meanings too, where the rest of the reading may find
    an answer in a fragment): on a word in :data:`STILL_TO_SAY` (a preposition left by a
    question word before it aside: "where it came from"), on "that" after a verb
    of thinking or saying (:data:`THAT_VERBS`), on "who"/"which" after anything but a
    word that takes a question ("I don't know who"), or on a subject announcing what is
    to come with no verb yet ("the thing about her")."""
    if not words:
        return False
    last = words[-1]
    if len(words) >= 2 and last in STILL_TO_SAY:
        return not (last in PREPOSITIONS_STRANDED and any(w in WH for w in words[:-1]))
    if len(words) >= 2 and last == "that" and words[-2] in THAT_VERBS:
        return words[-3:-2] != ["that"]  # "that is that" is said and done
    if len(words) >= 2 and last in ("who", "which", "whom") and words[-2] not in WH_VERBS:
        return True
    return (len(words) >= 2 and words[0] == "the" and words[1] in FRAME_NOUNS
            and not any(w in _FINITE for w in words[2:]))


CONTRACTED = re.compile(r"(?:i|you|he|she|it|we|they|that|there|here|what|who|this)"
                        r"'(?:s|re|m|ve|d|ll)")
"""A pronoun with its auxiliary or copula contracted onto it ("it's", "they're", "I'd")."""
_LAST_WRITTEN = re.compile(r"[\w'’]+")


def ends_contracted(text: str) -> bool:
    """Whether ``text``, as written, ends on a contracted auxiliary or copula ("the way
    she talks about him, it's", "what they're", "honestly, I'd") — or on a lone "it"
    after a comma ("…, it"), a subject with its verb still to come. English never ends
    a clause on a contraction: what the verb is to say is still to come ("yes, it is",
    said whole, is written so, not "yes, it's"). Read on the written words, before
    :func:`~voicepiece.story.wording.normalize` spells contractions out."""
    written = _LAST_WRITTEN.findall(text.lower().replace("’", "'"))
    if not written:
        return False
    if CONTRACTED.fullmatch(written[-1]):
        return True
    tail = text.rstrip(" .!?").rpartition(",")[2].split()
    return len(written) > 1 and [w.lower() for w in tail] == ["it"]

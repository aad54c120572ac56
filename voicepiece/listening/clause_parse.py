"""A light parse of a transcript's last clause: whether its last word still wants the word
its kind of word needs, whatever the phrasing — a verb group its main verb ("a friend
should never…", "he doesn't really…"), a subordinator its clause ("because you…", "how
our parents…"), a possessive or determiner its noun ("it's about his…", "inside each…"),
a preposition its object ("nobody can love without…"), a strongly transitive verb its
object ("I think he really wanted…"), a verb of thinking said alone its thought ("I
suppose…"); and (issue 13's thirteenth pass) a gerund of such a verb its object ("by
putting…"), "when" after a clause its clause, "then" after an "if" clause its main clause,
a long noun-phrase subject before a bare modal its verb ("the rules we grew up with
can…"), and a clause opened by a question word and its subject ("what she feels for
him?", which Whisper writes as a question when the voice rises at the pause) the
sentence it belongs to.

Closed classes of English and a short list of verbs, no tagger: a transcript is a few
words, read at every pause, and the words that decide are function words. Each rule knows
the complete answers that end on the same kinds of words — an ellipsis after a subject
("I think I would", "maybe it could", "I really do"), an object taken by a question word
or a relative clause before ("what to think about", "all you need", "what he wanted"), a
reply that carries its answer ("yes, I suppose") — and lets them end. Pure functions on
text, for :mod:`voicepiece.listening.turn_reading`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from voicepiece.listening.clause_shapes import THAT_VERBS
from voicepiece.story.wording import DETERMINERS, HESITATIONS, clauses

__all__ = ["relative_alone", "thinking_alone", "wants_more"]

PRONOUN_SUBJECTS = frozenset({"i", "you", "he", "she", "it", "we", "they", "people", "someone",
                              "somebody", "everyone", "everybody", "nobody", "anyone",
                              "anybody", "there", "that", "this", "one"})
NOUN_WANTED = frozenset({"a", "an", "the", "my", "your", "his", "her", "our", "their", "its",
                         "every", "each"})
"""Determiners that are never a pronoun after a subordinator ("if any" is whole)."""
VERB_GROUP = frozenset({"will", "would", "could", "should", "might", "must", "can", "shall",
                        "may", "do", "does", "did", "have", "has", "had", "to"})
"""Words of a verb group that want a main verb after them — modals, "do", "have" and an
infinitive's "to" (the copula's own reading is :mod:`clause_shapes`')."""
MIDDLE_ADVERBS = frozenset({"always", "never", "really", "just", "probably", "definitely",
                            "also", "even", "only", "truly", "ever", "simply", "certainly",
                            "hardly", "rarely", "completely", "totally", "fully", "clearly",
                            "genuinely", "mostly"})
"""Adverbs that stand inside a verb group ("should always…", "does not really…"): after a
modal or an auxiliary they say the verb is still to come. Before it they may end an
ellipsis ("no, he never has", "yes, she really does"); "not", "too", "either" after it
end one too ("I would not", "I would too"), and so may the adverbs left out here ("I do
actually", "I have already", "I do sometimes")."""
SUBORDINATORS = frozenset({"because", "cause", "if", "when", "whenever", "once", "unless",
                           "since", "while", "although", "though", "whether", "how", "why"})
"""Words that open a clause whose subject and verb must both come: "because you…" stops
between them ("because of you", "though, yes" do not)."""
POSSESSIVE_AFTER = SUBORDINATORS | frozenset({"about", "of", "with", "for", "from", "to", "in",
                                              "on", "by", "through", "at", "into", "inside",
                                              "and", "but", "or"})
"""Words after which "his" is a determiner before its noun ("it's about his…"), not a
possessive standing alone ("the choice is his"); "her" only after a subordinator, since
after a preposition it is an object ("I talk to her")."""
PREPOSITIONS = frozenset({"about", "without", "against", "upon", "via", "unlike", "except",
                          "throughout", "beneath", "amongst", "by"})
"""Prepositions that are rarely an adverb or a verb's particle: last, their object is still
to come ("by thinking about…") unless a question word or a relative before took it."""
PARTICLE_VERBS = frozenset({"stand", "stood", "get", "got", "go", "goes", "went", "drop",
                            "come", "came", "pass", "passed", "stop", "live", "do",
                            "bring", "set", "put", "lie", "be", "close", "near"})
"""Verbs "by" or "about" may end a phrase after ("drop by", "get by"; "nothing to worry about"
has its object taken before)."""
OBJECT_TAKEN = frozenset({"what", "which", "who", "whom", "whatever", "where", "wherever",
                          "that", "something", "nothing", "anything", "everything", "all",
                          "much", "more", "lot", "plenty", "enough", "whoever", "one", "ones",
                          "kind", "sort"})
"""Words before which an object may already be taken ("what he wanted", "all you need",
"nothing to worry about", "the one she wants")."""
WANTING = frozenset({"want", "wants", "wanted", "need", "needs", "needed", "like", "likes",
                     "wish", "choose", "please"})
TRANSITIVE = WANTING | frozenset({"give", "gives", "gave", "bring", "brings", "brought",
                                  "deserve", "deserves", "deserved", "lack", "lacks", "lacked",
                                  "let", "lets", "take", "takes", "took", "get", "gets", "got",
                                  "offer", "offers", "offered", "make", "makes", "find",
                                  "finds", "put", "puts"})
"""Verbs that take an object ("a marriage needs…", "he never lets…"): last, after their
subject, the object is still to come. "If you want", "as much as they need" end whole:
:data:`WANTING` may drop their object after "if" or "as"."""
GERUNDS_WANTING = frozenset({"putting", "giving", "bringing", "taking", "getting", "making",
                             "finding", "letting", "offering", "keeping"})
"""The -ing forms of verbs that take an object, which after a preposition are still waiting
for it ("by putting…", "without giving…"); "by sharing", "about caring" may end."""
GERUND_BEFORE = frozenset({"by", "about", "without", "for", "of", "from", "after", "before",
                           "through", "in", "on", "into", "at"})
MODALS = frozenset({"will", "would", "could", "should", "might", "must", "can", "shall", "may"})
LONG_SUBJECT = 4
"""Words from which a noun phrase before a bare modal is a subject waiting for its verb
("the rules people grow up with can…"), not an ellipsis: an ellipsis answers on a short
subject the question has named ("they can", "most people would", "the rules can")."""
STRANDED = GERUND_BEFORE - {"before", "after"} | {"with", "to"}
"""Prepositions a relative clause may leave at its end ("the people we grew up with"):
one right before a bare modal ends a subject, not a sentence ("…grow up with can")."""
WHEN_AFTER = frozenset({"know", "knew", "knows", "tell", "told", "say", "said", "ask",
                        "asked", "wonder", "remember", "remembered", "recall", "see", "saw",
                        "matter", "matters", "depends", "depend", "sure", "idea", "since",
                        "until", "till", "about", "on", "decide", "guess", "imagine",
                        "forget", "forgot", "understand", "care", "notice", "not", "and",
                        "or", "where", "how", "why", "who", "what", "if"})
"""Words after which "when" may end an answer: one that takes a question ("I don't know
when", "it depends when", "say when", "since when"), or a list of question words ("how and
when"). After a clause ("it only catches fire when…", "especially when…") the clause it
opens is still to come."""
THINKING = frozenset({"suppose", "guess", "think", "imagine", "believe", "reckon", "assume",
                      "feel"})
OPENING = HESITATIONS | frozenset({"well", "so", "oh", "okay", "ok", "now", "mm"})


def _last_clause(text: str) -> list[str]:
    """The last clause's words, without sounds of thinking."""
    parts = [[w for w in part if w not in HESITATIONS] for part in clauses(text)]
    parts = [p for p in parts if p]
    return parts[-1] if parts else []


def _skip(words: Sequence[str], i: int, skipped: frozenset[str]) -> int:
    """The index of the first word at or before ``i`` that is not one of ``skipped``."""
    while i >= 0 and (words[i] in skipped or (words[i].endswith("ly") and len(words[i]) > 4)):
        i -= 1
    return i


def _verb_group_open(tail: Sequence[str]) -> bool:
    """A modal, an auxiliary, "to" or a subject followed by adverbs only ("should never",
    "does not really", "to really", "I think she really"): the main verb is to come. Bare
    ("I would", "they might") it is an ellipsis, and whole."""
    i = len(tail) - 1
    if tail[i] not in MIDDLE_ADVERBS:
        return False
    i = _skip(tail, i, MIDDLE_ADVERBS | {"not"})
    return i >= 0 and (tail[i] in VERB_GROUP
                       or tail[i] in PRONOUN_SUBJECTS - {"that", "this", "one", "there"})


def _subject_alone(tail: Sequence[str]) -> bool:
    """A subordinator and a subject with no verb yet ("because you", "when people", "how
    our parents", "although it really"): the clause it opens has not come."""
    opened = [i for i, w in enumerate(tail) if w in SUBORDINATORS]
    if not opened:
        return False
    rest = [w for w in tail[opened[-1] + 1:]
            if w not in MIDDLE_ADVERBS and not (w.endswith("ly") and len(w) > 4)]
    if len(rest) == 1:
        return rest[0] in PRONOUN_SUBJECTS or rest[0] in NOUN_WANTED
    return len(rest) == 2 and rest[0] in NOUN_WANTED


def _noun_missing(tail: Sequence[str]) -> bool:
    """A determiner that is never a pronoun last ("every", "each" after a preposition) or
    "his" after a preposition or subordinator ("about his"), "her" after a subordinator."""
    last, before = tail[-1], tail[-2] if len(tail) > 1 else ""
    if last == "every":
        return True
    if last in ("each", "his"):
        return before in POSSESSIVE_AFTER
    return last == "her" and before in SUBORDINATORS


def _object_missing(tail: Sequence[str]) -> bool:
    """A preposition of :data:`PREPOSITIONS` or a verb of :data:`TRANSITIVE` last, whose
    object no question word or relative before has taken."""
    last = tail[-1]
    if any(_takes_object(tail, i) for i in range(len(tail) - 1)):
        return False
    if last in PREPOSITIONS:
        return len(tail) > 1 and tail[-2] not in PARTICLE_VERBS
    if last not in TRANSITIVE:
        return False
    i = _skip(tail, len(tail) - 2, (MIDDLE_ADVERBS | VERB_GROUP | {"not", "got"}) - {"to"})
    if i < 0:
        return False
    if tail[i] == "to":
        return True  # "someone to bring…"; "nothing to give" is taken above
    if tail[i] in PRONOUN_SUBJECTS - {"that", "this", "one"}:
        start = i - 1
    elif i >= 1 and tail[i - 1] in DETERMINERS:
        start = i - 2  # "a marriage needs"
    else:
        return False
    before = tail[start] if start >= 0 else ""
    return not (last in WANTING and before in ("if", "as", "when", "whenever"))


def _takes_object(tail: Sequence[str], i: int) -> bool:
    """Whether ``tail[i]`` may have taken the last word's object: a word of
    :data:`OBJECT_TAKEN`, but not "that" after a verb of thinking, where it opens the
    clause reported ("I've always felt that it needs…")."""
    return tail[i] in OBJECT_TAKEN and not (tail[i] == "that" and i > 0
                                            and tail[i - 1] in THAT_VERBS)


def _gerund_waiting(tail: Sequence[str]) -> bool:
    """A verb of :data:`GERUNDS_WANTING` last, after a preposition ("by putting…")."""
    return len(tail) > 1 and tail[-1] in GERUNDS_WANTING and tail[-2] in GERUND_BEFORE


def _modal_after_long_subject(tail: Sequence[str]) -> bool:
    """A bare modal last after a noun phrase of :data:`LONG_SUBJECT` words or more that
    opens with a determiner and does not end on a pronoun ("the rules people grow up with
    can…"), or right after a preposition its relative clause left at its end (Whisper
    leaves out the determiner: "Rules people grow up with can."): the subject's verb is
    still to come."""
    if tail[-1] not in MODALS or len(tail) <= LONG_SUBJECT:
        return False
    if tail[-2] in STRANDED:
        return True
    first = next((i for i, w in enumerate(tail) if w in DETERMINERS - {"that", "this"}), None)
    return (first is not None and len(tail) - 1 - first >= LONG_SUBJECT
            and tail[-2] not in PRONOUN_SUBJECTS - {"people"}
            and not any(w in VERB_GROUP or w == "not" for w in tail[first:-1]))


def _when_last(tail: Sequence[str]) -> bool:
    """"When" last after a clause, not after a word that takes a question
    (:data:`WHEN_AFTER`): the clause it opens is still to come."""
    return len(tail) > 2 and tail[-1] == "when" and tail[-2] not in WHEN_AFTER


def _then_last(text: str) -> bool:
    """"Then" last after a clause opened by "if", "when" or "once" ("if it's going to be
    true, then…"): the main clause it announces is still to come."""
    words = [w for part in clauses(text) for w in part if w not in HESITATIONS]
    return (len(words) > 2 and words[-1] == "then"
            and any(w in ("if", "when", "once", "whenever") for w in words[:-2]))


QUESTION_WORDS = frozenset({"what", "where", "how", "why", "who", "whatever", "wherever"})
LEADING = frozenset({"then", "and", "but", "so", "or", "well"}) | HESITATIONS
ASKING = frozenset({"mean", "meant", "say", "said", "saying"})
"""Last words of a question back said without its verb first ("what you mean?", "what she
said?"): the listener asking, not a clause waiting."""
_WRITTEN = re.compile(r"[\w']+")


def relative_alone(text: str | None) -> bool:
    """Whether ``text``'s last clause, as written, is a question word followed by its
    subject and more ("what Theodore feels for her", "then where it comes from", "how
    she talks"): a clause standing for a noun or an adverb of a sentence whose main
    clause is still to come. A question puts a verb first ("what does he feel", "what's
    that", "who said so", "what about her"). Read where Whisper wrote the words as a
    question: the rise of a voice pausing mid-sentence is written "?" as a question's is;
    a subject is a pronoun, a determiner or a name (capitalized inside the sentence)."""
    said = re.split(r"[.?!]\s", (text or "").strip().rstrip("?!. "))[-1]
    words = _WRITTEN.findall(re.split(r"[,;:]", said)[-1])
    while words and words[0].lower() in LEADING:
        words = words[1:]
    if len(words) < 3 or words[0].lower() not in QUESTION_WORDS or words[-1].lower() in ASKING:
        return False
    subject = words[1]
    return (subject.lower() in (PRONOUN_SUBJECTS | DETERMINERS) - {"there", "one"}
            or (subject[0].isupper() and subject != "I") or subject == "I")


OPENING_CLAUSE = frozenset({"if", "when", "once", "whenever", "unless", "although", "though"})


def _relative_after_opening(text: str) -> bool:
    """A subordinate clause, then only a clause opened by a question word and its subject
    (:func:`relative_alone`: "if it's going to be true, then where it comes from"): the main
    clause is still to come, whatever the last mark."""
    words = [w for part in clauses(text) for w in part if w not in OPENING]
    return (bool(words) and words[0] in OPENING_CLAUSE and "," in text
            and relative_alone(text))


def thinking_alone(text: str | None) -> bool:
    """Whether ``text`` is only "I" and a verb of thinking, perhaps after "well", "so" or a
    sound of thinking ("I suppose…", "hmm, I guess…"): what is thought is still to come.
    With an answer before it ("yes, I suppose") or after it ("I think so") it is whole.
    Read even where "I guess" and "I suppose" are an answer's phrasings (unsure's): a
    listener who stops there waits 1.5 s for the reply, where one still thinking would be
    cut off and heard as unsure."""
    words = [w for part in clauses(text or "") for w in part]
    i = 0
    while i < len(words) and words[i] in OPENING:
        i += 1
    words = words[i:]
    return len(words) == 2 and words[0] == "i" and words[1] in THINKING


def wants_more(text: str | None) -> bool:
    """Whether ``text``'s last clause stops where its last word still wants what its kind
    of word needs (module doc): a verb group without its main verb, a subordinator with
    its subject alone, a determiner without its noun, a preposition, a transitive verb or
    its gerund without its object, "when" after a clause, "then" after an "if" clause, a
    bare modal after a long subject, an opening clause followed only by a question word
    and its subject, or "I" and a verb of thinking alone."""
    tail = _last_clause(text or "")
    if not tail:
        return False
    return (_verb_group_open(tail) or _subject_alone(tail) or _noun_missing(tail)
            or _object_missing(tail) or _gerund_waiting(tail) or _when_last(tail)
            or _modal_after_long_subject(tail) or _then_last(text or "")
            or _relative_after_opening(text or "")
            or thinking_alone(text))

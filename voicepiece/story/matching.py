"""Turning what the listener said into one of the answers a listening point offers.

This runs between the listener's last word and the narrator's reply, so it is pure,
precomputes what it can per set of choices, and reads nothing but its packaged phrase
lists. It works in two passes:

1. Phrases found in the utterance, longest first: a phrase lying inside a longer one that
   also matched ("sure" in "not sure", "no" in "I don't know") is not evidence. A yes
   phrasing with a negator shortly before it ("not true", "I don't think it is") counts
   as no; a negated phrase of the piece's own counts for nothing, whatever its meaning,
   because "not alone" says what the answer is not, not what it is; and the "not really"
   of "not really alone" is then no answer of its own. Hedges ("maybe", "not sure") win
   over yes and no, and yes with no is a hedge.
   Words that only stress a verb after its subject are read without ("I really think
   so"), and a doubt negates what follows unless it is denied ("I doubt that very much"
   is no, "no doubt it is" yes): :mod:`voicepiece.story.hedges`. Yes and no carried
   word for word from another language ("I guess yes", "how not", "not that she
   doesn't") are read as the English they stand for: :mod:`voicepiece.story.calques`.
2. Only when no phrase was found at all (and a sentence model, where given, read no answer
   in it by meaning): a fuzzy comparison of the utterance and its word
   windows with every phrase, for slips of the keyboard or the recognizer ("yess";
   :mod:`voicepiece.story.slips`); and
   failing that, an answer that opens with "not" or "never" is a no ("not in my book").

The built-in phrasings are meanings.yaml's (also the speech grammars') and
understood.yaml's (matched only, never listened for).

When any offered choice has a built-in meaning, all built-in phrasings take part, even
those of meanings not offered: "I don't know" must not be read as "no" just because
"unsure" is not among the answers. Such evidence can only ever lead to "no match".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from voicepiece.story.calques import (
    framed_answer,
    how_not,
    neither_yes_nor_no,
    not_that_not,
    subject_supplied,
)
from voicepiece.story.corrections import corrections
from voicepiece.story.echoes import after_echo
from voicepiece.story.emphasis import emphatic
from voicepiece.story.evidence import (
    Compiled,
    Evidence,
    compile_choices,
    evidence_of,
    find_phrases,
    without_cut_echoes,
    without_spent_negators,
)
from voicepiece.story.hedges import (
    QUALIFIERS,
    elliptical_no,
    heard_as_no,
    litotes,
    not_for_me_to_say,
    polite_no,
    without_intensifiers,
)
from voicepiece.story.meaning import Similarity, nearest_answer
from voicepiece.story.phrases import Choice, choices_key
from voicepiece.story.slips import nearest_slip
from voicepiece.story.tags import without_question_tag
from voicepiece.story.wording import clauses as _clauses
from voicepiece.story.wording import normalize, without_hesitations

__all__ = ["MEANING_CONFIDENCE", "Match", "Similarity", "match_answer", "read_words"]

MEANING_CONFIDENCE = 0.6
"""An answer read by meaning is less sure than a phrase: a recognizer's transcript read
this way is confirmed with the listener (transcripts.TRANSCRIPT_THRESHOLDS) before use."""


@dataclass(frozen=True)
class Match:
    """The answer an utterance was taken to give.

    ``confidence`` is 1.0 when the whole utterance is accounted for by the phrases that
    decided it, lower (down to 0.75) the more of it went unexplained, 0.6 for a hedge
    inferred only from yes and no said together, the similarity (>= 0.8) for a fuzzy
    match, :data:`MEANING_CONFIDENCE` for an answer read by meaning (``phrase`` is then
    the example it came nearest to), and 0.0 when nothing matched.
    """

    label: str | None
    confidence: float
    phrase: str | None
    nearest: float | None = None
    """Only when a sentence model was given and the rules did not decide: the best
    similarity (cosine) of the utterance to any offered answer's examples — how near it
    came to something the point expects, whether taken or not."""
    lead: float | None = None
    """Only for an answer read by meaning: its lead over the next answer's score, by which
    a point that takes open answers judges whether the reading is clear enough
    (meaning.OPEN_MARGIN)."""


NO_MATCH = Match(None, 0.0, None)


def _coverage(evidence: Sequence[Evidence], clauses: tuple[tuple[str, ...], ...]) -> float:
    covered = {(e.clause, i) for e in evidence for i in range(e.start, e.end)}
    return len(covered) / sum(len(c) for c in clauses)


def _decide(
    evidence: list[Evidence], clauses: tuple[tuple[str, ...], ...], compiled: Compiled,
) -> Match:
    if any(e.own and e.label is not None for e in evidence):
        evidence = [e for e in evidence  # "opening up a little", "acceptable, I guess"
                    if not _qualifier(e) and not _framing(e)]
    polarities = {e.polarity for e in evidence if e.polarity is not None}
    if "unsure" in polarities or {"yes", "no"} <= polarities:
        label = compiled.meaning_labels["unsure"]
        if label is None:
            return NO_MATCH
        hedges = [e for e in evidence if e.polarity == "unsure"]
        last = max(evidence, key=lambda e: (e.clause, e.end))
        said_no = compiled.meaning_labels["no"]
        ending = clauses[last.clause]  # "not sure if yes or no": no polite no
        if hedges and said_no and polite_no([h.text for h in hedges], last.text,
                                            last.end == len(ending)
                                            and last.clause == len(clauses) - 1
                                            and ending[last.start - 1:last.start] != ("or",)):
            return _confident(said_no, [last], clauses)
        if not hedges:
            return Match(label, 0.6, " ".join(t for c in clauses for t in c))
        return _confident(label, hedges, clauses)
    best: dict[str, int] = {}
    for e in evidence:
        if e.label is not None:
            best[e.label] = max(best.get(e.label, 0), e.size)
    if not best:
        return NO_MATCH
    strongest = max(best.values())
    winners = [label for label, size in best.items() if size == strongest]
    if len(winners) > 1:
        return NO_MATCH
    return _confident(winners[0], [e for e in evidence if e.label == winners[0]], clauses)


def _confident(
    label: str, evidence: list[Evidence], clauses: tuple[tuple[str, ...], ...],
) -> Match:
    phrase = max(evidence, key=lambda e: (e.size, len(e.text))).text
    return Match(label, 0.75 + 0.25 * _coverage(evidence, clauses), phrase)


def match_answer(text: str | None, choices: Sequence[Choice],
                 similarity: Similarity | None = None, question: str | None = None,
                 slips: bool = True, flat: bool = False) -> Match:
    """Which of ``choices`` the listener gave, if any; only an offered label is returned.

    With ``similarity`` (a sentence model) an utterance in which the rules found no
    phrase at all is read by meaning (:mod:`voicepiece.story.meaning`), and every
    unmatched one gets its ``nearest`` score. The meaning comes before the rules' guess
    at a slip: "a long chat with my sister" is nearer "a song" than any phrase letter for
    letter, but nearest in meaning to "talking to someone"; a slip ("yess") is still taken
    when the model reads no answer in it. ``question``, the line that asked, lets the model
    tell an echo of the question from an answer to it. ``slips=False`` takes no near miss
    of a phrase but other forms of its words ("I listen" for "listening"), for words a
    recognizer wrote: it writes whole words, so "10 of close" is not a slip of "of course"
    but something else misheard ("ten of clubs"); its "know" where no one knows is a "no"
    (:func:`~voicepiece.story.hedges.heard_as_no`). ``flat`` reads ``text`` as a
    recognizer's transcript is read (:func:`read_words`)."""
    text = read_words(text, flat) if text else text
    match, found = _by_rules(text, choices, slips)
    if question and text and not any(c.phrases for c in choices):
        rest = after_echo(text, question)  # "true love? no": the question repeated
        if rest is not None:
            answered, after = _by_rules(rest, choices, slips)
            if answered.label is not None and after == PHRASE and answered != match:
                match, found = answered, after
    said = found == PHRASE
    if similarity is None or (said and match.label is not None) or not text or \
            not text.strip():
        return match
    near = nearest_answer(text, choices, similarity, question=question)
    if near is None:
        return match
    if found == QUALIFIED:  # only the piece's own answers outweigh "a bit", "now and then"
        own = {c.label for c in choices if c.phrases}
        if near.label in own:
            return Match(near.label, MEANING_CONFIDENCE, near.example, near.similarity,
                         near.margin)
        return match
    if near.label is not None and not said:
        return Match(near.label, MEANING_CONFIDENCE, near.example, near.similarity,
                     near.margin)
    if match.label is not None:
        return match
    return replace(match, nearest=near.similarity)


PHRASE = "phrase"
"""What :func:`_by_rules` found: a phrase said in so many words (or a sentence opening with
"not"); ``SLIP`` a phrase found only by the fuzzy pass; None nothing."""
SLIP = "slip"
UNOFFERED = "unoffered"
"""Only phrasings of a built-in meaning the point does not offer, in a longer answer: the
sentence model may still read one of the point's answers in it."""
UNOFFERED_WORDS = 3
"""More words than this, and a built-in phrasing the point does not offer no longer stands
for the whole answer (:func:`_only_unoffered`)."""
QUALIFIED = "qualified"
"""A hedge read only from :data:`~voicepiece.story.hedges.QUALIFIERS` inside a longer
answer ("switching off for a bit"): a sentence model may still read one of the piece's own
answers in the rest."""


QUALIFIED_LEAST = 0.75 + 0.25 * 0.5
"""A hedge read only from a qualifier is an answer only when the qualifier is at least half
the utterance ("a bit", "just a little", "I guess a bit"): in a longer sentence, "a bit"
only says how much of something else ("that film was a bit long", off-list talk that was
taken as unsure at every point: tests/data/meanings-tuning-natural.tsv)."""


def _only_unoffered(match: Match, kept: Sequence[Evidence], text: str,
                    choices: Sequence[Choice]) -> bool:
    """Whether the rules found only a built-in meaning the point does not offer, in words
    that say more than it: the "I am" that ends "letting them see who I really am" is no
    yes to "how do you keep a friendship", and must not keep the sentence model from
    reading the rest. Words that are wholly that meaning ("I don't know" where unsure is
    not offered) stay no answer: the model's examples of it carry no label."""
    return (match.label is None and any(c.phrases for c in choices)
            and all(e.label is None for e in kept) and len(text.split()) > UNOFFERED_WORDS)


def _only_a_builtin_word(match: Match, kept: Sequence[Evidence],
                         choices: Sequence[Choice]) -> bool:
    """Whether an answer of the piece's own that also carries a built-in meaning ("true",
    meaning yes) was read only from that meaning's built-in phrasings, covering under half
    the utterance: at a point that asks no yes/no question, the "okay" of "whatever people
    are okay with" says nothing of the answer (tests/data/meanings-tuning-natural.tsv)."""
    if match.label is None or match.confidence >= QUALIFIED_LEAST:
        return False
    choice = next((c for c in choices if c.label == match.label), None)
    return (choice is not None and bool(choice.phrases)
            and not any(e.own for e in kept if e.label == match.label))


def _qualifier(e: Evidence) -> bool:
    return e.polarity == "unsure" and e.text in QUALIFIERS


FRAMING = frozenset({"maybe", "perhaps", "possibly", "probably", "i guess", "i suppose"})
"""Words that frame an answer as tentative ("acceptable, I guess", "maybe by listening"):
beside one of the piece's own answers they say how sure the listener is of it, not that
they do not know, and are not read as unsure (or, "probably", as yes); a real doubt ("I
don't know, maybe by listening") still is. Alone they are the hedge they are."""


def _framing(e: Evidence) -> bool:
    return e.text in FRAMING and not e.own


def read_words(text: str, flat: bool = False) -> str:
    """``text`` as the rules and the sentence model read it: without a last question tag
    ("it is true, no?": the tag asks for agreement, its "no" is no answer; read here only,
    for typed and heard answers alike), and with ``flat`` as one run of words, as a
    recognizer's transcript is read — its commas are its guesses, but its "?" is read for
    a tag before the words are normalized."""
    untagged = without_question_tag(text)
    return normalize(untagged) if flat else untagged


def _by_rules(text: str | None, choices: Sequence[Choice],
              slips: bool = True) -> tuple[Match, str | None]:
    """The rules' answer, and what they found: :data:`PHRASE`, :data:`SLIP` or None;
    ``text`` as :func:`read_words` leaves it. An answer taken back for another ("no, I
    mean yes") is the one it was taken back for (:mod:`voicepiece.story.corrections`)."""
    if not text or not choices:
        return NO_MATCH, None
    for before, after in corrections(text):
        first, _ = _read_by_rules(before, choices, slips)
        second, found = _read_by_rules(after, choices, slips)
        if first.label is not None and found in (PHRASE, SLIP) and second.label is not None \
                and second.label != first.label:
            return second, found
    return _read_by_rules(text, choices, slips)


def _read_by_rules(text: str, choices: Sequence[Choice],
                   slips: bool) -> tuple[Match, str | None]:
    clauses = tuple(c for c in (without_hesitations(c) for c in _clauses(text)) if c)
    if not clauses:
        return NO_MATCH, None
    clauses = tuple(litotes(not_that_not(c)) for c in clauses)
    if not slips:
        clauses = tuple(tuple(heard_as_no(c)) for c in clauses)
    compiled = compile_choices(choices_key(choices))
    unsure = compiled.meaning_labels["unsure"]
    if unsure is not None and (not_for_me_to_say(clauses) or neither_yes_nor_no(clauses)):
        return Match(unsure, 1.0, " ".join(t for c in clauses for t in c)), PHRASE
    whole = tuple(t for c in clauses for t in c)
    clauses = (whole,) if whole in compiled.phrases else without_intensifiers(
        tuple(framed_answer(subject_supplied(emphatic(how_not(c)))) for c in clauses))
    # "absolutely no" is a no, not two minds; "I guess yes" is "I guess so", no hedge;
    # "how not", a yes; "is not like that", "it is not like that"
    found = find_phrases(clauses, compiled)
    if not found:
        slip = nearest_slip(clauses, compiled, slips)
        if slip is not None:
            return Match(*slip), SLIP
        if compiled.meaning_labels["no"] is None:
            return NO_MATCH, None
        said = elliptical_no(clauses)
        return (NO_MATCH, None) if said is None else \
            (Match(compiled.meaning_labels["no"], 0.75, said), PHRASE)
    evidence = [
        e for f in found
        for e in evidence_of(clauses[f.clause], f.clause, f.start, f.end, f.phrase, compiled)
    ]
    kept = without_spent_negators(without_cut_echoes(evidence))
    match = _decide(kept, clauses, compiled)
    if _only_unoffered(match, kept, text, choices):
        return match, UNOFFERED
    if _only_a_builtin_word(match, kept, choices):
        return NO_MATCH, UNOFFERED  # "okay" in "whatever people are okay with" is no "true"
    qualified = (match.label is not None and match.label == compiled.meaning_labels["unsure"]
                 and match.confidence < 1.0 and bool(kept) and all(map(_qualifier, kept)))
    if qualified and match.confidence < QUALIFIED_LEAST:
        return NO_MATCH, QUALIFIED  # "that film was a bit long" says nothing of the question
    return match, QUALIFIED if qualified else PHRASE

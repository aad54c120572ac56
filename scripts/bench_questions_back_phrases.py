"""Questions back written for the spoken questions-back check (``scripts/bench_questions_back.py``;
issue 13, eighteenth pass, development data): what a listener might ask the narrator at
each of her's listening points instead of answering — to repeat, to say what a word means,
what the choices were, whom or what the question is about, short or long, hedged, with
fillers, some holding an answer's word ("yes but what do you mean by real?") — and a few
answers that only look like questions. Written from the piece's questions alone, before any
was heard, typed or decided.

The answers that look like questions, as decided here: a rhetorical question answers.
"Why not?" to a yes/no question is yes; "how would I know?" is unsure; "why would they
matter?" is no; "doesn't it come from within?" is within. A listener who says them is not
asking to hear the question again, and asking it again would not be answered otherwise.

Split before looking: the items at even places of each group are the FIT half (choices are
made on it), those at odd places the HELD half (spoken only by the held blends, reported
apart and never tuned on).
"""

from __future__ import annotations

ASKED: dict[str, tuple[str, ...]] = {
    "friendship": (
        "what do you mean by true friendship?",
        "sorry, what were the three ways again?",
        "can you say the question one more time, slower?",
        "um, which ones did you say, listening and what else?",
        "hold on, are you asking me how I make friends?",
        "what's a rat race?",
        "do you mean friends online or in real life?",
        "I'm sorry, I didn't quite hear the end of that",
        "wait, what was the second one?",
    ),
    "she_listens": (
        "what do you mean by intimacy here?",
        "is what true intimacy?",
        "true intimacy between who, her and Theodore?",
        "sorry, could you ask me that again?",
        "are you talking about the film or about real life?",
        "hmm, what exactly is the question?",
        "yes but what do you mean by true?",
        "who is she again?",
        "I'm not sure I follow, intimacy with a computer?",
    ),
    "relationship": (
        "yes but what do you mean by real?",
        "what counts as a real relationship?",
        "a real relationship between whom?",
        "sorry, is what a real relationship?",
        "can you repeat that, I was thinking about something else",
        "real in what way, legally?",
        "do you mean real for him or real for her?",
        "no wait, what did you just ask?",
        "when you say it, do you mean their romance?",
    ),
    "true_love": (
        "what would make it true love?",
        "how do you define true love?",
        "sorry, say that again please?",
        "is this true love compared to what?",
        "you mean his love or hers?",
        "pardon, I lost the thread there",
        "what's the difference between love and true love?",
        "um, can you ask it a different way?",
    ),
    "source": (
        "from within us, or from what? I didn't catch the second one",
        "what do you mean, from another person or from god?",
        "within as in the heart?",
        "when you say another, another what?",
        "sorry, what were the two options?",
        "could you put the question more simply?",
        "where does love come from, is that the question?",
        "is this about romantic love or all love?",
        "what do you mean by the necessary source?",
    ),
    "entangled": (
        "what does inherently entangled mean?",
        "I'm sorry, that was a lot, can you break it down?",
        "true or acceptable to whom?",
        "what's the difference between true and acceptable?",
        "entangled with which source?",
        "could you read that question again, slowly?",
        "I really don't understand this one",
        "what are the choices, true, acceptable, or neither?",
        "so are you asking whether the source matters?",
    ),
    "norms": (
        "what kind of social norms do you mean?",
        "matter to whom, to me or to society?",
        "do you mean like who you're allowed to marry?",
        "sorry, can you shorten that question?",
        "what are social norms exactly?",
        "um, hang on, what was the end of that sentence?",
        "the definition of love according to who?",
        "is the question whether society decides who we love?",
    ),
    "constructs": (
        "what is a social construct?",
        "can you give me an example of a social construct?",
        "keep us from love how?",
        "sorry, which constructs are you thinking of?",
        "could you say that in plain english?",
        "I'm lost, what is the question?",
        "wait, keep who from love?",
    ),
    "is_he_alone": (
        "is he what?",
        "who's he?",
        "alone in what sense, physically?",
        "are you asking if Theodore is lonely?",
        "sorry, or is he what?",
        "do you mean alone without a human partner?",
        "could you say the last part again?",
        "still alone compared to when?",
    ),
    "isolated": (
        "what's an isolated phenomenon?",
        "is what solely an isolated phenomenon?",
        "isolated from what?",
        "sorry, what does solely mean there?",
        "do you mean love or loneliness?",
        "can you explain what you mean by phenomenon?",
        "when you say it, what is it?",
        "er, one more time please",
    ),
    "combustion": (
        "where does what live?",
        "what do you mean by combustion?",
        "between two what, people?",
        "sorry, alone or within, what's the difference?",
        "can you list the choices again?",
        "what do you mean by forces?",
        "so you're asking where love lives?",
        "excuse me, I didn't get the options",
    ),
}
"""Questions back, by point: each should be ``explain``."""

LOOK_LIKE_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("she_listens", "why not?", "yes"),
    ("relationship", "how could it be? she's a computer", "no"),
    ("true_love", "isn't all love true love?", "yes"),
    ("true_love", "who can say?", "unsure"),
    ("norms", "why would they matter?", "no"),
    ("constructs", "why else would people hide who they love?", "yes"),
    ("is_he_alone", "isn't everyone alone in the end?", "yes"),
    ("isolated", "how would I know?", "unsure"),
    ("source", "doesn't it come from within?", "within"),
    ("combustion", "isn't it always between two people?", "between"),
    ("friendship", "isn't it mostly about listening?", "listen"),
    ("entangled", "doesn't it have to be true?", "true"),
)
"""Answers said as questions (point, text, the answer they give): rhetorical questions,
decided as the module's note says."""


def items() -> list[tuple[str, str, str | None, str]]:
    """Every item as (point, text, truth, half): half "fit" or "held" (see the module)."""
    from voicepiece.story.model import EXPLAIN

    groups: list[list[tuple[str, str, str | None]]] = [
        [(point, text, EXPLAIN) for text in texts] for point, texts in ASKED.items()]
    groups.append([(point, text, truth) for point, text, truth in LOOK_LIKE_QUESTIONS])
    return [(point, text, truth, "fit" if k % 2 == 0 else "held")
            for group in groups for k, (point, text, truth) in enumerate(group)]

"""Whether words are talk addressed to someone other than the piece: a companion, a phone,
or about the installation itself.

At a point that takes open answers any understood sentence may be received as one, and the
sentence model's relevance to the question does not tell chat from an answer: "tell her I
said hi" and "it depends on the culture" both lie at 0.40. What tells them apart is to
whom the words are said, and that shows in a few kinds of wording, read here by rules on
the words alone (a typed lexicon):

- a message relayed to someone absent: "tell him we're nearly done", "tell her I said hi"
  (not "tell them how much they mean to you": advice, with no "I" or "we" to relay);
- a companion called by a pet name or as kin ("mum, …", "…, sweetie") or asked to
  do something here and now: "wait for me", "come and look", "over here", "look at that",
  "hold this", "give me", "let's go", or to wait, and no more: "hang on a sec" (not "hang
  on, I think it comes from faith", nor "hold on to the old friends");
- a phone call: "call you back", "can you hear me", "where are you", "on my way",
  "hello? hello";
- the visit's surroundings: the toilet, the exit, the café, a ticket, "at the gallery";
- the installation in the third person: "this thing is talking", "it keeps asking",
  "it heard you".

Advice and answers in the second person ("you have to forgive people", "call your friends
more often", "look, you just have to be loyal") are none of these: an open answer is often
said so, and turning one away says "I'm not sure I understood" to someone who answered.
"""

from __future__ import annotations

from voicepiece.story.wording import clauses, phrase_spans

__all__ = ["addressed_elsewhere"]

_RELAYING = frozenset({"tell", "ask"})
_ABSENT = frozenset({"him", "her", "them", "mum", "mom", "dad", "grandma", "grandad"})
_SENDERS = frozenset({"i", "we"})
RELAY_REACH = 3
"""A relayed message begins within this many words of "tell her": "tell her I said hi"."""

_CALLED = frozenset({
    "mum", "mom", "mummy", "mommy", "dad", "daddy", "sweetie", "sweetheart", "honey",
    "darling", "babe", "guys", "mate", "buddy", "kids",
})
"""Pet names and kin a companion is called by, alone in a clause at the start or end. Not a
name: Whisper makes names of mumbles ("Yes, Al" for "yes and no")."""

_HERE_AND_NOW: tuple[tuple[str, ...], ...] = tuple(tuple(p.split()) for p in (
    "wait for me", "wait here", "wait there", "come here", "come and look",
    "come and see", "come and listen", "over here", "over there", "look at that",
    "look at this", "look at him", "look at her", "hold this", "hold my", "give me",
    "pass me", "hand me", "do not touch", "stop running", "let us go", "let us find",
    "let us get", "we should go", "we should get going", "are you coming", "can we go",
    "your phone",
))
"""Asking a companion to do something here and now."""
_ON_HOLD = (("hang", "on"), ("hold", "on"))
_HOLDING = frozenset({"a", "sec", "second", "minute", "moment", "i", "am", "coming", "yeah",
                      "please", "just"})
"""Asking a companion to wait, with nothing after it but these: "hang on a sec", "hang on,
I'm coming" — not "hang on, I think it comes from faith" (a pause to think before an
answer), nor "hold on to the old friends"."""

_PHONE: tuple[tuple[str, ...], ...] = tuple(tuple(p.split()) for p in (
    "call you", "call you back", "text you", "ring you", "can you hear me",
    "where are you", "on my way", "yeah it is me", "hi it is me", "hey it is me",
    "love you bye", "hello hello",
))
"""A phone call."""

_PLACES = frozenset({
    "toilet", "toilets", "loo", "bathroom", "restroom", "exit", "café", "cafe", "lift",
    "elevator", "stairs", "ticket", "tickets", "platform", "cloakroom", "podcast",
    "speaker", "microphone", "headphones",
})
"""The visit's surroundings: no answer to a question of the piece names them."""
_VENUES = frozenset({"gallery", "museum", "exhibition", "station", "queue"})
_AT = frozenset({"at", "in"})

_INSTALLATION = (("this", "thing"), ("the", "machine"), ("the", "voice", "sounds"),
                 ("this", "voice", "sounds"))
"""Not "the voice" alone: the her piece asks about a love for a voice ("I fell for the
voice")."""
_IT = frozenset({"it", "this"})
_SPEAKING = frozenset({"talking", "asking", "speaking", "heard", "hears", "recording"})
IT_REACH = 2
"""The installation ("it", "this") within this many words before a verb of speaking or
hearing: "it keeps asking", "it heard you". Not the plain present ("talks", "speaks",
"asks"): "this speaks to me" and "the film, it talks about loneliness" are answers."""

def addressed_elsewhere(text: str | None) -> str | None:
    """Which kind of talk addressed to someone other than the piece ``text`` is ("relay",
    "companion", "phone", "surroundings", "installation"; see the module's note), or None
    when it may be addressed to the piece."""
    if not text:
        return None
    parts = clauses(text)
    tokens = tuple(t for part in parts for t in part)
    if _relays(tokens):
        return "relay"
    if _called(parts) or _has(tokens, _HERE_AND_NOW) or _on_hold(tokens):
        return "companion"
    if _has(tokens, _PHONE):
        return "phone"
    if not _PLACES.isdisjoint(tokens) or any(
            t in _VENUES and _AT & set(tokens[max(0, i - 2):i]) for i, t in enumerate(tokens)):
        return "surroundings"
    if _has(tokens, _INSTALLATION) or any(
            t in _SPEAKING and not _IT.isdisjoint(tokens[max(0, i - IT_REACH - 1):i])
            for i, t in enumerate(tokens)):
        return "installation"
    return None


def _has(tokens: tuple[str, ...], phrases: tuple[tuple[str, ...], ...]) -> bool:
    return next(phrase_spans(tokens, phrases), None) is not None


def _relays(tokens: tuple[str, ...]) -> bool:
    return any(t in _RELAYING and tokens[at + 1:at + 2] and tokens[at + 1] in _ABSENT
               and not _SENDERS.isdisjoint(tokens[at + 2:at + 2 + RELAY_REACH])
               for at, t in enumerate(tokens))


def _called(parts: tuple[tuple[str, ...], ...]) -> bool:
    return any(len(p) == 1 and p[0] in _CALLED for p in parts[:1] + parts[-1:])


def _on_hold(tokens: tuple[str, ...]) -> bool:
    return any(_HOLDING.issuperset(tokens[end:]) for _, end in phrase_spans(tokens, _ON_HOLD))

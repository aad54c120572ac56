"""The piece as plain data: what the loader builds and the story machine compiles.

Every element keeps the line it came from so that checks can point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from voicepiece.story.mirror import without_stray_punctuation
from voicepiece.story.wording import normalize

SILENCE = "silence"
UNCLEAR = "unclear"
OPEN = "open"
"""An understood answer that is none of the point's answers, taken in by its ``open``."""
EXPLAIN = "explain"
"""A question back from the listener ("what do you mean?"), answered by ``explain``."""
RESERVED_LABELS = (SILENCE, UNCLEAR, OPEN, EXPLAIN)

HEARD = "heard"
"""The placeholder for the words of the answer being responded to."""

_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][\w-]*)(?:\|([^{}]*))?\}(?!\})")


@dataclass(frozen=True)
class Placeholder:
    name: str
    fallback: str | None


def placeholders(text: str) -> list[Placeholder]:
    """The ``{name}`` / ``{name|fallback}`` slots in a line; ``{{`` and ``}}`` are literal."""
    return [Placeholder(m.group(1), m.group(2)) for m in _PLACEHOLDER.finditer(text)]


def fill(text: str, words: dict[str, str | None]) -> str | None:
    """The line with the listener's words put in, or None when a slot has no words and
    no fallback: such a line is skipped rather than spoken with a hole in it.

    The line gives the punctuation, so words lose theirs at the edges ("What do you
    mean??" cannot happen). A slot whose sentence the rest of the line repeats is left out
    with its full stop: "{heard}. From someone else, then." with "from someone else" says
    "From someone else, then.", not the words twice.
    """
    out: list[str] = []
    at = 0
    for m in _PLACEHOLDER.finditer(text):
        out.append(text[at:m.start()])
        at = m.end()
        said = without_stray_punctuation(words.get(m.group(1)) or "")
        if said:
            rest = text[m.end():]
            stop = _SENTENCE_END.match(rest)
            if stop and _repeats(said, rest[stop.end():]):
                at = m.end() + stop.end()
            else:
                out.append(said)
        elif m.group(2) is not None:
            out.append(m.group(2))
        else:
            return None
    out.append(text[at:])
    filled = "".join(out)
    if text.startswith("{") and not text.startswith("{{"):
        filled = filled[:1].upper() + filled[1:]
    return filled.replace("{{", "{").replace("}}", "}")


_SENTENCE_END = re.compile(r"[.!?\u2026]+\s+")


def _repeats(words: str, rest: str) -> bool:
    """Whether ``rest`` says ``words`` again, word for word."""
    said = tuple(normalize(words).split())
    later = tuple(normalize(rest).split())
    return bool(said) and any(
        later[i:i + len(said)] == said for i in range(len(later) - len(said) + 1))


@dataclass(frozen=True, kw_only=True)
class Sourced:
    """Where an element was written, so checks can point at the exact line of a key."""

    source_line: int = 0
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.source_line)


@dataclass(frozen=True, kw_only=True)
class Conditional(Sourced):
    """Conditions on what was remembered and visited; all must hold (none: always).

    ``when``: memory → the labels it may hold. ``at_least``/``at_most``: label → how many
    remembered answers carry it (:data:`ANSWERED` counts every real answer). ``visits``:
    node → the fewest times it has been entered, the current visit included.
    """

    when: tuple[tuple[str, tuple[str, ...]], ...] = ()
    at_least: tuple[tuple[str, int], ...] = ()
    at_most: tuple[tuple[str, int], ...] = ()
    visits: tuple[tuple[str, int], ...] = ()

    @property
    def unconditional(self) -> bool:
        return not (self.when or self.at_least or self.at_most or self.visits)


ANSWERED = "answered"
"""The pseudo-label counting remembered answers that are real answers (not silence or
unclear), for ``at_least``/``at_most``."""


@dataclass(frozen=True)
class Line(Conditional):
    """One thing the narrator says. ``id`` is stable: voice-over files are matched on it.
    Its conditions, if any, decide whether it is said when it is reached."""

    id: str
    text: str
    pause: float | None = None

    @property
    def is_template(self) -> bool:
        return bool(placeholders(self.text))


VARIANT_KINDS = ("sequence", "cycle", "shuffle", "once")
"""Ink's alternatives: {stopping}, {&cycle}, {~shuffle}, {!once}."""


@dataclass(frozen=True)
class Variants(Conditional):
    """One place in a ``say`` list that says one of ``lines`` each time it is reached, in
    the way ``kind`` names (:data:`VARIANT_KINDS`). Its turn is kept by ``id``, so a group
    in the piece's default ladders goes on across every listening point that uses it."""

    id: str
    kind: str
    lines: tuple[Line, ...]


Say = Line | Variants
"""An item of a ``say`` list: a line, or a group of variants of which one is said."""


def every_line(items: tuple[Say, ...] | list[Say]) -> list[Line]:
    """Every line the items can say: each line, and each variant of each group."""
    out: list[Line] = []
    for item in items:
        out.extend(item.lines if isinstance(item, Variants) else (item,))
    return out


DEFAULT_CONFIRM = Line(id="listening.confirm", text="{heard}? Did I hear you right?")
"""Said when recognition is unsure, unless the piece or the answer has its own."""
DEFAULT_EITHER = Line(id="listening.either", text="{heard}?")
"""Said to check an answer the words came nearly as near another answer to (a two-way
check, session/confirming.py): ``{heard}`` is both, "by listening, or by opening up"."""


@dataclass(frozen=True)
class Answer(Sourced):
    label: str
    meaning: str | None
    phrases: tuple[str, ...]
    say: tuple[Say, ...]
    next: str | None
    confirm: Line | None = None
    canonical: str | None = None
    """What ``{heard}`` says for this answer when the listener's own words are not
    trusted; without it, its meaning's (voicepiece.story.mirror.CANONICAL)."""


@dataclass(frozen=True)
class Ladder(Sourced):
    """Escalation for one kind of failed turn (VoiceXML's noinput/nomatch counters).
    Each item of ``reprompts`` is one reprompt; one that says nothing when reached (its
    conditions fail, its once-group is used up) means no reprompt is left."""

    reprompts: tuple[Say, ...] = ()
    say: tuple[Say, ...] = ()
    then: str | None = None


DEFAULT_EXPLAIN = (Line(id="listening.explain.1", text="Let me ask it again."),)
"""Said when the listener asks what the question means, unless the piece or the point
has its own lines; the question follows."""
EXPLAIN_LIMIT = 2


@dataclass(frozen=True)
class Explain(Sourced):
    """What to say when the listener asks back ("what do you mean?", "say that again?"):
    ``say``, then — with ``ask`` — the question again (the node's last line). After
    ``limit`` such questions at one point, the next is taken as unclear."""

    say: tuple[Say, ...] = DEFAULT_EXPLAIN
    limit: int = EXPLAIN_LIMIT
    ask: bool = True


@dataclass(frozen=True)
class ListenSettings:
    timeout: float = 7.0
    max_answer: float = 10.0
    complete_silence: float = 0.3
    incomplete_silence: float = 0.7
    confirm_timeout: float = 2.5
    reasks: int | None = None
    """The most times a question is asked again, silence and unclear answers together
    (None: each ladder's reprompts alone decide, counted apart as VoiceXML counts them)."""

    def merged(self, overrides: dict[str, float]) -> ListenSettings:
        """These settings with ``overrides``, each read as its field's kind."""
        read = {k: (int(v) if k == "reasks" else float(v)) for k, v in overrides.items()}
        return ListenSettings(**{**self.__dict__, **read})


@dataclass(frozen=True)
class Listen(Sourced):
    answers: tuple[Answer, ...]
    next: str | None
    remember: str | None
    silence: Ladder
    unclear: Ladder
    settings: ListenSettings
    confirm: Line = field(default_factory=lambda: DEFAULT_CONFIRM)
    either: Line = field(default_factory=lambda: DEFAULT_EITHER)
    """The two-way check's line (the piece's ``listening.either``, else
    :data:`DEFAULT_EITHER`)."""
    open: Answer | None = None
    """Taking in an understood answer that is none of ``answers`` (label ``open``)."""
    explain: Explain = field(default_factory=Explain)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(a.label for a in self.answers)

    @property
    def taken(self) -> tuple[Answer, ...]:
        """Every answer the story can take here: ``answers``, and ``open`` if it has one."""
        return (*self.answers, self.open) if self.open else self.answers

    @property
    def remembered(self) -> tuple[str, ...]:
        """Every label this point's memory can hold."""
        return (*(a.label for a in self.taken), SILENCE, UNCLEAR)

    def answer(self, label: str) -> Answer | None:
        return next((a for a in self.answers if a.label == label), None)

    def confirmation(self, label: str) -> Line:
        """What the narrator says to check an answer it is unsure it heard right."""
        answer = self.answer(label)
        return answer.confirm if answer and answer.confirm else self.confirm

    def destination(self, answer: Answer) -> str | None:
        return answer.next or self.next

    def fallback(self, ladder: Ladder) -> str | None:
        return ladder.then or self.next


@dataclass(frozen=True)
class Route(Conditional):
    """One branch of a route; with no conditions it is the default."""

    next: str

    @property
    def is_default(self) -> bool:
        return self.unconditional


@dataclass(frozen=True)
class Node(Sourced):
    name: str
    say: tuple[Say, ...]
    stage: str | None = None
    next: str | None = None
    listen: Listen | None = None
    route: tuple[Route, ...] = ()
    end: bool = False

    @property
    def question(self) -> Say | None:
        """The line that asks a listening point's question, said again when the listener
        asks back: the node's last line."""
        return self.say[-1] if self.say else None

    def lines(self) -> list[Line]:
        """Every line this node can speak, in the order a reader meets them."""
        out = every_line(self.say)
        if self.listen:
            for a in self.listen.taken:
                out.extend(every_line(a.say))
                if a.confirm:
                    out.append(a.confirm)
            for ladder in (self.listen.silence, self.listen.unclear):
                out.extend(every_line(ladder.reprompts))
                out.extend(every_line(ladder.say))
            if not all(a.confirm for a in self.listen.answers):
                out.append(self.listen.confirm)
            if sum(bool(a.phrases) for a in self.listen.answers) >= 2:  # a two-way check
                out.append(self.listen.either)
            out.extend(every_line(self.listen.explain.say))
        return out

    def successors(self) -> list[str]:
        """Every node this one can lead to, in authored order, without duplicates."""
        targets: list[str | None] = [self.next]
        if self.listen:
            targets += [self.listen.destination(a) for a in self.listen.taken]
            targets += [self.listen.fallback(self.listen.silence)]
            targets += [self.listen.fallback(self.listen.unclear)]
        targets += [r.next for r in self.route]
        return list(dict.fromkeys(t for t in targets if t))


DEFAULT_ENGINE = "default"
"""The engine of a piece that names no voice: the default chain (Kokoro af_heart, else
Festival, else espeak-ng; voices/chain.py) picks the one that speaks, once, before the first
line — so the render cache, the record and the transcript name the voice that really spoke."""


@dataclass(frozen=True)
class VoiceSettings:
    """What the piece's lines should sound like: part of the piece, and of the voices'
    render-cache key, so keep it hashable."""

    engine: str = "default"  # DEFAULT_ENGINE, or a synthesizer: kokoro, espeak, festival, piper
    name: str = ""  # the engine's voice ("": the engine's own); a Kokoro or espeak-ng voice, …
    rate: int = 160  # words per minute
    pitch: int = 50  # 0..99, espeak's scale
    volume: float = 1.0


@dataclass(frozen=True)
class Pauses:
    """Seconds of quiet that pace a piece (docs/piece-format.md, "Pauses")."""

    line: float = 0.35
    stage: float = 1.2
    question: float = 1.2
    """The least quiet before the line that asks a listening point's question, when the
    narrator has been speaking: a breath before the question."""
    sentence: float = 0.5
    """Between the sentences of a synthesized line (0: the engine's own pause)."""
    comma: float = 0.0
    """At a comma, semicolon, colon or dash inside a sentence (0: the engine's own)."""


@dataclass(frozen=True)
class Piece:
    name: str
    title: str
    start: str
    nodes: dict[str, Node]
    voice: VoiceSettings = field(default_factory=VoiceSettings)
    pauses: Pauses = field(default_factory=Pauses)
    path: Path | None = None
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    ambient: str | None = None
    backchannel: Line | None = None
    """A short sound of listening ("Hmm.") said while a reply with the listener's words is
    still being synthesized, so they are not left waiting in silence (docs/voices.md)."""

    @property
    def ambient_path(self) -> Path | None:
        """The ambient bed's file, relative to the piece's folder."""
        if not self.ambient:
            return None
        path = Path(self.ambient)
        return path if path.is_absolute() or self.folder is None else self.folder / path

    @property
    def folder(self) -> Path | None:
        """Where the piece's own audio (voice-over, ambient beds) lives."""
        return self.path.parent if self.path else None

    def lines(self) -> list[Line]:
        return [line for node in self.nodes.values() for line in node.lines()]

    def listening_points(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.listen]

    def endings(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.end]

    def memory_names(self) -> dict[str, Node]:
        return {n.listen.remember: n for n in self.listening_points() if n.listen.remember}

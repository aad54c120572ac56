"""What the session loop tells its observers, and the seams it speaks and listens through.

Observers (recorder, transcript, captions, metrics) see only these events; the loop does
not know which observers exist.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from voicepiece.story.model import Answer, Line, ListenSettings

if TYPE_CHECKING:
    from pydub import AudioSegment


@dataclass(frozen=True)
class Spoken:
    """How a line came out. ``duration`` is None where there is no audio (text mode)."""

    text: str
    duration: float | None
    audio: AudioSegment | None = None


class Voice(Protocol):
    """Speech out, in two steps: ``render`` makes the audio (from a recording, the cache or
    a synthesizer) so observers can see a line before it is heard, and ``play`` sends it
    to the listener and returns once it has been heard (at once, where nothing plays)."""

    def render(self, text: str, line: Line) -> Spoken: ...

    def play(self, spoken: Spoken) -> float | None:
        """Returns None once the sound has been heard whole, or — when the listener cut
        it short (barge-in) — the seconds of it that were heard."""
        ...

    def cue(self) -> Spoken | None:
        """The short sound that tells the listener the piece is listening, if any."""
        ...

    # A voice that plays to a device may also have ``sounded_at``: the
    # ``time.perf_counter()`` moment the last ``play`` sent its first sample out (None
    # where nothing plays). The loop reads it with getattr, so simple voices need none.

    def pause(self, seconds: float) -> float | None:
        """Quiet between lines; returns the seconds it took on the session's timeline."""
        ...


def narrator_of(voice: object) -> dict[str, Any] | None:
    """Which voice narrates, as ``voice.describe()`` tells it (engine, voice, model), or
    None from a voice that cannot say (text mode, a test's fake)."""
    describe = getattr(voice, "describe", None)
    return describe() if callable(describe) else None


ANSWER_TURN = "answer"
"""The kind of turn that asks the node's question."""
CONFIRMATION_TURN = "confirm"
"""The kind of turn that checks an answer the ear was unsure of (yes or no)."""


@dataclass(frozen=True)
class Question:
    """What an ear needs to listen well: the answers expected here and how long to wait."""

    node: str
    choices: tuple[Answer, ...]
    settings: ListenSettings
    kind: str = ANSWER_TURN
    confirms: str | None = None  # for a confirmation: the answer label being checked
    on_words: Callable[[str], None] | None = field(default=None, compare=False)
    """Told the listener's own words as soon as a transcript vouches for them, before the
    turn is decided (from another thread): the narrator may start saying them back."""


@dataclass(frozen=True)
class Heard:
    """One turn as the ear caught it. ``text`` None means nothing was said.

    Times are seconds from the moment listening began; ``waited`` is how long the ear
    listened in all, so the narrator's response starts ``waited`` after that moment.
    A recognizer that decides among the choices itself sets ``label`` (or ``unclear`` when
    it heard speech that is none of them), and ``confirm`` when it is unsure enough that
    the narrator should check with the listener. ``own_words`` says that ``text`` is what
    the listener said — typed, or transcribed by an engine that vouches for it — rather than
    a grammar phrase a recognizer matched; only such words are ever said back.
    ``nearly_sure`` (with ``confirm``): the recognizer was all but sure of the label, so a
    listener who says nothing to the check consents; otherwise silence proves nothing.
    """

    text: str | None
    confidence: float = 1.0
    label: str | None = None
    confirm: bool = False
    own_words: bool = False
    nearly_sure: bool = False
    sure_words: bool = False
    """``text`` is an open transcript sure enough to be read by meaning (and the reading
    confirmed), though not to be said back (``own_words``)."""
    quotable: bool = True
    """With ``own_words``: sure enough, all together, to be said back; when not, the
    answer's canonical form is said (Recognition.quotable)."""
    speech_start: float | None = None
    speech_end: float | None = None
    waited: float | None = None
    opened_at: float | None = None
    """For a live ear: the ``time.perf_counter()`` moment the listening window began, so
    the session can place its reply at the moment it really sounded (``Voice.sounded_at``)
    rather than ``waited`` after the start; None where the audio is not real time."""
    audio: AudioSegment | None = field(default=None, repr=False)


class Ear(Protocol):
    """Speech in."""

    def listen(self, question: Question) -> Heard: ...


class Interruptions(Protocol):
    """Barge-in, as the session sees it: while it ``watches``, the listener's voice stops
    the narrator (the voice's ``play`` then returns early) and ``heard`` turns true; the
    ear's next turn begins ``lead`` seconds before the narration stopped, with what the
    listener began saying over it. A shared microphone may also keep a turn resumable
    (``open_window``/``close_window``, session/resuming.py); the loop asks with getattr."""

    heard: bool

    @property
    def lead(self) -> float: ...

    def watching(self) -> AbstractContextManager[None]: ...


@dataclass(frozen=True)
class Turn:
    """One time the piece listened, exactly as ``session.json`` records it."""

    node: str
    kind: str
    offered: tuple[str, ...]
    heard: str | None
    answer: str
    confidence: float
    speech_start: float | None
    speech_end: float | None
    response_start: float | None
    confirms: str | None = None
    listen_start: float | None = None  # when the ear opened, on the same timeline
    barge_in: bool = False  # the listener began over the narrator, who stopped
    trusted: bool = False  # ``heard`` is the listener's own words (Heard.own_words)
    words_lead: float | None = None
    """Live: seconds the listener's words reached the narrator (anticipation) before the
    turn was decided and its reply asked for; None when none did (session/anticipation)."""
    resumed: bool = False
    """The listener went on after a whole first answer and the narrator, who had begun
    its reply, stopped to hear the rest: one turn said in ``parts`` (their words, in
    order), decided on the whole (session/resuming.py); ``first_answer`` is the label
    the first part alone was taken for, the one the interrupted reply answered."""
    parts: tuple[str | None, ...] = ()
    first_answer: str | None = None

    def as_json(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        if out["confirms"] is None:
            del out["confirms"]
        if not out["resumed"]:
            del out["resumed"], out["parts"], out["first_answer"]
        else:
            out["parts"] = list(self.parts)
        if not out["barge_in"]:
            del out["barge_in"]
        if out["heard"] is None:
            del out["trusted"]  # no words, nothing to trust
        if out["words_lead"] is None:
            del out["words_lead"]
        out["offered"] = list(self.offered)
        for key in ("confidence", "speech_start", "speech_end", "response_start",
                    "listen_start", "words_lead"):
            if out.get(key) is not None:
                out[key] = round(out[key], 3)
        return out


@dataclass(frozen=True)
class SessionStarted:
    piece: str
    title: str
    started: str  # ISO 8601, UTC
    seed: int | None = None  # what the piece's shuffled variants were drawn from
    narrator: dict[str, Any] | None = field(default=None, compare=False)
    """Which voice narrates (engine, voice, model, rate), when the voice can say."""


@dataclass(frozen=True)
class NodeEntered:
    node: str
    stage: str | None
    at: float | None


@dataclass(frozen=True)
class LineSpoken:
    line: Line
    text: str
    at: float | None
    duration: float | None
    audio: AudioSegment | None = field(default=None, repr=False)


@dataclass(frozen=True)
class NarrationCut:
    """The listener spoke over the narrator, who stopped at ``at`` (session seconds): the
    last sound — ``line``, or the listening cue when None — was heard only up to there."""

    at: float | None
    line: Line | None = None


@dataclass(frozen=True)
class CuePlayed:
    at: float | None
    duration: float | None
    audio: AudioSegment | None = field(default=None, repr=False)


@dataclass(frozen=True)
class ListeningStarted:
    node: str
    kind: str
    offered: tuple[str, ...]
    at: float | None


@dataclass(frozen=True)
class TurnTaken:
    """A turn decided. For a resumed turn (``Turn.resumed``) it comes again, once the rest
    is heard: ``turn`` is then the whole turn, which replaces the first in the record, and
    ``part`` the continuation alone — its words and times, where ``audio`` (its clip) was
    said — for what places sound and words on the timeline."""

    turn: Turn
    audio: AudioSegment | None = field(default=None, repr=False)
    part: Turn | None = None


@dataclass(frozen=True)
class SessionEnded:
    completed: bool
    ending: str | None
    ended: str  # ISO 8601, UTC
    path: tuple[str, ...]
    turns: tuple[Turn, ...]


Event = (SessionStarted | NodeEntered | LineSpoken | NarrationCut | CuePlayed | ListeningStarted
         | TurnTaken | SessionEnded)


class Observer(Protocol):
    def on_event(self, event: Event) -> None: ...

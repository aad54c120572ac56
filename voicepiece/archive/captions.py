"""Captions and a plain transcript of a session: the two human-readable records of it.

``captions.vtt`` (WebVTT) puts the narrator's lines and the listener's words on the
session's audio timeline, so ``session.wav`` can be published with captions (archives,
catalogues, podcasts, and anyone who cannot hear it). ``transcript.txt`` is the same
session as a script to read.

Both observers keep what they need as events arrive and write their file once, atomically,
when the session ends (also after Ctrl-C, which still ends the session): a caption file
that is being rewritten while a player reads it helps nobody, and a half-written one must
never look finished. A session that crashes never ends, so it leaves neither file — its
``session.json`` is the record of what happened.

Text mode has no audio and no timeline (every time is None). Captions of nothing would be
a file that looks useful and is not, so :class:`Captions` then writes no file at all;
:class:`TranscriptText` writes its script without timestamps.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

from voicepiece.files import atomic_write, private_dir
from voicepiece.session.events import (
    Event,
    LineSpoken,
    ListeningStarted,
    NarrationCut,
    NodeEntered,
    SessionEnded,
    SessionStarted,
    TurnTaken,
)
from voicepiece.story.model import SILENCE

CAPTIONS_VTT = "captions.vtt"
TRANSCRIPT_TXT = "transcript.txt"

NARRATOR = "Narrator"
LISTENER = "Listener"

CAPTION_WIDTH = 42
"""Characters per caption line: the common broadcast and web guideline (BBC, Netflix)."""
CAPTION_LINES = 2
"""Lines per caption: more covers the picture and cannot be read in time."""

CLAUSE_PULL = 12
"""How many characters away from an even cut a break after a clause is still preferred."""
CLAUSE_BONUS = 2 * CLAUSE_PULL**2
"""The same pull between captions, whose split costs the sum of their squared lengths."""

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_SENTENCE_MARKS = (".", "!", "?", "…")
_CLAUSE_MARKS = (",", ";", ":", "–", "—")


@dataclass(frozen=True)
class Cue:
    """One caption on screen: who speaks, when (session-audio seconds), and the words as
    they are to be shown (lines separated by newlines, not yet escaped)."""

    start: float
    end: float
    speaker: str
    text: str


def vtt_time(seconds: float) -> str:
    """``HH:MM:SS.mmm``, rounded to the millisecond, as WebVTT timestamps are written."""
    ms = max(0, round(seconds * 1000))
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    secs, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{ms:03d}"


def clock_time(seconds: float) -> str:
    """``mm:ss`` (``h:mm:ss`` past an hour) for the transcript: a reader's timestamp,
    truncated like a player's counter rather than rounded up to a moment not yet reached."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def vtt_escape(text: str) -> str:
    """Cue text is markup: ``&`` and ``<`` would start an entity or a tag, and ``>`` could
    form the ``-->`` that separates cue times."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _wrap(text: str, width: int = CAPTION_WIDTH) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)


def _fits(text: str) -> bool:
    return len(_wrap(text)) <= CAPTION_LINES


def _balanced(text: str) -> str:
    """The caption's two lines: as even as possible, so a caption is not one long line
    and one word, but broken after a sentence where both halves fit, or after a clause
    near the middle — a reader takes in a line as a phrase."""
    if len(text) <= CAPTION_WIDTH:
        return text
    words = text.split(" ")
    options = []
    for i in range(1, len(words)):
        top, bottom = " ".join(words[:i]), " ".join(words[i:])
        if len(top) > CAPTION_WIDTH or len(bottom) > CAPTION_WIDTH:
            continue
        after = words[i - 1]
        bonus = (CAPTION_WIDTH if after.endswith(_SENTENCE_MARKS)
                 else 2 * CLAUSE_PULL if after.endswith(_CLAUSE_MARKS) else 0)
        options.append((abs(len(top) - len(bottom)) - bonus, i))
    if not options:  # a word longer than a line: leave it whole
        return "\n".join(_wrap(text))
    cut = min(options)[1]
    return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])


def _split_evenly(sentence: str) -> list[str]:
    """A sentence too long for one caption, cut into as few captions as will fit, as even
    in length as possible — no one-word caption flashing by at the end — and preferring
    cuts after a clause. Classic optimal line breaking, with captions for lines."""
    words = sentence.split()
    # best[i]: (captions, cost, start of the last caption) for the first i words
    best: list[tuple[int, float, int]] = [(0, 0.0, 0)]
    for i in range(1, len(words) + 1):
        bonus = CLAUSE_BONUS if i < len(words) and words[i - 1].endswith(_CLAUSE_MARKS) else 0
        options = []
        for j in range(i - 1, -1, -1):
            chunk = " ".join(words[j:i])
            if i - j > 1 and len(chunk) > CAPTION_WIDTH * CAPTION_LINES:
                break
            if i - j == 1 or _fits(chunk):
                count, cost, _ = best[j]
                options.append((count + 1, cost + len(chunk) ** 2 - bonus, j))
        best.append(min(options))
    chunks = []
    end = len(words)
    while end:
        start = best[end][2]
        chunks.append(" ".join(words[start:end]))
        end = start
    return chunks[::-1]


def caption_chunks(text: str) -> list[str]:
    """A line split into captions of at most two lines of 42 characters.

    Sentences stay whole where they fit, so a caption tends to end where the voice pauses;
    a sentence too long for one caption is cut at word boundaries. Each chunk's lines are
    joined with a newline. A single word longer than a line is left whole.
    """
    chunks: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(" ".join(text.split())):
        if not sentence:
            continue
        joined = f"{current} {sentence}".strip()
        if _fits(joined):
            current = joined
            continue
        if current:
            chunks.append(current)
        *whole, current = _split_evenly(sentence)
        chunks += whole
    if current:
        chunks.append(current)
    return [_balanced(chunk) for chunk in chunks]


def timed_cues(text: str, start: float, end: float, speaker: str) -> list[Cue]:
    """The captions of one utterance, its time shared among them in proportion to their
    length: reading speed follows speaking speed closely enough for captions."""
    chunks = caption_chunks(text)
    weights = [len(chunk.replace("\n", " ")) for chunk in chunks]
    total = sum(weights)
    cues: list[Cue] = []
    done = 0
    for chunk, weight in zip(chunks, weights, strict=True):
        begin = start + (end - start) * done / total
        done += weight
        finish = end if done == total else start + (end - start) * done / total
        cues.append(Cue(begin, finish, speaker, chunk))
    return cues


def render_vtt(cues: list[Cue]) -> str:
    """The WebVTT file for these cues, in order of their start (a stable sort keeps the
    order of cues that start together)."""
    blocks = ["WEBVTT"]
    for cue in sorted(cues, key=lambda c: c.start):
        blocks.append(f"{vtt_time(cue.start)} --> {vtt_time(cue.end)}\n"
                      f"<v {cue.speaker}>{vtt_escape(cue.text)}")
    return "\n\n".join(blocks) + "\n"


class Captions:
    """Writes ``captions.vtt``: a cue per narrator line (split when long) and a cue per
    listener reply with words, at the end of a session that has an audio timeline."""

    def __init__(self, folder: Path) -> None:
        self.folder = private_dir(folder)
        self.path = folder / CAPTIONS_VTT
        self.cues: list[Cue] = []
        self.timed = False
        self._listening_at: float | None = None

    def on_event(self, event: Event) -> None:
        if isinstance(event, LineSpoken):
            if event.at is None or event.duration is None:
                return
            self.timed = True
            if event.duration > 0 and event.text.strip():
                self.cues += timed_cues(event.text, event.at, event.at + event.duration,
                                        NARRATOR)
        elif isinstance(event, NarrationCut) and event.at is not None:
            self._cut(event.at)
        elif isinstance(event, ListeningStarted):
            self._listening_at = event.at
        elif isinstance(event, TurnTaken):
            self._reply(event)
        elif isinstance(event, SessionEnded) and self.timed:
            atomic_write(self.path, render_vtt(self.cues).encode())

    def _cut(self, at: float) -> None:
        """The narrator stopped at ``at`` (barge-in): the captions of the line stop there;
        the words it did not reach were never said."""
        kept = [c for c in self.cues if c.speaker != NARRATOR or c.start < at]
        self.cues = [replace(c, end=at) if c.speaker == NARRATOR and c.end > at else c
                     for c in kept]

    def _reply(self, event: TurnTaken) -> None:
        """The listener's words where they were said; where the ear could not say when
        speech began and ended, across the whole time it listened. Of a resumed turn, the
        rest: its first part has its cue already."""
        turn = event.part or event.turn
        if not turn.heard or not turn.heard.strip():
            return
        start, end = turn.speech_start, turn.speech_end
        if start is None or end is None or end <= start:
            start, end = self._listening_at, turn.response_start
        if start is None or end is None or end <= start:
            return
        self.timed = True
        self.cues += timed_cues(turn.heard, start, end, LISTENER)


class TranscriptText:
    """Writes ``transcript.txt``: the session as a script — the piece's title, its stages
    as headings, each line the narrator said and each reply with the answer it was taken
    for, with ``[mm:ss]`` session-audio timestamps where the session has a timeline.

    Whether it has one is only known as lines are spoken (text mode still starts its clock
    at 0), so entries keep their times and the timestamps are decided when writing."""

    def __init__(self, folder: Path) -> None:
        self.folder = private_dir(folder)
        self.path = folder / TRANSCRIPT_TXT
        self.entries: list[tuple[float | None, str]] = []
        self.timed = False
        self._listening_at: float | None = None

    def on_event(self, event: Event) -> None:
        if isinstance(event, SessionStarted):
            self.entries += [(None, event.title or event.piece),
                             (None, f"piece {event.piece}, started {event.started}"),
                             (None, "")]
        elif isinstance(event, NodeEntered) and event.stage:
            if self.entries and self.entries[-1][1]:
                self.entries.append((None, ""))
            self.entries += [(None, f"— {_oneline(event.stage)} —"), (None, "")]
        elif isinstance(event, LineSpoken):
            self.timed = self.timed or event.duration is not None
            self.entries.append((event.at, f"{NARRATOR}: {_oneline(event.text)}"))
        elif isinstance(event, NarrationCut) and event.line and self.entries:
            at, text = self.entries[-1]
            self.entries[-1] = (at, f"{text} —")
        elif isinstance(event, ListeningStarted):
            self._listening_at = event.at
        elif isinstance(event, TurnTaken):
            turn = event.part or event.turn  # a resumed turn's rest, with the whole's answer
            if event.part is not None:
                turn = replace(turn, answer=event.turn.answer)
            if turn.heard and turn.heard.strip():
                reply = f"{_oneline(turn.heard)} [{turn.answer}]"
            else:
                reply = "(silence)" if turn.answer == SILENCE else f"(silence) [{turn.answer}]"
            at = turn.speech_start if turn.speech_start is not None else self._listening_at
            self.entries.append((at, f"{LISTENER}: {reply}"))
        elif isinstance(event, SessionEnded):
            how = f"(the end: {event.ending})" if event.completed else "(stopped before the end)"
            self.entries += [(None, ""), (None, how)]
            atomic_write(self.path, self.text().encode())

    def text(self) -> str:
        """The script as written at the end."""
        lines = [text if at is None or not self.timed else f"[{clock_time(at)}] {text}"
                 for at, text in self.entries]
        return "\n".join(lines) + "\n"


def _oneline(text: str) -> str:
    return " ".join(text.split())

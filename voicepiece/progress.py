"""Progress lines for long offline work, on one line of the terminal that keeps being
rewritten: a render's (where in the piece it is, how much audio is done) and prepare's
(which line is being rendered). One bar draws both."""

from __future__ import annotations

import sys
from typing import TextIO

from voicepiece.session.events import Event, LineSpoken, NodeEntered, SessionEnded, TurnTaken
from voicepiece.story.model import Line, Piece


def expected_lines(piece: Piece, start: str | None = None) -> int:
    """About how many lines a session says: the node lines along the first way through,
    plus a response at each listening point. Only a progress bar's measure."""
    count, name, seen = 0, start or piece.start, set()
    while name in piece.nodes and name not in seen:
        seen.add(name)
        node = piece.nodes[name]
        count += len(node.say) + (1 if node.listen else 0)
        following = node.successors()
        name = following[0] if following else ""
    return count


def bar(done: int, total: int, width: int) -> str:
    """``done`` of ``total`` as a bar of ``width`` marks, full at most."""
    filled = min(width, width * done // total)
    return f"[{'#' * filled}{'-' * (width - filled)}]"


def progress_bar(done: int, total: int, line: Line) -> None:
    """Prepare's progress on stderr: the bar, the count, and the line being rendered."""
    end = "\n" if done == total else ""
    sys.stderr.write(f"\r{bar(done, total, 30)} {done}/{total} {line.id[:40]:<40}{end}")
    sys.stderr.flush()


class Progress:
    """A render's progress, drawn from the session's events."""

    def __init__(self, total_lines: int, out: TextIO | None = None) -> None:
        self.total = max(1, total_lines)
        self.out = out or sys.stderr
        self.lines = 0
        self.turns = 0
        self.stage = ""
        self.seconds = 0.0

    def on_event(self, event: Event) -> None:
        if isinstance(event, NodeEntered) and event.stage:
            self.stage = event.stage
        elif isinstance(event, LineSpoken):
            self.lines += 1
            if event.at is not None and event.duration is not None:
                self.seconds = event.at + event.duration
        elif isinstance(event, TurnTaken):
            self.turns += 1
        elif isinstance(event, SessionEnded):
            self.out.write("\n")
            self.out.flush()
            return
        else:
            return
        self._draw()

    def _draw(self) -> None:
        minutes, seconds = divmod(int(self.seconds), 60)
        stage = self.stage[:28]
        self.out.write(f"\r{bar(self.lines, self.total, 24)} {minutes:02d}:{seconds:02d} "
                       f"of audio, {self.turns} turns  {stage:<28}")
        self.out.flush()

"""What a listener made of a turn, and the counts the report and the JSON are made of."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bench_common import p95
from bench_listening_clips import Clip, Item

from voicepiece.listening.base import ACCEPT, CONFIRM
from voicepiece.story.model import SILENCE, UNCLEAR

if TYPE_CHECKING:
    pass

def ending(truth: str | None, label: str, zone: str, refused: str | None,
           rival: str | None = None) -> str:
    """The label a turn ends with for a listener who meant ``truth`` and answers a check
    truthfully: an accepted ``label``; a checked one as the session ends it
    (``deciding.after_check``: its label on a yes; where the check offered two answers,
    ``label`` or ``rival`` (``Decision.rival``), the one they meant if it is offered; on a
    no, ``refused``, the decision's ``Decision.refused`` — asked again, or the words
    received as an open answer, right or not); else no branch (unclear or silence: asked
    again)."""
    from voicepiece.session.deciding import Decision, after_check

    if zone == ACCEPT:
        return label
    if zone == CONFIRM:
        check = Decision(label, 0.0, True, refused=refused or UNCLEAR, rival=rival)
        said = (truth if truth in (label, rival) else False) if rival else label == truth
        return after_check(check, said or False)
    return SILENCE if label == SILENCE else UNCLEAR


def taken(end: str) -> bool:
    """Whether a turn that ends with ``end`` (:func:`ending`) takes a branch."""
    return end not in (UNCLEAR, SILENCE)


def branch_right(item: Item, outcome: Outcome) -> bool:
    """Whether ``outcome`` would take ``item``'s branch with a listener who confirms
    truthfully (:func:`ending`)."""
    return ending(item.truth, outcome.label, outcome.zone, outcome.refused,
                  outcome.rival) == item.truth


@dataclass(frozen=True)
class Outcome:
    """What one listener made of one turn."""

    label: str  # an offered label, "unclear" or "silence"
    zone: str  # ACCEPT, CONFIRM, REJECT, or SILENCE
    heard: str | None  # the phrase (ours) or transcript (baseline)
    listened: float  # perf_counter when listening ended
    first_sample: float  # perf_counter when the narrator's first sample was out (ours: the
    # backchannel's, when one was said first)
    ran_out: bool = False  # listening ended only because the stream did
    steps: dict[str, float] = field(default_factory=dict)
    mirrored: str | None = None
    """What ``{heard}`` said for the answer (the session's own mirror), None: nothing."""
    own_words: bool = False
    """``mirrored`` is the listener's words said back (not a canonical form)."""
    how: str | None = None
    """Which rule of the combined ear decided (voicepiece.listening.combined)."""
    said: str | None = None
    """Ours: the response's text as said (its line's words, the listener's filled in)."""
    response: float | None = None
    """Ours: perf_counter when the response's own first sample was out (after the
    backchannel, when one was said; else ``first_sample``)."""
    refused: str | None = None
    """Ours, confirmed: what the listener's "no" to the check leaves (``Decision.refused``:
    unclear, asked again; or ``open``, the words received as an open answer)."""
    rival: str | None = None
    """Ours, confirmed: the other answer the check offered (``Decision.rival``), if any."""
    # ``steps``: moments of the steps in between (perf_counter: ``decided``, ``backchannel``
    # when one was said, ``rendered``); for ours also, in seconds, ``vad_lag`` (the detected
    # end of speech after the true one), ``silence`` (the trailing silence the endpointer
    # waited for), ``transcript_wait`` and ``words_lead`` (the listener's words handed to
    # the narrator this long before the decision, when a transcript vouched for them).


@dataclass(frozen=True)
class Turn:
    clip: Clip
    speech_end: float  # perf_counter when the chunk ending the speech was fed
    ours: Outcome
    base: Outcome | None
    second: Outcome | None = None
    """Ours: the second asking, when the answer was asked again and heard once more
    (scripts/bench_listening_again.py)."""
    cpu: float | None = None
    """Ours: the bench process's CPU seconds (every thread: the ear, Whisper, the narrator,
    the player) from the end of speech to the response's first sample — what the turn cost,
    whatever share of the cores the machine gave it (the baseline runs in its own process
    and is not counted)."""

    def latency(self, who: str) -> float:
        outcome = self.ours if who == "ours" else self.base
        assert outcome is not None
        return outcome.first_sample - self.speech_end

    def response_latency(self) -> float:
        """Ours: end of speech → the first sample of the response itself (after the
        backchannel, when one was said)."""
        return (self.ours.response or self.ours.first_sample) - self.speech_end


@dataclass
class Tally:
    """One listener's results over some turns (see DEFINITIONS)."""

    accept_right: int = 0
    accept_wrong: int = 0
    confirm_right: int = 0
    confirm_wrong: int = 0
    missed: int = 0
    refused_wrong: int = 0
    """Checked with a wrong label, refused, and the words received as an open answer (the
    session's ``Decision.refused``) where the listener meant one of the answers: a wrong
    branch taken after a "no"."""
    off_list: int = 0
    off_accepted: int = 0
    off_confirmed: int = 0
    ran_out: int = 0
    latencies: list[float] = field(default_factory=list)

    def add(self, item: Item, outcome: Outcome, latency: float) -> None:
        self.latencies.append(latency)
        self.ran_out += outcome.ran_out
        if not item.on_list:
            self.off_list += 1
            self.off_accepted += outcome.zone == ACCEPT
            self.off_confirmed += outcome.zone == CONFIRM
            return
        end = ending(item.truth, outcome.label, outcome.zone, outcome.refused, outcome.rival)
        right = end == item.truth
        if outcome.zone == ACCEPT:
            self.accept_right += right
            self.accept_wrong += not right
        elif outcome.zone == CONFIRM:
            self.confirm_right += right
            self.confirm_wrong += not right and not taken(end)
            self.refused_wrong += not right and taken(end)
        else:
            self.missed += 1

    @property
    def on_list(self) -> int:
        return (self.accept_right + self.accept_wrong + self.confirm_right + self.confirm_wrong
                + self.refused_wrong + self.missed)

    @property
    def right(self) -> int:
        return self.accept_right + self.confirm_right

    @property
    def branches(self) -> int:
        return self.right + self.accept_wrong + self.refused_wrong

    def share(self, part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def one_shot(self) -> float | None:
        return self.share(self.accept_right, self.on_list)

    @property
    def final(self) -> float | None:
        return self.share(self.right, self.branches)

    @property
    def first_time(self) -> float | None:
        return self.share(self.right, self.on_list)

    @property
    def asked_again(self) -> float | None:
        """Answers where no branch was taken — rejected, not heard, or a wrong label whose
        confirmation the listener refused — so the point asks again / n. ``final`` leaves
        them out: it can be high while a listener is asked twice."""
        return self.share(self.confirm_wrong + self.missed, self.on_list)

    @property
    def confirm(self) -> float | None:
        return self.share(self.confirm_right + self.confirm_wrong + self.refused_wrong,
                          self.on_list)

    @property
    def false_accept(self) -> float | None:
        return self.share(self.off_accepted, self.off_list)

    def median(self) -> float | None:
        return statistics.median(self.latencies) if self.latencies else None

    def p95(self) -> float | None:
        if not self.latencies:
            return None
        return p95(self.latencies)


def tally(turns: Iterable[Turn], who: str) -> Tally:
    out = Tally()
    for turn in turns:
        outcome = turn.ours if who == "ours" else turn.base
        if outcome is not None:
            out.add(turn.clip.item, outcome, turn.latency(who))
    return out

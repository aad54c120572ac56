"""The soak itself: one real station in a thread, every visit checked as it settles and
every kept folder checked again at the end."""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import sys
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from soak_edges import IN_CROWD, Arrivals, SoakEar, SoakRoom, Understanding
from soak_measure import (
    Snapshot,
    engine_names,
    narrator_missing,
    open_fds,
    reset_peak,
    rss_mb,
    trace_start,
    traced_growth,
)
from soak_report import check_folder
from soak_visitors import Bank, Visitor, draw, vocabulary


@dataclass
class Problem:
    n: int
    kind: str
    what: str


@dataclass
class Soak:
    args: argparse.Namespace
    base: Path
    config: Any = None
    piece: Any = None
    station: Any = None
    clock: Any = None
    bank: Any = None
    recognizer: Any = None
    vad: Any = None
    opt_out_phrases: list[str] = field(default_factory=list)
    rng: random.Random = field(default_factory=random.Random)
    visitors: dict[int, Visitor] = field(default_factory=dict)
    sent: int = 0
    finished: int = 0
    unstarted: int = 0
    """Crowds that passed without starting a session: visitors with no visit to finish."""
    turns: int = 0
    quiet_waits: int = 0
    missed_hellos: int = 0
    false_starts: int = 0
    outcomes: Counter = field(default_factory=Counter)
    recordings: Counter = field(default_factory=Counter)
    by_kind: dict[str, Counter] = field(default_factory=dict)
    crashes: list[Problem] = field(default_factory=list)
    hung: list[Problem] = field(default_factory=list)
    lost: list[Problem] = field(default_factory=list)
    missed_opt_outs: list[Problem] = field(default_factory=list)
    kept: dict[str, dict[str, Any]] = field(default_factory=dict)
    before: set[str] = field(default_factory=set)
    visit_began: float | None = None
    last_progress: float = field(default_factory=time.monotonic)
    stopping: bool = False
    interrupted: bool = False
    """Stopped early by SIGINT/SIGTERM: the visit in progress ends, then the report."""
    snapshots: dict[str, Snapshot] = field(default_factory=dict)
    per_visitor: list[Snapshot] = field(default_factory=list)
    """A reading after each visitor past the warm-up (the last is ``end``)."""
    session_seconds: list[float] = field(default_factory=list)
    began: float = 0.0
    elapsed: float = 0.0
    stray: list[str] = field(default_factory=list)
    traced: Any = None
    """``--trace-memory``: Python's allocations at ``start``."""
    python_growth: list[dict[str, Any]] = field(default_factory=list)
    """``--trace-memory``: the allocation sites that grew most from ``start`` to ``end``."""
    built: Any = None
    """The station's engines (``StationEngines``), as ``voicepiece gallery`` loads them."""
    cache_cold: dict[str, int] = field(default_factory=dict)
    prepare_seconds: float = 0.0
    preparing: Any = None
    still_preparing: bool | None = None
    """Whether the narrator was still preparing lines after the warm-up (--no-wait-for-lines)."""
    room: Any = None
    """What the station's calibration hears (``SoakRoom``); None on a station without one."""
    upcoming: Visitor | None = None
    """The next visitor, drawn early when the room they will stand in is heard."""
    _reported: set[int] = field(default_factory=set)

    # ── building ──────────────────────────────────────────────────────────────────────

    def build(self) -> None:
        from voicepiece.assembly.gallery import station_engines
        from voicepiece.gallery.config import parse_config
        from voicepiece.gallery.seams import ManualClock, Seams
        from voicepiece.gallery.station import Station
        from voicepiece.listening.listener_voices import available_voices
        from voicepiece.story.loader import load_piece
        from voicepiece.voices.outputs import RenderedVoice

        args = self.args
        self.rng = random.Random(args.seed)
        state = self.base / "state"
        retention = f"[retention]\nmax_sessions = {args.retention}\n" if args.retention else ""
        text = (f'sessions_dir = "{self.base / "sessions"}"\n'
                f"[recording]\nmaster = {'true' if args.master else 'false'}\n{retention}"
                "[self_test]\nenabled = false\n"
                f'[health]\nheartbeat = "{state / "heartbeat.json"}"\n'
                f'journal = "{state / "journal.jsonl"}"\nlog = "{state / "gallery.log"}"\n'
                f"watchdog_seconds = {args.session_timeout:.0f}\n")
        self.config = parse_config(text, str(self.base / "gallery.toml"))
        piece = load_piece(args.piece)
        if args.start:
            if args.start not in piece.nodes:
                raise SystemExit(f"soak: --start {args.start}: no such node in {piece.name}")
            piece = dataclasses.replace(piece, start=args.start)
        self.piece = piece
        self.opt_out_phrases = list(self.config.consent.opt_out_phrases)
        say("loading the station's engines as `voicepiece gallery` does…")
        engines = station_engines(self.config, piece)
        self.recognizer, self.vad, narrator = engines.recognizer, engines.vad, engines.narrator
        self.built = engines
        say(f"engines: {', '.join(f'{k} {v}' for k, v in engine_names(engines).items())}")
        began = time.monotonic()
        self.cache_cold = narrator_missing(narrator)
        self.preparing = engines.preparing
        if args.wait_for_lines:
            say("waiting for the narrator's lines to be prepared (long only with a cold "
                f"render cache: {self.cache_cold})")
            engines.preparing.join()
        self.prepare_seconds = time.monotonic() - began
        say(f"speaking the visitors' phrases ({args.voices} voices)…")
        voices = available_voices()[:args.voices]
        if not voices:
            raise SystemExit("soak: no listener voice (apt-get install flite espeak-ng)")
        self.bank = Bank(vocabulary(piece, self.opt_out_phrases), voices, args.seed)
        self.clock = ManualClock()
        seams = Seams(voice=lambda: RenderedVoice(narrator),
                      ear=lambda trigger: SoakEar(self, trigger.visitor),
                      triggers=Arrivals(self), clock=self.clock, exit=self._watchdog,
                      on_session=self._settled, meanings=engines.meanings,
                      observers=lambda trigger: [Understanding(self, trigger.visitor)])
        try:  # a station that hears its room (not before the twelfth pass)
            from voicepiece.gallery.room import RoomHearing
        except ImportError:
            pass
        else:
            self.room = SoakRoom(self)
            seams.room = RoomHearing(self.room.measure, self.config.start.voice_min_dbfs)
        self.station = Station(self.config, piece, seams)
        self.snapshots["loaded"] = Snapshot.now()

    def coming(self) -> Visitor | None:
        """The next visitor, drawn now if not yet (None: the last has come)."""
        if self.upcoming is None and self.sent < self.args.visitors:
            self.upcoming = draw(self.rng, self.args.only)
        return self.upcoming

    def next_visitor(self, kind: str | None = None) -> Visitor:
        coming, self.upcoming = self.coming(), None
        assert coming is not None
        self.sent += 1
        visitor = dataclasses.replace(coming, n=self.sent, kind=kind or coming.kind)
        self.visitors[visitor.n] = visitor
        tally = self.by_kind.setdefault(visitor.kind, Counter())
        tally["visitors"] += 1
        if visitor.kind == "crowd":
            visitor.key = False  # a crowd presses no key
            tally["false_starts"] += 0  # present in the report even when 0
        self.visit_began = time.monotonic()
        self.before = self._listing()
        return visitor

    # ── at every visit ────────────────────────────────────────────────────────────────

    def between_visitors(self) -> None:
        """In attract, before each visitor: the memory checkpoints, and progress."""
        self.last_progress = time.monotonic()
        self.visit_began = None
        done = self.settled
        if done == min(self.args.warm_up, self.args.visitors) and "start" not in self.snapshots:
            self.snapshots["start"] = Snapshot.now()
            reset_peak()
            if getattr(self.args, "trace_memory", None):
                self.traced = trace_start(self.args.trace_memory)
            self.still_preparing = self.preparing is not None and self.preparing.is_alive()
        elif "start" in self.snapshots and done > self.args.warm_up + len(self.per_visitor):
            self.per_visitor.append(Snapshot.now())
        if (done >= self.args.visitors or self.interrupted) and "end" not in self.snapshots:
            self.snapshots["end"] = Snapshot.now()
            if self.traced is not None:
                self.python_growth = traced_growth(self.traced)
        if done and done % self.args.every == 0 and done not in self._reported:
            self._reported.add(done)
            self.progress()

    @property
    def settled(self) -> int:
        """Visitors done with: their visit settled, or (a crowd) it never began."""
        return self.finished + self.unstarted

    def crowd_passed(self, visitor: Visitor) -> None:
        """A crowd talked and no session started: the right outcome, counted as such."""
        self.unstarted += 1
        self.by_kind["crowd"]["no_session"] += 1
        self.visit_began = None
        self.last_progress = time.monotonic()

    def _listing(self) -> set[str]:
        try:
            return set(os.listdir(self.config.sessions_path))
        except FileNotFoundError:
            return set()

    def _settled(self, record: dict[str, Any]) -> None:
        """The station's journal record of a visit: check what it left on disk."""
        self.finished += 1
        self.last_progress = time.monotonic()
        if self.visit_began is not None:
            self.session_seconds.append(time.monotonic() - self.visit_began)
        visitor = self.visitors.get(self.sent)
        kind = visitor.kind if visitor else "?"
        n = record.get("n", self.finished)
        outcome, fate = record["outcome"], record["recording"]
        self.outcomes[outcome] += 1
        self.recordings[fate] += 1
        tally = self.by_kind.setdefault(kind, Counter())
        tally[outcome] += 1
        if visitor and visitor.said_opt_out and kind in ("opt_out", IN_CROWD):
            tally["said stop recording"] += 1
            if outcome != "opted_out":  # never heard: their recording was kept
                tally["opt_outs_missed"] += 1
                self.missed_opt_outs.append(Problem(n, kind, "; ".join(
                    visitor.opt_outs_heard) + f" -> {outcome}, recording {fate}"))
        if outcome in ("error", "device_lost"):
            self.crashes.append(Problem(n, kind, f"session ended by {record.get('error')}"))
        new = self._listing() - self.before
        folder = record.get("folder")
        if outcome == "opted_out":
            if new:
                self.lost.append(Problem(n, kind, f"opted out, but left {sorted(new)}"))
            if fate != "deleted":
                self.lost.append(Problem(n, kind, f"opted out, recording {fate}"))
            return
        if fate in ("kept", "partial"):
            problem = check_folder(self.config.sessions_path / str(folder), record)
            if new != {folder}:
                problem = problem or f"new folders {sorted(new)} for {folder}"
            if problem:
                self.lost.append(Problem(n, kind, problem))
            else:
                self.kept[str(folder)] = record
            if fate == "partial":
                self.lost.append(Problem(n, kind, "recording stopped part-way (partial)"))
        elif fate == "discarded":
            if record.get("spoke"):
                self.lost.append(Problem(n, kind, "the visitor spoke, but the recording "
                                                  "was discarded"))
            if new:
                self.lost.append(Problem(n, kind, f"discarded, but left {sorted(new)}"))
        else:
            self.lost.append(Problem(n, kind, f"not recorded: {fate}"))

    def _watchdog(self, code: int) -> None:
        self.crashes.append(Problem(self.sent, "station", f"the station's watchdog fired "
                                                          f"(exit {code})"))
        self.stopping = True
        self.station.stop()

    def progress(self) -> None:
        elapsed = time.monotonic() - self.began
        rate = self.settled / elapsed * 60 if elapsed else 0
        say(f"{self.settled:5d}/{self.args.visitors} visitors, {elapsed / 60:5.1f} min "
            f"({rate:.0f}/min); rss {rss_mb():.1f} MB, fds {open_fds()}; crashes "
            f"{len(self.crashes)}, hung {len(self.hung)}, lost {len(self.lost)}")

    # ── running ───────────────────────────────────────────────────────────────────────

    def interrupt(self, signum: int, _frame: Any) -> None:
        """SIGINT/SIGTERM: let the visit in progress finish, then stop and report what ran
        (a long soak on a busy machine still leaves its figures)."""
        say(f"signal {signum}: stopping after the visit in progress ({self.settled} "
            "visitors settled)")
        self.interrupted = self.stopping = True

    def run(self) -> None:
        self.began = time.monotonic()
        error: list[BaseException] = []

        def work() -> None:
            try:
                self.station.run()
            except BaseException as exc:
                error.append(exc)
                traceback.print_exc()

        thread = threading.Thread(target=work, name="soak-station", daemon=True)
        thread.start()
        timeout = self.args.session_timeout
        while thread.is_alive():
            thread.join(1.0)
            now = time.monotonic()
            visit = self.visit_began
            if visit is not None and now - visit > timeout:
                self.hung.append(Problem(self.sent, self.visitors[self.sent].kind,
                                         f"visit still running after {timeout:.0f} s in "
                                         f"{self.station.state}"))
                say(f"HUNG: visitor {self.sent} after {timeout:.0f} s; stopping")
                dump_threads()
                break
            if visit is None and now - self.last_progress > timeout:
                self.hung.append(Problem(self.sent, "station", f"no progress for "
                                                               f"{timeout:.0f} s in "
                                                               f"{self.station.state}"))
                dump_threads()
                break
        if thread.is_alive():
            self.stopping = True
            self.station.stop()
            thread.join(30)
        if error:
            self.crashes.append(Problem(self.sent, "station",
                                        f"the station's loop raised {error[0]!r}"))
        if thread.is_alive():
            self.crashes.append(Problem(self.sent, "station", "the station did not stop"))
        self.elapsed = time.monotonic() - self.began
        self.snapshots["after_stop"] = Snapshot.now()

    def recheck(self) -> None:
        """Every kept folder again, after all the visits: nothing was lost afterwards."""
        from voicepiece.archive.mixdown import PART

        base = self.config.sessions_path
        present = {p.name for p in base.iterdir()} if base.is_dir() else set()
        self.stray = sorted(n for n in present if n not in self.kept or n.startswith("."))
        expected = set(self.kept)
        if self.args.retention:
            # retention deletes the oldest; the newest `retention` must all be there
            expected = set(sorted(self.kept)[-self.args.retention:])
        for name in sorted(expected):
            problem = (f"{name} is gone" if name not in present else
                       check_folder(base / name, self.kept[name]))
            if problem:
                self.lost.append(Problem(self.kept[name].get("n", 0), "recheck", problem))
        for name in self.stray:
            if name.startswith(".") or (base / name / PART).exists():
                self.lost.append(Problem(0, "recheck", f"leftover {name} in the sessions "
                                                       "folder"))


def dump_threads() -> None:
    for thread_id, frame in sys._current_frames().items():
        print(f"--- thread {thread_id}", file=sys.stderr)
        traceback.print_stack(frame, file=sys.stderr)


def say(message: str) -> None:
    print(f"soak: {message}", file=sys.stderr, flush=True)

"""The gallery's options: one frozen dataclass per ``[section]`` of the TOML file, and
:class:`GalleryConfig`, the whole file.

Every option has a default, so an empty file (or none) is a working station. Each field
carries its own documentation in its metadata, and the checks the file is read with
(``choices``, ``min``, ``max``): reading (:mod:`voicepiece.gallery.config`) and the
generated reference (:mod:`voicepiece.gallery.configdocs`, ``docs/gallery.md``'s option
table and ``docs/gallery.example.toml``) both come from here — one source of truth.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from voicepiece.gallery.machine import ALWAYS, DAYS, OpeningHours, parse_day
from voicepiece.listening.engines import RECOGNIZERS


def _opt(default: Any, doc: str, **rules: Any) -> Any:
    """A documented option: ``doc`` says what it does; ``rules`` may give ``choices``,
    ``min`` and ``max``, checked on load."""
    return field(default=default, metadata={"doc": doc, **rules})


@dataclass(frozen=True)
class RecordingOptions:
    """Keeping sessions: one private folder per visit (folders 0700, files 0600)."""

    record: bool = _opt(True, "Keep each session in a private folder under `sessions_dir` "
                              "(audio, `session.json`, captions, transcript).")
    master: bool = _opt(True, "Master each recording (loudness, fades, the piece's ambient "
                              "bed). Takes a few seconds after each session.")
    formats: tuple[str, ...] = _opt((), "Extra audio formats to write beside `session.wav`: any of "
                             "`flac`, `mp3`, `ogg` (needs `master`).",
                         choices=("flac", "mp3", "ogg"))
    keep_silent: bool = _opt(False, "Keep sessions in which the visitor never spoke. Off: "
                                    "such a session (usually a false start) is deleted.")
    min_free_mb: int = _opt(500, "Below this much free space (MB) on the sessions disk, "
                                 "sessions still run but are not recorded. Nothing already "
                                 "recorded is ever deleted to make room.", min=0)


@dataclass(frozen=True)
class Retention:
    """Deleting old sessions, after each session. Each limit deletes on its own."""

    max_age_days: float = _opt(0.0, "Delete sessions older than this many days (0: never).",
                               min=0)
    max_sessions: int = _opt(0, "Keep at most this many sessions, deleting the oldest "
                                "(0: no limit).", min=0)


@dataclass(frozen=True)
class Attract:
    """Between visitors: what the station does while it waits."""

    mode: str = _opt("quiet", "`quiet`; `bed`: an ambient sound loops; `invitation`: a "
                              "spoken invitation every `invitation_minutes`.",
                     choices=("quiet", "bed", "invitation"))
    invitation: str = _opt("Hello. If you have a few minutes, come closer and say hello.",
                           "What the invitation says.")
    invitation_minutes: float = _opt(5.0, "Minutes between invitations.", min=0.5)
    bed: str = _opt("", "The ambient sound for `bed` mode (any audio file); empty: the "
                        "piece's own ambient bed.")
    bed_volume: int = _opt(30, "The bed's volume, in percent of `volume`.", min=0, max=100)


@dataclass(frozen=True)
class Start:
    """What starts a session."""

    on: str = _opt("voice", "`voice`: a visitor speaking; `key`: a key or button press; "
                            "`both`.", choices=("voice", "key", "both"))
    voice_seconds: float = _opt(0.5, "How long someone must speak to start a session "
                                     "(shorter sounds — a cough, a door — do not).",
                                min=0.1, max=5)
    voice_min_dbfs: float = _opt(-30.0, "How loud (RMS, dBFS) a visitor's voice must reach the "
                                        "microphone to start a session: people talking "
                                        "across the room are quieter and do not start one. "
                                        "`-100` turns the gate off.", min=-100, max=0)
    key_device: str = _opt("", "The key or button: an input event device "
                               "(`/dev/input/by-id/…-event-kbd`), or `stdin` (Enter on the "
                               "terminal). Needed for `key` and `both`.")
    keys: tuple[int, ...] = _opt((), "Key codes (Linux input codes: 28 is Enter, 57 Space) "
                                     "that start a session; empty: any key.", items=int)


@dataclass(frozen=True)
class Consent:
    """Consent and opting out; both apply only while sessions are recorded."""

    notice: str = _opt("Before we begin: this conversation may be recorded for the "
                       "exhibition. If you would rather it was not, say: stop recording.",
                       "Said before each recorded session; empty: no notice.")
    opt_out_phrases: tuple[str, ...] = _opt(
        ("stop recording", "stop the recording", "delete my recording",
         "delete the recording", "don't record me", "do not record me",
         "I don't want to be recorded"),
        "What a visitor can say, at any question, to stop the session and delete its "
        "recording.")
    opt_out_reply: str = _opt("Of course. I have stopped, and nothing of this visit is kept. "
                              "Thank you for coming.", "Said after an opt-out.")


@dataclass(frozen=True)
class SessionOptions:
    """Each visit, and the pause after it."""

    walk_away_after: int = _opt(3, "Unanswered turns in a row after which the visitor is "
                                   "taken to have left and the session ends (0: never; the "
                                   "piece's own silence ladders lead to its ending).", min=0)
    max_minutes: float = _opt(45.0, "A session still going after this many minutes ends.",
                              min=1)
    closing: str = _opt("Thank you for listening.", "Said after each session that ends "
                                                    "with a visitor present; empty: nothing.")
    cool_down: float = _opt(10.0, "Seconds of quiet after a session before the station "
                                  "listens for the next visitor.", min=0)


def _day(name: str) -> Any:
    return _opt(ALWAYS, f"{name}'s hours.")


@dataclass(frozen=True)
class Hours:
    """Opening hours per weekday, in the machine's local time: `always`, `closed`, or time
    ranges such as `10:00-18:00` or `10:00-13:00, 14:00-18:00`."""

    mon: str = _day("Monday")
    tue: str = _day("Tuesday")
    wed: str = _day("Wednesday")
    thu: str = _day("Thursday")
    fri: str = _day("Friday")
    sat: str = _day("Saturday")
    sun: str = _day("Sunday")

    def text(self) -> str:
        """The week in one line, days with the same hours run together: what the start
        line and ``--check`` show (``mon-fri 10:00-18:00, sat-sun closed``)."""
        runs: list[tuple[str, str, str]] = []
        for day in DAYS:
            hours = " ".join(getattr(self, day).split())
            if runs and runs[-1][2] == hours:
                runs[-1] = (runs[-1][0], day, hours)
            else:
                runs.append((day, day, hours))
        if len(runs) == 1:
            return runs[0][2]
        return ", ".join(f"{first}-{last} {hours}" if first != last else f"{first} {hours}"
                         for first, last, hours in runs)


@dataclass(frozen=True)
class Audio:
    """Sound and devices."""

    volume: int = _opt(100, "Loudness of everything the station says, in percent (the "
                            "recordings are not affected).", min=0, max=150)
    microphone: str = _opt("", "The microphone: an index or part of a name (`voicepiece "
                               "devices`); empty: the default input.")
    speaker: str = _opt("", "The speaker: a PulseAudio sink or ALSA device name; empty: "
                            "the default output.")
    retry_max_seconds: float = _opt(30.0, "A lost device is retried after 1 s, 2 s, 4 s… up "
                                          "to this.", min=1)


@dataclass(frozen=True)
class Listening:
    """What hears the visitors' answers (docs/listening.md, "Other recognizers")."""

    recognizer: str = _opt("combined", "`combined`: pocketsphinx's grammar checked by "
                                       "Whisper tiny.en, models included; `sphinx`: the "
                                       "grammar alone; `whisper`: Whisper alone (the "
                                       "packaged model, or one in `recognizer_model`); "
                                       "`vosk`: a model you supply in `recognizer_model`; "
                                     "`online`: Google's recognizer — every visitor's voice "
                                     "is sent to Google, so say so in the consent notice.",
                           choices=tuple(RECOGNIZERS))
    recognizer_model: str = _opt("", "The model for `vosk` (an unpacked model folder) or "
                                     "`whisper` (a faster-whisper model folder or an "
                                     "openai-whisper `.pt` file). Nothing is downloaded.")


@dataclass(frozen=True)
class SelfTest:
    """The start-of-day check of speaker and microphone."""

    enabled: bool = _opt(True, "Run the self-test once a day. A failure is logged and shown "
                               "by `voicepiece gallery status`; the station still runs.")
    at: str = _opt("opening", "When: `opening` (the day's first opening) or a time `HH:MM`.")
    phrase: str = _opt("the gallery is open", "What the narrator says and the microphone "
                                              "must recognize.")
    min_level_db: float = _opt(10.0, "How much louder (dB) the test tone must be at the "
                                     "microphone than the room.", min=0)
    retry_minutes: float = _opt(30.0, "After a failed self-test, test again this often "
                                      "while no visitor is there, until one passes (0: "
                                      "the next day).", min=0)


@dataclass(frozen=True)
class Health:
    """What the station tells the technician. Empty paths: under `$XDG_STATE_HOME/voicepiece/
    gallery` (`~/.local/state/...`)."""

    heartbeat: str = _opt("", "The heartbeat file, rewritten every `heartbeat_seconds` "
                              "(`heartbeat.json`).")
    heartbeat_seconds: float = _opt(5.0, "Seconds between heartbeats.", min=1, max=60)
    log: str = _opt("", "The log (`gallery.log`): problems, with tracebacks; never what "
                        "visitors said. Rotated at 5 MB, 3 kept.")
    journal: str = _opt("", "One JSON line per session, self-test and start "
                            "(`journal.jsonl`).")
    watchdog_seconds: float = _opt(300.0, "If the station makes no progress for this long it "
                                          "exits, for the service manager to restart it "
                                          "(0: never).", min=0)


@dataclass(frozen=True)
class GalleryConfig:
    """The whole file: these keys come first, then one table per section."""

    piece: str = _opt("her", "The piece: a built-in name, a piece file or its folder (the "
                             "command line's PIECE overrides it).")
    sessions_dir: str = _opt("", "Where session folders go; empty: `$VOICEPIECE_SESSIONS`, "
                                 "else `~/.local/share/voicepiece/sessions`.")
    recording: RecordingOptions = field(default_factory=RecordingOptions)
    retention: Retention = field(default_factory=Retention)
    attract: Attract = field(default_factory=Attract)
    start: Start = field(default_factory=Start)
    consent: Consent = field(default_factory=Consent)
    session: SessionOptions = field(default_factory=SessionOptions)
    hours: Hours = field(default_factory=Hours)
    audio: Audio = field(default_factory=Audio)
    listening: Listening = field(default_factory=Listening)
    self_test: SelfTest = field(default_factory=SelfTest)
    health: Health = field(default_factory=Health)
    source: str = field(default="(defaults)", compare=False, metadata={"internal": True})

    @property
    def sessions_path(self) -> Path:
        from voicepiece.archive.folders import sessions_dir

        return sessions_dir(Path(self.sessions_dir) if self.sessions_dir else None)

    @property
    def opening(self) -> OpeningHours:
        return OpeningHours(tuple(parse_day(getattr(self.hours, day)) for day in DAYS))

    def state_path(self, name: str) -> Path:
        """A health file: as configured, else in the state folder."""
        given = getattr(self.health, name)
        if given:
            return Path(given).expanduser()
        base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
        default = {"heartbeat": "heartbeat.json", "log": "gallery.log",
                   "journal": "journal.jsonl"}[name]
        return Path(base) / "voicepiece" / "gallery" / default


SECTIONS: dict[str, type] = {f.name: globals()[str(f.type)]
                             for f in dataclasses.fields(GalleryConfig) if not f.metadata}
"""Each [table] of the file and the dataclass it fills."""


def documented_fields(cls: type) -> list[dataclasses.Field]:
    return [f for f in dataclasses.fields(cls) if "doc" in f.metadata]

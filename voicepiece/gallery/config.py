"""The gallery's configuration: a TOML file read into frozen dataclasses.

Every option has a default, so an empty file (or none) is a working station. Each field
carries its own documentation in its metadata: ``docs/gallery.md``'s option table and
``docs/gallery.example.toml`` are generated from it (:func:`options_markdown`,
:func:`example_toml`), and a test keeps them in step — one source of truth.

Mistakes are reported as one line naming the file, the line where it can be found, the
option and, for a misspelt key, the nearest real one: a technician editing the file on a
station at opening time must not have to read a traceback.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from voicepiece.errors import VoicepieceError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from voicepiece.gallery.machine import ALWAYS, DAYS, OpeningHours, parse_clock, parse_day
from voicepiece.listening.engines import MODEL_RECOGNIZERS, RECOGNIZERS


def _opt(default: Any, doc: str, **rules: Any) -> Any:
    """A documented option: ``doc`` says what it does; ``rules`` may give ``choices``,
    ``min`` and ``max``, checked on load."""
    return field(default=default, metadata={"doc": doc, **rules})


@dataclass(frozen=True)
class Recording:
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

    recognizer: str = _opt("sphinx", "`sphinx`: pocketsphinx, model included; `vosk` or "
                                     "`whisper`: a model you supply in `recognizer_model`; "
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
    recording: Recording = field(default_factory=Recording)
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


def _options(cls: type) -> list[dataclasses.Field]:
    return [f for f in dataclasses.fields(cls) if "doc" in f.metadata]


# ── loading ───────────────────────────────────────────────────────────────────────────


class ConfigError(VoicepieceError):
    """A gallery configuration that cannot be used: one line, file and line first."""


def load_config(path: Path | None) -> GalleryConfig:
    """The configuration in ``path`` (None: every default)."""
    if path is None:
        return GalleryConfig()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file (`voicepiece gallery config` "
                          "prints a documented one)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read it ({getattr(exc, 'strerror', None) or exc})"
                          ) from None
    return parse_config(text, str(path))


def parse_config(text: str, source: str = "gallery.toml") -> GalleryConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    where = _Locator(text, source)
    top: dict[str, Any] = {}
    sections: dict[str, Any] = {}
    top_fields = {f.name: f for f in _options(GalleryConfig)}
    for key, value in data.items():
        if key in SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(f"{where(None, key)}: [{key}] must be a table")
            sections[key] = _section(SECTIONS[key], key, value, where)
        elif key in top_fields:
            top[key] = _value(top_fields[key], None, value, where)
        else:
            raise ConfigError(f"{where(None, key)}: unknown option {key!r}"
                              f"{_hint(key, [*top_fields, *SECTIONS])}")
    config = GalleryConfig(**top, **sections, source=source)
    _check(config, where)
    return config


def _section(cls: type, name: str, table: dict[str, Any], where: _Locator) -> Any:
    fields = {f.name: f for f in _options(cls)}
    values = {}
    for key, value in table.items():
        if key not in fields:
            raise ConfigError(f"{where(name, key)}: unknown option [{name}] {key}"
                              f"{_hint(key, list(fields))}")
        values[key] = _value(fields[key], name, value, where)
    return cls(**values)


def _value(spec: dataclasses.Field, section: str | None, value: Any, where: _Locator) -> Any:
    label = f"[{section}] {spec.name}" if section else spec.name
    kind = type(spec.default)
    items = spec.metadata.get("items", str)
    wanted = {bool: "true or false", int: "a whole number", float: "a number",
              str: "a string", tuple: f"a list of {'numbers' if items is int else 'strings'}"
              }[kind]
    ok = (isinstance(value, bool) if kind is bool else
          isinstance(value, int) and not isinstance(value, bool) if kind is int else
          isinstance(value, (int, float)) and not isinstance(value, bool) if kind is float else
          isinstance(value, list) and all(type(v) is items for v in value) if kind is tuple
          else isinstance(value, str))
    if not ok:
        raise ConfigError(f"{where(section, spec.name)}: {label} must be {wanted}, "
                          f"not {json.dumps(value, default=str)}")
    choices = spec.metadata.get("choices") or ()
    for item in (value if kind is tuple else [value]) if choices else []:
        if item not in choices:
            raise ConfigError(f"{where(section, spec.name)}: {label}: {item!r} is not one of "
                              f"{', '.join(choices)}{_hint(item, list(choices))}")
    low, high = spec.metadata.get("min"), spec.metadata.get("max")
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = (f"between {low} and {high}" if low is not None and high is not None
                  else f"at least {low}" if low is not None else f"at most {high}")
        raise ConfigError(f"{where(section, spec.name)}: {label} must be {bounds}, not {value}")
    return float(value) if kind is float else tuple(value) if kind is tuple else value


def _check(config: GalleryConfig, where: _Locator) -> None:
    """What no single option can say alone."""
    for day in DAYS:
        try:
            parse_day(getattr(config.hours, day))
        except ValueError as exc:
            raise ConfigError(f"{where('hours', day)}: [hours] {day}: {exc}") from None
    if config.self_test.at != "opening":
        try:
            parse_clock(config.self_test.at)
        except ValueError as exc:
            raise ConfigError(f"{where('self_test', 'at')}: [self_test] at: {exc} or "
                              "'opening'") from None
    if config.start.on in ("key", "both") and not config.start.key_device:
        raise ConfigError(f"{where('start', 'on')}: [start] on = {config.start.on!r} needs "
                          "[start] key_device")
    if config.recording.formats and not config.recording.master:
        raise ConfigError(f"{where('recording', 'formats')}: [recording] formats need "
                          "master = true")
    listening = config.listening
    if listening.recognizer in MODEL_RECOGNIZERS and not listening.recognizer_model:
        raise ConfigError(f"{where('listening', 'recognizer')}: [listening] recognizer = "
                          f"{listening.recognizer!r} needs [listening] recognizer_model")
    if listening.recognizer_model and listening.recognizer not in MODEL_RECOGNIZERS:
        raise ConfigError(f"{where('listening', 'recognizer_model')}: [listening] "
                          f"recognizer_model is for vosk and whisper, not "
                          f"{listening.recognizer}")
    bed = config.attract.bed
    if config.attract.mode == "bed" and bed and not Path(bed).expanduser().is_file():
        raise ConfigError(f"{where('attract', 'bed')}: [attract] bed: no such file {bed}")
    if any(not p.strip() for p in config.consent.opt_out_phrases):
        raise ConfigError(f"{where('consent', 'opt_out_phrases')}: [consent] "
                          "opt_out_phrases: a phrase is empty")


def _hint(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(str(word), known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _Locator:
    """``file:line`` of a key, found by reading the text: tomllib keeps no positions."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.lines = text.splitlines()

    def __call__(self, section: str | None, key: str) -> str:
        current: str | None = None
        for number, line in enumerate(self.lines, 1):
            stripped = line.strip()
            header = re.match(r"^\[\s*([^\]]+?)\s*\]", stripped)
            if header:
                current = header[1].strip("\"'")
                if section is None and current == key:
                    return f"{self.source}:{number}"
                continue
            if current == section and re.match(rf"^[\"']?{re.escape(key)}[\"']?\s*=",
                                               stripped):
                return f"{self.source}:{number}"
        return self.source


# ── documentation, generated from the fields ──────────────────────────────────────────


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def _default(spec: dataclasses.Field) -> Any:
    return list(spec.default) if isinstance(spec.default, tuple) else spec.default


def _groups() -> list[tuple[str | None, type]]:
    return [(None, GalleryConfig), *SECTIONS.items()]


def options_markdown() -> str:
    """The option tables of docs/gallery.md: one per section, under what it is for."""
    out: list[str] = []
    for section, cls in _groups():
        heading = "Top level" if section is None else f"`[{section}]`"
        about = " ".join((cls.__doc__ or "").split())
        out += [f"### {heading}", "", about, "", "| option | default | what it does |",
                "|---|---|---|"]
        for spec in _options(cls):
            default = _toml(_default(spec)).replace("|", "\\|")
            out.append(f"| `{spec.name}` | `{default}` | {spec.metadata['doc']} |")
        out.append("")
    return "\n".join(out)


def example_toml() -> str:
    """docs/gallery.example.toml: every option at its default, each with what it does."""
    out = ["# voicepiece gallery configuration: every option, at its default.",
           "# Delete what you do not change; `voicepiece gallery --config FILE --check`",
           "# checks a file. Reference: docs/gallery.md.", ""]
    for section, cls in _groups():
        if section:
            heading = re.sub(r"`", "", " ".join((cls.__doc__ or "").split()))
            out += ["", *(f"# {line}" for line in _wrap(heading)), f"[{section}]"]
        for spec in _options(cls):
            doc = re.sub(r"`", "", spec.metadata["doc"])
            out += [f"# {line}" for line in _wrap(doc)]
            out.append(f"{spec.name} = {_toml(_default(spec))}")
    return "\n".join(out) + "\n"


def _wrap(text: str, width: int = 86) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width)

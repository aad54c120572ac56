"""Reading the gallery's configuration: a TOML file into a :class:`GalleryConfig`.

Mistakes are reported as one line naming the file, the line where it can be found, the
option and, for a misspelt key, the nearest real one: a technician editing the file on a
station at opening time must not have to read a traceback. What the options are, with
their documentation and limits, is :mod:`voicepiece.gallery.options`.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
import sys
from pathlib import Path
from typing import Any

from voicepiece.errors import VoicepieceError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from voicepiece.gallery.machine import DAYS, HoursError, parse_clock, parse_day
from voicepiece.gallery.options import SECTIONS, GalleryConfig, documented_fields
from voicepiece.listening.engines import MODEL_RECOGNIZERS, NEEDS_MODEL


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
    top_fields = {f.name: f for f in documented_fields(GalleryConfig)}
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
    fields = {f.name: f for f in documented_fields(cls)}
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
        except HoursError as exc:
            raise ConfigError(f"{where('hours', day)}: [hours] {day}: {exc}") from None
    if config.self_test.at != "opening":
        try:
            parse_clock(config.self_test.at)
        except HoursError as exc:
            raise ConfigError(f"{where('self_test', 'at')}: [self_test] at: {exc} or "
                              "'opening'") from None
    if config.start.on in ("key", "both") and not config.start.key_device:
        raise ConfigError(f"{where('start', 'on')}: [start] on = {config.start.on!r} needs "
                          "[start] key_device")
    if config.recording.formats and not config.recording.master:
        raise ConfigError(f"{where('recording', 'formats')}: [recording] formats need "
                          "master = true")
    listening = config.listening
    if listening.recognizer in NEEDS_MODEL and not listening.recognizer_model:
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

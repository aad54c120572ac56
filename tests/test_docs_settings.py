"""docs/listening.md's settings tables are written by hand for readers (they group and
explain what the code spreads over three places), so this keeps them honest: every key,
default, flag and variable they name must be the code's, and every listening setting a
piece can set must be in them. A renamed field or a changed default fails here, not in a
reader's session."""

from __future__ import annotations

import argparse
import dataclasses
import functools
import re
from pathlib import Path

import pytest

from voicepiece.cli import build_parser
from voicepiece.gallery.options import SECTIONS, documented_fields
from voicepiece.story.model import ListenSettings

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "listening.md"


def _table(heading: str) -> list[list[str]]:
    """The rows (cells, stripped) of the first table under ``heading``."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"\n{heading}\n")
    rows: list[list[str]] = []
    for line in text[start:].splitlines()[2:]:
        if line.startswith("#"):
            break
        if line.startswith("|") and not line.startswith("|---"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
        elif rows and not line.startswith("|"):
            break
    return rows[1:]


def _code(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def test_the_piece_table_names_every_listening_setting_with_its_default():
    rows = {_code(key)[0]: default for key, default, _ in _table("### In a piece (`listening:`)")}
    fields = {f.name: f.default for f in dataclasses.fields(ListenSettings)}
    assert set(rows) == set(fields)
    for name, default in fields.items():
        assert rows[name] == ("none" if default is None else repr(default)), name


def test_the_gallery_table_is_the_gallery_listening_section():
    rows = {_code(key)[0]: _code(default)[0] for key, default, _ in
            _table("### In a gallery (`[listening]`)")}
    fields = {f.name: f.default for f in documented_fields(SECTIONS["listening"])}
    assert set(rows) == set(fields)
    for name, default in fields.items():
        assert rows[name] == f'"{default}"', name


@functools.cache
def _options_of(command: str) -> set[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {flag for action in sub.choices[command]._actions for flag in action.option_strings}


@pytest.mark.parametrize("row", _table("### On the command line"), ids=lambda r: r[0])
def test_each_flag_exists_on_each_command_it_names(row):
    flags = [flag.split()[0] for flag in _code(row[0])]
    for command in _code(row[1]):
        assert set(flags) <= _options_of(command), (command, flags)


def test_each_environment_variable_is_read_somewhere():
    sources = "\n".join(path.read_text(encoding="utf-8")
                        for folder in ("voicepiece", "tests") for path in
                        (ROOT / folder).rglob("*.py"))
    for row in _table("### Environment"):
        name = _code(row[0])[0].split("=")[0]
        assert name in sources.replace('"VOICEPIECE_', "VOICEPIECE_"), name

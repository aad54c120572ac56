"""YAML that remembers where things were written, so every problem can name its line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from voicepiece.errors import PieceError


class Mapping(dict):
    """A YAML mapping that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict[Any, int]


class Sequence(list):
    """A YAML sequence that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps line numbers, rejects duplicate keys, and reads ``yes``/``no``
    as the words they are: in a piece they are answer labels far more often than booleans."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    out = Mapping()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise _Problem(line, "a key must be plain text")
        key = str(key) if not isinstance(key, bool) else str(key).lower()
        if key in out:
            raise _Problem(line, f"duplicate key '{key}' (first at line {out.key_lines[key]})")
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = line
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> Sequence:
    out = Sequence(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.item_lines = [child.start_mark.line + 1 for child in node.value]
    return out


def _construct_float(loader: _Loader, node: yaml.ScalarNode) -> float:
    value = yaml.SafeLoader.construct_yaml_float(loader, node)
    if value != value or value in (float("inf"), float("-inf")):
        raise _Problem(node.start_mark.line + 1, f"{node.value!r} is not a usable number")
    return value


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class _Problem(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def read_text(path: Path) -> str:
    """The file's text, or one clear line saying why it is not a piece file."""
    if not path.exists():
        raise PieceError(f"{path}: no such file")
    if path.is_dir():
        raise PieceError(f"{path}: is a folder with no piece file (expected piece.yaml)")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PieceError(f"{path}: cannot read: {exc.strerror}") from None
    if b"\0" in raw:
        raise PieceError(f"{path}: is a binary file, not a YAML piece")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PieceError(f"{path}: is not UTF-8 text; save the piece as UTF-8") from None
    if not text.strip():
        raise PieceError(f"{path}: is empty; a piece needs at least 'piece', 'start' and 'nodes'")
    return text


def load_yaml(text: str, filename: str) -> Any:
    """Parse one YAML document; malformed YAML becomes a single ``file:line: message``."""
    try:
        return yaml.load(text, Loader=_Loader)
    except _Problem as exc:
        raise PieceError(f"{filename}:{exc.line}: {exc.message}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or exc.context or "malformed YAML"
        hint = ("; put text holding ':', '?', '#', ',' or brackets in quotes"
                if "expected" in what or "mapping values" in what else "")
        raise PieceError(f"{filename}:{line}: malformed YAML: {what}{hint}") from None
    except yaml.YAMLError as exc:
        raise PieceError(f"{filename}: malformed YAML: {exc}") from None


def line_of(root: Any, path: list[Any]) -> int:
    """The line where the value at ``path`` (keys and indexes from the root) was written;
    falls back to the nearest enclosing element when the exact one has no line."""
    line = getattr(root, "line", 1)
    node = root
    for step in path:
        if isinstance(node, Mapping) and step in node:
            line = node.key_lines.get(step, line)
        elif isinstance(node, Sequence) and isinstance(step, int) and step < len(node):
            line = node.item_lines[step]
        else:
            break
        node = node[step]
    return line

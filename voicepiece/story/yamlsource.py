"""YAML that remembers where things were written, so every problem can name its line."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.cyaml import CParser

from voicepiece.errors import PieceError


class Mapping(dict):
    """A YAML mapping that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict[Any, int]


class Sequence(list):
    """A YAML sequence that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]


MAX_BYTES = 2 * 1024 * 1024
"""A piece is text a person writes: the largest real one is a few tens of kilobytes."""
MAX_DEPTH = 32
"""Nesting levels; a piece needs about ten (nodes, a node, listen, answers, an answer, say)."""
MAX_ELEMENTS = 100_000
"""Values in the document, each alias counted as a copy of what it names: bounds the
"billion laughs", where a few lines of aliases expand to billions of values."""


class _Loader(CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """libyaml's parser (PyYAML's own is some thirty times slower), with a constructor
    that keeps line numbers, rejects duplicate keys, and reads ``yes``/``no`` as the
    words they are: in a piece they are answer labels far more often than booleans."""

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


def _within_limits(text: str) -> None:
    """Walks the document's events (cheap: no values are built) and refuses one nested
    deeper than MAX_DEPTH, holding more than MAX_ELEMENTS values with every alias
    expanded, or with an alias inside what it names (endless once built)."""
    parser = CParser(text)
    open_: list[list] = []  # per open collection: [anchor, values so far]
    sizes: dict[str, int] = {}
    total = 0
    try:
        while (event := parser.get_event()) is not None:
            line = event.start_mark.line + 1
            if isinstance(event, yaml.CollectionEndEvent):
                anchor, size = open_.pop()
                if anchor:
                    sizes[anchor] = size
                if open_:
                    open_[-1][1] += size
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            if len(open_) >= MAX_DEPTH:
                raise _Problem(line, f"nested more than {MAX_DEPTH} levels deep; a piece needs "
                                     "about ten")
            if isinstance(event, yaml.AliasEvent):
                if any(anchor == event.anchor for anchor, _ in open_):
                    raise _Problem(line, f"alias '*{event.anchor}' is used inside what it "
                                         "names, which would make it endless")
                size = sizes.get(event.anchor, 1)
            elif isinstance(event, yaml.CollectionStartEvent):
                open_.append([event.anchor, 1])
                size = 1
            else:
                size = 1
            total += size
            if total > MAX_ELEMENTS:
                raise _Problem(line, f"holds more than {MAX_ELEMENTS:,} values (an alias "
                                     "counts as a copy of what it names)")
            if open_ and not isinstance(event, yaml.CollectionStartEvent):
                open_[-1][1] += size
    finally:
        parser.dispose()


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
    """The file's text, or one clear line saying why it is not a piece file. Only a
    regular file is read, and no more than :data:`MAX_BYTES`: a FIFO would block, and a
    device such as /dev/zero never ends. Opened without blocking, then examined."""
    if not path.exists():
        raise PieceError(f"{path}: no such file")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise PieceError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise PieceError(f"{path}: is a folder with no piece file (expected piece.yaml)")
        if not stat.S_ISREG(mode):
            raise PieceError(f"{path}: is not a regular file (a pipe, device or socket); "
                             "give a piece file")
        raw = os.read(fd, MAX_BYTES + 1)
        while len(raw) <= MAX_BYTES and (more := os.read(fd, MAX_BYTES + 1 - len(raw))):
            raw += more
    except OSError as exc:
        raise PieceError(f"{path}: cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise PieceError(f"{path}: is larger than {MAX_BYTES // (1024 * 1024)} MB; "
                         "a piece file is text a person writes")
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
        _within_limits(text)
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

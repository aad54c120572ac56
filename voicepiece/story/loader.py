"""Reading a piece file into a :class:`Piece`, with every problem named by file and line."""

from __future__ import annotations

import difflib
import json
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from voicepiece.errors import PieceError
from voicepiece.story.model import (
    DEFAULT_CONFIRM,
    DEFAULT_EITHER,
    DEFAULT_EXPLAIN,
    EXPLAIN_LIMIT,
    OPEN,
    VARIANT_KINDS,
    Answer,
    Explain,
    Ladder,
    Line,
    Listen,
    ListenSettings,
    Node,
    Pauses,
    Piece,
    Route,
    Say,
    Variants,
    VoiceSettings,
)
from voicepiece.story.phrases import BUILTIN_MEANINGS
from voicepiece.story.yamlsource import line_of, load_yaml, read_text

BUILTIN_PIECES = ("her",)


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema shipped with the package; editors use the same file."""
    return json.loads(resources.files("voicepiece.story").joinpath("piece.schema.json").read_text())


def resolve(spec: str | Path) -> Path:
    """A piece argument as the user gave it (a file, its folder, or a built-in name) as a file."""
    path = Path(spec)
    if not path.exists() and str(spec) in BUILTIN_PIECES:
        return Path(str(resources.files("voicepiece.pieces").joinpath(f"{spec}/piece.yaml")))
    if path.is_dir():
        candidates = [path / "piece.yaml", path / "piece.yml"]
        found = [p for p in candidates if p.is_file()] or sorted(path.glob("*.y*ml"))
        if len(found) == 1 or (found and found[0].name.startswith("piece.")):
            return found[0]
        if found:
            names = ", ".join(p.name for p in found)
            raise PieceError(f"{path}: several YAML files ({names}); name the piece file")
    if not path.exists() and not path.suffix:
        known = ", ".join(BUILTIN_PIECES)
        raise PieceError(f"{path}: no such file, and not a built-in piece ({known})")
    return path


def load_piece(spec: str | Path) -> Piece:
    """Load and fully check a piece; raises PieceError listing every problem found."""
    from voicepiece.story.checks import check_piece

    path = resolve(spec)
    piece = parse_piece(read_text(path), str(path), path)
    problems = check_piece(piece, str(path))
    if problems:
        raise PieceError(problems)
    return piece


def parse_piece(text: str, filename: str, path: Path | None = None) -> Piece:
    """Structure and types only (the schema); the story's logic is checked by checks.py."""
    data = load_yaml(text, filename)
    if not isinstance(data, dict):
        raise PieceError(f"{filename}:1: a piece must be a mapping with 'piece', 'start', 'nodes'")
    problems = [f"{filename}:{line}: {msg}" for line, msg in schema_problems(data)]
    if problems:
        raise PieceError(problems)
    return _build(data, path)


@cache
def _validator() -> jsonschema.Draft202012Validator:
    """The schema with each ``$ref`` replaced by what it names: looking references up
    was most of the time spent validating a long piece (the schema has no cycles)."""
    defs = schema().get("$defs", {})

    def inline(part: Any) -> Any:
        if isinstance(part, dict):
            ref = part.get("$ref", "")
            notes = {k: v for k, v in part.items() if k != "$ref"}
            if ref.startswith("#/$defs/") and set(notes) <= {"description", "title"}:
                return {**notes, **inline(defs[ref.removeprefix("#/$defs/")])}
            return {k: inline(v) for k, v in part.items() if k != "$defs"}
        if isinstance(part, list):
            return [inline(v) for v in part]
        return part

    return jsonschema.Draft202012Validator(inline(schema()))


def schema_problems(data: Any) -> list[tuple[int, str]]:
    validator = _validator()
    found: set[tuple[int, str]] = set()
    for error in validator.iter_errors(data):
        for path, message in _explain(error):
            found.add((line_of(data, path), _where(path) + message))
    return sorted(found)


def _explain(error: jsonschema.ValidationError) -> list[tuple[list[Any], str]]:
    path = list(error.absolute_path)
    name = repr(path[-1]) if path and isinstance(path[-1], str) else "value"
    expect = error.schema.get("x-expect") if isinstance(error.schema, dict) else None
    kind = error.validator
    if "propertyNames" in error.schema_path:
        return [([*path, error.instance], f"node name {error.instance!r} may only hold "
                                          "letters, digits, '_' or '-'")]
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        known = list(error.schema.get("properties", {}))
        out = []
        for key in error.instance:
            if key not in known:
                hint = difflib.get_close_matches(key, known, n=1)
                tip = (f" (did you mean '{hint[0]}'?)" if hint
                       else f" (expected one of {', '.join(known)})")
                out.append(([*path, key], f"unknown key '{key}'{tip}"))
        return out
    if kind == "required":
        missing = error.message.split("'")[1]
        return [(path, f"missing '{missing}'")]
    if kind in ("anyOf", "oneOf"):
        fitting = [e for e in error.context or () if not _wrong_branch(e, error.absolute_path)]
        if kind == "oneOf" and expect:  # one of several keys: the expectation says which
            fitting = []
        if fitting:
            return [found for e in fitting for found in _explain(e)]
        if expect:
            return [(path, f"{name} must be {expect}, not {_describe(error.instance)}")]
    if kind == "type":
        wanted = _article(error.validator_value)
        return [(path, f"{name} must be {wanted}, not {_describe(error.instance)}")]
    if kind == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return [(path, f"{name} must be one of {allowed}, not {error.instance!r}")]
    if kind == "const":
        return [(path, f"{name} can only be {json.dumps(error.validator_value)}")]
    if kind == "pattern":
        allowed = "letters, digits, '_', '-' or '.'" if "." in error.validator_value \
            else "letters, digits, '_' or '-', and not start with a digit"
        return [(path, f"{name} {error.instance!r} may only hold {allowed}")]
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return [(path, f"{name} is out of range: {error.message}")]
    if kind in ("minItems", "minProperties", "minLength"):
        return [(path, f"{name} must not be empty")]
    return [(path, f"{name}: {error.message}")]


def _wrong_branch(error: jsonschema.ValidationError, at: Any) -> bool:
    """True when a failed alternative only failed for being of another type: it says
    nothing about what the author meant, unlike an error inside the matching branch."""
    if error.absolute_path != at:
        return False
    if error.validator == "type":
        return True
    if error.validator in ("anyOf", "oneOf"):  # a oneOf that several branches fit has none
        return bool(error.context) and all(_wrong_branch(e, at) for e in error.context)
    return False


def _where(path: list[Any]) -> str:
    if len(path) >= 2 and path[0] == "nodes":
        return f"node '{path[1]}': "
    return ""


def _article(kind: Any) -> str:
    words = {"string": "text", "number": "a number", "integer": "a whole number",
             "array": "a list", "object": "a mapping", "boolean": "true or false"}
    return " or ".join(words.get(k, k) for k in ([kind] if isinstance(kind, str) else kind))


def _describe(value: Any) -> str:
    for kind, word in ((bool, "true/false"), (str, "text"), (int, "a whole number"),
                       (float, "a decimal number"), (list, "a list"), (dict, "a mapping")):
        if isinstance(value, kind):
            return word
    return "nothing" if value is None else type(value).__name__


def _lines(raw: Any, base_id: str, parent: Any, key: Any) -> tuple[Say, ...]:
    """A ``say`` list's items. A group in position n is ``BASE.n`` (or its own ``id``) and
    its k-th variant ``GROUP.k`` (or the variant's own ``id``): every variant is a line
    with an ID, for voice-over, ``lines export`` and ``prepare``."""
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    out: list[Say] = []
    for i, item in enumerate(items, 1):
        where = [key, i - 1] if isinstance(raw, list) else [key]
        source = line_of(parent, where)
        kind = next((k for k in VARIANT_KINDS if isinstance(item, dict) and k in item), None)
        if kind is None:
            out.append(_line(item, f"{base_id}.{i}", source))
            continue
        group_id = item.get("id", f"{base_id}.{i}")
        variants = tuple(_line(v, f"{group_id}.{k}", line_of(item, [kind, k - 1]))
                         for k, v in enumerate(item[kind], 1))
        out.append(Variants(id=group_id, kind=kind, lines=variants, source_line=source,
                            key_lines=_keys(item), **_conditions(item)))
    return tuple(out)


def _line(item: Any, line_id: str, source: int) -> Line:
    if isinstance(item, str):
        return Line(id=line_id, text=item.strip(), source_line=source)
    return Line(id=item.get("id", line_id), text=item["text"].strip(), pause=item.get("pause"),
                source_line=source, key_lines=_keys(item), **_conditions(item))


def _conditions(raw: Any) -> dict[str, Any]:
    """The conditions a line, a group or a route entry carries, as the model holds them."""
    return {
        "when": tuple((k, tuple(v) if isinstance(v, list) else (v,))
                      for k, v in raw.get("when", {}).items()),
        "at_least": tuple(raw.get("at_least", {}).items()),
        "at_most": tuple(raw.get("at_most", {}).items()),
        "visits": tuple(raw.get("visits", {}).items()),
    }


def _one_line(parent: Any, key: str, line_id: str) -> Line | None:
    """A single line under ``key`` (the ID needs no index: there is only one)."""
    if key not in parent:
        return None
    line = _line(parent[key], f"{line_id}.1", line_of(parent, [key]))
    return line if line.id != f"{line_id}.1" else replace(line, id=line_id)


def _ladder(raw: dict | None, key: str, node: str, defaults: dict, parent: Any) -> Ladder:
    """A listening point's own ladder; what it leaves out comes from the piece's default,
    whose lines keep one shared ID so a voice-over recording serves every point."""
    own = raw or {}
    default = defaults.get(key) or {}
    parts = {}
    for part in ("reprompts", "say"):
        if part in own:
            parts[part] = _lines(own[part], f"{node}.{key}.{part}", own, part)
        else:
            parts[part] = _lines(default.get(part), f"listening.{key}.{part}", default, part)
    return Ladder(reprompts=parts["reprompts"], say=parts["say"], then=own.get("then"),
                  source_line=line_of(parent, [key]), key_lines=_keys(own))


def _open(raw: dict | None, node: str, parent: Any) -> Answer | None:
    """A point's ``open``: an answer labelled ``open`` that no phrase selects; its
    ``phrases`` are the author's ``examples`` of open answers, which only the open reading
    (voicepiece/session/open_reading.py) compares words with, never the grammar."""
    if raw is None:
        return None
    examples = tuple(str(e) for e in raw.get("examples") or ())
    return Answer(label=OPEN, meaning=None, phrases=examples,
                  say=_lines(raw.get("say"), f"{node}.{OPEN}", raw, "say"), next=raw.get("next"),
                  source_line=line_of(parent, [OPEN]), key_lines=_keys(raw))


def _asking_back(raw: dict | None, node: str, default: Explain, parent: Any) -> Explain:
    """A point's ``explain``; what it leaves out comes from the piece's default."""
    if raw is None:
        return default
    say = _lines(raw["say"], f"{node}.explain", raw, "say") if "say" in raw else default.say
    return Explain(say=say, limit=raw.get("limit", default.limit), ask=raw.get("ask", default.ask),
                   source_line=line_of(parent, ["explain"]), key_lines=_keys(raw))


_NOT_SETTINGS = ("silence", "unclear", "confirm", "either", "explain", "backchannel")


def _build(data: dict, path: Path | None) -> Piece:
    listening = data.get("listening", {})
    settings = ListenSettings().merged(
        {k: v for k, v in listening.items() if k not in _NOT_SETTINGS})
    default_explain = _asking_back(listening.get("explain"), "listening",
                               Explain(DEFAULT_EXPLAIN, EXPLAIN_LIMIT), listening)
    default_confirm = _one_line(listening, "confirm", "listening.confirm") or DEFAULT_CONFIRM
    either = _one_line(listening, "either", "listening.either") or DEFAULT_EITHER
    nodes = {}
    for name, raw in data["nodes"].items():
        raw = raw or {}
        listen = None
        if "listen" in raw:
            lr = raw["listen"]
            answers = tuple(
                Answer(
                    label=a["label"],
                    meaning=a.get("meaning", a["label"] if a["label"] in BUILTIN_MEANINGS
                                  and "phrases" not in a else None),
                    phrases=tuple(a.get("phrases", ())),
                    say=_lines(a.get("say"), f"{name}.{a['label']}", a, "say"),
                    next=a.get("next"),
                    confirm=_one_line(a, "confirm", f"{name}.{a['label']}.confirm"),
                    canonical=a.get("canonical"),
                    source_line=line_of(lr, ["answers", i]),
                    key_lines=_keys(a),
                )
                for i, a in enumerate(lr["answers"])
            )
            listen = Listen(
                answers=answers,
                next=lr.get("next"),
                remember=lr.get("remember"),
                silence=_ladder(lr.get("silence"), "silence", name, listening, lr),
                unclear=_ladder(lr.get("unclear"), "unclear", name, listening, lr),
                settings=settings.merged(lr.get("listening", {})),
                confirm=default_confirm,
                either=_one_line(lr, "either", f"{name}.either") or either,
                open=_open(lr.get(OPEN), name, lr),
                explain=_asking_back(lr.get("explain"), name, default_explain, lr),
                source_line=line_of(raw, ["listen"]),
                key_lines=_keys(lr),
            )
        nodes[name] = Node(
            name=name,
            say=_lines(raw.get("say"), name, raw, "say"),
            stage=raw.get("stage"),
            next=raw.get("next"),
            listen=listen,
            route=tuple(
                Route(
                    next=r["next"],
                    **_conditions(r),
                    source_line=line_of(raw, ["route", i]),
                    key_lines=_keys(r),
                )
                for i, r in enumerate(raw.get("route", ()))
            ),
            end=bool(raw.get("end")),
            source_line=line_of(data, ["nodes", name]),
            key_lines=_keys(raw),
        )
    return Piece(
        name=data["piece"],
        title=data.get("title", data["piece"]),
        start=data["start"],
        nodes=nodes,
        voice=VoiceSettings(**data.get("voice", {})),
        pauses=Pauses(**data.get("pauses", {})),
        path=path,
        key_lines=_keys(data),
        ambient=data.get("ambient"),
        backchannel=_one_line(listening, "backchannel", "listening.backchannel"),
    )


def _keys(mapping: Any) -> dict[str, int]:
    return dict(getattr(mapping, "key_lines", {}))

"""The options' reference, generated from their fields: the tables of ``docs/gallery.md``
and ``docs/gallery.example.toml`` (``voicepiece gallery config``). A test keeps both in
step with :mod:`voicepiece.gallery.options`.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from voicepiece.gallery.options import SECTIONS, GalleryConfig, documented_fields


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
        for spec in documented_fields(cls):
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
        for spec in documented_fields(cls):
            doc = re.sub(r"`", "", spec.metadata["doc"])
            out += [f"# {line}" for line in _wrap(doc)]
            out.append(f"{spec.name} = {_toml(_default(spec))}")
    return "\n".join(out) + "\n"


def _wrap(text: str, width: int = 86) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width)

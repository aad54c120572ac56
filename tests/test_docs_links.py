"""Every link between the project's documents leads somewhere: a relative link in README.md or
docs/*.md names a file that exists, its ``#anchor`` names a heading there (by GitHub's
rules for heading anchors), and a section cited by name ("docs/listening.md, "Patient
turn-taking"") is a heading or a bold lead-in of that file. Documents get split, moved and
renamed (docs/listening.md became the user's page, its notebook
docs/listening-measurements.md); a link that silently stops resolving sends the reader to
the top of a 3,000-line page, or nowhere. Pure text: nothing is rendered."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"(?<!!)\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_HTML_ANCHOR = re.compile(r"<a\s+(?:name|id)=\"([^\"]+)\"")
_BOLD_LEAD = re.compile(r"^\s*(?:[-*]\s+)?\*\*(.+?)\*\*")
_CITED = re.compile(r"([\w./-]+\.md)\]?(?:\([^)]*\))?[),]?\s+\"([^\"]+)\"")
"""A file named, then a section in quotes: `docs/listening.md, "By meaning"`,
`[notes.md](notes.md), "Two costs"`, `docs/listening.md "Resumable turns"`."""


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading's text: its rendered text in lower case, every
    character that is not a letter, a digit, an underscore, a hyphen or a space dropped,
    and each space made a hyphen (not collapsed: "a (b)" is "a-b", "a — b" is "a--b")."""
    text = re.sub(r"`([^`]*)`", r"\1", heading)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _prose(path: Path) -> list[str]:
    """The lines of ``path`` outside fenced code blocks."""
    lines, fenced = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(line)
    return lines


def headings(path: Path) -> list[str]:
    return [m.group(2) for line in _prose(path) if (m := _HEADING.match(line))]


def anchors(path: Path) -> set[str]:
    """Every anchor a link into ``path`` may name: its headings' slugs, a repeated one
    numbered as GitHub numbers it ("x", "x-1", "x-2"), and explicit HTML anchors."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    for heading in headings(path):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    for line in _prose(path):
        found.update(_HTML_ANCHOR.findall(line))
    return found


def _section_names(path: Path) -> list[str]:
    """What a section of ``path`` may be cited by: a heading's text, or a paragraph's bold
    lead-in, without code marks, in lower case and single spaces."""
    names = [*headings(path), *(m.group(1) for line in _prose(path)
                                if (m := _BOLD_LEAD.match(line)))]
    return [_plain(n) for n in names]


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[`*]", "", text).lower().split())


def _resolve(document: Path, target: str) -> Path | None:
    for base in (document.parent, ROOT):
        path = (base / target).resolve()
        if path.exists():
            return path
    return None


def broken_links(document: Path) -> list[str]:
    """Each relative link in ``document`` whose file or anchor does not exist (a link's
    text may run over lines)."""
    broken = []
    text = "\n".join(_CODE_SPAN.sub("", line) for line in _prose(document))
    for found in _LINK.finditer(text):
        target = found.group(1)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):
            continue  # http:, https:, mailto: — not ours to check
        name, _, anchor = target.partition("#")
        path = (document.parent / name).resolve() if name else document
        where = f"{document.name}: {target}"
        if not path.exists():
            broken.append(f"{where} (no such file)")
        elif anchor and path.suffix == ".md" and anchor not in anchors(path):
            broken.append(f"{where} (no such heading)")
    return broken


def broken_citations(document: Path) -> list[str]:
    """Each section cited by name in ``document`` that its file does not have."""
    text = "\n".join(_prose(document))
    broken = []
    for target, section in _CITED.findall(text):
        path = _resolve(document, target)
        if path is None:
            broken.append(f'{document.name}: {target}, "{section}" (no such file)')
            continue
        wanted = _plain(section)
        if not any(name.startswith(wanted) for name in _section_names(path)):
            broken.append(f'{document.name}: {target}, "{section}" (no such section)')
    return broken


def test_slugs_are_githubs() -> None:
    assert slug("Turn-taking and barge-in") == "turn-taking-and-barge-in"
    assert slug("Barge-in on loudspeakers (`--echo-cancel`)") == \
        "barge-in-on-loudspeakers---echo-cancel"
    assert slug("A fifth set (v5), written blind — first runs in issue 13's ninth pass") == \
        "a-fifth-set-v5-written-blind--first-runs-in-issue-13s-ninth-pass"
    assert slug("The open transcript (Whisper tiny.en)") == "the-open-transcript-whisper-tinyen"
    assert slug("Listener voices (`voicepiece.listening.listener_voices`)") == \
        "listener-voices-voicepiecelisteninglistener_voices"


def test_repeated_headings_are_numbered(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# A\n\n## Measured\n\n```\n## Not a heading\n```\n\n## Measured\n")
    assert anchors(page) == {"a", "measured", "measured-1"}


def test_a_broken_link_is_found(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# Other\n\n## Its part\n\n**A lead-in.** Text.\n")
    page = tmp_path / "page.md"
    page.write_text('[ok](other.md#its-part) [gone](other.md#gone) [none](none.md) '
                    '`[code](none.md)` [web](https://example.org/x.md#y) [over\ntwo '
                    'lines](other.md#its-gone)\n\n'
                    'See other.md, "Its part", other.md "A lead-in", other.md, "Missing", '
                    'gone.md, "Its part".\n')
    assert [b.split(": ", 1)[1] for b in broken_links(page)] == [
        "other.md#gone (no such heading)", "none.md (no such file)",
        "other.md#its-gone (no such heading)"]
    assert broken_citations(page) == ['page.md: other.md, "Missing" (no such section)',
                                      'page.md: gone.md, "Its part" (no such file)']


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_every_link_resolves(document: Path) -> None:
    assert broken_links(document) == []


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_every_cited_section_exists(document: Path) -> None:
    assert broken_citations(document) == []

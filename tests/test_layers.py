"""The tree keeps the architecture of docs/design.md: imports point down the layers, never
up, no two modules import each other in a circle, and no module grows into a giant.

These read the source with ``ast`` (the modules checked are never imported), so a
violation is reported as the import line that makes it, wherever the code would otherwise
only fail at run time. Circles are found with the story core's own strongly-connected
components, the same code that finds a piece's loops."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from voicepiece.story.walks import strongly_connected

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "voicepiece"
MAX_LINES = 400
MAX_LOOSE_MODULES = 8

# Lower layers may never import higher ones; modules of one layer may import each other,
# except where PEERS says they stand side by side (speech out and speech in).
LAYERS: dict[str, int] = {
    "voicepiece": 0,  # the package itself holds only __version__
    "voicepiece.errors": 0,
    "voicepiece.files": 0,
    "voicepiece.memory": 0,
    "voicepiece.pieces": 0,
    "voicepiece.audio": 1,
    "voicepiece.story": 2,
    "voicepiece.session": 3,
    "voicepiece.voices": 4,
    "voicepiece.listening": 4,
    "voicepiece.archive": 5,
    "voicepiece.gallery": 6,
    "voicepiece.assembly": 7,
    "voicepiece.progress": 8,
    "voicepiece.testing": 8,
    "voicepiece.commands": 8,
    "voicepiece.cli": 8,
    "voicepiece.__main__": 8,
}
PEERS = {frozenset({"voicepiece.voices", "voicepiece.listening"})}


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    line: int
    at_top: bool  # at module level (also when only for type checking), not in a function


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> list[str]:
    if node.level:
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        base = package[: len(package) - (node.level - 1)]
        target = ".".join([*base, node.module] if node.module else base)
    else:
        target = node.module or ""
    names = [f"{target}.{alias.name}" for alias in node.names]
    return [name if name in MODULES else target for name in names]


def _imports(module: str, path: Path) -> Iterator[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def walk(node: ast.AST, at_top: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield Import(module, alias.name, child.lineno, at_top)
            elif isinstance(child, ast.ImportFrom):
                for target in _resolve(module, path, child):
                    yield Import(module, target, child.lineno, at_top)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                yield from walk(child, False)
            else:
                yield from walk(child, at_top)

    for found in walk(tree, True):
        if found.target.startswith("voicepiece") and found.target != module:
            yield found


IMPORTS = [found for module, path in MODULES.items() for found in _imports(module, path)]


def _layer(module: str) -> str:
    for name in sorted(LAYERS, key=len, reverse=True):
        if module == name or module.startswith(name + "."):
            return name
    raise AssertionError(f"{module} belongs to no layer: add its package to LAYERS and to "
                         "the tree in docs/design.md")


def _where(found: Import) -> str:
    return f"{MODULES[found.source].relative_to(ROOT)}:{found.line}: imports {found.target}"


def test_every_module_belongs_to_a_layer() -> None:
    for module in MODULES:
        _layer(module)


def test_imports_never_run_back_up_a_layer() -> None:
    upward = []
    for found in IMPORTS:
        source, target = _layer(found.source), _layer(found.target)
        if source == target:
            continue
        if LAYERS[target] > LAYERS[source] or frozenset({source, target}) in PEERS:
            upward.append(_where(found))
    assert not upward, "imports that run back up a layer:\n" + "\n".join(upward)


def test_no_import_circle() -> None:
    """Counted at module level, type-checking imports included: a circle of types is still
    two modules that cannot be understood apart. An import inside a function is the
    sanctioned way to load an optional or heavy part late, and is not counted."""
    graph: dict[str, set[str]] = {module: set() for module in MODULES}
    for found in IMPORTS:
        if found.at_top and found.target in graph:
            graph[found.source].add(found.target)
    circles = [sorted(group) for group in strongly_connected(graph, lambda m: sorted(graph[m]))
               if len(group) > 1]
    assert not circles, f"modules that import each other in a circle: {circles}"


def test_circles_are_found() -> None:
    """The circle check itself can fail: a known circle is reported as one group."""
    graph = {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}
    groups = strongly_connected(graph, graph.__getitem__)
    assert sorted(sorted(g) for g in groups if len(g) > 1) == [["a", "b", "c"]]


@pytest.mark.parametrize("folder", ["voicepiece", "scripts"])
def test_no_giant_modules(folder: str) -> None:
    files = [p for p in (ROOT / folder).rglob("*") if p.is_file() and (
        p.suffix == ".py" or (folder == "scripts" and not p.suffix
                              and p.read_bytes()[:64].startswith(b"#!") and b"python"
                              in p.read_bytes()[:64]))]
    giants = {str(p.relative_to(ROOT)): n for p in files
              if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not giants, f"modules over {MAX_LINES} lines: {giants}"


def test_few_modules_loose_at_the_top() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(loose) <= MAX_LOOSE_MODULES, loose


def test_every_package_says_what_it_holds_and_may_import() -> None:
    for init in PACKAGE.rglob("__init__.py"):
        if init.parent == PACKAGE or init.parent.name == "pieces":
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "import" in doc, f"{init.relative_to(ROOT)}: the docstring should say what " \
                                "the package may import"

"""Shared fixtures: every test gets private user folders, so nothing touches the real
home, cache or sessions of whoever runs the suite.

Under pytest-xdist (scripts/test runs ``-n N --dist loadgroup``) tests go to the workers
one by one, except two kinds that are kept together on one worker (:func:`_group_of`):
tests sharing an expensive module-scoped fixture (a full render, a hundred heard answers),
which would otherwise be built once per worker; and every test using the virtual
PulseAudio server, so that one private daemon serves them in turn and two real-time tests
never share the machine's sound server at once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["tests.pulse"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden transcripts in tests/golden from this run")


CHEAP_SHARED = frozenset({"recognizer", "points", "vad", "synth", "festival", "her",
                          "yes_clip"})
"""Module-scoped fixtures cheap enough to build again on another worker (a second or less):
they do not hold their module's tests together."""


def _group_of(item: pytest.Item) -> str | None:
    if "pulse_server" in item.fixturenames:
        return "pulse"
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return None
    for name in item.fixturenames:
        defs = info.name2fixturedefs.get(name)
        if defs and defs[-1].scope == "module" and name not in CHEAP_SHARED:
            return item.nodeid.split("::")[0]
    return None


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        group = _group_of(item)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(autouse=True)
def private_user_dirs(tmp_path_factory: pytest.TempPathFactory,
                      monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return home


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))

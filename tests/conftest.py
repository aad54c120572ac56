"""Shared fixtures: every test gets private user folders, so nothing touches the real
home, cache or sessions of whoever runs the suite.

Under pytest-xdist (scripts/test runs ``-n N --dist loadfile``) each test file runs whole
on one worker, so a module's expensive fixture (a full render, a hundred heard answers) is
built once; every worker has its own tmp folders and, through tests/pulse.py, its own
private PulseAudio daemon in its own ``mkdtemp`` folder. (``--dist loadgroup`` would be
finer, but pytest-xdist 3.8 cannot group under pytest 9: its renamed node ids.) The
slowest files are handed out first (:data:`SLOW_FILES`), so no worker is left with a
two-minute file at the end while the other idles.

Tests that play or record through the virtual sound server run in real time: a sound
server starved of CPU drops audio, as a real one would. They are marked ``realtime`` (by
the fixtures they use) and scripts/test runs them in a process of their own beside the
rest, which runs at a lower priority (nice), so the other workers' decoding never takes a
core they need.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from voicepiece.voices.kokoro import KokoroSynthesizer

pytest_plugins = ["tests.pulse"]


SLOW_FILES = ("test_crash_safety.py", "test_recognizer.py", "test_mastering.py",
              "test_render.py", "test_reader.py", "test_session_audio.py",
              "test_voice_kokoro.py", "test_yesno_accents.py", "test_replay.py",
              "test_words_alone.py", "test_turns.py", "test_ear.py", "test_meanings.py",
              "test_voices_other.py", "test_command_input.py", "test_fuzz_pieces.py",
              "test_piece_limits.py", "test_anticipation.py", "test_gallery.py",
              "test_confirming.py", "test_full_disk.py", "test_default_voice.py",
              "test_open_transcript.py", "test_gallery_faults.py", "test_prepare_exit.py",
              "test_voice_espeak.py", "test_her_piece.py", "test_gallery_meanings.py",
              "test_mix_levels.py", "test_pause_work.py", "test_gallery_hearing.py",
              "test_recognizer_adapters.py", "test_calibration.py", "test_golden.py",
              "test_ear_first.py", "test_xdist_schedule.py",
              "test_gallery_live.py", "test_live_barge_in.py")
"""The files that take longest, slowest first (by CPU seconds per file, docs/benchmarks.md,
"The test suite's time", twentieth pass: every file of 2 s or more, then the two real-time
files in their old order); the rest follow in their usual order. Listed, a new slow file
is handed out early; unlisted, it comes in alphabetical order, and one near the end
(``test_words_alone``, 11 CPU-s, was) could keep one worker busy while the other idles.
Only the order of whole files changes, never of tests in a file."""


REALTIME_FIXTURES = frozenset({"pulse_server", "virtual_mic"})


def pytest_configure(config: pytest.Config) -> None:
    # pytest-xdist hands out whole files in order of their number of tests unless told to
    # keep the collection's order: SLOW_FILES would come after a 290-test file of
    # milliseconds, and the two slowest could land on one worker, one after the other.
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.import_plugin("tests.xdist_schedule")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if REALTIME_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.realtime)

    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return SLOW_FILES.index(name) if name in SLOW_FILES else len(SLOW_FILES)

    items.sort(key=rank)  # stable: each file keeps its own order


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden transcripts in tests/golden from this run")


FAST_NARRATOR = "espeak:en-us+f3"
"""What narrates a piece that asks for Kokoro (the her piece) everywhere but in the Kokoro
tests: Kokoro renders slower than real time on two shared cores, espeak-ng at once, and
this is the voice the her piece had before Kokoro (same render-cache keys)."""


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every process of this run shares: under pytest-xdist each worker's base
    temporary folder sits in the run's own, so its parent is common to them all."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def kokoro_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the joined Kokoro model (92 MB) for the whole run, shared by its
    workers: the first process that needs the model joins it there, the others find it
    (each process still checks its sha256 once, as a user's does). Two joining at once is
    safe: the model is written under a temporary name and renamed whole."""
    folder = run_folder(tmp_path_factory) / "models"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def run_render_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One render cache (``$VOICEPIECE_CACHE``: the narration's lines, keyed by text and
    voice) for the whole run, shared by its workers, for the tests that render a piece to
    check the session, not the cache: the her piece's hundred lines are then synthesized
    once per run, not once per render (~3 CPU-s each with espeak-ng). A line's audio is the
    same from the cache as fresh (trimmed, then stored as WAV), and two workers storing
    one line at once is safe (written under a temporary name, renamed whole). Tests of the
    cache itself (what ``prepare`` renders, what is never stored) keep their own."""
    folder = run_folder(tmp_path_factory) / "renders"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


@pytest.fixture
def shared_renders(run_render_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test renders with the run's render cache (:func:`run_render_cache`)."""
    monkeypatch.setenv("VOICEPIECE_CACHE", str(run_render_cache))
    return run_render_cache


@pytest.fixture(scope="session")
def kokoro_synth(kokoro_models: Path) -> KokoroSynthesizer:
    """Kokoro, its model joined into the run's models folder and loaded once per process."""
    from voicepiece.voices import kokoro

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VOICEPIECE_MODELS", str(kokoro_models))
        kokoro.engine()
    return kokoro.KokoroSynthesizer()


@pytest.fixture(scope="session", autouse=True)
def private_run_environment(tmp_path_factory: pytest.TempPathFactory, kokoro_models: Path
                            ) -> Iterator[None]:
    """The environment of :func:`private_user_dirs` from the start of the run, so that a
    module's or session's fixture — built before any test's own fixtures — does not render
    with Kokoro nor write to the real home either. A sound client (``aplay``, PortAudio)
    with no ``XDG_RUNTIME_DIR`` keeps its runtime folder under ``/tmp/pulse-*``, linked from
    the config home, which is new in every test: ``PULSE_RUNTIME_PATH`` keeps it in the run's
    temporary folder instead (it holds no server, so no test finds one there)."""
    home = tmp_path_factory.mktemp("run-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PULSE_RUNTIME_PATH", str(home / "pulse-runtime"))
        patch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
        patch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
        patch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
        patch.setenv("VOICEPIECE_MODELS", str(kokoro_models))
        patch.setenv("VOICEPIECE_VOICE_CHAIN", FAST_NARRATOR)
        yield


@pytest.fixture(autouse=True)
def private_user_dirs(tmp_path_factory: pytest.TempPathFactory, kokoro_models: Path,
                      monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("VOICEPIECE_MODELS", str(kokoro_models))
    monkeypatch.setenv("VOICEPIECE_VOICE_CHAIN", FAST_NARRATOR)
    return home


@pytest.fixture(scope="session")
def yes_no() -> tuple:
    """The answers of her's first yes/no point ("she_listens"): where the ear's tests hear
    yes, no and unsure."""
    from voicepiece.story.loader import load_piece

    node = next(n for n in load_piece("her").listening_points() if n.name == "she_listens")
    assert node.listen is not None
    return tuple(node.listen.answers)


@pytest.fixture(scope="session")
def ear_recognizer() -> object:
    """The default ear's recognizer (grammar and Whisper), loaded once per worker for the
    tests that say answers aloud to it."""
    from voicepiece.listening.engines import DEFAULT_RECOGNIZER, recognizer_for

    return recognizer_for(DEFAULT_RECOGNIZER)


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))

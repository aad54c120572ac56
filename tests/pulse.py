"""Pytest fixtures over :mod:`voicepiece.audio.virtual`: a private PulseAudio daemon for
the session (``pulse_server``) and a virtual microphone per test (``virtual_mic``).

Loaded from ``tests/conftest.py`` (``pytest_plugins``). Missing programs fail the tests
with the install hint rather than skipping them: CI installs them through scripts/test.

The daemon is the session's, each test's view of it is checked first: a daemon that
ended, or an environment that no longer points at it, would otherwise fail every later
test with a message about that test's own device (one CI run lost 22 tests so). It is
started again, and a warning says why, after which test, and what the daemon logged.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

from voicepiece.audio.virtual import PulseServer, Recording, VirtualMic, virtual_audio
from voicepiece.errors import VoicepieceError

__all__ = ["PulseServer", "Recording", "VirtualMic", "pulse_server", "virtual_mic"]


class DaemonLost(UserWarning):
    """The session's PulseAudio daemon could not be reached and was started again."""


@pytest.fixture(scope="session")
def pulse_daemon() -> Iterator[tuple[PulseServer, list[str]]]:
    """A private PulseAudio daemon for the whole session, with ``vsink`` as the speaker,
    and the tests that used it so far."""
    try:
        with virtual_audio() as server:
            yield server, []
    except VoicepieceError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def pulse_server(pulse_daemon: tuple[PulseServer, list[str]], request: pytest.FixtureRequest
                 ) -> PulseServer:
    """The session's daemon, reachable: checked before the test, started again if not."""
    server, users = pulse_daemon
    trouble = server.trouble()
    if trouble is not None:
        after = f"after {users[-1]}" if users else "before any test used it"
        message = (f"{trouble} ({after}); started again for {request.node.nodeid}. "
                   f"Its log ended:\n{server.log_tail()}")
        warnings.warn(message, DaemonLost, stacklevel=1)
        try:
            server.revive()
        except VoicepieceError as exc:
            pytest.fail(f"{trouble}, and it did not start again: {exc}", pytrace=False)
    users.append(request.node.nodeid)
    return server


@pytest.fixture
def virtual_mic(pulse_server: PulseServer) -> Iterator[VirtualMic]:
    """``vmic.monitor`` as the default source (the app's microphone) for one test."""
    pulse_server.pactl("set-default-source", pulse_server.mic_source)
    try:
        yield VirtualMic(pulse_server, pulse_server.mic, pulse_server.mic_source)
    finally:
        pulse_server.pactl("set-default-source", pulse_server.monitor)

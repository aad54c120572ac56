"""Pytest fixtures over :mod:`voicepiece.audio.virtual`: a private PulseAudio daemon for
the session (``pulse_server``) and a virtual microphone per test (``virtual_mic``).

Loaded from ``tests/conftest.py`` (``pytest_plugins``). Missing programs fail the tests
with the install hint rather than skipping them: CI installs them through scripts/test.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from voicepiece.audio.virtual import PulseServer, Recording, VirtualMic, virtual_audio
from voicepiece.errors import VoicepieceError

__all__ = ["PulseServer", "Recording", "VirtualMic", "pulse_server", "virtual_mic"]


@pytest.fixture(scope="session")
def pulse_server() -> Iterator[PulseServer]:
    """A private PulseAudio daemon for the whole session, with ``vsink`` as the speaker."""
    try:
        with virtual_audio() as server:
            yield server
    except VoicepieceError as exc:
        pytest.fail(str(exc), pytrace=False)

@pytest.fixture
def virtual_mic(pulse_server: PulseServer) -> Iterator[VirtualMic]:
    """``vmic.monitor`` as the default source (the app's microphone) for one test."""
    pulse_server.pactl("set-default-source", pulse_server.mic_source)
    try:
        yield VirtualMic(pulse_server, pulse_server.mic, pulse_server.mic_source)
    finally:
        pulse_server.pactl("set-default-source", pulse_server.monitor)

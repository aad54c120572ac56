"""The session's private PulseAudio daemon, when it can no longer be reached: one CI run
lost 22 real-time tests after its daemon became unreachable, each failing with a message
about its own device. ``PulseServer.trouble`` must say why in one line, and ``revive`` must
give the same devices back at the same address, so that ``tests/pulse.py`` can check
before each test and go on."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from voicepiece.audio.virtual import PulseServer, virtual_audio


def answers(server: PulseServer) -> bool:
    sinks = server.pactl("list", "short", "sinks")
    return "vsink" in sinks and "vmic" in sinks


def test_a_killed_daemon_is_named_and_started_again_at_the_same_address() -> None:
    with virtual_audio() as server:
        assert server.trouble() is None and answers(server)
        address = os.environ["PULSE_SERVER"]
        assert server._daemon is not None
        server._daemon.send_signal(signal.SIGKILL)
        server._daemon.wait()
        assert server.trouble() == "the private PulseAudio daemon was killed by signal 9"
        with pytest.raises(subprocess.CalledProcessError) as failed:
            server.pactl("info")
        assert "killed by signal 9" in str(failed.value.stderr)
        server.revive()
        assert server.trouble() is None and answers(server)
        assert os.environ["PULSE_SERVER"] == address == server.server
        assert "vsink" in server.pactl("get-default-sink")


def test_a_daemon_that_quit_or_lost_its_socket_is_named() -> None:
    with virtual_audio() as server:
        subprocess.run(["pulseaudio", "-k"], check=True)
        assert server._daemon is not None
        server._daemon.wait(10)
        assert server.trouble() == "the private PulseAudio daemon exited with status 0"
        server.revive()
        socket = server.runtime_dir / "pulse" / "native"
        socket.rename(socket.with_name("moved"))
        assert server.trouble() == f"the private PulseAudio daemon's socket {socket} is gone"
        server.revive()
        assert server.trouble() is None and answers(server)


def test_an_environment_pointing_elsewhere_is_named_and_pointed_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    with virtual_audio() as server:
        monkeypatch.setenv("PULSE_SERVER", "{voicepiece-uses-no-sound-device}")
        assert server.trouble() == ("$PULSE_SERVER is '{voicepiece-uses-no-sound-device}', "
                                    "not the private daemon's")
        server.revive()
        assert server.trouble() is None and os.environ["PULSE_SERVER"] == server.server
        monkeypatch.undo()



def test_the_daemon_shares_no_memory_with_its_clients() -> None:
    """With shared memory, PulseAudio 16.1 aborted on a client's shared block
    (memblock_replace_import) after test_echo_cancel, in CI and in a fresh clone's run: the
    daemon's clients send their audio over the socket."""
    import threading

    from pydub.generators import Sine

    tone = Sine(440).to_audio_segment(duration=1500).set_frame_rate(16000).set_channels(1)
    with virtual_audio() as server:
        assert server._daemon is not None
        with server.record(1.0) as recording:
            player = threading.Thread(target=server.play_into, args=("vsink", tone))
            player.start()
            heard = recording.wait(20)
            maps = Path(f"/proc/{server._daemon.pid}/maps").read_text()
            player.join()
        assert heard.dBFS > -30  # a client was playing through the daemon meanwhile
        assert "memfd:pulseaudio" not in maps and "pulse-shm" not in maps

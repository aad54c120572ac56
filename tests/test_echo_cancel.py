"""Echo cancellation (listening/echo_cancel.py, audio/speex.py): the narrator's voice,
played on loudspeakers and heard back by the microphone, taken out so that barge-in works
without headphones.

Offline, on real speech through a small room (audio/room_echo.py's response, a delay,
attenuation and noise): the delay is found, the echo is taken out, and a listener's voice
over it is left for the voice detector. Live, on the virtual devices with the room
feeding the speaker back into the microphone: once the canceller has learned the room
the narrator's own lines do not stop it, and a listener speaking over it does. How much
echo is taken out, how often the detector still fires on it and what it costs are
measured by ``scripts/bench bargein`` (scripts/bench_echo.py).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest

from tests.pulse import PulseServer, VirtualMic
from tests.test_barge_in import LONG_LINE, PIECE
from tests.test_ear import spoken
from tests.test_live_ear import reply, wait_until_flowing
from voicepiece.audio import speex
from voicepiece.audio.room_echo import EchoRoom, room_response
from voicepiece.errors import EngineMissing
from voicepiece.listening.base import FRAME_BYTES, FRAME_SAMPLES, SAMPLE_RATE
from voicepiece.listening.calibration import speech_probability
from voicepiece.listening.echo_cancel import MARGIN, Delay
from voicepiece.listening.endpoint import DEFAULT_TUNING
from voicepiece.listening.listener_voices import add_noise, pad
from voicepiece.listening.vad import VoiceActivity

NARRATION = ["There is a voice in the film that never appears on screen.",
             "It belongs to an operating system, and it listens to everything he says.",
             "She laughs, she asks questions, and she is curious about the world.",
             "He tells her about his letters, his marriage, and the city at night."]
DELAY = 0.09


def _pcm(samples: np.ndarray) -> bytes:
    return np.clip(np.round(samples), -32768, 32767).astype("<i2").tobytes()


@pytest.fixture(scope="module")
def room() -> tuple[np.ndarray, np.ndarray]:
    """The narration (the reference) and what a microphone 1-2 m away hears of it."""
    narration = np.concatenate([np.frombuffer(pad(spoken(line, 1), 0.2, 0.3), dtype="<i2")
                                for line in NARRATION]).astype(np.float64)
    echo = np.convolve(narration, room_response())[: len(narration)] * 0.5
    echo = np.concatenate([np.zeros(round(DELAY * SAMPLE_RATE)), echo])[: len(narration)]
    noisy = np.frombuffer(add_noise(_pcm(echo), 30, 5), dtype="<i2").astype(np.float64)
    return narration, noisy


def _cancelled(narration: np.ndarray, mic: np.ndarray) -> tuple[bytes, Delay]:
    """The microphone through the delay finder and the canceller, frame by frame, as
    ``EchoCancelledSource`` does it."""
    canceller, delay = speex.SpeexEcho(), Delay()
    out = []
    for at in range(0, len(mic) - FRAME_SAMPLES + 1, FRAME_SAMPLES):
        delay.add(mic[at:at + FRAME_SAMPLES].astype(np.int16),
                  narration[at:at + FRAME_SAMPLES].astype(np.int16))
        start = at - delay.samples
        ref = np.zeros(FRAME_SAMPLES)
        lo = max(0, start)
        ref[lo - start:] = narration[lo:start + FRAME_SAMPLES] if start + FRAME_SAMPLES > 0 \
            else []
        out.append(canceller.process(_pcm(mic[at:at + FRAME_SAMPLES]), _pcm(ref)))
    canceller.close()
    return b"".join(out), delay


def _speech_frames(pcm: bytes) -> list[bool]:
    vad = VoiceActivity()
    return [speech_probability(vad, DEFAULT_TUNING, pcm[i:i + FRAME_BYTES])
            >= DEFAULT_TUNING.speech_threshold
            for i in range(0, len(pcm) - FRAME_BYTES + 1, FRAME_BYTES)]


def test_the_delay_is_found_and_the_echo_taken_out(room: tuple[np.ndarray, np.ndarray]) -> None:
    narration, mic = room
    out, delay = _cancelled(narration, mic)
    assert delay.found
    assert abs(delay.samples / SAMPLE_RATE + MARGIN - DELAY) <= 0.002
    last = len(mic) // 3  # the filter has learned the room by then
    before = float(np.mean(mic[-last:] ** 2))
    after = float(np.mean(np.frombuffer(out, dtype="<i2")[-last:].astype(np.float64) ** 2))
    assert 10 * np.log10(before / after) >= 15


def test_a_listener_over_the_echo_is_left_for_the_voice_detector(
        room: tuple[np.ndarray, np.ndarray]) -> None:
    narration, mic = room
    voice = np.frombuffer(spoken("coffee please", 3), dtype="<i2").astype(np.float64)
    at = len(mic) - round(2.5 * SAMPLE_RATE)
    both = mic.copy()
    both[at:at + len(voice)] += voice * 0.5
    out, _ = _cancelled(narration, both)
    speech = _speech_frames(out)
    first, last = at // FRAME_SAMPLES, (at + len(voice)) // FRAME_SAMPLES
    echo_only = speech[len(speech) * 2 // 3:first - 2]
    assert not any(echo_only)  # the narrator's echo alone: no speech
    assert sum(speech[first:last + 1]) >= 3  # the listener: speech, enough to barge in


def test_a_missing_library_is_one_line_naming_the_package(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(speex, "LIBRARY", "libspeexdsp-not-here.so.9")
    monkeypatch.setattr(speex, "_lib", None)
    with pytest.raises(EngineMissing) as caught:
        speex.SpeexEcho()
    assert "libspeexdsp1" in str(caught.value) and "\n" not in str(caught.value)


def test_echo_cancel_without_barge_in_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    from voicepiece.cli import main

    assert main(["run", "her", "--echo-cancel"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--echo-cancel" in err[0]


def test_on_loudspeakers_the_narrator_does_not_stop_itself_and_the_listener_does(
        pulse_server: PulseServer, virtual_mic: VirtualMic, tmp_path: Path) -> None:
    from voicepiece.audio.playback import Player
    from voicepiece.listening.bargein import BargeIn
    from voicepiece.listening.echo_cancel import cancelled
    from voicepiece.listening.sources import MicrophoneSource
    from voicepiece.story.loader import load_piece
    from voicepiece.voices import narrator_for
    from voicepiece.voices.outputs import SpeakerVoice

    wait_until_flowing()
    path = tmp_path / "interrupt" / "piece.yaml"
    path.parent.mkdir()
    path.write_text(PIECE)
    piece = load_piece(path)
    voice = SpeakerVoice(narrator_for(piece), Player(), cue=False)
    lines = [line for line in piece.lines() if not line.is_template]
    long_line = next(line for line in lines if line.text == LONG_LINE)
    with EchoRoom(pulse_server, delay=DELAY):
        barge_in = BargeIn(cancelled(MicrophoneSource), voice)
        with barge_in:
            for line in lines:  # ~12 s: the canceller learns the room (the bench counts
                with barge_in.watching():  # what the detector does meanwhile)
                    voice.play(voice.render(line.text, line))
                if barge_in.heard:
                    barge_in.source().close()
            uncut = []
            for line in lines:  # the narrator alone, once the room is learned
                with barge_in.watching():
                    uncut.append(voice.play(voice.render(line.text, line)) is None)
                assert not barge_in.heard, f"the echo of {line.text!r} stopped it"
            assert all(uncut)
            said_at: list[float] = []
            answer = reply("coffee please", voice=3)

            def say() -> None:
                time.sleep(1.2)
                said_at.append(time.perf_counter())
                virtual_mic.say(answer)

            speaker = threading.Thread(target=say, daemon=True)
            with barge_in.watching():
                speaker.start()
                cut = voice.play(voice.render(long_line.text, long_line))
            speaker.join(10)
            assert barge_in.heard and cut is not None
            assert barge_in.heard_at is not None and barge_in.heard_at >= said_at[0]
            barge_in.source().close()

"""The live path: a real microphone stream through PyAudio and SpeechRecognition's
``Microphone``, under a private PulseAudio daemon (tests/pulse.py). A synthetic listener's
reply is played into the virtual microphone's sink while the ear listens on its monitor —
the devices, buffering and real-time pacing are real; only the person is not.

These do not skip: the suite's runner (scripts/test) installs PulseAudio, and a missing
PyAudio fails with the line that says how to install it.
"""

from __future__ import annotations

import time

import pytest
from pydub import AudioSegment

from tests.pulse import PulseServer, VirtualMic
from tests.test_ear import spoken
from voicepiece.listening.base import FRAME_BYTES, FRAME_SECONDS, SAMPLE_RATE
from voicepiece.listening.ear import ListeningEar
from voicepiece.listening.endpoint import END_OF_SPEECH, NO_INPUT
from voicepiece.listening.listener_voices import add_noise, pad
from voicepiece.listening.sources import MicrophoneSource, input_devices
from voicepiece.session.confirming import CONFIRM_CHOICES
from voicepiece.session.events import Event, ListeningStarted, Question
from voicepiece.session.loop import Session
from voicepiece.story.loader import load_piece
from voicepiece.story.model import ListenSettings
from voicepiece.testing import KeptVoice

TEA = "tests/pieces/tea/piece.yaml"
SETTINGS = ListenSettings(timeout=4.0, max_answer=5.0, complete_silence=0.3,
                          incomplete_silence=0.7)


def reply(text: str, voice: int = 0) -> AudioSegment:
    """What the listener says (its speech only, 50 ms of room noise either side), at the
    microphone's rate."""
    pcm = add_noise(pad(spoken(text, voice), 0.05, 0.05), 30, 11)
    return AudioSegment(data=pcm, sample_width=2, frame_rate=SAMPLE_RATE, channels=1)


@pytest.fixture(scope="module")
def recognizer():  # the real one, loaded once
    from voicepiece.listening.recognizer import SphinxRecognizer

    recognizer = SphinxRecognizer()
    recognizer.warm_up(CONFIRM_CHOICES)
    return recognizer


def wait_until_flowing() -> None:
    """Wait until the default source delivers audio at its pace: a freshly started null
    sink can hold a new stream's first read for up to two seconds."""
    deadline = time.monotonic() + 10
    while True:
        source = MicrophoneSource()
        try:
            began = time.perf_counter()
            for _ in zip(range(3), source.frames(), strict=False):
                pass
            if time.perf_counter() - began < 0.5 or time.monotonic() > deadline:
                return
        finally:
            source.close()


@pytest.fixture
def mic(virtual_mic: VirtualMic) -> VirtualMic:
    """The virtual microphone, once audio flows from it."""
    wait_until_flowing()
    return virtual_mic


def test_the_virtual_microphone_is_listed(pulse_server: PulseServer) -> None:
    names = [device.name for device in input_devices()]
    assert pulse_server.mic_source in names and "pulse" not in names  # no ALSA plugin


def test_devices_command_lists_inputs_and_outputs(pulse_server: PulseServer,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from voicepiece.cli import main

    assert main(["devices"]) == 0
    out = capsys.readouterr().out.splitlines()
    inputs = out.index("input devices (choose by index or part of the name):")
    outputs = out.index("output devices (choose by name):")
    assert {line.split()[1] for line in out[inputs + 1:outputs]} == {
        pulse_server.mic_source, pulse_server.monitor}  # the server's sources, no plugin
    assert {line.split()[0] for line in out[outputs + 1:]} == {"vsink", "vmic"}


def test_microphone_frames_arrive_in_real_time(mic: VirtualMic) -> None:
    source = MicrophoneSource()
    try:
        frames = source.frames()
        next(frames)  # the stream is running
        began = time.perf_counter()
        got = [next(frames) for _ in range(30)]
        took = time.perf_counter() - began
    finally:
        source.close()
    assert all(len(f) == FRAME_BYTES for f in got)
    # Paced by the device, not read from a store: never much faster than real time (the
    # server's buffer may hand over a few frames at once). A busy machine is only slower.
    assert took >= 30 * FRAME_SECONDS - 0.25
    assert list(source.frames()) == []  # closed: no more frames, no error


def test_a_reply_into_the_microphone_is_heard(mic: VirtualMic, recognizer: object) -> None:
    ear = ListeningEar(MicrophoneSource, recognizer)  # type: ignore[arg-type]
    said = reply("no", voice=1)
    speaking = mic.say_after(0.8, said)
    heard = ear.listen(Question("here", CONFIRM_CHOICES, SETTINGS))
    speaking.join(10)
    assert heard.label == "no"
    assert ear.last_endpoint is not None and ear.last_endpoint.reason == END_OF_SPEECH
    # The ear's timeline is its frames: the speech it found is as long as the reply, after
    # the room noise it began in (when exactly depends on the machine: not asserted).
    assert heard.speech_start is not None and heard.speech_start > 0
    assert heard.speech_end - heard.speech_start == pytest.approx(len(said) / 1000 - 0.1,
                                                                  abs=0.25)
    assert heard.waited >= heard.speech_end
    assert ear.last_latency is not None  # measured for the benchmarks (scripts/bench)
    assert heard.audio is not None and heard.audio.frame_rate == SAMPLE_RATE


def test_a_silent_microphone_times_out(mic: VirtualMic, recognizer: object) -> None:
    ear = ListeningEar(MicrophoneSource, recognizer)  # type: ignore[arg-type]
    settings = ListenSettings(timeout=1.5, max_answer=5.0)
    heard = ear.listen(Question("here", CONFIRM_CHOICES, settings))
    assert heard.text is None
    assert ear.last_endpoint is not None and ear.last_endpoint.reason == NO_INPUT
    assert heard.waited == pytest.approx(1.5, abs=FRAME_SECONDS)  # 1.5 s of frames


class Listener:
    """An observer playing the listener: when the piece listens for an answer, it speaks
    the next reply into the microphone; to a confirmation it says nothing (consent)."""

    def __init__(self, mic: VirtualMic, replies: list[str]) -> None:
        self.mic = mic
        self.replies = list(replies)
        self.threads: list = []

    def on_event(self, event: Event) -> None:
        if isinstance(event, ListeningStarted) and event.kind == "answer" and self.replies:
            self.threads.append(self.mic.say_after(0.6, reply(self.replies.pop(0))))


def test_a_spoken_reply_branches_a_session(mic: VirtualMic, recognizer: object) -> None:
    listener = Listener(mic, ["coffee"])
    ear = ListeningEar(MicrophoneSource, recognizer)  # type: ignore[arg-type]
    outcome = Session(load_piece(TEA), KeptVoice(), ear, [listener]).run()
    for thread in listener.threads:
        thread.join(10)
    assert outcome.completed
    assert outcome.turns[0].answer == "coffee"
    assert outcome.path[:2] == ("ask", "coffee")
    assert outcome.ending == "warm"

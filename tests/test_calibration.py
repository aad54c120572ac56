"""Calibration to the room: real Silero, real synthetic voices, real noise.

A *babble* room is several listener voices reading sentences at once, far quieter than the
listener: a gallery crowd. Silero takes it for speech, so with the defaults the ear hears an
answer in it with nobody answering; the calibrated ear must not, and must still hear a
listener 10 dB louder than the room.
"""

from __future__ import annotations

import argparse
import math
import threading
import time
from functools import cache

import numpy as np
import pytest
from pydub import AudioSegment

from tests.pulse import VirtualMic
from tests.test_ear import Judge, question, spoken
from voicepiece.audio.levels import pcm_dbfs
from voicepiece.commands import run as run_command
from voicepiece.listening.base import FRAME_BYTES, FRAME_SECONDS, SAMPLE_RATE
from voicepiece.listening.calibration import (
    CALIBRATION_SECONDS,
    GATE_CEILING_DBFS,
    Room,
    hear_room,
    measure_room,
    speech_probability,
    tuning_for,
)
from voicepiece.listening.ear import ListeningEar
from voicepiece.listening.endpoint import DEFAULT_TUNING, END_OF_SPEECH, NO_INPUT, Tuning
from voicepiece.listening.listener_voices import LISTENER_VOICES, noise, speak, speech_rms
from voicepiece.listening.sources import MicrophoneSource, PcmSource, frames_of
from voicepiece.listening.vad import VoiceActivity
from voicepiece.story.model import ListenSettings

SENTENCES = (
    "Have you seen the new exhibition on the second floor yet?",
    "We should probably get something to eat before the talk begins.",
    "Look at the colours in this one, they remind me of the sea at home.",
    "Do you know where the cloakroom is? I left my umbrella somewhere.",
)
SETTINGS = ListenSettings(timeout=5.0, max_answer=6.0, complete_silence=0.3,
                          incomplete_silence=0.7)


def _samples(pcm: bytes) -> np.ndarray:
    return np.frombuffer(pcm, dtype="<i2").astype(np.float64)


def _pcm(x: np.ndarray) -> bytes:
    return np.clip(np.rint(x), -32768, 32767).astype("<i2").tobytes()


@cache
def _talk(voice: int) -> np.ndarray:
    """One voice reading the sentences with short breaths between, at unit speech RMS."""
    parts = []
    for i, text in enumerate(SENTENCES):
        x = _samples(speak(text, LISTENER_VOICES[voice]))
        parts += [x / speech_rms(_pcm(x)), np.zeros(round((0.2 + 0.15 * i) * SAMPLE_RATE))]
    return np.concatenate(parts)


def babble(seconds: float, dbfs: float, voices: int = 6) -> bytes:
    """``voices`` listener voices talking at once, ``dbfs`` RMS, over the room floor."""
    n = round(seconds * SAMPLE_RATE)
    mix = np.zeros(n)
    for v in range(voices):
        talk = np.roll(_talk(v), v * 7919)
        mix += np.tile(talk, n // len(talk) + 1)[:n]
    mix *= 32768 * 10 ** (dbfs / 20) / math.sqrt(float(np.mean(mix**2)))
    return _pcm(mix + _samples(noise(seconds, 3)))


def with_answer(room: bytes, text: str, snr_db: float, at: float,
                voice: int = 0) -> tuple[bytes, float, float]:
    """``room`` with ``text`` said ``snr_db`` above its RMS, ``at`` seconds in; the PCM and
    where the speech truly is."""
    x = _samples(room).copy()
    speech = _samples(spoken(text, voice))
    room_rms = math.sqrt(float(np.mean(x**2)))
    speech *= room_rms * 10 ** (snr_db / 20) / speech_rms(_pcm(speech))
    start = round(at * SAMPLE_RATE)
    x[start:start + len(speech)] += speech
    return _pcm(x), at, at + len(speech) / SAMPLE_RATE


@pytest.fixture(scope="module")
def vad() -> VoiceActivity:
    return VoiceActivity("silero")


def room_of(pcm: bytes, vad: VoiceActivity) -> Room:
    """The room as ``voicepiece run`` hears it: its first second."""
    return measure_room(list(frames_of(pcm))[:round(CALIBRATION_SECONDS / FRAME_SECONDS)], vad)


def heard(pcm: bytes, tuning: Tuning, vad: VoiceActivity):
    ear = ListeningEar(lambda: PcmSource(pcm), Judge(complete=False), vad,  # type: ignore[arg-type]
                       tuning=tuning)
    ear.listen(question(SETTINGS))
    assert ear.last_endpoint is not None
    return ear.last_endpoint


# -- the level --------------------------------------------------------------------------


def test_frame_level_is_rms_in_dbfs() -> None:
    assert pcm_dbfs(bytes(FRAME_BYTES)) == -100.0
    tone = 3277 * np.sin(np.arange(512) * 2 * np.pi * 1000 / SAMPLE_RATE)
    assert pcm_dbfs(_pcm(tone)) == pytest.approx(-20 - 3.01, abs=0.05)
    assert pcm_dbfs(noise(FRAME_SECONDS, 1, -40.0, "white")) == pytest.approx(-40, abs=0.6)


# -- rooms that need nothing ------------------------------------------------------------


@pytest.mark.parametrize("pcm", [noise(2.0, 1), noise(2.0, 2, -40.0, "pink"),
                                 noise(2.0, 2, -40.0, "white")],
                         ids=["quiet", "pink -40 dBFS", "white -40 dBFS"])
def test_a_quiet_or_steadily_noisy_room_keeps_the_defaults(pcm: bytes,
                                                           vad: VoiceActivity) -> None:
    room = room_of(pcm, vad)
    assert not room.speech_like
    assert tuning_for(room) is DEFAULT_TUNING
    assert room.warning is None


def test_a_distant_murmur_the_detector_ignores_needs_nothing(vad: VoiceActivity) -> None:
    room = room_of(babble(2.0, -55.0), vad)
    assert room.speech_p90 < 0.1
    assert tuning_for(room) is DEFAULT_TUNING


# -- babble -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def crowd() -> bytes:
    """Twelve seconds of a crowd at -40 dBFS: the first is the calibration's."""
    return babble(12.0, -40.0)


def test_a_crowd_sounds_like_speech_and_gets_an_energy_gate(crowd: bytes,
                                                            vad: VoiceActivity) -> None:
    room = room_of(crowd, vad)
    assert room.speech_like and room.speech_p50 > 0.5
    assert room.level_dbfs == pytest.approx(-40, abs=1.5)
    tuning = tuning_for(room)
    assert tuning.min_level_dbfs is not None
    assert room.level_dbfs < tuning.min_level_dbfs < room.level_dbfs + 10
    # Only the gate: the thresholds cannot tell a crowd from a listener.
    assert (tuning.speech_threshold, tuning.silence_threshold, tuning.start_speech) == (
        DEFAULT_TUNING.speech_threshold, DEFAULT_TUNING.silence_threshold,
        DEFAULT_TUNING.start_speech)
    assert room.warning is None


def test_in_a_crowd_the_defaults_hear_an_answer_nobody_gave(crowd: bytes,
                                                            vad: VoiceActivity) -> None:
    rest = crowd[round(CALIBRATION_SECONDS * SAMPLE_RATE) * 2:]
    assert heard(rest, DEFAULT_TUNING, vad).heard_speech  # the false start calibration stops
    calibrated = tuning_for(room_of(crowd, vad))
    for start in (0.0, 2.5, 5.0):  # different stretches of the crowd
        window = rest[round(start * SAMPLE_RATE) * 2:]
        assert heard(window, calibrated, vad).reason == NO_INPUT


@pytest.mark.parametrize("text,voice", [("yes", 0), ("I don't know", 2), ("maybe not", 5)])
def test_calibrated_the_ear_still_hears_an_answer_10_db_over_the_crowd(
        crowd: bytes, vad: VoiceActivity, text: str, voice: int) -> None:
    calibrated = tuning_for(room_of(crowd, vad))
    rest = crowd[round(CALIBRATION_SECONDS * SAMPLE_RATE) * 2:]
    pcm, start, end = with_answer(rest, text, 10, at=1.5, voice=voice)
    default = heard(pcm, DEFAULT_TUNING, vad)
    assert default.speech_start is not None and default.speech_start < start - 0.5
    result = heard(pcm, calibrated, vad)
    assert result.reason == END_OF_SPEECH
    assert result.speech_start == pytest.approx(start, abs=0.2)
    # A quiet last consonant ("yes") falls under the gate: the answer may be seen ending a
    # little early (its audio still reaches the recognizer, with the trailing silence).
    assert end - 0.3 <= result.speech_end <= end + 0.5


# -- rooms too noisy to listen in -------------------------------------------------------


def test_a_loud_crowd_warns_and_the_gate_stays_below_its_ceiling(vad: VoiceActivity) -> None:
    room = room_of(babble(2.0, -25.0), vad)
    tuning = tuning_for(room)
    assert tuning.min_level_dbfs == GATE_CEILING_DBFS
    assert room.warning is not None and "\n" not in room.warning
    assert "people talking" in room.warning and "closer" in room.warning


def test_loud_steady_noise_warns_without_a_gate(vad: VoiceActivity) -> None:
    room = room_of(noise(2.0, 4, -24.0, "pink"), vad)
    assert tuning_for(room) is DEFAULT_TUNING
    assert room.warning is not None and "too noisy" in room.warning


def test_a_listener_talking_while_the_room_is_heard_is_still_heard_after(
        vad: VoiceActivity) -> None:
    said = _samples(spoken("hello, is this thing working", 1))
    said *= 32768 * 10 ** (-20 / 20) / speech_rms(_pcm(said))
    room = room_of(_pcm(said[:SAMPLE_RATE]) + noise(1.0, 5), vad)
    tuning = tuning_for(room)
    assert tuning.min_level_dbfs is not None and tuning.min_level_dbfs <= GATE_CEILING_DBFS
    assert room.warning is not None
    pcm, start, _ = with_answer(noise(5.0, 6), "yes", 40, at=1.0)  # ~-22 dBFS in a quiet room
    assert heard(pcm, tuning, vad).speech_start == pytest.approx(start, abs=0.2)


# -- the pieces -------------------------------------------------------------------------


def test_tuning_for_keeps_the_base_and_its_higher_gate() -> None:
    room = Room(level_dbfs=-40, level_p90_dbfs=-38, speech_p50=0.9, speech_p90=0.99,
                speech_max=1.0, seconds=1.0)
    base = Tuning(speech_threshold=0.6, silence_threshold=0.4)
    tuned = tuning_for(room, base)
    assert (tuned.speech_threshold, tuned.silence_threshold) == (0.6, 0.4)
    assert tuned.min_level_dbfs == pytest.approx(-33)
    assert tuning_for(room, Tuning(min_level_dbfs=-31)).min_level_dbfs == -31


def test_the_gate_zeroes_quiet_frames_only(vad: VoiceActivity) -> None:
    tuning = Tuning(min_level_dbfs=-30.0)
    assert tuning.gated(0.9, -35.0) == 0.0
    assert tuning.gated(0.9, -25.0) == 0.9
    assert DEFAULT_TUNING.gated(0.9, -100.0) == 0.9
    quiet = list(frames_of(babble(1.0, -40.0)))
    vad.reset()
    assert all(speech_probability(vad, tuning, f) == 0.0 for f in quiet)
    loud = list(frames_of(babble(1.0, -15.0)))
    vad.reset()
    assert max(speech_probability(vad, tuning, f) for f in loud) > 0.5


# -- live: the virtual microphone -------------------------------------------------------


def _say(mic: VirtualMic, pcm: bytes) -> threading.Thread:
    segment = AudioSegment(data=pcm, sample_width=2, frame_rate=SAMPLE_RATE, channels=1)
    return mic.say_after(0.0, segment)


def test_run_calibrates_against_a_crowd_at_the_microphone(
        virtual_mic: VirtualMic, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(run_command, "recognizer_from", lambda args: Judge())
    monkeypatch.setattr(Judge, "warm_up", lambda self: None, raising=False)
    args = argparse.Namespace(mic=None, no_calibrate=False, echo_cancel=False)
    speaking = _say(virtual_mic, babble(4.0, -38.0))
    time.sleep(0.5)  # the crowd is already talking when the session starts
    ear, barge_in = run_command._microphone_ear(args)
    speaking.join(10)
    assert barge_in is None
    assert isinstance(ear, ListeningEar)
    assert ear.tuning.min_level_dbfs is not None and ear.tuning.min_level_dbfs > -38
    assert "warning" not in capsys.readouterr().err
    ear, _ = run_command._microphone_ear(argparse.Namespace(mic=None, no_calibrate=True,
                                                                    echo_cancel=False))
    assert isinstance(ear, ListeningEar) and ear.tuning is DEFAULT_TUNING


def test_a_silent_microphone_keeps_the_defaults(virtual_mic: VirtualMic) -> None:
    room = hear_room(MicrophoneSource(), VoiceActivity("silero"))
    assert room.seconds == pytest.approx(CALIBRATION_SECONDS, abs=FRAME_SECONDS)
    assert tuning_for(room) is DEFAULT_TUNING and room.warning is None

"""Playback through a real (virtual) sound server: what is played is recorded back from the
sink's monitor and compared — timing, pitch, purity — because a player's bugs are in
timing and devices, which mocks cannot show. The cue and the no-device errors too."""

from __future__ import annotations

import math
import signal
import threading
import time
from array import array
from pathlib import Path

import pytest
from pydub import AudioSegment

from tests.pulse import PulseServer, Recording, VirtualMic
from voicepiece.audio.cue import listening_cue
from voicepiece.audio.playback import Player, output_devices
from voicepiece.errors import VoicepieceError

RATE = 22050
FRAME = 0.01  # seconds per analysis frame


def tone(freq: float, seconds: float, rate: int = RATE, level: float = 0.3) -> AudioSegment:
    """A sine with 5 ms ramps (so resampling does not smear clicks into the "silence")."""
    count = round(seconds * rate)
    ramp = round(0.005 * rate)
    samples = array("h", (
        round(32767 * level * math.sin(2 * math.pi * freq * i / rate)
              * min(1.0, i / ramp, (count - 1 - i) / ramp))
        for i in range(count)))
    return AudioSegment(data=samples.tobytes(), sample_width=2, frame_rate=rate, channels=1)


def silence(seconds: float, rate: int = RATE) -> AudioSegment:
    return AudioSegment.silent(duration=round(seconds * 1000), frame_rate=rate)


def samples_of(segment: AudioSegment) -> array:
    return array("h", segment.set_sample_width(2).set_channels(1).raw_data)


def bursts(segment: AudioSegment, threshold: float = 0.02) -> list[tuple[int, int]]:
    """(first, end) sample indices of the sounding stretches (RMS per 10 ms frame above
    ``threshold`` of full scale), merging gaps shorter than 30 ms."""
    samples = samples_of(segment)
    step = round(segment.frame_rate * FRAME)
    loud = []
    for start in range(0, len(samples), step):
        frame = samples[start:start + step]
        rms = math.sqrt(sum(s * s for s in frame) / len(frame)) / 32768
        loud.append(rms > threshold)
    found: list[list[int]] = []
    for index, on in enumerate(loud):
        if not on:
            continue
        if found and index - found[-1][1] <= 3:
            found[-1][1] = index + 1
        else:
            found.append([index, index + 1])
    # Refine the edges to the sample: the first/last sample above a tenth of the threshold.
    refined = []
    limit = threshold * 32768 / 10
    for first, end in found:
        lo, hi = first * step, min(len(samples), end * step)
        lo_search = max(0, lo - step)
        start = next((i for i in range(lo_search, hi) if abs(samples[i]) > limit), lo)
        hi_search = min(len(samples), hi + step)
        stop = next((i + 1 for i in range(hi_search - 1, lo, -1) if abs(samples[i]) > limit),
                    hi)
        refined.append((start, stop))
    return refined


def dominant_frequency(samples: array, rate: int) -> float:
    """Frequency from the mean spacing of rising zero crossings: exact enough for a tone."""
    rises = [i for i in range(1, len(samples)) if samples[i - 1] < 0 <= samples[i]]
    if len(rises) < 2:
        return 0.0
    return rate * (len(rises) - 1) / (rises[-1] - rises[0])


def purity(samples: array, rate: int, freq: float) -> float:
    """Share of the signal's energy at ``freq`` (Goertzel): ~1 for a clean sine, low when
    the sound came out distorted, noisy or at the wrong pitch."""
    coeff = 2 * math.cos(2 * math.pi * freq / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coeff * s1 - s2, s1
    power = s1 * s1 + s2 * s2 - coeff * s1 * s2
    energy = sum(x * x for x in samples)
    return 2 * power / (len(samples) * energy) if energy else 0.0


def middle(samples: array, start: int, stop: int, trim: int) -> array:
    return samples[start + trim: stop - trim]


# ---------------------------------------------------------------------------------------
# Through the virtual speaker


def test_plays_signal_in_order_with_right_timing_and_pitch(pulse_server: PulseServer) -> None:
    signal_ = tone(440, 0.4) + silence(0.3) + tone(880, 0.4)
    player = Player()
    rec = pulse_server.record()
    time.sleep(0.1)
    player.play(signal_)
    returned = time.perf_counter()
    time.sleep(0.15)
    heard = rec.stop()

    found = bursts(heard)
    assert len(found) == 2, f"expected two tones, heard {found}"
    (a0, a1), (b0, b1) = found
    rate = heard.frame_rate
    assert abs((a1 - a0) / rate - 0.4) < 0.03
    assert abs((b0 - a1) / rate - 0.3) < 0.03
    assert abs((b1 - b0) / rate - 0.4) < 0.03

    samples = samples_of(heard)
    trim = rate // 50
    first, second = middle(samples, a0, a1, trim), middle(samples, b0, b1, trim)
    assert dominant_frequency(first, rate) == pytest.approx(440, abs=5)
    assert dominant_frequency(second, rate) == pytest.approx(880, abs=8)
    assert purity(first, rate, 440) > 0.9
    assert purity(second, rate, 880) > 0.9

    # play() returns only once the sound is over, not when the data has merely been
    # written. (How soon the first sample sounds is a figure of scripts/bench speaking.)
    assert player.last_started_at is not None
    assert rec.time_of(a0) >= player.last_started_at - 0.02
    assert returned >= rec.time_of(b1) - 0.02


@pytest.mark.parametrize("seconds", [1.5, 8.0], ids=["while-draining", "while-writing"])
def test_stop_cuts_the_sound_quickly_and_player_plays_again(pulse_server: PulseServer,
                                                            seconds: float) -> None:
    player = Player()
    sound = tone(440, seconds)
    stopped_at: list[float] = []

    def stop_soon() -> None:
        time.sleep(0.5)
        stopped_at.append(time.perf_counter())
        player.stop()

    rec = pulse_server.record()
    stopper = threading.Thread(target=stop_soon)
    started = time.perf_counter()
    stopper.start()
    player.play(sound)
    returned = time.perf_counter()
    stopper.join()
    time.sleep(0.2)
    heard = rec.stop()

    # How quickly the sound stops is a figure of scripts/bench bargein; here, on the sound's
    # own timeline: stop() made play() return, and the rest of the sound was never played.
    assert returned - started < seconds - 0.5, "stop() did not make play() return"
    found = bursts(heard)
    assert len(found) == 1
    heard_seconds = (found[0][1] - found[0][0]) / rec.rate
    assert heard_seconds < seconds - 0.5, f"{heard_seconds:.2f} s of a {seconds} s sound played"

    # stop() is not sticky: the next play() plays in full.
    with pulse_server.record() as again:
        player.play(tone(660, 0.3))
        time.sleep(0.1)
    found = bursts(again.audio)
    assert len(found) == 1
    assert abs((found[0][1] - found[0][0]) / again.rate - 0.3) < 0.03


def test_stop_when_idle_does_nothing(pulse_server: PulseServer) -> None:
    player = Player()
    player.stop()
    with pulse_server.record() as rec:
        player.play(tone(660, 0.2))
        time.sleep(0.1)
    assert len(bursts(rec.audio)) == 1


@pytest.mark.parametrize("seconds", [1.5, 8.0], ids=["while-draining", "while-writing"])
def test_ctrl_c_silences_at_once_and_propagates(pulse_server: PulseServer,
                                                seconds: float) -> None:
    """Ctrl-C may land while play() still feeds the player (a long sound) or waits for it
    to drain (all handed over); both must silence it at once."""
    player = Player()
    main = threading.main_thread().ident
    assert main == threading.get_ident(), "the test must run in the main thread"
    sent_at: list[float] = []

    def press_ctrl_c() -> None:
        time.sleep(0.4)
        if player._playing:  # never interrupt anything but the play() under test
            sent_at.append(time.perf_counter())
            signal.pthread_kill(main, signal.SIGINT)

    sound = tone(440, seconds)
    rec = pulse_server.record()
    presser = threading.Thread(target=press_ctrl_c)
    presser.start()
    with pytest.raises(KeyboardInterrupt):
        player.play(sound)
    raised_at = time.perf_counter()
    presser.join()
    time.sleep(0.2)
    heard = rec.stop()

    assert sent_at and raised_at - sent_at[0] < seconds - 0.5
    assert player._proc is None
    found = bursts(heard)
    assert len(found) == 1
    heard_seconds = (found[0][1] - found[0][0]) / rec.rate
    assert heard_seconds < seconds - 0.5, f"{heard_seconds:.2f} s of a {seconds} s sound played"


def test_alsa_backend_plays_too(pulse_server: PulseServer) -> None:
    """aplay is the fallback without a sound server; here ALSA's default device reaches
    the virtual sink through the pulse plugin, so the same recording checks it."""
    player = Player(backend="alsa")
    with pulse_server.record() as rec:
        player.play(tone(660, 0.5))
        time.sleep(0.15)
    assert player.output.kind == "alsa"
    found = bursts(rec.audio)
    assert len(found) == 1
    (start, stop), rate = found[0], rec.rate
    assert abs((stop - start) / rate - 0.5) < 0.04
    assert dominant_frequency(middle(samples_of(rec.audio), start, stop, rate // 50),
                              rate) == pytest.approx(660, abs=6)


def test_device_option_and_listing(pulse_server: PulseServer) -> None:
    assert {pulse_server.sink, pulse_server.mic} <= {d.name for d in output_devices()}
    speaker = pulse_server.record()
    mic = pulse_server.record(source=pulse_server.mic_source)
    Player(device=pulse_server.mic).play(tone(440, 0.3))
    time.sleep(0.1)
    assert bursts(speaker.stop()) == []
    assert len(bursts(mic.stop())) == 1


def test_unknown_device_is_a_one_line_error(pulse_server: PulseServer) -> None:
    with pytest.raises(VoicepieceError, match="no such audio device 'nowhere'") as caught:
        Player(device="nowhere").play(tone(440, 0.2))
    assert "\n" not in str(caught.value)


def test_cue_is_heard_through_the_speaker(pulse_server: PulseServer) -> None:
    with pulse_server.record() as rec:
        Player().play(listening_cue())
        time.sleep(0.1)
    found = bursts(rec.audio, threshold=0.005)
    assert len(found) == 1
    assert 0.35 < (found[0][1] - found[0][0]) / rec.rate < 0.55  # the chime, whole


def test_virtual_mic_carries_what_is_said(virtual_mic: VirtualMic,
                                          pulse_server: PulseServer) -> None:
    """The fixture a later live-microphone test builds on: what is said into the mic comes
    out of the default source."""
    assert "vmic.monitor" in pulse_server.pactl("get-default-source")
    rec: Recording = pulse_server.record(source=virtual_mic.source)
    virtual_mic.say_after(0.05, tone(550, 0.3)).join()
    time.sleep(0.1)
    assert len(bursts(rec.stop())) == 1


# ---------------------------------------------------------------------------------------
# No way out: one clear line


def test_no_server_and_no_aplay_names_the_package(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    import shutil

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for program in ("pactl", "pacat"):
        found = shutil.which(program)
        if found:
            (bin_dir / program).symlink_to(found)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/no-such-socket")
    player = Player()  # building one never fails: the output is chosen on first play
    with pytest.raises(VoicepieceError) as caught:
        player.play(tone(440, 0.1))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("no audio output:")
    assert "apt-get install alsa-utils" in message
    assert "--text" in message


def test_no_server_and_no_alsa_device(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "alsa.conf"
    empty.write_text("")  # an ALSA configuration with no devices at all
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(empty))
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/no-such-socket")
    with pytest.raises(VoicepieceError) as caught:
        Player().play(tone(440, 0.1))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("no audio output: no sound server or ALSA device found")
    assert "`voicepiece render`" in message


# ---------------------------------------------------------------------------------------
# The listening cue


def test_cue_is_short_soft_and_audible() -> None:
    cue = listening_cue()
    assert cue.frame_rate == 22050 and cue.channels == 1 and cue.sample_width == 2
    assert 350 <= len(cue) <= 600  # long enough to be noticed, short of a melody
    assert -30 < cue.max_dBFS < -10
    assert -36 < cue.dBFS < -22
    samples = samples_of(cue)
    assert abs(samples[0]) < 50 and abs(samples[-1]) < 50, "edges would click"
    first, second = samples[:len(samples) // 4], samples[len(samples) // 2:]
    assert purity(first, cue.frame_rate, 523) > purity(first, cue.frame_rate, 784)
    assert purity(second, cue.frame_rate, 784) > purity(second, cue.frame_rate, 523)


def test_cue_is_deterministic_at_any_rate() -> None:
    assert listening_cue().raw_data == listening_cue().raw_data
    assert listening_cue(16000).frame_rate == 16000
    assert abs(len(listening_cue(16000)) - len(listening_cue())) <= 1

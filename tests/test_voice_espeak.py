"""The espeak synthesizer against the real engine: every render complete and with exactly the
voice, rate and pitch asked for, judged from the audio itself.

pyttsx3 2.99 used plainly gets roughly a third of alternating renders wrong (the rate or pitch
of the previous render), so these tests render many lines and check each one. They need
espeak-ng (apt-get install espeak-ng) and fail, rather than skip, without it.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import tempfile
import threading
import warnings
from pathlib import Path

import pytest
from pydub import AudioSegment

from voicepiece.errors import EngineMissing, VoicepieceError
from voicepiece.story.model import VoiceSettings
from voicepiece.voices import espeak
from voicepiece.voices.espeak import EspeakSynthesizer

with warnings.catch_warnings():  # deprecated in 3.11-3.12; audioop-lts provides it on 3.13+
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop

LINE_20_WORDS = (
    "She opened the window and listened for a long while, "
    "but the street below had nothing more to tell her."
)
LINE = (
    "The lantern swung once in the dark hall, and somebody behind the door began to laugh softly."
)

# Two settings that differ in every property. A render that lost one property (the trap being
# tested) takes the other setting's value for it, so each property is checked on its own:
# the rate from the duration, the voice from the zero-crossing rate (the f3 variant's higher
# formants and breath), the pitch from an autocorrelation F0 estimate.
LOW = VoiceSettings(engine="espeak", name="en-us", rate=120, pitch=20)
HIGH = VoiceSettings(engine="espeak", name="en-us+f3", rate=260, pitch=80)
# Measured on espeak-ng 1.51 (medians over 200 renders): zero crossings/s 2250 (en-us) vs
# 3250 (en-us+f3); F0 82 Hz (en-us, pitch 20), 141 (en-us, 80), 179 (f3, 20), 286 (f3, 80).
ZCR_SPLIT = 2750.0
F0_SPLIT = {"en-us": 110.0, "en-us+f3": 230.0}


@pytest.fixture(scope="module")
def synth() -> EspeakSynthesizer:
    synthesizer = EspeakSynthesizer()
    try:
        synthesizer.voices()  # creates the engine and its warm-up render
    except EngineMissing as exc:
        pytest.fail(f"these tests need espeak-ng and pyttsx3: {exc}")
    return synthesizer


def _pcm(audio: AudioSegment) -> bytes:
    return audio.raw_data


def zero_crossings_per_second(audio: AudioSegment) -> float:
    return audioop.cross(_pcm(audio), 2) / audio.duration_seconds


def _correlation(x32: bytes, start: int, lag: int, width: int) -> float:
    """Normalised correlation of two windows of 32-bit samples, with audioop's C loops:
    (|a+b|^2 - |a-b|^2) / 4 is the dot product."""
    a = x32[4 * start : 4 * (start + width)]
    b = x32[4 * (start + lag) : 4 * (start + lag + width)]
    energy = (audioop.rms(a, 4) * audioop.rms(b, 4)) or 1
    plus = audioop.rms(audioop.add(a, b, 4), 4) ** 2
    minus = audioop.rms(audioop.add(a, audioop.mul(b, 4, -1), 4), 4) ** 2
    return (plus - minus) / 4 / energy


def f0_hz(audio: AudioSegment, fmin: int = 60, fmax: int = 450) -> float:
    """Median pitch of the loud frames: the best-fitting period by audioop.findfit, corrected
    down an octave when half (or a third) of it correlates nearly as well."""
    rate = 11025
    x, _ = audioop.ratecv(_pcm(audio), 2, 1, audio.frame_rate, rate, None)
    x32 = audioop.lin2lin(x, 2, 4)
    width, hop = int(0.015 * rate), int(0.02 * rate)
    shortest, longest = rate // fmax, rate // fmin
    loud = audioop.max(x, 2) * 0.1
    estimates = []
    for start in range(0, len(x) // 2 - longest - width, hop):
        window = x[2 * start : 2 * (start + width)]
        if audioop.rms(window, 2) < loud:
            continue
        candidates = x[2 * (start + shortest) : 2 * (start + longest + width)]
        offset, _ = audioop.findfit(candidates, window)
        lag = shortest + offset
        best = _correlation(x32, start, lag, width)
        if best < 0.5:
            continue
        for divisor in (3, 2):
            shorter = round(lag / divisor)
            if shorter >= shortest and _correlation(x32, start, shorter, width) > 0.8 * best:
                lag = shorter
                break
        estimates.append(rate / lag)
    return statistics.median(estimates) if estimates else 0.0


def expected_seconds(text: str, rate: int) -> float:
    return len(text.split()) * 60 / rate


def problems(audio: AudioSegment, text: str, settings: VoiceSettings) -> list[str]:
    """What is wrong with a render, judged from the audio alone."""
    found = []
    expected = expected_seconds(text, settings.rate)
    if not 0.6 * expected <= audio.duration_seconds <= 1.2 * expected:
        found.append(f"duration {audio.duration_seconds:.2f}s for rate {settings.rate}")
    zcr = zero_crossings_per_second(audio)
    if (zcr > ZCR_SPLIT) != settings.name.endswith("+f3"):
        found.append(f"zero crossings {zcr:.0f}/s for voice {settings.name}")
    f0 = f0_hz(audio)
    if (f0 > F0_SPLIT[settings.name]) != (settings.pitch > 50):
        found.append(f"F0 {f0:.0f} Hz for voice {settings.name} pitch {settings.pitch}")
    return found


def test_a_line_renders_to_real_audio(synth: EspeakSynthesizer) -> None:
    audio = synth.synthesize(LINE_20_WORDS,
                             VoiceSettings(engine="espeak", name="en-us", rate=160, pitch=50))

    assert (audio.frame_rate, audio.channels, audio.sample_width) == (22050, 1, 2)
    assert audio.rms > 1000  # measured ~2900; silence is 0
    # 20 words at 160 wpm is 7.5 s nominally; espeak measures ~6.2 s for this line.
    assert 4.5 <= audio.duration_seconds <= 9.0, audio.duration_seconds
    samples = audio.get_array_of_samples()
    leading = next(i for i, value in enumerate(samples) if value)
    trailing = next(i for i, value in enumerate(reversed(samples)) if value)
    assert leading / 22050 < 0.05  # espeak's own lead-in is ~13 ms
    assert trailing / 22050 < 0.5  # espeak's end-of-sentence pause is ~0.35 s at 160 wpm


def test_the_audio_checks_catch_a_render_that_lost_one_property(
    synth: EspeakSynthesizer,
) -> None:
    """The 200-render test below is only as good as its checks: each render that keeps the
    other setting's value for one property must be caught."""
    for good, other in ((LOW, HIGH), (HIGH, LOW)):
        assert problems(synth.synthesize(LINE, good), LINE, good) == []
        for field in ("name", "rate", "pitch"):
            hybrid = dataclasses.replace(good, **{field: getattr(other, field)})
            assert problems(synth.synthesize(LINE, hybrid), LINE, good), (field, hybrid)


def test_200_alternating_renders_are_all_right(synth: EspeakSynthesizer) -> None:
    wrong = []
    for index in range(200):
        settings = LOW if index % 2 == 0 else HIGH
        found = problems(synth.synthesize(LINE, settings), LINE, settings)
        if found:
            wrong.append((index, found))
    assert wrong == [], f"{len(wrong)}/200 renders wrong: {wrong[:5]}"


def test_renders_from_several_threads_keep_their_own_settings(
    synth: EspeakSynthesizer,
) -> None:
    wrong: list[tuple[str, list[str]]] = []

    def speak(settings: VoiceSettings) -> None:
        for _ in range(8):
            found = problems(synth.synthesize(LINE, settings), LINE, settings)
            if found:
                wrong.append((settings.name, found))

    threads = [threading.Thread(target=speak, args=(s,)) for s in (LOW, HIGH, LOW, HIGH)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


def test_unknown_voice_is_refused_with_a_way_to_list_voices(synth: EspeakSynthesizer) -> None:
    with pytest.raises(VoicepieceError, match=r"'xx-nosuchvoice'.*espeak-ng --voices"):
        synth.synthesize("Hello.", VoiceSettings(engine="espeak", name="xx-nosuchvoice"))
    # pyttsx3 silently ignores an unknown variant; it must not.
    with pytest.raises(VoicepieceError, match=r"\+nosuchvariant"):
        synth.synthesize("Hello.", VoiceSettings(engine="espeak", name="en-us+nosuchvariant"))


def test_voice_names_espeak_lists_are_accepted(synth: EspeakSynthesizer) -> None:
    ids = dict(synth.voices())
    assert {"en-us", "en-gb"} <= ids.keys()
    assert "+f3" in dict(synth.variants())
    # espeak_SetVoiceByName itself refuses "en-gb" (pyttsx3 then keeps the previous voice):
    # it must still work, as the language espeak-ng --voices lists.
    british = synth.synthesize("Hello there.", VoiceSettings(engine="espeak", name="en-gb"))
    american = synth.synthesize("Hello there.", VoiceSettings(engine="espeak", name="en-us"))
    assert british.rms > 1000 and american.rms > 1000
    assert british.raw_data != american.raw_data


@pytest.mark.parametrize(
    "settings",
    [
        VoiceSettings(engine="espeak", rate=60),  # espeak would silently clamp this to 80
        VoiceSettings(engine="espeak", rate=1000),
        VoiceSettings(engine="espeak", pitch=-1),
        VoiceSettings(engine="espeak", pitch=150),
        VoiceSettings(engine="espeak", volume=5.0),
    ],
)
def test_out_of_range_settings_are_refused(
    synth: EspeakSynthesizer, settings: VoiceSettings
) -> None:
    with pytest.raises(VoicepieceError):
        synth.synthesize("Hello.", settings)


def test_an_empty_line_is_refused(synth: EspeakSynthesizer) -> None:
    with pytest.raises(VoicepieceError, match="empty"):
        synth.synthesize("   ", VoiceSettings(engine="espeak"))


def test_renders_leave_no_files_and_print_nothing(
    synth: EspeakSynthesizer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    for _ in range(3):
        synth.synthesize("Nothing to see here.", VoiceSettings(engine="espeak"))
    assert list(tmp_path.iterdir()) == []
    assert capsys.readouterr().out == ""  # pyttsx3's driver prints "Audio saved to …"


def test_missing_pyttsx3_is_reported_with_an_install_hint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pyttsx3", None)  # makes `import pyttsx3` fail
    with pytest.raises(EngineMissing, match="pip install pyttsx3"):
        espeak._load_espeak()

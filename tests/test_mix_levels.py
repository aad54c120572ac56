"""A rendered session's mix, measured from its files: the listener's replies at the
narrator's loudness, a room under the pauses instead of digital silence, and the reply
clips kept exactly as they were heard.

Loudness is measured here independently of the engine's own meter: ffmpeg's ``ebur128``
filter over the whole ``session.wav`` (400 ms momentary blocks every 100 ms), each
segment's blocks gated as BS.1770 gates a programme. A segment is a narrator line, or a
reply's speech as ``session.json`` times it.
"""

from __future__ import annotations

import itertools
import json
import math
import statistics
import wave
from pathlib import Path

import numpy as np
import pytest

from tests.audio_checks import ebur128_blocks
from voicepiece.archive.leveling import MixLevels
from voicepiece.archive.mixdown import finish_part
from voicepiece.audio.levels import LISTENING_RATE
from voicepiece.audio.loudness import block_powers
from voicepiece.audio.roomtone import RoomTone, pink_shape
from voicepiece.cli import main
from voicepiece.listening.listener_voices import live_turn, speak

PIECE = """\
piece: levels
title: Levels
start: hello
nodes:
  hello:
    say:
      - Hello. This is a short piece about listening, and it asks two questions.
      - Here is the first one.
      - Do you like the rain?
    listen:
      next: second
      answers:
        - label: yes
          say: You like the rain.
        - label: no
          say: Not the rain, then.
  second:
    say:
      - Some people prefer the sun. Others prefer the night.
      - Do you sleep well?
    listen:
      next: bye
      answers:
        - label: yes
          say: Good. Sleep is a kind of listening too.
        - label: no
          say: I'm sorry to hear that.
  bye:
    say: Thank you for listening. Goodbye.
    end: true
"""

NOISY_SNR_DB = 25.0


def write_wav(path: Path, pcm: bytes, rate: int = LISTENING_RATE) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm)


def read_samples(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as wav:
        return (np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(float),
                wav.getframerate())


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An espeak narrator; the first reply spoken by the render's listener voice, the
    second a reply file from another voice in a noisier room (25 dB SNR)."""
    root = tmp_path_factory.mktemp("levels")
    (root / "piece").mkdir()
    (root / "piece" / "piece.yaml").write_text(PIECE)
    noisy = root / "no.wav"
    write_wav(noisy, live_turn("no", "flite:rms", snr_db=NOISY_SNR_DB, seed=3, after=0.8))
    out = root / "session"
    assert main(["render", str(root / "piece"), "--reply", "yes", "--reply", str(noisy),
                 "--out", str(out)]) == 0
    return out


def segment_loudness(blocks: list[tuple[float, float]], start: float, end: float) -> float:
    """BS.1770-gated loudness of the blocks lying within ``start``-``end``."""
    inside = [m for t, m in blocks if t - 0.4 >= start - 0.05 and t <= end + 0.05 and m > -70]
    assert inside, f"no sound measured in {start:.2f}-{end:.2f}"
    powers = [10 ** (m / 10) for m in inside]
    ungated = 10 * math.log10(sum(powers) / len(powers))
    kept = [p for p, m in zip(powers, inside, strict=True) if m > ungated - 10]
    return 10 * math.log10(sum(kept) / len(kept))


def test_replies_sit_within_2_lu_of_the_narrator(session: Path) -> None:
    record = json.loads((session / "session.json").read_text())
    blocks = ebur128_blocks(session / "session.wav")
    narrator = statistics.median(segment_loudness(blocks, line["at"],
                                                  line["at"] + line["duration"])
                                 for line in record["lines"] if line["duration"] >= 0.6)
    replies = [turn for turn in record["turns"] if turn.get("speech_start") is not None]
    assert [turn["answer"] for turn in replies] == ["yes", "no"]
    for turn in replies:
        level = segment_loudness(blocks, turn["speech_start"] - 0.05, turn["speech_end"] + 0.05)
        assert abs(level - narrator) <= 2.0, (turn["node"], level, narrator)


def test_the_reply_clips_stay_as_they_were_heard(session: Path) -> None:
    """The clip keeps the listener voice's own level (16 kHz, unleveled): only the mix
    was brought to the narrator's."""
    clips = sorted((session / "replies").glob("*.wav"))
    assert len(clips) == 2
    samples, rate = read_samples(clips[0])
    assert rate == LISTENING_RATE
    spoken = np.frombuffer(speak("yes"), dtype="<i2").astype(float)

    def loudest_block(x: np.ndarray) -> float:
        return 10 * math.log10(float(block_powers(x, rate).max()))

    assert loudest_block(samples) == pytest.approx(loudest_block(spoken), abs=0.5)


def test_pauses_carry_the_room_not_digital_silence(session: Path) -> None:
    samples, rate = read_samples(session / "session.wav")
    record = json.loads((session / "session.json").read_text())
    inner = samples[2 * rate:-2 * rate] != 0  # the fades in and out at the ends aside
    edges = np.flatnonzero(np.diff(np.concatenate(([True], inner, [True])).astype(int)))
    zero_runs = edges[1::2] - edges[::2]  # each run of zeros: from its start to its end
    assert zero_runs.max(initial=0) < rate // 100, "no 10 ms of digital silence"

    def level(start: float, end: float) -> float:
        part = samples[round(start * rate):round(end * rate)]
        return 20 * math.log10(math.sqrt(float(np.mean(part ** 2))) / 32768)

    lines = record["lines"]
    gaps = [(b["at"], level(a["at"] + a["duration"] + 0.05, b["at"] - 0.05))
            for a, b in itertools.pairwise(lines)
            if b["at"] - (a["at"] + a["duration"]) > 0.3 and a["turn"] == b["turn"]]
    assert gaps and all(-80 < gap < -40 for _, gap in gaps), gaps
    # After the reply from the noisier room, the room tone is that room.
    noisy = next(t for t in record["turns"] if t["answer"] == "no")
    before = [gap for at, gap in gaps if at < record["turns"][0]["listen_start"]]
    after = [gap for at, gap in gaps if at > noisy["response_start"]]
    assert before and after
    assert min(after) > max(before) + 6, (before, after)


def tone_burst(rate: int, seconds: float, dbfs: float) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return np.sin(2 * np.pi * 440 * t) * 32768 * 10 ** (dbfs / 20) * math.sqrt(2)


def test_a_clip_in_digital_silence_leaves_the_room_tone_running() -> None:
    rate = 22050
    levels = MixLevels(rate)
    levels.narration(tone_burst(rate, 2.0, -20).astype("<i2").tobytes())
    clip = np.concatenate((np.zeros(rate), tone_burst(rate, 0.5, -10), np.zeros(rate)))
    leveled = np.frombuffer(levels.reply(clip.astype("<i2").tobytes(), 0, (1.0, 1.5)),
                            dtype="<i2")
    assert levels.gains[-1] == pytest.approx(-10, abs=0.5)
    mixed = np.frombuffer(levels.under(0, leveled.tobytes()), dtype="<i2").astype(float)
    quiet = mixed[:rate // 2]
    assert 20 * math.log10(math.sqrt(float(np.mean(quiet ** 2))) / 32768) == pytest.approx(
        -62, abs=1.5)


def test_a_part_killed_before_its_header_finishes_as_an_empty_session(tmp_path: Path) -> None:
    part = tmp_path / ".session.wav.part"
    part.write_bytes(b"")
    assert finish_part(part, tmp_path / "session.wav") == 0.0
    with wave.open(str(tmp_path / "session.wav"), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getnframes()) == (1, 2, 0)


def test_the_room_tone_is_the_level_asked_and_the_same_however_it_is_taken() -> None:
    def tone() -> RoomTone:
        made = RoomTone(22050, seed=5)
        made.set_room(pink_shape(), -55.0, glide=False)
        return made

    whole = tone().take(22050 * 10)
    pieces = tone()
    bit_by_bit = np.concatenate([pieces.take(n) for n in (1, 777, 22050, 90000, 107672)])
    assert np.allclose(whole, bit_by_bit)
    level = 20 * math.log10(math.sqrt(float(np.mean(whole ** 2))) / 32768)
    assert level == pytest.approx(-55.0, abs=0.3)

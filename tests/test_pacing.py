"""Pacing that breathes, measured in rendered audio: a breath before a question, the
piece's pause between the sentences of a line, a listening tone heard but gentle — and a
voice-over recording played as it was recorded."""

from __future__ import annotations

import json
import math
import statistics
import textwrap
import wave
from pathlib import Path

import numpy as np
import pytest
from pydub.generators import Sine

from tests.audio_checks import ebur128_blocks
from voicepiece.cli import main
from voicepiece.story.loader import load_piece
from voicepiece.story.model import Pauses
from voicepiece.voices import narrator_for
from voicepiece.voices.sentences import parts, sentences
from voicepiece.voices.voiceover import export_csv

BREATH = 1.3
SENTENCE = 0.6

PIECE = textwrap.dedent(f"""\
    piece: pacing
    title: Pacing
    start: hello
    pauses: {{line: 0.3, question: {BREATH}, sentence: {SENTENCE}}}
    nodes:
      hello:
        say:
          - Hello. This piece is about pauses. It asks one question.
          - Here it comes.
          - Do you like the rain?
        listen:
          next: bye
          answers:
            - label: yes
              say: You like the rain.
            - label: no
              say: Not the rain, then.
      bye:
        say: Thank you. Goodbye.
        end: true
    """)


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pacing")
    (root / "piece").mkdir()
    (root / "piece" / "piece.yaml").write_text(PIECE)
    out = root / "session"
    assert main(["render", str(root / "piece"), "--reply", "yes", "--out", str(out)]) == 0
    return out


def loud_frames(path: Path) -> tuple[np.ndarray, int]:
    """Whether each 10 ms of the file is sound (over -45 dBFS: above any room tone)."""
    with wave.open(str(path), "rb") as wav:
        rate = wav.getframerate()
        x = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(float)
    frame = rate // 100
    power = np.mean(x[:len(x) // frame * frame].reshape(-1, frame) ** 2, axis=1)
    return power > (32768 * 10 ** (-45 / 20)) ** 2, 100


def longest_quiet(loud: np.ndarray, start: float, end: float, per_second: int) -> float:
    run = best = 0
    for sounding in loud[round(start * per_second):round(end * per_second)]:
        run = 0 if sounding else run + 1
        best = max(best, run)
    return best / per_second


def test_a_breath_before_the_question(session: Path) -> None:
    record = json.loads((session / "session.json").read_text())
    loud, per_second = loud_frames(session / "session.wav")
    lines = {line["text"]: line for line in record["lines"]}
    before, question = lines["Here it comes."], lines["Do you like the rain?"]
    gap = longest_quiet(loud, before["at"] + 0.2, question["at"] + 0.05, per_second)
    assert gap >= BREATH - 0.02, gap
    # Lines that ask nothing keep the piece's line pause: no breath between them.
    first = lines["Hello. This piece is about pauses. It asks one question."]
    assert before["at"] - (first["at"] + first["duration"]) == pytest.approx(0.3, abs=0.01)


def test_the_sentences_of_a_line_have_the_pieces_pause_between(session: Path) -> None:
    record = json.loads((session / "session.json").read_text())
    loud, per_second = loud_frames(session / "session.wav")
    line = record["lines"][0]
    start, end = line["at"], line["at"] + line["duration"]
    inner = loud[round(start * per_second):round(end * per_second)]
    sounding = np.flatnonzero(inner)
    quiet_runs = np.diff(sounding) - 1
    long_gaps = quiet_runs[quiet_runs >= 0.2 * per_second] / per_second
    assert len(long_gaps) == 2, long_gaps  # three sentences, two pauses
    assert all(gap >= SENTENCE - 0.02 for gap in long_gaps), long_gaps


def test_the_listening_tone_is_audible_but_under_the_voice(session: Path) -> None:
    """The tone's loudest 400 ms sits 6-14 LU under the narrator's lines (each line's
    loudest 400 ms, median): heard out of a pause, never above the voice."""
    record = json.loads((session / "session.json").read_text())
    blocks = ebur128_blocks(session / "session.wav")

    def loudest(start: float, end: float) -> float:
        return max(m for t, m in blocks if start + 0.4 <= t + 0.05 and t <= end + 0.05)

    narrator = statistics.median(loudest(line["at"], line["at"] + line["duration"])
                                 for line in record["lines"] if line["duration"] > 0.8)
    listen = record["turns"][0]["listen_start"]
    tone = loudest(listen - 0.5, listen)
    assert 6 <= narrator - tone <= 14, (narrator, tone)


def test_a_voice_over_recording_plays_as_recorded(tmp_path: Path) -> None:
    """Sentence pauses shape synthesized lines only: a recorded line keeps its timing."""
    folder = tmp_path / "piece"
    folder.mkdir()
    (folder / "piece.yaml").write_text(PIECE)
    (folder / "voiceover").mkdir()
    Sine(330).to_audio_segment(duration=1200, volume=-20).export(
        str(folder / "voiceover" / "hello.1.wav"), format="wav").close()
    piece = load_piece(folder)
    (folder / "voiceover" / "lines.csv").write_text(export_csv(piece), encoding="utf-8")
    narrator = narrator_for(piece)
    recorded, synthesized = piece.nodes["hello"].say[0], piece.nodes["bye"].say[0]
    assert len(narrator.audio(recorded, recorded.text)) == pytest.approx(1200, abs=15)
    audio = narrator.audio(synthesized, synthesized.text)
    samples = np.frombuffer(audio.raw_data, dtype="<i2")
    frame = audio.frame_rate // 100
    quiet = [math.sqrt(float(np.mean(samples[i:i + frame].astype(float) ** 2))) < 20
             for i in range(0, len(samples) - frame, frame)]
    run = best = 0
    for q in quiet[:-40]:  # the engine's own tail after the last sentence aside
        run = run + 1 if q else 0
        best = max(best, run)
    assert best / 100 >= SENTENCE - 0.02


@pytest.mark.parametrize(("text", "expected"), [
    ("Hello. This is a piece.", ["Hello.", "This is a piece."]),
    ("Is it true? Or just acceptable?", ["Is it true?", "Or just acceptable?"]),
    ('He said "Yes." Then he left!', ['He said "Yes."', "Then he left!"]),
    ("Mr. Jonze made it. J. Phoenix plays Theodore.", ["Mr. Jonze made it.",
                                                       "J. Phoenix plays Theodore."]),
    ("You said yes… you answered: no.", ["You said yes… you answered: no."]),
    ("It costs 1.50 dollars.", ["It costs 1.50 dollars."]),
])
def test_sentences_end_where_a_reader_would_pause(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_commas_split_only_when_the_piece_pauses_at_them() -> None:
    text = "A voice, a listener — and the space between. Then quiet."
    assert parts(text, Pauses(sentence=0.5)) == [
        ("A voice, a listener — and the space between.", 0.5), ("Then quiet.", 0.0)]
    assert parts(text, Pauses(sentence=0.5, comma=0.2)) == [
        ("A voice,", 0.2), ("a listener —", 0.2), ("and the space between.", 0.5),
        ("Then quiet.", 0.0)]
    assert parts(text, Pauses(sentence=0)) == [(text, 0.0)]


def test_a_line_with_the_listeners_words_trails_off_into_a_part_of_its_own() -> None:
    """Only in a line with the listener's words does an ellipsis before a lower-case word
    end a part: the words are then synthesized alone, the rest is prepared."""
    text = "Alone... is that what you said?"
    assert parts(text, Pauses(sentence=0.5)) == [(text, 0.0)]
    assert parts(text, Pauses(sentence=0.5), trailing_off=True) == [
        ("Alone...", 0.5), ("is that what you said?", 0.0)]
    assert parts("Yes\u2026 you do.", Pauses(sentence=0.5), trailing_off=True) == [
        ("Yes\u2026", 0.5), ("you do.", 0.0)]
    assert parts(text, Pauses(sentence=0), trailing_off=True) == [(text, 0.0)]

"""Captions (WebVTT) and the plain transcript, from synthetic events and from real sessions."""

from __future__ import annotations

import itertools
import stat
from pathlib import Path

import pytest

from voicepiece.archive.captions import (
    CAPTION_LINES,
    CAPTION_WIDTH,
    CAPTIONS_VTT,
    TRANSCRIPT_TXT,
    Captions,
    TranscriptText,
    caption_chunks,
    clock_time,
    timed_cues,
    vtt_escape,
    vtt_time,
)
from voicepiece.session.events import (
    Event,
    LineSpoken,
    ListeningStarted,
    NodeEntered,
    SessionEnded,
    SessionStarted,
    Spoken,
    Turn,
    TurnTaken,
)
from voicepiece.session.loop import Session
from voicepiece.session.textmode import GivenReplies
from voicepiece.story.loader import load_piece
from voicepiece.story.model import Line
from voicepiece.testing import ScriptedEar
from voicepiece.voices.outputs import MuteVoice

TEA = Path(__file__).parent / "pieces" / "tea"
OFFERED = ("yes", "no", "coffee")
LONG = ("Some say she is only software, a voice in an ear, and that what he feels is a kind "
        "of loneliness with better manners. I am not so sure.")


def said(text: str, at: float | None, duration: float | None) -> LineSpoken:
    return LineSpoken(Line(id="l", text=text), text, at, duration)


def turn(heard: str | None, answer: str, speech: tuple[float | None, float | None],
         response: float | None, kind: str = "answer") -> Turn:
    return Turn(node="ask", kind=kind, offered=OFFERED, heard=heard, answer=answer,
                confidence=0.9, speech_start=speech[0], speech_end=speech[1],
                response_start=response)


def timed_session() -> list[Event]:
    """A session with an audio timeline: a stage, a reply with speech times, one whose
    ear gave only the listening window, a silence, and a long closing line."""
    turns = (turn("yes <please> & thanks", "yes", (3.0, 4.25), 5.0),
             turn("maybe", "unclear", (None, None), 8.5),
             turn(None, "silence", (None, None), 16.0))
    return [
        SessionStarted("tea", "A cup of tea", "2024-05-01T10:00:00+00:00"),
        NodeEntered("ask", "Tea & talk", 0.0),
        said("Would you like a cup of tea?", 0.0, 2.0),
        ListeningStarted("ask", "answer", OFFERED, 2.5),
        TurnTaken(turns[0]),
        said("Yes <please> & thanks. Good.", 5.0, 1.5),
        ListeningStarted("ask", "answer", OFFERED, 7.0),
        TurnTaken(turns[1]),
        ListeningStarted("ask", "answer", OFFERED, 9.0),
        TurnTaken(turns[2]),
        NodeEntered("close", None, 16.0),
        said(LONG, 16.0, 8.0),
        SessionEnded(True, "warm", "2024-05-01T10:01:00+00:00", ("ask", "close"), turns),
    ]


def text_session() -> list[Event]:
    """The same shape in text mode: no audio, so every time is None."""
    turns = (turn("yes", "yes", (None, None), None), turn(None, "silence", (None, None), None))
    return [
        SessionStarted("tea", "A cup of tea", "2024-05-01T10:00:00+00:00"),
        NodeEntered("ask", None, None),
        said("Would you like a cup of tea?", None, None),
        ListeningStarted("ask", "answer", OFFERED, None),
        TurnTaken(turns[0]),
        ListeningStarted("ask", "answer", OFFERED, None),
        TurnTaken(turns[1]),
        SessionEnded(False, None, "2024-05-01T10:01:00+00:00", ("ask",), turns),
    ]


def feed(events: list[Event], *observers: Captions | TranscriptText) -> None:
    for event in events:
        for observer in observers:
            observer.on_event(event)


EXPECTED_VTT = """\
WEBVTT

00:00:00.000 --> 00:00:02.000
<v Narrator>Would you like a cup of tea?

00:00:03.000 --> 00:00:04.250
<v Listener>yes &lt;please&gt; &amp; thanks

00:00:05.000 --> 00:00:06.500
<v Narrator>Yes &lt;please&gt; &amp; thanks. Good.

00:00:07.000 --> 00:00:08.500
<v Listener>maybe

00:00:16.000 --> 00:00:18.947
<v Narrator>Some say she is only software,
a voice in an ear,

00:00:18.947 --> 00:00:22.977
<v Narrator>and that what he feels is a kind
of loneliness with better manners.

00:00:22.977 --> 00:00:24.000
<v Narrator>I am not so sure.
"""

EXPECTED_TRANSCRIPT = f"""\
A cup of tea
piece tea, started 2024-05-01T10:00:00+00:00

— Tea & talk —

[00:00] Narrator: Would you like a cup of tea?
[00:03] Listener: yes <please> & thanks [yes]
[00:05] Narrator: Yes <please> & thanks. Good.
[00:07] Listener: maybe [unclear]
[00:09] Listener: (silence)
[00:16] Narrator: {LONG}

(the end: warm)
"""


def test_captions_of_a_timed_session(tmp_path: Path) -> None:
    captions = Captions(tmp_path / "s")
    feed(timed_session(), captions)
    assert (tmp_path / "s" / CAPTIONS_VTT).read_text() == EXPECTED_VTT


def test_transcript_of_a_timed_session(tmp_path: Path) -> None:
    transcript = TranscriptText(tmp_path / "s")
    feed(timed_session(), transcript)
    assert (tmp_path / "s" / TRANSCRIPT_TXT).read_text() == EXPECTED_TRANSCRIPT


def test_text_mode_writes_a_transcript_but_no_captions(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    feed(text_session(), Captions(folder), TranscriptText(folder))
    assert not (folder / CAPTIONS_VTT).exists()
    assert (folder / TRANSCRIPT_TXT).read_text() == (
        "A cup of tea\n"
        "piece tea, started 2024-05-01T10:00:00+00:00\n"
        "\n"
        "Narrator: Would you like a cup of tea?\n"
        "Listener: yes [yes]\n"
        "Listener: (silence)\n"
        "\n"
        "(stopped before the end)\n")


def test_files_and_folder_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    feed(timed_session(), Captions(folder), TranscriptText(folder))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for name in (CAPTIONS_VTT, TRANSCRIPT_TXT):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
    assert sorted(p.name for p in folder.iterdir()) == [CAPTIONS_VTT, TRANSCRIPT_TXT]


def test_nothing_is_written_before_the_end(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    feed(timed_session()[:-1], Captions(folder), TranscriptText(folder))
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "00:00:00.000"), (1.2345, "00:00:01.234"), (59.9996, "00:01:00.000"),
    (3723.5, "01:02:03.500"), (-0.01, "00:00:00.000")])
def test_vtt_time(seconds: float, text: str) -> None:
    assert vtt_time(seconds) == text


def test_clock_time_truncates_and_grows_hours() -> None:
    assert clock_time(59.9) == "00:59"
    assert clock_time(61) == "01:01"
    assert clock_time(3725) == "1:02:05"


def test_escaping_keeps_markup_out_of_cue_text() -> None:
    assert vtt_escape("a < b && c --> d") == "a &lt; b &amp;&amp; c --&gt; d"


def test_long_lines_split_into_captions_of_two_short_lines() -> None:
    text = " ".join(["The voice in his ear knows him better than anyone."] * 6)
    chunks = caption_chunks(text)
    assert len(chunks) > 1
    for chunk in chunks:
        lines = chunk.split("\n")
        assert len(lines) <= CAPTION_LINES
        assert all(len(line) <= CAPTION_WIDTH for line in lines)
    assert " ".join(c.replace("\n", " ") for c in chunks) == text


def test_short_line_is_one_caption_and_sentences_stay_whole_where_they_fit() -> None:
    assert caption_chunks("  Coffee it is.  ") == ["Coffee it is."]
    assert caption_chunks("Would you like a cup of tea? Or coffee, perhaps, or nothing?") == [
        "Would you like a cup of tea?\nOr coffee, perhaps, or nothing?"]
    assert caption_chunks(
        "Would you like a cup of tea? She asked him once, in the dark, and he said nothing "
        "at all.") == ["Would you like a cup of tea?",
                       "She asked him once, in the dark,\nand he said nothing at all."]


def test_a_long_sentence_is_cut_evenly_and_after_a_clause() -> None:
    chunks = caption_chunks(
        "What does it mean and how do we allow ourselves to engage in and obtain true "
        "friendship alongside our rat races and constant indulgence in digital distractions?")
    assert chunks == ["What does it mean and how\ndo we allow ourselves to",
                      "engage in and obtain true\nfriendship alongside our rat",
                      "races and constant indulgence\nin digital distractions?"]
    assert caption_chunks(LONG)[:2] == ["Some say she is only software,\na voice in an ear,",
                                        "and that what he feels is a kind\n"
                                        "of loneliness with better manners."]


def test_a_word_longer_than_a_line_is_left_whole() -> None:
    assert caption_chunks("x" * 50 + " y") == ["x" * 50 + "\ny"]


def test_the_duration_is_shared_in_proportion_to_length() -> None:
    cues = timed_cues(LONG, 10.0, 18.0, "Narrator")
    assert cues[0].start == 10.0 and cues[-1].end == 18.0
    assert all(a.end == b.start for a, b in itertools.pairwise(cues))
    lengths = [len(c.text.replace("\n", " ")) for c in cues]
    for cue, length in zip(cues, lengths, strict=True):
        assert cue.end - cue.start == pytest.approx(8.0 * length / sum(lengths))


class TimedMute(MuteVoice):
    """A voice with a timeline but no sound: 20 characters a second, real pauses."""

    def render(self, text: str, line: Line) -> Spoken:
        return Spoken(text, len(text) / 20)

    def pause(self, seconds: float) -> float | None:
        return seconds


def test_a_rendered_style_session_is_captioned_end_to_end(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    ear = GivenReplies(["yes"], reply_seconds=1.5)
    Session(load_piece(TEA), TimedMute(), ear, [Captions(folder), TranscriptText(folder)]).run()
    vtt = (folder / CAPTIONS_VTT).read_text()
    assert vtt.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:01.400\n"
                          "<v Narrator>Would you like a cup of tea?\n")
    assert "<v Listener>yes\n" in vtt
    assert "<v Narrator>Enjoy your yes.\n" in vtt
    script = (folder / TRANSCRIPT_TXT).read_text()
    assert "Listener: yes [yes]" in script and script.endswith("(the end: warm)\n")
    assert "[00:00] Narrator: Would you like a cup of tea?" in script


def test_a_text_mode_session_leaves_no_captions(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    Session(load_piece(TEA), MuteVoice(), ScriptedEar(["no"]),
            [Captions(folder), TranscriptText(folder)]).run()
    assert not (folder / CAPTIONS_VTT).exists()
    script = (folder / TRANSCRIPT_TXT).read_text()
    assert "Narrator: Would you like a cup of tea?\nListener: no [no]\n" in script
    assert "[" not in script.replace("[no]", "")

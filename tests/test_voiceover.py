"""Recorded voice-over: the actors' script, matching recordings to lines by ID, and the
warnings that keep that matching from drifting silently.

Every test works on real files: a small piece in a temporary folder, real WAV recordings
made with pydub's sine generator (each a different length, so a test can tell which
recording it got), and the manifest written by the export itself.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from textwrap import dedent

import pytest
from pydub.generators import Sine

from voicepiece.cli import main
from voicepiece.errors import VoicepieceError
from voicepiece.story.loader import load_piece
from voicepiece.voices.voiceover import (
    VoiceOver,
    export_csv,
    read_manifest,
    voiceover_problems,
)

TEA = dedent("""\
    piece: tea
    start: ask
    listening:
      unclear:
        reprompts: ["I didn't quite catch that."]
    nodes:
      ask:
        say:
          - Hello.
          - Would you like a cup of tea?
        listen:
          remember: tea
          next: close
          answers:
            - label: yes
              say: "{heard}. Good. I'll put the kettle on."
            - label: no
              say: Another time, then.
            - label: coffee
              phrases: [coffee, an espresso]
              next: coffee
          silence:
            reprompts: ["Would you like some tea?"]
            say: I'll leave the pot out.
      coffee:
        say:
          - text: Coffee it is.
            id: coffee-line
        listen:
          next: close
          answers:
            - label: milk
              phrases: [milk, with milk]
              say: Milk it is.
      close:
        say: "Enjoy your {tea|drink}."
        end: true
    """)

IDS = [
    "ask.1", "ask.2", "ask.yes.1", "ask.no.1", "ask.silence.reprompts.1",
    "ask.silence.say.1", "listening.unclear.reprompts.1", "listening.confirm",
    "listening.explain.1", "coffee-line", "coffee.milk.1", "close.1",
]
"""Reading order; the default unclear reprompt, confirmation and explanation are shared by
both listening points and listed once; ``coffee-line`` is explicit."""


SUGAR_AT = "        id: coffee-line\n"
SUGAR = "      - Sugar is on the side.\n      - And a biscuit.\n"
"""Two lines added to the coffee node (IDs coffee.2 and coffee.3)."""


def write_piece(folder: Path, text: str = TEA) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "piece.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def record(folder: Path, line_id: str, ms: int, suffix: str = ".wav") -> Path:
    """A real recording of ``ms`` milliseconds for the line, in voiceover/."""
    path = folder / "voiceover" / f"{line_id}{suffix}"
    path.parent.mkdir(exist_ok=True)
    Sine(440).to_audio_segment(duration=ms).export(str(path), format=suffix[1:]).close()
    return path


def write_manifest(piece_path: Path) -> Path:
    manifest = piece_path.parent / "voiceover" / "lines.csv"
    manifest.parent.mkdir(exist_ok=True)
    manifest.write_text(export_csv(load_piece(piece_path)), encoding="utf-8")
    return manifest


def line_no(path: Path, needle: str) -> int:
    hits = [n for n, text in enumerate(path.read_text().splitlines(), 1) if needle in text]
    assert len(hits) == 1, hits
    return hits[0]


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    """The tea piece with ask.1, ask.2 and ask.no.1 recorded and the manifest written."""
    path = write_piece(tmp_path / "tea")
    for n, line_id in enumerate(["ask.1", "ask.2", "ask.no.1"]):
        record(path.parent, line_id, 100 + 50 * n)
    write_manifest(path)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# --- the script --------------------------------------------------------------------------


def test_export_lists_every_line_once_in_reading_order(tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(export_csv(load_piece(write_piece(tmp_path))))))
    assert [r["id"] for r in rows] == IDS
    by_id = {r["id"]: r for r in rows}
    assert by_id["ask.2"] == {"id": "ask.2", "node": "ask", "text": "Would you like a cup of tea?",
                              "placeholders": "no"}
    assert by_id["listening.unclear.reprompts.1"]["node"] == "listening"
    assert by_id["coffee-line"]["node"] == "coffee"
    templates = [r["id"] for r in rows if r["placeholders"] == "yes"]
    assert templates == ["ask.yes.1", "listening.confirm", "close.1"]


def test_export_round_trips_through_the_manifest_reader(tmp_path: Path) -> None:
    piece = load_piece(write_piece(tmp_path))
    (tmp_path / "lines.csv").write_text(export_csv(piece), encoding="utf-8")
    manifest = read_manifest(tmp_path / "lines.csv")
    assert manifest == {line.id: line.text for line in piece.lines()}


# --- playing recordings ------------------------------------------------------------------


def test_recordings_replace_synthesis_line_by_line(recorded: Path) -> None:
    piece = load_piece(recorded)
    lines = {line.id: line for line in piece.lines()}
    voiceover = VoiceOver(piece)
    assert voiceover.find("ask.2") == recorded.parent / "voiceover" / "ask.2.wav"
    assert voiceover.find("ask.yes.1") is None
    assert [i for i in IDS if voiceover.plays(lines[i])] == ["ask.1", "ask.2", "ask.no.1"]
    lengths = {i: voiceover.audio(lines[i]) for i in ("ask.1", "ask.2", "ask.no.1", "close.1")}
    assert {i: a and len(a) for i, a in lengths.items()} == {
        "ask.1": 100, "ask.2": 150, "ask.no.1": 200, "close.1": None}
    assert voiceover_problems(piece) == []


def test_a_folder_works_as_well_as_a_piece(recorded: Path) -> None:
    voiceover = VoiceOver(recorded.parent)
    assert voiceover.find("ask.1") == recorded.parent / "voiceover" / "ask.1.wav"


def test_template_lines_are_always_synthesized_and_a_recording_of_one_is_reported(
        recorded: Path) -> None:
    record(recorded.parent, "ask.yes.1", 120)
    piece = load_piece(recorded)
    line = next(line for line in piece.lines() if line.id == "ask.yes.1")
    assert VoiceOver(piece).audio(line) is None
    assert voiceover_problems(piece) == [
        f"{recorded}:{line_no(recorded, '{heard}')}: warning: line 'ask.yes.1' has "
        f"placeholders and is always synthesized; {recorded.parent}/voiceover/ask.yes.1.wav "
        "is ignored"]


def test_a_corrupt_recording_is_one_error_naming_the_file(recorded: Path) -> None:
    (recorded.parent / "voiceover" / "ask.2.wav").write_bytes(b"RIFF" + b"\0garbage" * 8)
    piece = load_piece(recorded)
    line = next(line for line in piece.lines() if line.id == "ask.2")
    with pytest.raises(VoicepieceError) as caught:
        VoiceOver(piece).audio(line)
    assert str(caught.value) == (f"{recorded.parent}/voiceover/ask.2.wav: cannot decode this "
                                 "recording (corrupt, or not WAV audio)")
    assert voiceover_problems(piece) == [
        f"{recorded.parent}/voiceover/ask.2.wav: warning: not a WAV file (no RIFF/WAVE "
        "header); playing line 'ask.2' will fail"]


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")
def test_other_formats_play_and_a_lossless_file_wins_over_a_second_one(recorded: Path) -> None:
    record(recorded.parent, "ask.2", 300, ".mp3")  # a proof beside the WAV master
    record(recorded.parent, "coffee-line", 250, ".flac")
    write_manifest(recorded)
    piece = load_piece(recorded)
    lines = {line.id: line for line in piece.lines()}
    voiceover = VoiceOver(piece)
    assert len(voiceover.audio(lines["coffee-line"])) == 250
    assert voiceover.find("ask.2") == recorded.parent / "voiceover" / "ask.2.wav"
    assert voiceover_problems(piece) == [
        f"{recorded.parent}/voiceover/ask.2.mp3: warning: line 'ask.2' also has ask.2.wav, "
        "which is the one played; this file is ignored"]


# --- drift ---------------------------------------------------------------------------------


def test_no_voiceover_folder_means_no_warnings(tmp_path: Path) -> None:
    assert voiceover_problems(load_piece(write_piece(tmp_path))) == []


def test_a_stray_file_is_reported_with_the_id_it_was_probably_meant_for(recorded: Path) -> None:
    cases = {"ask.9": "ask.1", "Coffee-Line": "coffee-line",
             "ask.silence.reprompt.1": "ask.silence.reprompts.1"}
    for name, meant in cases.items():
        stray = record(recorded.parent, name, 100)
        assert voiceover_problems(load_piece(recorded)) == [
            f"{stray}: warning: no line has the ID '{name}' (did you mean '{meant}'?); it is "
            "never played"]
        stray.unlink()
    # ask.1 and ask.2 are equally close to ask.9: the one still waiting for its recording
    # is the likelier meaning.
    (recorded.parent / "voiceover" / "ask.2.wav").unlink()
    record(recorded.parent, "ask.9", 100)
    assert "(did you mean 'ask.2'?)" in voiceover_problems(load_piece(recorded))[0]


def test_an_edited_line_is_stale_and_synthesized(recorded: Path) -> None:
    recorded.write_text(TEA.replace("a cup of tea?", "a pot of tea?"), encoding="utf-8")
    piece = load_piece(recorded)
    line = next(line for line in piece.lines() if line.id == "ask.2")
    assert VoiceOver(piece).audio(line) is None
    assert VoiceOver(piece).status(line) == "stale"
    assert not VoiceOver(piece).plays(line)
    assert voiceover_problems(piece) == [
        f"{recorded}:{line_no(recorded, 'a pot of tea')}: warning: line 'ask.2' changed since "
        "it was recorded: ask.2.wav says \"Would you like a cup of tea?\", the piece now says "
        "\"Would you like a pot of tea?\"; it is synthesized until re-recorded"]


def test_rewrapping_a_line_does_not_make_it_stale(recorded: Path) -> None:
    recorded.write_text(TEA.replace("- Would you like a cup of tea?",
                                    "- >-\n            Would you like\n            a cup of tea?"),
                        encoding="utf-8")
    assert voiceover_problems(load_piece(recorded)) == []


def test_a_line_inserted_before_derived_ids_is_caught_not_played(recorded: Path) -> None:
    """The drift Yarn users complain of: every derived ID after the new line moves."""
    recorded.write_text(TEA.replace("- Hello.\n", "- Hello.\n      - Come in.\n"),
                        encoding="utf-8")
    piece = load_piece(recorded)
    lines = {line.id: line for line in piece.lines()}
    assert lines["ask.2"].text == "Come in."
    assert VoiceOver(piece).audio(lines["ask.2"]) is None
    problems = voiceover_problems(piece)
    assert len(problems) == 1
    assert "line 'ask.2' changed since it was recorded" in problems[0]


def test_explicit_ids_keep_recordings_matched_when_lines_move(tmp_path: Path) -> None:
    pinned = TEA.replace("- Would you like a cup of tea?",
                         "- id: ask-tea\n        text: Would you like a cup of tea?")
    path = write_piece(tmp_path, pinned)
    record(tmp_path, "ask-tea", 150)
    write_manifest(path)
    path.write_text(pinned.replace("- Hello.\n", "- Hello.\n      - Come in.\n"),
                    encoding="utf-8")
    piece = load_piece(path)
    assert voiceover_problems(piece) == []
    line = next(line for line in piece.lines() if line.id == "ask-tea")
    assert len(VoiceOver(piece).audio(line)) == 150


def test_recordings_without_a_manifest_play_but_are_reported_once(tmp_path: Path) -> None:
    path = write_piece(tmp_path)
    record(tmp_path, "ask.1", 100)
    record(tmp_path, "ask.2", 100)
    piece = load_piece(path)
    line = piece.lines()[0]
    assert VoiceOver(piece).status(line) == "unverified"
    assert len(VoiceOver(piece).audio(line)) == 100
    manifest = tmp_path / "voiceover" / "lines.csv"
    assert voiceover_problems(piece) == [
        f"{manifest}: warning: no manifest: nothing records the text of 2 recordings, so a "
        "changed line would go unnoticed; once every recording matches the script, run "
        f"`voicepiece lines export {path} --out {manifest}`"]


def test_recordings_missing_from_the_manifest_are_reported_in_one_warning(
        recorded: Path) -> None:
    """Lines added after the manifest was written, then recorded: nothing vouches for them."""
    recorded.write_text(TEA.replace(SUGAR_AT, SUGAR_AT + SUGAR), encoding="utf-8")
    for line_id in ("coffee.2", "coffee.3"):
        record(recorded.parent, line_id, 100)
    record(recorded.parent, "close.1", 100)  # a template: reported on its own
    problems = voiceover_problems(load_piece(recorded))
    assert len(problems) == 2
    assert "line 'close.1' has placeholders" in problems[0]
    manifest = recorded.parent / "voiceover" / "lines.csv"
    assert problems[1] == (
        f"{manifest}: warning: 2 recordings not in the manifest (coffee.2, coffee.3): nothing "
        "records their text, so a changed line would go unnoticed; once every recording "
        f"matches the script, run `voicepiece lines export {recorded} --out {manifest}`")


def test_an_unreadable_manifest_is_a_warning_to_check_and_an_error_to_play(
        recorded: Path) -> None:
    manifest = recorded.parent / "voiceover" / "lines.csv"
    manifest.write_text("line,words\nask.1,Hello.\n", encoding="utf-8")
    piece = load_piece(recorded)
    reason = ("not a voice-over manifest: it needs the columns id and text (write it with "
              "`voicepiece lines export`)")
    assert voiceover_problems(piece) == [f"{manifest}: warning: {reason}"]
    with pytest.raises(VoicepieceError, match="not a voice-over manifest"):
        VoiceOver(piece).audio(piece.lines()[0])


def test_a_manifest_saved_by_a_spreadsheet_with_a_bom_still_reads(recorded: Path) -> None:
    manifest = recorded.parent / "voiceover" / "lines.csv"
    manifest.write_bytes(b"\xef\xbb\xbf" + manifest.read_bytes().replace(b"\n", b"\r\n"))
    assert voiceover_problems(load_piece(recorded)) == []


# --- the commands --------------------------------------------------------------------------


def test_check_prints_warnings_and_fails_only_when_strict(recorded: Path, capsys) -> None:
    code, out, err = run(capsys, "check", "--strict", str(recorded))
    assert (code, err) == (0, "")
    assert "warning:" not in out
    stray = record(recorded.parent, "ask.9", 100)
    code, out, err = run(capsys, "check", str(recorded))
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"{recorded}: ok"
    assert [line for line in out.splitlines() if "warning:" in line] == [
        f"{stray}: warning: no line has the ID 'ask.9' (did you mean 'ask.1'?); it is "
        "never played"]
    code, out, _ = run(capsys, "check", "--strict", str(recorded))
    assert code == 1
    assert f"{stray}: warning:" in out


def test_lines_export_prints_the_script_or_writes_the_manifest(tmp_path: Path, capsys) -> None:
    path = write_piece(tmp_path)
    code, out, err = run(capsys, "lines", "export", str(path))
    assert (code, err) == (0, "")
    assert out == export_csv(load_piece(path))
    assert out.splitlines()[0] == "id,node,text,placeholders"
    manifest = tmp_path / "voiceover" / "lines.csv"  # the folder does not exist yet
    code, out, err = run(capsys, "lines", "export", str(path), "--out", str(manifest))
    assert (code, out, err) == (0, "", f"wrote {manifest} ({len(IDS)} lines)\n")
    assert manifest.read_text(encoding="utf-8") == export_csv(load_piece(path))


def test_lines_export_defaults_to_the_built_in_piece(capsys) -> None:
    code, out, _ = run(capsys, "lines", "export")
    assert code == 0
    assert out.startswith("id,node,text,placeholders\n"
                          "listening.backchannel,listening,Hmm.,no\nwelcome.1,welcome,")


def test_the_backchannel_is_in_the_script_and_can_be_recorded(tmp_path: Path, capsys) -> None:
    """The backchannel belongs to no node, yet the narrator says it: the actors' script
    lists it, and a recording made for it is what plays."""
    path = write_piece(tmp_path, TEA.replace("listening:\n",
                                             "listening:\n  backchannel: Hmm.\n"))
    code, out, _ = run(capsys, "lines", "export", str(path))
    assert code == 0
    assert out.splitlines()[1] == "listening.backchannel,listening,Hmm.,no"
    piece = load_piece(path)
    (path.parent / "voiceover").mkdir()
    (path.parent / "voiceover" / "lines.csv").write_text(export_csv(piece), encoding="utf-8")
    record(path.parent, "listening.backchannel", 321)
    voiceover = VoiceOver(piece)
    assert piece.backchannel is not None
    assert voiceover.status(piece.backchannel) == "recorded"
    code, out, _ = run(capsys, "lines", "list", str(path))
    assert out.splitlines()[0].split() == ["listening.backchannel", "recorded"]
    played = voiceover.audio(piece.backchannel)
    assert played is not None and abs(len(played) - 321) <= 1


def test_lines_list_shows_every_status(recorded: Path, capsys) -> None:
    edited = TEA.replace("Another time, then.", "Another day, then.")
    recorded.write_text(edited.replace(SUGAR_AT, SUGAR_AT + SUGAR), encoding="utf-8")
    record(recorded.parent, "coffee.2", 100)  # a new line: not in the manifest
    record(recorded.parent, "ask.yes.1", 100)  # a template
    code, out, err = run(capsys, "lines", "list", str(recorded))
    assert code == 0
    statuses = dict(line.split() for line in out.splitlines())
    assert statuses == {
        "ask.1": "recorded", "ask.2": "recorded", "ask.yes.1": "template",
        "ask.no.1": "stale", "ask.silence.reprompts.1": "missing",
        "ask.silence.say.1": "missing", "listening.unclear.reprompts.1": "missing",
        "listening.confirm": "template", "listening.explain.1": "missing",
        "coffee-line": "missing", "coffee.2": "unverified",
        "coffee.3": "missing",
        "coffee.milk.1": "missing", "close.1": "template"}
    assert list(statuses)[9:12] == ["coffee-line", "coffee.2", "coffee.3"]
    assert err == "14 lines: 7 missing, 2 recorded, 1 stale, 3 template, 1 unverified\n"


def test_lines_on_a_missing_piece_is_one_error(tmp_path: Path, capsys) -> None:
    code, out, err = run(capsys, "lines", "list", str(tmp_path / "nothing.yaml"))
    assert code != 0
    assert out == ""
    assert err.count("\n") == 1

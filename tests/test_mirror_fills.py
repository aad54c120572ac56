"""The mirrors prepared ahead: the words a listener is likely to have said back to them,
filled into the lines that would say them."""

from __future__ import annotations

from pathlib import Path

from voicepiece.story.loader import load_piece
from voicepiece.story.mirrors import MAX_FILLS, likely_fills

PIECE = """
piece: fills
start: ask
listening:
  confirm: "{heard}... is that what you said?"
  unclear:
    reprompts: ["{heard|Sorry}? Say it again?"]
nodes:
  ask:
    say: Do you love her?
    listen:
      remember: love
      next: close
      answers:
        - label: yes
          say: "{heard}. So do I."
        - label: from_within
          canonical: from within
          phrases: [from within, I feel it myself]
          say: "{heard}, you say."
  close:
    say: "You answered: {love|nothing at all}."
    end: true
"""


def fills(tmp_path: Path, text: str = PIECE) -> dict[str, list[str]]:
    path = tmp_path / "piece.yaml"
    path.write_text(text)
    out: dict[str, list[str]] = {}
    for f in likely_fills(load_piece(str(path))):
        out.setdefault(f.line.id, []).append(f.text)
    return out


def test_an_answer_is_prepared_as_its_canonical_form_and_its_common_phrasings(tmp_path):
    said = fills(tmp_path)["ask.yes.1"]
    assert said[0] == "Yes. So do I."
    assert "Yeah. So do I." in said
    assert "Of course. So do I." not in said[:1]
    assert all(t.endswith(". So do I.") for t in said)


def test_own_phrases_are_said_back_from_the_narrators_side(tmp_path):
    said = fills(tmp_path)["ask.from_within.1"]
    assert said == ["From within, you say.", "You feel it yourself, you say."]


def test_endings_are_prepared_for_every_remembered_answer_and_the_fallback(tmp_path):
    said = fills(tmp_path)["close.1"]
    assert "You answered: yes." in said
    assert "You answered: from within." in said
    assert "You answered: nothing at all." in said


def test_lines_whose_words_are_never_trusted_are_prepared_with_their_fallback(tmp_path):
    assert fills(tmp_path)["listening.unclear.reprompts.1"] == ["Sorry? Say it again?"]


def test_a_confirmation_is_prepared_for_each_answer(tmp_path):
    said = fills(tmp_path)["listening.confirm"]
    assert "Yes... is that what you said?" in said
    assert "From within... is that what you said?" in said


def test_a_line_with_many_slots_is_prepared_with_canonical_forms_only(tmp_path):
    extra = PIECE.replace('say: "You answered: {love|nothing at all}."',
                          'say: "{love|nothing}, {love2|none}, {love3|no}."')
    extra = extra.replace("  close:\n", """  two:
    say: again
    listen: {remember: love2, next: three, answers: [{label: yes}, {label: no}, {label: unsure}]}
  three:
    say: again
    listen: {remember: love3, next: close, answers: [{label: yes}, {label: no}]}
  close:
""").replace("next: close\n      answers:\n        - label: yes\n          say: \"{heard}. So",
             "next: two\n      answers:\n        - label: yes\n          say: \"{heard}. So")
    said = fills(tmp_path, extra)["close.1"]
    assert 1 < len(said) <= MAX_FILLS
    assert "Yes, yes, yes." in said


def test_the_her_piece_prepares_its_mirrors(tmp_path):
    her = likely_fills(load_piece("her"))
    assert len(her) > 50
    assert all("{" not in f.text for f in her)

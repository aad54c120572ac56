"""Open answers and questions back (a point's ``open`` and ``explain``): the piece format,
``check``, the story and the session loop, with typed (trusted) replies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voicepiece.cli import main
from voicepiece.errors import PieceError
from voicepiece.session.events import Heard
from voicepiece.session.loop import Session
from voicepiece.story.loader import load_piece, parse_piece
from voicepiece.story.offscript import asks_back, is_open_answer
from voicepiece.testing import KeptVoice, ScriptedEar

PIECE = """\
piece: source
start: ask
listening:
  unclear:
    reprompts: ["{heard|Sorry}? I'm not sure I understood."]
  explain:
    say: Let me ask it again.
nodes:
  ask:
    say:
      - Love is a strange thing.
      - Where does love come from? From within, or from another?
    listen:
      remember: source
      next: close
      answers:
        - label: within
          phrases: [within, from within]
          say: "From the inside, then."
        - label: another
          phrases: [another, someone else]
          say: "From someone else, then."
        - label: unsure
          say: It's a hard thing to locate.
      open:
        say: ["{heard}. I'll keep that with me."]
        next: kept
      explain:
        say: "I mean: does love begin inside us, or does someone else bring it?"
  kept:
    say: "You said {source}; I'll remember."
    next: close
  close:
    route:
      - when: {source: open}
        next: open_end
      - next: plain_end
  open_end:
    say: "When I asked, you answered: {source|in your own way}."
    end: true
  plain_end:
    say: Goodbye.
    end: true
"""

QUESTION = "Where does love come from? From within, or from another?"
EXPLAINED = "I mean: does love begin inside us, or does someone else bring it?"


@pytest.fixture
def piece_path(tmp_path: Path) -> Path:
    path = tmp_path / "piece.yaml"
    path.write_text(PIECE, encoding="utf-8")
    return path


def play(path: Path, replies: list) -> tuple:
    voice = KeptVoice()
    outcome = Session(load_piece(path), voice, ScriptedEar(replies)).run()
    return outcome, voice.said


# ── recognizing a question back and an open answer ───────────────────────────────────


@pytest.mark.parametrize("text", [
    "what do you mean?", "Can you repeat that?", "say that again", "sorry?", "Pardon?",
    "what was the question", "I don't understand the question", "um, what?",
    "I'm not sure what you mean", "what do you mean by love", "sorry, what did you ask?",
    "what combustion?", "alone how?", "which one?", "who do you mean by he?",
    "in what way?", "from what?",
])
def test_a_question_back_is_recognized(text: str) -> None:
    assert asks_back(text)


@pytest.mark.parametrize("text", [
    "I don't know", "I know what you mean", "don't say that again", "no need, say that again",
    "sorry, I think it comes from within", "not sure", "from within", "", "um", "uh huh",
    "who knows?", "how should I know?", "what time is it, do you think?",
    "What time is it?", "how old are you?", "what is it for?",
    "In what two people share?", "from who raised us?", "by what they say?",
])
def test_an_answer_or_a_negated_question_is_not_a_question_back(text: str) -> None:
    assert not asks_back(text)


def test_no_phrasing_the_her_piece_listens_for_asks_back() -> None:
    from voicepiece.story.phrases import heard_phrases, understood_phrases

    phrases = {p for node in load_piece("her").listening_points()
               for p in heard_phrases(node.listen.answers)}
    phrases |= {p for found in understood_phrases().values() for p in found}
    assert [p for p in sorted(phrases) if asks_back(p)] == []


@pytest.mark.parametrize("text", ["I loved her", "from god", "love", "it felt real to me"])
def test_trusted_words_that_say_something_are_an_open_answer(text: str) -> None:
    assert is_open_answer(text, trusted=True)
    assert not is_open_answer(text, trusted=False)


@pytest.mark.parametrize("text", [
    "um", "mm", "well, um", "the", "I", "thank you", "I don't know", "not for me", "I doubt it",
    "of course", "", "what time is it?", "twenty seven", "number 9",
])
def test_filler_noise_and_builtin_meanings_are_not_open_answers(text: str) -> None:
    assert not is_open_answer(text, trusted=True)


def test_a_relevance_below_the_floor_makes_no_open_answer(monkeypatch) -> None:
    from voicepiece.story import offscript

    monkeypatch.setattr(offscript, "OPEN_RELEVANCE_FLOOR", 0.3)
    assert not is_open_answer("I had pasta for lunch", True, relevance=0.1)
    assert is_open_answer("I loved her", True, relevance=0.6)


# ── the session ──────────────────────────────────────────────────────────────────────


def test_an_open_answer_is_received_kept_and_routed(piece_path: Path) -> None:
    outcome, said = play(piece_path, ["I think it comes from god"])
    assert [t.answer for t in outcome.turns] == ["open"]
    assert outcome.turns[0].trusted
    assert "You think it comes from god. I'll keep that with me." in said
    assert "You said you think it comes from god; I'll remember." in said
    assert outcome.ending == "open_end"
    assert said[-1] == "When I asked, you answered: you think it comes from god."


def test_an_answer_the_point_offers_is_not_open(piece_path: Path) -> None:
    outcome, _ = play(piece_path, ["from within, I think"])
    assert [t.answer for t in outcome.turns] == ["within"]
    assert outcome.ending == "plain_end"


def test_filler_stays_unclear(piece_path: Path) -> None:
    outcome, said = play(piece_path, ["um", "from within"])
    assert [t.answer for t in outcome.turns] == ["unclear", "within"]
    assert any(line.endswith("I'm not sure I understood.") for line in said)


def test_words_not_trusted_are_never_an_open_answer(piece_path: Path) -> None:
    grammar_guess = Heard(text="loving yourself", label="unclear", confidence=0.03)
    outcome, said = play(piece_path, [grammar_guess, "from within"])
    assert [t.answer for t in outcome.turns] == ["unclear", "within"]
    assert not outcome.turns[0].trusted
    assert not any("loving yourself" in line for line in said)


def test_a_trusted_transcript_the_ear_rejected_is_an_open_answer(piece_path: Path) -> None:
    heard = Heard(text="i loved her", label="unclear", confidence=0.7, own_words=True)
    outcome, said = play(piece_path, [heard])
    assert [t.answer for t in outcome.turns] == ["open"]
    assert "You loved her. I'll keep that with me." in said


def test_a_long_open_answer_heard_by_an_ear_is_received_but_not_said_back(piece_path: Path
                                                                          ) -> None:
    """Nothing bears out a long open answer's transcribed words (mirror.OPEN_MIRROR_WORDS):
    it is received and routed, its words kept in the record, never said back or quoted."""
    words = "i cook dinner for the people i care about"
    heard = Heard(text=words, label="unclear", confidence=0.9, own_words=True)
    outcome, said = play(piece_path, [heard])
    assert [t.answer for t in outcome.turns] == ["open"]
    assert outcome.turns[0].heard == words
    assert outcome.ending == "open_end"
    assert not any("dinner" in line for line in said)
    assert said[-1] == "When I asked, you answered: in your own way."


def test_a_question_back_is_explained_and_the_question_asked_again(piece_path: Path) -> None:
    outcome, said = play(piece_path, ["what do you mean?", "from someone else"])
    assert [t.answer for t in outcome.turns] == ["explain", "another"]
    at = said.index(EXPLAINED)
    assert said[at + 1] == QUESTION
    assert said.count("Love is a strange thing.") == 1  # only the question is asked again
    assert outcome.path.count("ask") == 1


def test_i_dont_understand_the_question_is_not_no(piece_path: Path) -> None:
    outcome, _ = play(piece_path, ["I don't understand the question", "within"])
    assert [t.answer for t in outcome.turns] == ["explain", "within"]


def test_questions_back_beyond_the_limit_are_unclear(piece_path: Path) -> None:
    outcome, said = play(piece_path, ["pardon?", "what?", "sorry?", "within"])
    assert [t.answer for t in outcome.turns] == ["explain", "explain", "explain", "within"]
    assert said.count(EXPLAINED) == 2  # the limit, 2 by default
    assert "Sorry? I'm not sure I understood." in said  # the third: the unclear ladder


def test_the_piece_default_explains_where_the_point_says_nothing(tmp_path: Path) -> None:
    text = PIECE.replace('''      explain:
        say: "I mean: does love begin inside us, or does someone else bring it?"
''', "")
    path = tmp_path / "piece.yaml"
    path.write_text(text)
    _, said = play(path, ["can you repeat that?", "within"])
    assert said[said.index("Let me ask it again.") + 1] == QUESTION


def test_without_open_an_understood_answer_stays_unclear(tmp_path: Path) -> None:
    text = PIECE.replace('''      open:
        say: ["{heard}. I'll keep that with me."]
        next: kept
''', "      unclear: {then: kept}\n").replace("when: {source: open}", "when: {source: unclear}")
    path = tmp_path / "piece.yaml"
    path.write_text(text)
    outcome, said = play(path, ["I loved her", "within"])
    assert [t.answer for t in outcome.turns] == ["unclear", "within"]
    assert "You loved her? I'm not sure I understood." in said


def test_the_record_says_whether_words_were_trusted(piece_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = main(["run", str(piece_path), "--text", "--reply", "it comes from god", "--record",
                 str(out)])
    assert code == 0
    record = json.loads(next(out.rglob("session.json")).read_text())
    assert [(t["answer"], t["trusted"]) for t in record["turns"]] == [("open", True)]


# ── the format and check ─────────────────────────────────────────────────────────────


def test_the_loader_reads_open_and_explain(piece_path: Path) -> None:
    listen = load_piece(piece_path).nodes["ask"].listen
    assert listen.open is not None and listen.open.next == "kept"
    assert listen.open.say[0].id == "ask.open.1"
    assert listen.explain.say[0].id == "ask.explain.1"
    assert listen.explain.limit == 2 and listen.explain.ask
    assert "open" in listen.remembered


def test_check_accepts_the_piece(piece_path: Path, capsys) -> None:
    assert main(["check", str(piece_path)]) == 0


@pytest.mark.parametrize(("change", "message"), [
    (("next: kept\n", "next: kep\n"), "open goes to unknown node 'kep' (did you mean 'kept'?)"),
    (("- label: unsure", "- label: open"), "'open' is reserved for the point's 'open' answers"),
    (("- label: unsure", "- label: explain"), "'explain' is reserved for a listener's question"),
    (("I mean: does", "I mean {heard}: does"), "{heard} is only known in a response"),
])
def test_check_names_the_problem(piece_path: Path, capsys, change, message) -> None:
    piece_path.write_text(PIECE.replace(*change, 1))
    assert main(["check", str(piece_path)]) == 1
    assert message in capsys.readouterr().err


def test_route_on_open_needs_a_point_that_takes_open_answers(tmp_path: Path, capsys) -> None:
    text = PIECE.replace('''      open:
        say: ["{heard}. I'll keep that with me."]
        next: kept
''', "")
    path = tmp_path / "piece.yaml"
    path.write_text(text)
    assert main(["check", str(path)]) == 1
    assert "memory 'source' is never 'open'" in capsys.readouterr().err


def test_the_schema_names_an_unknown_key_in_explain() -> None:
    with pytest.raises(PieceError, match="unknown key 'limits'"):
        parse_piece(PIECE.replace("  explain:\n    say: Let me",
                                  "  explain:\n    limits: 2\n    say: Let me"), "piece.yaml")


@pytest.mark.parametrize("text", [
    "could you please run that by me again", "will you repeat",  # a request, cut short too
    "would you mind going over that", "can you put it differently?",
    "so are you saying she's lonely?", "what are you getting at?", "who are you talking about",
])
def test_a_request_to_say_it_again_or_what_is_meant_asks_back(text: str) -> None:
    assert asks_back(text)


@pytest.mark.parametrize("text", [
    "I see what you mean", "I know what you're saying", "you said it yourself",
    "could you not ask me that", "can you believe it, yes", "will you go with him",
])
def test_a_statement_about_what_was_said_does_not_ask_back(text: str) -> None:
    assert not asks_back(text)


@pytest.mark.parametrize(("text", "asks"), [
    ("I'm sorry, I didn't follow", True), ("you lost me there", False),
    ("um, you've lost me, sorry", True), ("I missed that", True),
    ("I didn't follow my heart", False), ("I missed that feeling of closeness", False),
])
def test_not_having_followed_asks_back_only_when_it_ends_the_reply(text: str,
                                                                  asks: bool) -> None:
    assert asks_back(text) == asks

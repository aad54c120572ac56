"""`voicepiece check`: every kind of problem it reports, on small broken pieces.

Each broken piece is the valid BASE piece with one or two edits, so the edit is all a
reader has to look at. Problems are asserted as the exact ``file:line: message`` an author
sees, with the line found by the text written on it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from textwrap import dedent

import jsonschema
import pytest

from voicepiece.cli import main
from voicepiece.story.yamlsource import load_yaml

DOCS = Path(__file__).resolve().parents[1] / "docs" / "piece-format.md"

BASE = dedent("""\
    piece: tea
    title: A cup of tea
    start: ask
    voice: {name: en-us+f3, rate: 160, pitch: 50}
    listening:
      timeout: 7
      unclear:
        reprompts: ["I didn't quite catch that."]
    nodes:
      ask:
        say: Would you like a cup of tea?
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
        say: Coffee it is.
        next: close
      close:
        route:
          - when: {tea: [yes, coffee]}
            next: warm
          - next: cool
      warm:
        say: "Enjoy your {tea|drink}."
        end: true
      cool:
        say: Goodbye.
        end: true
    """)


def variant(*edits: tuple[str, str]) -> str:
    """BASE with each (old, new) edit applied; every old text must occur exactly once."""
    text = BASE
    for old, new in edits:
        assert text.count(old) == 1, f"edit target {old!r} must occur once in BASE"
        text = text.replace(old, new)
    return text


def at(text: str, needle: str) -> int:
    """The number of the line of ``text`` that is exactly ``needle``, or else of the one
    line that contains it."""
    lines = text.splitlines()
    hits = [n for n, line in enumerate(lines, 1) if line == needle]
    hits = hits or [n for n, line in enumerate(lines, 1) if needle in line]
    assert len(hits) == 1, f"{needle!r} is on lines {hits}, expected exactly one"
    return hits[0]


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def problems(self) -> list[str]:
        return self.err.splitlines()


@pytest.fixture
def check(capsys):
    def run(target: str | Path) -> Result:
        code = main(["check", str(target)])
        captured = capsys.readouterr()
        result = Result(code, captured.out, captured.err)
        assert "Traceback" not in result.out + result.err
        return result

    return run


@pytest.fixture
def piece_file(tmp_path):
    def write(content: str | bytes, name: str = "piece.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


# --- valid pieces --------------------------------------------------------------------------

WALK = dedent("""\
    piece: walk
    start: gate
    nodes:
      gate:
        say:
          - You reach a gate.
          - Do you open it?
        listen:
          next: field
          answers:
            - label: yes
              say: It creaks open.
            - label: no
              next: home
            - label: climb
              phrases: [climb, climb over]
          silence:
            reprompts: ["Are you there?"]
            say: The gate stays shut.
            then: home
      field:
        say: A wide field. Rest, or walk on?
        listen:
          next: meadow
          answers:
            - label: rest
              phrases: [rest, sit down]
              say: You rest a while.
            - label: walk
              phrases: [walk, walk on]
      home:
        say: You go home.
        end: true
      meadow:
        say: The meadow.
        end: true
    """)


def test_valid_piece_prints_ok_and_a_summary_counted_by_hand(check, piece_file):
    # lines: gate 2 + yes 1 + silence reprompt 1 + silence say 1, field 1 + rest 1, home 1,
    # meadow 1, the default confirmation 1, the default two-way check 1 (field offers two
    # answers with phrases: "rest, or walk?") and the default explanation ("Let me ask it
    # again.") 1 = 12. Paths: yes, climb and unclear reach
    # field (rest, walk, silence, unclear: 4 each); no and silence go home: 3 * 4 + 2 = 14.
    path = piece_file(WALK)
    result = check(path)
    assert result.code == 0
    assert result.err == ""
    assert result.out == (f"{path}: ok\n"
                          "  nodes: 4, lines: 12, listening points: 2, endings: 2, "
                          "distinct paths: 14\n"
                          "  voice: no voice named, so $VOICEPIECE_VOICE_CHAIN: espeak voice "
                          "en-us+f3 (the first that can speak here), 160 words a minute\n")


def test_base_piece_is_valid(check, piece_file):
    result = check(piece_file(BASE))
    assert (result.code, result.err) == (0, "")
    assert "nodes: 5, lines: 11, listening points: 1, endings: 2" in result.out


def test_routes_add_no_paths_of_their_own(check, piece_file):
    # The choices at 'ask' are yes, no, coffee, silence and unclear; the route at 'close'
    # only follows from them, so there are 5 sequences of choices (docs/piece-format.md).
    result = check(piece_file(BASE))
    assert result.code == 0
    assert "distinct paths: 5\n" in result.out


def test_a_story_that_can_loop_has_unbounded_paths(check, piece_file):
    path = piece_file(variant(("        - label: coffee\n", "        - label: again\n"
                               "          phrases: [ask again]\n          next: ask\n"
                               "        - label: coffee\n")))
    result = check(path)
    assert result.code == 0
    assert "distinct paths: unbounded" in result.out


def test_a_folder_is_checked_through_its_piece_file(check, tmp_path):
    (tmp_path / "piece.yaml").write_text(BASE)
    (tmp_path / "notes.yaml").write_text("not: a piece\n")
    result = check(tmp_path)
    assert result.code == 0
    assert result.out.startswith(f"{tmp_path / 'piece.yaml'}: ok\n")


def test_the_example_in_the_format_docs_passes(check, piece_file):
    example = re.search(r"```yaml\n(piece: .*?)```", DOCS.read_text(), re.S)
    assert example, "docs/piece-format.md has no complete example piece"
    result = check(piece_file(example.group(1)))
    assert (result.code, result.err) == (0, "")


def test_the_builtin_her_piece_passes(check):
    result = check("her")
    assert result.err == ""
    assert result.code == 0
    assert re.search(r"her/piece\.yaml: ok\n  nodes: \d+, lines: \d+, listening points: \d+, "
                     r"endings: \d+, distinct paths: \d+\n  voice: .+, 160 words a minute\n$",
                     result.out)


# --- files that are not pieces: one clear line, exit 1 ---------------------------------------


def assert_one_line(result: Result, expected: str) -> None:
    assert result.code == 1
    assert result.out == ""
    assert result.problems == [expected]


@pytest.mark.parametrize(("content", "message"), [
    pytest.param(b"", ": is empty; a piece needs at least 'piece', 'start' and 'nodes'",
                 id="empty"),
    pytest.param(b"  \n\n\t \n", ": is empty; a piece needs at least 'piece', 'start' and 'nodes'",
                 id="whitespace-only"),
    pytest.param(b"piece: tea\n\x00\x01\x02\xff", ": is a binary file, not a YAML piece",
                 id="binary"),
    pytest.param("piece: tea\ntitle: Caf\u00e9\n".encode("latin-1"),
                 ": is not UTF-8 text; save the piece as UTF-8", id="not-utf-8"),
    pytest.param(b"- ask\n- close\n",
                 ":1: a piece must be a mapping with 'piece', 'start', 'nodes'", id="a-list"),
    pytest.param(b"just some words\n",
                 ":1: a piece must be a mapping with 'piece', 'start', 'nodes'", id="a-scalar"),
    pytest.param(b"# only a comment\n",
                 ":1: a piece must be a mapping with 'piece', 'start', 'nodes'", id="only-comment"),
])
def test_a_file_that_is_not_a_piece(check, piece_file, content, message):
    path = piece_file(content)
    assert_one_line(check(path), f"{path}{message}")


def test_malformed_yaml_names_its_line(check, piece_file):
    text = variant(("    say: Coffee it is.\n", "    say: Coffee: it is.\n"))
    path = piece_file(text)
    assert_one_line(check(path), f"{path}:{at(text, 'Coffee: it is.')}: malformed YAML: "
                                 "mapping values are not allowed in this context; put text holding "
                                 "':', '?', '#', ',' or brackets in quotes")


def test_unclosed_bracket_is_malformed_yaml(check, piece_file):
    path = piece_file(variant(("phrases: [coffee, an espresso]", "phrases: [coffee, an espresso")))
    result = check(path)
    assert result.code == 1
    assert len(result.problems) == 1
    assert re.fullmatch(rf"{re.escape(str(path))}:\d+: malformed YAML: .+", result.problems[0])


def test_duplicate_key_names_both_lines(check, piece_file):
    text = variant(("    say: Coffee it is.\n", "    say: Coffee it is.\n    say: Tea it is.\n"))
    path = piece_file(text)
    assert_one_line(check(path), f"{path}:{at(text, 'Tea it is.')}: duplicate key 'say' "
                                 f"(first at line {at(text, 'Coffee it is.')})")


def test_a_folder_with_no_piece_file(check, tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "README.txt").write_text("no piece here")
    assert_one_line(check(folder),
                    f"{folder}: is a folder with no piece file (expected piece.yaml)")


def test_a_folder_with_several_yaml_files_asks_which(check, tmp_path):
    (tmp_path / "one.yaml").write_text(BASE)
    (tmp_path / "two.yaml").write_text(BASE)
    assert_one_line(check(tmp_path),
                    f"{tmp_path}: several YAML files (one.yaml, two.yaml); name the piece file")


def test_a_missing_file(check, tmp_path):
    path = tmp_path / "nowhere.yaml"
    assert_one_line(check(path), f"{path}: no such file")


def test_a_missing_name_that_is_not_a_builtin_piece(check, tmp_path):
    path = tmp_path / "nowhere"
    assert_one_line(check(path), f"{path}: no such file, and not a built-in piece (her)")


def test_check_without_a_piece_says_what_it_needs(capsys):
    assert main(["check"]) == 2
    captured = capsys.readouterr()
    assert captured.err == "voicepiece: check needs a PIECE (a piece file, its folder, or 'her')\n"


# --- structure: keys and types --------------------------------------------------------------

STRUCTURE = [
    pytest.param([("    next: close\n  close:", "    nxt: close\n  close:")], "nxt: close",
                 "node 'coffee': unknown key 'nxt' (did you mean 'next'?)", id="node-key"),
    pytest.param([("          next: coffee\n", "          nxt: coffee\n")], "nxt: coffee",
                 "node 'ask': unknown key 'nxt' (did you mean 'next'?)", id="answer-key"),
    pytest.param([("      - when:", "      - wehn:")], "wehn:",
                 "node 'close': unknown key 'wehn' (did you mean 'when'?)", id="route-key"),
    pytest.param([("reprompts: [\"Would", "repromts: [\"Would")], "repromts:",
                 "node 'ask': unknown key 'repromts' (did you mean 'reprompts'?)",
                 id="ladder-key"),
    pytest.param([("title: A cup of tea", "titel: A cup of tea")], "titel:",
                 "unknown key 'titel' (did you mean 'title'?)", id="top-level-key"),
    pytest.param([("rate: 160", "rate: fast")], "rate: fast",
                 "'rate' must be a whole number, not text", id="rate-as-text"),
    pytest.param([("rate: 160", "rate: 5000")], "rate: 5000",
                 "'rate' is out of range: 5000 is greater than the maximum of 500",
                 id="rate-out-of-range"),
    pytest.param([("    say: Coffee it is.\n", "    say: 5\n")], "say: 5",
                 "node 'coffee': 'say' must be a line or a list of lines, not a whole number",
                 id="say-as-number"),
    pytest.param([("phrases: [coffee, an espresso]", "phrases: coffee")], "phrases: coffee",
                 "node 'ask': 'phrases' must be a list, not text", id="phrases-as-text"),
    pytest.param([("        - label: no\n", "        - label: no\n          meaning: perhaps\n")],
                 "meaning: perhaps",
                 "node 'ask': 'meaning' must be one of yes, no, unsure, not 'perhaps'",
                 id="bad-meaning"),
    pytest.param([("    say: Goodbye.\n    end: true", "    say: Goodbye.\n    end: false")],
                 "end: false", "node 'cool': 'end' can only be true", id="end-false"),
    pytest.param([("        - label: no\n", "        - label: true\n          phrases: [sure]\n"
                   "        - label: no\n")], "label: true",
                 "node 'ask': 'label' must be text, not true/false", id="label-true"),
    pytest.param([("  coffee:\n    say: Coffee it is.\n    next: close\n",
                   "  coffee:\n")], "  coffee:",
                 "node 'coffee': 'coffee' must be a mapping, not nothing", id="empty-node"),
    pytest.param([("start: ask\n", "")], "piece: tea", "missing 'start'", id="missing-start"),
]


@pytest.mark.parametrize(("edits", "where", "message"), STRUCTURE)
def test_structure_problem(check, piece_file, edits, where, message):
    text = variant(*edits)
    path = piece_file(text)
    assert_one_line(check(path), f"{path}:{at(text, where)}: {message}")


def test_a_bad_node_name_is_reported_at_the_name(check, piece_file):
    text = variant(("  cool:\n", "  my.cool:\n"), ("      - next: cool", "      - next: my.cool"))
    path = piece_file(text)
    result = check(path)
    assert result.code == 1
    [problem] = result.problems
    assert problem.startswith(f"{path}:{at(text, 'my.cool:')}: ")
    assert "'my.cool'" in problem
    assert "'.'" not in problem


@pytest.mark.parametrize(("edit", "where"), [
    pytest.param(("- label: coffee", "- label: a.coffee"), "a.coffee", id="label"),
    pytest.param(("remember: tea", "remember: my.tea"), "my.tea", id="remember"),
])
def test_a_bad_name_message_does_not_allow_what_it_rejects(check, piece_file, edit, where):
    text = variant(edit)
    path = piece_file(text)
    result = check(path)
    assert result.code == 1
    [problem] = result.problems
    assert problem.startswith(f"{path}:{at(text, where)}: node 'ask': ")
    assert "'.'" not in problem


@pytest.mark.parametrize(("say", "where", "message"), [
    pytest.param("    say:\n      - text: Coffee it is.\n        ide: c1\n", "ide: c1",
                 "node 'coffee': unknown key 'ide' (did you mean 'id'?)", id="unknown-key-in-list"),
    pytest.param("    say: {text: Coffee it is., ide: c1}\n", "ide: c1",
                 "node 'coffee': unknown key 'ide' (did you mean 'id'?)", id="unknown-key"),
    pytest.param("    say:\n      - text: Coffee it is.\n        pause: slow\n", "pause: slow",
                 "node 'coffee': 'pause' must be a number, not text", id="pause-as-text"),
])
def test_a_problem_inside_a_line_mapping_names_the_key(check, piece_file, say, where, message):
    text = variant(("    say: Coffee it is.\n", say))
    path = piece_file(text)
    assert_one_line(check(path), f"{path}:{at(text, where)}: {message}")


def test_a_timeout_that_is_not_a_number_is_reported(check, piece_file):
    text = variant(("  timeout: 7", "  timeout: .nan"))
    path = piece_file(text)
    result = check(path)
    assert result.code == 1
    [problem] = result.problems
    assert problem == f"{path}:{at(text, 'timeout')}: '.nan' is not a usable number"


def test_every_structure_problem_is_reported_at_once(check, piece_file):
    text = variant(("title: A cup", "titel: A cup"), ("rate: 160", "rate: fast"),
                   ("    next: close\n  close:", "    nxt: close\n  close:"),
                   ("label: coffee", "label: coffee\n          meaning: perhaps"))
    path = piece_file(text)
    result = check(path)
    assert result.code == 1
    assert result.problems == [
        f"{path}:{at(text, 'titel:')}: unknown key 'titel' (did you mean 'title'?)",
        f"{path}:{at(text, 'rate: fast')}: 'rate' must be a whole number, not text",
        f"{path}:{at(text, 'meaning: perhaps')}: node 'ask': 'meaning' must be one of yes, no, "
        "unsure, not 'perhaps'",
        f"{path}:{at(text, 'nxt: close')}: node 'coffee': unknown key 'nxt' (did you mean 'next'?)",
    ]


# --- the story: destinations, node kinds, reachability --------------------------------------

DESTINATIONS = [
    pytest.param([("    next: close\n  close:", "    next: clsoe\n  close:")], "next: clsoe",
                 "node 'coffee': next goes to unknown node 'clsoe' (did you mean 'close'?)",
                 id="next"),
    pytest.param([("          next: coffee\n", "          next: cofee\n")], "next: cofee",
                 "node 'ask': answer 'coffee' goes to unknown node 'cofee' "
                 "(did you mean 'coffee'?)",
                 id="answer-next"),
    pytest.param([("      next: close\n      answers:", "      next: colse\n      answers:")],
                 "next: colse",
                 "node 'ask': listen next goes to unknown node 'colse' (did you mean 'close'?)",
                 id="listen-next"),
    pytest.param([("        say: I'll leave the pot out.\n",
                   "        say: I'll leave the pot out.\n        then: wram\n")], "then: wram",
                 "node 'ask': silence then goes to unknown node 'wram' (did you mean 'warm'?)",
                 id="silence-then"),
    pytest.param([("        say: I'll leave the pot out.\n",
                   "        say: I'll leave the pot out.\n      unclear:\n        then: wram\n")],
                 "then: wram",
                 "node 'ask': unclear then goes to unknown node 'wram' (did you mean 'warm'?)",
                 id="unclear-then"),
    pytest.param([("        next: warm\n", "        next: wram\n")], "next: wram",
                 "node 'close': route goes to unknown node 'wram' (did you mean 'warm'?)",
                 id="route-next"),
    pytest.param([("start: ask", "start: aks")], "start: aks",
                 "start node 'aks' does not exist (did you mean 'ask'?)", id="start"),
]


@pytest.mark.parametrize(("edits", "where", "message"), DESTINATIONS)
def test_unknown_destination_is_named_with_a_hint(check, piece_file, edits, where, message):
    path = piece_file(variant(*edits))
    result = check(path)
    assert result.code == 1
    pattern = rf"{re.escape(str(path))}:\d+: {re.escape(message)}"
    assert any(re.fullmatch(pattern, problem) for problem in result.problems), result.err


@pytest.mark.parametrize(("edits", "where", "message"), DESTINATIONS)
def test_unknown_destination_points_at_the_line_naming_it(check, piece_file, edits, where,
                                                          message):
    text = variant(*edits)
    path = piece_file(text)
    result = check(path)
    assert result.code == 1
    assert f"{path}:{at(text, where)}: {message}" in result.problems


def test_a_piece_with_no_ending(check, piece_file):
    path = piece_file(variant(('    say: "Enjoy your {tea|drink}."\n    end: true',
                               '    say: "Enjoy your {tea|drink}."\n    next: coffee'),
                              ("    say: Goodbye.\n    end: true",
                               "    say: Goodbye.\n    next: ask")))
    result = check(path)
    assert result.code == 1
    assert (f"{path}:1: the piece has no ending: mark at least one node with 'end: true'"
            in result.problems)


@pytest.mark.parametrize(("edits", "where", "message"), [
    pytest.param([("    say: Coffee it is.\n    next: close\n", "    say: Coffee it is.\n")],
                 "  coffee:",
                 "node 'coffee' leads nowhere: give it one of next, listen, route or end",
                 id="none-of-them"),
    pytest.param([("    next: close\n  close:", "    next: close\n    end: true\n  close:")],
                 "  coffee:", "node 'coffee' has next and end: give it only one", id="two"),
    pytest.param([("    next: close\n  close:", "    next: close\n    route:\n      - next: cool\n"
                   "  close:")],
                 "  coffee:", "node 'coffee' has next and route: give it only one", id="two-b"),
    pytest.param([("  cool:\n", "  lost:\n    say: Nobody comes here.\n    next: cool\n  cool:\n")],
                 "  lost:", "node 'lost' is unreachable from 'ask'", id="unreachable"),
])
def test_node_problem(check, piece_file, edits, where, message):
    text = variant(*edits)
    path = piece_file(text)
    assert_one_line(check(path), f"{path}:{at(text, where)}: {message}")


# --- a listener who stays silent must reach an ending -----------------------------------------

SILENT_THEN_AGAIN = ("        say: I'll leave the pot out.\n",
                     "        say: I'll leave the pot out.\n        then: again\n")


def test_silence_that_loops_back_through_a_plain_node(check, piece_file):
    text = variant(SILENT_THEN_AGAIN,
                   ("  coffee:\n", "  again:\n    say: Let me ask again.\n    next: ask\n"
                    "  coffee:\n"))
    path = piece_file(text)
    assert_one_line(check(path), f"{path}:{at(text, '    listen:')}: node 'ask': a silent "
                                 "listener never reaches an ending from here "
                                 "(silence loops: ask -> again -> ask)")


def test_silence_that_loops_back_through_a_route_branch(check, piece_file):
    text = variant(("        say: I'll leave the pot out.\n",
                    "        say: I'll leave the pot out.\n        then: close\n"),
                   ("      - next: cool\n", "      - when: {tea: silence}\n        next: ask\n"
                    "      - next: cool\n"))
    path = piece_file(text)
    assert_one_line(check(path), f"{path}:{at(text, '    listen:')}: node 'ask': a silent "
                                 "listener never reaches an ending from here "
                                 "(silence loops: ask -> close -> ask)")


def test_silence_between_two_listening_points_is_reported_at_both(check, piece_file):
    text = variant(SILENT_THEN_AGAIN,
                   ("  coffee:\n", "  again:\n    listen: {next: ask, answers: [{label: yes}]}\n"
                    "  coffee:\n"))
    path = piece_file(text)
    result = check(path)
    assert result.code == 1
    assert result.problems == [
        f"{path}:{at(text, '    listen:')}: node 'ask': a silent listener never reaches an "
        "ending from here (silence loops: ask -> again -> ask)",
        f"{path}:{at(text, 'listen: {next: ask')}: node 'again': a silent listener never "
        "reaches an ending from here (silence loops: again -> ask -> again)",
    ]


def test_silence_that_stops_at_a_node_that_is_not_an_ending(check, piece_file):
    text = variant(("        say: I'll leave the pot out.\n",
                    "        say: I'll leave the pot out.\n        then: limbo\n"),
                   ("  coffee:\n", "  limbo:\n    say: Nothing happens.\n  coffee:\n"))
    path = piece_file(text)
    result = check(path)
    assert result.code == 1
    assert result.problems == [
        f"{path}:{at(text, '    listen:')}: node 'ask': a silent listener never reaches an "
        "ending from here (it stops at 'limbo')",
        f"{path}:{at(text, '  limbo:')}: node 'limbo' leads nowhere: give it one of next, "
        "listen, route or end",
    ]


# --- answers, memory, placeholders, routes, line IDs ----------------------------------------

ANSWER_AT = "        - label: coffee\n"


def add_answer(entry: str) -> tuple[str, str]:
    """An edit putting one more answer, in flow style, before 'coffee' in BASE."""
    return ANSWER_AT, f"        - {entry}\n{ANSWER_AT}"


@pytest.mark.parametrize(("edits", "where", "message"), [
    pytest.param([add_answer("{label: no, phrases: [nope]}")], "nope",
                 "node 'ask': duplicate label 'no' (first at line {first})", id="duplicate-label"),
    pytest.param([add_answer("{label: silence, phrases: [nothing]}")], "label: silence",
                 "node 'ask': answer 'silence': 'silence' is reserved for what the ladders "
                 "handle; choose another label", id="reserved-silence"),
    pytest.param([add_answer("{label: unclear, phrases: [what]}")], "label: unclear",
                 "node 'ask': answer 'unclear': 'unclear' is reserved for what the ladders "
                 "handle; choose another label", id="reserved-unclear"),
    pytest.param([add_answer("{label: maybe}")], "label: maybe",
                 "node 'ask': answer 'maybe' has no phrases and no meaning (yes, no, unsure)",
                 id="no-phrases-no-meaning"),
    pytest.param([("{tea|drink}", "{tae|drink}")], "{tae|drink}",
                 "node 'warm': unknown placeholder {tae} (did you mean 'tea'?)",
                 id="unknown-placeholder"),
    pytest.param([("Coffee it is.", "Coffee, {heard}.")], "Coffee, {heard}.",
                 "node 'coffee': {heard} is only known in a response to an answer or an unclear "
                 "reprompt", id="heard-in-own-say"),
    pytest.param([('["Would you like some tea?"]', '["{heard}? Tea?"]')], "{heard}? Tea?",
                 "node 'ask': {heard} is only known in a response to an answer or an unclear "
                 "reprompt", id="heard-in-silence-reprompt"),
    pytest.param([("{tea: [yes, coffee]}", "{tee: [yes, coffee]}")], "{tee:",
                 "node 'close': route reads unknown memory 'tee' (did you mean 'tea'?)",
                 id="when-unknown-memory"),
    pytest.param([("{tea: [yes, coffee]}", "{tea: [yes, cofee]}")], "cofee",
                 "node 'close': memory 'tea' is never 'cofee' (did you mean 'coffee'?); it can "
                 "be yes, no, coffee, silence, unclear", id="when-label-never-held"),
    pytest.param([("when: {tea: [yes, coffee]}", "at_least: {yse: 2}")], "yse",
                 "node 'close': route counts unknown label 'yse' (did you mean 'yes'?)",
                 id="at-least-unknown-label"),
    pytest.param([("    say: Coffee it is.\n    next: close\n",
                   "    say: Coffee it is.\n"
                   "    listen: {remember: tea, next: close, answers: [{label: yes}]}\n")],
                 "remember: tea,",
                 "node 'coffee': memory 'tea' is already remembered at node 'ask'",
                 id="memory-remembered-twice"),
    pytest.param([("      - next: cool\n", "      - when: {tea: no}\n        next: cool\n")],
                 "{tea: no}",
                 "node 'close': route has no default: end it with an entry that has only 'next'",
                 id="route-without-default"),
    pytest.param([("      - next: cool\n", "      - next: cool\n      - when: {tea: no}\n"
                   "        next: warm\n")], "{tea: no}",
                 "node 'close': route entries after the default can never be taken",
                 id="route-entry-after-default"),
    pytest.param([("say: Coffee it is.", "say: {text: Coffee it is., id: pour}"),
                  ("say: Goodbye.", "say: {text: Goodbye., id: pour}")], "Goodbye.",
                 "node 'cool': line id 'pour' is already used at line {first}",
                 id="duplicate-explicit-id"),
    pytest.param([("say: Goodbye.", "say: {text: Goodbye., id: coffee.1}")], "Goodbye.",
                 "node 'cool': line id 'coffee.1' is already used at line {first}",
                 id="explicit-id-equals-a-derived-one"),
])
def test_story_problem(check, piece_file, edits, where, message):
    text = variant(*edits)
    path = piece_file(text)
    # where the first of a duplicate was written, for the messages that name it
    if "{first}" in message:
        first = "- label: no" if "duplicate label" in message else "Coffee it is."
        message = message.replace("{first}", str(at(text, first)))
    assert_one_line(check(path), f"{path}:{at(text, where)}: {message}")


def test_heard_in_an_unclear_reprompt_is_fine(check, piece_file):
    result = check(piece_file(variant(("I didn't quite catch that.", "{heard}? Say again?"))))
    assert (result.code, result.err) == (0, "")


def test_every_story_problem_is_reported_at_once(check, piece_file):
    text = variant(add_answer("{label: no, phrases: [nope]}"),
                   ("{tea|drink}", "{tae|drink}"),
                   ("      - next: cool\n", "      - when: {tea: no}\n        next: cool\n"),
                   ("  cool:\n", "  lost:\n    say: Nobody comes here.\n    next: cool\n  cool:\n"),
                   ("say: Coffee it is.", "say: {text: Coffee it is., id: pour}"),
                   ("say: Goodbye.", "say: {text: Goodbye., id: pour}"))
    path = piece_file(text)
    result = check(path)
    assert result.code == 1
    assert result.out == ""
    assert result.problems == [
        f"{path}:{at(text, 'nope')}: node 'ask': duplicate label 'no' "
        f"(first at line {at(text, '- label: no')})",
        f"{path}:{at(text, '{tea: no}')}: node 'close': route has no default: end it with an "
        "entry that has only 'next'",
        f"{path}:{at(text, '{tae|drink}')}: node 'warm': unknown placeholder {{tae}} "
        "(did you mean 'tea'?)",
        f"{path}:{at(text, '  lost:')}: node 'lost' is unreachable from 'ask'",
        f"{path}:{at(text, 'Goodbye.')}: node 'cool': line id 'pour' is already used at line "
        f"{at(text, 'Coffee it is.')}",
    ]


# --- the JSON Schema --------------------------------------------------------------------------


@pytest.fixture
def validator(capsys):
    assert main(["check", "--schema"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.is_file()
    assert path.suffix == ".json"
    return jsonschema.Draft202012Validator(json.loads(path.read_text(encoding="utf-8")))


def test_schema_accepts_the_base_piece(validator):
    assert list(validator.iter_errors(load_yaml(BASE, "base.yaml"))) == []


def test_schema_rejects_an_unknown_key(validator):
    data = load_yaml(variant(("    next: close\n  close:", "    nxt: close\n  close:")), "x.yaml")
    errors = list(validator.iter_errors(data))
    assert len(errors) == 1
    assert "'nxt'" in errors[0].message
    assert list(errors[0].absolute_path) == ["nodes", "coffee"]

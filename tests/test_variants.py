"""Line variants and conditions (Ink's sequence, cycle, shuffle, once): which line a
revisited node says, reproducibly from a session's seed. No audio anywhere."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from textwrap import dedent

import jsonschema
import pytest

from voicepiece.cli import main
from voicepiece.session.loop import Session
from voicepiece.story.loader import load_piece
from voicepiece.story.machine import Story
from voicepiece.story.paths import count_paths
from voicepiece.story.yamlsource import load_yaml
from voicepiece.testing import KeptVoice, ScriptedEar

GROUPS = dedent("""\
    piece: groups
    start: ask
    listening:
      silence:
        reprompts:
          - cycle: ["Take your time.", "There's no hurry."]
    nodes:
      ask:
        say:
          - cycle: ["One.", "Two.", "Three."]
          - sequence: ["First time.", "Second time.", "From then on."]
          - once: ["Only the first time.", "Only the second time."]
          - {text: "Back again.", visits: {ask: 2}}
        listen:
          remember: first
          next: last
          answers:
            - label: again
              phrases: [again]
              next: ask
            - label: on
              phrases: [go on]
              next: last
      last:
        say: Bye.
        end: true
    """)

SHUFFLE = dedent("""\
    piece: shuffled
    start: ask
    nodes:
      ask:
        say:
          - shuffle: ["A.", "B.", "C.", "D."]
        listen:
          next: last
          answers:
            - label: again
              phrases: [again]
              next: ask
            - label: on
              phrases: [go on]
              next: last
      last: {say: Bye., end: true}
    """)

CONDITIONS = dedent("""\
    piece: conditions
    start: one
    listening:
      silence:
        reprompts:
          - {text: "Are you there?", at_most: {silence: 0}}
          - Still there?
    nodes:
      one:
        say: First?
        listen:
          remember: a
          next: two
          answers: [{label: yes}, {label: no}]
      two:
        say:
          - {text: "You answered.", at_least: {answered: 1}}
          - {text: "You said nothing.", when: {a: silence}}
          - {text: "Yes, then.", when: {a: yes}}
          - {cycle: ["Second?", "Again, second?"], when: {a: [yes, no]}}
          - {text: "Second, after the quiet?", at_most: {answered: 0}}
        listen:
          remember: b
          next: decide
          answers:
            - label: yes
              say:
                - {text: "Two yeses.", at_least: {yes: 2}}
                - {text: "One yes.", at_most: {yes: 1}}
            - label: no
      decide:
        route:
          - {at_most: {answered: 0}, next: quiet}
          - {visits: {two: 1}, at_least: {answered: 2}, next: full}
          - next: some
      quiet: {say: Quiet., end: true}
      full: {say: Full., end: true}
      some: {say: Some., end: true}
    """)


@pytest.fixture
def piece_of(tmp_path):
    def make(text: str, name: str = "piece.yaml"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return load_piece(path)

    return make


def said(piece, replies: list[str | None], seed: int = 1) -> list[str]:
    voice = KeptVoice()
    Session(piece, voice, ScriptedEar(replies), seed=seed).run()
    return voice.said


def visits(story: Story, times: int) -> list[tuple[str, ...]]:
    """What the node says on each of ``times`` visits, answering 'again' in between."""
    out = []
    for _ in range(times):
        out.append(tuple(line.text for line in story.choose(story.node.say)))
        story.hear("again")
    return out


def test_a_cycle_cycles_a_sequence_sticks_and_once_runs_out(piece_of):
    story = Story(piece_of(GROUPS), seed=1)
    assert visits(story, 5) == [
        ("One.", "First time.", "Only the first time."),
        ("Two.", "Second time.", "Only the second time.", "Back again."),
        ("Three.", "From then on.", "Back again."),
        ("One.", "From then on.", "Back again."),
        ("Two.", "From then on.", "Back again."),
    ]


def test_nodes_count_their_visits(piece_of):
    story = Story(piece_of(GROUPS), seed=1)
    assert story.visits["ask"] == 1
    story.hear("again")
    story.hear("again")
    assert story.visits["ask"] == 3
    story.hear("on")
    assert story.visits == {"ask": 3, "last": 1}


def test_the_session_speaks_the_variant_chosen(piece_of):
    piece = piece_of(GROUPS)
    assert said(piece, ["again", "go on"]) == [
        "One.", "First time.", "Only the first time.",
        "Two.", "Second time.", "Only the second time.", "Back again.", "Bye."]


def test_a_group_in_the_default_ladder_goes_on_across_listening_points(piece_of):
    story = Story(piece_of(GROUPS), seed=1)
    first = story.hear("silence")
    story.hear("again")  # back to the same node: its failures start again
    second = story.hear("silence")
    assert [line.text for line in first.lines + second.lines] == [
        "Take your time.", "There's no hurry."]


def test_a_shuffle_never_repeats_at_once_and_is_the_same_for_the_same_seed(piece_of):
    piece = piece_of(SHUFFLE)
    runs = {}
    for seed in (1, 2, 3):
        story = Story(piece, seed=seed)
        runs[seed] = [said[0] for said in visits(story, 12)]
        again = Story(piece, seed=seed)
        assert [said[0] for said in visits(again, 12)] == runs[seed]
    for order in runs.values():
        assert all(a != b for a, b in itertools.pairwise(order))
        for start in (0, 4, 8):  # every round says each variant once
            assert sorted(order[start:start + 4]) == ["A.", "B.", "C.", "D."]
    assert len({tuple(order) for order in runs.values()}) > 1


def test_conditions_read_answers_visits_and_the_answered_count(piece_of):
    piece = piece_of(CONDITIONS)
    assert said(piece, ["yes", "yes"]) == [
        "First?", "You answered.", "Yes, then.", "Second?", "Two yeses.", "Full."]
    assert said(piece, ["no", "yes"]) == [
        "First?", "You answered.", "Second?", "One yes.", "Full."]
    assert said(piece, [None] * 3) == [
        "First?", "Are you there?", "Still there?", "You said nothing.",
        "Second, after the quiet?", "Quiet."]


def test_a_reprompt_that_says_nothing_leaves_no_reprompt(piece_of):
    """Once the listener has been silent, the first reprompt (at most one silence) is
    skipped: the ladder moves on at once instead of re-asking."""
    story = Story(piece_of(CONDITIONS), seed=1)
    assert [line.text for line in story.hear("silence").lines] == ["Are you there?"]
    assert [line.text for line in story.hear("silence").lines] == ["Still there?"]
    assert story.hear("silence").moved
    assert story.state == "two"
    step = story.hear("silence")
    assert (step.lines, step.moved, story.state) == ((), True, "decide")


def test_a_once_reprompt_used_up_counts_as_exhausted(piece_of):
    piece = piece_of(GROUPS.replace(
        '- cycle: ["Take your time.", "There\'s no hurry."]', '- once: ["Take your time."]'))
    story = Story(piece, seed=1)
    assert [line.text for line in story.hear("silence").lines] == ["Take your time."]
    story.hear("again")
    step = story.hear("silence")
    assert (step.lines, step.moved, story.state) == ((), True, "last")


def test_every_variant_has_its_own_line_id(piece_of):
    piece = piece_of(GROUPS.replace('- once: ["Only the first time.", "Only the second time."]',
                                    '- {id: rare, once: ["Only the first time.", "Once more."]}'))
    ids = [line.id for line in piece.lines()]
    assert ids[:8] == ["ask.1.1", "ask.1.2", "ask.1.3", "ask.2.1", "ask.2.2", "ask.2.3",
                       "rare.1", "rare.2"]
    assert "ask.4" in ids
    assert "listening.silence.reprompts.1.2" in ids


def test_session_json_records_the_seed_and_a_given_seed_says_the_same(tmp_path: Path,
                                                                   piece_of, capsys):
    piece_of(SHUFFLE)
    piece = str(tmp_path / "piece.yaml")
    replies = ["--reply", "again"] * 5 + ["--reply", "go on"]
    outs = []
    for n, seed in enumerate(("5", "5", None)):
        folder = tmp_path / f"s{n}"
        args = ["run", piece, "--text", "--record", str(folder), *replies]
        assert main(args + (["--seed", seed] if seed else [])) == 0
        outs.append(capsys.readouterr().out)
        recorded = json.loads((folder / "session.json").read_text())["seed"]
        assert isinstance(recorded, int)
        if seed:
            assert recorded == int(seed)
    assert outs[0] == outs[1]


# --- check and schema ------------------------------------------------------------------------

SPEC_EXAMPLE = dedent("""\
    piece: spec
    start: ask
    listening:
      silence:
        reprompts:
          - {once: ["Take your time."], at_most: {silence: 1}}
    nodes:
      ask:
        say:
          - A plain line.
          - {text: "A line with conditions.", when: {love: yes}, at_least: {yes: 3}}
          - cycle: ["Take your time.", "There's no hurry.", "I'm still here."]
          - sequence: ["First time.", "Second time.", "From then on, this."]
          - shuffle: ["One.", "Two.", "Three."]
          - once: ["Only the first time.", "Only the second time."]
          - {cycle: ["a", "b"], id: greet, when: {love: [yes, silence]}}
          - {text: "Back.", visits: {ask: 2}, at_most: {answered: 3}, pause: 1.2}
        listen:
          remember: love
          next: bye
          answers:
            - label: yes
              say:
                - sequence: ["Yes.", {text: "Yes again.", id: yes-again, at_least: {answered: 1}}]
          unclear:
            reprompts:
              - cycle: ["{heard}? Say that again?", "Once more?"]
      bye:
        route:
          - {when: {love: yes}, visits: {ask: 1}, at_most: {unclear: 0}, next: end}
          - next: end
      end: {say: Bye., end: true}
    """)


@pytest.mark.parametrize(("edit", "where", "message"), [
    pytest.param(("when: {love: yes}, at_least", "when: {lvoe: yes}, at_least"), 11,
                 "node 'ask': line reads unknown memory 'lvoe' (did you mean 'love'?)",
                 id="line-unknown-memory"),
    pytest.param(("when: {love: [yes, silence]}", "when: {love: [yes, maybe]}"), 16,
                 "node 'ask': memory 'love' is never 'maybe'; it can be yes, silence, unclear",
                 id="group-label-never-held"),
    pytest.param(("at_most: {answered: 3}", "at_most: {answerd: 3}"), 17,
                 "node 'ask': line counts unknown label 'answerd' (did you mean 'answered'?)",
                 id="line-unknown-count"),
    pytest.param(("visits: {ask: 2}", "visits: {aks: 2}"), 17,
                 "node 'ask': line counts visits to unknown node 'aks' (did you mean 'ask'?)",
                 id="line-unknown-node"),
    pytest.param(("visits: {ask: 1}", "visits: {nowhere: 1}"), 30,
                 "node 'bye': route counts visits to unknown node 'nowhere'",
                 id="route-unknown-node"),
    pytest.param(("at_least: {answered: 1}", "at_least: {answred: 1}"), 24,
                 "node 'ask': line counts unknown label 'answred' (did you mean 'answered'?)",
                 id="variant-unknown-count"),
    pytest.param(('- once: ["Only the first time.", "Only the second time."]', "- once: []"),
                 15, "node 'ask': 'once' must not be empty", id="empty-group"),
    pytest.param(('- shuffle: ["One.", "Two.", "Three."]',
                  '- {shuffle: ["One."], cycle: ["Two."]}'), 14,
                 "node 'ask': value must be a group with exactly one of 'sequence', 'cycle', "
                 "'shuffle', 'once' (or a line with 'text'), not a mapping", id="two-kinds"),
    pytest.param(('- shuffle: ["One.", "Two.", "Three."]',
                  '- {shuffle: [{text: "One.", id: one}], id: greet}'), 16,
                 "node 'ask': group id 'greet' is already used at line 14: groups keep their "
                 "turn by ID, so the two would share one", id="duplicate-group-id"),
    pytest.param(('- shuffle: ["One.", "Two.", "Three."]', '- shufle: ["One."]'), 14,
                 "node 'ask': unknown key 'shufle' (did you mean 'shuffle'?)", id="misspelt-kind"),
    pytest.param(('- shuffle: ["One.", "Two.", "Three."]', '- shuffle: [{cycle: [a]}]'), 14,
                 "node 'ask': unknown key 'cycle' (expected one of text, id, pause, when, "
                 "at_least, at_most, visits)", id="nested-group"),
])
def test_check_names_the_line_of_a_bad_condition_or_group(tmp_path, capsys, edit, where,
                                                           message):
    path = tmp_path / "piece.yaml"
    assert edit[0] in SPEC_EXAMPLE
    path.write_text(SPEC_EXAMPLE.replace(*edit), encoding="utf-8")
    assert main(["check", str(path)]) == 1
    assert f"{path}:{where}: {message}" in capsys.readouterr().err.splitlines()


def test_the_spec_examples_pass_check_and_the_json_schema(tmp_path, capsys):
    path = tmp_path / "piece.yaml"
    path.write_text(SPEC_EXAMPLE, encoding="utf-8")
    assert main(["check", str(path)]) == 0, capsys.readouterr().err
    schema = json.loads((Path(__file__).parents[1] / "voicepiece" / "story"
                         / "piece.schema.json").read_text())
    jsonschema.validate(load_yaml(SPEC_EXAMPLE, "spec"), schema)
    ids = {line.id for line in load_piece(path).lines()}
    assert {"ask.3.1", "ask.3.3", "greet.1", "greet.2", "ask.yes.1.1", "yes-again",
            "ask.unclear.reprompts.1.2", "listening.silence.reprompts.1.1"} <= ids


def test_paths_are_counted_through_routes_on_at_most_and_answered(tmp_path):
    """Two questions of four ways each (two answers, silence, unclear); a listener who
    answered neither ends at once (4 ways), every other (12) hears a third question of
    four ways: 4 + 48."""
    piece_text = dedent("""\
        piece: counted
        start: one
        nodes:
          one:
            say: First?
            listen: {remember: a, next: two, answers: [{label: yes}, {label: no}]}
          two:
            say: Second?
            listen: {remember: b, next: decide, answers: [{label: yes}, {label: no}]}
          decide:
            route:
              - {at_most: {answered: 0}, next: quiet}
              - next: three
          three:
            say: Third?
            listen: {next: quiet, answers: [{label: yes}, {label: no}]}
          quiet: {say: Bye., end: true}
        """)
    path = tmp_path / "piece.yaml"
    path.write_text(piece_text, encoding="utf-8")
    assert str(count_paths(load_piece(path))) == "52"
    visited = piece_text.replace("{at_most: {answered: 0}, next: quiet}",
                                 "{visits: {one: 1}, at_most: {answered: 0}, next: quiet}")
    path.write_text(visited, encoding="utf-8")
    assert str(count_paths(load_piece(path))) == ("between 16 and 64 (routes read visit "
                                                  "counts, which are not counted)")


# --- the lines of a group, for voice-over, and on the map ------------------------------------


def test_lines_export_lists_every_variant_by_its_id(tmp_path, capsys):
    path = tmp_path / "piece.yaml"
    path.write_text(SPEC_EXAMPLE, encoding="utf-8")
    assert main(["lines", "export", str(path)]) == 0
    rows = {row.split(",")[0]: row for row in capsys.readouterr().out.splitlines()[1:]}
    assert rows["ask.3.2"] == "ask.3.2,ask,There's no hurry.,no"
    assert rows["ask.5.3"] == "ask.5.3,ask,Three.,no"
    assert rows["yes-again"] == "yes-again,ask,Yes again.,no"
    assert rows["ask.unclear.reprompts.1.1"].endswith(",yes")  # {heard}: synthesized live
    assert rows["listening.silence.reprompts.1.1"].startswith(
        "listening.silence.reprompts.1.1,listening,")


def test_the_map_shows_what_varies_and_every_condition(tmp_path, capsys):
    path = tmp_path / "piece.yaml"
    path.write_text(SPEC_EXAMPLE, encoding="utf-8")
    assert main(["graph", str(path), "--format", "dot"]) == 0
    out = capsys.readouterr().out
    assert ('"ask" [label="ask ?\\nsequence×2, cycle×3, shuffle, once×2 · 5 if"'
            in out)
    assert "silence ×≤2" in out  # the once reprompt may be used up: up to two tries
    assert "unclear ×2" in out
    assert '"bye" -> "end" [label="love=yes & unclear≤0 & visits ask≥1, otherwise"]' in out


def test_the_variants_example_in_the_format_docs_passes_check(tmp_path, capsys):
    docs = (Path(__file__).parents[1] / "docs" / "piece-format.md").read_text()
    block = docs.split("```yaml\nsay:\n", 1)[1].split("```", 1)[0]
    items = "".join(f"      {row}\n" for row in block.splitlines())
    path = tmp_path / "piece.yaml"
    path.write_text(
        "piece: docs\nstart: welcome\nnodes:\n  welcome:\n    say:\n" + items
        + "    listen:\n      remember: love\n      next: welcome\n"
        + "      answers: [{label: yes}, {label: no}]\n      silence: {then: bye}\n"
        + "  bye: {say: Bye., end: true}\n", encoding="utf-8")
    assert main(["check", str(path)]) == 0, capsys.readouterr().err


def test_a_render_with_a_seed_says_the_same_lines_and_records_the_seed(tmp_path):
    path = tmp_path / "piece.yaml"
    path.write_text(SHUFFLE, encoding="utf-8")
    said_by = []
    for n in range(2):
        out = tmp_path / f"render{n}"
        assert main(["render", str(path), "--typed", "--reply", "again", "--reply", "again",
                     "--reply", "go on", "--seed", "4", "--no-master", "--out", str(out)]) == 0
        record = json.loads((out / "session.json").read_text())
        assert record["seed"] == 4
        said_by.append([(line["id"], line["text"]) for line in record["lines"]])
    assert said_by[0] == said_by[1]
    assert [line_id for line_id, _ in said_by[0]][:3] == [
        f"ask.1.{'ABCD'.index(text[0]) + 1}" for _, text in said_by[0][:3]]


REASK = """
piece: reask
start: ask
listening:
  reasks: 1
  silence: {reprompts: ["Take your time. Tea?", "Still there?"], say: ["Never mind."]}
  unclear: {reprompts: ["Sorry? Tea?"], say: ["I'll take that as a maybe."]}
nodes:
  ask:
    say: Tea?
    listen: {next: done, answers: [{label: "yes"}, {label: "no"}]}
  done:
    say: Goodbye.
    end: true
"""


def test_reasks_caps_the_askings_whatever_went_wrong(piece_of):
    """Silence once and an unclear answer once would ask a question three times, each
    ladder counting its own failures; ``reasks: 1`` asks it again once in all."""
    story = Story(piece_of(REASK), seed=1)
    assert [line.text for line in story.hear("silence").lines] == ["Take your time. Tea?"]
    step = story.hear("unclear")
    assert ([line.text for line in step.lines], step.moved) == (
        ["I'll take that as a maybe."], True)
    uncapped = Story(piece_of(REASK.replace("  reasks: 1\n", "")), seed=1)
    uncapped.hear("silence")
    assert [line.text for line in uncapped.hear("unclear").lines] == ["Sorry? Tea?"]

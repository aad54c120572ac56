"""The story machine on small pieces: answers, ladders, memory, routes and placeholders;
and `voicepiece graph`, which draws the same pieces. No audio anywhere."""

from __future__ import annotations

import shutil
from pathlib import Path
from textwrap import dedent

import pytest

from voicepiece.cli import main
from voicepiece.story.loader import load_piece
from voicepiece.story.machine import Remembered, Story
from voicepiece.story.model import Line

TEA = Path(__file__).parent / "pieces" / "tea"

LADDERS = dedent("""\
    piece: ladders
    start: ask
    listening:
      unclear:
        reprompts: ["Sorry?"]
        say: Never mind.
    nodes:
      ask:
        say: Tea or coffee?
        listen:
          remember: drink
          next: later
          answers:
            - label: tea
              phrases: [tea, a cup of tea]
              say: ["{heard}, lovely.", Tea it is.]
              next: milk
            - label: coffee
              phrases: [coffee]
              say: Coffee, then.
          silence:
            reprompts: [Still there, "Tea, or coffee?"]
            say: I'll come back later.
            then: bye
      milk:
        say: Milk?
        listen:
          remember: milk
          next: later
          answers:
            - label: yes
            - label: no
              say: Black, then.
          silence:
            reprompts: [Milk or not]
      later:
        say: "Your {drink|drink}, {milk}."
        end: true
      bye:
        say: Bye.
        end: true
    """)

ROUTES = dedent("""\
    piece: routes
    start: one
    nodes:
      one:
        say: First?
        listen:
          remember: a
          next: two
          answers: [{label: yes}, {label: no}, {label: other, phrases: [something else]}]
      two:
        say: Second?
        listen:
          remember: b
          next: decide
          answers: [{label: yes}, {label: no}]
      decide:
        route:
          - when: {a: yes, b: yes}
            next: both
          - when: {a: other}
            at_least: {no: 1}
            next: mixed
          - at_least: {yes: 1}
            next: some
          - when: {a: silence}
            next: quiet
          - next: neither
      both: {say: Both., end: true}
      mixed: {say: Mixed., end: true}
      some: {say: Some., end: true}
      quiet: {say: Quiet., end: true}
      neither: {say: Neither., end: true}
    """)


@pytest.fixture
def story_of(tmp_path):
    """A Story on a piece that has passed every check."""

    def make(text: str) -> Story:
        path = tmp_path / "piece.yaml"
        path.write_text(text, encoding="utf-8")
        return Story(load_piece(path))

    return make


def texts(lines) -> list[str]:
    return [line.text for line in lines]


# --- answers ---------------------------------------------------------------------------------


def test_a_story_begins_at_the_start_node(story_of):
    story = story_of(LADDERS)
    assert story.state == "ask"
    assert not story.ended
    assert story.memory == {}


def test_an_answer_moves_to_its_own_next_with_its_response(story_of):
    story = story_of(LADDERS)
    step = story.hear("tea", "a cup of tea")
    assert step.moved
    assert story.state == "milk"
    assert texts(step.lines) == ["{heard}, lovely.", "Tea it is."]
    assert [line.id for line in step.lines] == ["ask.tea.1", "ask.tea.2"]
    assert story.render(step.lines[0], heard="a cup of tea") == "A cup of tea, lovely."


def test_an_answer_without_a_next_goes_to_the_listening_points_next(story_of):
    story = story_of(LADDERS)
    step = story.hear("coffee", "coffee")
    assert step.moved
    assert story.state == "later"
    assert story.ended
    assert texts(step.lines) == ["Coffee, then."]


def test_an_answer_with_no_response_says_nothing(story_of):
    story = story_of(LADDERS)
    story.hear("tea", "tea")
    step = story.hear("yes", "yes please")
    assert (step.lines, step.moved, story.state) == ((), True, "later")


def test_the_memory_holds_label_and_words(story_of):
    story = story_of(LADDERS)
    story.hear("tea", "a cup of tea")
    story.hear("no", "no thanks")
    assert story.memory == {"drink": Remembered("tea", "a cup of tea"),
                            "milk": Remembered("no", "no thanks")}


def test_an_answer_the_point_does_not_offer_is_refused(story_of):
    story = story_of(LADDERS)
    with pytest.raises(ValueError, match="offers no answer 'yes'"):
        story.hear("yes")
    assert story.state == "ask"


def test_only_a_listening_point_can_hear(story_of):
    story = story_of(ROUTES)
    story.hear("yes")
    story.hear("yes")
    assert story.state == "decide"
    with pytest.raises(ValueError, match="does not listen"):
        story.hear("yes")


# --- ladders ---------------------------------------------------------------------------------


def test_silence_escalates_through_the_reprompts_then_gives_up(story_of):
    story = story_of(LADDERS)
    first = story.hear("silence")
    second = story.hear("silence")
    assert (texts(first.lines), first.moved) == (["Still there"], False)
    assert (texts(second.lines), second.moved) == (["Tea, or coffee?"], False)
    assert story.state == "ask"
    third = story.hear("silence")
    assert (texts(third.lines), third.moved) == (["I'll come back later."], True)
    assert story.state == "bye"
    assert story.memory["drink"] == Remembered("silence", None)


def test_unclear_answers_are_counted_apart_from_silence(story_of):
    story = story_of(LADDERS)
    turns = [story.hear(kind) for kind in ("silence", "unclear", "silence")]
    assert [texts(step.lines) for step in turns] == [["Still there"], ["Sorry?"],
                                                     ["Tea, or coffee?"]]
    assert story.state == "ask"
    last = story.hear("unclear", "mumble")
    assert (texts(last.lines), last.moved) == (["Never mind."], True)
    assert story.state == "later"
    assert story.memory["drink"].label == "unclear"


def test_the_piece_default_ladder_lines_keep_one_shared_id(story_of):
    story = story_of(LADDERS)
    step = story.hear("unclear")
    assert [line.id for line in step.lines] == ["listening.unclear.reprompts.1"]


def test_failures_start_again_at_a_new_node(story_of):
    story = story_of(LADDERS)
    story.hear("silence")
    story.hear("unclear")
    story.hear("tea", "tea")
    assert story.state == "milk"
    step = story.hear("silence")
    assert (texts(step.lines), step.moved) == (["Milk or not"], False)
    step = story.hear("silence")
    assert (step.lines, step.moved) == ((), True)
    assert story.state == "later"
    assert story.memory["milk"] == Remembered("silence", None)


def test_a_ladder_with_no_reprompts_moves_on_at_the_first_failure(story_of):
    story = story_of(ROUTES)
    step = story.hear("silence")
    assert (step.lines, step.moved, story.state) == ((), True, "two")
    assert story.memory["a"] == Remembered("silence", None)


# --- routes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("first", "second", "ending"), [
    pytest.param("yes", "yes", "both", id="when-all-hold-first-match-wins"),
    pytest.param("other", "no", "mixed", id="when-and-at-least-both-hold"),
    pytest.param("other", "yes", "some", id="when-holds-but-at-least-does-not"),
    pytest.param("yes", "no", "some", id="at-least-one-yes"),
    pytest.param("no", "yes", "some", id="at-least-counts-any-memory"),
    pytest.param("silence", "yes", "some", id="earlier-entry-wins-over-later"),
    pytest.param("silence", "no", "quiet", id="when-on-silence"),
    pytest.param("no", "no", "neither", id="default"),
])
def test_a_route_takes_the_first_entry_that_holds(story_of, first, second, ending):
    story = story_of(ROUTES)
    story.hear(first)
    story.hear(second)
    assert story.state == "decide"
    story.go()
    assert story.state == ending
    assert story.ended


def test_go_follows_a_plain_next(story_of):
    story = story_of(LADDERS.replace("start: ask", "start: intro").replace(
        "nodes:\n", "nodes:\n  intro:\n    say: Hello.\n    next: ask\n"))
    assert story.state == "intro"
    story.go()
    assert story.state == "ask"


# --- placeholders ----------------------------------------------------------------------------


def line(text: str) -> Line:
    return Line(id="test.1", text=text)


@pytest.fixture
def remembered(story_of):
    """A story whose memory holds 'drink' with trusted words and 'milk' from a silent
    listener."""
    story = story_of(LADDERS)
    story.hear("tea", "a cup of tea", trusted=True)
    story.hear("silence")
    story.hear("silence")
    assert story.memory["milk"] == Remembered("silence", None)
    return story


def test_render_fills_a_memory_with_its_words(remembered):
    assert remembered.render(line("So, {drink}.")) == "So, a cup of tea."


def test_render_fills_heard_with_the_answer_just_given(remembered):
    assert remembered.render(line("Oh, {heard}?"), heard="earl grey") == "Oh, earl grey?"


def test_render_capitalises_words_that_begin_a_line(remembered):
    assert remembered.render(line("{heard}? Really?"), heard="earl grey") == "Earl grey? Really?"
    assert remembered.render(line("{drink}, then.")) == "A cup of tea, then."


def test_render_uses_the_fallback_when_there_are_no_words(remembered):
    assert remembered.render(line("With {milk|no milk}.")) == "With no milk."
    assert remembered.render(line("{heard|Nothing}, then.")) == "Nothing, then."


def test_render_prefers_the_words_to_the_fallback(remembered):
    assert remembered.render(line("Your {drink|drink}.")) == "Your a cup of tea."


@pytest.mark.parametrize("text", ["With {milk}.", "Ah, {heard}.", "{drink} and {milk}."])
def test_render_skips_a_line_whose_placeholder_has_no_words(remembered, text):
    assert remembered.render(line(text)) is None


def test_render_keeps_doubled_braces_as_literal_braces(remembered):
    assert remembered.render(line("Say {{drink}} for {drink}.")) == "Say {drink} for a cup of tea."
    assert remembered.render(line("{{milk}}")) == "{milk}"


def test_render_leaves_a_line_without_placeholders_alone(remembered):
    assert remembered.render(line("Just words, no slots.")) == "Just words, no slots."


# --- graph -----------------------------------------------------------------------------------

NODES = ("ask", "coffee", "close", "warm", "cool")


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_graph_text_names_every_node_and_answer(capsys, fmt):
    assert main(["graph", str(TEA), "--format", fmt]) == 0
    out = capsys.readouterr().out
    for name in NODES:
        assert name in out
    for label in ("yes", "no", "coffee", "silence", "unclear", "tea=yes/coffee", "otherwise"):
        assert label in out


def test_graph_mermaid_is_a_flowchart(capsys):
    assert main(["graph", str(TEA)]) == 0
    assert capsys.readouterr().out.startswith("flowchart TD\n")


def test_graph_dot_draws_each_edge_by_node_name(capsys):
    assert main(["graph", str(TEA), "--format", "dot"]) == 0
    out = capsys.readouterr().out
    assert out.startswith('digraph "tea" {')
    for edge in ('"ask" -> "close" [label="yes, no"]', '"ask" -> "coffee" [label="coffee"]',
                 '"coffee" -> "close";', '"close" -> "warm"', '"close" -> "cool"'):
        assert edge in out


def test_graph_text_can_be_written_to_a_file(capsys, tmp_path):
    out = tmp_path / "tea.dot"
    assert main(["graph", str(TEA), "--format", "dot", "--out", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert '"coffee" -> "close";' in out.read_text()


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
def test_graph_svg_is_written_with_graphviz(capsys, tmp_path):
    out = tmp_path / "tea.svg"
    assert main(["graph", str(TEA), "--format", "svg", "--out", str(out)]) == 0
    svg = out.read_text()
    assert "<svg" in svg
    for name in NODES:
        assert name in svg
    assert capsys.readouterr().err == f"wrote {out}\n"


def test_graph_svg_without_graphviz_says_how_to_get_it(capsys, monkeypatch, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = tmp_path / "tea.svg"
    code = main(["graph", str(TEA), "--format", "svg", "--out", str(out)])
    captured = capsys.readouterr()
    assert code != 0
    assert captured.out == ""
    [message] = captured.err.splitlines()
    assert "apt-get install graphviz" in message
    assert not out.exists()


def test_graph_of_a_broken_piece_reports_its_problems(capsys, tmp_path):
    path = tmp_path / "piece.yaml"
    path.write_text((TEA / "piece.yaml").read_text().replace("next: coffee", "next: cofee"))
    assert main(["graph", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "goes to unknown node 'cofee'" in captured.err

"""What a piece file cannot do to voicepiece: loop without listening, block the reader,
grow without end, nest or chain past what a stack holds, or make `check` count for ever.
Each is refused with ``file[:line]: message`` lines and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.piecegen import chain_piece, long_chain, random_story
from voicepiece.cli import main
from voicepiece.session.events import SessionEnded
from voicepiece.session.loop import Session, StoryLoops
from voicepiece.story.checks import check_piece
from voicepiece.story.loader import parse_piece
from voicepiece.story.paths import count_paths
from voicepiece.story.yamlsource import MAX_BYTES, MAX_DEPTH
from voicepiece.testing import EventLog, KeptVoice, ScriptedEar

ROOT = Path(__file__).resolve().parents[1]
TEA = (ROOT / "tests" / "pieces" / "tea" / "piece.yaml").read_text()

# the coffee answer goes to a node that leads back to itself, and nothing listens there
ROUND_AGAIN = TEA.replace("    say: Coffee it is.\n    next: close\n",
                          "    say: Coffee it is.\n    next: brew\n"
                          "  brew:\n    say: The kettle sings.\n    next: coffee\n")


def cli(*argv: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The real command in its own process: a hang or a runaway ends at ``timeout``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "voicepiece", *argv], capture_output=True,
                          text=True, timeout=timeout, env=env, check=False)


def refused(result: subprocess.CompletedProcess, path: Path) -> str:
    """The one line a refused piece gets, after checking that it is only that."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{path}")
    return lines[0]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line == needle)


# --- a loop without listening ------------------------------------------------------------


def test_check_refuses_a_loop_without_listening_naming_its_nodes(tmp_path):
    path = tmp_path / "piece.yaml"
    path.write_text(ROUND_AGAIN)
    line = refused(cli("check", str(path)), path)
    assert line == (f"{path}:{line_of(ROUND_AGAIN, '  coffee:')}: node 'coffee': the story "
                    "goes round without listening (coffee -> brew -> coffee) and would repeat "
                    "forever; put a listening point in the loop")


def test_run_text_refuses_the_loop_instead_of_printing_forever(tmp_path):
    path = tmp_path / "piece.yaml"
    path.write_text(ROUND_AGAIN)
    result = cli("run", "--text", "--reply", "coffee", str(path), timeout=30)
    assert "goes round without listening" in refused(result, path)
    assert result.stdout == ""


def test_a_loop_through_a_route_without_listening_is_refused(tmp_path):
    text = TEA.replace("      - next: cool\n", "      - when: {tea: [no]}\n        next: coffee\n"
                                                "      - next: cool\n")
    path = tmp_path / "piece.yaml"
    path.write_text(text)
    result = cli("check", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{path}:{line_of(text, '  coffee:')}: node 'coffee': the story goes round without " \
        "listening (coffee -> close -> coffee)" in result.stderr.splitlines()[-1]


def test_a_loop_through_a_listening_point_is_still_a_piece(tmp_path):
    text = TEA.replace("    say: Coffee it is.\n    next: close\n",
                       "    say: Coffee it is.\n    next: ask\n")
    path = tmp_path / "piece.yaml"
    path.write_text(text)
    result = cli("check", str(path))
    assert (result.returncode, result.stderr) == (0, "")
    assert "distinct paths: unbounded (the story can loop)" in result.stdout


def test_the_session_stops_itself_on_a_loop_that_was_never_checked():
    piece = parse_piece(ROUND_AGAIN, "unchecked.yaml")
    log = EventLog()
    voice = KeptVoice()
    with pytest.raises(StoryLoops, match=r"goes round without listening "
                                         r"\(coffee -> brew -> coffee\)"):
        Session(piece, voice, ScriptedEar(["coffee"]), [log]).run()
    assert voice.said.count("The kettle sings.") == 1
    ended = log.of(SessionEnded)
    assert len(ended) == 1 and ended[0].completed is False


# --- reading the file ---------------------------------------------------------------------


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "piece.yaml"
    os.mkfifo(fifo)
    line = refused(cli("check", str(fifo), timeout=30), fifo)
    assert "is not a regular file" in line


def test_a_link_to_an_endless_device_is_refused(tmp_path):
    link = tmp_path / "piece.yaml"
    link.symlink_to("/dev/zero")
    assert "is not a regular file" in refused(cli("check", str(link), timeout=30), link)


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "piece.yaml"
    path.write_text(TEA + "#" * MAX_BYTES)
    assert "is larger than 2 MB" in refused(cli("check", str(path)), path)


@pytest.mark.parametrize("name, text, message", [
    ("laughs", "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n"
        for i in range(9)), "holds more than 100,000 values (an alias counts as a copy"),
    ("itself", "a: &a {b: *a}\n", "alias '*a' is used inside what it names"),
    ("deep", "piece: x\nnodes: " + "[" * 200 + "]" * 200 + "\n",
     f"nested more than {MAX_DEPTH} levels deep"),
    ("deeper", "piece: x\nnodes: " + "[" * 1200 + "]" * 1200 + "\n",
     "malformed YAML: exceeded maximum nesting depth"),
    ("say", "piece: x\nstart: a\nnodes:\n  a:\n    say: " + "[" * 500 + '"hi"' + "]" * 500
     + "\n    end: true\n", f"nested more than {MAX_DEPTH} levels deep"),
])
def test_yaml_that_would_grow_or_nest_without_end_is_refused(tmp_path, capsys, name, text,
                                                             message):
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith(f"{path}:")
    assert message in err


def test_a_chain_of_five_thousand_nodes_is_checked_without_recursion(tmp_path, capsys):
    path = tmp_path / "piece.yaml"
    path.write_text(long_chain(5000))
    assert main(["check", str(path)]) == 0, capsys.readouterr().err
    assert "nodes: 5001, lines: 5003, listening points: 5000" in capsys.readouterr().out


# --- counting the ways through -----------------------------------------------------------


def test_a_route_reading_every_answer_is_counted_exactly_without_walking_each_path():
    # 4 choices a point (yes, no, silence, unclear); the final route leads to an ending
    # whichever way it goes, so the count is 4 ** points however many answers it reads.
    for points, said in ((10, "1048576"), (200, "about 2.58e+120"),
                         (1000, "about 1.15e+602")):  # past what a float can hold
        assert str(count_paths(parse_piece(chain_piece(points), "chain.yaml"))) == said


def test_check_of_two_hundred_points_read_by_one_route_finishes(tmp_path):
    path = tmp_path / "piece.yaml"
    path.write_text(chain_piece(200))
    result = cli("check", str(path), timeout=60)
    assert result.returncode == 0, result.stderr
    assert "listening points: 200" in result.stdout


def test_routes_that_lead_on_differently_are_counted_by_what_they_read():
    # After p3, the route goes on to one more question only if every answer was yes:
    # 4**3 - 1 ways end at once, the one all-yes way has 4 more choices.
    text = chain_piece(3).replace("  bright: {say: All yes., end: true}\n",
                                  "  bright:\n    listen:\n      next: plain\n"
                                  "      answers: [{label: 'yes'}, {label: 'no'}]\n")
    assert str(count_paths(parse_piece(text, "chain.yaml"))) == str(4 ** 3 - 1 + 4)


def test_too_much_to_count_exactly_is_said_as_bounds():
    # as above with 30 points: the one all-yes way differs, and telling it apart would
    # take 2**30 states, so the count is given as the bounds it lies between
    text = chain_piece(30).replace("  bright: {say: All yes., end: true}\n",
                                   "  bright:\n    listen:\n      next: plain\n"
                                   "      answers: [{label: 'yes'}, {label: 'no'}]\n")
    count = count_paths(parse_piece(text, "chain.yaml"))
    assert (count.low, count.high) == (4 ** 30, 4 ** 30 * 4)
    assert str(count).startswith("between about 1.15e+18 and about 4.61e+18 (routes read")


def reference_count(piece) -> int | None:
    """The count as check made it before, walking every (node, memory) state: the
    specification, affordable on small pieces."""
    watched = sorted({n for node in piece.nodes.values() for r in node.route for n, _ in r.when})
    caps: dict[str, int] = {}
    for node in piece.nodes.values():
        for r in node.route:
            for label, count in r.at_least:
                caps[label] = max(caps.get(label, 0), count)
    memo: dict = {}
    open_: set = set()

    def ways(name, known, tally):
        key = (name, known, tally)
        if key in memo:
            return memo[key]
        if key in open_:
            return None
        node = piece.nodes[name]
        if node.end:
            return 1
        open_.add(key)
        if node.route:
            mem, tal = dict(known), dict(tally)
            taken = next(r for r in node.route if r.is_default or (
                all(mem.get(n) in labels for n, labels in r.when)
                and all(tal.get(lb, 0) >= c for lb, c in r.at_least)))
            steps = [(taken.next, known, tally)]
        elif node.listen:
            listen = node.listen
            choices = [(listen.destination(a), a.label) for a in listen.answers]
            choices += [(listen.fallback(listen.silence), "silence"),
                        (listen.fallback(listen.unclear), "unclear")]
            steps = []
            for dest, label in choices:
                mem, tal = dict(known), dict(tally)
                if listen.remember:
                    if listen.remember in watched:
                        mem[listen.remember] = label
                    if label in caps:
                        tal[label] = min(tal.get(label, 0) + 1, caps[label])
                steps.append((dest, tuple(sorted(mem.items())), tuple(sorted(tal.items()))))
        else:
            steps = [(node.next, known, tally)]
        total = 0
        for dest, k, t in steps:
            sub = ways(dest, k, t) if dest else 0
            if sub is None:
                return None
            total += sub
        open_.discard(key)
        memo[key] = total
        return total

    return ways(piece.start, (), ())


def test_the_count_agrees_with_walking_every_state_on_generated_pieces():
    # a third of these need the second pass, a quarter can loop
    compared = 0
    for seed in range(200):
        piece = parse_piece(yaml.safe_dump(random_story(random.Random(seed))), "gen.yaml")
        if check_piece(piece, "gen.yaml"):
            continue
        expected = reference_count(piece)
        got = count_paths(piece)
        assert (got.loops, got.low) == ((True, None) if expected is None else (False, expected))
        compared += 1
    assert compared > 150

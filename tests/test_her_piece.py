"""The her piece, second pass (issue 15): the figures its "Done when" asks for, measured on
whole text-mode sessions of the built-in piece, and the reading rules it keeps.

Four listeners are the yardstick: one who says yes to everything, one who says no, one
who is never sure and one who stays silent; a fifth answers in natural phrases.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest

from tests.audio_checks import read_wav
from tests.test_golden import NATURAL
from voicepiece.cli import main
from voicepiece.story.choosing import conditions_hold
from voicepiece.story.loader import load_piece
from voicepiece.story.model import Piece, Route, every_line, placeholders

ESSAY_FILE = Path(__file__).parent / "data" / "her-essay.txt"
"""The essay as its author wrote it (docs/design.md: the piece's source)."""

READING_EDITS = {
    # Where the essay means the film and does not say so, it is read as a title.
    "characters in her,": "characters in the film her,",
    "her begs the question": "The film her begs the question",
}
"""The only words the reading adds to the essay (see the piece's header)."""

LISTENERS: dict[str, list[str]] = {
    "yes": ["yes"] * 30,
    "no": ["no"] * 30,
    "unsure": ["I'm not sure"] * 30,
    "silent": ["silence"],
}
WORDS_PER_LINE = 30
"""About 12 seconds at 150 words a minute, the slowest pace measured for the default voice
(Kokoro af_heart: 150-153 wpm on the essay's long sentences; espeak at rate 160: 164)."""


@pytest.fixture(scope="module")
def piece() -> Piece:
    return load_piece("her")


@pytest.fixture(scope="module")
def essay() -> str:
    text = ESSAY_FILE.read_text()
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
    for was, read in READING_EDITS.items():
        assert was in text
        text = text.replace(was, read)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    out = {}
    for name, replies in {**LISTENERS, "natural": NATURAL}.items():
        folder = tmp_path_factory.mktemp(name) / "session"
        args = ["run", "her", "--text", "--record", str(folder), "--seed", "1"]
        for reply in replies:
            args += ["--reply", reply]
        assert main(args) == 0
        out[name] = json.loads((folder / "session.json").read_text())
    return out


def _is_essay(text: str, essay: str) -> bool:
    return text in essay


def passages(session: dict, essay: str, piece: Piece) -> list[tuple[str, tuple[str, ...], str]]:
    """The essay passages a listener heard, in order: each run of essay lines said in one
    node, with what led into it: the passage before, and the narrator's own bridges since
    (lines of a node's ``say``; her responses to answers and her reprompts do not count,
    or every passage after a question would differ)."""
    own = {line.id for node in piece.nodes.values() for line in every_line(node.say)}
    out: list[tuple[str, tuple[str, ...], str]] = []
    run: list[str] = []
    bridge: list[str] = []
    node = None
    previous = ""
    for line in session["lines"]:
        essay_line = _is_essay(line["text"], essay)
        if run and (not essay_line or line["node"] != node):
            text = " ".join(run)
            out.append((text, tuple(bridge), previous))
            previous, run, bridge = text, [], []
        if essay_line:
            run.append(line["text"])
            node = line["node"]
        elif line["id"] in own:
            bridge.append(line["text"])
    if run:
        out.append((" ".join(run), tuple(bridge), previous))
    return out


def differing_passages(a: dict, b: dict, essay: str, piece: Piece) -> set[str]:
    """Passages heard by one listener only, or led into differently (another passage
    before them, or a bridge of the narrator's own)."""
    heard_a = {text: context for text, *context in passages(a, essay, piece)}
    heard_b = {text: context for text, *context in passages(b, essay, piece)}
    return {text for text in heard_a.keys() | heard_b.keys()
            if heard_a.get(text) != heard_b.get(text)}


# --- the narration branches --------------------------------------------------------------


def test_a_believer_and_a_doubter_hear_at_least_four_passages_differently(sessions, essay,
                                                                         piece):
    differ = differing_passages(sessions["yes"], sessions["no"], essay, piece)
    assert len(differ) >= 4, differ
    said_yes = [line["text"] for line in sessions["yes"]["lines"]]
    said_no = [line["text"] for line in sessions["no"]["lines"]]
    mimicry = next(t for t in said_no if t.startswith("Through the raspy sultry voice"))
    joy = next(t for t in said_yes if t.startswith("At times he shows such exuberance"))
    love_no = said_no.index("Is this true love?")
    love_yes = said_yes.index("Is this true love?")
    # the doubter hears the essay's doubt first, the believer its joy
    assert said_no.index(mimicry) < said_no.index("Where do you think love comes from? "
                                                  "From within us, or from another?")
    assert said_no.index(mimicry) > love_no
    assert love_yes < said_yes.index(joy) < said_yes.index(
        "Where do you think love comes from? From within us, or from another?")


def test_four_listeners_reach_at_least_three_endings(sessions):
    endings = {sessions[name]["ending"] for name in LISTENERS}
    assert all(sessions[name]["completed"] for name in LISTENERS)
    assert len(endings) >= 3, endings


@pytest.mark.parametrize("name", [*LISTENERS, "natural"])
def test_no_line_is_said_more_than_twice(sessions, name):
    said = Counter(line["text"] for line in sessions[name]["lines"])
    assert max(said.values()) <= 2, said.most_common(3)


@pytest.mark.parametrize("name", [*LISTENERS, "natural"])
def test_the_whole_essay_is_read_to_every_listener_who_answers(sessions, essay, name):
    heard = " ".join(line["text"] for line in sessions[name]["lines"]
                     if _is_essay(line["text"], essay))
    sentences = re.split(r"(?<=[.?!])\s+(?=[A-Z\"])", essay)
    missing = [s for s in sentences if s not in heard]
    if name == "silent":
        # a quiet visitor is told, not read, the run of questions on the source of love,
        # and does not hear "I wonder if he exudes this…"
        assert len(missing) <= 7 and "Or is he?" not in missing, missing
    else:
        assert missing == []


def test_essay_lines_are_the_authors_sentences_in_order_within_each_passage(piece, essay):
    for node in piece.nodes.values():
        lines = [line.text for line in every_line(node.say)]
        run: list[str] = []
        for text in [*lines, None]:
            if text is not None and _is_essay(text, essay):
                run.append(text)
                continue
            if run:
                assert " ".join(run) in essay, f"{node.name}: {run}"
                run = []


def test_the_narrators_own_lines_never_pass_for_the_essays(piece, essay):
    # every line is either the essay's, word for word, or plainly the narrator's
    for line in piece.lines():
        if _is_essay(line.text, essay):
            continue
        words = line.text.split()
        for i in range(len(words) - 7):  # no eight words of the essay inside her own
            assert " ".join(words[i:i + 8]) not in essay, line.text


# --- woven endings ------------------------------------------------------------------------


def _memory(piece: Piece, session: dict) -> dict[str, str]:
    """Each remembered answer's label, from the turns the session recorded."""
    labels = {}
    for turn in session["turns"]:
        listen = piece.nodes[turn["node"]].listen
        if turn["kind"] == "answer" and listen and listen.remember:
            labels[listen.remember] = turn["answer"]
    return labels


def _taken_routes(piece: Piece, session: dict, path: list[str]) -> list[Route]:
    """The route entries that decided: the first whose conditions held, at each route."""
    labels = _memory(piece, session)
    taken = []
    for here, there in pairwise(path):
        route = piece.nodes[here].route
        if route:
            entry = next(r for r in route if conditions_hold(r, labels, {}))
            assert entry.next == there
            taken.append(entry)
    return taken


def _closing(piece: Piece, session: dict) -> tuple[list[str], set[str]]:
    """The nodes after the essay's last words, and the memories they drew on: the
    conditions of the routes that chose them and the answers their lines quote."""
    path = session["path"]
    after = path[path.index("finale"):]
    drawn = {name for route in _taken_routes(piece, session, after) for name, _ in route.when}
    for line in session["lines"]:
        if line["node"] in after[1:]:
            source = next(x for x in piece.nodes[line["node"]].lines() if x.id == line["id"])
            drawn |= {p.name for p in placeholders(source.text)}
            drawn |= {name for name, _ in source.when}
    return after, drawn


@pytest.mark.parametrize("name", [*LISTENERS, "natural"])
def test_each_ending_draws_on_three_answers_including_the_first(piece, sessions, name):
    _, drawn = _closing(piece, sessions[name])
    assert "friendship" in drawn
    assert len(drawn & set(piece.memory_names())) >= 3, drawn


def test_no_closing_line_quotes_an_answer_its_route_did_not_settle(piece):
    # A closing line that quotes an answer is reached only through routes that require
    # that answer's label, so what the line says around the quote is always true of it.
    closing = {"finale"}
    frontier = ["finale"]
    while frontier:
        for nxt in piece.nodes[frontier.pop()].successors():
            if nxt not in closing:
                closing.add(nxt)
                frontier.append(nxt)
    for name in closing - {"finale"}:
        node = piece.nodes[name]
        quoted = {p.name for line in every_line(node.say) for p in placeholders(line.text)}
        if not quoted:
            continue
        # a plain `next` into a quoting node would settle nothing
        assert not any(piece.nodes[other].next == name for other in closing), name
        leading = [r for other in closing for r in piece.nodes[other].route if r.next == name]
        assert leading, f"{name} quotes {quoted} but no route leads there"
        for memory in quoted:
            assert all(memory in dict(r.when) for r in leading), (name, memory)


@pytest.mark.parametrize(("name", "quoted"), [
    ("yes", "When I asked if this was true love, you said yes."),
    ("no", "When I asked if this was true love, you said no."),
    ("natural", "When I asked if this was true love, you weren't sure."),
])
def test_endings_say_back_what_was_answered(sessions, name, quoted):
    assert quoted in [line["text"] for line in sessions[name]["lines"]]


# --- knowing when and how to answer -----------------------------------------------------


def test_the_welcome_says_a_tone_marks_the_listeners_turn(piece):
    welcome = " ".join(line.text for line in every_line(piece.nodes["welcome"].say)).lower()
    assert "tone" in welcome and "your turn" in welcome and "take all the time" in welcome


def test_questions_that_are_not_yes_or_no_name_their_possibilities_when_first_asked(piece):
    for node in piece.listening_points():
        asked = " ".join(line.text for line in every_line(node.say)).lower()
        assert "yes or no" not in asked, node.name
        for answer in node.listen.answers:
            if answer.label in ("yes", "no", "unsure") and not answer.phrases:
                continue
            assert any(re.search(rf"\b{re.escape(p)}\b", asked) for p in answer.phrases), (
                node.name, answer.label)


def test_each_question_is_asked_again_at_most_once(piece, sessions):
    for node in piece.listening_points():
        assert len(node.listen.silence.reprompts) <= 1
        assert len(node.listen.unclear.reprompts) <= 1
    for name in LISTENERS:
        turns = Counter(t["node"] for t in sessions[name]["turns"] if t["kind"] == "answer")
        assert max(turns.values()) <= 2, (name, turns)


def test_a_visitor_silent_throughout_is_asked_again_only_at_the_first_question(sessions):
    turns = Counter(t["node"] for t in sessions["silent"]["turns"] if t["kind"] == "answer")
    assert turns.pop("friendship") == 2
    assert set(turns.values()) == {1}
    assert sum(turns.values()) <= 4


# --- pacing and reading ----------------------------------------------------------------


def test_no_line_is_longer_than_about_twelve_seconds(piece):
    long = [line.text for line in piece.lines()
            if len(re.findall(r"[\w'’-]+", line.text)) > WORDS_PER_LINE]
    assert long == []


def test_the_films_title_is_read_as_a_title(sessions, essay):
    for session in sessions.values():
        said = " ".join(line["text"] for line in session["lines"])
        assert " in her," not in said and not re.search(r"(^|\. )her begs", said)
    assert all(read in essay for read in READING_EDITS.values())
    assert "a film called her" in " ".join(
        line["text"] for line in sessions["silent"]["lines"][:4])


@pytest.mark.parametrize("name", [*LISTENERS, "natural"])
def test_opening_in_theaters_today_is_the_essays_voice_not_the_narrators(sessions, name):
    said = [line["text"] for line in sessions[name]["lines"]]
    today = next(i for i, t in enumerate(said) if "opening in theaters today" in t)
    framing = said.index("The essay was written the week the film opened.")
    assert today - 3 < framing < today


# --- the quiet visitor's session, rendered -------------------------------------------------

SLOWER_THAN_KOKORO = 145
"""An espeak rate slower than the default voice: Kokoro af_heart says the quiet visitor's
lines in 8% less time than espeak at rate 160 (233 s against 253 s, measured once), and
its longest essay sentences at 150-153 words a minute; espeak at 145 speaks about 148. A
fast render at this rate bounds the length of a session in the default voice from above."""


def test_a_rendered_silent_session_lasts_at_most_six_minutes(tmp_path):
    out = tmp_path / "silent"
    assert main(["render", "her", "--out", str(out), "--reply", "silence", "--no-master",
                 "--engine", "espeak", "--voice", "en-us+f3",
                 "--rate", str(SLOWER_THAN_KOKORO)]) == 0
    samples, rate, _ = read_wav(out / "session.wav")
    assert json.loads((out / "session.json").read_text())["ending"] == "closing_quiet"
    assert len(samples) / rate <= 6 * 60

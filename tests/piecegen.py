"""Piece files made by a seeded generator, for the fuzz test and scripts/fuzz-pieces and
scripts/check-scaling: pieces that are valid, nearly valid, and wrong in the ways a file
can be wrong. Everything follows from the seed, so a failing case is a number to rerun.
"""

from __future__ import annotations

import random
from typing import Any

import yaml

LABELS = ["yes", "no", "maybe", "coffee", "tea", "again", "left", "right"]
WORDS = ["the", "kettle", "sings", "you", "wait", "a", "door", "opens", "{{braces}}", ":",
         "#", "'", '"', "é", "漢", "\u200b"]


def chain_piece(points: int) -> str:
    """``points`` yes/no listening points in a row, each remembering its answer, and one
    final route that reads every answer: the piece whose paths a naive count walks one by
    one (4 choices a point: yes, no, silence, unclear)."""
    lines = ["piece: chain", f"title: {points} questions", "start: p1", "nodes:"]
    for i in range(1, points + 1):
        after = f"p{i + 1}" if i < points else "final"
        lines += [f"  p{i}:", f"    say: Question {i}?", "    listen:",
                  f"      remember: a{i}", f"      next: {after}",
                  "      answers: [{label: 'yes'}, {label: 'no'}]"]
    every = ", ".join(f"a{i}: 'yes'" for i in range(1, points + 1))
    lines += ["  final:", "    route:", f"      - when: {{{every}}}", "        next: bright",
              "      - next: plain",
              "  bright: {say: All yes., end: true}", "  plain: {say: Not all., end: true}"]
    return "\n".join(lines) + "\n"


def long_chain(nodes: int) -> str:
    """A piece of ``nodes`` listening points in a row: no walk may follow it node by node
    on Python's stack (the silent-listener proof and the path count once did)."""
    body = "".join(f"  n{i}:\n    say: Step {i}?\n    listen: {{next: n{i + 1}, "
                   "answers: [{label: 'yes'}]}\n" for i in range(nodes))
    return f"piece: long\nstart: n0\nnodes:\n{body}  n{nodes}: {{say: End., end: true}}\n"


def _text(rng: random.Random, slots: list[str] = ()) -> str:
    words = WORDS + list(slots)
    return " ".join(rng.choice(words) for _ in range(rng.randint(1, 6)))


def random_story(rng: random.Random) -> dict[str, Any]:
    """A sound piece as data, of up to a dozen nodes in a chain with answers that jump
    ahead (or, now and then, back: a loop that passes a listening point)."""
    names = [f"n{i}" for i in range(rng.randint(1, 12))]
    ends = {names[-1]}
    asked: dict[str, list[str]] = {}  # memory -> its labels, once remembered
    nodes: dict[str, Any] = {}
    for i, name in enumerate(names):
        chain = next((n for n in names[i + 1:] if n not in ends), None) or \
            next(n for n in names[i:] if n in ends)
        ahead = names[i + 1:] or [chain]
        slots = [f"{{{m}|then}}" for m in asked]
        node: dict[str, Any] = {}
        if rng.random() < 0.85:
            node["say"] = _text(rng, slots) if rng.random() < 0.6 else [_text(rng, slots)] * 2
        kind = "end" if name in ends else rng.choice(["listen", "listen", "next", "route"])
        if kind == "end":
            node["end"] = True
        elif kind == "next":
            node["next"] = chain
        elif kind == "route" and asked:
            memory = rng.choice(list(asked))
            node["route"] = [{"when": {memory: rng.sample(asked[memory], 1)},
                              "next": rng.choice(ahead)}, {"next": chain}]
        elif kind == "route":
            node["route"] = [{"next": chain}]
        else:
            labels = rng.sample(LABELS, rng.randint(1, 4))
            answers = [{"label": label} for label in labels]
            for answer in answers:
                if answer["label"] not in ("yes", "no") or rng.random() < 0.3:
                    answer["phrases"] = [answer["label"], _text(rng)]
                if rng.random() < 0.5:
                    answer["next"] = rng.choice(ahead if rng.random() < 0.9 else names[:i + 1])
                if rng.random() < 0.5:
                    answer["say"] = _text(rng, ["{heard}"])
            listen: dict[str, Any] = {"next": chain, "answers": answers}
            if rng.random() < 0.6:
                listen["remember"] = f"m{i}"
                asked[f"m{i}"] = labels
            if rng.random() < 0.4:
                listen["silence"] = {"reprompts": [_text(rng)], "say": _text(rng)}
            node["listen"] = listen
        nodes[name] = node
    story: dict[str, Any] = {"piece": "fuzz", "start": names[0], "nodes": nodes}
    if rng.random() < 0.3:
        story["listening"] = {"timeout": rng.choice([1, 7, 30])}
    return story


def _at_random(rng: random.Random, data: Any, depth: int = 0) -> tuple[Any, Any] | None:
    """A (container, key) somewhere inside ``data``."""
    if isinstance(data, dict) and data and (depth < 1 or rng.random() < 0.7):
        key = rng.choice(list(data))
        return _at_random(rng, data[key], depth + 1) or (data, key)
    if isinstance(data, list) and data and rng.random() < 0.7:
        key = rng.randrange(len(data))
        return _at_random(rng, data[key], depth + 1) or (data, key)
    return None


ODD_VALUES: list[Any] = [None, 0, -3, 2.5, True, "", "x" * 300, [], {}, ["a", ["b"]],
                         {"text": "hi", "id": "x.1"}, {"text": 3}, "n0", "n1", "{m2}",
                         "{heard}", "yes", "no", "nowhere"]


def mutate_data(rng: random.Random, story: dict[str, Any]) -> None:
    """Put an odd value at a random place, or drop or rename a key."""
    spot = _at_random(rng, story)
    if spot is None:
        return
    container, key = spot
    roll = rng.random()
    if roll < 0.5:
        container[key] = rng.choice(ODD_VALUES)
    elif isinstance(container, dict) and roll < 0.8:
        del container[key]
    elif isinstance(container, dict):
        container[rng.choice(["nxt", "Say", "listen", "end", "route", "when", "at_least"])] = \
            container.pop(key)


TEXT_EDITS = [":", " ", "\t", "-", "- ", "[", "]", "{", "}", "&a ", "*a", "*zz", "<<: *a",
              "!!python/object:os.system ", "!!binary ", "'", '"', "#", "\\", "\0", "\ufeff",
              "%YAML 1.1\n", "---\n", "...\n", "? ", "|", ">", "@", "`", "\r", "\u2028"]


def mutate_text(rng: random.Random, text: str) -> str:
    """Edit the file as text: the mistakes of a person typing, and some of an attacker."""
    lines = text.split("\n")
    roll = rng.random()
    i = rng.randrange(len(lines))
    if roll < 0.2:
        del lines[i]
    elif roll < 0.3:
        lines.insert(i, lines[rng.randrange(len(lines))])
    elif roll < 0.4:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif roll < 0.5:
        lines[i] = " " * rng.choice([1, 2, 3, 8]) + lines[i]
    elif roll < 0.75:
        at = rng.randint(0, len(lines[i]))
        lines[i] = lines[i][:at] + rng.choice(TEXT_EDITS) + lines[i][at:]
    elif roll < 0.8:
        return text[:rng.randrange(len(text) + 1)]
    elif roll < 0.85:
        depth = rng.choice([40, 500, 1200])
        lines.append("deep: " + "[" * depth + "]" * depth)
    elif roll < 0.9:
        lines.append("laughs: &l0 [x, x, x, x, x, x, x, x, x, x]")
        lines += [f"laugh{k}: &l{k} [" + ", ".join([f"*l{k - 1}"] * 10) + "]"
                  for k in range(1, rng.randint(2, 9))]
    elif roll < 0.95:
        say = "[" * rng.choice([20, 500]) + '"hi"' + "]" * 500
        lines.insert(min(i + 1, len(lines)), f"    say: {say}")
    else:
        lines.insert(i, "x: &a {b: *a}" if rng.random() < 0.5 else "  - &a [*a]")
    return "\n".join(lines)


def fuzz_case(seed: int) -> tuple[str | bytes, list[str]]:
    """The piece text (bytes when it is not UTF-8) and the replies of case ``seed``."""
    rng = random.Random(seed)
    story = random_story(rng)
    for _ in range(rng.choice([0, 0, 0, 1, 2])):
        mutate_data(rng, story)
    text = yaml.safe_dump(story, allow_unicode=True, sort_keys=False, width=rng.choice([60, 1000]))
    for _ in range(rng.choice([0, 0, 0, 0, 1, 2, 4])):
        text = mutate_text(rng, text)
    replies = [rng.choice([*LABELS, "silence", "", "banana", "yes please"])
               for _ in range(rng.randint(0, 12))]
    if rng.random() < 0.03:
        return text.encode("utf-8")[:-1] + b"\xff\xfe", replies
    return text, replies

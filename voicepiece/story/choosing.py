"""Which lines are said when they are reached: conditions on what was remembered and
visited, and the turn of each group of variants (Ink's sequence, cycle, shuffle, once).

Pure and reproducible: a shuffle draws from a generator seeded by the session's seed and
the group's ID, so the same seed and the same answers say the same lines, whatever order
other groups were reached in.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from voicepiece.story.model import ANSWERED, RESERVED_LABELS, Conditional, Line, Say, Variants

MAX_SEED = 2**31 - 1


def new_seed() -> int:
    """A seed for a session that was given none; recorded so the session can be replayed."""
    return random.SystemRandom().randint(0, MAX_SEED)


def conditions_hold(item: Conditional, labels: Mapping[str, str],
                    visits: Mapping[str, int]) -> bool:
    """Whether every condition of ``item`` holds, given each memory's label and each
    node's visit count."""
    for name, wanted in item.when:
        if labels.get(name) not in wanted:
            return False
    if item.at_least or item.at_most:
        tally = Counter(labels.values())
        tally[ANSWERED] = sum(1 for label in labels.values() if label not in RESERVED_LABELS)
        if any(tally[label] < count for label, count in item.at_least):
            return False
        if any(tally[label] > count for label, count in item.at_most):
            return False
    return all(visits.get(node, 0) >= count for node, count in item.visits)


@dataclass
class _Turn:
    """Where one group is: the next variant to try (sequence, cycle), those said (once),
    and for a shuffle its generator, what is left of this round and the last one said."""

    position: int = 0
    said: set[int] = field(default_factory=set)
    rng: random.Random | None = None
    deck: list[int] = field(default_factory=list)
    last: int | None = None


class Chooser:
    """The turns of every group in one session."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._turns: dict[str, _Turn] = {}

    def choose(self, items: Iterable[Say], holds: Callable[[Conditional], bool]
               ) -> tuple[Line, ...]:
        """The lines ``items`` say now: each line whose conditions hold, and for each group
        whose conditions hold, its variant this time (a group reached advances)."""
        out: list[Line] = []
        for item in items:
            if not holds(item):
                continue
            if isinstance(item, Variants):
                picked = self._pick(item, holds)
                if picked is not None:
                    out.append(picked)
            else:
                out.append(item)
        return tuple(out)

    def _pick(self, group: Variants, holds: Callable[[Conditional], bool]) -> Line | None:
        """The group's variant this time. A variant whose conditions fail is passed over:
        the group says its next one that holds, by its kind's order."""
        turn = self._turns.setdefault(group.id, _Turn())
        n = len(group.lines)
        ok = [holds(line) for line in group.lines]
        index: int | None = None
        if group.kind == "cycle":
            index = next(((turn.position + j) % n for j in range(n)
                          if ok[(turn.position + j) % n]), None)
            if index is not None:
                turn.position = (index + 1) % n
        elif group.kind == "sequence":
            index = next((i for i in range(turn.position, n) if ok[i]), None)
            if index is not None:
                turn.position = min(index + 1, n - 1)
        elif group.kind == "once":
            index = next((i for i in range(n) if ok[i] and i not in turn.said), None)
            if index is not None:
                turn.said.add(index)
        else:
            index = self._shuffled(group, turn, ok)
        return None if index is None else group.lines[index]

    def _shuffled(self, group: Variants, turn: _Turn, ok: list[bool]) -> int | None:
        """Each round says every variant once in a random order; a new round never begins
        with the one the last ended on."""
        if turn.rng is None:
            turn.rng = random.Random(f"{self.seed}:{group.id}")
        fits = [i for i in turn.deck if ok[i]]
        if not fits:
            turn.deck = list(range(len(group.lines)))
            turn.rng.shuffle(turn.deck)
            fits = [i for i in turn.deck if ok[i]]
        if len(fits) > 1 and turn.last in fits:
            fits.remove(turn.last)
        if not fits:
            return None
        index = fits[0]
        turn.deck.remove(index)
        turn.last = index
        return index

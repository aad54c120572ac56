"""The spoken questions-back bench says what a listener meets, as the session ends it: a
question back checked as one of the point's answers and refused can still take a branch,
when the point receives the refused words as an open answer (``deciding.after_check``).
The eighteenth pass's bench called every such check "checked", as if it were asked again."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from bench_questions_back import outcome

from voicepiece.listening.base import ACCEPT, CONFIRM, REJECT
from voicepiece.story.model import EXPLAIN, OPEN, SILENCE, UNCLEAR


def test_a_refused_check_received_as_open_is_a_wrong_branch() -> None:
    assert outcome("listen", CONFIRM, EXPLAIN, OPEN) == "wrong"


def test_a_refused_check_asked_again_is_only_checked() -> None:
    assert outcome("listen", CONFIRM, EXPLAIN, UNCLEAR) == "checked"


def test_the_other_endings() -> None:
    assert outcome(EXPLAIN, ACCEPT, EXPLAIN) == "explain"
    assert outcome("listen", ACCEPT, EXPLAIN) == "wrong"
    assert outcome(UNCLEAR, REJECT, EXPLAIN) == "again"
    assert outcome(SILENCE, "silence", EXPLAIN) == "silence"
    # an answer said as a question ("why not?" is yes), taken or confirmed
    assert outcome("yes", ACCEPT, "yes") == "right"
    assert outcome("yes", CONFIRM, "yes", UNCLEAR) == "right"

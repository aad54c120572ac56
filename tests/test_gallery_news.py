"""What the station tells its technician and spends its time on (issue 16, item 10): a
line at start and at stop, a later self-test that clears a failed one, devices that
`--check` refuses, real devices listed, no mastering for a recording about to go.

Built on the fakes of ``test_gallery.py`` (a manual clock, scripted visitors); the live
CLI run on virtual devices is in ``test_gallery_live.py``.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.test_gallery import rig, visitor
from voicepiece.archive import finishing


@pytest.fixture
def mastered(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The mixes mastering was asked to finish (the fakes' voice is silent: nothing to
    master for real)."""
    calls: list[Path] = []

    def master(raw: Path, *_args: Any, **_kwargs: Any) -> Any:
        calls.append(raw)
        return SimpleNamespace(warnings=())

    monkeypatch.setattr(finishing, "master", master)
    return calls


@pytest.mark.parametrize("replies", [(None, None, None), (None,)],
                         ids=["walked-away", "silent-to-the-end"])
def test_a_recording_that_will_be_discarded_is_not_mastered(
        tmp_path: Path, mastered: list[Path], replies: tuple[None, ...]) -> None:
    r = rig(tmp_path, [visitor(*replies)], recording={"master": True},
            session={"walk_away_after": 2}).run()
    assert r.records[0]["recording"] == "discarded" and r.folders() == []
    assert mastered == []


def test_a_kept_recording_is_still_mastered(tmp_path: Path, mastered: list[Path]) -> None:
    r = rig(tmp_path / "spoke", [visitor("yes", None, None)], recording={"master": True},
            session={"walk_away_after": 2}).run()
    [record] = r.records
    assert record["recording"] == "kept" and len(mastered) == 1
    silent = rig(tmp_path / "silent", [visitor(None, None, None)],
                 recording={"master": True, "keep_silent": True},
                 session={"walk_away_after": 2}).run()
    assert silent.records[0]["recording"] == "kept" and len(mastered) == 2

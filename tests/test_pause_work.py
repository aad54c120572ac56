"""The grammar's work at a pause is done once per audio: the hesitation check and the
analysis of one pause's audio measure and denoise it once, and a decision on audio that a
pause's check or the analysis during a wait already decoded decodes nothing — whichever
came between (issue 13, fifteenth pass: a starved process spent up to a second decoding a
check's audio again after the wait's analysis had taken its place). Nothing decided
changes: the results are the ones a fresh decode gives."""

from __future__ import annotations

import shutil
from collections import Counter
from typing import Any

import pytest

from voicepiece.listening import denoise
from voicepiece.listening import listener_voices as lv
from voicepiece.listening import recognizer as rec
from voicepiece.listening.decoder import engine
from voicepiece.listening.turns import HesitationCheck
from voicepiece.story.loader import load_piece

pytestmark = pytest.mark.skipif(not shutil.which("flite"),
                                reason="the listener voice needs flite (scripts/setup --test)")


@pytest.fixture(scope="module")
def answers() -> Any:
    point = next(n for n in load_piece("her").listening_points() if n.name == "she_listens")
    assert point.listen is not None
    return point.listen.answers


def _said(text: str, snr: float | None, seed: int) -> bytes:
    return lv.add_noise(lv.pad(lv.speak(text, "flite:slt"), 0.25, 0.3, seed), snr, seed + 1)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Counts each decode by its audio, and each denoising, from now on (a fresh memory)."""
    rec.SphinxRecognizer().forget()
    counts: Counter = Counter()
    eng = engine()
    decode, enhance = eng.decode, denoise.enhance

    def decoding(pcm: bytes, search: str) -> Any:
        counts[("decode", search, len(pcm))] += 1
        return decode(pcm, search)

    def denoising(audio: bytes, *args: Any, **kwargs: Any) -> bytes:
        counts["enhance"] += 1
        return enhance(audio, *args, **kwargs)

    monkeypatch.setattr(eng, "decode", decoding)
    monkeypatch.setattr(rec, "enhance", denoising)
    monkeypatch.setattr(denoise, "enhance", denoising)  # where a check imported it from
    yield counts
    rec.SphinxRecognizer().forget()


def _decodes(counts: Counter) -> int:
    return sum(n for key, n in counts.items() if key != "enhance")


def test_a_decision_on_the_checks_audio_decodes_nothing_after_the_waits_analysis(
        counted: Counter, answers: Any) -> None:
    checked = _said("yes I think so", None, 3)
    waited = checked + lv.pad(b"", 0.0, 0.5, 5)  # the same, and half a second of the room
    recognizer = rec.SphinxRecognizer()
    at_check = recognizer.is_complete(checked, answers)
    rec.analyse(waited, answers)  # the analysis during the wait
    decoded = _decodes(counted)
    assert recognizer.is_complete(checked, answers) == at_check  # the decision
    assert recognizer.recognize(checked, answers).label is not None
    assert _decodes(counted) == decoded


def test_the_hesitation_check_and_the_analysis_denoise_a_noisy_pause_once(
        counted: Counter, answers: Any) -> None:
    noisy = _said("not really", 10.0, 7)
    assert rec.speech_snr(noisy) < rec.ENHANCE_BELOW_DB  # it is denoised before decoding
    HesitationCheck().heard(noisy, answers)
    rec.analyse(noisy, answers)
    assert counted["enhance"] == 1


def test_what_is_remembered_is_what_a_fresh_decode_finds(answers: Any) -> None:
    noisy = _said("I doubt it", 10.0, 11)
    rec.SphinxRecognizer().forget()
    remembered = rec.analyse(noisy, answers)
    rec.analyse(_said("banana", None, 13), answers)
    assert rec.analyse(noisy, answers) is remembered
    cleaned = denoise.enhance(noisy)
    assert remembered.grammar == engine().decode(cleaned, rec.grammar_for(answers).search)
    assert rec.decodable(noisy) == cleaned


def test_the_listener_gone_takes_the_memory_with_them(counted: Counter, answers: Any) -> None:
    said = _said("yes", 20.0, 17)
    rec.analyse(said, answers)
    decoded = _decodes(counted)
    assert rec.SphinxRecognizer().forget()
    rec.analyse(said, answers)
    assert _decodes(counted) > decoded
    assert counted["enhance"] == 2


def test_only_the_newest_few_are_kept(counted: Counter, answers: Any) -> None:
    turns = [_said("yes", None, 20 + 2 * i) for i in range(rec.REMEMBERED + 1)]
    for audio in turns:
        rec.analyse(audio, answers)
    decoded = _decodes(counted)
    rec.analyse(turns[-1], answers)
    assert _decodes(counted) == decoded
    rec.analyse(turns[0], answers)
    assert _decodes(counted) > decoded

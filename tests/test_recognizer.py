"""The recognizer with its real engines: pocketsphinx, the fitted verifier, and answers spoken
by synthetic listener voices (espeak-ng, flite) with noise, shaped like live turns.

Recognition is statistical, so the tests allow a small documented error budget instead of
demanding every clip: see docs/listening-measurements.md ("Recognition") for the measured
rates these
budgets sit below. Every clip is deterministic (fixed voices, texts and noise seeds), so a
run either passes or fails the same way each time.

The answers spoken here are phrasings the verifier was *not* fitted on
(``is_training_phrase`` is False), so the tests measure it the way the fit's report does.
Whole turns are heard through the real ear (voice activity, endpointing, the completeness
check), which decides on the audio as it cuts it live.
"""

from __future__ import annotations

import functools
import shutil
import wave
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from voicepiece.errors import EngineMissing
from voicepiece.listening import listener_voices as lv
from voicepiece.listening import pronunciation
from voicepiece.listening import recognizer as rec
from voicepiece.listening.base import (
    ACCEPT,
    CONFIRM,
    REJECT,
    SAMPLE_RATE,
    Recognition,
    Thresholds,
)
from voicepiece.listening.decoder import engine
from voicepiece.listening.fitting import is_training_phrase
from voicepiece.listening.grammar import grammar_for
from voicepiece.listening.vad import VoiceActivity
from voicepiece.listening.verifier import Verifier
from voicepiece.story.loader import load_piece
from voicepiece.story.matching import match_answer
from voicepiece.story.phrases import choices_key, phrases_for
from voicepiece.story.wording import normalize

pytestmark = pytest.mark.skipif(
    not (shutil.which("espeak-ng") and shutil.which("flite")),
    reason="the listener voices need espeak-ng and flite (scripts/setup --test)",
)

HUMAN = Path(__file__).resolve().parents[1] / "audio" / "human-speech"
"""Real people's recordings kept with the code (audio/README.md): every yes and no of the
shared collection, two clips of each other word, the read sentences."""

TARGET_RIGHT = 0.85
"""Share of answers that must end with the right label (accepted, or offered for
confirmation): the held-out measurement at 20 dB is ~89-90% (docs/listening-measurements.md)."""
POINT_RIGHT = 0.6
"""Per listening point, where only ~12-16 clips are spoken, a looser floor."""
TARGET_OFF_LIST = 0.10
"""Off-list speech accepted as an answer: the issue's target."""
TARGET_HUMAN = 0.75
"""Real people's yes and no (22 recordings, each heard over two room floors): right label
accepted or confirmed, measured 37/44 (84%); a lone short word sits near the confirm
threshold, so the room noise laid under it moves a few (17 and 20 of 22)."""
TARGET_HUMAN_OFF_LIST = 0.10
"""Real people's other single words and read sentences, heard at a yes/no point: accepted
as an answer, measured 6/66 on the recordings kept in audio/ (20/282, 7%, on the whole
shared collection)."""


@dataclass(frozen=True)
class _Choice:
    label: str
    meaning: str | None
    phrases: tuple[str, ...]


@pytest.fixture(scope="module")
def recognizer() -> rec.SphinxRecognizer:
    recognizer = rec.SphinxRecognizer()
    recognizer.warm_up()
    return recognizer


@pytest.fixture(scope="module")
def points():
    return load_piece("her").listening_points()


def _held_out(answers, label: str) -> list[str]:
    """The phrasings of ``label`` the verifier was not fitted on, in the piece's order."""
    grammar = grammar_for(answers)
    choice = next(a for a in answers if a.label == label)
    return [p for p in phrases_for(choice)
            if grammar.labels.get(p) == label and not is_training_phrase(p)]


def _turn(text: str, voice: lv.ListenerVoice, snr: float | None, seed: int) -> bytes:
    return lv.live_turn(text, voice, snr, seed)


@functools.cache
def _detector() -> VoiceActivity:
    """One voice detector for every turn heard here, as one for every turn of a session:
    the ear resets it as each turn begins, and loading one costs more than hearing a
    short answer."""
    return VoiceActivity()


def _hear(recognizer: rec.SphinxRecognizer, pcm: bytes, node) -> Recognition:
    """What the ear decides on a turn at ``node``: its recognition, or a rejection with
    nothing when no speech was heard."""
    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.sources import PcmSource
    from voicepiece.session.events import Question

    ear = ListeningEar(lambda: PcmSource(pcm), recognizer, _detector())
    ear.listen(Question(node.name, node.listen.answers, node.listen.settings))
    return ear.last_recognition or Recognition(None, None, 0.0, REJECT)


# ── answers at every listening point ─────────────────────────────────────────────────


@pytest.fixture(scope="module")
def answer_results(recognizer, points):
    """Two held-out phrasings per answer of every listening point (a different pair at each
    point sharing a grammar), each spoken by two listener voices at 20 dB SNR."""
    voices = lv.LISTENER_VOICES
    results = []
    seed = 0
    for k, node in enumerate(points):
        answers = node.listen.answers
        for answer in answers:
            phrasings = _held_out(answers, answer.label)
            assert phrasings, f"{node.name}/{answer.label} has no held-out phrasing to test"
            picked = [phrasings[(2 * k + i) % len(phrasings)] for i in range(2)]
            for text in dict.fromkeys(picked):
                for j in range(2):
                    seed += 1
                    voice = voices[(seed * 3 + j) % len(voices)]
                    got = _hear(recognizer, _turn(text, voice, 20.0, seed), node)
                    results.append((node.name, answer.label, text, voice.name, got))
    return results


def test_every_listening_point_hears_its_answers(answer_results):
    by_point: dict[str, list[bool]] = defaultdict(list)
    misses = []
    for point, label, text, voice, got in answer_results:
        right = got.label == label and got.zone in (ACCEPT, CONFIRM)
        by_point[point].append(right)
        if not right:
            misses.append(f"{point}: {text!r} ({label}) by {voice} -> {got}")
    total = [ok for oks in by_point.values() for ok in oks]
    rate = sum(total) / len(total)
    assert len(by_point) == 11
    assert rate >= TARGET_RIGHT, f"{rate:.0%} right; misses:\n" + "\n".join(misses)
    for point, oks in by_point.items():
        assert sum(oks) / len(oks) >= POINT_RIGHT, (
            f"{point}: {sum(oks)}/{len(oks)} right; misses:\n" + "\n".join(misses))


def test_a_wrong_label_is_never_accepted_outright(answer_results):
    wrong = [(p, t, g) for p, label, t, _, g in answer_results
             if g.zone == ACCEPT and g.label != label]
    assert len(wrong) <= max(1, len(answer_results) // 50), wrong


def test_recognitions_are_well_formed(answer_results, points):
    nodes = {node.name: node for node in points}
    for point, _, _, _, got in answer_results:
        assert isinstance(got, Recognition)
        assert got.zone in (ACCEPT, CONFIRM, REJECT)
        assert 0.0 <= got.score <= 1.0
        if got.label is not None:
            assert got.label in nodes[point].listen.labels
            assert got.text == normalize(got.text)


# ── speech that answers nothing ──────────────────────────────────────────────────────

OFF_LIST = ("the weather is nice today", "banana", "what time is it", "I like turtles",
            "can you repeat that", "where did I put my glasses")


def test_off_list_speech_is_not_taken_as_an_answer(recognizer, points):
    grammars = {}
    for node in points:  # one point per grammar: the seven yes/no points share one
        grammars.setdefault(choices_key(node.listen.answers), node)
    outcomes = []
    seed = 500
    for node in grammars.values():
        for text in OFF_LIST:
            assert match_answer(text, node.listen.answers).label is None
            for snr in (None, 20.0):
                seed += 1
                voice = lv.LISTENER_VOICES[seed % len(lv.LISTENER_VOICES)]
                got = _hear(recognizer, _turn(text, voice, snr, seed), node)
                outcomes.append((node.name, text, voice.name, got))
    accepted = [o for o in outcomes if o[3].zone == ACCEPT]
    assert len(accepted) / len(outcomes) <= TARGET_OFF_LIST, accepted


def test_a_builtin_answer_the_question_does_not_offer_is_rejected(recognizer, points):
    source = next(n for n in points if n.name == "source")  # within / another / unsure
    got = recognizer.recognize(_turn("yes", lv.LISTENER_VOICES[0], None, 7),
                               source.listen.answers)
    assert got.label is None
    assert got.zone == REJECT


@pytest.mark.parametrize("audio", [
    pytest.param(lambda: lv.noise(1.2, 1), id="room floor"),
    pytest.param(lambda: lv.noise(1.5, 2, dbfs=-45), id="quiet noise"),
    pytest.param(lambda: lv.noise(1.5, 3, dbfs=-25), id="loud noise"),
    pytest.param(lambda: b"", id="nothing"),
    pytest.param(lambda: b"\0\0" * (SAMPLE_RATE // 20), id="50 ms"),
])
def test_silence_gives_no_answer(recognizer, points, audio):
    for node in points[:2]:
        got = recognizer.recognize(audio(), node.listen.answers)
        assert got.label is None and got.zone == REJECT, got
        assert not recognizer.is_complete(audio(), node.listen.answers)


# ── real people ──────────────────────────────────────────────────────────────────────


def _human(words: str = "") -> list[tuple[Path, str]]:
    """The human recordings (path, words), all of them or those saying ``words``."""
    found = []
    for line in (HUMAN / "MANIFEST.tsv").read_text("utf-8").splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) > 3 and fields[0].endswith(".wav") and not fields[3].startswith(
                "UNKNOWN") and (not words or fields[3] in words.split("|")):
            found.append((HUMAN / fields[0], fields[3]))
    return found


def _heard_human(recognizer, path: Path, node, seed: int) -> Recognition | None:
    with wave.open(str(path), "rb") as w:
        if (w.getframerate(), w.getsampwidth(), w.getnchannels()) != (SAMPLE_RATE, 2, 1):
            return None
        audio = w.readframes(w.getnframes())
    return _hear(recognizer, lv.add_noise(lv.pad(audio, 0.5, 0.0, seed), None, seed), node)


def test_real_people_saying_yes_and_no(recognizer, points):
    she_listens = next(n for n in points if n.name == "she_listens")
    results = []
    assert len(_human("yes|no")) == 22
    for path, word in _human("yes|no"):
        for seed in (1, 2):
            got = _heard_human(recognizer, path, she_listens, seed)
            assert got is not None, f"{path}: not 16 kHz mono"
            results.append((path.name, word, got))
    right = [r for r in results if r[2].label == r[1] and r[2].zone in (ACCEPT, CONFIRM)]
    assert len(right) / len(results) >= TARGET_HUMAN, [r for r in results if r not in right]


def test_real_people_saying_other_things_are_not_taken_for_answers(recognizer, points):
    she_listens = next(n for n in points if n.name == "she_listens")
    answers = she_listens.listen.answers
    accepted, heard = [], 0
    for path, words in _human():
        if match_answer(words, answers).label is not None:
            continue  # "right", "no", "yes": answers there
        got = _heard_human(recognizer, path, she_listens, 2)
        if got is None:
            continue
        heard += 1
        if got.zone == ACCEPT:
            accepted.append((words, got.text))
    assert heard == 67  # every recording in audio/human-speech that answers nothing there
    assert len(accepted) / heard <= TARGET_HUMAN_OFF_LIST, accepted


# ── the parts ────────────────────────────────────────────────────────────────────────


def test_a_grammar_is_compiled_once_per_set_of_choices(points):
    a = grammar_for(points[1].listen.answers)
    b = grammar_for(points[2].listen.answers)  # another yes/no point
    assert a is b
    assert grammar_for(points[0].listen.answers) is not a


def test_the_grammar_holds_every_phrasing_of_every_answer(points):
    for node in points:
        grammar = grammar_for(node.listen.answers)
        for answer in node.listen.answers:
            for phrase in phrases_for(answer):
                assert phrase in grammar.labels, (node.name, phrase)
                assert grammar.pronunciations[phrase]
        assert set(grammar.labels.values()) - {None} == set(node.listen.labels)


def test_a_word_missing_from_the_dictionary_gets_a_pronunciation():
    assert engine().pronunciations("zorblaxian") == ()
    choices = [_Choice("alien", None, ("zorblaxian",)), _Choice("human", None, ("earthling",))]
    grammar = grammar_for(choices)
    assert grammar.labels["zorblaxian"] == "alien"
    assert engine().pronunciations("zorblaxian")
    got = rec.SphinxRecognizer().recognize(_turn("zorblaxian", "flite:slt", None, 3), choices)
    assert got.label == "alien"


def test_guessed_pronunciations_use_the_models_phones():
    phones = (set(pronunciation._IPA.values()) | set(pronunciation._LETTERS.values())
              | set(pronunciation._DIGRAPHS.values()))
    model = {"AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F",
             "G", "HH", "IH", "IY", "JH", "K", "L", "M", "N", "NG", "OW", "OY", "P", "R", "S",
             "SH", "T", "TH", "UH", "UW", "V", "W", "Y", "Z", "ZH"}
    assert {p for group in phones for p in group.split()} <= model
    assert pronunciation._letter_phones("blorp") == ["B", "L", "AA", "R", "P"]


def test_is_complete_hears_a_whole_answer_and_not_half_of_one(recognizer, points):
    answers = next(n for n in points if n.name == "source").listen.answers
    voice = lv.listener_voice("flite:slt")
    assert recognizer.is_complete(_turn("another person", voice, None, 4), answers)
    half = lv.pad(lv.speak("the", voice), 0.25, 0.4, 5)
    assert not recognizer.is_complete(half, answers)


def test_thresholds_decide_the_zone():
    t = Thresholds(accept=0.8, confirm=0.4)
    assert [t.zone(s) for s in (0.95, 0.8, 0.6, 0.4, 0.1)] == [
        ACCEPT, ACCEPT, CONFIRM, CONFIRM, REJECT]
    with pytest.raises(ValueError):
        Thresholds(accept=0.3, confirm=0.5)


def test_thresholds_can_be_overridden(points):
    answers = points[1].listen.answers
    audio = _turn("yes", lv.listener_voice("flite:slt"), None, 6)
    fitted = rec.SphinxRecognizer()
    assert fitted.thresholds == Verifier.load().thresholds
    strict = rec.SphinxRecognizer(thresholds=Thresholds(1.0, 1.0))
    lenient = rec.SphinxRecognizer(thresholds=Thresholds(0.0, 0.0))
    assert strict.recognize(audio, answers).zone == REJECT
    assert lenient.recognize(audio, answers) == Recognition("yes", "yes",
                                                             fitted.recognize(audio, answers)
                                                             .score, ACCEPT)


def test_the_packaged_verifier_is_fitted():
    model = Verifier.load()
    assert model.report.get("fitted_by") == "scripts/fit-verifier"
    assert 0.0 < model.thresholds.confirm < model.thresholds.accept < 1.0


def test_recognition_does_not_depend_on_what_came_before(recognizer, points):
    answers = points[1].listen.answers
    yes = _turn("I think so", lv.listener_voice("espeak-ng:en-gb+m3"), 20.0, 8)
    first = recognizer.recognize(yes, answers)
    recognizer.recognize(_turn("banana", lv.listener_voice("flite:rms"), 10.0, 9), answers)
    recognizer.recognize(yes, points[0].listen.answers)
    assert recognizer.recognize(yes, answers) == first


# ── listener voices ──────────────────────────────────────────────────────────────────


def test_listener_voices_are_not_the_narrators():
    names = [v.name for v in lv.LISTENER_VOICES]
    assert len(set(names)) == len(names) >= 6
    assert {v.engine for v in lv.LISTENER_VOICES} == {"espeak-ng", "flite"}
    assert not any(v.voice == "en-us+f3" for v in lv.LISTENER_VOICES)


def test_listener_speech_is_16k_mono_and_deterministic():
    for voice in (lv.listener_voice("flite:slt"), lv.listener_voice("en-gb+m3")):
        a = lv.live_turn("not really", voice, 10.0, 42)
        assert a == lv.live_turn("not really", voice, 10.0, 42)
        assert a != lv.live_turn("not really", voice, 10.0, 43)
        assert len(a) % 2 == 0
        seconds = len(a) / 2 / SAMPLE_RATE
        assert lv.LIVE_BEFORE + lv.LIVE_AFTER + 0.3 < seconds < 3.0


def test_noise_sits_at_the_asked_snr_and_silence_is_never_digital():
    import numpy as np

    clean = lv.speak("hello there", "flite:slt")
    noisy = lv.add_noise(clean, 10.0, 1)
    a = np.frombuffer(clean, "<i2").astype(float)
    b = np.frombuffer(noisy, "<i2").astype(float)
    snr = 20 * np.log10(lv.speech_rms(clean) / np.sqrt(np.mean((b - a) ** 2)))
    assert 9.5 < snr < 10.5
    padded = lv.pad(clean, 0.3, 0.3, 1)
    lead = np.frombuffer(padded[: int(0.3 * SAMPLE_RATE) * 2], "<i2")
    assert np.count_nonzero(lead) > 0.5 * len(lead)


def test_a_missing_engine_says_what_to_install(monkeypatch):
    lv._program.cache_clear()
    monkeypatch.setattr(lv.shutil, "which", lambda name: None)
    try:
        with pytest.raises(EngineMissing, match="apt-get install flite"):
            lv.speak("yes", lv.listener_voice("flite:slt"))
    finally:
        lv._program.cache_clear()

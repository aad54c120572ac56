"""The listener's words are started before their line is asked for (anticipation), kept in
memory only, and — where they are still not ready — a prepared backchannel is said first
and recorded as said."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pydub import AudioSegment

from tests.test_ear import SETTINGS, YES_NO, place
from tests.test_prepared_mirrors import LINE, Counting, narrator
from tests.test_voice_kokoro import KOKORO, assert_speech
from voicepiece.listening.combined import CombinedRecognizer
from voicepiece.listening.ear import ListeningEar
from voicepiece.listening.sources import PcmSource
from voicepiece.listening.turns import TurnJudge
from voicepiece.listening.whisper_model import WhisperWords
from voicepiece.session.events import Heard, LineSpoken, Question, Spoken
from voicepiece.session.loop import Session
from voicepiece.story.loader import load_piece
from voicepiece.story.model import Line, VoiceSettings
from voicepiece.testing import EventLog, KeptVoice, ScriptedEar
from voicepiece.voices import kokoro
from voicepiece.voices.cache import RenderCache
from voicepiece.voices.narrator import Narrator

THEIRS = "You loved her. That is how it feels to me, too."

PIECE = """
piece: ahead
start: ask
listening:
  backchannel: Hmm.
nodes:
  ask:
    say: Did you love her?
    listen:
      next: close
      answers:
        - label: yes
          say: "{heard}. That is how it feels to me, too."
  close:
    say: Goodbye.
    end: true
"""


def files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_anticipated_words_are_used_and_never_written(tmp_path: Path) -> None:
    voice, synth = narrator(tmp_path)
    voice.prepare()
    kept = files(voice.cache.folder)
    synth.asked.clear()
    assert voice.anticipate([(LINE, THEIRS)]) == ["You loved her."]
    voice.audio(LINE, THEIRS)
    assert synth.asked == ["You loved her."]  # once, ahead: the line found it ready
    assert files(voice.cache.folder) == kept


def test_new_words_drop_what_was_anticipated(tmp_path: Path) -> None:
    voice, synth = narrator(tmp_path)
    voice.prepare()
    voice.anticipate([(LINE, THEIRS)])
    voice.anticipate(())
    synth.asked.clear()
    voice.audio(LINE, THEIRS)
    assert synth.asked == ["You loved her."]  # dropped: synthesized again when asked for


def test_prepared_mirrors_need_no_anticipation(tmp_path: Path) -> None:
    voice, _ = narrator(tmp_path)
    voice.prepare()
    assert voice.anticipate([(LINE, "Yes. That is how it feels to me, too.")]) == []


class Slow(Counting):
    """Takes its time over the listener's words — until ``done`` is set — as a neural
    voice does; the rest at once."""

    def __init__(self) -> None:
        super().__init__()
        self.done = threading.Event()

    def synthesize(self, text: str, settings: VoiceSettings) -> AudioSegment:
        if "loved" in text:
            self.done.wait(10)
        return super().synthesize(text, settings)


def piece_narrator(tmp_path: Path, synth: Counting | None = None) -> tuple[Narrator, Counting]:
    path = tmp_path / "ahead.yaml"
    path.write_text(PIECE)
    synth = synth or Counting()
    return Narrator(load_piece(str(path)), RenderCache(lambda _: synth, tmp_path / "c")), synth


def test_the_backchannel_is_prepared_and_said_only_while_words_are_not_ready(
        tmp_path: Path) -> None:
    slow = Slow()
    voice, synth = piece_narrator(tmp_path, slow)
    said = voice.piece.backchannel
    assert said is not None and (said.id, said.text) == ("listening.backchannel", "Hmm.")
    voice.prepare()
    assert synth.asked[0] == "Hmm."  # first: a session may need it soonest
    assert voice.backchannel(LINE, "Yes. That is how it feels to me, too.") is None
    filler = voice.backchannel(LINE, THEIRS)
    assert filler is not None and len(filler) > 0
    slow.done.set()
    voice.audio(LINE, THEIRS)  # the words were started with the backchannel
    assert synth.asked.count("You loved her.") == 1
    assert voice.backchannel(LINE, THEIRS) is None  # now ready


def test_words_ready_in_a_moment_need_no_backchannel(tmp_path: Path) -> None:
    voice, _ = piece_narrator(tmp_path)  # a fast engine
    voice.prepare()
    assert voice.backchannel(LINE, THEIRS) is None


class AnticipatingVoice(KeptVoice):
    """Keeps what the session asked to anticipate; says a backchannel for every line with
    the listener's words that was not anticipated."""

    def __init__(self) -> None:
        super().__init__()
        self.ahead: list[list[tuple[str, str]]] = []

    def anticipate(self, texts) -> None:
        self.ahead.append([(line.id, text) for line, text in texts])

    def backchannel(self, line: Line, text: str) -> Spoken | None:
        anticipated = {t for batch in self.ahead for _, t in batch}
        return None if text in anticipated else Spoken("Hmm.", 0.4, AudioSegment.silent(400))


class TellingEar(ScriptedEar):
    """Tells the session the words it is about to hear, as the live ear does once Whisper
    has transcribed them."""

    def __init__(self, told: str | None, replies: list) -> None:
        super().__init__(replies)
        self.told = told

    def listen(self, question: Question) -> Heard:
        if self.told and question.on_words is not None:
            question.on_words(self.told)
        return super().listen(question)


def session(tmp_path: Path, told: str | None) -> tuple[AnticipatingVoice, EventLog]:
    path = tmp_path / "ahead.yaml"
    path.write_text(PIECE)
    voice, log = AnticipatingVoice(), EventLog()
    heard = Heard(text="I loved her", label="yes", own_words=True)
    Session(load_piece(str(path)), voice, TellingEar(told, [heard]), [log]).run()
    return voice, log


def test_the_session_anticipates_the_words_it_is_told(tmp_path: Path) -> None:
    voice, log = session(tmp_path, "I loved her")
    assert voice.ahead[0] == [("ask.yes.1", THEIRS),
                              ("listening.confirm", "You loved her? Did I hear you right?")]
    assert voice.ahead[-1] == []  # dropped at the end of the session
    said = [(e.line.id, e.text) for e in log.of(LineSpoken)]
    assert ("listening.backchannel", "Hmm.") not in said
    assert ("ask.yes.1", THEIRS) in said


def test_a_backchannel_said_is_in_the_record_before_the_words(tmp_path: Path) -> None:
    _, log = session(tmp_path, None)
    said = [(e.line.id, e.text) for e in log.of(LineSpoken)]
    at = said.index(("ask.yes.1", THEIRS))
    assert said[at - 1] == ("listening.backchannel", "Hmm.")


class Transcriber:
    def __init__(self, words: WhisperWords) -> None:
        self.words = words

    def transcribe(self, audio: bytes) -> WhisperWords:
        return self.words


@pytest.mark.parametrize(("confidence", "told"), [(0.8, ["I loved her."]), (0.2, [])])
def test_the_recognizer_tells_only_words_sure_enough_to_say_back(
        confidence: float, told: list[str]) -> None:
    recognizer = CombinedRecognizer(use_whisper=False)
    recognizer.whisper = Transcriber(WhisperWords(" I loved her.", confidence, 0.01, 0.1))
    heard: list[str] = []
    recognizer.tell(heard.append)
    future = recognizer.transcript(b"\x00\x01" * 1600)
    assert future is not None
    future.result()
    recognizer._pool.shutdown(wait=True)
    assert heard == told


class Late(Transcriber):
    """Words that come only when let: after the turn they were of has been decided."""

    def __init__(self, words: WhisperWords) -> None:
        super().__init__(words)
        self.let = threading.Event()

    def transcribe(self, audio: bytes) -> WhisperWords:
        self.let.wait(10)
        return self.words


def test_words_transcribed_after_their_turn_are_told_to_no_one() -> None:
    """A transcript that comes in after the turn was decided (the grammar did not wait
    for it) starts no saying-back of the words: the session has moved on, or ended and
    the visitor left — their words are not synthesized, nor kept, while nobody listens."""
    recognizer = CombinedRecognizer(use_whisper=False, sure_wait=0.0, unsure_wait=0.05)
    late = Late(WhisperWords(" I loved her.", 0.8, 0.01, 0.1))
    recognizer.whisper = late  # type: ignore[assignment]
    told: list[str] = []
    clip = place("yes", before=0.5).pcm
    ear = ListeningEar(lambda: PcmSource(clip, True), recognizer, judge=TurnJudge())
    heard = ear.listen(Question("here", YES_NO, SETTINGS, on_words=told.append))
    assert heard.text is not None  # decided without the transcript
    late.let.set()
    recognizer._pool.shutdown(wait=True)
    assert told == []


class Asked:
    """The real synthesizer, with a note of each text it was asked for."""

    def __init__(self, synth: kokoro.KokoroSynthesizer) -> None:
        self.synth, self.asked = synth, []

    def synthesize(self, text: str, settings) -> AudioSegment:
        self.asked.append(text)
        return self.synth.synthesize(text, settings)


def test_kokoro_says_anticipated_words_from_memory_only(
        kokoro_synth: kokoro.KokoroSynthesizer, tmp_path: Path) -> None:
    voice, _ = piece_narrator(tmp_path)
    asked = Asked(kokoro_synth)
    voice = Narrator(voice.piece, RenderCache(lambda _: asked, tmp_path / "k"),
                     settings=KOKORO)
    line = Line("ask.yes.1", "{heard}.")
    assert voice.anticipate([(line, "You loved her.")]) == ["You loved her."]
    audio = voice.audio(line, "You loved her.")
    assert asked.asked == ["You loved her."]
    assert_speech(audio, 3, KOKORO.rate)
    assert files(tmp_path / "k") == []


def test_the_gallery_voice_passes_anticipation_and_backchannel_through() -> None:
    from voicepiece.gallery.seams import StationVoice

    inner = AnticipatingVoice()
    station = StationVoice(inner)
    station.anticipate([(LINE, THEIRS)])
    assert inner.ahead == [[(LINE.id, THEIRS)]]
    assert station.backchannel(LINE, THEIRS) is None  # anticipated: ready
    said = station.backchannel(LINE, "You hoped so. That is how it feels to me, too.")
    assert said is not None and said.text == "Hmm."

"""The listener's words are started before their line is asked for (anticipation), kept in
memory only, and — where they are still not ready — a prepared backchannel is said first
and recorded as said."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
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
from voicepiece.session.loop import Outcome, Session
from voicepiece.story.loader import load_piece
from voicepiece.story.model import Line, VoiceSettings
from voicepiece.testing import EventLog, KeptVoice, ScriptedEar
from voicepiece.voices import kokoro
from voicepiece.voices.cache import RenderCache
from voicepiece.voices.narrator import BACKCHANNEL_WAIT, Narrator

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
    voice.settle()  # a render already begun is let finish; its audio is dropped all the same
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


def test_words_of_one_turn_never_reach_the_next_turns_anticipation() -> None:
    """The turn a transcript is of is the one it was begun in: one that finishes after the
    next turn's anticipation was told (the first turn was decided without it) must not be
    said back as the next turn's answer."""
    recognizer = CombinedRecognizer(use_whisper=False)
    late = Late(WhisperWords(" I loved her.", 0.8, 0.01, 0.1))
    recognizer.whisper = late  # type: ignore[assignment]
    first: list[str] = []
    second: list[str] = []
    recognizer.tell(first.append)
    future = recognizer.transcript(b"\x00\x01" * 1600)
    assert future is not None
    recognizer.tell(second.append)  # the next turn begins; the first one's words come now
    late.let.set()
    future.result()
    recognizer._pool.shutdown(wait=True)
    assert second == []
    assert first == []  # its turn is over: told to no one


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


class LiveEar(TellingEar):
    """A live ear (its turns carry the clock's ``opened_at``) that keeps each question, so
    a test can play a transcript that comes after the turn was decided."""

    def __init__(self, told: str | None, replies: list) -> None:
        super().__init__(told, replies)
        self.questions: list[Question] = []

    def listen(self, question: Question) -> Heard:
        self.questions.append(question)
        heard = super().listen(question)
        return replace(heard, opened_at=time.perf_counter() - 1.0, speech_start=0.2,
                       speech_end=0.6, waited=0.9)


class TimedVoice(AnticipatingVoice):
    """Lines with a length, so the session keeps an audio timeline as a live one does."""

    def render(self, text: str, line: Line) -> Spoken:
        super().render(text, line)
        return Spoken(text, 0.5, AudioSegment.silent(500))

    def pause(self, seconds: float) -> float | None:
        return seconds


def live_session(tmp_path: Path, told: str | None) -> tuple[TimedVoice, LiveEar, Outcome]:
    path = tmp_path / "ahead.yaml"
    path.write_text(PIECE)
    voice = TimedVoice()
    ear = LiveEar(told, [Heard(text="I loved her", label="yes", own_words=True)])
    return voice, ear, Session(load_piece(str(path)), voice, ear).run()


def test_a_live_turn_records_how_far_ahead_the_words_were_known(tmp_path: Path) -> None:
    _, _, outcome = live_session(tmp_path, "I loved her")
    lead = outcome.turns[0].words_lead
    assert lead is not None and lead >= 0
    assert outcome.turns[0].as_json()["words_lead"] == round(lead, 3)
    _, _, unaided = live_session(tmp_path, None)
    assert unaided.turns[0].words_lead is None
    assert "words_lead" not in unaided.turns[0].as_json()


def test_words_transcribed_after_the_turn_was_decided_start_nothing(tmp_path: Path) -> None:
    voice, ear, _ = live_session(tmp_path, None)
    asked = list(voice.ahead)
    late = ear.questions[0].on_words
    assert late is not None
    late("I hoped so")  # the grammar decided without waiting for this transcript
    assert voice.ahead == asked
    assert getattr(late, "late", None) == 1  # counted, for the listening bench


class KokoroHeldBack(Asked):
    """Kokoro, holding the listener's words back until ``done`` is set, as a busy machine
    would."""

    def __init__(self, synth: kokoro.KokoroSynthesizer) -> None:
        super().__init__(synth)
        self.done = threading.Event()

    def synthesize(self, text: str, settings) -> AudioSegment:
        if "loved" in text:
            self.done.wait(10)
            return AudioSegment.silent(100, kokoro.SAMPLE_RATE)
        return super().synthesize(text, settings)


def test_the_backchannel_ends_where_its_sound_does(
        kokoro_synth: kokoro.KokoroSynthesizer, tmp_path: Path) -> None:
    """"Hmm." is followed by the listener's words as soon as they are ready: the quiet
    Kokoro leaves after it (~0.2 s) is not dead air they must wait out."""
    from pydub.silence import detect_leading_silence

    from voicepiece.voices.sentences import TAIL

    plain, _ = piece_narrator(tmp_path)
    held = KokoroHeldBack(kokoro_synth)
    voice = Narrator(plain.piece, RenderCache(lambda _: held, tmp_path / "k"), settings=KOKORO)
    said = voice.piece.backchannel
    assert said is not None
    whole = voice.cache.render(said.text, KOKORO)  # prepared, as a session has it
    filler = voice.backchannel(LINE, THEIRS)
    held.done.set()
    assert filler is not None
    assert filler.dBFS > -35
    after = detect_leading_silence(filler.reverse(), silence_threshold=-50.0, chunk_size=5)
    assert after <= TAIL * 1000 + 5
    assert len(filler) < len(whole) - 50  # Kokoro's quiet after it was there, and is gone


class Paced(Counting):
    """Takes ``seconds`` over the listener's words ("hoped", "loved"), unless ``held``
    holds them back until set; the rest at once."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds
        self.held: threading.Event | None = None

    def synthesize(self, text: str, settings: VoiceSettings) -> AudioSegment:
        if "hoped" in text or "loved" in text:
            if self.held is not None:
                self.held.wait(10)
            else:
                time.sleep(self.seconds)
        return super().synthesize(text, settings)


HOPED = ["You hoped so. That is how it feels to me, too.",
         "You hoped not. That is how it feels to me, too."]


def timed_narrator(tmp_path: Path, seconds: float) -> tuple[Narrator, Paced]:
    """A prepared narrator that has already said two sets of the listener's words."""
    voice, synth = piece_narrator(tmp_path, Paced(seconds))
    voice.prepare()
    assert voice.expected(LINE, THEIRS) is None  # nothing timed yet
    for text in HOPED:
        voice.audio(LINE, text)
    return voice, synth


def test_words_expected_in_a_moment_are_waited_for_without_a_backchannel(
        tmp_path: Path) -> None:
    """Past the fixed grace, but expected well within the wait a listener tolerates:
    "Hmm." would only hold them back."""
    voice, _ = timed_narrator(tmp_path, 0.05)
    expected = voice.expected(LINE, THEIRS)
    assert expected is not None and 0 < expected < BACKCHANNEL_WAIT
    assert voice.expected(LINE, "Yes. That is how it feels to me, too.") == 0  # prepared
    assert voice.backchannel(LINE, THEIRS) is None
    assert voice.is_ready(LINE, THEIRS)


def test_words_expected_late_get_the_backchannel(tmp_path: Path) -> None:
    voice, synth = timed_narrator(tmp_path, BACKCHANNEL_WAIT + 0.1)
    expected = voice.expected(LINE, THEIRS)
    assert expected is not None and expected > BACKCHANNEL_WAIT
    synth.held = threading.Event()
    try:
        assert voice.backchannel(LINE, THEIRS) is not None
    finally:
        synth.held.set()
    voice.audio(LINE, THEIRS)  # started with the backchannel; said once ready
    assert synth.asked.count("You loved her.") == 1


def test_only_the_listeners_words_of_a_confirmation_are_synthesized(tmp_path: Path) -> None:
    """ "{heard}... is that what you said?": the question is prepared, the words alone
    wait for the synthesizer."""
    voice, synth = piece_narrator(tmp_path)
    voice.prepare()
    confirm = Line("listening.confirm", "{heard}... is that what you said?")
    assert "is that what you said?" in voice.fixed_parts(confirm)
    voice.cache.render("is that what you said?", voice.settings)  # prepared, as every fixed part
    synth.asked.clear()
    assert voice.anticipate([(confirm, "You loved her... is that what you said?")]) == [
        "You loved her..."]
    voice.audio(confirm, "You loved her... is that what you said?")
    assert synth.asked == ["You loved her..."]


def test_a_yes_the_grammar_alone_accepted_while_whisper_was_late_is_checked() -> None:
    """On a loaded machine the transcript may come after the grammar's sure decision; a yes
    or no taken then is confirmed with the listener, never acted on (a swap is the worst
    error), and silence to the check is no consent."""
    recognizer = CombinedRecognizer(use_whisper=False, sure_wait=0.0, unsure_wait=0.05)
    late = Late(WhisperWords(" Yes.", 0.8, 0.01, 0.1))
    recognizer.whisper = late  # type: ignore[assignment]
    clip = place("yes", before=0.5).pcm
    ear = ListeningEar(lambda: PcmSource(clip, True), recognizer, judge=TurnJudge())
    heard = ear.listen(Question("here", YES_NO, SETTINGS))
    late.let.set()
    recognizer._pool.shutdown(wait=True)
    assert (heard.label, heard.confirm, heard.nearly_sure) == ("yes", True, False)


@pytest.mark.parametrize(("told", "said"), [
    # Whisper's own "Yeah" is left out of the words said back (combine)
    ("Yeah, I'd go along with that.", "You'd go along with that. That is how it feels to me, too."),
    # only the answer's sentence is said back, not another voice's after it (the mirror)
    ("I'm quite certain it is. The garden needs watering.",
     "You're quite certain it is. That is how it feels to me, too."),
])
def test_a_shortened_mirror_is_the_line_made_ready(tmp_path: Path, told: str, said: str) -> None:
    """Where the words said back are fewer than the transcript's, the line anticipated is
    still the line the session says: it is not synthesized while the listener waits."""
    from voicepiece.listening.base import ACCEPT, Recognition
    from voicepiece.listening.combined import combine

    path = tmp_path / "ahead.yaml"
    path.write_text(PIECE)
    piece = load_piece(str(path))
    answers = piece.nodes["ask"].listen.answers
    decided = combine(Recognition("yes", "yes", 0.9, ACCEPT),
                      WhisperWords(told, 0.9, 0.01, 0.1), answers).recognition
    assert decided.own_words and decided.label == "yes"
    heard = Heard(text=decided.text, label="yes", own_words=True)
    voice, log = AnticipatingVoice(), EventLog()
    Session(piece, voice, TellingEar(told, [heard]), [log]).run()
    assert ("ask.yes.1", said) in voice.ahead[0]
    spoken = [(e.line.id, e.text) for e in log.of(LineSpoken)]
    assert ("ask.yes.1", said) in spoken
    assert ("listening.backchannel", "Hmm.") not in spoken  # it was ready

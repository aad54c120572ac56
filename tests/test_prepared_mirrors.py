"""A line with the listener's words is spoken at once when their words are a prepared
mirror, and only their words are synthesized while they wait otherwise; their words are
never kept."""

from __future__ import annotations

from pathlib import Path

from pydub import AudioSegment

from voicepiece.story.loader import load_piece
from voicepiece.story.model import Line, VoiceSettings
from voicepiece.voices.cache import RenderCache
from voicepiece.voices.narrator import Narrator

PIECE = """
piece: mirrors
start: ask
pauses: {sentence: 0.3}
nodes:
  ask:
    say: Is this true intimacy?
    listen:
      next: close
      answers:
        - label: yes
          say: "{heard}. That is how it feels to me, too."
  close:
    say: Goodbye.
    end: true
"""


class Counting:
    """A synthesizer that makes a tone as long as the text, and counts what it was asked."""

    engine = "counting"

    def __init__(self) -> None:
        self.asked: list[str] = []

    def synthesize(self, text: str, settings: VoiceSettings) -> AudioSegment:
        from pydub.generators import Sine

        self.asked.append(text)
        return Sine(440).to_audio_segment(duration=20 * len(text), volume=-12)


def narrator(tmp_path: Path) -> tuple[Narrator, Counting]:
    path = tmp_path / "piece.yaml"
    path.write_text(PIECE)
    synth = Counting()
    return Narrator(load_piece(str(path)), RenderCache(lambda _: synth, tmp_path / "cache")), synth


LINE = Line("ask.yes.1", "{heard}. That is how it feels to me, too.")


def test_a_prepared_mirror_is_spoken_without_synthesis(tmp_path: Path) -> None:
    voice, synth = narrator(tmp_path)
    done = voice.prepare()
    assert done.mirrors > 1 and done.new_mirrors == done.mirrors
    assert "Yes." in synth.asked and "Yeah." in synth.asked
    synth.asked.clear()
    voice.audio(LINE, "Yeah. That is how it feels to me, too.")
    voice.audio(LINE, "Yes! That is how it feels to me, too.")  # as compared: the same words
    assert synth.asked == []


def test_other_words_are_synthesized_alone_and_never_kept(tmp_path: Path) -> None:
    voice, synth = narrator(tmp_path)
    voice.prepare()
    synth.asked.clear()
    audio = voice.audio(LINE, "You loved her. That is how it feels to me, too.")
    assert synth.asked == ["You loved her."]
    assert len(audio) > 20 * len("You loved her. That is how it feels to me, too.")
    assert not voice.cache.path("You loved her.", voice.settings).exists()


def test_preparing_again_renders_nothing(tmp_path: Path) -> None:
    voice, synth = narrator(tmp_path)
    voice.prepare()
    synth.asked.clear()
    again = voice.prepare()
    assert synth.asked == [] and again.new_mirrors == 0 and again.mirrors > 1

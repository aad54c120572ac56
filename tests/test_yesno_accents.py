"""Yes, no and unsure in accented English, heard by the real ear (issue 13: yes and no never
swapped, few wrong labels). Real audio: answers spoken by Kokoro's zf_xiaoni (a Mandarin
voice speaking English, one of scripts/yesno_check.py's fit voices) with room noise, heard
by the real grammar and the real Whisper, loaded once for the session.

The answers are the kinds that went wrong there: "I don't, no", which Whisper writes "I
don't know" (the same sounds), and a no said to be unsaid ("I never said it wasn't"); plain
answers beside them must still be taken at once.
"""

from __future__ import annotations

import pytest

from voicepiece.listening.base import ACCEPT
from voicepiece.listening.combined import CombinedRecognizer
from voicepiece.listening.listener_voices import add_noise, pad

VOICE = "zf_xiaoni"


@pytest.fixture(scope="session")
def accented_ear() -> CombinedRecognizer:
    recognizer = CombinedRecognizer()
    assert recognizer.whisper is not None, recognizer.unavailable
    recognizer.pace(False)  # a file: nobody waits, the decision always has Whisper's words
    return recognizer


@pytest.fixture(scope="module")
def speak(kokoro_synth):
    from voicepiece.voices import kokoro

    def said(text: str, snr: float | None = 20.0, seed: int = 5) -> bytes:
        speech = kokoro.to_segment(kokoro.pcm(text, VOICE)).set_frame_rate(16000).raw_data
        return add_noise(pad(speech, 0.3, 0.5, seed), snr, seed + 1)

    return said


def _heard(ear: CombinedRecognizer, audio: bytes, choices) -> tuple[str | None, str]:
    found = ear.recognize(audio, choices)
    meaning = next((c.meaning for c in choices if c.label == found.label), None)
    return meaning, found.zone


def test_i_dont_no_is_never_taken_for_an_unsure_or_a_yes(accented_ear, yes_no, speak) -> None:
    meaning, zone = _heard(accented_ear, speak("I don't, no"), yes_no)
    assert meaning != "yes", (meaning, zone)
    assert not (meaning == "unsure" and zone == ACCEPT), accented_ear.last


def test_a_no_said_to_be_unsaid_is_never_taken_for_a_no(accented_ear, yes_no, speak) -> None:
    meaning, zone = _heard(accented_ear, speak("I never said it wasn't"), yes_no)
    assert not (meaning == "no" and zone == ACCEPT), accented_ear.last


@pytest.mark.parametrize(("text", "expected"), [("yes, I do", "yes"),
                                                 ("no, I don't think so", "no")])
def test_plain_answers_are_still_taken_at_once(accented_ear, yes_no, speak, text: str,
                                               expected: str) -> None:
    assert _heard(accented_ear, speak(text), yes_no) == (expected, ACCEPT), accented_ear.last


def test_i_dont_know_still_leads_to_unsure(accented_ear, yes_no, speak) -> None:
    # asked about now ("I don't, no" sounds the same), never read as another answer
    meaning, zone = _heard(accented_ear, speak("I don't know"), yes_no)
    assert meaning == "unsure" and zone != "reject", accented_ear.last

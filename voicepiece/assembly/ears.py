"""The ear: a microphone opened per turn (or held open for barge-in), its voice detector,
the room heard for calibration, a recognizer loaded and warmed up — or, for a session
rendered to files, a listener voice speaking the replies to the same recognizer."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voicepiece.listening.bargein import BargeIn
    from voicepiece.listening.base import Source
    from voicepiece.listening.endpoint import Tuning
    from voicepiece.listening.engines import LoadedRecognizer
    from voicepiece.listening.vad import VoiceActivity
    from voicepiece.session.events import Ear, Voice
    from voicepiece.story.meaning import Similarity
    from voicepiece.story.model import Piece, VoiceSettings

log = logging.getLogger(__name__)

Microphone = int | str | None
"""A microphone as the options give it: an index, part of a name, or None (the default)."""


def microphone_device(text: str | None) -> Microphone:
    """An option's microphone: digits are an index, other text part of a name, nothing the
    default input."""
    return int(text) if text and text.isdigit() else text or None


def microphone(device: Microphone) -> Callable[[], Source]:
    """What opens ``device`` afresh for each turn: a microphone left open while the
    narrator speaks would hand the next turn a buffer of stale audio."""
    from voicepiece.listening.sources import MicrophoneSource

    def opened() -> Source:
        return MicrophoneSource(device)

    return opened


def recognizer(name: str | None = None, model: str | None = None) -> LoadedRecognizer:
    """The recognizer ``name`` (None: the default) with ``model``, loaded: a missing
    library or model is one line now, not at the first turn. It reads words by the rules
    alone: what it leaves undecided in the listener's own words the session reads by
    meaning, with the question (session/deciding.py) — one path for every ear."""
    from voicepiece.listening.engines import recognizer_for

    return recognizer_for(name, model)


def meaning_model(piece: Piece | None = None, eager: bool = False) -> Similarity | None:
    """The sentence model that reads answers by meaning (listening/embedder.py), one per
    process, with ``piece``'s example phrases. Loaded when an answer first needs one
    (most are decided by the rules), or now with ``eager`` — then None, after one warning
    line, when its package is missing or damaged; lazily, the warning comes at that
    answer. Either way the answers are then read by the rules alone."""
    from voicepiece.listening.embedder import LazyEmbedder, shared_embedder
    from voicepiece.story.meaning import examples_for

    phrases = [] if piece is None else [
        phrase for node in piece.listening_points() if node.listen
        for phrase in examples_for(node.listen.answers)]
    if not eager:
        return LazyEmbedder(phrases)
    model = shared_embedder()
    if model is not None:
        model.warm_up(phrases)
    return model


def loaded_recognizer(name: str | None, model: str | None = None) -> LoadedRecognizer:
    """:func:`recognizer`, warmed up too: a live session's first turn does not wait."""
    loaded = recognizer(name, model)
    loaded.warm_up()
    return loaded


def microphone_ear(device: Microphone, load_recognizer: Callable[[], LoadedRecognizer],
                   calibrate: bool = True, barge_in_voice: Voice | None = None,
                   echo_cancel: bool = False) -> tuple[Ear, BargeIn | None]:
    """The live ear of a session on ``device``: half-duplex (the microphone opened for each
    turn), or — to let the listener interrupt ``barge_in_voice`` — one microphone open for
    the whole session, with the :class:`BargeIn` to close after it.

    The microphone is checked before ``load_recognizer()`` loads one (seconds, maybe).
    With ``calibrate`` the room is heard for a second first (the narrator has not begun),
    and both detectors get the tuning it calls for; its warning goes to stderr. With
    ``echo_cancel`` (barge-in on loudspeakers) the shared microphone has the narrator's
    echo taken out (listening/echo_cancel.py)."""
    from voicepiece.listening.bargein import BargeIn
    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.endpoint import DEFAULT_TUNING
    from voicepiece.listening.sources import MicrophoneSource, check_microphone
    from voicepiece.listening.vad import VoiceActivity
    from voicepiece.voices.outputs import SpeakerVoice

    check_microphone(device)
    loaded = load_recognizer()
    loaded.warm_up()
    vad = VoiceActivity()
    tuning = calibrated(MicrophoneSource(device), vad) if calibrate else DEFAULT_TUNING
    opened = microphone(device)
    if barge_in_voice is None:
        return ListeningEar(opened, loaded, vad, tuning=tuning), None
    assert isinstance(barge_in_voice, SpeakerVoice)
    if echo_cancel:
        from voicepiece.listening.echo_cancel import cancelled

        opened = cancelled(opened, barge_in_voice.player.device)
    barge_in = BargeIn(opened, barge_in_voice, tuning=tuning)
    return ListeningEar(barge_in.source, loaded, vad, tuning=tuning), barge_in


def calibrated(source: Source, vad: VoiceActivity) -> Tuning:
    """The tuning for the room ``source`` hears now; its warning, if any, on stderr."""
    from voicepiece.listening.calibration import hear_room, tuning_for

    room = hear_room(source, vad)
    tuning = tuning_for(room)
    log.info("the room: %s; %s", room.describe(),
             "default tuning" if tuning.min_level_dbfs is None
             else f"frames under {tuning.min_level_dbfs:.1f} dBFS are not speech")
    if room.warning:
        print(f"warning: {room.warning}", file=sys.stderr)
    return tuning


def rendered_listener(replies: Sequence[str], load_recognizer: Callable[[], LoadedRecognizer],
                      listener: str | None = None, narrator: VoiceSettings | None = None
                      ) -> Ear:
    """A rendered session's ear: each reply (an audio file, ``silence``, or words the
    ``listener`` voice speaks — never the ``narrator``'s speaker) heard by the
    ``load_recognizer()`` as the live ear hears it. Every reply is made into sound — each
    file checked — before a recognizer loads."""
    from voicepiece.listening.listener_voices import listener_for
    from voicepiece.listening.replies import RenderedListener, confirmations, prepared_replies
    from voicepiece.story.model import VoiceSettings

    narrator = narrator or VoiceSettings()
    voice = listener_for(narrator.engine, narrator.name, listener)
    spoken = prepared_replies(replies, voice)
    return RenderedListener(spoken, load_recognizer(), confirmations(voice))

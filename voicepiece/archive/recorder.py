"""What keeps a session folder: the observers that write it, in the order that matters,
guarded so that recording trouble never stops a session.

``session.json`` is written after the mix on every event, records how the session ended
before the audio is mastered, and says ``completed`` only once the audio, captions and
transcript are on disk. A write that fails (a full disk) stops the
recording with one warning; the session goes on, and what is on disk stays marked
incomplete, ready for ``voicepiece sessions repair``.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from voicepiece.archive.captions import Captions, TranscriptText
from voicepiece.archive.finishing import AudioFinisher, settings_record
from voicepiece.archive.mastering import MasterSettings
from voicepiece.archive.mixdown import RAW, SESSION_WAV, Mixdown
from voicepiece.archive.transcript import SESSION_JSON, SessionJson
from voicepiece.session.events import Event, Observer

log = logging.getLogger(__name__)


def warn(message: str) -> None:
    print(f"voicepiece: warning: {message}", file=sys.stderr)


class Recorder:
    """The folder's observers as one; the first write error stops them all."""

    def __init__(self, folder: Path, observers: list[Observer],
                 on_failure: Callable[[str], None] = warn) -> None:
        self.folder = folder
        self.observers = observers
        self.on_failure = on_failure
        self.failed: str | None = None

    def on_event(self, event: Event) -> None:
        if self.failed:
            return
        for observer in self.observers:
            try:
                observer.on_event(event)
            except OSError as exc:
                self.failed = f"{exc.strerror or exc} ({exc.filename or self.folder})"
                log.debug("recording into %s stopped", self.folder, exc_info=True)
                self.close()  # now, not when the writers are collected at exit, to fail again
                kept = (f"`voicepiece sessions repair {self.folder}` can finish what was "
                        "recorded" if (self.folder / SESSION_JSON).exists()
                        else "nothing of it is kept")
                self.on_failure(f"recording stopped: {self.failed}; the session goes on, and "
                                f"{kept}")
                return


    def close(self) -> None:
        """Release what the observers hold open, for a session that will never end."""
        for observer in self.observers:
            close = getattr(observer, "close", None)
            if close is not None:
                close()


def session_folder(folder: Path, audio: bool = True,
                   mastering: MasterSettings | None = None, formats: Sequence[str] = (),
                   title: str | None = None) -> Recorder:
    """The recorder of ``folder``: with ``audio``, session.wav and captions too, mastered
    (and in the other ``formats``) unless ``mastering`` is None."""
    mastering = mastering if audio else None
    kept = None if mastering is None else settings_record(mastering, formats)
    record = SessionJson(folder, audio, kept)
    # At the end, in this order: the record of how the session ended; the whole mix on
    # disk, and the record says so; captions and transcript; mastering (slow: a kill there
    # loses nothing); the record marked complete. During a session the mix is written
    # before the record, so the record never holds a turn whose audio is not on disk.
    observers: list[Observer] = [record.ending()]
    if audio:
        observers.append(Mixdown(folder, final=SESSION_WAV if mastering is None else RAW))
    observers.append(record)
    if audio:
        observers.append(Captions(folder))
    observers.append(TranscriptText(folder))
    if mastering is not None:
        observers.append(AudioFinisher(folder, mastering, formats, title))
    observers.append(record.completion())
    return Recorder(folder, observers)

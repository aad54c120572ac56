"""The ambient bed of ``bed`` attract mode: a sound looped while the station waits."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voicepiece.audio.levels import SESSION_RATE, volume_db

if TYPE_CHECKING:
    from voicepiece.audio.playback import Player

log = logging.getLogger(__name__)


class BedLoop:
    """The ambient bed, looped in a thread while the station waits for a visitor."""

    def __init__(self, path: Path, player: Player, volume: float = 30.0) -> None:
        self.path = path
        self.player = player
        self.gain_db = volume_db(volume)
        self._audio: Any = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="gallery-bed", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            if self._audio is None:
                from pydub import AudioSegment

                bed = AudioSegment.from_file(self.path).set_frame_rate(SESSION_RATE)
                self._audio = bed.apply_gain(self.gain_db)
            while not self._stop.is_set():
                self.player.play(self._audio)
        except Exception as exc:  # the bed is decoration: never take the station down
            log.warning("the ambient bed stopped: %s", exc)

    def stop(self) -> None:
        self._stop.set()
        thread = self._thread
        deadline = time.monotonic() + 3
        while thread is not None and thread.is_alive() and time.monotonic() < deadline:
            self.player.stop()  # again and again: a play may be just starting
            thread.join(0.05)

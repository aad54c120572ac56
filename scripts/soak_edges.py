"""The station's edges in the soak: visitors arrive and answer as audio, heard by the
gallery's own voice trigger and the real ear."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from soak_visitors import GREETINGS, Visitor

IN_CROWD = "visit_in_crowd"
ENDED_LATE = 2.0
"""A turn whose listening went on this long past the end of the visitor's answer ended
late: the longest wait for more the ear has is its hesitation silence, 1.5 s."""

if TYPE_CHECKING:
    from soak_run import Soak


class SoakEar:
    """A visitor's ear: their reply, as audio, into a stream heard by the real ear."""

    def __init__(self, soak: Soak, visitor: Visitor) -> None:
        from voicepiece.listening.ear import ListeningEar

        self.soak = soak
        self.visitor = visitor
        self._pcm = b""
        room = getattr(soak.station.seams, "room", None)  # None: a station that never
        tuning = {} if room is None else {"tuning": room.tuning}  # hears its room
        self.ear = ListeningEar(self._source, soak.recognizer, soak.vad, **tuning)

    def _source(self) -> Any:
        from voicepiece.listening.sources import StreamSource

        stream = StreamSource()
        stream.feed(self._pcm)
        stream.end()
        return stream

    def listen(self, question: Any) -> Any:
        phrase = self.visitor.reply(question, self.soak.opt_out_phrases)
        settings = question.settings
        wait = (settings.confirm_timeout if question.kind == "confirm" else settings.timeout)
        if self.visitor.kind == "crowd":  # a session the crowd started: it talks on
            self._pcm = self.soak.bank.crowd(wait + 1.0, self.visitor.rng)
        else:
            self._pcm = self.soak.bank.turn(phrase, self.visitor.rng,
                                            after=(wait + 1.0) if phrase is None else 2.5)
        if self.visitor.kind == IN_CROWD:
            self._pcm = self.soak.bank.in_crowd(self._pcm, self.visitor.crowd_dbfs,
                                                self.visitor.rng)
        if phrase is not None:
            self.visitor.phrases_said += 1
        heard = self.ear.listen(question)
        if self.visitor.kind == IN_CROWD and phrase is not None:
            self._timed(self.soak.bank.speech_end)
        if phrase in self.soak.opt_out_phrases:  # what became of "stop recording"
            how = "confirm" if heard.confirm else heard.label or "-"
            self.visitor.opt_outs_heard.append(f"{phrase!r} heard as {heard.text!r} ({how}) "
                                               f"at {question.node}")
        self._pcm = b""
        self.soak.turns += 1
        return heard


    def _timed(self, end: float) -> None:
        """Whether the ear stopped listening to a visitor in a crowd before they had
        finished (``cut``) or long after (``ended_late``)."""
        from collections import Counter

        endpoint = self.ear.last_endpoint
        if endpoint is None:
            return
        tally = self.soak.by_kind.setdefault(IN_CROWD, Counter())
        tally["turns_spoken"] += 1
        tally["turns_cut"] += int(endpoint.at < end)
        tally["turns_ended_late"] += int(endpoint.at > end + ENDED_LATE)


class SoakRoom:
    """The room as the station's calibration hears it (``RoomHearing.measure``): a second
    of the room the next visitor will stand in — the crowd they answer in, the crowd
    across the room, or the quiet room — through the station's own voice detector. It
    draws on a random generator of its own: a soak's visitors are the same whether the
    station hears its room or not."""

    def __init__(self, soak: Soak) -> None:
        self.soak = soak
        self.rng = random.Random(soak.args.seed + 2)
        self.heard = 0

    def measure(self) -> Any:
        from voicepiece.listening.calibration import hear_room
        from voicepiece.listening.sources import StreamSource

        soak, visitor = self.soak, self.soak.coming()
        bank, seconds = soak.bank, 1.2
        if visitor is not None and visitor.kind == IN_CROWD:
            pcm = bank.crowd(seconds, self.rng, visitor.crowd_dbfs)
        elif visitor is not None and visitor.kind == "crowd":
            pcm = bank.crowd(seconds, self.rng)
        else:
            pcm = bank.room_noise(seconds, self.rng)
        stream = StreamSource()
        stream.feed(pcm)
        stream.end()
        self.heard += 1
        return hear_room(stream, soak.vad)


class Understanding:
    """An observer of a visitor's session: at each answer they gave in other words
    (``Visitor.meant``), whether the session took the label they meant — at once or to be
    confirmed — counted in their kind's tally."""

    def __init__(self, soak: Soak, visitor: Visitor) -> None:
        self.soak = soak
        self.visitor = visitor

    def on_event(self, event: Any) -> None:
        from collections import Counter

        from voicepiece.session.events import TurnTaken
        from voicepiece.story.model import SILENCE, UNCLEAR

        if not isinstance(event, TurnTaken) or event.turn.kind != "answer":
            return
        meant = self.visitor.meant.pop(event.turn.node, None)
        if meant is None:
            return
        tally = self.soak.by_kind.setdefault(self.visitor.kind, Counter())
        if self.visitor.kind == IN_CROWD:  # what the station took, at every answer
            taken = event.turn.answer
            tally["answers"] += 1
            tally["right" if taken == meant else
                  "not_understood" if taken in (UNCLEAR, SILENCE) else "wrong_taken"] += 1
            return
        tally["in other words"] += 1
        tally["understood by meaning"] += event.turn.answer == meant


class Arrivals:
    """The trigger source: each visitor announces themselves by speaking into a stream the
    gallery's own voice trigger listens to (or by a key press); between visitors, now and
    then, nobody comes but the room makes a sound."""

    def __init__(self, soak: Soak) -> None:
        from voicepiece.gallery.triggers import VoiceTrigger

        self.soak = soak
        self.rng = random.Random(soak.args.seed + 1)
        start = soak.config.start
        self.trigger = VoiceTrigger(self._stream, start.voice_seconds, soak.vad,
                                    min_dbfs=start.voice_min_dbfs)
        self._pcm = b""
        self.closed = False

    def _stream(self) -> Any:
        from voicepiece.listening.sources import StreamSource

        stream = StreamSource()
        stream.feed(self._pcm)
        stream.end()
        return stream

    def wait(self, timeout: float) -> Any:
        from voicepiece.gallery.seams import KEY, VOICE, Trigger

        soak = self.soak
        soak.between_visitors()
        if soak.stopping or soak.sent >= soak.args.visitors:
            soak.station.stop()
            return None
        bank = soak.bank
        frames_needed = timeout + 1.0
        if self.rng.random() < 0.08:  # nobody: the room, a door
            self._pcm = (bank.room_noise(1.0, self.rng) + bank.click
                         + bank.room_noise(frames_needed, self.rng))
            if self.trigger.wait(timeout) is not None:
                soak.false_starts += 1  # a session with nobody there would follow
                return Trigger(VOICE, soak.next_visitor(kind="silent"))
            soak.clock.advance(timeout)
            soak.quiet_waits += 1
            return None
        visitor = soak.next_visitor()
        if visitor.kind == "crowd":
            return self._crowd(visitor, timeout)
        if visitor.key:
            return Trigger(KEY, visitor)
        for _attempt in range(3):  # an unheard hello is said again, louder each time
            self._pcm = bank.turn(self.rng.choice(GREETINGS), self.rng, after=frames_needed)
            if visitor.kind == IN_CROWD:
                self._pcm = bank.in_crowd(self._pcm, visitor.crowd_dbfs, visitor.rng)
            if self.trigger.wait(timeout) is not None:
                return Trigger(VOICE, visitor)
            soak.missed_hellos += 1
        return Trigger(KEY, visitor)  # they pressed the key in the end

    def _crowd(self, visitor: Visitor, timeout: float) -> Any:
        """People talking across the room, nobody at the station: a session started now is
        a false start, counted (and held with the crowd as its "visitor")."""
        from voicepiece.gallery.seams import VOICE, Trigger

        soak = self.soak
        self._pcm = soak.bank.crowd(timeout + 1.0, visitor.rng)
        if self.trigger.wait(timeout) is not None:
            soak.false_starts += 1
            soak.by_kind["crowd"]["false_starts"] += 1
            return Trigger(VOICE, visitor)
        soak.crowd_passed(visitor)
        soak.clock.advance(timeout)
        return None

    def close(self) -> None:
        self.closed = True

"""One turn of the listening bench: the audio fed in real time to our ear and the
baseline at once, and the narrator's response as the session would pick it — decided by
the session's own decision (``voicepiece.session.deciding.decide_turn``, with the sentence
model and the question, as ``run`` and ``render`` read answers) and with ``{heard}``
filled by the story's own mirror, so that the words the bench plays back are the words a
session would.

The response is made as a live session makes it, with the session's own code
(``voicepiece.session.anticipation``): the listener's words a transcript vouches for
before the turn is decided are handed to the narrator at once (``Anticipation``, closed
when the ear answers), and a line with their words that is not ready when asked for is
preceded by the piece's backchannel (``backchannel``, through the live ``SpeakerVoice``),
played whole before the line, as the session plays it. Each turn keeps the first sample
the listener heard (the backchannel, if said) and the first sample of the response
itself, and how far ahead of the decision the words were known.

Ours is the default recognizer (the combined ear); ``VOICEPIECE_BENCH_RECOGNIZER`` names
another (``sphinx``: the grammar alone, for a before/after in the same conditions)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from bench_common import first_sample
from bench_listening_baseline import Baseline, BaselineTurn
from bench_listening_clips import SAMPLE_RATE, Clip
from bench_listening_results import Outcome, Turn
from bench_listening_timeline import SLOW_REPLY, Timeline

from voicepiece.listening.base import ACCEPT, CONFIRM, FRAME_SAMPLES, FRAME_SECONDS, REJECT
from voicepiece.listening.sources import StreamSource
from voicepiece.story.mirror import answer_span, mirror, spoken_back
from voicepiece.story.model import (
    EXPLAIN,
    HEARD,
    OPEN,
    SILENCE,
    UNCLEAR,
    Line,
    Listen,
    every_line,
    fill,
)
from voicepiece.story.phrases import phrases_for

if TYPE_CHECKING:
    from voicepiece.session.anticipation import Anticipation
    from voicepiece.session.events import Heard, Question
    from voicepiece.story.model import Node, Piece
    from voicepiece.voices.narrator import Narrator

def judged(heard: Heard, question: Question, node: Node, meanings: Any
           ) -> tuple[str, bool, str, str | None, bool]:
    """(label, whether it is confirmed, zone, what ``{heard}`` says, whether that is the
    listener's own words): the session's own decision of a turn, scored."""
    from voicepiece.session.deciding import asked_words, decide_turn, said_back

    listen = node.listen
    assert listen is not None
    decision = decide_turn(heard, question, listen, meanings, asked_words(node))
    label, confirm = decision.label, decision.confirm
    zone = (SILENCE if label == SILENCE else REJECT if label == UNCLEAR
            else CONFIRM if confirm else ACCEPT)
    answer = (listen.open if label == OPEN else listen.answer(label)
              if label not in (SILENCE, UNCLEAR, EXPLAIN) else None)
    trusted = said_back(heard, label)
    mirrored = (mirror(heard.text, trusted, answer.meaning, answer.canonical,
                       label, listen.answers) if answer is not None else None)
    own = bool(trusted and heard.text and mirrored is not None
               and mirrored == spoken_back(answer_span(heard.text, label, listen.answers)))
    return label, confirm, zone, mirrored, own


def refusal(heard: Heard, question: Question, node: Node, meanings: Any) -> str:
    """What a "no" to the check of ``heard`` leaves (``Decision.refused``): asked again, or
    an open answer the point receives."""
    return check_of(heard, question, node, meanings)[0]


def check_of(heard: Heard, question: Question, node: Node, meanings: Any
             ) -> tuple[str, str | None]:
    """How the check of ``heard`` ends, as the session's decision says: what a "no"
    leaves (``Decision.refused``) and the other answer it offers (``Decision.rival``)."""
    from voicepiece.session.deciding import asked_words, decide_turn

    decision = decide_turn(heard, question, node.listen, meanings, asked_words(node))
    return decision.refused, decision.rival


# ── what the narrator answers ────────────────────────────────────────────────────────


def first_line(lines: Iterable[Line], heard: str | None) -> tuple[Line, str] | None:
    """The first of ``lines`` the session would say, with the listener's words put in."""
    for line in lines:
        text = fill(line.text, {HEARD: heard})
        if text is not None:
            return line, text
    return None


def ladder_lines(listen: Listen, kind: str) -> tuple[Line, ...]:
    """What the story says after a first silent or unclear turn: its first reprompt, or,
    with none, the ladder's closing lines (every variant of a group, the first first)."""
    ladder = listen.silence if kind == SILENCE else listen.unclear
    return tuple(every_line(ladder.reprompts[:1]) or every_line(ladder.say))


def response(listen: Listen, label: str, confirm: bool, heard: str | None,
             rival: str | None = None) -> tuple[Line, str]:
    """The narrator's first line after a decision, as the session picks it (``rival``: the
    check offers two answers, session/confirming.py)."""
    from voicepiece.story.mirrors import either_words

    if label in (SILENCE, UNCLEAR):
        lines: tuple[Line, ...] = ladder_lines(listen, label)
    elif confirm:
        both = either_words(listen, label, rival) if rival else None  # as confirming.confirm
        lines = (listen.either if both else listen.confirmation(label),)
        heard = both or heard
    elif label == EXPLAIN:
        lines = tuple(every_line(listen.explain.say))
    elif label == OPEN and listen.open is not None:
        lines = tuple(every_line(listen.open.say))
    else:
        answer = listen.answer(label)
        assert answer is not None
        lines = tuple(every_line(answer.say))
    found = first_line(lines, heard)
    if found is None:  # a line with the listener's words and no fallback, and no words
        found = first_line(ladder_lines(listen, UNCLEAR), heard)
    assert found is not None, f"no line to say after {label}"
    return found


# ── ours, and one turn of both ───────────────────────────────────────────────────────

SLOW_TURN_END = 1.0
"""A turn whose end (end of speech → end of turn) took longer is printed with what its
pauses were judged on: the words behind the p95."""


def _logged_judge() -> Any:
    from voicepiece.listening.turns import TurnJudge, Verdict, patient_judge, reading

    class Logged(TurnJudge):
        """The ear's default judge, noting what each pause was judged on: the grammar's
        quick verdict, the open transcript's words and their reading."""

        def __init__(self) -> None:
            super().__init__(patient_judge().hesitation)
            self.readings: list[str] = []

        def settle(self, verdict: Verdict, choices: Any, waited: float | None
                   ) -> Verdict | None:
            settled = super().settle(verdict, choices, waited)
            if settled is not None and verdict.transcript is not None:
                try:
                    text = verdict.transcript.result().text
                except Exception:  # the judge logs a failed decode itself
                    text = None
                self.readings.append(
                    f"grammar {verdict.heard!r} ({_kind(verdict)}), Whisper {text!r} "
                    f"({reading(text, choices)}) -> {_kind(settled)}")
            return settled

    return Logged()


def _kind(verdict: Any) -> str:
    return "whole" if verdict.whole else "trails off" if verdict.hesitating else "neither"


_Logged = _logged_judge


class Bench:
    """Everything a turn needs, set up (and warmed) once."""

    def __init__(self, piece: Piece, narrator: Narrator, baseline: Baseline | None) -> None:
        """``narrator`` must have been made before ``virtual_audio`` changed $HOME, or its
        render cache would be a fresh, empty folder."""
        from voicepiece.audio.playback import Player
        from voicepiece.listening.ear import ListeningEar
        from voicepiece.listening.engines import DEFAULT_RECOGNIZER, recognizer_for
        from voicepiece.voices import registry

        self.piece = piece
        self.tell_slow = True  # False while a held-out set runs: its items never print
        self.points: dict[str, Node] = {n.name: n for n in piece.listening_points()}
        self.recognizer_name = os.environ.get("VOICEPIECE_BENCH_RECOGNIZER",
                                              DEFAULT_RECOGNIZER)
        self.recognizer: Any = recognizer_for(self.recognizer_name)
        tried = os.environ.get("VOICEPIECE_BENCH_WHISPER_PROMPT")  # "none": no prompt
        if tried is not None:
            from voicepiece.listening.whisper_model import packaged_model

            packaged_model().prompt(None if tried == "none" else tried)
        for node in self.points.values():
            assert node.listen is not None
            self.recognizer.warm_up(node.listen.answers)
        self.stream = StreamSource()
        self.judge = _Logged()
        self.ear = ListeningEar(lambda: self.stream, self.recognizer, judge=self.judge)
        self.narrator = narrator
        registry.synthesizer(narrator.settings).synthesize("Ready.", narrator.settings)
        self.player = Player()
        from voicepiece.voices.outputs import SpeakerVoice

        self.voice = SpeakerVoice(narrator, self.player, cue=False)  # the live session's
        self.anticipations: list[Anticipation] = []
        """Every turn's, to count the transcripts that came after its decision."""
        self.baseline = baseline
        from voicepiece.assembly.ears import meaning_model

        self.meanings = meaning_model(piece, eager=True)  # as a session reads (run, render)
        self.timeline = Timeline()  # where a slow reply's time went
        self.timeline.install(self)

    def baseline_turn(self, listen: Listen) -> BaselineTurn:
        phrases = tuple((p, a.label) for a in listen.answers for p in phrases_for(a))
        answers = tuple((a.label, tuple(line.text for line in every_line(a.say)))
                        for a in listen.answers)
        unclear = tuple(line.text for line in ladder_lines(listen, UNCLEAR))
        return BaselineTurn(phrases, answers, unclear)

    def _ours(self, question: Question, listen: Listen, clip: Clip, done: threading.Event,
              out: list[Outcome], ahead: Anticipation | None) -> None:
        from voicepiece.session.anticipation import backchannel

        if hasattr(self.recognizer, "last"):
            self.recognizer.last = None  # a turn with no speech decides nothing
        try:
            heard = self.ear.listen(question)
            listened = time.perf_counter()
            lead = ahead.close() if ahead is not None else None
            done.set()
            node = self.points[question.node]
            label, confirm, zone, mirrored, own = judged(heard, question, node, self.meanings)
            refused, rival = (check_of(heard, question, node, self.meanings) if confirm
                              else (None, None))  # the utterance's vectors are cached
            line, text = response(listen, label, confirm, mirrored, rival)
            decided = time.perf_counter()
            steps = {"decided": decided}
            filler = backchannel(self.voice, line, text, mirrored)
            if filler is not None and filler.audio is not None:
                self.player.last_started_at = None
                self.player.play(filler.audio)  # whole, as the session plays it
                assert self.player.last_started_at is not None
                steps["backchannel"] = self.player.last_started_at
            audio = self.voice.render(text, line).audio
            assert audio is not None
            rendered = time.perf_counter()
            steps["rendered"] = rendered
            started = first_sample(self.player, audio)
            steps["cpu_at_response"] = time.process_time()
            if lead is not None:
                steps["words_lead"] = lead
            endpoint = self.ear.last_endpoint
            assert endpoint is not None
            if endpoint.speech_end is not None:
                steps["vad_lag"] = endpoint.speech_end - clip.speech_end / SAMPLE_RATE
                steps["silence"] = endpoint.at - endpoint.speech_end
            last = getattr(self.recognizer, "last", None)
            if last is not None:
                steps["transcript_wait"] = last.waited
            if getattr(self.ear, "last_deciding", None) is not None:  # the decision's decode
                steps["deciding"] = self.ear.last_deciding
            out.append(Outcome(label, zone, heard.text, listened,
                               steps.get("backchannel", started),
                               endpoint.reason == "source_ended", steps, mirrored, own,
                               last.how if last is not None else None, said=text,
                               response=started, refused=refused, rival=rival))
        finally:
            done.set()

    def turn(self, clip: Clip) -> Turn:
        from voicepiece.session.anticipation import Anticipation
        from voicepiece.session.events import Question

        node = self.points[clip.item.point]
        listen = node.listen
        assert listen is not None
        ahead = Anticipation.of(self.voice, listen,
                                lambda line, words: fill(line.text, {HEARD: words}),
                                self.meanings)
        question = Question(node.name, listen.answers, listen.settings, on_words=ahead)
        if ahead is not None:
            self.anticipations.append(ahead)
        self.stream = StreamSource()
        self.judge.readings.clear()
        self.timeline.reset()
        if self.baseline is not None:
            self.baseline.start(self.baseline_turn(listen))
        ours_listened = threading.Event()
        ours: list[Outcome] = []
        worker = threading.Thread(target=self._ours, name="ours",
                                  args=(question, listen, clip, ours_listened, ours, ahead))
        worker.start()
        last_chunk = clip.speech_end // FRAME_SAMPLES - 1
        speech_end: float | None = None
        cpu_at_end: float | None = None
        chunk_bytes = FRAME_SAMPLES * 2
        start = time.perf_counter()
        for i in range(len(clip.pcm) // chunk_bytes):
            delay = start + (i + 1) * FRAME_SECONDS - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            chunk = clip.pcm[i * chunk_bytes:(i + 1) * chunk_bytes]
            if i == last_chunk:
                speech_end = time.perf_counter()
                cpu_at_end = time.process_time()
            self.stream.feed(chunk)
            if self.baseline is not None:
                self.baseline.feed(chunk)
            if ours_listened.is_set() and (self.baseline is None
                                           or self.baseline.has_listened()):
                break
        self.stream.end()
        if self.baseline is not None:
            self.baseline.end()
        worker.join()
        self.narrator.anticipate(())  # as a session drops what is left at its end…
        self.narrator.settle(30.0)  # …and the next turn does not begin under its load
        if not ours:
            raise RuntimeError(f"our listener failed on {clip.item.text!r}")
        steps = ours[0].steps
        if self.tell_slow and steps.get("vad_lag", 0) + steps.get("silence", 0) > SLOW_TURN_END:
            print(f"    turn end {1000 * (steps['vad_lag'] + steps['silence']):.0f} ms: "
                  f"{clip.item.text!r} ({clip.voice}), heard {ours[0].heard!r}; at its pauses "
                  + "; ".join(self.judge.readings), flush=True)
        base = self.baseline.outcome() if self.baseline is not None else None
        if speech_end is None:  # both stopped listening before the speech was over
            speech_end = start + (last_chunk + 1) * FRAME_SECONDS
        reply = (ours[0].response or ours[0].first_sample) - speech_end
        if self.tell_slow and reply > SLOW_REPLY:
            print(f"    reply {1000 * reply:.0f} ms: {clip.item.text!r} ({clip.voice}): "
                  + self.timeline.line(speech_end), flush=True)
        cpu = (steps["cpu_at_response"] - cpu_at_end
               if cpu_at_end is not None and "cpu_at_response" in steps else None)
        return Turn(clip, speech_end, ours[0], base, cpu=cpu)

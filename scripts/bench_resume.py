"""The barge-in bench's resume measurement: answers that go on after a whole first clause.

A listener says a complete first answer ("Not really."), pauses 0.6, 0.9 or 1.2 s, and goes
on ("maybe a little, now and then."). No judgement of the first clause can know the rest is
coming, so the narrator begins its reply; with barge-in the session yields, hears the rest
and decides on the whole (session/resuming.py). Two measurements, on the turn tuning voices
(Kokoro af_sarah, am_michael, bf_isabella, bm_george; two of them with ``--quick``) and the
phrasings below (written for this bench; no other set has them):

- **joins** (offline, no devices): each part heard by the real ear (the default recognizer,
  as ``run`` builds it) from a clip at 20 dB SNR, then the whole decided two ways — the
  parts' speech joined into one clip and transcribed (``resuming.AUDIO``), or the parts'
  own transcripts joined (``resuming.WORDS``) — against the answer the whole means; and the
  first part alone, the answer a session without resumption acts on (the baseline).
- **live** (virtual devices, real time, as ``voicepiece run --barge-in`` runs): the clip —
  first clause, pause, the rest — is said into the virtual microphone after the cue; per
  pause, the share of turns whose rest was heard and joined (its words not lost: the turn
  resumed, or the ear heard both parts as one turn), the share whose final answer is the
  whole's, and the delay from the end of the whole answer to the reply the listener heard
  (``response_start − speech_end`` in ``session.json``, which are real times).
"""

from __future__ import annotations

import argparse
import threading
import time
from typing import Any

from bench_common import spread_ms
from bench_listening_heldout2 import kokoro_speak_kept
from pydub import AudioSegment

from voicepiece.listening import listener_voices as lv
from voicepiece.listening.base import SAMPLE_RATE

VOICES = ("kokoro:af_sarah", "kokoro:am_michael", "kokoro:bf_isabella", "kokoro:bm_george")
PAUSES = (0.6, 0.9, 1.2)
SNR = 20.0
ANSWERS = (  # the first clause (a whole answer), the rest, and what the whole answers
    ("No.", "Not since the spring, anyway.", "no"),
    ("Not really.", "Well, maybe a little, now and then.", "unsure"),
    ("I think so.", "Though lately I'm not so sure.", "unsure"),
    ("Of course.", "More than I ever say out loud.", "yes"),
    ("Yes.", "But only on the quiet days.", "yes"),
    ("Maybe.", "I honestly couldn't tell you.", "unsure"),
)
QUICK_ANSWERS = 3
"""With ``--quick``: the first three phrasings offline, the first two live (each live trial
is a whole session in real time, ~30 s on a loaded machine)."""
QUICK_LIVE_ANSWERS = 2

PIECE = """\
piece: going-on
title: Going on
start: ask
nodes:
  ask:
    say:
      - Do you still think about the house you grew up in?
    listen:
      next: done
      answers:
        - label: "yes"
          meaning: "yes"
          say: You do. Some rooms stay with us long after we leave.
        - label: "no"
          meaning: "no"
          say: You don't. Then it has let you go, and you it.
        - label: unsure
          meaning: unsure
          say: Now and then, then. Memory keeps its own hours.
  done:
    say: Mm.
    end: true
"""


def _spoken(text: str, voice: str) -> bytes:
    return kokoro_speak_kept(text, voice, "bench-resume")


def _answers(quick: bool, live: bool = False) -> list[tuple[str, str, str]]:
    if not quick:
        return list(ANSWERS)
    return list(ANSWERS[:QUICK_LIVE_ANSWERS if live else QUICK_ANSWERS])


def _piece(folder: Any) -> Any:
    from voicepiece.story.loader import load_piece

    path = folder / "going-on" / "piece.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PIECE)
    return load_piece(path)


def joins(piece: Any, recognizer: Any, meanings: Any, quick: bool) -> dict[str, Any]:
    """The whole decided from the joined audio and from the joined words, offline."""
    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.sources import PcmSource
    from voicepiece.session.deciding import asked_words, decide_turn
    from voicepiece.session.events import Question, Turn
    from voicepiece.session.resuming import (
        AUDIO,
        WORDS,
        WORDS_FIRST,
        FirstPart,
        redecided,
        whole_answer,
    )

    node = piece.nodes["ask"]
    listen = node.listen
    question = Question(node.name, listen.answers, listen.settings)
    asked = asked_words(node)
    right = {AUDIO: 0, WORDS: 0, WORDS_FIRST: 0, "first_part": 0}
    n = seed = 0
    for voice in VOICES[:2] if quick else VOICES:
        for first, rest, meant in _answers(quick):
            parts = []
            for text in (first, rest):
                seed += 1
                pcm = lv.add_noise(lv.pad(_spoken(text, voice), 0.4, 0.1, seed), SNR, seed)
                ear = ListeningEar(lambda pcm=pcm: PcmSource(pcm), recognizer)
                parts.append(ear.listen(question))
            decision = decide_turn(parts[0], question, listen, meanings, asked)
            turn = Turn("ask", "answer", (), parts[0].text, decision.label, 1.0, 0, 0, 0)
            start = FirstPart(parts[0], decision, turn)
            n += 1
            right["first_part"] += decision.label == meant
            got = {}
            for join in (AUDIO, WORDS, WORDS_FIRST):
                whole = whole_answer(ear, parts, question, join)
                got[join] = redecided(start, whole, question, listen, meanings, asked)[1].label
                right[join] += got[join] == meant
            print(f"  {voice:<18} {first} … {rest:<38} first {decision.label:<7} "
                  f"audio {got[AUDIO]:<7} words {got[WORDS]:<7} words first "
                  f"{got[WORDS_FIRST]:<7} (means {meant})", flush=True)
    shares = {k: round(v / n, 3) for k, v in right.items()}
    print(f"  the whole's answer taken: joined audio {shares[AUDIO]:.0%}, joined words "
          f"{shares[WORDS]:.0%}, words first {shares[WORDS_FIRST]:.0%}; the first "
          f"part alone (no resumption) {shares['first_part']:.0%} of {n}")
    return {"answers": n, "right": shares}


def live(piece: Any, recognizer: Any, meanings: Any, quick: bool) -> dict[str, Any]:
    """Sessions through the virtual devices, one per answer, voice and pause."""
    from voicepiece.audio.playback import Player
    from voicepiece.audio.virtual import virtual_audio
    from voicepiece.listening.bargein import RESUME_SECONDS, BargeIn
    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.sources import MicrophoneSource
    from voicepiece.session.events import CuePlayed, NarrationCut
    from voicepiece.session.loop import Session
    from voicepiece.testing import EventLog
    from voicepiece.voices import narrator_for
    from voicepiece.voices.outputs import SpeakerVoice

    by_pause: dict[str, dict[str, Any]] = {}
    with virtual_audio() as server:
        server.pactl("set-default-source", server.mic_source)
        voice = SpeakerVoice(narrator_for(piece), Player())
        time.sleep(1.0)  # the null sink's first blocks are slow to flow
        seed = 100
        for pause in PAUSES:
            kept = right = cut = 0
            delays: list[float] = []
            trials = 0
            for speaker in VOICES[:2] if quick else VOICES:
                for first, rest, meant in _answers(quick, live=True):
                    seed += 1
                    a, b = _spoken(first, speaker), _spoken(rest, speaker)
                    pcm = lv.add_noise(a + lv.noise(pause, seed) + b, SNR, seed)
                    clip = AudioSegment(data=pcm, sample_width=2, frame_rate=SAMPLE_RATE,
                                        channels=1)
                    threads: list[threading.Thread] = []

                    class Listener:
                        def on_event(self, event: object, clip: AudioSegment = clip,
                                     threads: list[threading.Thread] = threads) -> None:
                            if isinstance(event, CuePlayed) and not threads:
                                threads.append(server_say(server, clip, 0.5))

                    barge_in = BargeIn(MicrophoneSource, voice)
                    ear = ListeningEar(barge_in.source, recognizer)
                    log = EventLog()
                    try:
                        outcome = Session(piece, voice, ear, [log, Listener()],
                                          barge_in=barge_in, meanings=meanings).run()
                    finally:
                        barge_in.close()
                        for thread in threads:
                            thread.join(30)
                    time.sleep(0.3)
                    trials += 1
                    turn = outcome.turns[0]
                    one_turn = len((turn.heard or "").split()) > len(first.split()) + 1
                    kept += turn.resumed or one_turn
                    right += turn.answer == meant
                    cut += bool(log.of(NarrationCut))
                    if turn.resumed and turn.response_start is not None and \
                            turn.speech_end is not None:
                        delays.append(turn.response_start - turn.speech_end)
                    print(f"  pause {pause:.1f} s {speaker:<18} {first} … {rest:<38} "
                          f"{'resumed' if turn.resumed else 'one turn' if one_turn else 'LOST':<8}"
                          f" {turn.answer:<7} (means {meant})"
                          f"{'  reply cut' if log.of(NarrationCut) else ''}  {turn.heard!r}",
                          flush=True)
            by_pause[f"{pause:.1f}"] = {
                "trials": trials, "kept": round(kept / trials, 3),
                "right": round(right / trials, 3), "reply_cut": cut,
                "end_to_reply_ms": spread_ms(delays)}
    print(f"\nresume (barge-in, window {RESUME_SECONDS} s), 20 dB SNR:")
    for pause, got in by_pause.items():
        d = got["end_to_reply_ms"]
        delay = "-" if not d else f"median {d['median']:.0f} ms, p95 {d['p95']:.0f} ms"
        print(f"  pause {pause} s: rest heard and joined {got['kept']:.0%}, final answer "
              f"right {got['right']:.0%} of {got['trials']}; end of the whole answer → "
              f"reply {delay}; replies cut {got['reply_cut']}")
    return {"window_s": RESUME_SECONDS, "by_pause": by_pause}


def server_say(server: Any, clip: AudioSegment, delay: float) -> threading.Thread:
    def say() -> None:
        time.sleep(delay)
        server.play_into(server.mic, clip)

    thread = threading.Thread(target=say, daemon=True)
    thread.start()
    return thread


def run(args: argparse.Namespace) -> dict[str, Any]:
    import tempfile
    from pathlib import Path

    from voicepiece.assembly.ears import loaded_recognizer, meaning_model

    with tempfile.TemporaryDirectory() as folder:
        piece = _piece(Path(folder))
    recognizer = loaded_recognizer(None)
    meanings = meaning_model(piece, eager=True)  # its one-time load is not a turn's delay
    print("resume: the whole decided from joined audio and from joined words (offline)")
    figures = {"joins": joins(piece, recognizer, meanings, args.quick)}
    print("resume: live sessions through the virtual devices")
    figures["live"] = live(piece, recognizer, meanings, args.quick)
    figures["voices"] = list(VOICES[:2] if args.quick else VOICES)
    return figures

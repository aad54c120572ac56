"""The echo benchmark: barge-in on loudspeakers, with and without echo cancellation.

Under a private PulseAudio daemon (``voicepiece.audio.virtual``) with an echo path
(``voicepiece.audio.room_echo.EchoRoom``: what the speaker sink plays comes back into the
virtual microphone, delayed, through a small room's response, attenuated), the her
narrator's lines play through ``Player`` while the microphone is read three ways at once:

- **none**: the microphone as it is (what ``--barge-in`` hears on loudspeakers today);
- **speex**: ``listening.echo_cancel.EchoCancelledSource`` (libspeexdsp in-process, the
  reference from the speaker's monitor, the delay found by correlation);
- **webrtc**: PulseAudio's ``module-echo-cancel aec_method=webrtc`` on the sound server,
  the narrator playing into its sink and its source recorded.

Per line: the echo return loss enhancement (dB: the microphone's energy over the
cancelled signal's, narrator only, from the second line on — the first is the filter's
convergence), and whether the barge-in detector (the same voice detector, tuning and
``start_speech`` as ``listening.bargein``) fires on the echo alone (a false barge-in).
Then lines with a listener (development voices) saying an answer over the narrator at a
random moment: detected (the detector fires within the answer), and on the cancelled
audio, transcribed right by Whisper tiny.en (the ear's open transcript).
CPU: the canceller's own thread time per second of audio (speex); the sound server's
CPU per second with the module loaded less without it (webrtc).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import threading
import time
from typing import Any

import numpy as np
from bench_listening_dev_set import DEV_VOICES
from bench_listening_heldout2 import kokoro_speak_kept
from pydub import AudioSegment

from voicepiece.listening import listener_voices as lv
from voicepiece.listening.base import FRAME_BYTES, FRAME_SAMPLES, SAMPLE_RATE

ANSWERS = ["yes I think so", "no not really", "I'm not sure", "coffee please",
           "maybe a little", "of course I do"]
CONDITIONS = ("none", "speex", "webrtc")


class Tee:
    """A source whose frames are also kept, each with its arrival time."""

    realtime = True

    def __init__(self, source: Any) -> None:
        self.source = source
        self.frames_kept: list[tuple[float, bytes]] = []

    def frames(self) -> Any:
        for frame in self.source.frames():
            self.frames_kept.append((time.perf_counter(), frame))
            yield frame

    def close(self) -> None:
        self.source.close()


def _cpu_of(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _daemon_pid() -> int:
    out = subprocess.run(["pactl", "info"], capture_output=True, text=True).stdout
    del out
    found = subprocess.run(["pgrep", "-n", "-x", "pulseaudio"], capture_output=True, text=True)
    return int(found.stdout.split()[0])


def _span(frames: list[tuple[float, bytes]], start: float, end: float) -> list[bytes]:
    return [f for t, f in frames if start <= t - FRAME_SAMPLES / SAMPLE_RATE < end]


def _recording_span(rec: Any, start: float, end: float) -> list[bytes]:
    data = rec.audio.raw_data
    lo, hi = max(0, rec.sample_at(start)), max(0, rec.sample_at(end))
    pcm = data[2 * lo:2 * hi]
    return [pcm[i:i + FRAME_BYTES] for i in range(0, len(pcm) - FRAME_BYTES + 1, FRAME_BYTES)]


def _energy(frames: list[bytes]) -> float:
    if not frames:
        return 0.0
    x = np.frombuffer(b"".join(frames), dtype="<i2").astype(np.float64)
    return float(np.mean(x**2))


def _fires(frames: list[bytes]) -> int | None:
    """The frame at which the barge-in detector decides the listener began (None: never):
    ``listening.bargein.BargeIn._judge`` with the default tuning, its VAD reset."""
    from voicepiece.listening.calibration import speech_probability
    from voicepiece.listening.endpoint import DEFAULT_TUNING as t
    from voicepiece.listening.vad import VoiceActivity

    vad = _fires.vad if hasattr(_fires, "vad") else VoiceActivity()  # type: ignore[attr-defined]
    _fires.vad = vad  # type: ignore[attr-defined]
    vad.reset()
    need = max(1, round(t.start_speech / (FRAME_SAMPLES / SAMPLE_RATE)))
    run = 0
    for i, frame in enumerate(frames):
        p = speech_probability(vad, t, frame)
        if p >= t.speech_threshold:
            run += 1
        elif p < t.silence_threshold:
            run = 0
        if run >= need:
            return i
    return None


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower().replace("i'm", "i am"))


def _material(quick: bool) -> tuple[list[AudioSegment], dict[int, tuple[str, AudioSegment]],
                                     int]:
    """The narrator's lines (3-9 s), and the listener's answers for the last of them."""
    from voicepiece.story.loader import load_piece
    from voicepiece.voices import narrator_for

    n_quiet, n_spoken = (6, 4) if quick else (16, 12)
    piece = load_piece("her")
    narrator = narrator_for(piece)
    lines = []
    for line in piece.lines():
        if line.is_template:
            continue
        audio = narrator.audio(line, line.text)
        if 3000 <= len(audio) <= 9000:
            lines.append(audio)
        if len(lines) >= n_quiet + n_spoken:
            break
    answers = {}
    for i in range(n_quiet, n_quiet + n_spoken):
        text, voice = ANSWERS[i % len(ANSWERS)], DEV_VOICES[i % len(DEV_VOICES)]
        pcm = lv.add_noise(lv.pad(kokoro_speak_kept(text, voice, "bench-echo-speech"),
                                  0.05, 0.05), 30, i)
        answers[i] = (text, AudioSegment(data=pcm, sample_width=2, frame_rate=SAMPLE_RATE,
                                         channels=1))
    return lines, answers, n_quiet


def _session(server: Any, player: Any, lines: list[AudioSegment],
             answers: dict[int, tuple[str, AudioSegment]]) -> list[tuple]:
    """Play the lines, the listener answering over the last ones at a random moment; each
    line's span, and when and what the listener said."""
    rng = random.Random(11)
    spans = []
    for i, audio in enumerate(lines):
        said_at: list[float] = []
        thread = None
        if i in answers:
            text, answer = answers[i]
            at = rng.uniform(0.8, max(0.9, len(audio) / 1000 - 2.0))

            def say(answer: AudioSegment = answer, at: float = at,
                    said_at: list[float] = said_at) -> None:
                time.sleep(at)
                said_at.append(time.perf_counter())
                server.play_into(server.mic, answer)

            thread = threading.Thread(target=say, daemon=True)
        began = time.perf_counter()
        if thread is not None:
            thread.start()
        player.play(audio)
        ended = time.perf_counter()
        if thread is not None:
            thread.join(10)
            text, answer = answers[i]
            spans.append((began, ended + 0.4, said_at[0] if said_at else None,
                          len(answer) / 1000, text))
        else:
            spans.append((began, ended + 0.4, None, 0.0, None))
        time.sleep(0.5)
    return spans


def run(args: argparse.Namespace) -> dict[str, Any]:
    from voicepiece.audio.playback import Player
    from voicepiece.audio.room_echo import EchoRoom
    from voicepiece.audio.virtual import virtual_audio
    from voicepiece.listening.echo_cancel import EchoCancelledSource, SpeakerMonitor
    from voicepiece.listening.sources import MicrophoneSource

    delay = getattr(args, "echo_delay", 0.06)
    gain = getattr(args, "echo_gain", -6.0)
    lines, answers, _ = _material(getattr(args, "quick", False))
    played = sum(len(a) for a in lines) / 1000
    streams: dict[str, Any] = {}
    cpu: dict[str, float] = {}
    # pass 1: the microphone as it is, and speex in-process on the same frames
    with virtual_audio() as server:
        server.pactl("set-default-source", server.mic_source)  # before the room: see EchoRoom
        room = EchoRoom(server, delay=delay, gain_db=gain).__enter__()
        time.sleep(1.0)
        tee = Tee(MicrophoneSource())
        source = EchoCancelledSource(tee, SpeakerMonitor(server.sink))
        cancelled: list[tuple[float, bytes]] = []
        gated: list[tuple[float, bytes]] = []
        speex_cpu = [0.0]

        def consume() -> None:
            it = source.frames()
            while True:
                c0 = time.thread_time()
                try:
                    frame = next(it)
                except StopIteration:
                    return
                speex_cpu[0] += time.thread_time() - c0
                now = time.perf_counter()
                cancelled.append((now, frame))
                # what the barge-in detector is given: no speech where the canceller is unsure
                gated.append((now, bytes(len(frame)) if source.unsure else frame))

        reader = threading.Thread(target=consume, daemon=True)
        reader.start()
        time.sleep(1.5)
        try:
            spans = _session(server, Player(), lines, answers)
        finally:
            source.close()
            reader.join(3)
            room.__exit__()
        mic = lambda a, b, f=tee.frames_kept: _span(f, a, b)  # noqa: E731
        streams["none"] = (spans, mic, mic, mic)
        streams["speex"] = (spans, lambda a, b, f=cancelled: _span(f, a, b), mic,
                            lambda a, b, f=gated: _span(f, a, b))
        cpu["speex"] = speex_cpu[0] / played
        found = source.delay.samples / SAMPLE_RATE
        print("speex delay changes (s, ms):", [(round(a, 1), round(b, 1))
                                               for a, b in source.delay.changes])
    # pass 2: PulseAudio's module-echo-cancel (webrtc) on the sound server
    with virtual_audio() as server, EchoRoom(server, delay=delay, gain_db=gain):
        pid = _daemon_pid()
        time.sleep(1.0)
        base0, t0 = _cpu_of(pid), time.perf_counter()
        time.sleep(3.0)
        base_cpu = (_cpu_of(pid) - base0) / (time.perf_counter() - t0)  # the echo path's
        module = server.pactl(
            "load-module", "module-echo-cancel", "aec_method=webrtc",
            f"source_master={server.mic_source}", f"sink_master={server.sink}",
            "source_name=ec_source", "sink_name=ec_sink", f"rate={SAMPLE_RATE}",
            "channels=1", 'aec_args="analog_gain_control=0 digital_gain_control=0"').strip()
        # webrtc's gain control would turn the microphone down (to -35 dB here), which
        # a comparison of cancellers must not count as cancellation
        server.pactl("set-source-volume", server.mic_source, "100%")
        raw = server.record(source=server.mic_source)
        webrtc = server.record(source="ec_source")
        time.sleep(1.5)
        cpu0, t1 = _cpu_of(pid), time.perf_counter()
        try:
            spans2 = _session(server, Player(device="ec_sink"), lines, answers)
            busy = (_cpu_of(pid) - cpu0) - base_cpu * (time.perf_counter() - t1)
        finally:
            raw.stop()
            webrtc.stop()
            server.pactl("unload-module", module)
        cpu["webrtc"] = max(0.0, busy / played)
        ec = lambda a, b, r=webrtc: _recording_span(r, a, b)  # noqa: E731
        streams["webrtc"] = (spans2, ec, lambda a, b, r=raw: _recording_span(r, a, b), ec)
    return _figures(streams, cpu, found, delay, gain, args)


def _figures(streams: dict[str, Any], cpu: dict[str, float], found_delay: float,
             delay: float, gain: float, args: argparse.Namespace) -> dict[str, Any]:
    from voicepiece.listening.whisper_model import packaged_model

    whisper = None if getattr(args, "no_transcribe", False) else packaged_model()
    out: dict[str, Any] = {"echo_delay_ms": round(1000 * delay), "echo_gain_db": gain,
                           "speex_delay_found_ms": round(1000 * found_delay, 1)}
    for name, (spans, get, get_raw, get_judged) in streams.items():
        erle, false_barge, detected, right, tried = [], 0, 0, 0, 0
        quiet = [s for s in spans if s[2] is None]
        for k, (a, b, _, _, _) in enumerate(quiet):
            frames = get(a, b)
            judged = get_judged(a, b)
            if k > 0:
                erle.append(10 * np.log10(max(1e-9, _energy(get_raw(a, b)))
                                          / max(1e-9, _energy(frames))))
            fired = _fires(judged)
            false_barge += fired is not None
            if os.environ.get("BENCH_ECHO_DEBUG"):
                print(f"  {name} line {k}: {b - a:.1f} s, ERLE "
                      f"{erle[-1] if erle and k else float('nan'):.1f} dB, fires at "
                      f"{None if fired is None else round(fired * FRAME_SAMPLES / SAMPLE_RATE, 2)}")
        spoken = [s for s in spans if s[2] is not None]
        for a, b, said, length, text in spoken:
            fired = _fires(get_judged(a, b))
            t_fire = None if fired is None else a + (fired + 1) * FRAME_SAMPLES / SAMPLE_RATE
            if t_fire is not None and said - 0.1 <= t_fire <= said + length + 0.3:
                detected += 1
            if whisper is not None:
                clip = b"".join(get(said - 0.2, said + length + 0.3))
                heard = whisper.transcribe(clip).text or ""
                tried += 1
                right += _words(heard) == _words(text)
                print(f"  {name:<6} said {text!r:<20} heard {heard!r}", flush=True)
        out[name] = {
            "erle_db_median": round(float(np.median(erle)), 1) if erle else None,
            "erle_db_min": round(float(np.min(erle)), 1) if erle else None,
            "false_barge_ins": false_barge, "narrator_only_lines": len(quiet),
            "listener_detected": detected, "listener_lines": len(spoken),
            "transcribed_right": right if tried else None, "transcribed": tried or None,
            "cpu_per_audio_second": round(cpu[name], 4) if name in cpu else None,
        }
        print(f"{name:<7} ERLE median {out[name]['erle_db_median']} dB "
              f"(min {out[name]['erle_db_min']}), false barge-ins {false_barge}/{len(quiet)}, "
              f"listener detected {detected}/{len(spoken)}"
              + (f", transcribed right {right}/{tried}" if tried else "")
              + (f", CPU {cpu[name]:.4f} s per s" if name in cpu else ""), flush=True)
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--echo-delay", type=float, default=0.06)
    parser.add_argument("--echo-gain", type=float, default=-6.0)
    parser.add_argument("--no-transcribe", action="store_true")
    print(run(parser.parse_args()))

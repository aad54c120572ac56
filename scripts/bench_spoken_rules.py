"""Written rule sets said aloud: tests/data/self-corrections.tsv ("no, I mean yes", at one
of the her piece's yes/no points) and tests/data/tentative-answers.tsv ("acceptable, I
guess", at the points it names), spoken by the synthetic listener voices (espeak-ng and
flite; development voices, as the tests use) in 20 and 10 dB of room noise, heard by the
default ear and decided as the session decides, each turn ended for a listener who answers
a check truthfully (bench_listening_results.ending). A line that gives no answer of the
point's ("none", or "unsure" where the point offers none of its own for it) is right when
no answer of the point's is taken: asked again, explained as a question back, or received
as an open answer. Development data: each set's fit half chose its rule, its held half is
only measured.

    PYTHONPATH=$PWD:scripts python scripts/bench_spoken_rules.py corrections|tentative [--misses]

Prints right / wrong / asked again by half and noise level; ``--misses`` the fit half's
misses with what was heard (never the held half's). Run it against another tree with
``PYTHONPATH=OTHER:scripts`` to compare (the sets are read from this file's checkout).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from bench_listening_results import ending, taken

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SETS = {"corrections": DATA / "self-corrections.tsv", "tentative": DATA / "tentative-answers.tsv"}
YES_NO_POINT = "she_listens"
"""Where the self-corrections are said: their lines name no point."""
LEVELS = (20.0, 10.0)


def items(name: str) -> list[tuple[str, str, str, str]]:
    """(point, half, meant, words) for every line of set ``name``."""
    out = []
    for line in SETS[name].read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            fields = line.split("\t")
            point = fields.pop(0) if len(fields) == 4 else YES_NO_POINT
            half, meant, text = fields
            out.append((point, half, meant, text))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("set", choices=sorted(SETS), help="which written set to say")
    parser.add_argument("--misses", action="store_true", help="print the fit half's misses")
    args = parser.parse_args()

    from voicepiece.listening import embedder as embedding
    from voicepiece.listening.base import ACCEPT, CONFIRM, REJECT
    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.engines import DEFAULT_RECOGNIZER, recognizer_for
    from voicepiece.listening.listener_voices import LISTENER_VOICES, add_noise, pad, speak
    from voicepiece.listening.sources import PcmSource
    from voicepiece.session.deciding import asked_words, decide_turn
    from voicepiece.session.events import Question
    from voicepiece.story.loader import load_piece
    from voicepiece.story.model import SILENCE, UNCLEAR

    her = load_piece("her")
    model = embedding.shared_embedder()
    recognizer = recognizer_for(DEFAULT_RECOGNIZER)
    tally: Counter[tuple[str, float, str]] = Counter()
    for i, (point, half, meant, text) in enumerate(items(args.set)):
        node = her.nodes[point]
        listen = node.listen
        question = Question(node.name, listen.answers, listen.settings)
        named = listen.answer(meant) is not None
        for snr in LEVELS:
            voice = i % len(LISTENER_VOICES)
            pcm = add_noise(pad(speak(text, LISTENER_VOICES[voice]), 0.6, 0.8, voice + i),
                            snr, voice + i)
            heard = ListeningEar(lambda pcm=pcm: PcmSource(pcm), recognizer).listen(question)
            decision = decide_turn(heard, question, listen, model, asked=asked_words(node))
            zone = CONFIRM if decision.confirm else (
                REJECT if decision.label in (UNCLEAR, SILENCE) else ACCEPT)
            end = ending(meant if named else UNCLEAR, decision.label, zone, decision.refused,
                         decision.rival)
            if named:
                kind = "right" if end == meant else ("wrong" if taken(end) else "again")
            else:
                kind = "wrong" if listen.answer(end) is not None else "right"
            tally[(half, snr, kind)] += 1
            if args.misses and half == "fit" and kind != "right":
                print(f"  miss {snr:4.0f} dB v{voice} {point} {meant:6} -> {kind:5} "
                      f"({decision.label}, heard {heard.text!r})  said {text!r}")
    for half in ("fit", "held"):
        for snr in LEVELS:
            n = sum(tally[(half, snr, k)] for k in ("right", "wrong", "again"))
            print(f"{half:4} {snr:4.0f} dB {n:3} turns: right {tally[(half, snr, 'right')]:3}, "
                  f"wrong {tally[(half, snr, 'wrong')]:3}, asked again "
                  f"{tally[(half, snr, 'again')]:3}")


if __name__ == "__main__":
    main()

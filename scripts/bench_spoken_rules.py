"""Self-corrections said aloud: tests/data/self-corrections.tsv ("no, I mean yes") spoken by
the synthetic listener voices (espeak-ng and flite; development voices, as the tests use)
at one of the her piece's yes/no points, in 20 and 10 dB of room noise, heard by the
default ear and decided as the session decides, each turn ended for a listener who
answers a check truthfully (bench_listening_results.ending); a line that gives no answer
("sorry, what did you say") is right when no answer is taken (asked again, or explained as
a question back). Development data: its fit
half chose the rule (story/corrections.py), its held half is only measured.

    PYTHONPATH=$PWD:scripts python scripts/bench_self_corrections.py [--misses]

Prints right / wrong / asked again by half and noise level; ``--misses`` the fit half's
misses with what was heard (never the held half's). Run it against another tree with
``PYTHONPATH=OTHER:scripts`` to compare (the set is read from this file's checkout).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from bench_listening_results import ending, taken

SET = Path(__file__).resolve().parent.parent / "tests" / "data" / "self-corrections.tsv"
POINT = "she_listens"
LEVELS = (20.0, 10.0)


def items() -> list[tuple[str, str, str]]:
    """(half, meant, words) for every line of the set; "none" stays unclear."""
    out = []
    for line in SET.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            half, meant, text = line.split("\t")
            out.append((half, meant, text))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="print the fit half's misses")
    args = parser.parse_args()

    from voicepiece.listening import embedder as embedding
    from voicepiece.listening.base import ACCEPT, CONFIRM, REJECT
    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.engines import DEFAULT_RECOGNIZER, recognizer_for
    from voicepiece.listening.listener_voices import LISTENER_VOICES, add_noise, pad, speak
    from voicepiece.listening.sources import PcmSource
    from voicepiece.session.deciding import decide_turn
    from voicepiece.session.events import Question
    from voicepiece.story.loader import load_piece
    from voicepiece.story.model import EXPLAIN, SILENCE, UNCLEAR

    node = load_piece("her").nodes[POINT]
    question = Question(node.name, node.listen.answers, node.listen.settings)
    model = embedding.shared_embedder()
    recognizer = recognizer_for(DEFAULT_RECOGNIZER)
    tally: Counter[tuple[str, float, str]] = Counter()
    for i, (half, meant, text) in enumerate(items()):
        truth = UNCLEAR if meant == "none" else meant
        for snr in LEVELS:
            voice = i % len(LISTENER_VOICES)
            pcm = add_noise(pad(speak(text, LISTENER_VOICES[voice]), 0.6, 0.8, voice + i),
                            snr, voice + i)
            heard = ListeningEar(lambda pcm=pcm: PcmSource(pcm), recognizer).listen(question)
            decision = decide_turn(heard, question, node.listen, model)
            zone = CONFIRM if decision.confirm else (
                REJECT if decision.label in (UNCLEAR, SILENCE) else ACCEPT)
            end = ending(truth, decision.label, zone, decision.refused, decision.rival)
            kind = "right" if end == truth or (meant == "none" and end == EXPLAIN) else (
                "wrong" if taken(end) else "again")
            tally[(half, snr, kind)] += 1
            if args.misses and half == "fit" and kind != "right":
                print(f"  miss {snr:4.0f} dB v{voice} {meant:6} -> {kind:5} "
                      f"({decision.label}, heard {heard.text!r})  said {text!r}")
    for half in ("fit", "held"):
        for snr in LEVELS:
            n = sum(tally[(half, snr, k)] for k in ("right", "wrong", "again"))
            print(f"{half:4} {snr:4.0f} dB {n:3} turns: right {tally[(half, snr, 'right')]:3}, "
                  f"wrong {tally[(half, snr, 'wrong')]:3}, asked again "
                  f"{tally[(half, snr, 'again')]:3}")


if __name__ == "__main__":
    main()

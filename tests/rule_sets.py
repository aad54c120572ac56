"""Written sets of answers (tests/data/*.tsv) read as a session decides them, and said aloud
to the real ear: one reading for the tests of the tentative answers, the question's echo,
the asides and the self-corrections, so that each tests its rule the same way."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


@cache
def her() -> Any:
    from voicepiece.story.loader import load_piece

    return load_piece("her")


def rows(path: Path, half: str) -> list[tuple[str, str, str]]:
    """(point, expected, text) of ``half``'s lines of a POINT, HALF, LABEL, ANSWER file."""
    out = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            point, which, expected, text = line.split("\t")
            if which == half:
                out.append((point, expected, text))
    return out


def read(point: str, text: str) -> str:
    """The answer a session takes for ``text`` typed at ``point`` (the rules and the
    sentence model, as decided for a turn), or "none" for no answer of the point's (an
    open answer, or unclear)."""
    from voicepiece.listening import embedder as embedding
    from voicepiece.session.deciding import asked_words, decide_turn
    from voicepiece.session.events import Heard, Question

    node = her().nodes[point]
    question = Question(node.name, node.listen.answers, node.listen.settings)
    label = decide_turn(Heard(text=text, own_words=True), question, node.listen,
                        embedding.shared_embedder(), asked=asked_words(node)).label
    return label if node.listen.answer(label) is not None else "none"


def misses(path: Path, half: str) -> tuple[int, list[tuple[str, str, str, str]]]:
    """How many lines ``half`` has, and (point, expected, got, text) of those read wrong."""
    pairs = rows(path, half)
    return len(pairs), [(p, e, got, t) for p, e, t in pairs if (got := read(p, t)) != e]


def hear(point: str, said: str, voice: int, recognizer: Any, snr: float = 20) -> Any:
    """The session's decision on ``said`` spoken by listener voice ``voice`` (not the
    narrator's) in ``snr`` dB of room noise at ``point``, heard by ``recognizer`` through
    the real ear."""
    from voicepiece.listening import embedder as embedding
    from voicepiece.listening.ear import ListeningEar
    from voicepiece.listening.listener_voices import LISTENER_VOICES, add_noise, pad, speak
    from voicepiece.listening.sources import PcmSource
    from voicepiece.session.deciding import asked_words, decide_turn
    from voicepiece.session.events import Question

    node = her().nodes[point]
    question = Question(node.name, node.listen.answers, node.listen.settings)
    pcm = add_noise(pad(speak(said, LISTENER_VOICES[voice]), 0.6, 0.8, voice), snr, voice)
    heard = ListeningEar(lambda: PcmSource(pcm), recognizer).listen(question)
    return decide_turn(heard, question, node.listen, embedding.shared_embedder(),
                       asked=asked_words(node))


def print_halves(path: Path) -> None:
    """Both halves' counts and every miss (for running a test file as a script)."""
    for half in ("fit", "held"):
        total, wrong = misses(path, half)
        print(f"{half}: {total - len(wrong)} of {total}")
        for point, expected, got, text in wrong:
            print(f"  {point:11} {expected:10} got {got:10} {text}")

"""A second asking: what the listener says when an answer is asked again, heard as the
first was, so the bench can report the figure a listener lives with — right after at most
one asking again — beside the right branch, which leaves such answers out.

A listener asked again ("sorry, I didn't catch that…") says it plainer: the answer's own
first phrase as the piece writes it ("yes", "by listening"), an open answer its same words
again, a question back "what do you mean?". Said in the same voice at the same noise level
(the bench's pink room noise: a set's own noise is its own module's), fed in real time to
the same ear like any turn. In ``--quick`` at most :data:`QUICK_SECOND` are heard (about
4 s each), so the bench stays within two minutes more.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from bench_listening_clips import Clip, Item, make_clip
from bench_listening_results import Outcome, Turn, branch_right, ending, taken

from voicepiece.listening.base import ACCEPT, CONFIRM
from voicepiece.story.model import EXPLAIN, OPEN

if TYPE_CHECKING:
    from voicepiece.story.model import Listen

QUICK_SECOND = 25
"""At most this many second askings in ``--quick`` (each a real-time turn of ~4 s)."""
PLAIN_UNSURE = "I'm not sure"
PLAIN_QUESTION = "what do you mean?"


def right(item: Item, outcome: Outcome) -> bool:
    """Whether ``outcome`` takes ``item``'s right branch (accepted or confirmed;
    :func:`~bench_listening_results.branch_right`)."""
    return outcome.zone in (ACCEPT, CONFIRM) and branch_right(item, outcome)


def asked_again(item: Item, outcome: Outcome) -> bool:
    """Whether the point asks ``item`` again: an answer that takes no branch (rejected,
    not heard, or a confirmation refused that leaves no open answer) — not off-list
    speech, not a wrong branch (:func:`~bench_listening_results.ending`)."""
    return item.on_list and not taken(ending(item.truth, outcome.label, outcome.zone,
                                              outcome.refused, outcome.rival))


def plain(item: Item, listen: Listen) -> str | None:
    """What the listener says when asked again (the module's note); None: nothing plain to
    say (an answer with no phrase of its own and no built-in wording)."""
    from voicepiece.story.phrases import phrases_for

    if item.truth == OPEN:
        return item.text
    if item.truth == EXPLAIN:
        return PLAIN_QUESTION
    answer = next((a for a in listen.answers if a.label == item.truth), None)
    if answer is None:
        return None
    if "unsure" in (answer.meaning, answer.label):
        return PLAIN_UNSURE
    phrases = phrases_for(answer)
    return phrases[0] if phrases else None


def spoken(text: str, voice: str) -> bytes:
    """``text`` in ``voice``: a Kokoro voice or blend kept in the user cache like the sets'
    own, the others synthesized (flite and espeak-ng are fast)."""
    from bench_listening_heldout2 import kokoro_speak_kept

    from voicepiece.listening import listener_voices as lv

    if voice.startswith("kokoro:"):
        return kokoro_speak_kept(text, voice, "bench-second-speech")
    if voice.startswith("kokoro-mix:"):  # a blend (v7's): heard no second asking before
        from bench_turns_v10 import mix_speak

        return kokoro_speak_kept(text, voice, "bench-second-speech", speak=mix_speak)
    return lv.speak(text, voice)


def second_clip(clip: Clip, listen: Listen) -> Clip | None:
    """The second asking of ``clip``'s answer; None when there is nothing plain to say or
    its voice is not one this module can speak."""
    text = plain(clip.item, listen)
    if text is None:
        return None
    seed = 500000 + zlib.crc32(f"{clip.voice}|{clip.item.text}|{clip.snr}".encode()) % 100000
    try:
        return make_clip(replace(clip.item, text=text), clip.voice, clip.snr, seed, spoken)
    except Exception:  # a voice only its own set's module speaks (a blend, Piper)
        return None


def second_askings(bench: Any, turns: Sequence[Turn], budget: list[int] | None) -> list[Turn]:
    """``turns`` with each answer asked again heard a second time (``Turn.second``), while
    ``budget`` (a one-item count, shared by the sets; None: no limit) lasts."""
    out = []
    baseline, bench.baseline = bench.baseline, None  # the newcomer is not asked again
    try:
        for turn in turns:
            out.append(_second(bench, turn, budget))
    finally:
        bench.baseline = baseline
    return out


def _second(bench: Any, turn: Turn, budget: list[int] | None) -> Turn:
    """``turn``, with its second asking heard when it is due and the budget allows."""
    if not asked_again(turn.clip.item, turn.ours) or (budget is not None and budget[0] <= 0):
        return turn
    clip = second_clip(turn.clip, bench.points[turn.clip.item.point].listen)
    if clip is None:
        return turn
    if budget is not None:
        budget[0] -= 1
    return replace(turn, second=bench.turn(clip).ours)


def second_figures(turns: Sequence[Turn]) -> dict[str, float | int | None]:
    """``right_after_second``: answers right on the first asking or, asked again, on the
    second, over all answers; ``second_heard`` of ``second_due`` answers asked again were
    heard a second time (fewer: the ``--quick`` budget, or a voice not spoken here; those
    count as not right)."""
    on = [t for t in turns if t.clip.item.on_list]
    due = [t for t in on if asked_again(t.clip.item, t.ours)]
    heard = [t.second for t in due if t.second is not None]
    first = sum(right(t.clip.item, t.ours) for t in on)
    again = sum(right(t.clip.item, s) for t in due if (s := t.second) is not None)
    return {"right_after_second": round((first + again) / len(on), 4) if on else None,
            "second_heard": len(heard), "second_due": len(due)}

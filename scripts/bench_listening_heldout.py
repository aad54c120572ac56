"""The listening bench's held-out set: voices, phrasings and noise that no fitting and no
threshold ever saw, reported apart from the tuning-side set.

- voices: none of ``LISTENER_VOICES`` (the verifier's fitting uses all ten) nor the
  narrator's: a Scottish and a Lancashire espeak-ng voice with variants no other set uses,
  and flite's 8 kHz ``kal`` (the fitting hears ``kal16``);
- phrasings: none in the grammar or in meanings.yaml, none in the tests — sentences that
  answer in their own words ("oh, she definitely does"), hesitant answers ("um… no",
  "well… I'm not sure", with the pauses the voices put at commas and dots) and off-list
  speech never used anywhere else;
- noise: white, where the fitting and the tuning-side bench add pink noise; clean (the
  room floor only), 20 dB and 10 dB SNR.

Said at five of the yes/no/unsure points (one shared grammar), rotating.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bench_listening_clips import NOISE_LEVELS, Clip, Item, make_clip, off_list_point

from voicepiece.listening import listener_voices as lv
from voicepiece.story.matching import match_answer

if TYPE_CHECKING:
    from voicepiece.story.model import Piece

HELD_OUT_VOICES = ("espeak-ng:en-gb-scotland+m4", "flite:kal", "espeak-ng:en-gb-x-gbclan+f5")
HELD_OUT_NOISE = "white"
HELD_OUT_POINTS = ("she_listens", "relationship", "norms", "true_love", "is_he_alone")

ANSWERS: tuple[tuple[str, str], ...] = (
    ("yes she does", "yes"),
    ("oh, she definitely does", "yes"),
    ("well... yes, I think she does", "yes"),
    ("um, yes", "yes"),
    ("I'm quite sure she does", "yes"),
    ("no she doesn't", "no"),
    ("um... no", "no"),
    ("well, not really, no", "no"),
    ("I don't think she does", "no"),
    ("she doesn't listen at all", "no"),
    ("hmm, hard to say", "unsure"),
    ("well... I'm not sure", "unsure"),
    ("I can't really tell", "unsure"),
    ("I have no idea really", "unsure"),
)
"""(words, truth): open and hesitant answers, some the matcher itself misreads when typed
(the report says how many: that is the ceiling the ear works under)."""
OFF_LIST = ("I need to buy some milk", "can you open the window", "my sister lives in Boston",
            "what time does the shop close", "let's go for a walk", "the bus leaves at nine")
QUICK = {"answers": 8, "off_list": 3}


def held_out_items(piece: Piece, quick: bool) -> list[Item]:
    points = {n.name: n for n in piece.listening_points()}
    answers = list(ANSWERS)
    off = list(OFF_LIST)
    if quick:  # every label and both kinds of phrasing still represented
        answers = answers[::2][:QUICK["answers"]]
        off = off[:QUICK["off_list"]]
    items = [Item(HELD_OUT_POINTS[i % len(HELD_OUT_POINTS)], text, truth)
             for i, (text, truth) in enumerate(answers)]
    held = [points[name] for name in HELD_OUT_POINTS]
    for i, text in enumerate(off):
        items.append(Item(off_list_point(text, held, i * 2 + 1).name, text, None))
    return items


def typed_right(piece: Piece, items: Sequence[Item]) -> tuple[int, int]:
    """How many of the on-list items the matcher itself maps right when typed."""
    points = {n.name: n for n in piece.listening_points()}
    on = [i for i in items if i.on_list]
    right = 0
    for item in on:
        listen = points[item.point].listen
        assert listen is not None
        right += match_answer(item.text, listen.answers).label == item.truth
    return right, len(on)


def held_out_clips(items: Sequence[Item]) -> list[list[Clip]]:
    """Every item at every noise level, by the three held-out voices in turn; one session
    per (noise level, voice)."""
    cache: dict[tuple[str, str], bytes] = {}

    def spoken(text: str, voice: str) -> bytes:
        if (text, voice) not in cache:
            cache[(text, voice)] = lv.speak(text, voice)
        return cache[(text, voice)]

    sessions: dict[tuple[int, int], list[Clip]] = {}
    for k, snr in enumerate(NOISE_LEVELS):
        for i, item in enumerate(items):
            v = (i + k) % len(HELD_OUT_VOICES)
            clip = make_clip(item, HELD_OUT_VOICES[v], snr, 70000 + 1000 * k + 10 * i,
                             spoken, color=HELD_OUT_NOISE)
            sessions.setdefault((k, v), []).append(clip)
    return [sessions[key] for key in sorted(sessions)]

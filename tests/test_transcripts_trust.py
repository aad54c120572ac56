"""Trust word by word: an open transcript is said back as the listener's own words only
when every word of it was heard surely, not merely the utterance on the whole (issue 13,
item 4). Pure logic with the decoder's word pieces written out, plus one real decode."""

from __future__ import annotations

import numpy as np
import pytest

from voicepiece.listening.base import ACCEPT, Recognition
from voicepiece.listening.combined import combine
from voicepiece.listening.listener_voices import live_turn, pad, speak
from voicepiece.listening.transcripts import (
    QUIET_WORD_DB,
    WORD_FLOOR,
    Transcript,
    decide,
    every_word_sure,
    listener_words,
    vouched,
    vouched_words,
    word_levels,
    word_probabilities,
)
from voicepiece.listening.whisper_model import WhisperWords, gated, packaged_model
from voicepiece.listening.word_loudness import ALIGN_STEP, piece_levels
from voicepiece.story.mirror import answer_span, mirror, without_interjection
from voicepiece.story.wording import normalize

SURE = 0.99


def pieces(*words: tuple[str, float]) -> tuple[tuple[str, float], ...]:
    return tuple(words)


def test_pieces_make_words_and_a_words_probability_is_all_its_pieces() -> None:
    decoded = pieces((" Yes", 0.9), (",", 0.2), (" I", 0.9), ("'d", 0.5), (" say", 0.8),
                     (" so", 0.9), (".", 0.3))
    words = word_probabilities(decoded)
    assert [w for w, _ in words] == ["Yes", "I'd", "say", "so"]
    assert [round(p, 2) for _, p in words] == [0.9, 0.45, 0.8, 0.9]


def test_a_first_piece_without_a_space_still_begins_a_word() -> None:
    assert word_probabilities(pieces(("Yeah", 0.7), (" sure", 0.9))) == [("Yeah", 0.7),
                                                                         ("sure", 0.9)]


def test_punctuation_is_no_word_however_unsure() -> None:
    # Whisper is often unsure whether an answer ends in "." or "..."
    assert every_word_sure(pieces((" No", SURE), ("...", 0.05)))


def test_one_unsure_word_withholds_the_whole_transcript() -> None:
    sure = pieces((" a", SURE), (" little", SURE), (" bit", SURE), (" of", SURE),
                  (" both", SURE))
    guessed = (*sure[:4], (" bows", WORD_FLOOR - 0.01))
    assert vouched(0.9, SURE, "a little bit of both", pieces=sure)
    assert not vouched(0.9, SURE, "a little bit of bows", pieces=guessed)


def test_a_word_of_two_sure_pieces_may_still_be_unsure() -> None:
    # each piece above the floor, the word as a whole not: the word is what is said back
    half = WORD_FLOOR + 0.05
    assert half ** 2 < WORD_FLOOR
    assert not every_word_sure(pieces((" I", SURE), (" care", half), ("ful", half)))


def test_an_engine_without_word_pieces_is_judged_on_the_whole() -> None:
    assert vouched(0.9, SURE, "I loved her")
    assert not vouched(0.5, SURE, "I loved her")


def test_a_typed_or_unpieced_transcript_keeps_its_own_rule(yes_no) -> None:
    sure = Transcript("Yes I do", 0.9, SURE, pieces((" Yes", SURE), (" I", SURE), (" do", SURE)))
    guessed = Transcript("Yes I do", 0.9, SURE, pieces((" Yes", SURE), (" I", 0.2), (" do", SURE)))
    assert decide(sure, yes_no, open_vocabulary=True).own_words
    assert not decide(guessed, yes_no, open_vocabulary=True).own_words


def test_an_agreed_answer_with_one_unsure_word_is_taken_but_said_back_canonically(
        yes_no) -> None:
    grammar = Recognition("yes", "yes", 0.9, ACCEPT)
    words = WhisperWords("Yes, I suppose so.", 0.85, 0.05, 0.1, least=0.65,
                         pieces=pieces((" Yes", SURE), (",", 0.5), (" I", SURE),
                                       (" sup", 0.75), ("pose", 0.65), (" so", SURE)))
    assert not vouched_words(words)  # "suppose": 0.75 x 0.65, under the floor
    found = combine(grammar, words, yes_no).recognition
    assert (found.label, found.zone, found.own_words) == ("yes", ACCEPT, False)
    assert mirror(found.text, found.own_words, "yes", None) == "yes"


def test_a_loop_loses_its_pieces_and_with_them_any_claim_to_be_said_back() -> None:
    looped = gated("banana banana banana banana", -0.1, 0.01,
                   pieces=pieces((" banana", SURE),) * 4)
    assert looped.pieces == () and not vouched_words(looped)


def test_a_real_decode_gives_its_words_with_their_probabilities() -> None:
    model = packaged_model()
    said = "yes i think so"
    words = model.transcribe(live_turn(said, "espeak-ng:en-gb+m3", None, seed=5, after=0.2))
    assert words.text and normalize(words.text) == said
    heard = word_probabilities(words.pieces)
    assert normalize(" ".join(w for w, _ in heard)) == said
    assert all(0.0 < p <= 1.0 for _, p in heard)
    assert min(p for _, p in heard) <= words.least + 1e-9


# ── of several sentences, only those that carry the answer ─────────────────────────────

def test_a_sentence_after_the_answer_that_adds_nothing_is_not_said_back(yes_no) -> None:
    # a talker behind the listener, written in by Whisper after the answer
    said = "I'm quite certain it is. The garden needs water into night."
    assert answer_span(said, "yes", yes_no) == "I'm quite certain it is."


def test_every_sentence_the_answer_needs_is_kept(yes_no) -> None:
    said = "Well. I'm quite certain it is."  # the answer is in the second sentence
    assert answer_span(said, "yes", yes_no) == said


def test_one_sentence_or_no_answer_is_left_whole(yes_no) -> None:
    assert answer_span(" Yes, I'd say it is. ", "yes", yes_no) == "Yes, I'd say it is."
    said = "I had pasta. It was lovely."
    assert answer_span(said, None, yes_no) == said


def test_the_combined_ear_keeps_every_sentence_and_the_mirror_the_answers(yes_no) -> None:
    # the record and the reading keep all the words; what is said back is the answer's
    sure = pieces((" I", SURE), ("'m", SURE), (" quite", SURE), (" certain", SURE),
                  (" it", SURE), (" is", SURE), (".", SURE), (" The", SURE), (" garden", SURE),
                  (" needs", SURE), (" watering", SURE), (".", SURE))
    words = WhisperWords("I'm quite certain it is. The garden needs watering.", 0.9, 0.05,
                         0.1, least=SURE, pieces=sure)
    found = combine(Recognition("yes", "yes", 0.9, ACCEPT), words, yes_no).recognition
    assert (found.label, found.own_words) == ("yes", True)
    assert found.text == "I'm quite certain it is. The garden needs watering."
    assert mirror(found.text, found.own_words, "yes", None, "yes", yes_no) == (
        "you're quite certain it is")


# ── one voice: a quieter voice behind the listener is not theirs ──────────────────────

def test_a_words_loudness_is_its_loudest_pieces() -> None:
    decoded = pieces((" Yes", SURE), (",", SURE), (" I", SURE), ("'d", SURE), (" say", SURE))
    assert word_levels(decoded, (0.0, -30.0, -6.0, -2.0, -4.0)) == [
        ("Yes", 0.0), ("I'd", -2.0), ("say", -4.0)]
    assert word_levels(decoded, ()) == []  # no levels: nothing known


def test_two_or_more_words_much_quieter_than_the_answer_are_left_out() -> None:
    decoded = pieces((" For", SURE), (" me", SURE), (",", SURE), (" yes", SURE), (",", SURE),
                     (" the", SURE), (" garden", SURE), (".", SURE))
    far = (0.0, -1.0, -1.0, -3.0, -3.0, -QUIET_WORD_DB - 4, -QUIET_WORD_DB - 2, -20.0)
    kept = listener_words(decoded, far)
    assert kept is not None and kept[0] == "For me, yes,"
    assert [p for p, _ in kept[1]] == [" For", " me", ",", " yes", ","]
    near = (0.0, -1.0, -1.0, -3.0, -3.0, -QUIET_WORD_DB + 1, -QUIET_WORD_DB + 2, -20.0)
    assert listener_words(decoded, near) is None  # nothing to leave out
    assert listener_words(decoded, ()) is None  # no levels: no evidence


def test_one_quiet_word_alone_is_still_the_listeners() -> None:
    # a phrase's last word often falls 10-14 dB: "yes, I'm quite sure of *it*"
    decoded = pieces((" sure", SURE), (" of", SURE), (" it", SURE))
    assert listener_words(decoded, (0.0, -3.0, -QUIET_WORD_DB - 4)) is None
    assert listener_words(decoded, (0.0, -QUIET_WORD_DB - 1, -QUIET_WORD_DB - 4)) == (
        "sure", ((" sure", SURE),), (0.0,))


def test_words_with_another_voice_in_them_are_read_but_not_said_back(yes_no) -> None:
    decoded = pieces((" For", SURE), (" me", SURE), (",", SURE), (" yes", SURE), (",", SURE),
                     (" the", SURE), (" garden", SURE), (".", SURE))
    words = WhisperWords(" For me, yes, the garden.", 0.9, 0.01, 0.1, SURE, decoded,
                         (0.0, -1.0, -1.0, -3.0, -3.0, -15.0, -14.0, -20.0))
    assert not vouched_words(words)
    found = combine(Recognition("yes", "yes", 0.9, ACCEPT), words, yes_no).recognition
    assert (found.label, found.zone, found.own_words, found.sure_words) == (
        "yes", ACCEPT, False, True)
    assert mirror(found.text, found.own_words, "yes", None, "yes", yes_no) == "yes"
    alone = WhisperWords(" For me, yes.", 0.9, 0.01, 0.1, SURE, decoded[:5] + decoded[7:],
                         (0.0, -1.0, -1.0, -3.0, -3.0, -20.0))
    assert vouched_words(alone)


def test_an_opt_out_with_another_voice_in_it_is_still_heard() -> None:
    from voicepiece.gallery.consent import is_opt_out, opt_out_answer
    from voicepiece.session.events import Heard

    choice = opt_out_answer(("do not record me",))
    heard = Heard("Don't record me. The garden needs watering.", label="yes",
                  own_words=False, sure_words=True)
    assert is_opt_out(heard, choice)


def test_each_tokens_level_is_the_loudest_frame_until_the_next() -> None:
    loud, quiet = 0.5, 0.05  # 20 dB apart
    pcm = np.concatenate([np.full(ALIGN_STEP * 10, loud), np.full(ALIGN_STEP * 10, quiet)])
    pcm = pcm * np.sign(np.sin(np.arange(len(pcm))))  # a signal, not a constant
    levels = piece_levels([0, 5, 10, None], pcm.astype(np.float32))
    assert levels[:2] == (0.0, 0.0) and levels[3] == 0.0  # unplaced: loud
    assert levels[2] == pytest.approx(-20.0, abs=0.5)


def test_a_voice_behind_the_listener_is_not_said_back() -> None:
    model = packaged_model()
    answer = speak("yes I think so", "espeak-ng:en-gb+m3")
    other = speak("the garden needs watering tonight", "flite:kal16")
    a = np.frombuffer(answer, dtype="<i2").astype(np.float64)
    b = np.frombuffer(other, dtype="<i2").astype(np.float64) * 10 ** (-10 / 20)
    mix = np.concatenate([a, np.zeros(1600), b])
    turn = pad(np.clip(mix, -32768, 32767).astype("<i2").tobytes(), 0.3, 0.3, 3)
    both = model.transcribe(turn)
    alone = model.transcribe(pad(answer, 0.3, 0.3, 3))
    assert both.text and "garden" in normalize(both.text)
    assert listener_words(both.pieces, both.levels) is not None and not vouched_words(both)
    assert alone.text and listener_words(alone.pieces, alone.levels) is None


# ── an interjection Whisper writes in its own form ─────────────────────────────────────

@pytest.mark.parametrize(("heard", "label", "back"), [
    ("Yeah, I'd go along with that.", "yes", "I'd go along with that."),  # said "yep"
    ("No, I don't believe it is.", "no", "I don't believe it is."),  # said "nah"
    ("Yes, I'd say it is.", "yes", "Yes, I'd say it is."),  # the rest answers nothing alone
    ("Yes and no, it's tangled.", "unsure", "Yes and no, it's tangled."),
    ("Yes.", "yes", "Yes."),
])
def test_a_leading_interjection_is_kept_only_when_the_answer_needs_it(
        yes_no, heard: str, label: str, back: str) -> None:
    assert without_interjection(heard, label, yes_no) == back


def test_whispers_interjection_is_left_out_of_its_words_as_the_listeners(yes_no) -> None:
    decoded = pieces((" Yeah", 0.68), (",", SURE), (" I", SURE), ("'d", SURE), (" go", SURE),
                     (" along", SURE), (" with", SURE), (" that", SURE), (".", SURE))
    words = WhisperWords("Yeah, I'd go along with that.", 0.86, 0.05, 0.1, 0.68, decoded)
    found = combine(Recognition("yes", "yes", 0.9, ACCEPT), words, yes_no).recognition
    assert (found.label, found.text, found.own_words) == ("yes", "I'd go along with that.",
                                                          True)

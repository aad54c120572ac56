"""The training clips of scripts/fit-verifier: what is said at each grammar (every answer
phrasing, off-list speech, noise alone), in which voice and noise, and how each clip is cut
twice as the ear hands an answer over (see the script's docstring for why)."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

from voicepiece.audio.levels import LISTENING_RATE
from voicepiece.listening import listener_voices as lv
from voicepiece.listening.fitting import is_training_phrase
from voicepiece.listening.grammar import grammar_for
from voicepiece.story.loader import load_piece
from voicepiece.story.matching import match_answer
from voicepiece.story.phrases import choices_key

OFF_LIST = (
    "the weather is nice today", "banana", "what time is it", "I like turtles",
    "can you repeat that", "hello", "go away", "who are you", "where are my keys",
    "my name is john", "what did you say", "I am hungry", "let me think", "hello there",
    "play some music", "open the door", "I have to go", "where is the bathroom", "pizza",
    "tell me a story", "good morning", "thank you", "sorry", "what", "excuse me",
    "the cat sat on the mat", "how are you", "blue", "wait a second", "computer",
    "it is raining outside", "say that again", "I want to leave", "turn it up",
    "what was the question", "the dog is barking", "happy birthday", "hmm",
    "what are you talking about", "coffee please", "nice to meet you", "yesterday",
    "yellow", "nose", "show me", "window", "table", "orange", "music", "tomorrow",
    "pardon", "sugar", "doctor", "sunday", "twenty", "chicken", "shower", "note",
    "are you a robot", "I want a coffee", "this is boring", "it is cold in here",
    "I was thinking about something else when you asked me that question",
    "my grandmother used to tell me stories about the old country every single night",
    "the train to the city leaves at half past seven on weekdays",
    "could you speak more slowly because I missed the beginning",
    "we went to the beach last summer and the water was much colder than expected",
    "the children were playing in the garden while their parents cooked dinner",
    "there is a strange noise coming from the kitchen again",
    "let me tell you about the time I got lost in a foreign city",
    "the quick brown fox jumps over the lazy dog",
    "in the morning I usually drink tea and read the newspaper",
)
"""Speech that answers none of the questions: some near-misses ("go away" sounds like "no
way", "show me" like "sure", "yesterday" begins like "yes"), and long sentences, in which a
grammar finds a short answer and explains the rest as silence and noise. None of the words
of the human recordings' "other words" (Speech Commands) are here, so that those stay an
independent check."""

SHORT_OFF_LIST = (
    # everyday nouns
    "apple", "bottle", "garden", "kitchen", "pencil", "paper", "money", "water", "light",
    "radio", "camera", "station", "evening", "winter", "summer", "river", "mountain",
    "forest", "village", "ticket", "letter", "button", "rabbit", "horse", "mouse", "tiger",
    "lion", "monkey", "chair", "pillow", "blanket", "spoon", "knife", "plate", "cheese",
    "bread", "butter", "lemon", "cherry", "potato", "tomato", "carrot", "salad",
    "soup", "chocolate", "cookie", "candy", "pepper", "family", "teacher", "baby",
    "picture", "airplane", "bicycle", "engine", "hammer", "rocket", "pocket", "jacket",
    "shoes", "sweater", "guitar", "piano", "movie", "island", "ocean", "desert", "planet",
    "moon", "sun", "cloud", "thunder", "storm", "snow", "phone", "stone", "bone", "boat",
    "bath", "booth", "shirt", "sheet", "shore", "crew", "zoo", "feather", "leather",
    # colours
    "red", "green", "purple", "pink", "black", "white", "silver", "golden", "brown",
    # numbers above ten
    "eleven", "twelve", "thirteen", "fifteen", "thirty", "forty", "fifty", "hundred",
    "thousand", "million", "dozen",
    # names
    "peter", "mary", "susan", "robert", "linda", "james", "michael", "jennifer", "david",
    "lisa", "thomas", "emma", "oliver", "sophie", "charlie", "anna", "george", "lucy",
    "daniel", "sarah", "paul", "helen", "kevin", "laura", "william", "shirley", "sharon",
    "julia", "jessica", "joshua", "nicole", "shannon", "bruce", "norman", "nora",
    "jerry", "tony",
    # short commands, interjections, small words
    "louder", "quiet", "pause", "play", "next", "back", "skip", "hurry", "help",
    "oops", "ouch", "hey", "bye", "goodbye", "please", "thanks", "cheers", "welcome",
    "whatever", "nothing", "something", "anything", "everything", "somebody", "later",
    "now", "here", "there", "where", "when", "why", "how", "clever", "better", "weather",
    "guess", "dress", "chess", "north", "yet", "yell", "new", "noon", "lady",
    # two words
    "good night", "see you", "come here", "look out", "be careful",
    "help me", "call me", "come back", "ice cream", "french fries", "new york",
    "last week", "twelve thirty", "fifty dollars", "a hundred",
    "eleven people", "mister smith", "doctor brown", "peter pan", "miss jones",
    "uncle bob", "my mother", "your father", "big deal", "nice job", "well done",
    "good luck", "bless you", "oh dear", "oh boy", "oh well", "how much", "how many",
    "the end", "my keys", "sweet dreams", "merry christmas", "chicken soup",
    "black coffee", "orange juice", "green tea", "peanut butter", "rock and roll",
    "salt and pepper", "just a minute", "good evening", "red apple", "hot water",
)
"""Single words and short phrases that answer nothing, one clip per grammar: a lone word at a
yes/no point is the off-list speech the grammar most easily forces onto a short answer
("sheila" heard as "sure"), and the long list above has few. Numbers above ten, names,
colours, nouns, short commands, and near-misses of the answers ("shore", "boat", "crew",
"norman"). None of them is, or contains, one of the Speech Commands words of the human
recordings (SPEECH_COMMANDS), so those stay an independent check."""

SPEECH_COMMANDS = frozenset((
    "bed", "bird", "cat", "dog", "down", "eight", "five", "four", "go", "happy", "house",
    "left", "marvin", "nine", "no", "off", "on", "one", "right", "seven", "sheila", "six",
    "stop", "three", "tree", "two", "up", "wow", "yes", "zero",
))

CONDITIONS: tuple[float | None, ...] = (None, 20.0, 10.0)
CLIPS_PER_PHRASE = 3
CLIPS_PER_OFF_LIST = 2
CLIPS_PER_SHORT = 1
SHORT_SEEDS = 100_000
"""Seeds of the SHORT_OFF_LIST clips start here, apart from the others' (so that adding one
leaves every other clip, and its --cache decoding, as it was)."""
SILENCE_CLIPS = 8
SHAPES = ("checked", "waited")
"""The two cuts of every clip (clip_audio)."""



def condition_name(snr: float | None) -> str:
    return "clean" if snr is None else f"{snr:g} dB"


def split_of(phrase: str) -> str:
    """Train or test, by phrasing (fitting.is_training_phrase): a phrasing shared by several
    listening points ("not sure") is on the same side everywhere."""
    return "train" if is_training_phrase(phrase) else "test"


@dataclass(frozen=True)
class Clip:
    group: str  # the first listening point using this grammar
    text: str  # what the listener voice says
    truth: str | None  # the label it should get; None for off-list speech and silence
    kind: str  # "answer", "off-list" or "silence"
    voice: str
    snr: float | None
    seed: int

    @property
    def split(self) -> str:
        return split_of(self.text)


def grammar_groups() -> dict[str, tuple[list[str], tuple]]:
    """Listening points grouped by the grammar they share: first point → (points, answers)."""
    groups: dict[tuple, tuple[str, list[str], tuple]] = {}
    for node in load_piece("her").listening_points():
        answers = node.listen.answers
        key = choices_key(answers)
        if key not in groups:
            groups[key] = (node.name, [], answers)
        groups[key][1].append(node.name)
    return {first: (points, answers) for first, points, answers in groups.values()}


def build_clips() -> list[Clip]:
    """Every answer phrasing of every grammar: CLIPS_PER_PHRASE clips where a phrasing first
    appears, one clip in the later grammars that share it ("not sure" is in all five); the
    off-list phrases and noise alone, for every grammar."""
    voices = [v.name for v in lv.LISTENER_VOICES]
    clips: list[Clip] = []
    seen: set[str] = set()
    seed = 0
    for g, (group, (_, answers)) in enumerate(grammar_groups().items()):
        grammar = grammar_for(answers)
        phrasings = [(p, label) for p, label in grammar.labels.items() if label is not None]
        for i, (phrase, label) in enumerate(phrasings):
            count = 1 if phrase in seen else CLIPS_PER_PHRASE
            seen.add(phrase)
            for j in range(count):
                seed += 1
                clips.append(Clip(group, phrase, label, "answer",
                                  voices[(i * CLIPS_PER_PHRASE + j + g) % len(voices)],
                                  CONDITIONS[(i + j + g) % len(CONDITIONS)], seed))
        for i, phrase in enumerate(OFF_LIST):
            if match_answer(phrase, answers).label is not None:
                raise SystemExit(f"off-list phrase {phrase!r} answers {group}: remove it")
            for j in range(CLIPS_PER_OFF_LIST):
                seed += 1
                clips.append(Clip(group, phrase, None, "off-list",
                                  voices[(i * 7 + j * 3 + len(group)) % len(voices)],
                                  CONDITIONS[(i + 2 * j + len(group)) % len(CONDITIONS)], seed))
        for i in range(SILENCE_CLIPS):
            seed += 1
            clips.append(Clip(group, f"silence {i}", None, "silence", "-",
                              CONDITIONS[i % len(CONDITIONS)], seed))
    for g, (group, (_, answers)) in enumerate(grammar_groups().items()):
        for i, phrase in enumerate(SHORT_OFF_LIST):
            if SPEECH_COMMANDS & set(phrase.split()):
                raise SystemExit(f"short off-list phrase {phrase!r} holds a Speech Commands "
                                 "word: remove it")
            if match_answer(phrase, answers).label is not None:
                raise SystemExit(f"off-list phrase {phrase!r} answers {group}: remove it")
            for j in range(CLIPS_PER_SHORT):
                k = (i * CLIPS_PER_SHORT + j) * len(grammar_groups()) + g
                clips.append(Clip(group, phrase, None, "off-list", voices[k % len(voices)],
                                  CONDITIONS[(k // len(voices) + k) % len(CONDITIONS)],
                                  SHORT_SEEDS + k))
    return clips


SPEECH_DBFS = -20.0
"""A typical level of the listener voices' speech, for noise-only turns at an SNR."""

BEFORE = (0.2, 0.3)
"""Seconds of room noise before the speech: the ear's 256 ms pre-roll from a detected start
a few ms after the true one."""
AFTER_CHECKED = (0.1, 0.35)
"""Seconds after the speech in the audio the ear's completeness check decodes (96 ms of
detected pause + ~0.1 s detector lag, later in noise): an answer that check does not reject
is decided on this very audio (voicepiece/listening/ear.py)."""
AFTER_WAITED = (0.65, 0.95)
"""Seconds after the speech when the check rejected and the ear waited out the long
(incomplete) silence of 0.7 s."""
END_DB = 40.0
"""Speech spans the 10 ms frames within this many dB of the loudest (as
scripts/bench_listening.py cuts it): the TTS engines' own quiet lead-in and tail (up to
0.25 s and 0.4 s) are not speech, and left in they would lengthen the silences."""


def trim(pcm: bytes) -> bytes:
    """The speech of a synthesized phrase without the engine's quiet lead-in and tail."""
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    frame = LISTENING_RATE // 100
    usable = len(x) // frame * frame
    if usable == 0:
        return pcm
    rms = np.sqrt(np.mean(x[:usable].reshape(-1, frame) ** 2, axis=1))
    loud = np.nonzero(rms >= rms.max() * 10 ** (-END_DB / 20))[0]
    if loud.size == 0:
        return pcm
    return pcm[loud[0] * frame * 2:min(len(x), (loud[-1] + 1) * frame) * 2]


def clip_audio(clip: Clip) -> tuple[bytes, bytes]:
    """The clip as the ear hands it over twice: cut for the completeness check, and after
    the long silence. The first is the start of the second, as it is live."""
    rng = random.Random(clip.seed)
    before = rng.uniform(*BEFORE)
    checked, waited = rng.uniform(*AFTER_CHECKED), rng.uniform(*AFTER_WAITED)
    if clip.kind == "silence":  # a turn the endpointer should not have passed on
        level = None if clip.snr is None else SPEECH_DBFS - clip.snr
        audio = lv.noise(before + 0.6 + waited, clip.seed, level)
    else:
        speech = trim(lv.speak(clip.text, clip.voice))
        audio = lv.add_noise(lv.pad(speech, before, waited, clip.seed), clip.snr, clip.seed + 1)
    cut = len(audio) // 2 - round((waited - checked) * LISTENING_RATE)
    return audio[:cut * 2], audio

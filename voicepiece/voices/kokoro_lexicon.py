"""How Kokoro says the names in the her essay, which its espeak-ng phonemizer gets wrong.

Kokoro reads phonemes, not letters: kokoro-onnx turns text into IPA with espeak-ng, which
says "Joaquin" as *JOH-kwin*, "Jonze" as *Johns* and "Johansson" with the stress on its
first syllable, and reads the film's title *her* as the unstressed pronoun. Respelling
the text would change the captions and the transcript, so instead the text is phonemized
piecewise: each lexicon entry is replaced by its own phonemes, the text between entries
goes through the phonemizer as before.

The title *her* is told from the pronoun by its context: after "film", "movie" or
"called", after a dash at the end of a line ("… that matters – her!"), or lower case at
the start of a line (the essay writes the title in lower case; a sentence's pronoun would
be capitalised).
"""

from __future__ import annotations

import re
from collections.abc import Callable

LEXICON: dict[str, str] = {
    "Joaquin": "wɑːkˈiːn",
    "Phoenix": "fˈiːnɪks",
    "Spike": "spˈaɪk",
    "Jonze": "dʒˈoʊnz",
    "Scarlett": "skˈɑːɹlɪt",
    "Johansson": "dʒoʊhˈænsən",
    "Theodore": "θˈiːədˌɔːɹ",
}
"""Names → US English phonemes in Kokoro's alphabet (misaki's IPA)."""

TITLE_HER = "hˈɜːɹ"
"""The film's title, stressed and with its full vowel: not the reduced pronoun."""

_POSSESSIVE = r"(?P<pos>['’]s)?"
_NAMES = re.compile(r"\b(?P<name>" + "|".join(LEXICON) + r")\b" + _POSSESSIVE)
_TITLE = re.compile(r"(?:(?<=\bfilm )|(?<=\bmovie )|(?<=\bcalled )|(?<=[–—-] )|^)"
                    r"(?P<title>her)\b" + _POSSESSIVE + r"(?P<end>[!.?]?\s*$)?")
_SPACE_BEFORE_MARK = re.compile(r"\s+([,.;:!?…])")


def _title_here(match: re.Match[str]) -> bool:
    """A dash only marks the title at the end of a line (after it, a pronoun can follow:
    "– her voice")."""
    before = match.string[:match.start()].rstrip()
    if before.endswith(("–", "—", "-")):
        return match.group("end") is not None
    return True


def _possessive(phonemes: str) -> str:
    """'s after a name: /ɪz/ after a hissing sound, else /z/."""
    return phonemes + ("ᵻz" if phonemes.endswith(("s", "z", "ʃ", "ʒ", "tʃ", "dʒ")) else "z")


def entries(text: str) -> list[tuple[int, int, str]]:
    """Where the lexicon applies in ``text``: (start, end, phonemes), in order."""
    found: list[tuple[int, int, str]] = []
    for match in _NAMES.finditer(text):
        phonemes = LEXICON[match.group("name")]
        found.append((match.start(), match.end(),
                      _possessive(phonemes) if match.group("pos") else phonemes))
    for match in _TITLE.finditer(text):
        if _title_here(match):
            end = match.end("pos") if match.group("pos") else match.end("title")
            found.append((match.start(), end,
                          _possessive(TITLE_HER) if match.group("pos") else TITLE_HER))
    return sorted(found)


def phonemize(text: str, phonemizer: Callable[[str], str]) -> str:
    """``text`` as Kokoro phonemes: lexicon entries from the lexicon, the rest through
    ``phonemizer`` (kokoro-onnx's espeak-ng), joined as the phonemizer would have."""
    pieces: list[str] = []
    at = 0
    for start, end, phonemes in entries(text):
        if text[at:start].strip():
            pieces.append(phonemizer(text[at:start]))
        pieces.append(phonemes)
        at = end
    if text[at:].strip():
        pieces.append(phonemizer(text[at:]))
    joined = " ".join(piece.strip() for piece in pieces if piece.strip())
    return _SPACE_BEFORE_MARK.sub(r"\1", joined)

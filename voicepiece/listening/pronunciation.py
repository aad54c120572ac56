"""Pronunciations for words the decoder's dictionary lacks (a piece's names, coinages):
espeak-ng's own pronunciation mapped from IPA to the model's phone set when espeak-ng is
installed, else a crude spelling rule — so an author's unusual answer can still be heard."""

from __future__ import annotations

import shutil
import subprocess

__all__ = ["guess_pronunciation"]

_IPA = {
    "tʃ": "CH", "dʒ": "JH", "eɪ": "EY", "aɪ": "AY", "aʊ": "AW", "ɔɪ": "OY", "oʊ": "OW",
    "əʊ": "OW", "ɪə": "IH R", "eə": "EH R", "ʊə": "UH R", "iː": "IY", "i": "IY", "ɪ": "IH",
    "ᵻ": "IH", "e": "EH", "ɛ": "EH", "æ": "AE", "a": "AE", "ɑː": "AA", "ɑ": "AA", "ɒ": "AA",
    "ɔː": "AO", "ɔ": "AO", "o": "OW", "ʊ": "UH", "uː": "UW", "u": "UW", "ʌ": "AH", "ə": "AH",
    "ɚ": "ER", "ɜː": "ER", "ɜ": "ER", "p": "P", "b": "B", "t": "T", "d": "D", "k": "K",
    "ɡ": "G", "g": "G", "f": "F", "v": "V", "θ": "TH", "ð": "DH", "s": "S", "z": "Z",
    "ʃ": "SH", "ʒ": "ZH", "h": "HH", "m": "M", "n": "N", "ŋ": "NG", "l": "L", "ɫ": "L",
    "r": "R", "ɹ": "R", "w": "W", "j": "Y", "ɾ": "T", "ʔ": "T", "x": "K", "ç": "HH",
}
_IPA_IGNORED = set("ˈˌːˑ.‿-_ ̃͡")

_LETTERS = {
    "a": "AE", "b": "B", "c": "K", "d": "D", "e": "EH", "f": "F", "g": "G", "h": "HH",
    "i": "IH", "j": "JH", "k": "K", "l": "L", "m": "M", "n": "N", "o": "AA", "p": "P",
    "q": "K", "r": "R", "s": "S", "t": "T", "u": "AH", "v": "V", "w": "W", "x": "K S",
    "y": "IY", "z": "Z",
}
_DIGRAPHS = {"ch": "CH", "sh": "SH", "th": "TH", "ph": "F", "ng": "NG", "ck": "K",
             "ee": "IY", "oo": "UW", "ou": "AW", "ai": "EY", "ay": "EY", "ea": "IY",
             "oa": "OW", "qu": "K W", "wh": "W"}


def guess_pronunciation(word: str) -> list[str]:
    """Phones for a word the dictionary lacks: espeak-ng's own pronunciation (IPA mapped
    to the model's phone set) when espeak-ng is installed, else a crude spelling rule."""
    return _espeak_phones(word) or _letter_phones(word)


def _espeak_phones(word: str) -> list[str]:
    program = shutil.which("espeak-ng")
    if program is None:
        return []
    done = subprocess.run([program, "-q", "--ipa", "-v", "en-us", "--", word],
                          capture_output=True, timeout=10, check=False)
    ipa = done.stdout.decode(errors="replace").strip()
    phones: list[str] = []
    i = 0
    while i < len(ipa):
        if ipa[i] in _IPA_IGNORED or ipa[i].isspace():
            i += 1
            continue
        if ipa[i] == "\u0329":  # syllabic consonant: a schwa before it
            phones.insert(len(phones) - 1, "AH")
            i += 1
            continue
        for size in (2, 1):
            if ipa[i:i + size] in _IPA:
                phones.extend(_IPA[ipa[i:i + size]].split())
                i += size
                break
        else:
            return []  # a sound this table does not know: do not guess half a word
    return phones


def _letter_phones(word: str) -> list[str]:
    phones: list[str] = []
    letters = "".join(ch for ch in word.lower() if ch.isalpha())
    i = 0
    while i < len(letters):
        pair = letters[i:i + 2]
        if pair in _DIGRAPHS:
            phones.extend(_DIGRAPHS[pair].split())
            i += 2
            continue
        if not (letters[i] == "e" and i == len(letters) - 1 and i > 1):  # silent final e
            phones.extend(_LETTERS.get(letters[i], "").split())
        if i + 1 < len(letters) and letters[i + 1] == letters[i]:
            i += 1  # a doubled letter is one sound
        i += 1
    return phones

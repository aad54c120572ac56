"""espeak-ng's voices as a user names them: the catalogue of voices and variants read
once from espeak, and the resolution of a name to the spec espeak accepts, refusing the
names and variants espeak would silently ignore."""

from __future__ import annotations

import ctypes
import difflib
from dataclasses import dataclass
from types import ModuleType

from voicepiece.errors import VoicepieceError

LIST_HINT = (
    "list the installed voices with `espeak-ng --voices` and variants with "
    "`espeak-ng --voices=variant` (e.g. en-us, en-gb, en-us+f3)"
)


@dataclass(frozen=True)
class Catalogue:
    """espeak's voices, read once: espeak rebuilds its list on every query and is not
    safe to query while it synthesizes."""

    voices: list[tuple[str, str]]  # (id, human name)
    variants: list[tuple[str, str]]  # ("+f3", human name)
    aliases: dict[str, str]  # lower-case name a user may write -> espeak identifier
    variant_names: dict[str, str]  # lower-case -> file name: espeak opens "!v/<name>"


def read_catalogue(espeak: ModuleType) -> Catalogue:
    """espeak's voices and variants, and every name a user may give one; call with
    espeak idle."""
    entries = [
        (v.identifier.decode(), v.name.decode(), (v.languages or b"\0")[1:].decode())
        for v in espeak.ListVoices(None)
    ]
    spec = espeak.VOICE()
    spec.languages = b"variant"
    variant_entries = [
        (v.identifier.decode(), v.name.decode())
        for v in espeak.ListVoices(ctypes.pointer(spec))
    ]
    aliases: dict[str, str] = {}
    # Language codes win over file names, which win over display names: "en" is the
    # file gmw/en (British), but "en-us" must mean the language, not a file search.
    for identifier, _name, language in entries:
        if language:
            aliases.setdefault(language.lower(), identifier)
    for identifier, _name, _language in entries:
        aliases.setdefault(identifier.lower(), identifier)
        aliases.setdefault(identifier.rsplit("/", 1)[-1].lower(), identifier)
    for identifier, name, _language in entries:
        aliases.setdefault(name.lower(), identifier)
        aliases.setdefault(name.replace(" ", "_").lower(), identifier)
    voices = []
    for identifier, name, language in entries:
        voice_id = language.lower()
        if aliases.get(voice_id) != identifier:
            voice_id = identifier.rsplit("/", 1)[-1].lower()
        voices.append((voice_id, name))
    variants = [
        ("+" + identifier.split("/", 1)[-1], f"variant {name}")
        for identifier, name in variant_entries
    ]
    return Catalogue(
        voices=sorted(voices),
        variants=sorted(variants, key=lambda item: item[0].lower()),
        aliases=aliases,
        variant_names={v[0][1:].lower(): v[0][1:] for v in variants},
    )


def resolve_voice(catalogue: Catalogue, name: str) -> str:
    """Map a user's voice name to the spec espeak accepts, refusing what espeak would
    silently ignore (unknown names and variants)."""
    base, plus, variant = name.strip().partition("+")
    identifier = catalogue.aliases.get(base.lower())
    if identifier is None:
        ids = [voice_id for voice_id, _name in catalogue.voices]
        close = difflib.get_close_matches(base.lower(), ids, n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise VoicepieceError(f"unknown espeak voice {name!r}{hint}; {LIST_HINT}")
    if not plus:
        return identifier
    real_variant = catalogue.variant_names.get(variant.lower())
    if real_variant is None:
        known = sorted(catalogue.variant_names.values())
        close = difflib.get_close_matches(variant, known, n=3)
        hint = f" (did you mean {', '.join('+' + c for c in close)}?)" if close else ""
        raise VoicepieceError(
            f"unknown espeak voice variant '+{variant}' in voice {name!r}{hint}; {LIST_HINT}"
        )
    return f"{identifier}+{real_variant}"

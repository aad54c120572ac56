"""The pure story core: the piece format (YAML source, JSON Schema, loader, checks and the
walks they make, the path count, model), the story machine that decides where a session
goes, the phrases each answer can be heard as, answer matching and its wording, and the
story map.

It does no I/O beyond reading a piece file, and imports nothing of voicepiece but
:mod:`voicepiece.errors` — every other layer builds on it.
"""

"""Sound at the edges of a live session: playback to a speaker, the listening cue and
the virtual devices the tests and benchmarks use.

It imports nothing of voicepiece but :mod:`voicepiece.errors`; voices, listening, the
archive and the gallery build on it.
"""

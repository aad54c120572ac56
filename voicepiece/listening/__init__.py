"""Speech in: audio sources, voice activity and endpointing, calibration to the room,
grammar recognition (the pocketsphinx binding, grammars, pronunciations, denoising) with
its verifier, the optional recognizers (each in its own module, imported lazily), and the
ear that puts them together behind the session's ``Ear`` protocol. Synthetic listeners
(``listener_voices``) speak replies for renders, tests and benchmarks.

It may import the story core, the session's events and seams, :mod:`voicepiece.audio`
and the helpers at the top (errors, files); never voices (its peer), the archive, the
gallery or a command.
"""

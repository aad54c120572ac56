"""The assembly of live parts: the narrator's voice, the ear, the recorder and the gallery
station's seams, built from a command's options or a gallery configuration.

``run``, ``render`` and ``gallery`` wire the same engines and devices together — a
microphone opened per turn, its voice detector and calibration, a recognizer loaded and
warmed up, the narrator with its lines rendered ahead, a speaker — and this package is the
one place that does it, so the three cannot drift apart. The commands only parse their
arguments and call in here.

It sits above every other layer and may import any of them (errors, files, audio, story,
session, voices, listening, archive, gallery), never the commands or the CLI. Heavy
modules are imported inside the functions that need them, so the CLI starts fast.
"""

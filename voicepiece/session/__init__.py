"""The session: the one loop that speaks and listens (:mod:`~voicepiece.session.loop`),
the events and seams (``Voice``, ``Ear``, ``Heard``) it talks through
(:mod:`~voicepiece.session.events`), and text mode (:mod:`~voicepiece.session.textmode`).

It may import the story core and :mod:`voicepiece.errors`; never the audio edges
(voices, listening, audio), what a session leaves (archive), the gallery or a command.
"""

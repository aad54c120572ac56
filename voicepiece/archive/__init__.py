"""What a session leaves behind: the recorder that observes a session, its streaming
mixdown, mastering, ``session.json`` and ``transcript.txt``, captions, the repair of a
crashed session, the sessions folder (listing, export, purge) and replay.

It may import the story core, the session's events, the audio edges and the helpers at
the top of the package (errors, files); never the gallery or a command.
"""

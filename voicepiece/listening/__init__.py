"""Listening: audio sources, voice activity and endpointing, grammar recognition with
rejection, and the ear that puts them together behind the session's ``Ear`` protocol."""

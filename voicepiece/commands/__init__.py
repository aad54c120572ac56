"""One module per ``voicepiece`` command; each adds its own parser, parses its arguments
and calls into the layers below — the assembly of live parts for anything with devices or
engines. Commands hold no device code and no logic of their own.

A command may import any layer; nothing in the package imports a command.
"""

"""voicepiece: spoken, interactive narrative that listens."""

__version__ = "0.1.0"

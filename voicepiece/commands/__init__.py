"""One module per `voicepiece` command; each adds its own parser."""

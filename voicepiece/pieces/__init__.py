"""Built-in pieces, shipped as package data."""

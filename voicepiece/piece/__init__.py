"""Pieces: the YAML format, its loader and its checks."""

from voicepiece.piece.loader import load_piece, parse_piece, resolve
from voicepiece.piece.model import Answer, Line, Listen, Node, Piece

__all__ = ["Answer", "Line", "Listen", "Node", "Piece", "load_piece", "parse_piece", "resolve"]

"""Locate where a written summary is said in a transcript. No I/O.

(Engine under construction: the interface below is stable.)
"""

from __future__ import annotations

from dataclasses import dataclass

from .transcript import Transcript
from .video import deep_link

__all__ = ["Match", "Locator", "locate"]


@dataclass(frozen=True)
class Match:
    """One place where the text is said.

    ``start`` is where an editor would link (a caption start: the host's question leading
    in, or where the answer begins); ``core_start`` is where the summarised content begins;
    ``end`` estimates where the passage ends. ``score`` is 0..1; ``confident`` says the text
    really is said here.
    """

    start: float
    end: float
    core_start: float
    score: float
    confident: bool
    text: str
    url: str


class Locator:
    """An index over one transcript, built once and reused for many queries."""

    def __init__(self, transcript: Transcript):
        self.transcript = transcript

    def locate(self, text: str, top: int = 5) -> list[Match]:
        raise NotImplementedError


def locate(transcript: Transcript, text: str, top: int = 5) -> list[Match]:
    """Best-first places where ``text`` is said in ``transcript``."""
    return Locator(transcript).locate(text, top=top)

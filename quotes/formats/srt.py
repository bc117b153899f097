"""SubRip (.srt) and SubViewer (.sbv, YouTube Studio's download) captions.

Read as players read them: a caption that cannot be read (its number or time range mistyped, its
end before its start) is skipped and noted, and the file is refused only when nothing in it can
be read.
"""

from __future__ import annotations

import html
import re

from ..errors import TranscriptFormatError
from ..transcript import Segment
from .cues import (
    SRT_INDEX,
    TIMING,
    Parsed,
    Skipped,
    clock_ms,
    cue_segments,
    parse_timing,
    shorten,
    split_lines,
)
from .speakers import typed_speakers

_SRT_EXAMPLE = "00:01:02,500 --> 00:01:04,000"

# SubRip has no standard for markup; players show the tags they know (<i>, <b>, <u>, <s>,
# <font ...>, and the WebVTT ones converters leave in) as styles and any other text in angle
# brackets as written ("<LAUGHING & WHOOPS!>"). ASS override blocks ({\an8}) are codes; ASS's
# \N (and \n) break the line and \h is a hard space.
_SRT_TAG = re.compile(
    r"</?(?:[ibus]|font|c|v|lang|ruby|rt|span)(?:[\s.][^<>]*)?>|<[ \t]*\d[\d:.]*[ \t]*>|\{\\[^{}]*\}", re.I
)
_ASS_BREAK = re.compile(r"\\[Nn]")


def _srt_markup(line: str) -> str:
    """A line of SRT text without its markup, entities decoded."""
    line = _ASS_BREAK.sub("\n", _SRT_TAG.sub("", line)).replace("\\h", " ")
    return html.unescape(line)


class _SrtReader:
    """The captions of a SubRip file, caption by caption; what cannot be read is skipped."""

    def __init__(self, text: str, filename: str) -> None:
        self.lines = split_lines(text)
        self.filename = filename
        self.cues: list[tuple[int, int, list[str]]] = []
        self.skipped: list[Skipped] = []
        self.last_filled = max((i for i, line in enumerate(self.lines) if line.strip()), default=-1)

    def read(self) -> Parsed:
        i, n = 0, len(self.lines)
        while i < n:
            i = self.caption(i) if self.lines[i].strip() else i + 1
        segments = typed_speakers(cue_segments(self.cues, _srt_markup))
        return Parsed(segments=segments, skipped=self.skipped).readable(self.filename)

    def is_timing(self, i: int) -> bool:
        return i < len(self.lines) and bool(TIMING.match(self.lines[i]))

    def starts_caption(self, i: int) -> bool:
        """Whether line ``i`` opens a caption: a number over a timing line, or a timing line."""
        return (SRT_INDEX.match(self.lines[i]) is not None and self.is_timing(i + 1)) or self.is_timing(i)

    def caption(self, i: int) -> int:
        """Read the caption whose first line is ``i``; the index of the line after it."""
        lines = self.lines
        if SRT_INDEX.match(lines[i]):
            timing_at = i + 1
            if timing_at >= len(lines) or not lines[timing_at].strip():
                got = "end of file" if timing_at > self.last_filled else "a blank line"
                return self.skip(i + 1, timing_at + 1, f"expected a time range like {_SRT_EXAMPLE}, got {got}")
        elif "-->" in lines[i]:
            timing_at = i  # caption number missing: some writers leave it out
        else:
            return self.skip(i, i + 1, f"expected a caption number, got {shorten(lines[i])!r}")
        try:
            start, end, _ = parse_timing(lines[timing_at], self.filename, timing_at + 1, _SRT_EXAMPLE)
        except TranscriptFormatError as exc:
            return self.skip(timing_at + 1, exc.line or timing_at + 1, exc.expected)
        i = timing_at + 1
        body: list[str] = []
        while i < len(lines) and lines[i].strip():
            # A number followed by a timing line is the next caption, even without a blank line.
            if SRT_INDEX.match(lines[i]) and self.is_timing(i + 1):
                break
            body.append(lines[i])
            i += 1
        self.cues.append((start, end, body))
        return i

    def skip(self, i: int, line: int, message: str) -> int:
        """Note the caption at ``line`` as skipped (``message``: what was expected); the index
        of the first line after it, from ``i``: the next blank line or the next caption."""
        self.skipped.append(Skipped(line, message))
        while i < len(self.lines) and self.lines[i].strip() and not self.starts_caption(i):
            i += 1
        return i


def read_srt(text: str, filename: str = "<srt>") -> Parsed:
    """The captions of a SubRip file and what was skipped (see ``_SrtReader``)."""
    return _SrtReader(text, filename).read()


def parse_srt(text: str, filename: str = "<srt>") -> list[Segment]:
    """Captions of a SubRip (.srt) file.

    >>> parse_srt("1\\n00:00:01,000 --> 00:00:02,500\\n<i>Hello</i> there\\n")
    [Segment(start=1.0, duration=1.5, text='Hello there')]
    >>> parse_srt("1\\n00:00:01 -> 00:00:02\\nHi\\n", "talk.srt")
    Traceback (most recent call last):
    ...
    quotes.errors.TranscriptFormatError: talk.srt:2: expected a time range like 00:01:02,500 --> 00:01:04,000, got '00:00:01 -> 00:00:02'
    """
    return read_srt(text, filename).segments


# YouTube Studio's SubViewer captions: "0:00:01.500,0:00:04.000", then the text, then a blank line.
SBV_TIMING = re.compile(r"^\s*(\d+):(\d{2}):(\d{2})\.(\d{1,3})\s*,\s*(\d+):(\d{2}):(\d{2})\.(\d{1,3})\s*$")
_SBV_EXAMPLE = "0:01:02.500,0:01:04.000"


def _sbv_timing(line: str) -> tuple[int, int] | str:
    """(start ms, end ms) of an SBV timing line, or what was expected instead."""
    m = SBV_TIMING.match(line)
    if not m:
        return f"expected a time range like {_SBV_EXAMPLE}, got {shorten(line)!r}"
    start, end = clock_ms(m.groups()[:4]), clock_ms(m.groups()[4:])
    if start is None or end is None:
        return f"expected minutes and seconds below 60, got {shorten(line)!r}"
    if end < start:
        return f"expected the end time after the start time, got {shorten(line)!r}"
    return start, end


def read_sbv(text: str, filename: str = "<sbv>") -> Parsed:
    """The captions of a SubViewer file and what was skipped: a caption whose time range
    cannot be read (or ends before it starts) is skipped, up to the next blank line."""
    lines = split_lines(text)
    cues: list[tuple[int, int, list[str]]] = []
    skipped: list[Skipped] = []
    i, n = 0, len(lines)
    while i < n:
        if not lines[i].strip():
            i += 1
            continue
        timing = _sbv_timing(lines[i])
        if isinstance(timing, str):
            skipped.append(Skipped(i + 1, timing))
        i += 1
        body: list[str] = []
        while i < n and lines[i].strip() and not SBV_TIMING.match(lines[i]):
            body.append(lines[i])
            i += 1
        if not isinstance(timing, str):
            cues.append((timing[0], timing[1], body))
    return Parsed(segments=typed_speakers(cue_segments(cues)), skipped=skipped).readable(filename)


def parse_sbv(text: str, filename: str = "<sbv>") -> list[Segment]:
    """Captions of a SubViewer (.sbv) file, as YouTube Studio downloads them.

    >>> parse_sbv("0:00:01.000,0:00:02.500\\n>> ANA: Hello there\\n")
    [Segment(start=1.0, duration=1.5, text='>> ANA: Hello there')]
    """
    return read_sbv(text, filename).segments

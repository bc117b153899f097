"""SubRip (.srt) and SubViewer (.sbv, YouTube Studio's download) captions."""

from __future__ import annotations

import re

from ..errors import TranscriptFormatError
from ..transcript import Segment
from .cues import SRT_INDEX, TIMING, clock_ms, cue_segments, parse_timing, shorten, split_lines
from .speakers import typed_speakers

_SRT_EXAMPLE = "00:01:02,500 --> 00:01:04,000"


def parse_srt(text: str, filename: str = "<srt>") -> list[Segment]:
    """Captions of a SubRip (.srt) file.

    >>> parse_srt("1\\n00:00:01,000 --> 00:00:02,500\\n<i>Hello</i> there\\n")
    [Segment(start=1.0, duration=1.5, text='Hello there')]
    >>> parse_srt("1\\n00:00:01 -> 00:00:02\\nHi\\n", "talk.srt")
    Traceback (most recent call last):
    ...
    quotes.errors.TranscriptFormatError: talk.srt:2: expected a time range like 00:01:02,500 --> 00:01:04,000, got '00:00:01 -> 00:00:02'
    """
    lines = split_lines(text)
    n = len(lines)

    def is_timing(i: int) -> bool:
        return i < n and bool(TIMING.match(lines[i]))

    cues: list[tuple[int, int, list[str]]] = []
    i = 0
    while i < n:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if SRT_INDEX.match(line):
            timing_at = i + 1
            if timing_at >= n or not lines[timing_at].strip():
                rest_blank = all(not rest.strip() for rest in lines[timing_at:])
                got = "end of file" if rest_blank else "a blank line"
                raise TranscriptFormatError(
                    filename, timing_at + 1, f"expected a time range like {_SRT_EXAMPLE}, got {got}"
                )
        elif "-->" in line:
            timing_at = i  # caption number missing: some writers leave it out
        else:
            raise TranscriptFormatError(
                filename, i + 1, f"expected a caption number, got {shorten(line)!r}"
            )
        start, end, _ = parse_timing(lines[timing_at], filename, timing_at + 1, _SRT_EXAMPLE)
        i = timing_at + 1
        body: list[str] = []
        while i < n and lines[i].strip():
            # A number followed by a timing line is the next caption, even without a blank line.
            if SRT_INDEX.match(lines[i]) and is_timing(i + 1):
                break
            body.append(lines[i])
            i += 1
        cues.append((start, end, body))
    return typed_speakers(cue_segments(cues))


# YouTube Studio's SubViewer captions: "0:00:01.500,0:00:04.000", then the text, then a blank line.
SBV_TIMING = re.compile(r"^\s*(\d+):(\d{2}):(\d{2})\.(\d{1,3})\s*,\s*(\d+):(\d{2}):(\d{2})\.(\d{1,3})\s*$")
_SBV_EXAMPLE = "0:01:02.500,0:01:04.000"


def parse_sbv(text: str, filename: str = "<sbv>") -> list[Segment]:
    """Captions of a SubViewer (.sbv) file, as YouTube Studio downloads them.

    >>> parse_sbv("0:00:01.000,0:00:02.500\\n>> ANA: Hello there\\n")
    [Segment(start=1.0, duration=1.5, text='>> ANA: Hello there')]
    """
    lines = split_lines(text)
    cues: list[tuple[int, int, list[str]]] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        m = SBV_TIMING.match(line)
        if not m:
            raise TranscriptFormatError(
                filename, i + 1, f"expected a time range like {_SBV_EXAMPLE}, got {shorten(line)!r}"
            )
        start, end = clock_ms(m.groups()[:4]), clock_ms(m.groups()[4:])
        if start is None or end is None:
            raise TranscriptFormatError(
                filename, i + 1, f"expected minutes and seconds below 60, got {shorten(line)!r}"
            )
        if end < start:
            raise TranscriptFormatError(
                filename, i + 1, f"expected the end time after the start time, got {shorten(line)!r}"
            )
        i += 1
        body: list[str] = []
        while i < n and lines[i].strip() and not SBV_TIMING.match(lines[i]):
            body.append(lines[i])
            i += 1
        cues.append((start, end, body))
    return typed_speakers(cue_segments(cues))

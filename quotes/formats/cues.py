"""What the caption readers share: lines as an editor numbers them, clock times and timing
lines, markup, and the ``Parsed`` result a reader returns."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..errors import TranscriptFormatError
from ..transcript import Segment, Transcript

# A clock time: [h:]mm:ss[(,|.)fff]. Hours are optional because WebVTT allows "01:02.500" and
# some SRT writers drop them too; ',' and '.' are both accepted because writers mix them up;
# the fraction is optional, and may be short, because SRT writers write "00:01:39" and
# "00:01:41,04" (players read them).
CLOCK = r"(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[,.](\d{1,3}))?"
# "start --> end" then anything (WebVTT cue settings, SRT's X1:.. Y2:.. coordinates); WebVTT
# reads settings written straight after the end time ("00:02.000align:start") as settings too.
TIMING = re.compile(rf"^\s*{CLOCK}\s*-->\s*{CLOCK}(?:\s+(.*)|([A-Za-z].*))?\s*$")
SRT_INDEX = re.compile(r"^\s*\d+\s*$")

# Markup: any tag that starts like one (<i>, </c>, <c.colorE5E5E5>, <v Bob>, <font color=..>,
# inline timestamps, "< 00:01.000>" too) and ASS override blocks ({\an8}) that some SRT
# writers leave in.
TAG = re.compile(r"</?(?:[A-Za-z][^<>]*|[ \t]*\d[\d:.]*[ \t]*)>|\{\\[^{}]*\}")

# A language code as found in file names: en, de, pt-BR, zh-Hans, en-orig.
LANG_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")

# No video runs a week: a time past that is a typo or a damaged file, not a caption.
MAX_SECONDS = 7 * 24 * 3600

@dataclass(frozen=True)
class Skipped:
    """A part of a caption file a reader could not read and skipped, as players skip it: the
    1-based line it starts on and what was expected there."""

    line: int
    message: str


@dataclass
class Parsed:
    """What a parser found: segments, what it skipped, and what the file says about itself."""

    segments: list[Segment]
    language_code: str | None = None
    is_generated: bool | None = None
    transcript: Transcript | None = None  # our own stored format
    extra: dict[str, Any] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)

    def readable(self, filename: str) -> Parsed:
        """Itself, unless nothing in the file could be read but something was skipped: then
        the TranscriptFormatError of the first part skipped (a file is refused only when
        nothing in it can be read)."""
        if not self.segments and self.skipped:
            first = self.skipped[0]
            raise TranscriptFormatError(filename, first.line, first.message)
        return self


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: BOM dropped, CRLF and CR taken as line ends."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def strip_markup(text: str) -> str:
    """Text without tags; entities decoded (&amp; -> &)."""
    return html.unescape(TAG.sub("", text))


def shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def clock_ms(groups: tuple[str | None, ...]) -> int | None:
    """Whole milliseconds of one matched clock, None when minutes or seconds are 60 or more."""
    hours, minutes, seconds, fraction = groups
    if int(minutes) >= 60 or int(seconds) >= 60:
        return None
    # A fraction is a decimal fraction: ",5" is half a second, ",500" too.
    ms = int((fraction or "0").ljust(3, "0"))
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + ms


def parse_timing(line: str, filename: str, lineno: int, example: str) -> tuple[int, int, str]:
    """(start ms, end ms, settings) of a timing line, or TranscriptFormatError."""
    m = TIMING.match(line)
    if not m:
        raise TranscriptFormatError(
            filename, lineno, f"expected a time range like {example}, got {shorten(line)!r}"
        )
    start, end = clock_ms(m.groups()[0:4]), clock_ms(m.groups()[4:8])
    if start is None or end is None:
        raise TranscriptFormatError(
            filename, lineno, f"expected minutes and seconds below 60, got {shorten(line)!r}"
        )
    if end < start:
        raise TranscriptFormatError(
            filename, lineno, f"expected the end time after the start time, got {shorten(line)!r}"
        )
    return start, end, m.group(9) or m.group(10) or ""


def make_segment(start_ms: int, end_ms: int, text: str) -> Segment:
    return Segment(start=start_ms / 1000, duration=(end_ms - start_ms) / 1000, text=text)


def join_lines(lines: list[str], strip: Callable[[str], str] = strip_markup) -> str:
    """Caption lines as one text, markup removed (by ``strip``), line breaks kept (as YouTube
    gives them)."""
    stripped = [strip(line).strip() for line in lines]
    return "\n".join(line for line in stripped if line)


def cue_segments(
    cues: list[tuple[int, int, list[str]]], strip: Callable[[str], str] = strip_markup
) -> list[Segment]:
    """Segments of (start ms, end ms, lines) cues, empty ones dropped. Whisper's
    ``--highlight_words`` writes a cue's text again for every word, that word underlined
    (``<u>``): such a run of cues is one caption, said once."""
    kept: list[list] = []  # [start, end, text, underlined]
    for start, end, lines in cues:
        text = join_lines(lines, strip)
        if not text:
            continue
        underlined = any("<u>" in line for line in lines)
        # (Between two words Whisper may show the text with nothing underlined.)
        if kept and (underlined or kept[-1][3]) and kept[-1][2] == text and start <= kept[-1][1] + 1:
            kept[-1][1] = max(kept[-1][1], end)
            kept[-1][3] = True
        else:
            kept.append([start, end, text, underlined])
    return [make_segment(start, end, text) for start, end, text, _ in kept]

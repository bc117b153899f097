"""Timestamped text as people copy or export it: YouTube's "Show transcript" panel, a time
opening each line, Otter's and Rev's speaker headers, Whisper's console ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import TranscriptFormatError
from ..transcript import Segment
from .cues import Parsed, make_segment, shorten, split_lines
from .speakers import is_name, mark_speaker, speaker_label

# A time as transcript pages print it: M:SS, MM:SS or H:MM:SS, a fraction optional (0:05.5).
_TEXT_TIME = r"\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_TEXT_CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d{2})(?:[.,](\d{1,3}))?$")
# A time, or a range of two ("0:05 - 0:09", Whisper's console "[00:05.000 --> 00:09.000]",
# whisper-timestamped's "[00:05.000 -> 00:09.000]").
_TEXT_RANGE = rf"({_TEXT_TIME})(?:[ \t]*(?:-->|->|[-\u2013\u2014]|to)[ \t]*({_TEXT_TIME}))?"
# A line opening with a time, bare, in [] or in (); then the caption's first text, perhaps
# after a dash or a bar ("0:05 - text", "[00:12] | text").
_TEXT_OPENS = re.compile(
    rf"^[ \t]*(?:\[[ \t]*{_TEXT_RANGE}[ \t]*\]|\([ \t]*{_TEXT_RANGE}[ \t]*\)|{_TEXT_RANGE}(?=\s|$|:\s))"
    r"[ \t]*(?:[-\u2013\u2014|:](?=[ \t]|$))?[ \t]*(.*)$"
)
# A speaker's name, then the time: Otter's "Jane Doe  0:05", Rev's "Speaker 1 (00:05):".
_TEXT_HEADER = re.compile(
    rf"^[ \t]*([^\s\d:\[\]()][^:\[\]()]{{0,60}}?)(?:[ \t]+({_TEXT_TIME})|[ \t]*[\[(][ \t]*({_TEXT_TIME})[ \t]*[\])])"
    r"[ \t]*(:?)[ \t]*(.*)$"
)
# A speaker's name opening the text: "Speaker 1: welcome back", "Host: and what about".

# What YouTube's transcript panel writes under each time for screen readers, in English.
_SPOKEN_DURATION = re.compile(r"\d+ (?:hours?|minutes?|seconds?)(?:,? \d+ (?:minutes?|seconds?))*", re.I)
# Otter's free plan ends its exports with this line.
_OTTER_FOOTER = re.compile(r"^\s*transcribed by\s+\S*otter\.ai\S*\s*$", re.I)
# At most this many lines (a title, a date, a list of speakers) may come before the first time.
TEXT_PREAMBLE = 10
_TEXT_EXAMPLE = "0:05, 1:02:03 or [00:01:02]"
_WORDS_PER_SECOND = 2.5



@dataclass
class _TimeLine:
    start: str
    end: str | None
    name: str | None  # the speaker a header names
    rest: str  # text after the time, on the same line


def text_time_line(line: str) -> _TimeLine | None:
    """The time (and speaker) a line of a timestamped transcript opens a caption with, or None."""
    m = _TEXT_OPENS.match(line)
    if m:
        g = m.groups()
        start, end = next((g[i], g[i + 1]) for i in (0, 2, 4) if g[i] is not None)
        return _TimeLine(start, end, None, g[6].strip())
    m = _TEXT_HEADER.match(line)
    if m:
        name, bare, bracketed, colon, rest = m.groups()
        # After a bare time nothing may follow ("we met at 10:30 today" is text); after a
        # bracketed one, text may follow a colon ("Speaker 1 (00:05): Hello").
        if (rest and (bare is not None or not colon)) or not is_name(name):
            return None
        return _TimeLine(bare or bracketed, None, name.strip(), rest.strip())
    return None


def _text_ms(token: str, filename: str, lineno: int, line: str) -> int:
    hours, minutes, seconds, fraction = _TEXT_CLOCK.match(token).groups()
    # Without hours, minutes may run past 59 ("75:12"), as some podcast pages write them.
    if int(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
        raise TranscriptFormatError(
            filename, lineno, f"expected minutes and seconds below 60, got {shorten(line.strip())!r}"
        )
    ms = int((fraction or "0").ljust(3, "0"))
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + ms




@dataclass
class _TextCue:
    start: int
    end: int | None
    lines: list[str]
    name: str | None
    alone: bool = False  # its time stood alone on its line (YouTube's panel layout)


def _drop_panel_chapters(cues: list[_TextCue], panel_copy: bool = False) -> None:
    """YouTube's transcript panel, copied, puts each chapter's title on a line of its own
    before the chapter's first time, where it reads as a second line of the caption before.
    In that layout every caption is one line: in a file that shows it is such a copy (the
    spoken times under its times), or where nearly all captions are one line, a second line
    is a title."""
    panel = [cue for cue in cues if cue.alone and not cue.name]
    if not panel or len(panel) < 0.9 * len(cues):
        return
    single = sum(1 for cue in panel if len(cue.lines) == 1)
    if not panel_copy and (len(panel) < 5 or single < 0.9 * len(panel)):
        return
    for cue in panel:
        del cue.lines[1:]


def read_text(text: str, filename: str) -> Parsed:
    lines = split_lines(text)
    filled = [i for i, line in enumerate(lines) if line.strip()]
    generated = None
    if filled and _OTTER_FOOTER.match(lines[filled[-1]]):
        lines, generated = lines[: filled[-1]], True
    cues: list[_TextCue] = []
    preamble: list[int] = []  # indexes of the lines before the first time
    panel_copy = False  # YouTube's panel, by the spoken times it copies
    last_line, last_time = 0, ""
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        head = text_time_line(line)
        if head is None and cues and not cues[-1].lines and _SPOKEN_DURATION.fullmatch(line.strip()):
            panel_copy = True
            continue  # YouTube's panel copies a time's words for screen readers: "1 minute, 15 seconds"
        if head is None:
            if cues:
                cues[-1].lines.append(line.strip())
                continue
            # Text before the first time: a title, a date, a list of speakers. Skipped, but
            # not without end: a file of text with a time somewhere is no transcript.
            preamble.append(i)
            if len(preamble) > TEXT_PREAMBLE:
                break
            continue
        start = _text_ms(head.start, filename, i + 1, line)
        end = None if head.end is None else _text_ms(head.end, filename, i + 1, line)
        if end is not None and end < start:
            raise TranscriptFormatError(
                filename, i + 1, f"expected the end time after the start time, got {shorten(line.strip())!r}"
            )
        if cues and start < cues[-1].start:
            raise TranscriptFormatError(
                filename,
                i + 1,
                f"expected a time at or after {last_time} (line {last_line}), got {shorten(line.strip())!r}",
            )
        cues.append(_TextCue(start, end, [head.rest] if head.rest else [], head.name, alone=not head.rest))
        last_line, last_time = i + 1, head.start
    if not cues and preamble:
        first = lines[preamble[0]].strip()
        raise TranscriptFormatError(
            filename,
            preamble[0] + 1,
            f"expected a time like {_TEXT_EXAMPLE} in the first {TEXT_PREAMBLE} lines, got {shorten(first)!r}",
        )
    _drop_panel_chapters(cues, panel_copy)
    return Parsed(segments=_text_segments(cues), is_generated=generated)


def _text_segments(cues: list[_TextCue]) -> list[Segment]:
    """Segments of timestamped text: each caption runs to the next time (or the end it
    gives); the last one for as long as its words take to say. A speaker named at a change
    of speaker is marked so (``NAME: ``); the same speaker again is not marked."""
    out = []
    speaker = None
    for k, cue in enumerate(cues):
        body = list(cue.lines)
        name = cue.name
        label = speaker_label(body[0]) if name is None and body else None
        if label:
            name, body[0] = label
        body = [line for line in body if line]
        if not body:
            continue
        if cue.end is not None:
            end = cue.end
        elif k + 1 < len(cues):
            end = cues[k + 1].start
        else:
            words = len(" ".join(body).split())
            end = cue.start + max(1000, round(words * 1000 / _WORDS_PER_SECOND))
        if name is not None:
            body[0], speaker = mark_speaker(body[0], name, speaker)
        out.append(make_segment(cue.start, end, "\n".join(body)))
    return out


def parse_text(text: str, filename: str = "<text>") -> list[Segment]:
    """Captions of a timestamped transcript as people copy or export it: YouTube's "Show
    transcript" panel (a time on its own line, then the text), a time opening each line
    (``0:05 text``, ``[00:00:12] Speaker 1: text``, ``(00:15) text``) or Otter's speaker
    headers (``Jane Doe  0:05`` over a paragraph). Each caption runs to the next time.

    >>> parse_text("Transcript\\n0:00\\nwelcome back\\n0:04\\nHost: today, bees\\n")
    [Segment(start=0.0, duration=4.0, text='welcome back'), Segment(start=4.0, duration=1.0, text='HOST: today, bees')]
    """
    return read_text(text, filename).segments

"""WebVTT captions, YouTube's rolling auto-captions among them (each word read once)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import TranscriptFormatError
from ..transcript import Segment
from .cues import (
    LANG_CODE,
    SRT_INDEX,
    TIMING,
    Parsed,
    Skipped,
    cue_segments,
    join_lines,
    make_segment,
    parse_timing,
    shorten,
    split_lines,
)
from .speakers import typed_speakers

# YouTube auto-captions time each word inline: "so<00:00:00.320><c> today</c>".
_INLINE_TIME = re.compile(r"<(?:\d+:)?\d{2}:\d{2}\.\d{3}>")
_VOICE = re.compile(r"^\s*<v(?:\.[\w.-]+)?[ \t]+([^>]+)>")  # WebVTT voice: <v Bob>, <v.loud Bob>
_YOUTUBE_WORD_TIME = re.compile(r"<(?:\d+:)?\d{2}:\d{2}\.\d{3}><c>")

_VTT_EXAMPLE = "00:01:02.500 --> 00:01:04.000"
# A cue this short (YouTube writes 10 ms) only repeats text in rolling auto-captions.
_REPEAT_CUE = 0.011

_KEYWORD = re.compile(r"^(?:(?:NOTE|STYLE|REGION)(?:[ \t]|$)|Region:)")  # (Region: the old form of REGION)
_HEADER = re.compile(r"^WEBVTT(?:[ \t].*)?$")


def _opens_block(lines: list[str], i: int) -> bool:
    """Whether line ``i`` opens a block: a timing line, NOTE, STYLE or REGION, or a cue's
    identifier right above its timing line."""
    if i >= len(lines):
        return False
    if TIMING.match(lines[i]) or _KEYWORD.match(lines[i]):
        return True
    return bool(lines[i].strip()) and "-->" not in lines[i] and i + 1 < len(lines) and bool(TIMING.match(lines[i + 1]))


def _vtt_blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Blocks separated by empty lines: (index of first line, lines).

    An empty line ends a block, and so does a line of spaces before a line that opens one (as
    players read it; a Netflix file puts such lines between its cues), but no other line of
    spaces: YouTube writes lines holding a single space inside its cues.
    """
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 0
    for i, line in enumerate(lines):
        if line == "" or (not line.strip() and current and _opens_block(lines, i + 1)):
            if current:
                blocks.append((first, current))
                current = []
            continue
        if not current:
            first = i
        elif TIMING.match(line) and (first == 0 or _KEYWORD.match(current[0]) or any("-->" in c for c in current)):
            # A timing line inside a cue's text (or in the header, or a comment): the blank
            # line before it is missing. A number right above it is the cue's identifier, as
            # Zoom numbers cues, not the text before (as in SRT).
            moved = current[-1:] if len(current) > 1 and SRT_INDEX.match(current[-1]) else []
            blocks.append((first, current[: len(current) - len(moved)]))
            current, first = moved, i - len(moved)
        current.append(line)
    if current:
        blocks.append((first, current))
    return blocks


@dataclass
class _Cue:
    start: int
    end: int
    lines: list[str]


def _cue(first: int, block: list[str], filename: str) -> _Cue | Skipped | None:
    """The cue of a block that starts on line ``first`` (0-based); None for a block that holds
    no cue (NOTE, STYLE, REGION, a repeated WEBVTT header); Skipped for one whose timing
    cannot be read (none, mistyped, out of range, ending before it starts), as the WebVTT
    standard skips it."""
    head = block[0]
    if _KEYWORD.match(head) or _HEADER.match(head):
        return None  # (whisper-timestamped writes a second header)
    if "-->" in head:
        timing_at = 0
    elif len(block) > 1 and "-->" in block[1]:
        timing_at = 1  # after a cue identifier
    else:
        # No timing line: point at the line that was meant to be one, a mistyped timing
        # ("00:01.000 -> 00:02.000") or the line after an identifier.
        timing_at = 0 if len(block) == 1 or re.match(r"^\s*\d+:\d", head) else 1
    try:
        start, end, _ = parse_timing(block[timing_at], filename, first + timing_at + 1, _VTT_EXAMPLE)
    except TranscriptFormatError as exc:
        return Skipped(exc.line or first + 1, exc.expected)
    return _Cue(start, end, block[timing_at + 1 :])


def read_vtt(text: str, filename: str) -> Parsed:
    """The cues of a WebVTT file, and the blocks skipped because they could not be read."""
    lines = split_lines(text.replace("\0", "\ufffd"))  # (NUL is U+FFFD, as the standard says)
    if not _HEADER.match(lines[0]):
        raise TranscriptFormatError(
            filename, 1, f"expected 'WEBVTT' on the first line, got {shorten(lines[0])!r}"
        )
    blocks = _vtt_blocks(lines)
    header = blocks[0][1][1:]  # the first block is always the WEBVTT line and its header
    meta: dict[str, str] = {}
    for line in header:
        key, sep, value = line.partition(":")
        if sep and "-->" not in line:
            meta[key.strip().lower()] = value.strip()
    cues: list[_Cue] = []
    skipped: list[Skipped] = []
    for first, block in blocks[1:]:
        cue = _cue(first, block, filename)
        if isinstance(cue, Skipped):
            skipped.append(cue)
        elif cue is not None:
            cues.append(cue)
    # YouTube's rolling auto-captions time each word of a new line in a <c> span
    # ("<00:00:01.234><c> word</c>"); a typed file that times a few words (karaoke) is not rolling.
    rolling = any(_YOUTUBE_WORD_TIME.search(line) for cue in cues for line in cue.lines)
    segments = _rolling_segments(cues) if rolling else typed_speakers(cue_segments(_voice_changes(cues)))
    lang = meta.get("language")
    return Parsed(
        segments=segments,
        language_code=lang if lang and LANG_CODE.match(lang) else None,
        is_generated=True if rolling else None,
        skipped=skipped,
    ).readable(filename)


def _voice_changes(cues: list[_Cue]) -> list[tuple[int, int, list[str]]]:
    """Cues as (start, end, lines), a line whose voice (``<v Name>``) differs from the one
    before marked ``>>`` as YouTube marks a change of speaker: the tag itself is markup."""
    out = []
    voice = None
    for cue in cues:
        lines = []
        for line in cue.lines:
            m = _VOICE.match(line)
            if m:
                name = m.group(1).strip()
                if voice is not None and name != voice:
                    line = ">> " + line
                voice = name
            lines.append(line)
        out.append((cue.start, cue.end, lines))
    return out


def _rolling_segments(cues: list[_Cue]) -> list[Segment]:
    """One segment per new line of YouTube's rolling auto-captions, each word once.

    Each cue shows two lines: the line already said (repeated from the cue before) on top
    and the new line, whose words carry inline timings, below; between them YouTube puts a
    10 ms cue that shows only the finished line. A new line of a single word has no inline
    timing, so a cue without one contributes the lines that do not repeat what came before.
    """
    out: list[Segment] = []
    last = None  # the text of the last line we kept
    for cue in cues:
        raw = [line for line in cue.lines if line.strip()]
        timed = [line for line in raw if _INLINE_TIME.search(line)]
        if timed:
            new = [join_lines([line]) for line in timed]
        elif cue.end - cue.start <= _REPEAT_CUE * 1000:
            continue  # the 10 ms cue repeating the finished line
        else:
            new = [join_lines([line]) for line in raw]
            if new and new[0] == last:
                new = new[1:]
        new = [t for t in new if t]
        if new:
            out.append(make_segment(cue.start, cue.end, "\n".join(new)))
            last = new[-1]
    return out


def parse_vtt(text: str, filename: str = "<vtt>") -> list[Segment]:
    """Captions of a WebVTT file; YouTube's rolling auto-captions come out with each word once.

    >>> parse_vtt("WEBVTT\\n\\n01:02.000 --> 01:03.500 align:start\\n<c>Hi</c> &amp; bye\\n")
    [Segment(start=62.0, duration=1.5, text='Hi & bye')]
    """
    return read_vtt(text, filename).segments

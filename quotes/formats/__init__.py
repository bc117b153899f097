"""Caption files -> Transcript: SRT, WebVTT (YouTube's rolling auto-captions too), SBV, JSON, json3,
Whisper JSON, YouTube's timedtext XML (srv1, srv2, srv3), TTML/DFXP, and timestamped text as
people copy it from YouTube's "Show transcript" or export it from Otter and the like.

Lenient where real files are messy: a byte-order mark, CRLF line ends, a missing final blank
line or a missing blank line between cues, cue settings (``align:start position:0%``), WebVTT
times without hours (``01:02.500``), NOTE/STYLE/REGION blocks, markup (``<c>``, ``<i>``,
``<font>``) and HTML entities (escaped twice in YouTube's XML), a title before the first time
of a timestamped text. Strict where the data would be wrong: an unreadable or negative time, an
end before its start, a JSON or XML caption without text or start, timestamped text whose times
go back, malformed XML or XML declaring entities. Every such problem raises
``TranscriptFormatError(file, line, expected)`` naming the 1-based line and what was expected.

Caption text is kept as written (line breaks included) apart from markup; cleaning for matching
is ``Transcript.cleaned()``. The one exception is YouTube's rolling auto-caption WebVTT, where
each line is shown twice: its repeats are removed here, because only here do we know which
line of a cue is new (the one carrying word timings). Two more: TTML's white space collapses
as TTML shows it (only ``<br/>`` breaks a line), and the speaker names of timestamped text
(``Host: ...``, ``Jane Doe  0:05``), podcast JSON and WhisperX (``"speaker": "SPEAKER_00"``),
and of SRT, SBV and WebVTT files that open their captions with them (``Dana Smith: ...``, as
Zoom writes them) are written at each change of speaker as captioners type them,
``HOST: ...``, which is how ``quotes.transcript`` recognises a change of speaker.

Times are read as whole milliseconds and divided once, so ``parse(format(x)) == x`` exactly.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any
from xml.parsers import expat

from pydantic import ValidationError

from ..errors import TranscriptFormatError
from ..stopwords import guess_language
from ..transcript import Segment, Transcript, clean_text, speaker_turns

__all__ = [
    "read_transcript_file",
    "detect_format",
    "parse_srt",
    "parse_vtt",
    "parse_json",
    "parse_sbv",
    "parse_text",
    "parse_xml",
    "format_srt",
    "format_vtt",
    "format_json",
    "format_text",
    "format_transcript",
    "EXPORT_FORMATS",
    "format_srt_time",
    "format_vtt_time",
    "language_from_filename",
]

# ---------------------------------------------------------------- named pieces

# A clock time: [h:]mm:ss(,|.)fff. Hours are optional because WebVTT allows "01:02.500" and
# some SRT writers drop them too; ',' and '.' are both accepted because writers mix them up.
_CLOCK = r"(?:(\d+):)?(\d{1,2}):(\d{1,2})[,.](\d{1,3})"
# "start --> end" then anything (WebVTT cue settings, SRT's X1:.. Y2:.. coordinates).
_TIMING = re.compile(rf"^\s*{_CLOCK}\s*-->\s*{_CLOCK}(?:\s+(.*))?\s*$")
_SRT_INDEX = re.compile(r"^\s*\d+\s*$")
# YouTube auto-captions time each word inline: "so<00:00:00.320><c> today</c>".
_INLINE_TIME = re.compile(r"<(?:\d+:)?\d{2}:\d{2}\.\d{3}>")
_VOICE = re.compile(r"^\s*<v(?:\.[\w.-]+)?[ \t]+([^>]+)>")  # WebVTT voice: <v Bob>, <v.loud Bob>
_YOUTUBE_WORD_TIME = re.compile(r"<(?:\d+:)?\d{2}:\d{2}\.\d{3}><c>")
# Markup: any tag that starts like one (<i>, </c>, <c.colorE5E5E5>, <v Bob>, <font color=..>,
# inline timestamps) and ASS override blocks ({\an8}) that some SRT writers leave in.
_TAG = re.compile(r"</?(?:[A-Za-z][^<>]*|\d[\d:.]*)>|\{\\[^{}]*\}")
# A language code as found in file names: en, de, pt-BR, zh-Hans, en-orig.
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_NAME_LANG = re.compile(r"\.([a-z]{2}(?:-[A-Za-z0-9]{2,8})*)$")

_SRT_EXAMPLE = "00:01:02,500 --> 00:01:04,000"
# No video runs a week: a time past that is a typo or a damaged file, not a caption.
MAX_SECONDS = 7 * 24 * 3600
_VTT_EXAMPLE = "00:01:02.500 --> 00:01:04.000"
# A cue this short (YouTube writes 10 ms) only repeats text in rolling auto-captions.
_REPEAT_CUE = 0.011


@dataclass
class _Parsed:
    """What a parser found: segments, and what the file says about itself."""

    segments: list[Segment]
    language_code: str | None = None
    is_generated: bool | None = None
    transcript: Transcript | None = None  # our own stored format
    extra: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- helpers


def _lines(text: str) -> list[str]:
    """Lines as an editor numbers them: BOM dropped, CRLF and CR taken as line ends."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def _strip_markup(text: str) -> str:
    """Text without tags; entities decoded (&amp; -> &)."""
    return html.unescape(_TAG.sub("", text))


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _clock_ms(groups: tuple[str | None, ...]) -> int | None:
    """Whole milliseconds of one matched clock, None when minutes or seconds are 60 or more."""
    hours, minutes, seconds, fraction = groups
    if int(minutes) >= 60 or int(seconds) >= 60:
        return None
    # A fraction is a decimal fraction: ",5" is half a second, ",500" too.
    ms = int(fraction.ljust(3, "0"))
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + ms


def _parse_timing(line: str, filename: str, lineno: int, example: str) -> tuple[int, int, str]:
    """(start ms, end ms, settings) of a timing line, or TranscriptFormatError."""
    m = _TIMING.match(line)
    if not m:
        raise TranscriptFormatError(
            filename, lineno, f"expected a time range like {example}, got {_shorten(line)!r}"
        )
    start, end = _clock_ms(m.groups()[0:4]), _clock_ms(m.groups()[4:8])
    if start is None or end is None:
        raise TranscriptFormatError(
            filename, lineno, f"expected minutes and seconds below 60, got {_shorten(line)!r}"
        )
    if end < start:
        raise TranscriptFormatError(
            filename, lineno, f"expected the end time after the start time, got {_shorten(line)!r}"
        )
    return start, end, m.group(9) or ""


def _segment(start_ms: int, end_ms: int, text: str) -> Segment:
    return Segment(start=start_ms / 1000, duration=(end_ms - start_ms) / 1000, text=text)


def _join(lines: list[str]) -> str:
    """Caption lines as one text, markup removed, line breaks kept (as YouTube gives them)."""
    stripped = [_strip_markup(line).strip() for line in lines]
    return "\n".join(line for line in stripped if line)


def _cue_segments(cues: list[tuple[int, int, list[str]]]) -> list[Segment]:
    """Segments of (start ms, end ms, lines) cues, empty ones dropped. Whisper's
    ``--highlight_words`` writes a cue's text again for every word, that word underlined
    (``<u>``): such a run of cues is one caption, said once."""
    kept: list[list] = []  # [start, end, text, underlined]
    for start, end, lines in cues:
        text = _join(lines)
        if not text:
            continue
        underlined = any("<u>" in line for line in lines)
        # (Between two words Whisper may show the text with nothing underlined.)
        if kept and (underlined or kept[-1][3]) and kept[-1][2] == text and start <= kept[-1][1] + 1:
            kept[-1][1] = max(kept[-1][1], end)
            kept[-1][3] = True
        else:
            kept.append([start, end, text, underlined])
    return [_segment(start, end, text) for start, end, text, _ in kept]


# ---------------------------------------------------------------- SRT


def parse_srt(text: str, filename: str = "<srt>") -> list[Segment]:
    """Captions of a SubRip (.srt) file.

    >>> parse_srt("1\\n00:00:01,000 --> 00:00:02,500\\n<i>Hello</i> there\\n")
    [Segment(start=1.0, duration=1.5, text='Hello there')]
    >>> parse_srt("1\\n00:00:01 -> 00:00:02\\nHi\\n", "talk.srt")
    Traceback (most recent call last):
    ...
    quotes.errors.TranscriptFormatError: talk.srt:2: expected a time range like 00:01:02,500 --> 00:01:04,000, got '00:00:01 -> 00:00:02'
    """
    lines = _lines(text)
    n = len(lines)

    def is_timing(i: int) -> bool:
        return i < n and bool(_TIMING.match(lines[i]))

    cues: list[tuple[int, int, list[str]]] = []
    i = 0
    while i < n:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if _SRT_INDEX.match(line):
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
                filename, i + 1, f"expected a caption number, got {_shorten(line)!r}"
            )
        start, end, _ = _parse_timing(lines[timing_at], filename, timing_at + 1, _SRT_EXAMPLE)
        i = timing_at + 1
        body: list[str] = []
        while i < n and lines[i].strip():
            # A number followed by a timing line is the next caption, even without a blank line.
            if _SRT_INDEX.match(lines[i]) and is_timing(i + 1):
                break
            body.append(lines[i])
            i += 1
        cues.append((start, end, body))
    return _typed_speakers(_cue_segments(cues))


# ---------------------------------------------------------------- SBV

# YouTube Studio's SubViewer captions: "0:00:01.500,0:00:04.000", then the text, then a blank line.
_SBV_TIMING = re.compile(r"^\s*(\d+):(\d{2}):(\d{2})\.(\d{1,3})\s*,\s*(\d+):(\d{2}):(\d{2})\.(\d{1,3})\s*$")
_SBV_EXAMPLE = "0:01:02.500,0:01:04.000"


def parse_sbv(text: str, filename: str = "<sbv>") -> list[Segment]:
    """Captions of a SubViewer (.sbv) file, as YouTube Studio downloads them.

    >>> parse_sbv("0:00:01.000,0:00:02.500\\n>> ANA: Hello there\\n")
    [Segment(start=1.0, duration=1.5, text='>> ANA: Hello there')]
    """
    lines = _lines(text)
    cues: list[tuple[int, int, list[str]]] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        m = _SBV_TIMING.match(line)
        if not m:
            raise TranscriptFormatError(
                filename, i + 1, f"expected a time range like {_SBV_EXAMPLE}, got {_shorten(line)!r}"
            )
        start, end = _clock_ms(m.groups()[:4]), _clock_ms(m.groups()[4:])
        if start is None or end is None:
            raise TranscriptFormatError(
                filename, i + 1, f"expected minutes and seconds below 60, got {_shorten(line)!r}"
            )
        if end < start:
            raise TranscriptFormatError(
                filename, i + 1, f"expected the end time after the start time, got {_shorten(line)!r}"
            )
        i += 1
        body: list[str] = []
        while i < n and lines[i].strip() and not _SBV_TIMING.match(lines[i]):
            body.append(lines[i])
            i += 1
        cues.append((start, end, body))
    return _typed_speakers(_cue_segments(cues))


# ---------------------------------------------------------------- WebVTT


def _vtt_blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Blocks separated by empty lines: (index of first line, lines).

    Only a truly empty line ends a block: YouTube writes lines holding a single space inside
    its cues.
    """
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 0
    for i, line in enumerate(lines):
        if line == "":
            if current:
                blocks.append((first, current))
                current = []
            continue
        if not current:
            first = i
        elif _TIMING.match(line) and (first == 0 or any("-->" in c for c in current)):
            # A timing line inside a cue's text (or in the header): the blank line before it
            # is missing. A number right above it is the cue's identifier, as Zoom numbers
            # cues, not the text before (as in SRT).
            moved = current[-1:] if len(current) > 1 and _SRT_INDEX.match(current[-1]) else []
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


def _read_vtt(text: str, filename: str) -> _Parsed:
    lines = _lines(text)
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise TranscriptFormatError(
            filename, 1, f"expected 'WEBVTT' on the first line, got {_shorten(lines[0])!r}"
        )
    blocks = _vtt_blocks(lines)
    header = blocks[0][1][1:]  # the first block is always the WEBVTT line and its header
    meta: dict[str, str] = {}
    for line in header:
        key, sep, value = line.partition(":")
        if sep and "-->" not in line:
            meta[key.strip().lower()] = value.strip()
    cues: list[_Cue] = []
    for first, block in blocks[1:]:
        head = block[0]
        if re.match(r"^(?:NOTE|STYLE|REGION)(?:[ \t]|$)", head):
            continue
        if "-->" in head:
            timing_at = 0
        elif len(block) > 1 and "-->" in block[1]:
            timing_at = 1  # after a cue identifier
        else:
            # No timing line: point at the line that was meant to be one, a mistyped timing
            # ("00:01.000 -> 00:02.000") or the line after an identifier.
            timing_at = 0 if len(block) == 1 or re.match(r"^\s*\d+:\d", head) else 1
        start, end, _ = _parse_timing(block[timing_at], filename, first + timing_at + 1, _VTT_EXAMPLE)
        cues.append(_Cue(start, end, block[timing_at + 1 :]))
    # YouTube's rolling auto-captions time each word of a new line in a <c> span
    # ("<00:00:01.234><c> word</c>"); a typed file that times a few words (karaoke) is not rolling.
    rolling = any(_YOUTUBE_WORD_TIME.search(line) for cue in cues for line in cue.lines)
    segments = _rolling_segments(cues) if rolling else _typed_speakers(_cue_segments(_voice_changes(cues)))
    lang = meta.get("language")
    return _Parsed(
        segments=segments,
        language_code=lang if lang and _LANG.match(lang) else None,
        is_generated=True if rolling else None,
    )


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
            new = [_join([line]) for line in timed]
        elif cue.end - cue.start <= _REPEAT_CUE * 1000:
            continue  # the 10 ms cue repeating the finished line
        else:
            new = [_join([line]) for line in raw]
            if new and new[0] == last:
                new = new[1:]
        new = [t for t in new if t]
        if new:
            out.append(_segment(cue.start, cue.end, "\n".join(new)))
            last = new[-1]
    return out


def parse_vtt(text: str, filename: str = "<vtt>") -> list[Segment]:
    """Captions of a WebVTT file; YouTube's rolling auto-captions come out with each word once.

    >>> parse_vtt("WEBVTT\\n\\n01:02.000 --> 01:03.500 align:start\\n<c>Hi</c> &amp; bye\\n")
    [Segment(start=62.0, duration=1.5, text='Hi & bye')]
    """
    return _read_vtt(text, filename).segments


# ---------------------------------------------------------------- JSON


def _members(text: str, pos: int):
    """(key or index, offset of value) of the JSON object or array starting at ``pos``."""
    decoder = json.JSONDecoder()
    ws = re.compile(r"\s*")
    opening = text[pos]
    pos += 1
    index = 0
    while True:
        pos = ws.match(text, pos).end()
        if text[pos] in "]}":
            return
        if opening == "{":
            key, pos = decoder.raw_decode(text, pos)
            pos = ws.match(text, pos).end() + 1  # the ':'
            pos = ws.match(text, pos).end()
        else:
            key = index
        yield key, pos
        _, pos = decoder.raw_decode(text, pos)
        pos = ws.match(text, pos).end()
        if text[pos] == ",":
            pos += 1
        index += 1


def _line_of(text: str, path: tuple) -> int:
    """1-based line where the value at ``path`` (keys and indexes) starts; best effort."""
    pos = re.compile(r"\s*").match(text).end()
    try:
        for step in path:
            for key, offset in _members(text, pos):
                if key == step:
                    pos = offset
                    break
            else:
                break
    except (ValueError, IndexError):
        pass
    return text.count("\n", 0, pos) + 1


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        value = float(value)
    except OverflowError:  # an integer of hundreds of digits
        return None
    if not math.isfinite(value) or value < 0 or value > MAX_SECONDS:
        return None
    return value


def _read_json(text: str, filename: str) -> _Parsed:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TranscriptFormatError(
            filename, exc.lineno, f"expected valid JSON: {exc.msg} (column {exc.colno})"
        ) from None
    except RecursionError:
        raise TranscriptFormatError(filename, 1, "expected caption JSON, got lists or objects nested too deeply") from None

    def fail(path: tuple, expected: str) -> TranscriptFormatError:
        return TranscriptFormatError(filename, _line_of(text, path), expected)

    if isinstance(data, list):
        return _Parsed(segments=_raw_list(data, fail))
    if isinstance(data, dict) and "events" in data:
        return _json3(data, fail)
    if isinstance(data, dict) and _is_podcast_json(data):
        return _podcast(data, fail)
    if isinstance(data, dict) and "segments" in data and "video_id" not in data:
        return _whisper(data, fail)
    if isinstance(data, dict) and "segments" in data and "video_id" in data:
        try:
            transcript = Transcript.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = tuple(err["loc"])
            where = ".".join(str(p) for p in loc) or "top level"
            raise fail(loc, f"expected a valid stored transcript: {where}: {err['msg']}") from None
        return _Parsed(
            segments=list(transcript.segments),
            language_code=transcript.language_code,
            is_generated=transcript.is_generated,
            transcript=transcript,
        )
    raise fail(
        (),
        "expected a list of captions like "
        '[{"text": "...", "start": 1.0, "duration": 2.5}], a json3 object with "events" '
        'or a Whisper object with "segments"',
    )


def _raw_list(data: list, fail, at: tuple = ()) -> list[Segment]:
    """youtube-transcript-api's raw list: ``[{"text", "start", "duration"}, ...]``; an
    ``end`` (seconds) may stand in for ``duration``, as in Whisper's segments."""
    return [segment for _, segment in _raw_items(data, fail, at)]


def _raw_items(data: list, fail, at: tuple = ()) -> list[tuple[int, Segment]]:
    """The captions of a raw list with the index of the item each comes from (empty ones
    are dropped, so a reader wanting more of an item's fields needs its index)."""
    segments = []
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise fail(at + (i,), f'expected a caption object like {{"text": "...", "start": 1.0, "duration": 2.5}}, got {_shorten(json.dumps(item))}')
        if not isinstance(item.get("text"), str):
            raise fail(at + ((i, "text") if "text" in item else (i,)), f'expected "text" to be a string in caption {i + 1}')
        start = _seconds(item.get("start"))
        if start is None:
            raise fail(
                at + ((i, "start") if "start" in item else (i,)),
                f'expected "start" to be zero or more seconds in caption {i + 1}, got {json.dumps(item.get("start"))}',
            )
        if "duration" not in item and "end" in item:
            end = _seconds(item["end"])
            if end is None or end < start:
                raise fail(
                    at + (i, "end"),
                    f'expected "end" to be seconds at or after "start" ({start:g}) in caption {i + 1}, got {json.dumps(item["end"])}',
                )
            duration = (round(end * 1000) - round(start * 1000)) / 1000  # no float noise
        else:
            # duration: time on screen; missing in some exports, where the next start bounds it.
            duration = _seconds(item.get("duration", 0.0))
        if duration is None:
            raise fail(
                at + (i, "duration"),
                f'expected "duration" to be zero or more seconds in caption {i + 1}, got {json.dumps(item.get("duration"))}',
            )
        caption = _strip_markup(item["text"])
        if caption.strip():
            segments.append((i, Segment(start=start, duration=duration, text=caption)))
    return segments


def _whisper(data: dict, fail) -> _Parsed:
    """Whisper's JSON (openai-whisper ``--output_format json``, WhisperX): ``segments`` with
    ``start``, ``end`` and ``text``, and the detected ``language``. Machine transcription.
    WhisperX after diarization names each segment's ``speaker`` (``SPEAKER_00``): a change
    of speaker is marked as in podcast JSON; a segment without one (diarization left it
    unassigned) continues the speaker before."""
    if not isinstance(data["segments"], list):
        raise fail(("segments",), 'expected "segments" to be a list of {"start": 1.0, "end": 3.5, "text": "..."}')
    for i, item in enumerate(data["segments"]):
        # Whisper always writes when a segment ends; without it the caption has no length.
        if isinstance(item, dict) and "end" not in item and "duration" not in item:
            raise fail(("segments", i), f'expected "end" (seconds) in caption {i + 1}')
    language = data.get("language")
    if not (isinstance(language, str) and _LANG.match(language)):
        language = None  # absent, or a name ("english") rather than a code
    segments = []
    speaker = None
    for i, segment in _raw_items(data["segments"], fail, ("segments",)):
        text = segment.text.strip()
        # (Speakers of single words, WhisperX's "words", are not read: a segment is one speaker's.)
        name = data["segments"][i].get("speaker")
        if isinstance(name, str) and name.strip():
            text, speaker = _marked(text, name, speaker)
        segments.append(segment.model_copy(update={"text": text}))
    return _Parsed(segments=segments, language_code=language, is_generated=True)


def _is_podcast_json(data: dict) -> bool:
    segments = data.get("segments")
    return isinstance(segments, list) and any(
        isinstance(x, dict) and ("startTime" in x or "body" in x) for x in segments[:5]
    )


def _podcast(data: dict, fail) -> _Parsed:
    """A podcast's JSON transcript (the Podcasting 2.0 ``podcast:transcript`` format):
    ``segments`` with ``startTime``, ``endTime``, ``body`` and perhaps ``speaker``; a change
    of speaker is marked ``NAME: `` as in timestamped text."""
    out: list[Segment] = []
    speaker = None
    for i, item in enumerate(data["segments"]):
        at = ("segments", i)
        if not isinstance(item, dict):
            raise fail(at, f'expected caption {i + 1} to be an object like {{"startTime": 1.0, "endTime": 2.5, "body": "..."}}')
        body = item.get("body")
        if not isinstance(body, str):
            raise fail(at, f'expected "body" (the words) in caption {i + 1}')
        times = []
        for key in ("startTime", "endTime"):
            value = _seconds(item.get(key))
            if value is None or value < 0:
                raise fail(at, f'expected "{key}" (seconds, zero or more) in caption {i + 1}')
            times.append(round(value * 1000))
        if times[1] < times[0]:
            raise fail(at, f'expected "endTime" at or after "startTime" in caption {i + 1}')
        text = body.strip()
        name = item.get("speaker")
        if text and isinstance(name, str) and name.strip():
            text, speaker = _marked(text, name, speaker)
        if text:
            out.append(_segment(times[0], times[1], text))
    return _Parsed(segments=out)


def _json3(data: dict, fail) -> _Parsed:
    """YouTube's json3 (``fmt=json3``): events with ``tStartMs``, ``dDurationMs``, ``segs``."""
    events = data["events"]
    if not isinstance(events, list):
        raise fail(("events",), 'expected "events" to be a list')
    segments = []
    generated = data.get("kind") == "asr"
    for i, event in enumerate(events):
        if not isinstance(event, dict):
            raise fail(("events", i), f"expected an event object, got {_shorten(json.dumps(event))}")
        segs = event.get("segs")
        # Events without segs set windows and styles; aAppend events only add a line break.
        if not segs or event.get("aAppend"):
            continue
        if not isinstance(segs, list) or not all(
            isinstance(s, dict) and isinstance(s.get("utf8", ""), str) for s in segs
        ):
            raise fail(("events", i, "segs"), f'expected "segs" to be a list of {{"utf8": "..."}} in event {i + 1}')
        # Auto-captions put each line in a window (wWinId) and time its words (tOffsetMs).
        if "wWinId" in event or any("tOffsetMs" in s or "acAsrConf" in s for s in segs):
            generated = True
        start = event.get("tStartMs")
        if isinstance(start, bool) or not isinstance(start, (int, float)) or not math.isfinite(start) or start < 0:
            raise fail(
                ("events", i, "tStartMs") if "tStartMs" in event else ("events", i),
                f'expected "tStartMs" to be zero or more milliseconds in event {i + 1}, got {json.dumps(start)}',
            )
        duration = event.get("dDurationMs", 0)
        if isinstance(duration, bool) or not isinstance(duration, (int, float)) or not math.isfinite(duration) or duration < 0:
            raise fail(
                ("events", i, "dDurationMs"),
                f'expected "dDurationMs" to be zero or more milliseconds in event {i + 1}, got {json.dumps(duration)}',
            )
        caption = _strip_markup("".join(s.get("utf8", "") for s in segs))
        if caption.strip():
            segments.append(Segment(start=start / 1000, duration=duration / 1000, text=caption))
    return _Parsed(segments=segments, is_generated=True if generated else None)


def parse_json(text: str, filename: str = "<json>") -> list[Segment]:
    """Captions of youtube-transcript-api's raw JSON, YouTube json3, Whisper's JSON, or our
    stored transcript.

    >>> parse_json('[{"text": "hi", "start": 1.5, "duration": 2.0}]')
    [Segment(start=1.5, duration=2.0, text='hi')]
    >>> parse_json('{"events": [{"tStartMs": 1500, "dDurationMs": 2000, "segs": [{"utf8": "hi"}]}]}')
    [Segment(start=1.5, duration=2.0, text='hi')]
    """
    return _read_json(text, filename).segments


# ---------------------------------------------------------------- timestamped text

# A time as transcript pages print it: M:SS, MM:SS or H:MM:SS, a fraction optional (0:05.5).
_TEXT_TIME = r"\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_TEXT_CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d{2})(?:[.,](\d{1,3}))?$")
# A time, or a range of two ("0:05 - 0:09", Whisper's console "[00:05.000 --> 00:09.000]").
_TEXT_RANGE = rf"({_TEXT_TIME})(?:[ \t]*(?:-->|[-\u2013\u2014]|to)[ \t]*({_TEXT_TIME}))?"
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
_TEXT_LABEL = re.compile(r"^([^:\n]{1,40}?)[ \t]*:(?:[ \t]+|$)")
_NAME_WORD = re.compile(r"[\w.'\u2019-]+")
# Lowercase words inside names: "Ana de Souza", "Vincent van Gogh", "Abu al Hassan".
_NAME_PARTICLES = frozenset("de da do dos das di del della der den van von ter ten zu la le du bin ibn al y e".split())
# What YouTube's transcript panel writes under each time for screen readers, in English.
_SPOKEN_DURATION = re.compile(r"\d+ (?:hours?|minutes?|seconds?)(?:,? \d+ (?:minutes?|seconds?))*", re.I)
# Otter's free plan ends its exports with this line.
_OTTER_FOOTER = re.compile(r"^\s*transcribed by\s+\S*otter\.ai\S*\s*$", re.I)
# At most this many lines (a title, a date, a list of speakers) may come before the first time.
_TEXT_PREAMBLE = 10
_TEXT_EXAMPLE = "0:05, 1:02:03 or [00:01:02]"
_WORDS_PER_SECOND = 2.5


def _is_name(name: str) -> bool:
    """Whether ``name`` reads as a speaker's name: one to four words, each capitalised (or a
    number after the first: "Speaker 1"), as people write names, not as sentences start."""
    words = name.split()
    if not 1 <= len(words) <= 5 or len(name) > 40:
        return False
    for k, word in enumerate(words):
        if not _NAME_WORD.fullmatch(word) or len(word) > 20:
            return False
        if word.isdigit() and k > 0:
            continue
        if 0 < k < len(words) - 1 and word in _NAME_PARTICLES:
            continue  # "Ana de Souza", "Ludwig van Beethoven"
        if not word[0].isalpha() or word[0].islower():  # capitals, or letters without case
            return False
    return True


@dataclass
class _TimeLine:
    start: str
    end: str | None
    name: str | None  # the speaker a header names
    rest: str  # text after the time, on the same line


def _text_time_line(line: str) -> _TimeLine | None:
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
        if (rest and (bare is not None or not colon)) or not _is_name(name):
            return None
        return _TimeLine(bare or bracketed, None, name.strip(), rest.strip())
    return None


def _text_ms(token: str, filename: str, lineno: int, line: str) -> int:
    hours, minutes, seconds, fraction = _TEXT_CLOCK.match(token).groups()
    # Without hours, minutes may run past 59 ("75:12"), as some podcast pages write them.
    if int(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
        raise TranscriptFormatError(
            filename, lineno, f"expected minutes and seconds below 60, got {_shorten(line.strip())!r}"
        )
    ms = int((fraction or "0").ljust(3, "0"))
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + ms


def _speaker_mark(name: str) -> str:
    """``name`` as a change of speaker that quotes.transcript recognises: ``NAME: `` in
    capitals, as captioners type it; ``>> `` (the name dropped) where capitals cannot say it."""
    # (An underscore is no part of a typed name: WhisperX's SPEAKER_00 is written SPEAKER 00.)
    label = f"{' '.join(name.replace('_', ' ').split()).upper()}: "
    if speaker_turns(label + "x") == (True, False) and clean_text(label + "x") == "x":
        return label
    return ">> "


def _speaker_key(name: str) -> str:
    """``name`` as compared: "Dana  smith" and "Dana Smith" are one speaker."""
    return " ".join(name.split()).casefold()


def _marked(text: str, name: str, speaker: str | None) -> tuple[str, str]:
    """``text`` said by ``name``, marked as a change of speaker when the one before
    (``speaker``, as returned last time) was someone else; and who speaks now."""
    key = _speaker_key(name)
    return (text if key == speaker else _speaker_mark(name) + text), key


def _label(line: str) -> tuple[str, str] | None:
    """(name, the rest) of a line opening with a speaker's name and a colon ("Speaker 1:
    welcome back", "Dana Smith: So"), or None."""
    m = _TEXT_LABEL.match(line)
    if m and _is_name(m.group(1)):
        return m.group(1), line[m.end() :].strip()
    return None


def _typed_speakers(segments: list[Segment]) -> list[Segment]:
    """Captions typed with their speaker's name opening them (``Dana Smith: So what brought
    you here?``, as Zoom, Teams and many captioners write them): the name is written as a
    change of speaker (``DANA SMITH: ``) where the speaker changes and left out where the
    same one goes on, as in timestamped text. Files without that convention are left as
    they are."""
    names = [_speaker_key(label[0]) for label in (_label(s.text.split("\n", 1)[0]) for s in segments) if label]
    # A name and a colon opening a caption may as well open a sentence ("Note: the hives"),
    # so names are read as speakers only where the file is labelled that way throughout,
    # which shows twice. A few names recur: at least two names open two captions or more
    # each (a change of speaker takes two people), and such names open three in four of the
    # captions that open with a name at all (not a scatter of words before a colon). And
    # they are written by habit: on at least half the captions (Zoom and Teams name the
    # speaker on every one), or where the speaker changes, consecutive names differing
    # three times in four (a captioner names whoever starts to speak), often enough for a
    # conversation (a change every 20 captions, six at least: "Note:" and "Tip:" taking
    # turns a few times in a talk are no speakers). One name on nine captions in ten, ten
    # at least, is a one-speaker file labelled by habit: the name is no part of the words.
    counts = Counter(names)
    if len(counts) == 1 and len(names) >= max(10, 0.9 * len(segments)):
        return _named_speakers(segments)
    recurring = [n for name, n in counts.items() if n >= 2]
    if len(recurring) < 2 or sum(recurring) < 0.75 * len(names):
        return segments
    changes = sum(a != b for a, b in zip(names, names[1:]))
    habit = len(names) >= 0.5 * len(segments) or (
        changes >= 0.75 * (len(names) - 1) and len(names) >= max(6, 0.05 * len(segments))
    )
    if not habit:
        return segments
    return _named_speakers(segments)


def _named_speakers(segments: list[Segment]) -> list[Segment]:
    """``segments`` with the names opening their lines written as changes of speaker."""
    out = []
    speaker = None
    named = None  # a name alone on its line names the speaker of the words after it
    for segment in segments:
        lines = []
        for line in segment.text.split("\n"):
            label = _label(line)
            if label:
                named, line = label
            if line and named:
                line, speaker = _marked(line, named, speaker)
                named = None
            if line:
                lines.append(line)
        if lines:
            out.append(segment.model_copy(update={"text": "\n".join(lines)}))
    return out


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


def _read_text(text: str, filename: str) -> _Parsed:
    lines = _lines(text)
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
        head = _text_time_line(line)
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
            if len(preamble) > _TEXT_PREAMBLE:
                break
            continue
        start = _text_ms(head.start, filename, i + 1, line)
        end = None if head.end is None else _text_ms(head.end, filename, i + 1, line)
        if end is not None and end < start:
            raise TranscriptFormatError(
                filename, i + 1, f"expected the end time after the start time, got {_shorten(line.strip())!r}"
            )
        if cues and start < cues[-1].start:
            raise TranscriptFormatError(
                filename,
                i + 1,
                f"expected a time at or after {last_time} (line {last_line}), got {_shorten(line.strip())!r}",
            )
        cues.append(_TextCue(start, end, [head.rest] if head.rest else [], head.name, alone=not head.rest))
        last_line, last_time = i + 1, head.start
    if not cues and preamble:
        first = lines[preamble[0]].strip()
        raise TranscriptFormatError(
            filename,
            preamble[0] + 1,
            f"expected a time like {_TEXT_EXAMPLE} in the first {_TEXT_PREAMBLE} lines, got {_shorten(first)!r}",
        )
    _drop_panel_chapters(cues, panel_copy)
    return _Parsed(segments=_text_segments(cues), is_generated=generated)


def _text_segments(cues: list[_TextCue]) -> list[Segment]:
    """Segments of timestamped text: each caption runs to the next time (or the end it
    gives); the last one for as long as its words take to say. A speaker named at a change
    of speaker is marked so (``NAME: ``); the same speaker again is not marked."""
    out = []
    speaker = None
    for k, cue in enumerate(cues):
        body = list(cue.lines)
        name = cue.name
        label = _label(body[0]) if name is None and body else None
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
            body[0], speaker = _marked(body[0], name, speaker)
        out.append(_segment(cue.start, end, "\n".join(body)))
    return out


def parse_text(text: str, filename: str = "<text>") -> list[Segment]:
    """Captions of a timestamped transcript as people copy or export it: YouTube's "Show
    transcript" panel (a time on its own line, then the text), a time opening each line
    (``0:05 text``, ``[00:00:12] Speaker 1: text``, ``(00:15) text``) or Otter's speaker
    headers (``Jane Doe  0:05`` over a paragraph). Each caption runs to the next time.

    >>> parse_text("Transcript\\n0:00\\nwelcome back\\n0:04\\nHost: today, bees\\n")
    [Segment(start=0.0, duration=4.0, text='welcome back'), Segment(start=4.0, duration=1.0, text='HOST: today, bees')]
    """
    return _read_text(text, filename).segments


# ---------------------------------------------------------------- XML: YouTube timedtext, TTML


def _local(name: str) -> str:
    """A tag or attribute name without its prefix or namespace: ``tts:color`` -> ``color``."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _attr(element: ET.Element, name: str) -> str | None:
    """The attribute ``name`` of ``element``, whatever its prefix (``ttp:tickRate``)."""
    if name in element.attrib:
        return element.attrib[name]
    return next((v for k, v in element.attrib.items() if _local(k) == name), None)


def _parse_xml(text: str, filename: str) -> tuple[ET.Element, dict[ET.Element, int]]:
    """The document's root element, and the line each element starts on.

    ElementTree's own parser does not tell where an element is, so expat (the parser under
    it) feeds an ElementTree builder here. Entity declarations are refused, which defuses
    entity expansion ("billion laughs"); external entities and DTDs are never fetched.
    """
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate(encoding="utf-8")  # the text is decoded already
    where: dict[ET.Element, int] = {}

    class _EntityDeclared(Exception):
        pass

    def start(tag: str, attrs: dict[str, str]) -> None:
        where[builder.start(tag, attrs)] = parser.CurrentLineNumber

    def entity(*_args: Any) -> None:
        raise _EntityDeclared

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.EntityDeclHandler = entity
    parser.buffer_text = True
    try:
        parser.Parse(text.lstrip("\ufeff").encode("utf-8"), True)
    except _EntityDeclared:
        raise TranscriptFormatError(
            filename, parser.CurrentLineNumber, "expected XML without <!ENTITY> declarations (refused for safety)"
        ) from None
    except expat.ExpatError as exc:
        raise TranscriptFormatError(
            filename, exc.lineno, f"expected valid XML: {expat.ErrorString(exc.code)} (column {exc.offset + 1})"
        ) from None
    return builder.close(), where


_XML_DECIMAL = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*$")


def _decimal_ms(value: str, unit_ms: int) -> int | None:
    """Whole milliseconds of a decimal ``value`` counted in units of ``unit_ms``; None when it
    is no plain number of zero or more ("-1", "1e3", "nan")."""
    m = _XML_DECIMAL.match(value)
    return None if not m else round(Fraction(m.group(1)) * unit_ms)


# TTML times (TTML2 §12.3.1): a clock time (00:00:01.230; with frames 00:00:01:15, and
# sub-frames 00:00:01:15.1) or an offset (1.23s, 1230ms, 2m, 0.5h, 45f in frames, 12300000t in
# ticks).
_TTML_CLOCK = re.compile(r"^\s*(\d+):(\d{2}):(\d{2})(?:(\.\d+)|:(\d+)(?:\.(\d+))?)?\s*$")
_TTML_OFFSET = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)(h|ms|m|s|f|t)\s*$")
_TTML_EXAMPLE = "00:00:01.230, 1.23s or 1230ms"
# (Frame rates are whole numbers; "29.97", which some writers put, is read as meant.)
_TTML_RATE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*$")
_TTML_RATIO = re.compile(r"^\s*(\d+)\s+(\d+)\s*$")


@dataclass
class _Rates:
    """What a frame and a tick of a TTML file are: the ``ttp:`` parameters of its ``<tt>``."""

    frame: Fraction = Fraction(30)  # ttp:frameRate, frames a second (30 unless it says)
    multiplier: Fraction = Fraction(1)  # ttp:frameRateMultiplier: 1000/1001 makes 30 NTSC's 29.97
    sub_frame: Fraction = Fraction(1)  # ttp:subFrameRate, sub-frames a frame
    tick: Fraction = Fraction(1)  # ttp:tickRate, ticks a second
    smpte: bool = False  # ttp:timeBase="smpte": clock times are time code, counted in frames
    drop: str = "nonDrop"  # ttp:dropMode, how that time code skips frame numbers
    labels: bool = False  # smpte with discontinuous markers: each time names a frame of the video

    @property
    def effective(self) -> Fraction:
        """Frames a second of the video."""
        return self.frame * self.multiplier


def _ttml_rates(root: ET.Element, line: int | None, filename: str) -> _Rates:
    """The ``ttp:`` parameters of ``<tt>`` (TTML2 §7.2; only there do they count)."""
    rates = _Rates()

    def number(name: str) -> Fraction | None:
        value = _attr(root, name)
        if value is None:
            return None
        m = _TTML_RATE.match(value)
        if not m or Fraction(m.group(1)) == 0:
            raise TranscriptFormatError(filename, line, f'expected ttp:{name}="..." to be a number above 0, got {value!r}')
        return Fraction(m.group(1))

    def choice(name: str, allowed: tuple[str, ...]) -> str:
        value = _attr(root, name)
        if value is None:
            return allowed[0]
        if value.strip() not in allowed:
            expected = " or ".join(f'"{a}"' for a in allowed)
            raise TranscriptFormatError(filename, line, f"expected ttp:{name} to be {expected}, got {value!r}")
        return value.strip()

    frame, sub_frame, tick = number("frameRate"), number("subFrameRate"), number("tickRate")
    rates.frame, rates.sub_frame = frame or rates.frame, sub_frame or rates.sub_frame
    multiplier = _attr(root, "frameRateMultiplier")
    if multiplier is not None:
        m = _TTML_RATIO.match(multiplier)
        if not m or int(m.group(1)) == 0 or int(m.group(2)) == 0:
            raise TranscriptFormatError(
                filename, line, f'expected ttp:frameRateMultiplier="..." to be two numbers above 0 like "1000 1001", got {multiplier!r}'
            )
        rates.multiplier = Fraction(int(m.group(1)), int(m.group(2)))
    # Without a tick rate a tick is a sub-frame, if the file gives a frame rate; else a second.
    rates.tick = tick or (rates.effective * rates.sub_frame if frame else Fraction(1))
    # (A clock time base counts in the time of day, which no place in a video answers to.)
    rates.smpte = choice("timeBase", ("media", "smpte")) == "smpte"
    rates.drop = choice("dropMode", ("nonDrop", "dropNTSC", "dropPAL"))
    rates.labels = rates.smpte and choice("markerMode", ("discontinuous", "continuous")) == "discontinuous"
    return rates


def _ttml_ms(value: str, rates: _Rates) -> int:
    """Whole milliseconds of a TTML time expression (TTML2 Annex I), or ValueError saying
    what it should have been."""
    m = _TTML_CLOCK.match(value)
    if m:
        hours, minutes, seconds, fraction, frames, sub_frames = m.groups()
        if int(minutes) >= 60 or int(seconds) >= 60:
            raise ValueError(f"a time like {_TTML_EXAMPLE}")
        if frames is not None and int(frames) >= rates.frame:
            raise ValueError(f"a time whose frames count below the frame rate ({rates.frame})")
        if sub_frames is not None and int(sub_frames) >= rates.sub_frame:
            raise ValueError(f"a time whose sub-frames count below the sub-frame rate ({rates.sub_frame})")
        clock = (int(hours) * 60 + int(minutes)) * 60 + int(seconds) + Fraction(fraction or 0)
        frame_count = int(frames or 0) + Fraction(int(sub_frames or 0)) / rates.sub_frame
        if rates.smpte:
            # Time code: frames counted at the nominal rate (30 for NTSC's 29.97), less the
            # frame numbers drop-frame time code skips, then played at the true rate.
            h, mins = int(hours), int(minutes)
            dropped = {"dropNTSC": (h * 54 + mins - mins // 10) * 2, "dropPAL": (h * 27 + mins // 2 - mins // 20) * 4}
            seconds_total = (clock * rates.frame + frame_count - dropped.get(rates.drop, 0)) / rates.effective
        else:
            seconds_total = clock + frame_count / rates.effective
        return round(seconds_total * 1000)
    m = _TTML_OFFSET.match(value)
    if m:
        number, unit = Fraction(m.group(1)), m.group(2)
        if unit == "t":
            return round(number / rates.tick * 1000)
        if unit == "f":
            return round(number / rates.effective * 1000)
        seconds_total = number * {"h": 3600, "m": 60, "s": 1, "ms": Fraction(1, 1000)}[unit]
        if rates.smpte:
            seconds_total = seconds_total * rates.frame / rates.effective  # seconds of time code
        return round(seconds_total * 1000)
    raise ValueError(f"a time like {_TTML_EXAMPLE}")


def _xml_text(element: ET.Element) -> str:
    """The caption text of a YouTube timedtext element: its words (``<s>`` children too),
    entities YouTube escaped twice (``&amp;#39;``) decoded, markup removed, lines kept."""
    raw = html.unescape("".join(element.itertext()))
    return _join(raw.split("\n"))


def _ttml_text(element: ET.Element) -> str:
    """The text of a TTML ``<p>``: ``<br/>`` is a line break, other white space collapses (as
    TTML shows it)."""
    parts: list[str] = []

    def walk(node: ET.Element) -> None:
        parts.append(node.text or "")
        for child in node:
            name = _local(child.tag)
            if name == "br":
                parts.append("\0")
            elif name != "metadata":
                walk(child)
            parts.append(child.tail or "")

    walk(element)
    # Line ends in the file are white space; only <br/> (here \0) breaks a line.
    lines = (" ".join(line.split()) for line in "".join(parts).split("\0"))
    return "\n".join(line for line in lines if line)


def _read_xml(text: str, filename: str) -> _Parsed:
    root, where = _parse_xml(text, filename)
    kind = _local(root.tag)
    if kind == "transcript":
        return _timedtext(root, where, filename, "text", "start", "dur", "seconds", 1000)
    if kind == "timedtext":
        if root.get("format") == "3" or any(_local(e.tag) == "body" for e in root):
            return _timedtext(root, where, filename, "p", "t", "d", "milliseconds", 1)
        return _timedtext(root, where, filename, "text", "t", "d", "milliseconds", 1)  # srv2
    if kind == "tt":
        return _ttml(root, where, filename)
    raise TranscriptFormatError(
        filename,
        where.get(root, 1),
        f"expected a YouTube timedtext document (<transcript>, <timedtext>) or TTML (<tt>), got <{root.tag}>",
    )


def _timedtext(
    root: ET.Element, where: dict, filename: str, tag: str, start_attr: str, dur_attr: str, unit: str, unit_ms: int
) -> _Parsed:
    """YouTube's timedtext XML: srv1 (``<transcript><text start="1.23" dur="2.5">``, seconds),
    srv2 (``<timedtext><text t="1230" d="2500">``) and srv3 (``<timedtext format="3"><body><p
    t="1230" d="2500">``, milliseconds; automatic captions time each word in ``<s t="..">``)."""
    timed: list[tuple[int, int | None, str]] = []  # (start ms, duration ms or None, text)
    generated = False
    captions = [e for e in root.iter() if _local(e.tag) == tag]
    for n, element in enumerate(captions, 1):
        line = where.get(element)
        # (srv3's a="1" paragraphs usually hold only a line break for the one on screen, and
        # are skipped below as empty; one with words keeps them.)
        words = [e for e in element.iter() if _local(e.tag) == "s"]
        if any("t" in s.attrib or "ac" in s.attrib for s in words):
            generated = True
        caption = _xml_text(element)
        if not caption:
            continue
        value = element.get(start_attr)
        if value is None:
            raise TranscriptFormatError(filename, line, f'expected {start_attr}="..." ({unit}) in caption {n}')
        start = _decimal_ms(value, unit_ms)
        if start is None:
            raise TranscriptFormatError(
                filename, line, f'expected {start_attr}="..." to be zero or more {unit} in caption {n}, got {value!r}'
            )
        value = element.get(dur_attr)
        duration = None if value is None else _decimal_ms(value, unit_ms)
        if value is not None and duration is None:
            raise TranscriptFormatError(
                filename, line, f'expected {dur_attr}="..." to be zero or more {unit} in caption {n}, got {value!r}'
            )
        timed.append((start, duration, caption))
    # A caption without a duration lasts until the next one starts (the last: a second).
    segments = [
        _segment(start, start + (duration if duration is not None else max(following - start, 0)), caption)
        for (start, duration, caption), following in zip(
            timed, [t[0] for t in timed[1:]] + [timed[-1][0] + 1000 if timed else 0]
        )
    ]
    return _Parsed(segments=segments, is_generated=True if generated else None)


def _ttml(root: ET.Element, where: dict, filename: str) -> _Parsed:
    """TTML and DFXP (``<tt><body><div><p begin=".." end="..">``): each ``<p>`` a caption, timed
    as TTML times it (TTML2 §12.4, SMIL's time containers). A time counts from the begin of
    the ``<body>``, ``<div>`` (or ``<span>``) around it, from the end of the element before it
    in a ``timeContainer="seq"``, and nothing is shown past the end of what contains it. A
    ``<p>`` without times of its own is shown while its container is, or while the
    ``<span>`` elements in it that have times are."""
    rates = _ttml_rates(root, where.get(root), filename)
    segments: list[Segment] = []
    count = 0

    def time_of(element: ET.Element, name: str, n: int) -> int | None:
        value = _attr(element, name)
        if value is None:
            return None
        try:
            return _ttml_ms(value, rates)
        except ValueError as exc:
            raise TranscriptFormatError(
                filename, where.get(element), f'expected {name}="..." to be {exc} in caption {n}, got {value!r}'
            ) from None

    def interval(element: ET.Element, n: int, ref: int, limit: int | None) -> tuple[int, int | None, bool]:
        """When ``element`` begins and ends (ms; None: not before its container does), counted
        from ``ref`` and cut at ``limit``; and whether it has times of its own."""
        begin_at, end_at, dur = (time_of(element, name, n) for name in ("begin", "end", "dur"))
        if rates.labels:
            ref, limit = 0, None  # time code names frames of the video, whatever contains it
        begin = ref + (begin_at or 0)
        if end_at is not None and ref + end_at < begin:
            raise TranscriptFormatError(
                filename,
                where.get(element),
                f"expected the end time after the begin time in caption {n}, "
                f'got begin="{_attr(element, "begin")}" end="{_attr(element, "end")}"',
            )
        ends = [t for t in (None if end_at is None else ref + end_at, None if dur is None else begin + dur, limit) if t is not None]
        return begin, min(ends) if ends else None, (begin_at, end_at, dur) != (None, None, None)

    def span_times(node: ET.Element, begin: int, end: int | None, n: int) -> list[tuple[int, int | None]]:
        """(begin, end) of the ``<span>`` elements in ``node`` that have times of their own."""
        out = []
        for child in node:
            if _local(child.tag) == "span":
                span_begin, span_end, timed = interval(child, n, begin, end)
                out += [(span_begin, span_end)] if timed else []
                out += span_times(child, span_begin, span_end, n)
        return out

    def walk(node: ET.Element, begin: int, end: int | None, timed: bool) -> int:
        """The captions in the time container ``node``, shown from ``begin`` to ``end``
        (ms); whether anything above gave a time; returns when the last of them ends."""
        nonlocal count
        seq = (_attr(node, "timeContainer") or "").strip() == "seq"
        ref, last = begin, begin
        for child in node:
            name = _local(child.tag)
            if name == "p":
                count += 1
                caption = _ttml_text(child)
                if not caption and not seq:
                    continue  # (in a seq an empty one still takes its time)
                p_begin, p_end, own = interval(child, count, ref, end)
                spans = [] if own else span_times(child, p_begin, p_end, count)
                if spans:
                    p_begin = min(b for b, _ in spans)
                    if all(e is not None for _, e in spans):
                        p_end = max(e for _, e in spans)
                if caption and not (own or spans or timed):  # (in a seq, timed once a sibling is)
                    raise TranscriptFormatError(
                        filename, where.get(child), f'expected begin="..." (a time like {_TTML_EXAMPLE}) in caption {count}'
                    )
                if p_end is not None and p_end < p_begin:
                    continue  # it begins after what contains it has ended: never shown
                if caption:
                    segments.append(_segment(p_begin, p_begin if p_end is None else p_end, caption))
                child_end = p_end if p_end is not None else p_begin
            elif name in ("body", "div"):
                div_begin, div_end, own = interval(child, count + 1, ref, end)
                inner = walk(child, div_begin, div_end, timed or own)
                child_end = div_end if div_end is not None else inner
            else:
                continue
            # In a seq each element begins when the one before ends (without an end: at once),
            # so one that has times gives the ones after it theirs.
            ref = child_end if seq else ref
            timed = timed or (seq and ref > begin)
            last = max(last, child_end)
        return last

    walk(root, 0, None, False)
    lang = _attr(root, "lang")
    return _Parsed(segments=segments, language_code=lang if lang and _LANG.match(lang) else None)


def parse_xml(text: str, filename: str = "<xml>") -> list[Segment]:
    """Captions of YouTube's timedtext XML (srv1, srv2, srv3) or a TTML/DFXP file.

    >>> parse_xml('<transcript><text start="1.5" dur="2">it&amp;amp;#39;s</text></transcript>')
    [Segment(start=1.5, duration=2.0, text="it's")]
    >>> parse_xml('<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="00:00:01.000" end="1500ms">a<br/>b</p></div></body></tt>')
    [Segment(start=1.0, duration=0.5, text='a\\nb')]
    """
    return _read_xml(text, filename).segments


# ---------------------------------------------------------------- writers


def _hms(seconds: float, sep: str) -> str:
    ms = round(seconds * 1000)
    if ms < 0:
        raise ValueError(f"negative time {seconds}")
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def format_srt_time(seconds: float) -> str:
    """``3723.5`` -> ``'01:02:03,500'``.

    >>> format_srt_time(3723.5)
    '01:02:03,500'
    """
    return _hms(seconds, ",")


def format_vtt_time(seconds: float) -> str:
    """``3723.5`` -> ``'01:02:03.500'``."""
    return _hms(seconds, ".")


def _text_lines(text: str) -> list[str]:
    # A blank line would end the cue: drop empty lines.
    return [line.strip() for line in text.split("\n") if line.strip()]


def format_srt(segments: list[Segment]) -> str:
    """Segments as a SubRip file.

    >>> print(format_srt([Segment(start=1, duration=1.5, text="Hello")]), end="")
    1
    00:00:01,000 --> 00:00:02,500
    Hello
    <BLANKLINE>
    """
    out = []
    for number, seg in enumerate(s for s in segments if _text_lines(s.text)):
        out.append(
            f"{number + 1}\n{format_srt_time(seg.start)} --> {format_srt_time(seg.start + seg.duration)}\n"
            + "\n".join(_text_lines(seg.text))
            + "\n\n"
        )
    return "".join(out)


def format_vtt(segments: list[Segment], language_code: str | None = None) -> str:
    """Segments as a WebVTT file (text escaped: ``&`` -> ``&amp;``)."""
    out = ["WEBVTT\n" + (f"Language: {language_code}\n" if language_code else "") + "\n"]
    for seg in segments:
        lines = [html.escape(line, quote=False) for line in _text_lines(seg.text)]
        if lines:
            out.append(
                f"{format_vtt_time(seg.start)} --> {format_vtt_time(seg.start + seg.duration)}\n"
                + "\n".join(lines)
                + "\n\n"
            )
    return "".join(out)


def format_json(segments: list[Segment]) -> str:
    """Segments as youtube-transcript-api's raw JSON list (``text``, ``start``, ``duration``)."""
    data = [{"text": s.text, "start": s.start, "duration": s.duration} for s in segments]
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def format_text(segments: list[Segment]) -> str:
    """One caption a line, its line breaks joined by spaces.

    >>> format_text([Segment(start=0, duration=1, text="a\\nb"), Segment(start=1, duration=1, text="c")])
    'a b\\nc\\n'
    """
    lines = [" ".join(s.text.split()) for s in segments]
    return "".join(line + "\n" for line in lines if line)


EXPORT_FORMATS = ("srt", "vtt", "json", "text")


def format_transcript(transcript: Transcript, fmt: str) -> str:
    """``transcript`` written as ``srt``, ``vtt``, ``json`` (raw list) or ``text`` (cleaned).

    SRT, WebVTT and JSON keep the captions as stored, so importing the export gives the
    same captions back; text is ``Transcript.cleaned()``, for reading.
    """
    if fmt == "srt":
        return format_srt(transcript.segments)
    if fmt == "vtt":
        return format_vtt(transcript.segments, transcript.language_code)
    if fmt == "json":
        return format_json(transcript.segments)
    if fmt == "text":
        return format_text(transcript.cleaned().segments)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")


# ---------------------------------------------------------------- files


def language_from_filename(name: str) -> str | None:
    """The language code in a file name like ``NAME.en.vtt`` or ``ID.pt-BR.json``.

    >>> language_from_filename("pdJQ8iVTwj8.en.json"), language_from_filename("talk.srt")
    ('en', None)
    """
    stem = Path(name).name
    stem = stem[: stem.rfind(".")] if "." in stem else stem
    m = _NAME_LANG.search(stem)
    return m.group(1) if m else None


# The first line of an XML caption file: a declaration, a doctype or comment, or the root.
_XML_HEAD = re.compile(r"^<(?:\?xml[\s?]|!DOCTYPE[\s>]|!--|(?:[\w.-]+:)?(?:transcript|timedtext|tt)[\s>/])")
_XML_SUFFIXES = (".xml", ".srv1", ".srv2", ".srv3", ".ttml", ".dfxp")


def detect_format(text: str, filename: str = "") -> str:
    """``"vtt"``, ``"srt"``, ``"sbv"``, ``"json"``, ``"xml"`` (YouTube timedtext, TTML) or ``"text"``
    (timestamped text): by content first, then by the file's extension. Text counts as
    timestamped when one of its first lines opens with a time (``0:05``, ``[00:01:02]``).

    >>> detect_format("WEBVTT\\n"), detect_format("1\\n00:00:01,000 --> 00:00:02,000\\n")
    ('vtt', 'srt')
    >>> detect_format('<?xml version="1.0"?><transcript/>'), detect_format("Transcript\\n0:00\\nhi\\n")
    ('xml', 'text')
    """
    lines = [line for line in _lines(text) if line.strip()]
    head = lines[0].strip() if lines else ""
    if head.startswith("WEBVTT"):
        return "vtt"
    if _XML_HEAD.match(head):
        return "xml"
    if head[:1] in ("[", "{") and _text_time_line(head) is None:  # not "[00:00:12] text"
        return "json"
    if _SBV_TIMING.match(head):
        return "sbv"
    suffix = Path(filename).suffix.lower()
    if suffix in (".srt", ".vtt", ".sbv"):
        return suffix[1:]
    if suffix in (".json", ".json3"):
        return "json"
    if suffix in _XML_SUFFIXES:
        return "xml"
    if _SRT_INDEX.match(head) and len(lines) > 1 and "-->" in lines[1]:
        return "srt"
    if "-->" in head and head[:1] not in ("[", "("):  # (Whisper's "[00:01.000 --> 00:02.000] text")
        return "srt"
    if any(_text_time_line(line) for line in lines[: _TEXT_PREAMBLE + 1]):
        return "text"
    raise TranscriptFormatError(
        filename or "<input>",
        1,
        f"expected an SRT, WebVTT, SBV, JSON, XML (YouTube, TTML) or timestamped text caption file, got {_shorten(head)!r}",
    )


def _decode(data: bytes, filename: str) -> str:
    # Windows tools save UTF-16 with a byte-order mark; everything else must be UTF-8.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TranscriptFormatError(
            filename,
            line,
            f"expected UTF-8 text, got byte 0x{data[exc.start]:02x}; save the file as UTF-8",
        ) from None


def read_transcript_file(
    path: str | os.PathLike,
    *,
    video_id: str,
    language_code: str | None = None,
    is_generated: bool | None = None,
) -> Transcript:
    """The Transcript in a caption file (SRT, WebVTT, youtube-transcript-api JSON, json3,
    Whisper JSON, YouTube's timedtext XML, TTML, timestamped text).

    Language: ``language_code``, else the file name (``NAME.en.vtt``), else what the file
    says (WebVTT ``Language:``, Whisper's ``language``, TTML's ``xml:lang``), else a guess from its function words
    (English, German, French, Spanish, Italian, Portuguese, Dutch), else ``"en"``. ``is_generated``: as given, else True for
    YouTube auto-captions (inline word timings, ASR json3, srv3 word times), Whisper JSON and
    Otter's exports, else False.
    Raises TranscriptFormatError naming the file and line when the file cannot be read.
    """
    filename = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise TranscriptFormatError(filename, None, "no such file") from None
    except IsADirectoryError:
        raise TranscriptFormatError(filename, None, "a folder, not a file") from None
    except OSError as exc:
        raise TranscriptFormatError(filename, None, f"cannot read the file ({exc.strerror})") from None
    text = _decode(data, filename)
    kind = detect_format(text, filename)
    too_long = f"expected times under {MAX_SECONDS // 3600} hours (a week)"
    try:
        if kind == "srt":
            parsed = _Parsed(segments=parse_srt(text, filename))
        elif kind == "sbv":
            parsed = _Parsed(segments=parse_sbv(text, filename))
        elif kind == "vtt":
            parsed = _read_vtt(text, filename)
        elif kind == "xml":
            parsed = _read_xml(text, filename)
        elif kind == "text":
            parsed = _read_text(text, filename)
        else:
            parsed = _read_json(text, filename)
    except OverflowError:
        raise TranscriptFormatError(filename, None, f"{too_long}, got one too large to read") from None
    late = next((s for s in parsed.segments if s.start + s.duration > MAX_SECONDS), None)
    if late is not None:
        raise TranscriptFormatError(filename, None, f"{too_long}, got a caption at {late.start:g} s: {_shorten(late.text)!r}")
    if not parsed.segments:
        raise TranscriptFormatError(filename, None, "expected at least one caption, found none")
    segments = sorted(parsed.segments, key=lambda s: s.start)  # stable: overlaps keep order
    language = (
        language_code
        or language_from_filename(filename)
        or parsed.language_code
        or guess_language(s.text for s in segments)
        or "en"
    )
    if is_generated is None:
        is_generated = bool(parsed.is_generated)
    fields: dict[str, Any] = {}
    if parsed.transcript is not None:
        old = parsed.transcript
        fields = {"title": old.title, "duration": old.duration, "translated_from": old.translated_from}
        if old.language_code == language:
            fields["language"] = old.language
    return Transcript(
        video_id=video_id,
        language_code=language,
        is_generated=is_generated,
        source=f"file:{Path(filename).name}",
        segments=segments,
        **fields,
    )

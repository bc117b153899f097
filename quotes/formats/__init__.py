"""Caption files -> Transcript: SRT, WebVTT (YouTube's rolling auto-captions too), SBV, JSON, json3,
Whisper JSON, YouTube's timedtext XML (srv1, srv2, srv3), TTML/DFXP, and timestamped text as
people copy it from YouTube's "Show transcript" or export it from Otter and the like.

Lenient where real files are messy: a byte-order mark, CRLF line ends, a missing final blank
line or a missing blank line between cues, cue settings (``align:start position:0%``), WebVTT
times without hours (``01:02.500``), NOTE/STYLE/REGION blocks, markup (``<c>``, ``<i>``,
``<font>``) and HTML entities (escaped twice in YouTube's XML), a title before the first time
of a timestamped text. Where a caption cannot be read (an unreadable, out-of-range or negative
time, an end before its start), the readers of caption blocks (SRT, SBV, WebVTT, timedtext XML,
TTML) skip it as players do and note it (``Skipped(line, expected)``), and refuse the file only
when nothing in it can be read. Strict where the file as a whole would be wrong: a JSON caption
without text or start, timestamped text whose times go back, malformed XML or XML declaring
entities, a file past ``MAX_FILE_BYTES``. Every refusal raises
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

One module per family: ``srt`` (SRT, SBV), ``vtt``, ``json`` (raw list, json3, Whisper,
podcast, our stored transcript), ``text`` (timestamped text), ``xml`` (YouTube timedtext),
``ttml``; ``cues`` and ``speakers`` hold what they share, ``writers`` the writers. Format
detection and reading a file are here.

Times are read as whole milliseconds and divided once, so ``parse(format(x)) == x`` exactly.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Callable

from ..errors import FileError, FileTooLarge, TranscriptFileTooLarge, TranscriptFormatError
from ..files import read_bytes
from ..transcript import Transcript
from ..words import guess_language
from .cues import MAX_SECONDS, SRT_INDEX, Parsed, Skipped, shorten, split_lines
from .json import parse_json, read_json
from .srt import SBV_TIMING, parse_sbv, parse_srt, read_sbv, read_srt
from .text import TEXT_PREAMBLE, parse_text, read_text, text_time_line
from .vtt import parse_vtt, read_vtt
from .writers import (
    EXPORT_FORMATS,
    format_json,
    format_srt,
    format_srt_time,
    format_text,
    format_transcript,
    format_vtt,
    format_vtt_time,
)
from .xml import parse_xml, read_xml

__all__ = [
    "read_transcript_file",
    "read_caption_file",
    "read_caption_stream",
    "read_caption_bytes",
    "CaptionFile",
    "Skipped",
    "MAX_FILE_BYTES",
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
    "MAX_SECONDS",
]

_NAME_LANG = re.compile(r"\.([a-z]{2}(?:-[A-Za-z0-9]{2,8})*)$")


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
    lines = [line for line in split_lines(text) if line.strip()]
    head = lines[0].strip() if lines else ""
    if head.startswith("WEBVTT"):
        return "vtt"
    if _XML_HEAD.match(head):
        return "xml"
    if head[:1] in ("[", "{") and text_time_line(head) is None:  # not "[00:00:12] text"
        return "json"
    if SBV_TIMING.match(head):
        return "sbv"
    suffix = Path(filename).suffix.lower()
    if suffix in (".srt", ".vtt", ".sbv"):
        return suffix[1:]
    if suffix in (".json", ".json3"):
        return "json"
    if suffix in _XML_SUFFIXES:
        return "xml"
    if SRT_INDEX.match(head) and len(lines) > 1 and "-->" in lines[1]:
        return "srt"
    if "-->" in head and head[:1] not in ("[", "("):  # (Whisper's "[00:01.000 --> 00:02.000] text")
        return "srt"
    if any(text_time_line(line) for line in lines[: TEXT_PREAMBLE + 1]):
        return "text"
    raise TranscriptFormatError(
        filename or "<input>",
        1,
        f"expected an SRT, WebVTT, SBV, JSON, XML (YouTube, TTML) or timestamped text caption file, got {shorten(head)!r}",
    )


# Byte-order marks of the encodings other than UTF-8 that caption tools save (UTF-32's first,
# since its little-endian mark begins with UTF-16's).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _decode(data: bytes, filename: str) -> str:
    """The text of a caption file: UTF-8, or UTF-16 or UTF-32 with a byte-order mark (as
    Windows tools save them)."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8-sig")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        if encoding != "utf-8-sig":
            expected = f"expected {encoding.upper()} text (it opens with its byte-order mark), got bytes that are not"
        else:
            expected = f"expected UTF-8 text, got byte 0x{data[exc.start]:02x}; save the file as UTF-8"
        raise TranscriptFormatError(filename, line, expected) from None


# No transcript comes near this size (a 3.5-hour one is a few MB); past it a file is damaged or
# endless (/dev/zero), and reading stops.
MAX_FILE_BYTES = 200_000_000

_READERS: dict[str, Callable[[str, str], Parsed]] = {
    "srt": read_srt,
    "sbv": read_sbv,
    "vtt": read_vtt,
    "xml": read_xml,
    "text": read_text,
    "json": read_json,
}


@dataclass(frozen=True)
class CaptionFile:
    """What ``read_caption_file`` read: the transcript, and the parts of the file it skipped
    because they could not be read (as players skip them), each with its line."""

    transcript: Transcript
    skipped: list[Skipped]


def _read_bytes(path: str | os.PathLike, filename: str) -> bytes:
    """The file's bytes, at most MAX_FILE_BYTES of them (else TranscriptFileTooLarge)."""
    try:
        return read_bytes(path, limit=MAX_FILE_BYTES)
    except FileTooLarge:
        raise TranscriptFileTooLarge(filename, MAX_FILE_BYTES) from None
    except FileError as exc:  # missing, a folder, unreadable
        raise TranscriptFormatError(filename, None, exc.why) from None


def _parse(text: str, filename: str) -> Parsed:
    """The captions of ``text`` read by the reader of its format; a time too large for a
    video, or no caption at all, is an error."""
    kind = detect_format(text, filename)
    too_long = f"expected times under {MAX_SECONDS // 3600} hours (a week)"
    try:
        parsed = _READERS[kind](text, filename)
    except OverflowError:
        raise TranscriptFormatError(filename, None, f"{too_long}, got one too large to read") from None
    late = next((s for s in parsed.segments if s.start + s.duration > MAX_SECONDS), None)
    if late is not None:
        raise TranscriptFormatError(filename, None, f"{too_long}, got a caption at {late.start:g} s: {shorten(late.text)!r}")
    if not parsed.segments:
        raise TranscriptFormatError(filename, None, "expected at least one caption, found none")
    return parsed


def read_caption_file(
    path: str | os.PathLike,
    *,
    video_id: str,
    language_code: str | None = None,
    is_generated: bool | None = None,
) -> CaptionFile:
    """The Transcript in a caption file (SRT, WebVTT, youtube-transcript-api JSON, json3,
    Whisper JSON, YouTube's timedtext XML, TTML, timestamped text), and what was skipped.

    Language: ``language_code``, else the file name (``NAME.en.vtt``), else what the file
    says (WebVTT ``Language:``, Whisper's ``language``, TTML's ``xml:lang``), else a guess from its function words
    (English, German, French, Spanish, Italian, Portuguese, Dutch), else ``"en"``. ``is_generated``: as given, else True for
    YouTube auto-captions (inline word timings, ASR json3, srv3 word times), Whisper JSON and
    Otter's exports, else False.
    A caption (or block) that cannot be read is skipped and listed in ``skipped``, as players
    skip it. Raises TranscriptFormatError naming the file and line when nothing in the file
    can be read, and TranscriptFileTooLarge past MAX_FILE_BYTES.
    """
    filename = str(path)
    return read_caption_bytes(
        _read_bytes(path, filename), filename, video_id=video_id, language_code=language_code,
        is_generated=is_generated, source=f"file:{Path(filename).name}",
    )


def read_caption_stream(
    stream: BinaryIO,
    name: str = "<stdin>",
    *,
    video_id: str,
    language_code: str | None = None,
    is_generated: bool | None = None,
) -> CaptionFile:
    """``read_caption_file`` of what ``stream`` gives (standard input: ``quotes import -``),
    read up to MAX_FILE_BYTES, so that an endless stream ends; errors name ``name:LINE``."""
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise TranscriptFileTooLarge(name, MAX_FILE_BYTES)
    return read_caption_bytes(
        data, name, video_id=video_id, language_code=language_code, is_generated=is_generated, source="stdin"
    )


def read_caption_bytes(
    data: bytes,
    filename: str,
    *,
    video_id: str,
    language_code: str | None = None,
    is_generated: bool | None = None,
    source: str | None = None,
) -> CaptionFile:
    """``read_caption_file`` of bytes already read; ``filename`` names them in errors and may
    tell the format and language (``NAME.en.vtt``)."""
    parsed = _parse(_decode(data, filename), filename)
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
    transcript = Transcript(
        video_id=video_id,
        language_code=language,
        is_generated=is_generated,
        source=source or f"file:{Path(filename).name}",
        segments=segments,
        **fields,
    )
    return CaptionFile(transcript, list(parsed.skipped))


def read_transcript_file(
    path: str | os.PathLike,
    *,
    video_id: str,
    language_code: str | None = None,
    is_generated: bool | None = None,
) -> Transcript:
    """The Transcript in a caption file: ``read_caption_file`` without what was skipped."""
    return read_caption_file(path, video_id=video_id, language_code=language_code, is_generated=is_generated).transcript

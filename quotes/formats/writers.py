"""Transcripts written as SRT, WebVTT, youtube-transcript-api JSON or plain text."""

from __future__ import annotations

import html
import json

from ..transcript import Segment, Transcript


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

"""Times as editors write them (``13:23``, ``1:26:50``, ``803``, ``1h2m3s``) <-> float seconds.

Only the edges of the program deal in text; everything inside works in float seconds.
"""

from __future__ import annotations

import math
import re

from .errors import TimecodeError

__all__ = ["parse_timecode", "format_timecode", "find_timecodes", "timecode_like"]

# ---------------------------------------------------------------- times in prose: the pieces
# Every reader of prose (the document reader, import-doc, URLs) builds its patterns from these
# pieces. Each pattern keeps its own boundaries, on purpose: a time found to be rewritten
# (``find_timecodes``) must be whole, while a time blanked out of a title or a label may sit
# against any punctuation.

CLOCK = r"\d{1,2}(?::\d{2}){1,2}"  # 13:23, 1:26:50
CLOCK_ANY_HOURS = r"(?:\d+:)?\d{1,2}:\d{2}"  # 13:23, 1:26:50, 100:26:50 (a range's end, a label)
UNITS = r"\d{1,2}h(?:\s?\d{1,2}m(?:\s?\d{1,2}s)?)?|\d{1,3}m\s?\d{1,2}s"  # 1h, 1h 40m, 1h40m12s, 40m12s
DASH = r"(?:-|\u2013|\u2014)"  # between the two times of a range: - (en dash) (em dash)
RANGE_WORD = rf"(?:{DASH}|to|until)"  # ... or a word: "0:44 to 1:27"

# A time in a heading, blanked out of its title: 13:23, 1h2m, 1h2m3s, 2m3s.
HEADING_TIME = re.compile(rf"\b{CLOCK}\b|\b\d+h\d+m(?:\d+s)?\b|\b\d+m\d+s\b")
# Anything that looks like a time, so that it is not taken for words: ... and 90s.
TIME_LIKE = re.compile(rf"\b{CLOCK}\b|\b\d+h\d+m\d+s\b|\b\d+m\d+s\b|\b\d+s\b", re.I)
# A clock time that opens a line of a chapter list, after a bullet or a bracket.
OPENING_TIME = re.compile(rf"\s*(?:[-*+\u2022]\s+)?[(\[]?{CLOCK}(?!\d)")
# The second time of a range after the first: "12:34-13:10", "0:44 to 1:27".
RANGE_END = re.compile(rf"[ \t]*{RANGE_WORD}[ \t]*{CLOCK_ANY_HOURS}(?![\d])", re.I)
# A time in a link's label or title, in either form (the clock's hours may be many).
TIME_IN_TEXT = re.compile(rf"\b{CLOCK}\b|\b(?:{UNITS})\b")
# The time that ends a label: "Interview 13:23", "Talk 1h 2m".
LABEL_TIME = re.compile(rf"^(?P<label>.*?)[ \t]*(?P<time>{CLOCK_ANY_HOURS}|{UNITS})$")
# A URL's time (``t=``, ``start=``): 803, 803s, 803.5, 13m23s, 1h2m3s, 13:23.
URL_TIME = re.compile(r"^(?:\d+(?:\.\d+)?s?|(?:\d+h)?(?:\d+m)?(?:\d+s)?|\d+(?::\d{1,2}){1,2})$", re.I)

_FRACTION = r"(?:[.,]\d+)?"
# 1:26:50, 13:23, 0:05.5 -- the first field may have any number of digits ("90:00").
_COLON = re.compile(rf"^(?:(\d+):)?(\d+):(\d{{1,2}}{_FRACTION})$")
# 1h2m3s, 1h 2m 3s, 2m, 90s, 1h, 1m30.5s
_UNITS = re.compile(
    rf"^(?=\d)(?:(\d+{_FRACTION})h\s*)?(?:(\d+{_FRACTION})m\s*)?(?:(\d+{_FRACTION})s?)?$", re.I
)


def _num(text: str | None) -> float:
    return float(text.replace(",", ".")) if text else 0.0


def parse_timecode(value: str | float | int) -> float:
    """Seconds in a time written ``H:MM:SS``, ``MM:SS``, ``SS``, ``1h2m3s`` (fractions allowed).

    >>> parse_timecode("1:26:50")
    5210.0
    >>> parse_timecode("13:23")
    803.0
    >>> parse_timecode("1m30s")
    90.0
    >>> parse_timecode("803")
    803.0
    """
    if isinstance(value, bool):
        raise TimecodeError(str(value), "not a time")
    if isinstance(value, (int, float)):
        if not math.isfinite(value) or value < 0:
            raise TimecodeError(str(value), "times must be zero or more seconds")
        return float(value)
    text = str(value).strip()
    if not text:
        raise TimecodeError(text, "empty")
    if len(text) > 40:  # ("?t=" and hundreds of digits: no time, and too big for a float)
        raise TimecodeError(text[:20] + "...", f"{len(text):,} characters long, too long for a time")
    m = _COLON.match(text)
    if m:
        hours, minutes, seconds = m.groups()
        if hours is not None and int(minutes) >= 60:
            raise TimecodeError(text, "minutes must be below 60")
        if _num(seconds) >= 60:
            raise TimecodeError(text, "seconds must be below 60")
        return _bounded(text, _num(hours) * 3600 + int(minutes) * 60 + _num(seconds))
    m = _UNITS.match(text)
    if m and any(m.groups()):
        h, mnt, s = m.groups()
        return _bounded(text, _num(h) * 3600 + _num(mnt) * 60 + _num(s))
    raise TimecodeError(text)


# No video runs this long (about 31 years): a larger time is a slip of the keyboard.
MAX_SECONDS = 1e9


def _bounded(text: str, seconds: float) -> float:
    if not seconds < MAX_SECONDS:
        raise TimecodeError(text, "more time than any video runs")
    return seconds


def format_timecode(seconds: float, *, always_hours: bool = False, fraction: bool = False) -> str:
    """Format seconds the way editors write them: ``13:23``, ``1:26:50``, ``0:05``.

    Whole seconds are rounded down, so a link to 803.9 s is labelled 13:23 and ``?t=803``.

    >>> format_timecode(803)
    '13:23'
    >>> format_timecode(5210)
    '1:26:50'
    >>> format_timecode(5)
    '0:05'
    >>> format_timecode(5.25, fraction=True)
    '0:05.250'
    """
    if seconds < 0 or not math.isfinite(seconds):
        raise TimecodeError(str(seconds), "times must be zero or more seconds")
    whole = int(math.floor(seconds + 1e-9))
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    text = f"{h}:{m:02d}:{s:02d}" if h or always_hours else f"{m}:{s:02d}"
    if fraction:
        # Milliseconds rounded down like the seconds, so 3599.9999 is 59:59.999, never
        # 59:59.100 (rounding 999.9 up to 1000 and cutting it to three digits).
        millis = min(int(math.floor((seconds - whole) * 1000 + 1e-6)), 999)
        text += f".{millis:03d}" if millis > 0 else ""
    return text


def format_seconds_param(seconds: float) -> str:
    """Whole seconds for a URL's ``t=``: ``803``."""
    return str(int(math.floor(seconds + 1e-9)))


def timecode_like(old: str | None, seconds: float, *, url: bool = False) -> str:
    """``seconds`` written the way ``old`` was.

    In prose (a link's label, a chapter line): ``13:23``, ``1:26:50``, ``0:13:23``, ``03:05``,
    ``1h40m12s``, ``13m 23s``. In a URL's ``t=`` (``url``): ``803``, ``803s`` or ``13m23s``
    (there every unit down to the seconds is written, and ``1:30`` becomes ``90``).

    >>> timecode_like("22:21", 1677)
    '27:57'
    >>> timecode_like("0:05:00", 803)
    '0:13:23'
    >>> timecode_like("03:05", 65)
    '01:05'
    >>> timecode_like("1:40:00", 3208)  # hours written because there were some, not by style
    '53:28'
    >>> timecode_like("1h40m", 6012), timecode_like("1h 40m", 803)
    ('1h40m12s', '13m 23s')
    >>> timecode_like("803s", 60, url=True), timecode_like("1m", 3600, url=True), timecode_like(None, 5.5, url=True)
    ('60s', '1h0m0s', '5')
    """
    whole = int(math.floor(seconds + 1e-9))
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    if url:
        if old and re.search(r"[hm]", old, re.I):
            return (f"{h}h" if h else "") + (f"{m}m" if (h or m) else "") + f"{s}s"
        return f"{whole}s" if old and old.lower().endswith("s") else str(whole)
    old = old or ""
    if ":" not in old and old[:1].isdigit():  # units: 1h40m, 40m12s
        parts = [f"{h}h"] if h else []
        if m or (h and s) or not h:
            parts.append(f"{m}m")
        if s or not (h or m):
            parts.append(f"{s}s")
        return (" " if " " in old.strip() else "").join(parts)
    fields = old.split(":")
    zero_hours = len(fields) == 3 and fields[0].isdigit() and int(fields[0]) == 0
    text = format_timecode(seconds, always_hours=zero_hours)
    if len(fields[0]) == 2 and fields[0].startswith("0"):
        first, _, rest_text = text.partition(":")
        text = f"{int(first):02d}:{rest_text}"
    return text


# A timecode inside prose: 13:23, 1:26:50 (not part of a longer number or a ratio like 16:9:1).
# ("5:56: Topic" is 5:56; "14:05.5" is no whole time to rewrite; digits are ASCII, not "２:２０".)
_IN_TEXT = re.compile(r"(?<![\d:.])(\d{1,2}:)?(\d{1,2}):(\d{2})(?!\d|:\d|[.,]\d)", re.ASCII)
# ... or in units, as YouTube's own "t=1h40m12s" writes it: 1h40m, 1h 40m 12s, 40m12s, 2h.
# A lone "40m" or "12s" is not taken: in prose that is a distance, an amount or a size.
_UNITS_IN_TEXT = re.compile(
    r"(?<![\w.])(?:(\d{1,2})h(?:\s?(\d{1,2})m(?:\s?(\d{1,2})s)?)?|(\d{1,3})m\s?(\d{1,2})s)(?![\w.])",
    re.I | re.ASCII,
)


def find_timecodes(text: str) -> list[tuple[int, int, float]]:
    """Every ``M:SS``/``H:MM:SS`` (or ``1h40m``, ``1h40m12s``, ``40m12s``) written in ``text``:
    (start index, end index, seconds), in order.

    >>> find_timecodes("Interview 1:26:50 and 13:23")
    [(10, 17, 5210.0), (22, 27, 803.0)]
    >>> find_timecodes("Interview 1h40m")
    [(10, 15, 6000.0)]
    """
    found = []
    for m in _IN_TEXT.finditer(text):
        hours, minutes, seconds = m.groups()
        if int(seconds) >= 60 or (hours and int(minutes) >= 60):
            continue
        total = (int(hours[:-1]) * 3600 if hours else 0) + int(minutes) * 60 + int(seconds)
        found.append((m.start(), m.end(), float(total)))
    for m in _UNITS_IN_TEXT.finditer(text):
        hours, minutes, seconds, only_minutes, only_seconds = m.groups()
        minutes = minutes or only_minutes
        seconds = seconds or only_seconds
        if int(seconds or 0) >= 60 or (hours and int(minutes or 0) >= 60):
            continue
        total = int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds or 0)
        found.append((m.start(), m.end(), float(total)))
    return sorted(found)

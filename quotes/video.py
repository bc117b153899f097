"""YouTube video URLs: every form editors paste -> video id and time; deep links back out.

Standard library only. Lenient on purpose: editors paste links from the share button, the
address bar, phones, embeds and YouTube Music, with tracking parameters attached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from .errors import TimecodeError, VideoURLError
from .timecode import URL_TIME as _URL_TIME
from .timecode import format_seconds_param, parse_timecode, timecode_like

__all__ = [
    "VideoLink",
    "parse_video_url",
    "video_id_of",
    "is_youtube_url",
    "deep_link",
    "embed_link",
    "with_time",
    "parse_url_time",
]

_ID = r"[A-Za-z0-9_-]{11}"
ID_RE = re.compile(rf"^{_ID}$")
_HOSTS = re.compile(
    r"^(?:(?:www|m|music|gaming)\.)?(?:youtube\.com|youtube-nocookie\.com|youtu\.be)$", re.I
)
# Path forms that carry the id: /shorts/ID, /live/ID, /embed/ID, /v/ID, /e/ID
_PATH_ID = re.compile(rf"^/(?:shorts|live|embed|v|e)/({_ID})(?:[/?&#]|$)")
# A time YouTube accepts: 90, 90s, 1m30s, 1h2m3s; editors also write 1:30.


@dataclass
class VideoLink:
    """A YouTube link taken apart: the id, the time it starts at, and what is wrong with it."""

    url: str
    video_id: str
    t: float | None = None
    time_key: str | None = None  # "t" or "start", as written
    time_text: str | None = None  # the time exactly as written, e.g. "803s"
    short: bool = False  # youtu.be/ID form
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_url_time(text: str) -> float:
    """Seconds in a URL time value: ``90``, ``90s``, ``1m30s``, ``1h2m3s``, ``1:30``.

    >>> parse_url_time("1m30s")
    90.0
    """
    text = text.strip()
    if not text or not _URL_TIME.match(text):
        raise TimecodeError(text, "not a YouTube time such as 90, 90s or 1m30s")
    return parse_timecode(text)


def is_youtube_url(text: str) -> bool:
    """True when ``text`` is a URL on a YouTube host (it may still be broken)."""
    try:
        parts = urlsplit(_with_scheme(text.strip()))
    except ValueError:
        return False
    return bool(parts.hostname and _HOSTS.match(parts.hostname))


def _with_scheme(text: str) -> str:
    if "://" not in text and re.match(r"^(?:[\w-]+\.)*(?:youtube|youtube-nocookie|youtu)\.", text, re.I):
        return "https://" + text
    return text


def parse_video_url(text: str) -> VideoLink:
    """Take apart a YouTube URL or bare id; raise VideoURLError when it names no video.

    >>> link = parse_video_url("https://www.youtube.com/watch?v=pdJQ8iVTwj8&t=1m30s")
    >>> link.video_id, link.t
    ('pdJQ8iVTwj8', 90.0)
    >>> parse_video_url("https://www.youtube.com/watch?v=pdJQ8iVTwj8?t=483").problems[0][:45]
    "the second '?' hides the time from YouTube (w"
    """
    raw = text.strip()
    if ID_RE.match(raw):
        return VideoLink(url=raw, video_id=raw)
    try:
        parts = urlsplit(_with_scheme(raw))
    except ValueError as exc:
        raise VideoURLError(raw, str(exc)) from None
    host = parts.hostname or ""
    if not _HOSTS.match(host):
        raise VideoURLError(raw, "not a youtube.com or youtu.be address")
    problems: list[str] = []
    short = host.lower().endswith("youtu.be")
    find_id = _short_link_id if short else _long_link_id
    video_id, query = find_id(raw, parts.path, parts.query, problems)
    if video_id is None:
        raise VideoURLError(raw, "no video id in it")
    if "?" in query and _time_keys(query.replace("?", "&")) - _time_keys(query):
        # youtu.be/ID?si=X?t=90 (a share link with a time typed after it): YouTube reads
        # "X?t=90" as the value of si and never sees the time.
        problems.append(
            f"the second '?' hides the time from YouTube (write {_repair_separators(raw)})"
        )
        query = query.replace("?", "&")
    link = VideoLink(url=raw, video_id=video_id, short=short, problems=problems)
    _read_time(link, query, parts.fragment)
    return link


def _short_link_id(raw: str, path: str, query: str, problems: list[str]) -> tuple[str | None, str]:
    """The video id of a ``youtu.be/ID`` link, and the query as YouTube will read it."""
    m = re.match(rf"^/({_ID})(.*)$", path)
    if not m:
        return None, query
    video_id, rest = m.groups()
    if rest.startswith("&"):
        # youtu.be/ID&t=90: there is no query, YouTube sees no time
        problems.append(
            "'&' after the id where '?' belongs: YouTube ignores what follows "
            f"(write https://youtu.be/{video_id}?{rest[1:]})"
        )
        query = rest[1:] + ("&" + query if query else "")
    elif rest not in ("", "/"):
        raise VideoURLError(raw, f"unexpected {rest!r} after the video id")
    return video_id, query


def _long_link_id(raw: str, path: str, query: str, problems: list[str]) -> tuple[str | None, str]:
    """The video id of a ``youtube.com`` link (``watch?v=``, ``shorts/``, ``embed/``, ...), and
    the query as YouTube will read it."""
    m = _PATH_ID.match(path)
    if m:
        return m.group(1), query
    if path.rstrip("/") not in ("/watch", "/attribution_link"):
        return None, query
    v = dict(parse_qsl(query, keep_blank_values=True)).get("v", "")
    if "?" in v and ID_RE.match(v.split("?", 1)[0]):
        video_id, extra = v.split("?", 1)
        what = "hides the time from YouTube" if _time_keys(extra) else "belongs to no parameter"
        problems.append(
            f"the second '?' {what} "
            f"(write https://www.youtube.com/watch?v={video_id}&{extra})"
        )
        return video_id, query.replace(f"v={v}", f"v={video_id}&{extra}", 1)
    return (v if ID_RE.match(v) else None), query


def _read_time(link: VideoLink, query: str, fragment: str) -> None:
    """Set the link's time from its query (``?t=90``) or fragment (``#t=90``); the query wins."""
    for source in (query, fragment):
        for key, value in parse_qsl(source, keep_blank_values=True):
            if key in _TIME_KEYS and link.time_key is None:
                link.time_key, link.time_text = key, value
                try:
                    link.t = parse_url_time(value)
                except TimecodeError:
                    shown = value if len(value) <= 40 else value[:20] + "..."
                    link.problems.append(f"{key}={shown!r} is not a time YouTube understands")
    if link.time_key is not None:
        return
    # ?T=803: YouTube's keys are case-sensitive, so the video starts at 0:00. Read the
    # time the editor meant, and say so: a link that silently starts at 0:00 is broken.
    for source in (query, fragment):
        for key, value in parse_qsl(source, keep_blank_values=True):
            if key.lower() in _TIME_KEYS and link.time_key is None:
                try:
                    link.t = parse_url_time(value)
                except TimecodeError:
                    continue  # not a time either: just some other parameter
                link.time_key, link.time_text = key, value
                link.problems.append(
                    f"YouTube ignores {key}={value}: time keys are lowercase (write {key.lower()}={value})"
                )


_TIME_KEYS = ("t", "start", "time_continue")


def _time_keys(query: str) -> set[str]:
    return {k for k, _ in parse_qsl(query, keep_blank_values=True) if k in _TIME_KEYS}


def _repair_separators(url: str) -> str:
    """``url`` with ``youtu.be/ID&`` -> ``youtu.be/ID?`` and every '?' after the first -> '&'."""
    head, hash_, frag = url.partition("#")
    head = re.sub(rf"(youtu\.be/{_ID})&", r"\1?", head, count=1, flags=re.I)
    first, q, rest = head.partition("?")
    return first + q + rest.replace("?", "&") + hash_ + frag


def video_id_of(text: str) -> str:
    """The 11-character video id in a URL or bare id."""
    return parse_video_url(text).video_id


def deep_link(video_id: str, t: float | None = None, style: str = "short") -> str:
    """A link that starts the video at ``t``.

    ``style`` is ``short`` (https://youtu.be/ID?t=803), ``long``
    (https://www.youtube.com/watch?v=ID&t=803s) or ``embed``.

    >>> deep_link("pdJQ8iVTwj8", 803.4)
    'https://youtu.be/pdJQ8iVTwj8?t=803'
    >>> deep_link("pdJQ8iVTwj8", 803, "long")
    'https://www.youtube.com/watch?v=pdJQ8iVTwj8&t=803s'
    """
    if style == "embed":
        return embed_link(video_id, t)
    if style == "long":
        base = f"https://www.youtube.com/watch?v={video_id}"
        return base + (f"&t={format_seconds_param(t)}s" if t is not None else "")
    if style != "short":
        raise ValueError(f"unknown link style {style!r}: use short, long or embed")
    base = f"https://youtu.be/{video_id}"
    return base + (f"?t={format_seconds_param(t)}" if t is not None else "")


def embed_link(video_id: str, t: float | None = None) -> str:
    """An embed URL: ``https://www.youtube.com/embed/ID?start=803``."""
    base = f"https://www.youtube.com/embed/{video_id}"
    return base + (f"?start={format_seconds_param(t)}" if t is not None else "")


def with_time(url: str, seconds: float) -> str:
    """``url`` pointing at ``seconds``, keeping its form (host, ``t=803`` vs ``t=803s``).

    A misplaced ``?`` or ``&`` that hides the time from YouTube is repaired.

    >>> with_time("https://youtu.be/pdJQ8iVTwj8?t=1521", 1677)
    'https://youtu.be/pdJQ8iVTwj8?t=1677'
    >>> with_time("https://www.youtube.com/watch?v=pdJQ8iVTwj8?t=483", 490)
    'https://www.youtube.com/watch?v=pdJQ8iVTwj8&t=490'
    """
    link = parse_video_url(url)
    if ID_RE.match(url.strip()):
        # A bare id is no URL to keep the form of: give the short deep link.
        return deep_link(link.video_id, seconds)
    # Repair separators first, then read the repaired link again: a time that was hidden
    # behind a second '?' is now a parameter of its own.
    out = _repair_separators(url.strip())
    link = parse_video_url(out)
    if link.time_key is None:
        sep = "&" if "?" in out.split("#", 1)[0] else "?"
        key = "start" if "/embed/" in out else "t"
        value = timecode_like("s" if "watch?" in out else None, seconds, url=True)
        if "#" in out:
            head, frag = out.split("#", 1)
            return f"{head}{sep}{key}={value}#{frag}"
        return f"{out}{sep}{key}={value}"
    # The first time parameter is the one parse_video_url read (the query comes before the
    # fragment). Match its raw value, not link.time_text: that one is percent-decoded.
    pattern = re.compile(rf"([?&#]){re.escape(link.time_key)}=[^&#]*")
    new_value = timecode_like(link.time_text, seconds, url=True)
    key = link.time_key.lower()  # ?T=803 -> ?t=...: YouTube reads only lowercase keys
    return pattern.sub(lambda m: f"{m.group(1)}{key}={new_value}", out, count=1)

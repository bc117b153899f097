"""What YouTube knows about a video: title, channel, upload date, duration, chapters.

``VideoInfo`` is stored beside the video's transcripts as ``<dir>/<id>.info.json`` (written
atomically, read back with a clear error when damaged). yt-dlp fills it (``quotes.ytdlp``);
youtube-transcript-api knows none of it. ``label_from`` fills a label template such as
``"{upload_date} {channel} Interview"``; ``chapter_differences`` compares a page's chapters
with the video's own.
"""

from __future__ import annotations

import os
import re
import string
from datetime import date, datetime, timezone
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from .errors import FileMissing, LabelTemplateError
from .files import atomic_write_text, read_cached
from .timecode import format_timecode

__all__ = [
    "CHAPTER_TOLERANCE",
    "DEFAULT_LABEL",
    "Chapter",
    "VideoInfo",
    "chapter_differences",
    "chapter_warnings",
    "label_from",
    "load_info",
    "named_as_chapters",
    "save_info",
]

# The label `quotes new` writes when none is given (its template is shown in the file).
DEFAULT_LABEL = "{upload_date} {channel} Interview"
# A chapter of the page more than this many seconds from the video's own chapter of the same
# title is a finding: YouTube's chapter starts are whole seconds, editors round by a second or two.
CHAPTER_TOLERANCE = 3.0


class Chapter(BaseModel):
    """One chapter of the video, as its description lists it."""

    model_config = ConfigDict(extra="forbid")

    title: str
    start: float = Field(ge=0)
    end: float | None = Field(default=None, ge=0)


class VideoInfo(BaseModel):
    """The facts about one video (every field but the id may be unknown)."""

    model_config = ConfigDict(extra="forbid")

    video_id: str
    title: str | None = None
    channel: str | None = None
    upload_date: date | None = None
    duration: float | None = Field(default=None, ge=0)
    chapters: list[Chapter] = []
    source: str = "yt-dlp"
    fetched_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))

    def variables(self) -> dict[str, object]:
        """The facts as template variables (``upload_date`` as ``2023-06-02``; unknown: ``""``).

        >>> VideoInfo(video_id="x", channel="Lex", upload_date="2023-06-02").variables()["upload_date"]
        '2023-06-02'
        """
        return {
            "title": self.title or "",
            "channel": self.channel or "",
            "upload_date": self.upload_date.isoformat() if self.upload_date else "",
            "duration": self.duration,
            "chapters": [c.model_dump() for c in self.chapters],
        }


def info_path(directory: str | os.PathLike, video_id: str) -> Path:
    return Path(directory) / f"{video_id}.info.json"


def save_info(directory: str | os.PathLike, info: VideoInfo) -> Path:
    """Store ``info`` as ``<directory>/<id>.info.json`` (atomically)."""
    path = info_path(directory, info.video_id)
    atomic_write_text(path, info.model_dump_json(indent=1) + "\n")
    return path


def load_info(directory: str | os.PathLike, video_id: str) -> VideoInfo | None:
    """The cached facts about ``video_id``, None when not cached; CacheCorrupted when damaged."""
    path = info_path(directory, video_id)
    try:
        return read_cached(path, VideoInfo)
    except FileMissing:
        return None


_FIELDS = ("title", "channel", "upload_date", "year", "video_id")


def label_from(template: str, info: VideoInfo | None) -> str:
    """``template`` with ``{upload_date}``, ``{channel}``, ``{title}``, ``{year}``, ``{video_id}``
    filled in from ``info``; an unknown fact leaves its place empty (spaces closed up).

    >>> info = VideoInfo(video_id="pdJQ8iVTwj8", channel="Lex Fridman", upload_date="2023-06-02")
    >>> label_from("{upload_date} {channel} Interview", info)
    '2023-06-02 Lex Fridman Interview'
    >>> label_from("{upload_date} {channel} Interview", VideoInfo(video_id="x"))
    'Interview'
    """
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        raise LabelTemplateError(f"cannot read the label template {template!r}: {exc}") from None
    unknown = [n for n in names if n not in _FIELDS]
    if unknown:
        raise LabelTemplateError(
            f"the label template {template!r} names {{{unknown[0]}}}; "
            f"it may name {', '.join('{' + f + '}' for f in _FIELDS)}"
        )
    facts = info or VideoInfo(video_id="")
    values = {
        "title": facts.title or "",
        "channel": facts.channel or "",
        "upload_date": facts.upload_date.isoformat() if facts.upload_date else "",
        "year": str(facts.upload_date.year) if facts.upload_date else "",
        "video_id": facts.video_id,
    }
    # (A template with format specs or conversions would have raised above as unknown names
    # only if named wrong; "{channel!r}" is refused here rather than printed with quotes.)
    try:
        text = template.format(**values)
    except (ValueError, IndexError, KeyError) as exc:
        raise LabelTemplateError(f"cannot fill the label template {template!r}: {exc}") from None
    return re.sub(r"\s{2,}", " ", text).strip()


def chapter_differences(
    page: list[tuple[str, float]], video: list[Chapter], tolerance: float = CHAPTER_TOLERANCE
) -> list[tuple[int, str, float, float]]:
    """The page's chapters ``(title, start)`` whose start is more than ``tolerance`` seconds
    from the video's own chapter of the same title (compared without case, spaces or
    punctuation at the ends): ``(index in page, the video's title, page start, video start)``.

    >>> chapter_differences([("Intro", 0), ("julia.", 95)], [Chapter(title="Intro", start=0), Chapter(title="Julia", start=130)])
    [(1, 'Julia', 95, 130.0)]
    """
    own: dict[str, Chapter] = {}
    for chapter in video:
        own.setdefault(_title_key(chapter.title), chapter)
    found = []
    for i, (title, start) in enumerate(page):
        theirs = own.get(_title_key(title))
        if theirs is not None and abs(theirs.start - start) > tolerance:
            found.append((i, theirs.title, start, theirs.start))
    return found


def _title_key(title: str) -> str:
    return re.sub(r"\s+", " ", title.casefold()).strip(" \t-–—:.,;!?\"'")


def named_as_chapters(page: list[tuple[str, float]], chapters: list[Chapter]) -> int:
    """How many of the page's lines ``(title, start)`` carry the title of one of ``chapters``."""
    return len(chapter_differences(page, chapters, tolerance=-1.0))  # (every title in common)


def chapter_warnings(sections: list[tuple[str, float]], facts: VideoInfo | None) -> list[str]:
    """For ``render -t chapters``: where the file's chapters ``(title, start)`` disagree with the
    video's own (both lists must share two titles or more, else they are different lists)."""
    if facts is None or named_as_chapters(sections, facts.chapters) < 2:
        return []
    return [
        f"chapter {i + 1} ({title!r}) starts at {format_timecode(page)}, the video's own chapter of "
        f"that title at {format_timecode(video)}"
        for i, title, page, video in chapter_differences(sections, facts.chapters)
    ]

"""A page's chapters against the video's own (``quotes.videoinfo``), for verify (render's
warnings are ``videoinfo.chapter_warnings``).

A page lists chapters when two or more of its timestamped lines (a chapter list's lines,
``0:00 Intro``, or list items opened by a link, ``- [1:35](...) Julia``) are titled exactly as
chapters of the video (compared without case, surrounding punctuation or repeated spaces).
Each of those more than ``CHAPTER_TOLERANCE`` seconds from the video's chapter of the same
title is a ``chapter-mismatch``: one of the two lists is wrong, and nothing tells which, so
it is never fixed automatically. Titles the video does not have are not judged.
"""

from __future__ import annotations

from collections.abc import Callable

from .timecode import format_timecode
from .verify import LinkReport, Problem, ProblemKind
from .videoinfo import VideoInfo, chapter_differences, named_as_chapters

__all__ = ["check_chapters"]

_CHAPTER_PLACES = ("line", "opens")  # where a link or time stands for its own line's title


def _describe(title: str, page: float, video: float) -> str:
    gap = video - page
    side = "after" if gap > 0 else "before"
    return (
        f"the video's own chapter {title!r} starts at {format_timecode(video)}, "
        f"{abs(gap):g} s {side} this line's {format_timecode(page)}"
    )


def check_chapters(reports: list[LinkReport], facts_of: Callable[[str], VideoInfo | None]) -> None:
    """Add a chapter-mismatch finding to each report of a chapter line whose time is off from
    the video's own chapter of the same title (``facts_of(video_id)``: cached facts or None)."""
    by_video: dict[str, list[LinkReport]] = {}
    for r in reports:
        if r.link.place in _CHAPTER_PLACES and r.link.video_id and r.link.t is not None:
            by_video.setdefault(r.link.video_id, []).append(r)
    for video_id, candidates in by_video.items():
        facts = facts_of(video_id)
        if facts is None or not facts.chapters:
            continue
        page = [(r.link.section.strip(), r.link.t) for r in candidates]
        named = named_as_chapters(page, facts.chapters)
        if named < 2:  # one title in common is a coincidence, not a chapter list
            continue
        for i, title, page_t, video_t in chapter_differences(page, facts.chapters):
            candidates[i].problems.append(
                Problem(ProblemKind.CHAPTER_MISMATCH, _describe(title, page_t, video_t))
            )
